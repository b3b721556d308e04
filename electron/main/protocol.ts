/**
 * The app:// protocol: the built renderer served from one folder, like the web server does,
 * with the same CSP and the same path-traversal rules (electron/backend/staticFiles.ts). Pages are
 * never loaded from file://, which would give them every file on disk as their origin.
 */
import fs from 'node:fs';
import { CONTENT_SECURITY_POLICY, contentTypeFor, resolveStaticPath } from '../backend/staticFiles.ts';
import { isAppUrl } from './guards.ts';

export async function serveAppRequest(root: string, request: { url: string; method: string }): Promise<Response> {
  const headers = {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
  };
  if (!isAppUrl(request.url)) return new Response('not found', { status: 404, headers });
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('method not allowed', { status: 405, headers });
  // new URL() would already have removed `..` segments; read the raw path so traversal is seen and refused.
  const rawPath = request.url.replace(/^[a-z]+:\/\/[^/]*/i, '').split(/[?#]/)[0] || '/';
  const file = resolveStaticPath(root, rawPath);
  if (!file) return new Response('not found', { status: 404, headers });
  const body = request.method === 'HEAD' ? null : await fs.promises.readFile(file);
  return new Response(body, { status: 200, headers: { ...headers, 'Content-Type': contentTypeFor(file) } });
}
