import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api, CallContext } from '../../../shared/api/contract.ts';
import { UserError } from '../../../shared/errors.ts';
import { ImportError } from '../../../shared/import/problems.ts';
import { startWebServer, type WebServer } from '../../../electron/backend/webServer.ts';

/** A stand-in back end whose methods record what they were given; the real one is tested below. */
function fakeApi(calls: { method: string; input: unknown; ctx?: CallContext }[]): Api {
  const record = (method: string) => async (input: unknown, ctx?: CallContext) => {
    calls.push({ method, input, ctx });
    return undefined as never;
  };
  const api: Partial<Api> = {
    'workspace.info': async (input, ctx) => {
      calls.push({ method: 'workspace.info', input, ctx });
      return { path: '/w.frontera', timezone: 'America/Tijuana', layerCount: 0, fingerprint: 'x', schemaVersion: 1 };
    },
    'layers.list': async () => {
      throw new Error('database is locked at /secret/path');
    },
    'layers.get': async ({ layerId }) => {
      throw new UserError(`no layer with id ${layerId}`);
    },
    'layers.remove': record('layers.remove') as Api['layers.remove'],
    'layers.features': async (input, ctx) => {
      // A slow call that reports progress and honours cancellation.
      calls.push({ method: 'layers.features', input, ctx });
      for (let i = 1; i <= 3; i++) {
        ctx?.onProgress?.({ phase: 'read', done: i, total: 3 });
        await new Promise((r) => setTimeout(r, 20));
        if (ctx?.signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
      }
      return { type: 'FeatureCollection', features: [] };
    },
    'import.preview': async ({ path: p }) => {
      throw new ImportError([{ file: p, location: 'row 3', index: 2, reason: 'latitude "abc" is not a number' }]);
    },
    'import.run': record('import.run') as Api['import.run'],
    'export.layer': record('export.layer') as Api['export.layer'],
    'audit.list': async () => [],
  };
  return api as Api;
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Raw requests: fetch would normalise `..` in paths and refuses to set Host. */
function request(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

describe('loopback web server', () => {
  let tmp: string;
  let root: string;
  let server: WebServer;
  const calls: { method: string; input: unknown; ctx?: CallContext }[] = [];

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-web-test-'));
    root = path.join(tmp, 'www');
    fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>app</title>');
    fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
    fs.writeFileSync(path.join(tmp, 'secret.txt'), 'TOP SECRET');
    fs.symlinkSync(path.join(tmp, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
    server = await startWebServer({ api: fakeApi(calls), staticRoot: root, log: () => {} });
  });

  afterAll(async () => {
    await server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const api = (method: string, body: unknown, headers: Record<string, string> = {}) =>
    request(server.port, {
      method: 'POST',
      path: `/api/${method}`,
      headers: { 'content-type': 'application/json', 'x-frontera-token': server.token, host: `127.0.0.1:${server.port}`, ...headers },
      body: JSON.stringify(body),
    });

  it('listens on 127.0.0.1 only and prints a URL carrying the token', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${encodeURIComponent(server.token)}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (external) {
      // Not reachable from the machine's own network address.
      await expect(
        new Promise((resolve, reject) => {
          const req = http.get({ host: external.address, port: server.port, path: '/', timeout: 2000 }, resolve);
          req.on('error', reject);
          req.on('timeout', () => req.destroy(new Error('timeout')));
        }),
      ).rejects.toThrow();
    }
  });

  it('serves the renderer with the CSP and without needing the token', async () => {
    const r = await request(server.port, { path: '/', headers: { host: `127.0.0.1:${server.port}` } });
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>app</title>');
    expect(r.headers['content-security-policy']).toBe(
      "default-src 'self'; script-src 'self'; worker-src 'self' blob:; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    const js = await request(server.port, { path: '/assets/app.js', headers: { host: `localhost:${server.port}` } });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
  });

  it('answers 401 to API calls without the token or with a wrong one', async () => {
    const none = await request(server.port, { method: 'POST', path: '/api/workspace.info', headers: { host: `127.0.0.1:${server.port}` }, body: '{}' });
    expect(none.status).toBe(401);
    // Change the last character to one it is not: a fixed 'x' equals the real one 1 time in 64.
    const wrongToken = server.token.slice(0, -1) + (server.token.endsWith('x') ? 'y' : 'x');
    const wrong = await api('workspace.info', {}, { 'x-frontera-token': wrongToken });
    expect(wrong.status).toBe(401);
    const upload = await request(server.port, { method: 'POST', path: '/upload?batch=abcdefgh1&name=a.csv', headers: { host: `127.0.0.1:${server.port}` }, body: 'x' });
    expect(upload.status).toBe(401);
    expect(calls.filter((c) => c.method === 'workspace.info')).toHaveLength(0);
  });

  it('answers 403 to a foreign Origin or Host (DNS rebinding), even with the token', async () => {
    expect((await api('workspace.info', {}, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await api('workspace.info', {}, { origin: `http://127.0.0.1:${server.port + 1}` })).status).toBe(403);
    expect((await api('workspace.info', {}, { host: `evil.example:${server.port}` })).status).toBe(403);
    expect((await api('workspace.info', {}, { host: '127.0.0.1' })).status).toBe(403);
    expect((await request(server.port, { path: '/', headers: { host: `rebind.example:${server.port}` } })).status).toBe(403);
    expect((await api('workspace.info', {}, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect(calls.filter((c) => c.method === 'workspace.info')).toHaveLength(0);
  });

  it('refuses paths outside its root (traversal, encoded, backslash, symlink) with 404', async () => {
    const host = { host: `127.0.0.1:${server.port}` };
    for (const p of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/assets/link.txt',
      '/%00index.html',
      '/nope.js',
    ]) {
      const r = await request(server.port, { path: p, headers: host });
      expect(r.status, p).toBe(404);
      expect(r.body).not.toContain('TOP SECRET');
    }
  });

  it('calls the API with validated input and returns the result', async () => {
    const r = await api('workspace.info', {});
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({
      result: { path: '/w.frontera', timezone: 'America/Tijuana', layerCount: 0, fingerprint: 'x', schemaVersion: 1 },
    });
    expect(calls.find((c) => c.method === 'workspace.info')?.ctx?.actor).toBe('web');
  });

  it('rejects invalid input with 400 naming the field, before the back end sees it', async () => {
    const before = calls.length;
    const r = await api('layers.remove', { layerId: -3 });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).error.message).toMatch(/layers\.remove.*layerId/);
    const extra = await api('layers.remove', { layerId: 1, sql: 'drop table' });
    expect(extra.status).toBe(400);
    const notJson = await request(server.port, {
      method: 'POST',
      path: '/api/layers.remove',
      headers: { 'x-frontera-token': server.token, host: `127.0.0.1:${server.port}` },
      body: '{layerId: 1',
    });
    expect(notJson.status).toBe(400);
    expect((await api('nope.method', {})).status).toBe(404);
    expect((await api('__proto__', {})).status).toBe(404);
    expect(calls.length).toBe(before);
  });

  it('maps UserError to 400 with its message, ImportError with its problems, anything else to a generic 500', async () => {
    const user = await api('layers.get', { layerId: 7 });
    expect(user.status).toBe(400);
    expect(JSON.parse(user.body).error.message).toBe('no layer with id 7');

    const p = path.join(server.uploadDir, 'b1234567', 'x.csv');
    const imp = await api('import.preview', { path: p });
    expect(imp.status).toBe(400);
    expect(JSON.parse(imp.body).error.problems).toEqual([{ file: p, location: 'row 3', index: 2, reason: 'latitude "abc" is not a number' }]);

    const internal = await api('layers.list', {});
    expect(internal.status).toBe(500);
    expect(internal.body).not.toContain('/secret/path');
    expect(internal.body).not.toContain('at ');
  });

  it('streams progress as NDJSON when asked, ending with the result', async () => {
    const r = await api('layers.features', { layerId: 1 }, { accept: 'application/x-ndjson' });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/application\/x-ndjson/);
    const lines = r.body.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.slice(0, 3)).toEqual([1, 2, 3].map((done) => ({ progress: { phase: 'read', done, total: 3 } })));
    expect(lines[3]).toEqual({ result: { type: 'FeatureCollection', features: [] } });
    // Without the Accept header the same call answers plain JSON.
    const plain = await api('layers.features', { layerId: 1 });
    expect(JSON.parse(plain.body)).toEqual({ result: { type: 'FeatureCollection', features: [] } });
  });

  it('aborts the back-end call when the client goes away', async () => {
    const before = calls.filter((c) => c.method === 'layers.features').length;
    await new Promise<void>((resolve) => {
      const req = http.request({
        host: '127.0.0.1',
        port: server.port,
        method: 'POST',
        path: '/api/layers.features',
        headers: { 'x-frontera-token': server.token, accept: 'application/x-ndjson' },
      });
      req.on('response', (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', () => {});
      req.end(JSON.stringify({ layerId: 2 }));
    });
    const call = calls.filter((c) => c.method === 'layers.features')[before];
    // The server sees the connection close when its event loop gets to it: wait for the abort, not a fixed time.
    const signal = call.ctx!.signal!;
    if (!signal.aborted) await new Promise((r) => signal.addEventListener('abort', r, { once: true }));
    expect(signal.aborted).toBe(true);
  });

  it('stores uploads per batch inside the upload dir and refuses unsafe names', async () => {
    const body = Buffer.from('lat,lon\n32.45,-114.77\n');
    const r = await request(server.port, {
      method: 'POST',
      path: `/upload?batch=batch0001&name=${encodeURIComponent('incidentes señal.csv')}`,
      headers: { 'x-frontera-token': server.token, host: `127.0.0.1:${server.port}` },
      body,
    });
    expect(r.status).toBe(200);
    const saved = JSON.parse(r.body).result.path as string;
    expect(saved).toBe(path.join(server.uploadDir, 'batch0001', 'incidentes señal.csv'));
    expect(fs.readFileSync(saved)).toEqual(body);

    for (const [batch, name] of [
      ['batch0001', '../evil.csv'],
      ['batch0001', '..'],
      ['batch0001', 'a/b.csv'],
      ['batch0001', 'a\\b.csv'],
      ['../../x1', 'a.csv'],
      ['short', 'a.csv'],
    ]) {
      const bad = await request(server.port, {
        method: 'POST',
        path: `/upload?batch=${encodeURIComponent(batch)}&name=${encodeURIComponent(name)}`,
        headers: { 'x-frontera-token': server.token, host: `127.0.0.1:${server.port}` },
        body: 'x',
      });
      expect(bad.status, `${batch}/${name}`).toBe(400);
    }
    expect(fs.existsSync(path.join(server.uploadDir, 'evil.csv'))).toBe(false);
  });

  it('lets the page import and export only inside the upload dir', async () => {
    const before = calls.length;
    const outside = await api('import.run', { paths: ['/etc/passwd'] });
    expect(outside.status).toBe(400);
    expect(JSON.parse(outside.body).error.message).toMatch(/not an uploaded file/);
    const sneaky = await api('import.run', { paths: [path.join(server.uploadDir, '..', 'x.csv')] });
    expect(sneaky.status).toBe(400);
    const relative = await api('export.layer', { layerId: 1, out: 'out.geojson' });
    expect(relative.status).toBe(400);
    expect(calls.length).toBe(before);
    const inside = await api('import.run', { paths: [path.join(server.uploadDir, 'batch0001', 'incidentes señal.csv')] });
    expect(inside.status).toBe(200);
    expect(calls.at(-1)?.method).toBe('import.run');
  });
});
