/**
 * The loopback web server, beyond test/unit/web/webServer.test.ts: the socket it listens on is
 * 127.0.0.1 (not ::, not 0.0.0.0, not ::1), and the gates hold for the tricks that file does
 * not try — the token in the query string instead of the header, Origin "null" (sandboxed
 * iframes, file: pages), absolute-form request targets naming another host, Host with a
 * trailing dot or userinfo, IPv6 loopback, and more encodings of traversal (double-encoded,
 * overlong UTF-8, mixed case, absolute paths, Windows drive letters).
 */
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../../../shared/api/contract.ts';
import { startWebServer, type WebServer } from '../../../electron/backend/webServer.ts';

let tmp: string;
let server: WebServer;
let calls = 0;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-loopback-'));
  const root = path.join(tmp, 'www');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>app</title>');
  fs.writeFileSync(path.join(tmp, 'secret.txt'), 'TOP SECRET');
  const api = {
    'workspace.info': async () => {
      calls++;
      return { path: '/w.frontera', timezone: 'America/Tijuana', layerCount: 0, fingerprint: 'x', schemaVersion: 1 };
    },
  } as unknown as Api;
  server = await startWebServer({ api, staticRoot: root, log: () => {} });
});

afterAll(async () => {
  await server.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A raw HTTP/1.1 request over a socket: nothing normalised (request target, Host) on the way. */
function raw(lines: string[], body = ''): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const s = net.connect(server.port, '127.0.0.1', () => {
      s.write([...lines, `Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close', '', body].join('\r\n'));
    });
    let data = '';
    s.on('data', (d) => (data += d));
    s.on('end', () => resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(data)?.[1] ?? 0), text: data }));
    s.on('error', reject);
  });
}

const host = () => `Host: 127.0.0.1:${server.port}`;

describe('loopback web server: binding', () => {
  it('listens on 127.0.0.1 only', async () => {
    expect(new URL(server.url).hostname).toBe('127.0.0.1');
    // Not on the IPv6 loopback nor on any other address of this machine.
    await expect(
      new Promise((resolve, reject) => {
        const s = net.connect(server.port, '::1', () => {
          s.destroy();
          resolve('connected');
        });
        s.on('error', reject);
      }),
    ).rejects.toThrow();
    const r = await raw([`GET / HTTP/1.1`, host()]);
    expect(r.status).toBe(200);
  });
});

describe('loopback web server: token, Origin and Host', () => {
  it('does not take the token from the query string (it must come as the header)', async () => {
    const r = await raw([`POST /api/workspace.info?token=${encodeURIComponent(server.token)} HTTP/1.1`, host(), 'Content-Type: application/json'], '{}');
    expect(r.status).toBe(401);
    expect(calls).toBe(0);
  });

  it('refuses Origin: null and foreign origins that look local', async () => {
    for (const origin of ['null', `http://127.0.0.1.evil.example:${server.port}`, `http://localhost.:${server.port}`, `https://127.0.0.1:${server.port}`, `http://[::1]:${server.port}`]) {
      const r = await raw([`POST /api/workspace.info HTTP/1.1`, host(), `Origin: ${origin}`, `X-Frontera-Token: ${server.token}`, 'Content-Type: application/json'], '{}');
      expect(r.status, origin).toBe(403);
    }
    expect(calls).toBe(0);
  });

  it('refuses rebinding Host headers: other names, trailing dot, userinfo, IPv6, missing', async () => {
    for (const h of [`evil.example:${server.port}`, `localhost.:${server.port}`, `127.0.0.1.:${server.port}`, `user@127.0.0.1:${server.port}`, `[::1]:${server.port}`, `0.0.0.0:${server.port}`, `127.1:${server.port}`]) {
      const r = await raw([`POST /api/workspace.info HTTP/1.1`, `Host: ${h}`, `X-Frontera-Token: ${server.token}`, 'Content-Type: application/json'], '{}');
      expect(r.status, h).toBe(403);
      expect((await raw([`GET / HTTP/1.1`, `Host: ${h}`])).status, h).toBe(403);
    }
    // HTTP/1.0 without Host at all.
    expect((await raw([`GET / HTTP/1.0`])).status).toBe(403);
    expect(calls).toBe(0);
  });

  it('does not let an absolute-form request target stand in for the Host', async () => {
    const r = await raw([`GET http://evil.example/ HTTP/1.1`, 'Host: evil.example']);
    expect(r.status).toBe(403);
  });

  it('still answers the right token from its own origin (the gates are not simply closed)', async () => {
    const r = await raw([`POST /api/workspace.info HTTP/1.1`, host(), `Origin: http://127.0.0.1:${server.port}`, `X-Frontera-Token: ${server.token}`, 'Content-Type: application/json'], '{}');
    expect(r.status).toBe(200);
    expect(calls).toBe(1);
  });
});

describe('loopback web server: paths outside its root', () => {
  it('answers 404 to every traversal encoding and never the secret', async () => {
    for (const p of [
      '/..%2fsecret.txt',
      '/%2E%2E/secret.txt',
      '/%252e%252e/secret.txt',
      '/%c0%ae%c0%ae/secret.txt',
      '/.%2e/secret.txt',
      '/assets/..;/..;/secret.txt',
      `/${encodeURIComponent(path.join(tmp, 'secret.txt'))}`,
      `//${path.join(tmp, 'secret.txt').slice(1)}`,
      '/C:%5cWindows%5cwin.ini',
      '/%5c..%5csecret.txt',
      '/index.html%00.js',
      '/....//secret.txt',
    ]) {
      const r = await raw([`GET ${p} HTTP/1.1`, host()]);
      expect(r.status, p).toBe(404);
      expect(r.text).not.toContain('TOP SECRET');
    }
  });

  it('resolves plain dot segments inside the root only: /assets/../index.html is its own page, /../../secret.txt is not the file above', async () => {
    const get = (p: string) =>
      new Promise<{ status: number; body: string }>((resolve) =>
        http.get({ host: '127.0.0.1', port: server.port, path: p, headers: { host: `127.0.0.1:${server.port}` } }, (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        }),
      );
    expect((await get('/assets/../index.html')).status).toBe(200);
    for (const p of ['/../../secret.txt', '/assets/../../secret.txt', '/./../secret.txt']) {
      const r = await get(p);
      expect(r.status, p).toBe(404);
      expect(r.body).not.toContain('TOP SECRET');
    }
  });
});
