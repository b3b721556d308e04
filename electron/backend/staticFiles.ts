/**
 * Maps a URL path onto a file under one root, for the loopback web server and the Electron
 * app:// protocol alike. Anything that could escape the root (.., encoded separators, NUL,
 * symlinks pointing outside) resolves to null, which both hosts answer with 404.
 */
import fs from 'node:fs';
import path from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.geojson': 'application/geo+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeFor(file: string): string {
  return contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** The Content-Security-Policy every page of the app is served with (browser and Electron). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Resolves `urlPath` (the path part of a request URL, still percent-encoded) to an existing
 * regular file inside `root`, or null. `/` and directory paths map to their index.html.
 */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  // Backslashes and NUL never belong in our asset names; refusing them closes Windows-style
  // traversal (`..\`) and truncation tricks before path.join sees them.
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s === '..' || s === '.')) return null;
  const rootAbs = path.resolve(root);
  let candidate = path.join(rootAbs, ...segments);
  if (!isInside(rootAbs, candidate)) return null;
  try {
    let stat = fs.statSync(candidate);
    if (stat.isDirectory()) {
      candidate = path.join(candidate, 'index.html');
      stat = fs.statSync(candidate);
    }
    if (!stat.isFile()) return null;
    // A symlink inside the root may still point outside it.
    const real = fs.realpathSync(candidate);
    if (!isInside(fs.realpathSync(rootAbs), real)) return null;
    return real;
  } catch {
    return null;
  }
}

export function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
