/**
 * Zero network, statically and at run time.
 *
 * (a) The built renderer (dist-renderer, built if missing or stale) is scanned for remote URLs
 *     — http(s)://, ws(s)://, protocol-relative //host — in every script, style sheet and page.
 *     Each one found is listed and must be in the allow-list below with the reason it is inert;
 *     none may sit where the browser would request it (fetch/XHR/WebSocket/Worker/importScripts,
 *     a src= or url(), a map style's tiles/glyphs/sprite/url).
 * (b) The back end: import → DBSCAN, KDE, Gi* → export through the Backend while
 *     net.Socket#connect, dns.lookup/resolve, http(s).request/get, tls.connect, dgram and fetch
 *     are wrapped to record any call — on the main thread and, through a wrapped Worker
 *     constructor, inside the analysis worker thread too. Nothing may be recorded; a control
 *     call first shows the recorder sees a connection attempt on both threads.
 */
import dgram from 'node:dgram';
import dns from 'node:dns';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { fileURLToPath, pathToFileURL } from 'node:url';
import worker_threads from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../../electron/backend/backend.ts';
import { writePoints } from '../../../scripts/gen-points.ts';
import { ensureRendererBuilt, rendererDir } from '../../../scripts/web.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

// ---------- (a) the built renderer ----------

/** Remote URLs that may appear in the bundle, and why each is inert. Matched against the whole URL. */
const ALLOWED: { pattern: RegExp; reason: string }[] = [
  { pattern: /^http:\/\/www\.w3\.org\/(2000\/svg|1999\/xlink|1999\/xhtml|XML\/1998\/namespace|2000\/xmlns\/|1998\/Math\/MathML)$/, reason: 'XML/SVG/MathML namespace identifiers (createElementNS, CSS data: SVGs): never fetched' },
  { pattern: /^https:\/\/react\.dev\/(link|warnings)\/[a-z-]+$|^https:\/\/reactjs\.org\/link\/[a-z-]+$/, reason: "React's error and warning texts point to their docs: text in console messages" },
  { pattern: /^https:\/\/github\.com\/facebook\/react\/issues(\/\d+)?$/, reason: 'React error text (report a bug)' },
  { pattern: /^https:\/\/react\.dev\/errors\/$/, reason: "React's production build prefixes minified error messages with this docs link: text" },
  { pattern: /^https:\/\/github\.com\/mapbox\/mapbox-gl-js\/issues\/2907$/, reason: "MapLibre's 'too many glyphs' warning text" },
  { pattern: /^https:\/\/github\.com\/maplibre\/maplibre-gl-js\/blob\/v[\d.]+\/LICENSE\.txt$/, reason: "MapLibre's licence comment" },
  { pattern: /^https:\/\/wiki\.openstreetmap\.org\/wiki\/This_map_requires_WebGL$/, reason: "MapLibre's no-WebGL2 error message text" },
  { pattern: /^https:\/\/maplibre\.invalid\/$/, reason: "MapLibre's base for new URL() when checking attribute values (.invalid never resolves)" },
  {
    pattern: /^https:\/\/maplibre\.org\/$/,
    reason:
      "MapLibre's default attribution/logo link: our map passes attributionControl without customAttribution and no maplibreLogo (checked below), so it is never rendered; in Electron a click would meet the deny-all window-open handler anyway",
  },
  { pattern: /^https?:\/\/json-schema\.org\/draft[-/\d]+\/schema#?$/, reason: "zod's toJSONSchema $schema identifier string" },
  { pattern: /^http:\/\/\[\$\{e\}\]$/, reason: "zod's IPv6 check builds a URL string to parse with new URL(): never requested" },
  { pattern: /^https:\/\/github\.com\/tc39\/proposal-import-attributes$/, reason: 'comment/error text in a bundled module' },
  { pattern: /^https:\/\/developer\.mozilla\.org\/en-US\/docs\/Web\/HTML\/Element\/template\)?\.?$/, reason: 'React warning text' },
  { pattern: /^https:\/\/bugs\.webkit\.org\/show_bug\.cgi\?id=\d+$/, reason: 'comment text in a bundled module' },
];

/** Places where a URL would be requested by the page. */
const SINKS = /(fetch|XMLHttpRequest|\.open|WebSocket|EventSource|Worker|SharedWorker|importScripts|sendBeacon|import)\s*\(\s*[`'"]?$|\bsrc\s*[=:]\s*[`'"]?$|url\(\s*[`'"]?$|["'`]?(tiles|glyphs|sprite|url|data)["'`]?\s*:\s*\[?\s*[`'"]$|\bhref\s*=\s*["'`]?$/;

interface Found {
  file: string;
  url: string;
  before: string;
}

function scan(dir: string): Found[] {
  const out: Found[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(m?js|css|html)$/.test(e.name)) {
        const text = fs.readFileSync(p, 'utf8');
        const re = /(?:https?|wss?):\/\/[^\s"'`)<>\\,;]+|(?<=["'`(=])\/\/[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:\/[^\s"'`)<>\\]*)?/gi;
        for (const m of text.matchAll(re)) {
          out.push({ file: path.relative(dir, p), url: m[0].replace(/[.]+$/, ''), before: text.slice(Math.max(0, m.index! - 40), m.index!) });
        }
      }
    }
  };
  walk(dir);
  return out;
}

describe('the built renderer holds no remote URL it could request', () => {
  let found: Found[];
  beforeAll(async () => {
    await ensureRendererBuilt();
    found = scan(rendererDir);
  }, 300_000);

  it('lists every remote URL, each in the allow-list with its reason', () => {
    const byUrl = new Map<string, Found[]>();
    for (const f of found) byUrl.set(f.url, [...(byUrl.get(f.url) ?? []), f]);
    const listing = [...byUrl].map(([url, fs_]) => {
      const allowed = ALLOWED.find((a) => a.pattern.test(url));
      return `${fs_.length}× ${url}  [${[...new Set(fs_.map((f) => f.file))].join(', ')}]  ${allowed ? `— ${allowed.reason}` : '— NOT ALLOWED'}`;
    });
    console.log(`remote URLs in dist-renderer (${byUrl.size} distinct):\n${listing.join('\n')}`);
    expect(found.length).toBeGreaterThan(0); // the scan sees the bundle (w3.org namespaces are always there)
    expect(listing.filter((l) => l.endsWith('NOT ALLOWED'))).toEqual([]);
  });

  it('puts none of them where the page would request it', () => {
    const requested = found.filter((f) => SINKS.test(f.before) && !(/^https:\/\/maplibre\.org\/$/.test(f.url) && /href\s*=\s*[`'"]?$/.test(f.before)));
    expect(requested.map((f) => `${f.file}: …${f.before}${f.url}`)).toEqual([]);
    // The pages load only their own assets.
    for (const page of ['index.html', 'briefing.html']) {
      const p = path.join(rendererDir, page);
      if (!fs.existsSync(p)) continue;
      const html = fs.readFileSync(p, 'utf8');
      // Own paths, or the empty data: favicon that keeps the browser from asking for /favicon.ico.
      for (const m of html.matchAll(/\b(?:src|href)\s*=\s*["']([^"']+)["']/g)) {
        expect(m[1], `${page}: ${m[0]}`).toMatch(/^\/(?!\/)|^\.\/|^[\w-]+\/|^data:,?$/);
      }
    }
  });

  it('the sink detector and the scan can fail: a planted fetch of a remote URL is caught', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-scan-'));
    try {
      fs.writeFileSync(path.join(tmp, 'x.js'), 'const a=fetch("https://tiles.example.com/{z}/{x}/{y}.pbf");const s={glyphs:"//fonts.example.org/{fontstack}.pbf"};');
      const f = scan(tmp);
      expect(f.map((x) => x.url)).toEqual(['https://tiles.example.com/{z}/{x}/{y}.pbf', '//fonts.example.org/{fontstack}.pbf']);
      expect(f.every((x) => SINKS.test(x.before))).toBe(true);
      expect(f.some((x) => ALLOWED.some((a) => a.pattern.test(x.url)))).toBe(false);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it("never turns on MapLibre's logo or default attribution link", () => {
    const controller = fs.readFileSync(path.join(repoRoot, 'renderer', 'map', 'MapController.ts'), 'utf8');
    expect(controller).not.toMatch(/maplibreLogo\s*:\s*true/);
    expect(controller).not.toMatch(/customAttribution/);
    expect(controller).toMatch(/attributionControl\s*:\s*(false|\{)/);
  });
});

// ---------- (b) the back end ----------

const calls: string[] = [];
const restore: (() => void)[] = [];

function wrap<T extends object>(obj: T, key: keyof T & string, label: string): void {
  const orig = obj[key] as unknown as (...a: unknown[]) => unknown;
  (obj as Record<string, unknown>)[key] = function (this: unknown, ...args: unknown[]) {
    calls.push(`${label}(${args.map((a) => (typeof a === 'string' || typeof a === 'number' ? JSON.stringify(a) : typeof a)).join(', ')})`);
    return orig.apply(this, args);
  };
  restore.push(() => ((obj as Record<string, unknown>)[key] = orig));
}

/** The same recorder as source text, run first inside every worker thread; it appends to `log`. */
function workerRecorder(log: string): string {
  return `
const fs = require('node:fs');
const note = (what) => fs.appendFileSync(${JSON.stringify(log)}, what + '\\n');
const show = (v) => { try { return JSON.stringify(v, (k, x) => (typeof x === 'function' ? undefined : x)); } catch { return typeof v; } };
const wrap = (obj, key, label) => { const orig = obj[key]; obj[key] = function (...a) { note(label + ' ' + show(a[0])); return orig.apply(this, a); }; };
const net = require('node:net'), dns = require('node:dns'), http = require('node:http'), https = require('node:https'), tls = require('node:tls'), dgram = require('node:dgram');
wrap(net.Socket.prototype, 'connect', 'worker net.Socket.connect');
for (const k of ['lookup', 'resolve', 'resolve4', 'resolve6']) wrap(dns, k, 'worker dns.' + k);
wrap(dns.promises, 'lookup', 'worker dns.promises.lookup');
for (const [m, n] of [[http, 'http'], [https, 'https']]) { wrap(m, 'request', 'worker ' + n + '.request'); wrap(m, 'get', 'worker ' + n + '.get'); }
wrap(tls, 'connect', 'worker tls.connect');
wrap(dgram, 'createSocket', 'worker dgram.createSocket');
if (globalThis.fetch) wrap(globalThis, 'fetch', 'worker fetch');
require('node:module').syncBuiltinESMExports();
`;
}

describe('the back end makes no network call: import → DBSCAN, KDE, Gi* → export', () => {
  let dir: string;
  let backend: Backend;
  let workerLog: string;
  const OrigWorker = worker_threads.Worker;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-nonet-'));
    workerLog = path.join(dir, 'worker-calls.log');
    fs.writeFileSync(workerLog, '');
    wrap(net.Socket.prototype, 'connect', 'net.Socket.connect');
    for (const k of ['lookup', 'resolve', 'resolve4', 'resolve6'] as const) wrap(dns, k, `dns.${k}`);
    wrap(dns.promises, 'lookup', 'dns.promises.lookup');
    wrap(http, 'request', 'http.request');
    wrap(http, 'get', 'http.get');
    wrap(https, 'request', 'https.request');
    wrap(https, 'get', 'https.get');
    wrap(tls, 'connect', 'tls.connect');
    wrap(dgram, 'createSocket', 'dgram.createSocket');
    wrap(globalThis, 'fetch', 'fetch');
    // Every worker thread starts with the recorder, then loads what it was asked to.
    const recorder = workerRecorder(workerLog);
    class RecordingWorker extends OrigWorker {
      constructor(file: string | URL, opts: worker_threads.WorkerOptions = {}) {
        if (opts.eval) {
          super(`${recorder}\n${String(file)}`, opts);
        } else {
          const url = file instanceof URL ? file.href : /^file:/.test(file) ? file : pathToFileURL(file).href;
          super(`${recorder}\nimport(${JSON.stringify(url)});`, { ...opts, eval: true });
        }
      }
    }
    (worker_threads as { Worker: unknown }).Worker = RecordingWorker;
    restore.push(() => ((worker_threads as { Worker: unknown }).Worker = OrigWorker));
    syncBuiltinESMExports();
    backend = openBackend(path.join(dir, 'w.frontera'), { create: true });
  });

  afterAll(() => {
    backend?.close();
    for (const r of restore.reverse()) r();
    syncBuiltinESMExports();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('control: the recorder sees a connection attempt on the main thread and in a worker', async () => {
    try {
      await fetch('http://127.0.0.1:9/').catch(() => undefined);
      await new Promise<void>((resolve) => net.connect(9, '127.0.0.1').on('error', () => resolve()).on('connect', function (this: net.Socket) { this.destroy(); resolve(); }));
      await new Promise<void>((resolve) => dns.lookup('localhost', () => resolve()));
      await new Promise<void>((resolve) => http.get('http://127.0.0.1:9/').on('error', () => resolve()));
      expect(calls.some((c) => c.startsWith('fetch('))).toBe(true);
      expect(calls.some((c) => c.startsWith('net.Socket.connect'))).toBe(true);
      expect(calls.some((c) => c.startsWith('dns.lookup("localhost"'))).toBe(true);
      expect(calls.some((c) => c.startsWith('http.get("http://127.0.0.1:9/"'))).toBe(true);
    const { Worker } = await import('node:worker_threads');
    const w = new Worker("require('node:net').connect(9, '127.0.0.1').on('error', () => process.exit(0));", { eval: true });
    await new Promise((r) => w.on('exit', r));
    expect(fs.readFileSync(workerLog, 'utf8')).toMatch(/worker net\.Socket\.connect/);
    } finally {
      calls.length = 0;
      fs.writeFileSync(workerLog, '');
    }
  });

  it('records no call while importing, analysing (on the worker thread) and exporting', async () => {
    const csv = path.join(dir, 'incidentes.csv');
    writePoints(csv, 3000, 11);
    const shp = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'inegi-mun-lcc', 'sonora_bc', 'mun_02_26.shp');
    const [pts] = await backend['import.run']({ paths: [csv] });
    await backend['import.run']({ paths: [shp] });
    expect(pts.featureCount).toBe(3000);
    const dbscan = await backend['analysis.run']({ kind: 'dbscan', layer: pts.layer, eps: 500, minPoints: 8 });
    const kde = await backend['analysis.run']({ kind: 'kde', layer: pts.layer, cellSize: 500 });
    const gistar = await backend['analysis.run']({ kind: 'gistar', layer: pts.layer, cellSize: 1000 });
    expect([dbscan.kind, kde.kind, gistar.kind]).toEqual(['dbscan', 'kde', 'gistar']);
    const out = await backend['export.layer']({ layerId: pts.layerId, out: path.join(dir, 'salida.geojson') });
    expect(out.count).toBe(3000);
    await backend['export.layer']({ layerId: pts.layerId, out: path.join(dir, 'salida.csv') });
    expect(calls).toEqual([]);
    // From the sources the analysis worker registers tsx, whose loader opens its local IPC pipe
    // (a Unix-domain socket under the temp dir, to the tsx parent if any: no IP, no DNS). The
    // packaged app runs the bundled worker without tsx. Anything else is a network call.
    const workerCalls = fs.readFileSync(workerLog, 'utf8').split('\n').filter(Boolean);
    const tsxIpc = /^worker net\.Socket\.connect \[\{"path":"[^"]*[/\\]tsx-\d+[/\\]\d+\.pipe"\}/;
    expect(workerCalls.filter((c) => !tsxIpc.test(c))).toEqual([]);
  }, 120_000);
});
