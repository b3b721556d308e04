/**
 * Electron's print of the briefing: the same page the CLI prints (briefing.html), opened in a
 * hidden window with the app's secure webPreferences (sandbox, context isolation, the preload as
 * the only bridge), so the layout and the API path are the same; `webContents.printToPDF` writes
 * the PDF at the model's paper size, and a PNG is the page captured at 300 dpi through the
 * DevTools protocol (the same device-scale emulation playwright-core uses for `frontera brief
 * --png`). The window's session is the app's, whose request filter refuses anything but
 * app://. No separately installed browser is ever needed: the app prints with its own engine.
 */
import path from 'node:path';
import { BrowserWindow } from 'electron';
import type { BriefingPrinter } from '../backend/briefing/printer.ts';
import type { Backend } from '../backend/backend.ts';
import { recordBriefingPrint } from '../backend/briefing/briefingModel.ts';
import { CSS_PX_PER_IN, PNG_DPI, countPdfPages } from '../backend/briefing/printedPage.ts';
import { OutputFiles } from '../backend/export/outputFiles.ts';
import { UserError } from '../../shared/errors.ts';
import { pageInches } from '../../shared/report/options.ts';
import type { BriefingModel } from '../../shared/report/model.ts';
import { buildWindowOptions } from './windowOptions.ts';
import { briefingUrl, printToPdfOptions } from './printBriefingOptions.ts';

const READY_TIMEOUT_MS = 180_000;

type ModelDigest = Pick<BriefingModel, 'title' | 'banner' | 'page' | 'extent' | 'dtg' | 'provenance' | 'incidentCount' | 'notice'>;

export interface ElectronPrinterDeps {
  preloadPath: string;
  /**
   * Lets the hidden page's IPC calls reach `backend` (it asks for its model) while it prints;
   * returns the function that takes that away again.
   */
  admit(contentsId: number, backend: Backend): () => void;
}

export function electronPrinter(deps: ElectronPrinterDeps): BriefingPrinter {
  return async (backend, req) => {
    const started = performance.now();
    const size = req.options.page ?? 'letter';
    const orientation = req.options.orientation ?? 'portrait';
    const { width, height } = pageInches(size, orientation);
    const cssWidth = Math.round(width * CSS_PX_PER_IN);
    const cssHeight = Math.round(height * CSS_PX_PER_IN);
    const base = buildWindowOptions(deps.preloadPath, 'Frontera briefing');
    const win = new BrowserWindow({
      ...base,
      show: false,
      width: cssWidth,
      height: cssHeight,
      minWidth: undefined,
      minHeight: undefined,
      // A hidden window must still paint its WebGL map.
      webPreferences: { ...base.webPreferences, backgroundThrottling: false },
    });
    const contents = win.webContents;
    const dismiss = deps.admit(contents.id, backend);
    let attached = false;
    try {
      if (req.format === 'png') {
        // The page (and its map raster) drawn at 300 dpi, before it loads, as a 300 dpi screen would.
        contents.debugger.attach('1.3');
        attached = true;
        await contents.debugger.sendCommand('Emulation.setDeviceMetricsOverride', {
          width: cssWidth,
          height: cssHeight,
          deviceScaleFactor: PNG_DPI / CSS_PX_PER_IN,
          mobile: false,
        });
      }
      await win.loadURL(briefingUrl(req.options));
      const deadline = Date.now() + READY_TIMEOUT_MS;
      for (;;) {
        const state = (await contents.executeJavaScript(
          '({ ready: window.__briefingReady === true, error: window.__briefingError ?? null })',
        )) as { ready: boolean; error: string | null };
        if (state.error !== null) throw new UserError(`briefing: ${state.error}`);
        if (state.ready) break;
        if (Date.now() > deadline) throw new Error('briefing page did not finish drawing in time');
        await new Promise((r) => setTimeout(r, 200));
      }
      const model = (await contents.executeJavaScript(
        '(({ title, banner, page, extent, dtg, provenance, incidentCount, notice }) => ({ title, banner, page, extent, dtg, provenance, incidentCount, notice }))(window.__briefingModel)',
      )) as ModelDigest;
      let bytes: Buffer;
      let pages = 1;
      if (req.format === 'pdf') {
        bytes = await contents.printToPDF(printToPdfOptions(size, orientation));
        pages = countPdfPages(bytes);
      } else {
        const shot = (await contents.debugger.sendCommand('Page.captureScreenshot', {
          format: 'png',
          clip: { x: 0, y: 0, width: cssWidth, height: cssHeight, scale: 1 },
          captureBeyondViewport: true,
        })) as { data: string };
        bytes = Buffer.from(shot.data, 'base64');
      }
      const out = path.resolve(req.out);
      await OutputFiles.write(out, (files) => files.writeBytes(out, bytes));
      const auditId = await recordBriefingPrint(backend.store, req.actor, {
        out,
        format: req.format,
        pages,
        model,
        options: req.options,
        host: 'electron',
      });
      return {
        out,
        pages,
        pageSize: size,
        orientation,
        analysisIds: model.provenance.analyses.map((a) => a.id),
        incidentCount: model.incidentCount,
        notice: model.notice ?? null,
        auditId,
        millis: Math.round(performance.now() - started),
      };
    } finally {
      dismiss();
      if (attached && contents.debugger.isAttached()) contents.debugger.detach();
      win.destroy();
    }
  };
}
