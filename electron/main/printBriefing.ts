/**
 * Electron's print of the briefing: the same page the CLI prints (briefing.html), opened in a
 * hidden window with the app's secure webPreferences (sandbox, context isolation, the preload as
 * the only bridge), so the layout and the API path are the same; `webContents.printToPDF` writes
 * the PDF at the model's paper size. The window's session is the app's, whose request filter
 * already refuses anything but app://. Not run in CI (no display); the helpers are unit-tested.
 */
import fs from 'node:fs';
import { BrowserWindow } from 'electron';
import type { Backend } from '../node/backend.ts';
import { recordBriefingPrint } from '../node/briefing/briefingModel.ts';
import { UserError } from '../../shared/errors.ts';
import { pageInches, type BriefingOptions } from '../../shared/report/options.ts';
import type { BriefingModel } from '../../shared/report/model.ts';
import { buildWindowOptions } from './windowOptions.ts';
import { briefingUrl, printToPdfOptions } from './printBriefingOptions.ts';

const CSS_PX_PER_IN = 96;
const READY_TIMEOUT_MS = 180_000;

type ModelDigest = Pick<BriefingModel, 'title' | 'banner' | 'page' | 'extent' | 'dtg' | 'provenance' | 'incidentCount'>;

export async function printBriefingToPdf(req: {
  backend: Backend;
  preloadPath: string;
  options: BriefingOptions;
  out: string;
}): Promise<{ out: string; auditId: number }> {
  const size = req.options.page ?? 'letter';
  const orientation = req.options.orientation ?? 'portrait';
  const { width, height } = pageInches(size, orientation);
  const base = buildWindowOptions(req.preloadPath, 'Frontera briefing');
  const win = new BrowserWindow({
    ...base,
    show: false,
    width: Math.round(width * CSS_PX_PER_IN),
    height: Math.round(height * CSS_PX_PER_IN),
    minWidth: undefined,
    minHeight: undefined,
    // A hidden window must still paint its WebGL map.
    webPreferences: { ...base.webPreferences, backgroundThrottling: false },
  });
  try {
    await win.loadURL(briefingUrl(req.options));
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      const state = (await win.webContents.executeJavaScript(
        '({ ready: window.__briefingReady === true, error: window.__briefingError ?? null })',
      )) as { ready: boolean; error: string | null };
      if (state.error !== null) throw new UserError(`briefing: ${state.error}`);
      if (state.ready) break;
      if (Date.now() > deadline) throw new Error('briefing page did not finish drawing in time');
      await new Promise((r) => setTimeout(r, 200));
    }
    const model = (await win.webContents.executeJavaScript(
      '(({ title, banner, page, extent, dtg, provenance, incidentCount }) => ({ title, banner, page, extent, dtg, provenance, incidentCount }))(window.__briefingModel)',
    )) as ModelDigest;
    const pdf = await win.webContents.printToPDF(printToPdfOptions(size, orientation));
    fs.writeFileSync(req.out, pdf);
    const auditId = recordBriefingPrint(req.backend.workspace, 'app', {
      out: req.out,
      format: 'pdf',
      pages: (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length,
      model,
      options: req.options,
      host: 'electron',
    });
    return { out: req.out, auditId };
  } finally {
    win.destroy();
  }
}
