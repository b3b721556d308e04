/**
 * Electron's security checklist against the real main-process module: electron/main/main.ts is
 * loaded with `electron` replaced by a recorder (no display in CI), so what it registers —
 * protocol privileges, session handlers, per-webContents guards, IPC handlers, the window it
 * opens — is read back and exercised. The back end and the demo workspace are stubbed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

type Handler = (...args: unknown[]) => unknown;

const rec = vi.hoisted(() => {
  const listeners = new Map<string, ((...a: unknown[]) => unknown)[]>();
  const state = {
    privileged: [] as unknown[],
    appOn: listeners,
    permissionRequest: null as null | ((...a: unknown[]) => unknown),
    permissionCheck: null as null | ((...a: unknown[]) => unknown),
    beforeRequest: null as null | ((...a: unknown[]) => unknown),
    protocolHandlers: new Map<string, (...a: unknown[]) => unknown>(),
    ipcHandle: new Map<string, (...a: unknown[]) => unknown>(),
    ipcOn: new Map<string, (...a: unknown[]) => unknown>(),
    windows: [] as { options: Record<string, unknown>; url: string | null }[],
    ready: null as null | Promise<void>,
    home: `${process.env.TMPDIR ?? '/tmp'}/frontera-electron-main-${process.pid}`,
  };
  return state;
});

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = { send: () => {}, reload: () => {}, on: () => {}, setWindowOpenHandler: () => {} };
    private entry: { options: Record<string, unknown>; url: string | null };
    constructor(options: Record<string, unknown>) {
      this.entry = { options, url: null };
      rec.windows.push(this.entry);
    }
    once() {}
    on() {}
    show() {}
    setTitle() {}
    async loadURL(url: string) {
      this.entry.url = url;
    }
  }
  const app = {
    on: (name: string, fn: (...a: unknown[]) => unknown) => rec.appOn.set(name, [...(rec.appOn.get(name) ?? []), fn]),
    whenReady: () => (rec.ready = Promise.resolve()),
    quit: () => {},
    getVersion: () => '0.1.0',
  };
  const session = {
    defaultSession: {
      setPermissionRequestHandler: (fn: (...a: unknown[]) => unknown) => (rec.permissionRequest = fn),
      setPermissionCheckHandler: (fn: (...a: unknown[]) => unknown) => (rec.permissionCheck = fn),
      webRequest: { onBeforeRequest: (fn: (...a: unknown[]) => unknown) => (rec.beforeRequest = fn) },
    },
  };
  const protocol = {
    registerSchemesAsPrivileged: (list: unknown[]) => rec.privileged.push(...list),
    handle: (scheme: string, fn: (...a: unknown[]) => unknown) => rec.protocolHandlers.set(scheme, fn),
  };
  const ipcMain = {
    handle: (ch: string, fn: (...a: unknown[]) => unknown) => rec.ipcHandle.set(ch, fn),
    on: (ch: string, fn: (...a: unknown[]) => unknown) => rec.ipcOn.set(ch, fn),
  };
  const Menu = { setApplicationMenu: () => {}, buildFromTemplate: (t: unknown) => t };
  const dialog = { showErrorBox: () => {}, showOpenDialog: async () => ({ canceled: true, filePaths: [] }), showSaveDialog: async () => ({ canceled: true }), showMessageBox: async () => ({}) };
  const mod = { BrowserWindow, app, session, protocol, ipcMain, Menu, dialog };
  return { ...mod, default: mod };
});

// main opens a workspace file or a team workspace's URL through openWorkspace (asynchronous).
vi.mock('../../../electron/backend/backend.ts', () => ({
  openWorkspace: async () => ({
    close: async () => {},
    workspace: {},
    'layers.list': async () => [{ id: 1, name: 'x' }],
  }),
}));

vi.mock('../../../electron/main/workspaceLocation.ts', () => ({
  demoWorkspacePath: () => `${rec.home}/demo.frontera`,
  ensureDemoWorkspace: async () => false,
  ensureHome: () => rec.home,
  recentListPath: () => `${rec.home}/recent.json`,
  fronteraHome: () => rec.home,
}));

beforeAll(async () => {
  fs.mkdirSync(rec.home, { recursive: true });
  const g = globalThis as { __dirname?: string };
  g.__dirname ??= path.resolve('dist-electron');
  await import('../../../electron/main/main.ts');
  await rec.ready;
  // whenReady's callback runs after the promise settles: wait for its window, however busy the
  // machine (the hook's own timeout ends a callback that never opens one).
  while (rec.windows.length === 0) await new Promise((r) => setTimeout(r, 10));
});

afterAll(() => fs.rmSync(rec.home, { recursive: true, force: true }));

function fakeContents() {
  const on = new Map<string, Handler>();
  let openHandler: Handler | null = null;
  return {
    on: (name: string, fn: Handler) => on.set(name, fn),
    setWindowOpenHandler: (fn: Handler) => (openHandler = fn),
    handlers: on,
    open: () => openHandler,
  };
}

describe('Electron main process (real main.ts, recorded electron API)', () => {
  it('opens one window with the hardened webPreferences, at app://', () => {
    expect(rec.windows).toHaveLength(1);
    const w = rec.windows[0];
    expect(w.url).toBe('app://frontera/index.html');
    const p = w.options.webPreferences as Record<string, unknown>;
    expect(p).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
    expect(p.enableBlinkFeatures).toBeUndefined();
    expect(p.additionalArguments).toBeUndefined();
    expect(path.isAbsolute(String(p.preload))).toBe(true);
    expect(String(p.preload)).toMatch(/preload\.cjs$/);
  });

  it('registers app:// as a standard secure scheme without bypassing CSP', () => {
    expect(rec.privileged).toHaveLength(1);
    const s = rec.privileged[0] as { scheme: string; privileges: Record<string, boolean> };
    expect(s.scheme).toBe('app');
    expect(s.privileges).toMatchObject({ standard: true, secure: true });
    expect(s.privileges.bypassCSP).toBeFalsy();
    expect(s.privileges.allowServiceWorkers).toBeFalsy();
    expect(rec.protocolHandlers.has('app')).toBe(true);
  });

  it('guards every web contents: navigation, redirects, webviews and new windows', () => {
    const created = rec.appOn.get('web-contents-created') ?? [];
    expect(created).toHaveLength(1);
    const c = fakeContents();
    created[0]({}, c);
    for (const ev of ['will-navigate', 'will-redirect']) {
      const e = { preventDefault: vi.fn() };
      c.handlers.get(ev)!(e, 'https://evil.example/');
      expect(e.preventDefault, ev).toHaveBeenCalled();
      const ok = { preventDefault: vi.fn() };
      c.handlers.get(ev)!(ok, 'app://frontera/index.html');
      expect(ok.preventDefault, ev).not.toHaveBeenCalled();
    }
    const wv = { preventDefault: vi.fn() };
    c.handlers.get('will-attach-webview')!(wv, {}, {});
    expect(wv.preventDefault).toHaveBeenCalled();
    expect(c.open()!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(c.open()!({ url: 'app://frontera/index.html' })).toEqual({ action: 'deny' });
  });

  it('denies every permission and cancels every request off app://', () => {
    for (const perm of ['geolocation', 'media', 'notifications', 'openExternal', 'clipboard-sanitized-write', 'hid', 'serial']) {
      const cb = vi.fn();
      rec.permissionRequest!({}, perm, cb, {});
      expect(cb).toHaveBeenCalledWith(false);
      expect(rec.permissionCheck!({}, perm, 'app://frontera', {})).toBe(false);
    }
    const verdict = (url: string) => {
      let out: unknown;
      rec.beforeRequest!({ url }, (r: unknown) => (out = r));
      return out;
    };
    expect(verdict('app://frontera/assets/main.js')).toEqual({ cancel: false });
    for (const url of ['https://tile.openstreetmap.org/0/0/0.png', 'http://127.0.0.1:9222/json', 'ws://localhost:1/', 'file:///etc/passwd', 'ftp://x/']) {
      expect(verdict(url), url).toEqual({ cancel: true });
    }
  });

  it('answers IPC only from its own page, with validated input', async () => {
    const api = rec.ipcHandle.get('api')!;
    const foreign = { senderFrame: { url: 'https://evil.example/', parent: null }, sender: { id: 1, send: () => {} } };
    expect(await api(foreign, 'layers.list', {}, 'c1')).toEqual({ error: { status: 403, message: 'forbidden' } });
    const own = { senderFrame: { url: 'app://frontera/index.html', parent: null }, sender: { id: 1, send: () => {} } };
    expect(await api(own, 'layers.list', {}, 'c2')).toEqual({ result: [{ id: 1, name: 'x' }] });
    for (const m of ['__proto__', 'constructor', 'toString', 'workspace.close', '']) {
      expect(await api(own, m, {}, 'c3'), m).toMatchObject({ error: { status: 404 } });
    }
    expect(await api(own, 'layers.get', { layerId: '1; DROP TABLE layers' }, 'c4')).toMatchObject({ error: { status: 400 } });
    expect(await api(own, 'layers.get', { layerId: 1, extra: true }, 'c5')).toMatchObject({ error: { status: 400 } });
    expect(await api(own, 'layers.list', {}, '../../x')).toMatchObject({ error: { status: 400, message: 'bad call id' } });
    const pick = rec.ipcHandle.get('app:pick-files')!;
    expect(await pick(foreign)).toEqual([]);
  });

  it('serves app:// with the CSP and refuses traversal and absolute paths', async () => {
    const handler = rec.protocolHandlers.get('app')!;
    for (const url of [
      'app://frontera/../../etc/passwd',
      'app://frontera/%2e%2e/%2e%2e/etc/passwd',
      'app://frontera/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      'app://frontera//etc/passwd',
      'app://frontera/%2fetc%2fpasswd',
      'app://frontera/..%5c..%5cWindows%5cwin.ini',
      'app://frontera/C:%5cWindows%5cwin.ini',
      'app://frontera/%00index.html',
      'app://other/index.html',
    ]) {
      const r = (await handler({ url, method: 'GET' })) as Response;
      expect(r.status, url).toBe(404);
      expect(r.headers.get('content-security-policy')).toMatch(/^default-src 'self'/);
      expect(await r.text()).not.toMatch(/root:|\[fonts\]/);
    }
  });

  it('keeps every BrowserWindow in electron/ on buildWindowOptions, and no source turns a protection off', () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(ts|mjs|cjs|js)$/.test(e.name)) files.push(p);
      }
    };
    walk(path.resolve('electron'));
    const offending = /nodeIntegration\w*\s*:\s*true|contextIsolation\s*:\s*false|sandbox\s*:\s*false|webSecurity\s*:\s*false|allowRunningInsecureContent\s*:\s*true|experimentalFeatures\s*:\s*true|enableBlinkFeatures|webviewTag\s*:\s*true|bypassCSP\s*:\s*true|shell\.openExternal|enableRemoteModule|insecure-content|--disable-web-security/;
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      expect(text.match(offending)?.[0], f).toBeUndefined();
      for (const m of text.matchAll(/new BrowserWindow\(([^)]*)\)?/g)) {
        // Built from the hardened options (directly, or spread with webPreferences spread from them).
        expect(/buildWindowOptions\(|\.\.\.base/.test(m[1]) || /buildWindowOptions\(/.test(text), `${f}: ${m[0]}`).toBe(true);
      }
    }
  });
});
