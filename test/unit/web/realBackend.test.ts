/**
 * The web server over a real Backend on a temp workspace, driven by the renderer's own API
 * client (fetch + NDJSON) from Node: upload, preview, import with streamed progress, errors.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../../electron/backend/backend.ts';
import { startWebServer, type WebServer } from '../../../electron/backend/webServer.ts';
import { ApiCallError, createApiClient, httpTransport, uploadFiles, type ApiClient } from '../../../renderer/api/client.ts';
import { loadLayerFeatures } from '../../../renderer/api/layerData.ts';
import type { Progress } from '../../../shared/api/contract.ts';
import { ensureDemoWorkspace } from '../../../electron/main/workspaceLocation.ts';
import { ensureRendererBuilt } from '../../../scripts/web.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const fixtures = path.resolve(repoRoot, '..', 'shared', 'fixtures');
const placesBase = path.join(fixtures, 'natural-earth', 'clipped', 'ne_10m_populated_places_sonora_bc');

/** Node's File (global from Node 20) stands in for the browser's file picker. */
function fileOf(p: string): File {
  return new File([fs.readFileSync(p)], path.basename(p));
}

describe('web server with a real back end', () => {
  let tmp: string;
  let backend: Backend;
  let server: WebServer;
  let api: ApiClient;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-web-real-'));
    fs.mkdirSync(path.join(tmp, 'www'));
    fs.writeFileSync(path.join(tmp, 'www', 'index.html'), '<!doctype html>');
    backend = openBackend(path.join(tmp, 'w.frontera'), { create: true });
    server = await startWebServer({ api: backend, staticRoot: path.join(tmp, 'www'), log: () => {} });
    api = createApiClient(httpTransport(server.token, server.origin));
  });

  afterAll(async () => {
    await server?.close();
    backend?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('reports the workspace and an empty layer list', async () => {
    const info = await api['workspace.info']({});
    expect(info.path).toBe(path.join(tmp, 'w.frontera'));
    expect(info.layerCount).toBe(0);
    expect(await api['layers.list']({})).toEqual([]);
  });

  it('uploads a shapefile with its parts, previews and imports it with progress', async () => {
    const parts = ['shp', 'shx', 'dbf', 'prj', 'cpg'].map((ext) => fileOf(`${placesBase}.${ext}`));
    const uploads: Progress[] = [];
    const paths = await uploadFiles(server.token, parts, (p) => uploads.push(p), server.origin);
    expect(paths).toHaveLength(5);
    expect(new Set(paths.map((p) => path.dirname(p))).size).toBe(1);
    expect(uploads.at(-1)).toMatchObject({ phase: 'upload', done: uploads.at(-1)!.total });

    const shp = paths.find((p) => p.endsWith('.shp'))!;
    const preview = await api['import.preview']({ path: shp });
    expect(preview.format).toBe('shapefile');
    expect(preview.fields.map((f) => f.name)).toContain('NAME');
    expect(preview.sample.map((r) => r.NAME)).toContain('National City');

    const progress: Progress[] = [];
    const [summary] = await api['import.run']({ paths: [shp], options: { layer: 'places' } }, { onProgress: (p) => progress.push(p) });
    expect(summary.featureCount).toBe(12);
    expect(progress.length, 'progress lines streamed over NDJSON').toBeGreaterThan(0);
    const layers = await api['layers.list']({});
    expect(layers.map((l) => [l.name, l.featureCount, l.geometryType])).toEqual([['places', 12, 'Point']]);
    const fc = await api['layers.features']({ layerId: summary.layerId });
    const mexicali = fc.features.find((f) => f.properties?.NAME === 'Mexicali');
    expect(mexicali?.geometry).toMatchObject({ type: 'Point' });
    const [lon, lat] = (mexicali!.geometry as { coordinates: number[] }).coordinates;
    expect(lon).toBeCloseTo(-115.48196197377081, 6);
    expect(lat).toBeCloseTo(32.651928381221126, 6);
  });

  it('turns back-end problems into ApiCallError with file, row and reason', async () => {
    const csv = new File(['lat,lon,tipo\n32.45,-114.77,homicidio\nabc,-114.70,robo\n'], 'incidentes.csv');
    const [p] = await uploadFiles(server.token, [csv], undefined, server.origin);
    const err = await api['import.run']({ paths: [p], options: { layer: 'bad rows' } }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiCallError);
    expect(err.userFacing).toBe(true);
    expect(err.problems.length).toBeGreaterThan(0);
    expect(err.problems[0].file).toContain('incidentes.csv');
    expect(err.problems[0].location).toMatch(/row/);
    // Nothing half-imported.
    expect((await api['layers.list']({})).map((l) => l.name)).toEqual(['places']);

    const missing = await api['layers.get']({ layerId: 999 }).catch((e) => e);
    expect(missing).toBeInstanceOf(ApiCallError);
    expect(missing.status).toBe(400);
    // The client validates too: a wrong call never leaves the page.
    const invalid = await api['layers.get']({ layerId: 0 }).catch((e) => e);
    expect(invalid).toMatchObject({ status: 400, name: 'ApiInputError' });
  });

  it('loads a layer page by page, in the store’s order, ending with every feature once', async () => {
    const [layer] = await api['layers.list']({});
    const pages: number[] = [];
    const all = await loadLayerFeatures(api, layer, { pageSize: 5, onPage: (_fc, loaded) => pages.push(loaded) });
    expect(pages).toEqual([5, 10, 12]);
    const whole = await api['layers.features']({ layerId: layer.id });
    expect(all.features.map((f) => f.id)).toEqual(whole.features.map((f) => f.id));
    expect(new Set(all.features.map((f) => f.id)).size).toBe(12);
  });

  it('removes a layer', async () => {
    const [layer] = await api['layers.list']({});
    // `removed` counts the features that went with the layer.
    expect(await api['layers.remove']({ layerId: layer.id })).toEqual({ removed: 12 });
    expect(await api['layers.list']({})).toEqual([]);
  });
});

/** Starts `frontera serve …`; resolves to its URL once printed. */
function serve(args: string[]): { child: ReturnType<typeof spawn>; url: Promise<string> } {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'frontera.js'), 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 60_000);
    child.stdout!.on('data', (d) => {
      out += String(d);
      const m = /Open (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.stderr!.on('data', (d) => (out += String(d)));
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
  return { child, url };
}

describe('frontera serve', () => {
  it('prints a briefing for the page it serves: an output slot, briefing.print, the PDF downloaded', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-serve-print-'));
    await ensureRendererBuilt();
    const ws = path.join(tmp, 'demo.frontera');
    await ensureDemoWorkspace(ws);
    const { child, url } = serve([ws]);
    try {
      const u = new URL(await url);
      const token = u.searchParams.get('token')!;
      const post = (p: string, body?: unknown) =>
        fetch(`${u.origin}${p}`, { method: 'POST', headers: { 'x-frontera-token': token, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      const slot = ((await (await post('/output?name=informe.pdf')).json()) as { result: { path: string } }).result.path;
      const client = createApiClient(httpTransport(token, u.origin));
      const r = await client['briefing.print']({ options: { title: 'Informe de prueba' }, format: 'pdf', out: slot });
      expect(r).toMatchObject({ out: slot, pages: 1, pageSize: 'letter' });
      const pdf = Buffer.from(await (await post('/download', { path: slot })).arrayBuffer());
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const audit = await client['audit.list']({ limit: 5 });
      expect(audit.find((a) => a.action === 'briefing.print')).toMatchObject({ actor: 'web', details: { title: 'Informe de prueba' } });
    } finally {
      child.kill('SIGKILL');
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }, 180_000);

  it('prints a tokened loopback URL that answers API calls, and stops on SIGINT', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-serve-'));
    // serve needs a built renderer; the API is what this test is about, so a stand-in page will do.
    const ui = path.join(tmp, 'ui');
    fs.mkdirSync(ui);
    fs.writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>stand-in</title>');
    const { child, url } = serve([path.join(tmp, 's.frontera'), '--create', '--ui', ui]);
    try {
      const u = new URL(await url);
      const token = u.searchParams.get('token')!;
      const client = createApiClient(httpTransport(token, u.origin));
      expect((await client['workspace.info']({})).path).toBe(path.join(tmp, 's.frontera'));
      expect(await (await fetch(`${u.origin}/`)).text()).toContain('stand-in');
      const denied = await fetch(`${u.origin}/api/workspace.info`, { method: 'POST', body: '{}' });
      expect(denied.status).toBe(401);
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
