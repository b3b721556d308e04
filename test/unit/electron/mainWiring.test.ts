/**
 * The bundled main process (dist-electron/main.cjs as esbuild builds it) run under Node with a
 * stand-in `electron` module, since the real binary cannot run here: checks that the thin wiring
 * really registers the privileged app:// scheme, the guards, deny-all permissions, the network
 * block, the IPC handler (over the demo workspace it builds on first start) and a window with
 * the secure options loading app://frontera/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import { buildElectron } from '../../../scripts/build-electron.ts';
import { kde } from '../../../shared/analysis/kde.ts';
import { mulberry32 } from '../../bench/peers/synthPoints.ts';
import { claimingHelper } from '../../support/claimingHelper.ts';
import { requireWithElectron, standInElectron, type StandInRecord } from '../../support/standInElectron.ts';

type Fn = (...args: unknown[]) => unknown;

describe('Electron main process wiring (bundled, with a stand-in electron module)', () => {
  let tmp: string;
  let rec: StandInRecord;
  const env = { home: process.env.FRONTERA_HOME };
  let restoreLoader = () => {};

  beforeAll(async () => {
    // Inside the repository so the bundle's require('better-sqlite3') finds node_modules.
    const outRoot = path.resolve(import.meta.dirname, '..', '..', '..', 'test-output');
    fs.mkdirSync(outRoot, { recursive: true });
    tmp = fs.mkdtempSync(path.join(outRoot, 'main-wiring-'));
    await buildElectron(path.join(tmp, 'dist-electron'));
    fs.mkdirSync(path.join(tmp, 'dist-renderer'));
    fs.writeFileSync(path.join(tmp, 'dist-renderer', 'index.html'), '<!doctype html><title>app</title>');
    process.env.FRONTERA_HOME = path.join(tmp, 'home');
    const fake = await standInElectron();
    rec = fake.rec;
    restoreLoader = requireWithElectron(path.join(tmp, 'dist-electron', 'main.cjs'), fake.electron);
    const deadline = Date.now() + 60_000;
    while (rec.windows.length === 0 && rec.errors.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  }, 120_000);

  afterAll(() => {
    restoreLoader();
    rec?.appOn.get('will-quit')?.();
    if (env.home === undefined) delete process.env.FRONTERA_HOME;
    else process.env.FRONTERA_HOME = env.home;
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('registers app:// as a standard secure scheme and serves the renderer from it', async () => {
    expect(rec.errors).toEqual([]);
    expect(rec.schemes).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true }) },
    ]);
    const handler = rec.protocolHandlers.get('app')!;
    const ok = (await handler({ url: 'app://frontera/index.html', method: 'GET' })) as Response;
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toContain("default-src 'self'");
    const escape = (await handler({ url: 'app://frontera/../dist-electron/main.cjs', method: 'GET' })) as Response;
    expect(escape.status).toBe(404);
  });

  it('opens one secure window on app://frontera/ with the preload beside main.cjs', () => {
    expect(rec.windows).toHaveLength(1);
    const w = rec.windows[0];
    expect(w.url).toBe('app://frontera/index.html');
    const prefs = w.opts.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(prefs.preload).toBe(path.join(tmp, 'dist-electron', 'preload.cjs'));
    expect(rec.menu).toBeTruthy();
  });

  it('denies permissions and cancels every request that is not the app’s own', () => {
    const granted: boolean[] = [];
    rec.permissionRequest!({}, 'geolocation', (g: boolean) => granted.push(g));
    expect(granted).toEqual([false]);
    expect(rec.permissionCheck!()).toBe(false);
    const verdict = (url: string) => {
      let r: unknown;
      rec.beforeRequest!({ url }, (v: unknown) => (r = v));
      return r;
    };
    expect(verdict('https://tile.openstreetmap.org/1/0/0.png')).toEqual({ cancel: true });
    expect(verdict('app://frontera/basemap/land.geojson')).toEqual({ cancel: false });
  });

  it('guards every web contents against navigation, pop-ups and webviews', () => {
    const on = new Map<string, Fn>();
    let openHandler: Fn | null = null;
    rec.appOn.get('web-contents-created')!({}, { on: (ev: string, fn: Fn) => on.set(ev, fn), setWindowOpenHandler: (fn: Fn) => (openHandler = fn) });
    let prevented = 0;
    on.get('will-navigate')!({ preventDefault: () => prevented++ }, 'https://example.com/');
    on.get('will-redirect')!({ preventDefault: () => prevented++ }, 'file:///etc/passwd');
    on.get('will-attach-webview')!({ preventDefault: () => prevented++ });
    expect(prevented).toBe(3);
    expect(openHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
  });

  it('answers the app’s IPC calls from the demo workspace it built, and refuses other frames', async () => {
    const api = rec.ipcHandle.get('api')!;
    const sender = { id: 1, send: () => {} };
    const info = (await api({ senderFrame: { url: 'app://frontera/index.html', parent: null }, sender }, 'workspace.info', {}, 'c1')) as {
      result: { path: string };
    };
    expect(info.result.path).toBe(path.join(tmp, 'home', 'demo.frontera'));
    const layers = (await api({ senderFrame: { url: 'app://frontera/index.html', parent: null }, sender }, 'layers.list', {}, 'c2')) as {
      result: { name: string; metadata: Record<string, unknown> }[];
    };
    expect(layers.result.length).toBeGreaterThan(0);
    expect(layers.result.every((l) => l.metadata.synthetic === true)).toBe(true);
    const foreign = await api({ senderFrame: { url: 'https://evil.example/', parent: null }, sender }, 'layers.list', {}, 'c3');
    expect(foreign).toEqual({ error: { status: 403, message: 'forbidden' } });
  });

  it('rebuilds the menu in the language the page reports, refusing any other value (issue 18)', async () => {
    const setLanguage = rec.ipcHandle.get('app:language')!;
    const page = { senderFrame: { url: 'app://frontera/index.html', parent: null }, sender: { id: 1, send: () => {} } };
    const topLabels = () => (rec.menu as { label?: string }[]).map((m) => m.label);
    expect(topLabels()).toEqual(['File', 'View', 'Analysis', 'Help']);
    expect(await setLanguage(page, 'es')).toBe(true);
    expect(topLabels()).toEqual(['Archivo', 'Ver', 'Análisis', 'Ayuda']);
    expect(await setLanguage(page, 'fr')).toBe(false);
    expect(await setLanguage({ ...page, senderFrame: { url: 'https://evil.example/', parent: null } }, 'en')).toBe(false);
    expect(topLabels()).toEqual(['Archivo', 'Ver', 'Análisis', 'Ayuda']);
    expect(await setLanguage(page, 'en')).toBe(true);
    expect(topLabels()).toEqual(['File', 'View', 'Analysis', 'Help']);
  });

  it('Open team workspace: a server that refuses the connection is reported to the page, and the open workspace stays', async () => {
    const openTeam = rec.ipcHandle.get('app:open-team')!;
    const page = { senderFrame: { url: 'app://frontera/index.html', parent: null }, sender: { id: 1, send: () => {} } };
    const password = 'Never-echoed-5Tg';
    // Port 1 on loopback: nothing listens there.
    const answer = await openTeam(page, { url: 'postgresql://ana@127.0.0.1:1/sig?schema=equipo&sslmode=disable', password });
    expect(answer).toEqual({ error: expect.stringMatching(/connection was refused/) });
    expect(JSON.stringify(answer)).not.toContain(password);
    expect(await openTeam(page, { url: '/etc/passwd' })).toEqual({ error: expect.stringMatching(/^url: a team workspace URL starts with postgresql/) });
    const api = rec.ipcHandle.get('api')!;
    const info = (await api(page, 'workspace.info', {}, 'c9')) as { result: { path: string } };
    expect(info.result.path).toBe(path.join(tmp, 'home', 'demo.frontera'));
  });

  it('runs an analysis on the bundled worker thread (analysisWorker.cjs beside main.cjs)', async () => {
    const api = rec.ipcHandle.get('api')!;
    const progress: unknown[] = [];
    const sender = { id: 1, send: (...a: unknown[]) => void progress.push(a) };
    const run = (await api(
      { senderFrame: { url: 'app://frontera/index.html', parent: null }, sender },
      'analysis.run',
      { kind: 'dbscan', layer: 'incidents', eps: 500, minPoints: 5 },
      'c4',
    )) as { result?: { kind: string; summary: Record<string, unknown> }; error?: unknown };
    expect(run.error).toBeUndefined();
    expect(run.result?.kind).toBe('dbscan');
  }, 60_000);

  it('runs kernel density on the bundled analysis worker, lending it the bundled row thread', async () => {
    const api = rec.ipcHandle.get('api')!;
    const sender = { id: 1, send: () => {} };
    // The demo is small: lower the threshold so the run starts its helper from the bundle path.
    process.env.FRONTERA_KDE_HELPER_MIN_POINTS = '0';
    try {
      const run = (await api(
        { senderFrame: { url: 'app://frontera/index.html', parent: null }, sender },
        'analysis.run',
        { kind: 'kde', layer: 'incidents', cellSize: 100 },
        'c5',
      )) as { result?: { kind: string; summary: Record<string, unknown> }; error?: unknown };
      expect(run.error).toBeUndefined();
      expect(run.result?.kind).toBe('kde');
      expect(run.result?.summary.peakDensityPerKm2).toBeGreaterThan(0);
    } finally {
      delete process.env.FRONTERA_KDE_HELPER_MIN_POINTS;
    }
  }, 60_000);

  it('the bundled kdeRowWorker.cjs sweeps rows of a kernel density job', async () => {
    const worker = new Worker(path.join(tmp, 'dist-electron', 'kdeRowWorker.cjs'));
    try {
      const rnd = mulberry32(9);
      const n = 20_000;
      const x = Float64Array.from({ length: n }, () => 20_000 * rnd() * rnd());
      const y = Float64Array.from({ length: n }, () => 15_000 * rnd());
      const opts = { bandwidth: 800, cellSize: 50 };
      const alone = kde(x, y, null, opts);
      let reports = 0;
      const shared = kde(x, y, null, {
        ...opts,
        onProgress: () => void reports++,
        rowHelper: claimingHelper((job) => worker.postMessage(job)),
      });
      expect(Buffer.from(shared.values.buffer).equals(Buffer.from(alone.values.buffer))).toBe(true);
      // The caller reported one chunk per chunk it swept, and the end: fewer than all chunks.
      expect(reports - 1).toBeLessThan(Math.ceil(alone.rows / 8));
    } finally {
      await worker.terminate();
    }
  }, 60_000);
});
