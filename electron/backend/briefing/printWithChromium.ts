/**
 * Prints a briefing the way the CLI (and the bench) do: the workspace behind the loopback web
 * server on an ephemeral port, the briefing page in headless Chromium through playwright-core,
 * `page.pdf` at the model's paper size (or a 300 dpi screenshot), and an audit row. The page may
 * talk to our own origin only: any other request is refused and fails the print, because an
 * air-gapped analyst's briefing must never have tried to reach a network.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import type { Backend } from '../backend.ts';
import { startWebServer } from '../webServer.ts';
import { UserError } from '../../../shared/errors.ts';
import type { BriefingOptions } from '../../../shared/report/options.ts';
import { pageInches } from '../../../shared/report/options.ts';
import type { BriefingModel } from '../../../shared/report/model.ts';
import type { BriefingPageGlobals, BriefingPageInfo } from '../../../shared/report/briefingPage.ts';
import { findBrowser } from './findBrowser.ts';
import { recordBriefingPrint } from './briefingModel.ts';
import { briefingModelOffThread } from './modelOffThread.ts';
import type { BriefingPrinter } from './printer.ts';
import { CSS_PX_PER_IN, PNG_DPI, countPdfPages } from './printedPage.ts';
import { OutputFiles } from '../export/outputFiles.ts';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];


export async function launchBrowser(browserPath?: string): Promise<Browser> {
  return chromium.launch({ executablePath: findBrowser(browserPath), headless: true, args: CHROMIUM_ARGS });
}

export interface PrintRequest {
  backend: Backend;
  /** The built renderer (dist-renderer/ with briefing.html). */
  staticRoot: string;
  options: BriefingOptions;
  out: string;
  format: 'pdf' | 'png';
  /** A running browser to reuse (tests, several prints); otherwise one is launched and closed. */
  browser?: Browser;
  browserPath?: string;
  actor?: string;
  host?: string;
  timeoutMs?: number;
}

export interface PrintResult {
  out: string;
  pages: number;
  pageSize: string;
  orientation: string;
  analysisIds: number[];
  auditId: number | null;
  millis: number;
  model: Pick<BriefingModel, 'title' | 'banner' | 'page' | 'extent' | 'dtg' | 'provenance' | 'incidentCount' | 'notice' | 'synthetic'>;
  info: BriefingPageInfo;
}


function encodeOptions(o: BriefingOptions): string {
  return Buffer.from(JSON.stringify(o), 'utf8').toString('base64url');
}

/** The printer of a source checkout's CLI and web shell: a local Chromium found on this machine. */
export function chromiumPrinter(opts: { staticRoot: string; browserPath?: string; host?: string }): BriefingPrinter {
  return async (backend, req) => {
    const r = await printBriefing({ backend, staticRoot: opts.staticRoot, browserPath: opts.browserPath, host: opts.host, ...req });
    return {
      out: r.out,
      pages: r.pages,
      pageSize: r.pageSize,
      orientation: r.orientation,
      analysisIds: r.analysisIds,
      incidentCount: r.model.incidentCount,
      notice: r.model.notice ?? null,
      auditId: r.auditId,
      millis: r.millis,
    };
  };
}

export async function printBriefing(req: PrintRequest): Promise<PrintResult> {
  const started = performance.now();
  if (!fs.existsSync(path.join(req.staticRoot, 'briefing.html'))) {
    throw new UserError(`the briefing page is not built (${path.join(req.staticRoot, 'briefing.html')} is missing): run \`npm run build:renderer\``);
  }
  const outDir = path.dirname(path.resolve(req.out));
  if (!fs.existsSync(outDir)) throw new UserError(`cannot write ${req.out}: folder ${outDir} does not exist`);
  // The model is built on a worker thread while Chromium starts and loads the page (a million
  // incidents took seconds to read from rows, still ~0.4 s from column blocks, and a layer of
  // older workspaces may still be rows): the page's API call for it is answered with this one.
  const pending = briefingModelOffThread(req.backend.store, req.options);
  let browser: Browser;
  try {
    browser = req.browser ?? (await launchBrowser(req.browserPath));
  } catch (e) {
    pending.cancel();
    throw e;
  }
  const api = new Proxy(req.backend, {
    get: (target, key) => (key === 'briefing.model' ? () => pending.model : Reflect.get(target, key, target)),
  });
  const serverLog: string[] = [];
  let server: Awaited<ReturnType<typeof startWebServer>>;
  try {
    server = await startWebServer({ api, staticRoot: req.staticRoot, actor: req.actor ?? 'cli', log: (l) => serverLog.push(l) });
  } catch (e) {
    pending.cancel();
    if (!req.browser) await browser.close();
    throw e;
  }
  const blocked: string[] = [];
  const size = req.options.page ?? 'letter';
  const orientation = req.options.orientation ?? 'portrait';
  const inches = pageInches(size, orientation);
  const context = await browser.newContext({
    viewport: { width: Math.round(inches.width * CSS_PX_PER_IN), height: Math.round(inches.height * CSS_PX_PER_IN) },
    deviceScaleFactor: req.format === 'png' ? PNG_DPI / CSS_PX_PER_IN : 1,
    serviceWorkers: 'block',
  });
  try {
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${server.origin}/`)) return route.continue();
      blocked.push(url);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    // The page's CSP stops most foreign loads before the route handler sees them; Playwright
    // still reports them as requests, and Chromium logs the refusal. An attempt counts.
    const isLocal = (url: string) => url.startsWith(`${server.origin}/`) || url.startsWith('data:') || url.startsWith('blob:');
    page.on('request', (r) => {
      if (!isLocal(r.url())) blocked.push(r.url());
    });
    page.on('console', (msg) => {
      const text = msg.text();
      if (msg.type() === 'error' && /Content Security Policy|Refused to (load|connect)/.test(text)) {
        const url = /'([a-z][a-z0-9+.-]*:\/\/[^']*)'/i.exec(text)?.[1];
        if (url && !isLocal(url)) blocked.push(url);
      }
    });
    const fragment = `token=${encodeURIComponent(server.token)}&options=${encodeOptions(req.options)}`;
    await page.goto(`${server.origin}/briefing.html#${fragment}`);
    await page.waitForFunction(() => (globalThis as BriefingPageGlobals).__briefingReady === true || (globalThis as BriefingPageGlobals).__briefingError !== undefined, null, {
      timeout: req.timeoutMs ?? 180_000,
      polling: 100,
    });
    const error = await page.evaluate(() => (globalThis as BriefingPageGlobals).__briefingError);
    if (error !== undefined) {
      // The API answered the page with the user's mistake (unknown analysis, bad date): say it as is.
      throw serverLog.length ? new Error(`briefing page: ${error}\n${serverLog.join('\n')}`) : new UserError(error);
    }
    if (blocked.length) {
      throw new Error(`the briefing page tried to reach outside the local server (refused): ${[...new Set(blocked)].join(', ')}`);
    }
    const { model, info } = await page.evaluate(() => {
      // Runs in the page: its globals are the briefing page's (shared/report/briefingPage.ts).
      const shown = globalThis as BriefingPageGlobals;
      const m = shown.__briefingModel!;
      return {
        model: {
          title: m.title,
          banner: m.banner,
          page: m.page,
          extent: m.extent,
          dtg: m.dtg,
          provenance: m.provenance,
          incidentCount: m.incidentCount,
          notice: m.notice,
          synthetic: m.synthetic,
        },
        info: shown.__briefingInfo!,
      };
    });
    let pages = 1;
    let bytes: Buffer;
    if (req.format === 'pdf') {
      bytes = await page.pdf({ width: `${inches.width}in`, height: `${inches.height}in`, printBackground: true, margin: { top: '0', right: '0', bottom: '0', left: '0' } });
      pages = countPdfPages(bytes);
    } else {
      bytes = await page.screenshot({ clip: { x: 0, y: 0, width: inches.width * CSS_PX_PER_IN, height: inches.height * CSS_PX_PER_IN } });
    }
    if (blocked.length) {
      throw new Error(`the briefing page tried to reach outside the local server (refused): ${[...new Set(blocked)].join(', ')}`);
    }
    await OutputFiles.write(req.out, (files) => files.writeBytes(req.out, bytes));
    const auditId = await recordBriefingPrint(req.backend.store, req.actor ?? 'cli', {
      out: path.resolve(req.out),
      format: req.format,
      pages,
      model,
      options: req.options,
      host: req.host ?? 'chromium',
    });
    return {
      out: path.resolve(req.out),
      pages,
      pageSize: size,
      orientation,
      analysisIds: model.provenance.analyses.map((a) => a.id),
      auditId,
      millis: Math.round(performance.now() - started),
      model,
      info,
    };
  } finally {
    pending.cancel();
    await context.close();
    await server.close();
    if (!req.browser) await browser.close();
  }
}
