/**
 * A stand-in for the `electron` module, for running the bundled main process (dist-electron/
 * main.cjs) under Node where the Electron binary cannot run. It records what main registers
 * (schemes, protocol handlers, session handlers, IPC handlers, menu, windows) so tests can
 * exercise them.
 *
 * Given a Chromium (playwright-core), a window that loads a page other than the app's start page
 * (the hidden briefing window) becomes a real page: its app:// requests are answered by the
 * protocol handler main registered, the real preload bundle runs in it with `ipcRenderer` wired to
 * the IPC handlers main registered, and its webContents' `executeJavaScript`, `printToPDF` and
 * `debugger` go to the page through the DevTools protocol — what Electron does with its own
 * Chromium. What cannot be checked this way is Electron's own code: this is a stand-in.
 */
import fs from 'node:fs';
import http from 'node:http';
import Module, { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';

type Fn = (...args: unknown[]) => unknown;

export interface StandInRecord {
  schemes: unknown[];
  protocolHandlers: Map<string, Fn>;
  ipcHandle: Map<string, Fn>;
  ipcOn: Map<string, Fn>;
  appOn: Map<string, Fn>;
  switches: [string, string | undefined][];
  windows: StandInWindow[];
  permissionRequest: Fn | null;
  permissionCheck: Fn | null;
  beforeRequest: Fn | null;
  menu: unknown;
  errors: unknown[];
  /** What the next save dialog answers. */
  savePath: string | null;
  exitCode: number | null;
  /** Console errors of real pages. */
  pageErrors: string[];
}

interface StandInWindow {
  opts: Record<string, unknown>;
  url?: string;
  title?: string;
  destroyed: boolean;
  webContents: ReturnType<typeof webContentsFor>;
}

let nextId = 1;

/** Electron's printToPDF options → the DevTools protocol's Page.printToPDF, as Electron maps them. */
function cdpPrintParams(o: Record<string, unknown>): Record<string, unknown> {
  const size = o.pageSize as { width: number; height: number };
  const m = (o.margins ?? {}) as Record<string, number>;
  return {
    paperWidth: size.width,
    paperHeight: size.height,
    landscape: Boolean(o.landscape),
    printBackground: Boolean(o.printBackground),
    preferCSSPageSize: Boolean(o.preferCSSPageSize),
    marginTop: m.top ?? 0,
    marginBottom: m.bottom ?? 0,
    marginLeft: m.left ?? 0,
    marginRight: m.right ?? 0,
    transferMode: 'ReturnAsBase64',
  };
}

function webContentsFor(rec: StandInRecord, env: RealPages | null, win: { opts: Record<string, unknown> }) {
  const id = nextId++;
  let page: Page | null = null;
  let cdp: CDPSession | null = null;
  let attached = false;
  const real = async (): Promise<{ page: Page; cdp: CDPSession }> => {
    if (!env) throw new Error('this stand-in has no browser: only the start page can be loaded');
    if (!page) {
      const prefs = win.opts as { width?: number; height?: number };
      page = await env.context.newPage();
      await page.setViewportSize({ width: prefs.width ?? 800, height: prefs.height ?? 600 });
      page.on('console', (m) => {
        if (m.type() === 'error') rec.pageErrors.push(m.text());
      });
      await env.installPreload(page, contents);
      cdp = await env.context.newCDPSession(page);
    }
    return { page, cdp: cdp! };
  };
  const contents = {
    id,
    send: () => {},
    reload: () => {},
    on: () => {},
    setWindowOpenHandler: () => {},
    isDestroyed: () => false,
    async loadURL(url: string) {
      const { page } = await real();
      await page.goto(env!.httpUrl(url));
    },
    async executeJavaScript(code: string) {
      const { page } = await real();
      return page.evaluate(code);
    },
    async printToPDF(options: Record<string, unknown>) {
      const { cdp } = await real();
      const r = (await cdp.send('Page.printToPDF', cdpPrintParams(options) as never)) as { data: string };
      return Buffer.from(r.data, 'base64');
    },
    debugger: {
      attach: () => void (attached = true),
      isAttached: () => attached,
      detach: () => void (attached = false),
      async sendCommand(method: string, params?: Record<string, unknown>) {
        if (!attached) throw new Error('debugger is not attached');
        const { cdp } = await real();
        return cdp.send(method as never, params as never);
      },
    },
    /** The page URL as the app sees it (app://frontera/…). */
    get appUrl(): string {
      return page ? env!.appUrl(page.url()) : 'app://frontera/index.html';
    },
    async close() {
      await page?.close();
      page = null;
    },
  };
  return contents;
}

/** Serves app:// through main's own protocol handler on a loopback port, and runs the real preload in each page. */
interface RealPages {
  context: BrowserContext;
  httpUrl(appUrl: string): string;
  appUrl(httpUrl: string): string;
  installPreload(page: Page, contents: { id: number; readonly appUrl: string }): Promise<void>;
  close(): Promise<void>;
}

async function realPages(rec: StandInRecord, browser: Browser, preloadPath: () => string): Promise<RealPages> {
  const server = http.createServer(async (req, res) => {
    const handler = rec.protocolHandlers.get('app');
    if (!handler) return void res.writeHead(503).end();
    const response = (await handler({ url: `app://frontera${req.url}`, method: req.method })) as Response;
    const headers: Record<string, string> = {};
    response.headers.forEach((v, k) => (headers[k] = v));
    res.writeHead(response.status, headers);
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const context = await browser.newContext({ serviceWorkers: 'block' });
  return {
    context,
    httpUrl: (u) => u.replace(/^app:\/\/frontera/, origin),
    appUrl: (u) => u.replace(origin, 'app://frontera'),
    async installPreload(page, contents) {
      // ipcRenderer.invoke/send reach main's handlers with an event naming this page as sender.
      await page.exposeBinding('__standInIpc', async (_source, channel: string, args: unknown[]) => {
        const event = {
          senderFrame: { url: contents.appUrl, parent: null },
          sender: { id: contents.id, send: () => {}, isDestroyed: () => false },
        };
        const handle = rec.ipcHandle.get(channel);
        if (handle) return handle(event, ...args);
        rec.ipcOn.get(channel)?.(event, ...args);
        return undefined;
      });
      const preload = fs.readFileSync(preloadPath(), 'utf8');
      await page.addInitScript(
        `(() => {
          const electron = {
            contextBridge: { exposeInMainWorld: (key, value) => { window[key] = value; } },
            ipcRenderer: {
              invoke: (channel, ...args) => window.__standInIpc(channel, args),
              send: (channel, ...args) => { window.__standInIpc(channel, args); },
              on: () => {},
              removeListener: () => {},
            },
            webUtils: { getPathForFile: () => '' },
          };
          const module = { exports: {} };
          const process = { versions: { electron: 'stand-in', chrome: 'stand-in', node: 'stand-in' } };
          const require = (name) => { if (name === 'electron') return electron; throw new Error('the sandboxed preload may only require electron, not ' + name); };
          (function (require, module, exports, process) {\n${preload}\n})(require, module, module.exports, process);
        })();`,
      );
    },
    async close() {
      await context.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export interface StandIn {
  electron: Record<string, unknown>;
  rec: StandInRecord;
  close(): Promise<void>;
}

/**
 * `browser`: pages other than the start page load for real in it. `preloadPath`: the bundled
 * preload those pages run (read when the first one opens).
 */
export async function standInElectron(opts: { browser?: Browser; preloadPath?: () => string; argv?: string[] } = {}): Promise<StandIn> {
  const rec: StandInRecord = {
    schemes: [],
    protocolHandlers: new Map(),
    ipcHandle: new Map(),
    ipcOn: new Map(),
    appOn: new Map(),
    switches: [],
    windows: [],
    permissionRequest: null,
    permissionCheck: null,
    beforeRequest: null,
    menu: null,
    errors: [],
    savePath: null,
    exitCode: null,
    pageErrors: [],
  };
  const env = opts.browser ? await realPages(rec, opts.browser, opts.preloadPath ?? (() => '')) : null;
  class BrowserWindow {
    opts: Record<string, unknown>;
    url?: string;
    title?: string;
    destroyed = false;
    webContents: ReturnType<typeof webContentsFor>;
    constructor(o: Record<string, unknown>) {
      this.opts = o;
      this.webContents = webContentsFor(rec, env, this);
      rec.windows.push(this);
    }
    once() {}
    on() {}
    show() {}
    setTitle(t: string) {
      this.title = t;
    }
    async loadURL(u: string) {
      this.url = u;
      // The app's start page stays a record: its own tests drive it in a browser (test/e2e).
      if (!u.endsWith('/index.html')) await this.webContents.loadURL(u);
    }
    destroy() {
      this.destroyed = true;
      void this.webContents.close();
    }
  }
  const electron = {
    app: {
      whenReady: () => Promise.resolve(),
      on: (ev: string, fn: Fn) => void rec.appOn.set(ev, fn),
      quit: () => {},
      exit: (code: number) => void (rec.exitCode = code),
      getVersion: () => '0.1.0',
      getPath: () => '/tmp',
      commandLine: { appendSwitch: (name: string, value?: string) => void rec.switches.push([name, value]) },
      dock: undefined,
    },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => void rec.schemes.push(...s),
      handle: (scheme: string, fn: Fn) => void rec.protocolHandlers.set(scheme, fn),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: Fn) => void (rec.permissionRequest = fn),
        setPermissionCheckHandler: (fn: Fn) => void (rec.permissionCheck = fn),
        webRequest: { onBeforeRequest: (fn: Fn) => void (rec.beforeRequest = fn) },
      },
    },
    ipcMain: {
      handle: (ch: string, fn: Fn) => void rec.ipcHandle.set(ch, fn),
      on: (ch: string, fn: Fn) => void rec.ipcOn.set(ch, fn),
    },
    BrowserWindow,
    Menu: { setApplicationMenu: (m: unknown) => void (rec.menu = m), buildFromTemplate: (t: unknown) => t },
    dialog: {
      showErrorBox: (...a: unknown[]) => void rec.errors.push(a),
      showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
      showSaveDialog: async () => (rec.savePath ? { canceled: false, filePath: rec.savePath } : { canceled: true }),
      showMessageBox: async () => ({}),
    },
  };
  return { electron, rec, close: async () => env?.close() };
}

/**
 * Loads a bundle (main.cjs) with `require('electron')` answered by `electron`; returns the
 * function that puts Node's loader back.
 */
export function requireWithElectron(file: string, electron: unknown): () => void {
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const originalLoad = loader._load;
  loader._load = function (request: string, ...rest: unknown[]) {
    if (request === 'electron') return electron;
    return originalLoad.call(this, request, ...rest);
  };
  createRequire(import.meta.url)(file);
  return () => void (loader._load = originalLoad);
}
