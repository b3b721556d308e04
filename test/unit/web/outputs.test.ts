/**
 * Files the back end writes for the browser (exports, prints): the page asks for an output slot,
 * the method writes there, the browser downloads it once; the page can neither write elsewhere
 * nor download anything it did not have written (an upload, a file outside the slots).
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../../electron/backend/backend.ts';
import { startWebServer, type WebServer } from '../../../electron/backend/webServer.ts';
import { repoRoot } from '../../../scripts/web.ts';

const PLACES = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'natural-earth', 'clipped', 'ne_10m_populated_places_sonora_bc.shp');

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

let tmp: string;
let backend: Backend;
let server: WebServer;
let layerId: number;

function post(url: string, body?: unknown, token?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        method: 'POST',
        path: url,
        headers: { 'content-type': 'application/json', 'x-frontera-token': token ?? server.token, host: `127.0.0.1:${server.port}` },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : Buffer.isBuffer(body) ? body : JSON.stringify(body));
  });
}
const json = (r: Reply) => JSON.parse(r.body.toString('utf8')) as { result?: Record<string, unknown>; error?: { message: string } };

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-outputs-'));
  backend = openBackend(path.join(tmp, 'w.frontera'), { create: true });
  [{ layerId }] = await backend['import.run']({ paths: [PLACES], options: { layer: 'poblaciones' } });
  fs.mkdirSync(path.join(tmp, 'www'));
  fs.writeFileSync(path.join(tmp, 'www', 'index.html'), '<!doctype html>');
  server = await startWebServer({ api: backend, staticRoot: path.join(tmp, 'www'), log: () => {} });
});

afterAll(async () => {
  await server?.close();
  backend?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('output slots and downloads of the loopback server', () => {
  it('exports into a slot, downloads the file once as an attachment, then it is gone', async () => {
    const slot = json(await post('/output?name=poblaciones.geojson')).result!.path as string;
    expect(path.dirname(path.dirname(slot))).toBe(path.join(server.uploadDir, 'outputs'));
    const exported = await post('/api/export.layer', { layerId, out: slot });
    expect(exported.status).toBe(200);
    expect(json(exported).result).toEqual({ path: slot, count: 12, files: [slot] });
    const written = fs.readFileSync(slot);

    const got = await post('/download', { path: slot });
    expect(got.status).toBe(200);
    expect(got.headers['content-disposition']).toBe("attachment; filename*=UTF-8''poblaciones.geojson");
    expect(got.body.equals(written)).toBe(true);
    expect((JSON.parse(got.body.toString('utf8')) as { features: unknown[] }).features).toHaveLength(12);
    expect(fs.existsSync(slot)).toBe(false);
    expect(fs.existsSync(path.dirname(slot))).toBe(false);
    const again = await post('/download', { path: slot });
    expect(again.status).toBe(404);
  });

  it('each slot is a fresh folder; names that are not plain file names are refused', async () => {
    const a = json(await post('/output?name=a.csv')).result!.path as string;
    const b = json(await post('/output?name=a.csv')).result!.path as string;
    expect(path.dirname(a)).not.toBe(path.dirname(b));
    for (const name of ['../x.csv', 'a/b.csv', '.hidden', '', '..']) {
      expect((await post(`/output?name=${encodeURIComponent(name)}`)).status, name).toBe(400);
    }
  });

  it('an output method may write only into a slot: not beside the uploads, not anywhere else', async () => {
    const upload = path.join(server.uploadDir, 'batch0001');
    fs.mkdirSync(upload, { recursive: true });
    for (const out of [path.join(upload, 'x.geojson'), path.join(tmp, 'x.geojson'), 'x.geojson', path.join(server.uploadDir, 'outputs', '..', 'x.geojson')]) {
      const r = await post('/api/export.layer', { layerId, out });
      expect(r.status, out).toBe(400);
      expect(json(r).error!.message).toMatch(/not an output slot/);
    }
    const print = await post('/api/briefing.print', { options: {}, format: 'pdf', out: path.join(tmp, 'b.pdf') });
    expect(json(print).error!.message).toMatch(/not an output slot/);
    expect(fs.existsSync(path.join(tmp, 'x.geojson'))).toBe(false);
  });

  it('downloads only what the back end wrote into a slot, and only with the token', async () => {
    const upload = path.join(server.uploadDir, 'batch0002', 'secreto.csv');
    fs.mkdirSync(path.dirname(upload), { recursive: true });
    fs.writeFileSync(upload, 'lat,lon\n');
    for (const p of [upload, path.join(tmp, 'w.frontera'), '/etc/passwd', 'relative.txt']) {
      const r = await post('/download', { path: p });
      expect(r.status, p).toBe(403);
    }
    expect((await post('/download', 'not an object')).status).toBe(403);
    expect((await post('/download', Buffer.from('{"path": '))).status).toBe(400);
    const slot = json(await post('/output?name=p.csv')).result!.path as string;
    await post('/api/export.layer', { layerId, out: slot });
    expect((await post('/download', { path: slot }, 'wrong-token')).status).toBe(401);
    expect(fs.existsSync(slot)).toBe(true);
  });

  it('a back end without a printer says so instead of printing', async () => {
    const slot = json(await post('/output?name=b.pdf')).result!.path as string;
    const r = await post('/api/briefing.print', { options: {}, format: 'pdf', out: slot });
    expect(r.status).toBe(400);
    expect(json(r).error!.message).toMatch(/printing a briefing is not available/);
  });
});
