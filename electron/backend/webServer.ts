/**
 * The loopback web server behind `npm run web` / `frontera serve`: the built renderer plus the
 * typed API over HTTP, for analysts who run the app in a browser instead of Electron.
 *
 * Any page the user opens can send requests to 127.0.0.1, so the server trusts nothing it did
 * not hand out: it binds 127.0.0.1 only, answers only Host 127.0.0.1:PORT / localhost:PORT (DNS
 * rebinding), refuses foreign Origins, and serves the API only to requests carrying the per-run
 * token printed in the URL. Browser uploads land in a per-run temp dir, and the API as seen from
 * the web may only read and write files there — the page never learns or chooses other paths.
 *
 * Files the back end writes for the page (exports, printed briefings) go to an output slot the
 * page asks for (`POST /output?name=…`, a fresh folder under the upload dir) and come back to the
 * browser through `POST /download` as an attachment; a downloaded file is deleted.
 *
 * Wire format: `POST /api/<method>` with the JSON input as body. Without `Accept:
 * application/x-ndjson` the answer is plain JSON (`{ result }` or `{ error }` with 400/500).
 * With it, a call that reports progress switches to an NDJSON stream of `{ progress }` lines and
 * ends with one `{ result }` or `{ error: { status, … } }` line; a call that finishes before its
 * first progress report still gets plain JSON, so clients handle both.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { AddressInfo } from 'node:net';
import { OUTPUT_METHODS, isApiName, validateInput, type Api, type ApiName, type Progress } from '../../shared/api/contract.ts';
import { UserError, isUserError } from '../../shared/errors.ts';
import { userErrorTexts } from '../../shared/i18n/userErrorText.ts';
import { ImportError } from '../../shared/import/problems.ts';
import { CONTENT_SECURITY_POLICY, contentTypeFor, isInside, resolveStaticPath } from './staticFiles.ts';

const TOKEN_HEADER = 'x-frontera-token';
const NDJSON = 'application/x-ndjson';

const MAX_JSON_BODY = 16 * 1024 * 1024;
const MAX_UPLOAD = 4 * 1024 * 1024 * 1024;

export interface WebServerOptions {
  api: Api;
  /** Folder with the built renderer (index.html at its root). */
  staticRoot: string;
  /** 0 or absent: a free port. */
  port?: number;
  /** Absent: a fresh random token. */
  token?: string;
  /** Absent: a fresh temp dir, removed on close. */
  uploadDir?: string;
  /** Audit actor for API calls. */
  actor?: string;
  /** Internal errors are logged here with their stack (the client only sees a generic message). */
  log?: (line: string) => void;
}

export interface WebServer {
  /** The URL to open, token included. */
  url: string;
  origin: string;
  port: number;
  token: string;
  uploadDir: string;
  close(): Promise<void>;
}

type HttpError = { status: number; message: string };

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? crypto.randomBytes(24).toString('base64url');
  const ownUploadDir = !options.uploadDir;
  const uploadDir = fs.realpathSync(options.uploadDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-upload-')));
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  let port = 0;

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e) => {
      log(`web server: ${(e as Error)?.stack ?? String(e)}`);
      if (!res.headersSent) sendJson(res, 500, { error: { message: 'internal error' } });
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    setCommonHeaders(res);
    const denied = checkHostAndOrigin(req, port);
    if (denied) return sendJson(res, denied.status, { error: { message: denied.message } });
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);

    if (url.pathname.startsWith('/api/') || url.pathname === '/upload' || url.pathname === '/output' || url.pathname === '/download') {
      if (!hasToken(req, token)) return sendJson(res, 401, { error: { message: 'missing or wrong token' } });
      if (req.method !== 'POST') return sendJson(res, 405, { error: { message: 'use POST' } });
      if (url.pathname === '/upload') return handleUpload(req, res, url, uploadDir);
      if (url.pathname === '/output') return handleOutputSlot(res, url, outputsDir(uploadDir));
      if (url.pathname === '/download') return handleDownload(req, res, outputsDir(uploadDir));
      return handleApi(req, res, url.pathname.slice('/api/'.length));
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendText(res, 405, 'method not allowed');
    }
    const file = resolveStaticPath(options.staticRoot, url.pathname);
    if (!file) return sendText(res, 404, 'not found');
    const stat = fs.statSync(file);
    res.writeHead(200, {
      'Content-Type': contentTypeFor(file),
      'Content-Length': stat.size,
      'Cache-Control': 'no-cache',
    });
    if (req.method === 'HEAD') return void res.end();
    await pipeline(fs.createReadStream(file), res);
  }

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, method: string): Promise<void> {
    if (!isApiName(method)) return sendJson(res, 404, { error: { message: `unknown API method: ${method}` } });
    let input: unknown;
    try {
      const body = await readBody(req, MAX_JSON_BODY);
      input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch (e) {
      const message = e instanceof BodyTooLarge ? e.message : 'request body is not valid JSON';
      return sendJson(res, 400, { error: { message } });
    }

    const wantsStream = (req.headers.accept ?? '').includes(NDJSON);
    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    let streaming = false;
    const onProgress = (p: Progress) => {
      if (!wantsStream || abort.signal.aborted) return;
      if (!streaming) {
        streaming = true;
        res.writeHead(200, { 'Content-Type': `${NDJSON}; charset=utf-8`, 'Cache-Control': 'no-store' });
      }
      res.write(JSON.stringify({ progress: p }) + '\n');
    };

    try {
      const valid = validateInput(method, input);
      confinePaths(method, valid as Record<string, unknown>, uploadDir);
      const call = options.api[method] as (i: unknown, ctx: object) => Promise<unknown>;
      const result = await call.call(options.api, valid, {
        onProgress,
        signal: abort.signal,
        actor: options.actor ?? 'web',
      });
      if (streaming) res.end(JSON.stringify({ result }) + '\n');
      else sendJson(res, 200, { result });
    } catch (e) {
      const { status, body } = errorBody(e);
      if (status === 500) log(`web server: ${method}: ${(e as Error)?.stack ?? String(e)}`);
      if (streaming) res.end(JSON.stringify({ error: { status, ...body } }) + '\n');
      else if (!res.headersSent) sendJson(res, status, { error: body });
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/?token=${encodeURIComponent(token)}`,
    origin,
    port,
    token,
    uploadDir,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (ownUploadDir) fs.rmSync(uploadDir, { recursive: true, force: true });
    },
  };
}

function setCommonHeaders(res: http.ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
}

/** 403 unless Host names our loopback port and any Origin / fetch site is our own. */
function checkHostAndOrigin(req: http.IncomingMessage, port: number): HttpError | null {
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  const host = (req.headers.host ?? '').toLowerCase();
  if (!allowedHosts.includes(host)) return { status: 403, message: 'forbidden host' };
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedHosts.some((h) => origin.toLowerCase() === `http://${h}`)) {
    return { status: 403, message: 'forbidden origin' };
  }
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return { status: 403, message: 'forbidden cross-site request' };
  return null;
}

function hasToken(req: http.IncomingMessage, token: string): boolean {
  const given = req.headers[TOKEN_HEADER];
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

const PATH_KEYS = new Set(['path', 'paths', 'out', 'file', 'files', 'dir']);

/** Output slots live here, apart from uploads, so only what the back end wrote can be downloaded. */
function outputsDir(uploadDir: string): string {
  return path.join(uploadDir, 'outputs');
}

/**
 * The page can only name files it uploaded, and write only to output slots it was given:
 * whatever path-like input a method takes, from the web it must point inside the upload dir,
 * and an output method's `out` inside an output slot.
 */
function confinePaths(method: ApiName, input: Record<string, unknown>, uploadDir: string): void {
  for (const [key, value] of Object.entries(input ?? {})) {
    if (!PATH_KEYS.has(key)) continue;
    const list = Array.isArray(value) ? value : [value];
    const isOutput = key === 'out' && (OUTPUT_METHODS as readonly string[]).includes(method);
    for (const p of list) {
      if (typeof p !== 'string') continue;
      if (isOutput) {
        if (!path.isAbsolute(p) || !isInside(outputsDir(uploadDir), path.resolve(p))) {
          throw new UserError(`${method}: "${p}" is not an output slot of this page; ask for one with POST /output`);
        }
      } else if (!path.isAbsolute(p) || !isInside(uploadDir, path.resolve(p))) {
        throw new UserError(`${method}: "${p}" is not an uploaded file; in the browser, add files with the import dialog`);
      }
    }
  }
}

function errorBody(e: unknown): { status: number; body: Record<string, unknown> } {
  if (e instanceof ImportError) {
    return { status: 400, body: { name: e.name, message: e.message, problems: e.problems, total: e.total } };
  }
  if (isUserError(e)) return { status: 400, body: { name: e.name, message: e.message, messages: userErrorTexts(e) } };
  if ((e as Error)?.name === 'AbortError') return { status: 499, body: { name: 'AbortError', message: 'cancelled' } };
  return { status: 500, body: { message: 'internal error (details are in the server log)' } };
}

const SAFE_NAME = /^[^/\\\0:*?"<>|]{1,200}$/;
const BATCH = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * `POST /upload?batch=<id>&name=<file name>` with the raw bytes as body. Files of one batch share
 * a folder, so a shapefile's .shp/.dbf/.shx/.prj find each other as the importer expects.
 */
async function handleUpload(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
  uploadDir: string,
): Promise<void> {
  const batch = url.searchParams.get('batch') ?? '';
  const name = url.searchParams.get('name') ?? '';
  if (!BATCH.test(batch)) return sendJson(res, 400, { error: { message: 'upload: bad or missing batch id' } });
  if (!SAFE_NAME.test(name) || name === '.' || name === '..' || name.trim() !== name) {
    return sendJson(res, 400, { error: { message: `upload: "${name}" is not a plain file name` } });
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_UPLOAD) return sendJson(res, 413, { error: { message: `upload: ${name} is larger than 4 GiB` } });
  const dir = path.join(uploadDir, batch);
  fs.mkdirSync(dir, { recursive: true });
  const target = path.join(dir, name);
  if (!isInside(dir, target)) return sendJson(res, 400, { error: { message: `upload: "${name}" is not a plain file name` } });
  await pipeline(req, fs.createWriteStream(target));
  sendJson(res, 200, { result: { path: target, size: fs.statSync(target).size } });
}

/**
 * `POST /output?name=<file name>`: a fresh folder for one export or print; answers the path the
 * page passes as the method's `out`. Sidecars the back end writes beside it land in the same folder.
 */
function handleOutputSlot(res: http.ServerResponse, url: URL, dir: string): void {
  const name = url.searchParams.get('name') ?? '';
  if (!SAFE_NAME.test(name) || name === '.' || name === '..' || name.trim() !== name || name.startsWith('.')) {
    return sendJson(res, 400, { error: { message: `output: "${name}" is not a plain file name` } });
  }
  const slot = path.join(dir, crypto.randomBytes(12).toString('hex'));
  fs.mkdirSync(slot, { recursive: true });
  sendJson(res, 200, { result: { path: path.join(slot, name) } });
}

/**
 * `POST /download` with `{ "path": … }`, a file the back end wrote into an output slot: sent as
 * an attachment, then deleted (with its slot once empty) — the browser keeps the only copy.
 */
async function handleDownload(req: http.IncomingMessage, res: http.ServerResponse, dir: string): Promise<void> {
  let file: unknown;
  try {
    file = (JSON.parse((await readBody(req, 64 * 1024)).toString('utf8')) as { path?: unknown }).path;
  } catch {
    return sendJson(res, 400, { error: { message: 'download: the body must be {"path": …}' } });
  }
  if (typeof file !== 'string' || !path.isAbsolute(file) || !isInside(dir, path.resolve(file))) {
    return sendJson(res, 403, { error: { message: 'download: not a file this server wrote' } });
  }
  const target = path.resolve(file);
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat?.isFile()) return sendJson(res, 404, { error: { message: `download: ${path.basename(target)} is not there (already downloaded?)` } });
  const stream = fs.createReadStream(target);
  await new Promise((resolve, reject) => stream.once('open', resolve).once('error', reject));
  // Open, the file can go at once (POSIX keeps it readable through the descriptor): when the
  // browser has it, the server has no copy left. Where it cannot (Windows), it goes after.
  const remove = () => {
    fs.rmSync(target, { force: true });
    const slot = path.dirname(target);
    if (fs.readdirSync(slot).length === 0) fs.rmSync(slot, { recursive: true, force: true });
  };
  let removed = false;
  try {
    remove();
    removed = true;
  } catch {
    // still open elsewhere: removed below
  }
  res.writeHead(200, {
    'Content-Type': 'application/octet-stream',
    'Content-Length': stat.size,
    'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(path.basename(target))}`,
    'Cache-Control': 'no-store',
  });
  try {
    await pipeline(stream, res);
  } finally {
    if (!removed) remove();
  }
}

class BodyTooLarge extends Error {}

async function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge(`request body is larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

function sendText(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
