/**
 * How long the page's main thread is blocked on a big incident layer — loading, panning and
 * zooming with the mouse, and while DBSCAN runs — beside a naive peer measured in the same run.
 *
 * Frontera: the app's page on the real back end (test/support/bigLayerApp.ts, the page the
 * big-layer e2e drives): bins per view from the back end, DBSCAN in the back end's worker, the map
 * panned twice while it runs.
 * Peer: the same points given to MapLibre as one plain GeoJSON source — its URL, so MapLibre's
 * own worker fetches, parses and tiles them (the best a plain source does) — on a blank style,
 * from the same first view, with the same mouse moves; and the same DBSCAN core run on the page's
 * main thread, as an app that holds its points in the page would, the same two pans tried during
 * it. A million points as one GeoJSON source may not get through: the peer then reports what
 * stopped it (a crashed page, a draw not done in time), and the size where it does get through is
 * compared too (UI_POINTS, default 200000,1000000).
 *
 * Measured in the page: long tasks (PerformanceObserver 'longtask', main-thread tasks of 50 ms and
 * more), their blocking time (the part of each beyond 50 ms), the longest; the most script in one
 * long animation frame (LoAF: our code, as against waiting for a core or the GPU process); the
 * animation frames run. SwiftShader renders WebGL in software here, so frame counts mean little
 * beside blocking; a loaded machine lengthens both pages' tasks alike.
 *
 *   npm run bench -- ui            UI_POINTS=200000 npm run bench -- ui
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../../electron/backend/briefing/printWithChromium.ts';
import { Workspace } from '../../electron/backend/store/workspace.ts';
import { cachedWorkspace, countFrames, drag, framesRun, openBigLayerApp, panAndZoom, settled } from '../support/bigLayerApp.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const EPS_M = 150;
const MIN_POINTS = 10;
/** How long the peer may take to draw its source before it is called impractical at that size. */
const PEER_LOAD_TIMEOUT_MS = 300_000;

interface LongTask {
  start: number;
  duration: number;
}

declare global {
  interface Window {
    __longTasks?: LongTask[];
    /** Long animation frames: when, and how much of each was script. */
    __longFrames?: (LongTask & { scriptMs: number })[];
    __peerMap?: MapLibreMap;
    /** Starts the peer's DBSCAN on the page's thread, in a task of the page's own; its clusters land in __peerClusters. */
    __peerDbscan?: (eps: number, minPoints: number) => void;
    __peerClusters?: number;
    /** The points for it, once fetched. */
    __peerPoints?: { lon: Float64Array; lat: Float64Array };
  }
}

/** Init script: every long task and long animation frame from navigation on. */
function observeLongTasks(): void {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks!.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  window.__longFrames = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries() as (PerformanceEntry & { scripts?: { duration: number }[] })[]) {
      window.__longFrames!.push({ start: e.startTime, duration: e.duration, scriptMs: (e.scripts ?? []).reduce((n, x) => n + x.duration, 0) });
    }
  }).observe({ type: 'long-animation-frame', buffered: true });
}

interface Figures {
  seconds: number;
  longTasks: number;
  longestMs: number;
  blockingMs: number;
  over200: number;
  maxScriptMs: number;
  frames: number;
}

const pageNow = (page: Page): Promise<number> => page.evaluate(() => performance.now());

/** Runs `work` and returns the page's figures over it (from navigation on when `fromStart`). */
async function measured(page: Page, work: () => Promise<void>, fromStart = false): Promise<Figures> {
  const start = fromStart ? 0 : await pageNow(page);
  const frames0 = fromStart ? 0 : await framesRun(page);
  await work();
  const end = await pageNow(page);
  const frames = (await framesRun(page)) - frames0;
  const within = <T extends LongTask>(xs: T[]) => xs.filter((t) => t.start + t.duration >= start && t.start <= end);
  const tasks = within(await page.evaluate(() => window.__longTasks ?? []));
  const longFrames = within(await page.evaluate(() => window.__longFrames ?? []));
  const d = tasks.map((t) => t.duration);
  return {
    seconds: (end - start) / 1000,
    longTasks: d.length,
    longestMs: Math.max(0, ...d),
    blockingMs: d.reduce((n, x) => n + Math.max(0, x - 50), 0),
    over200: d.filter((x) => x > 200).length,
    maxScriptMs: Math.max(0, ...longFrames.map((f) => f.scriptMs)),
    frames,
  };
}

const fmt = (f: Figures) =>
  `${f.seconds.toFixed(1).padStart(6)} s | long tasks ${String(f.longTasks).padStart(3)}, longest ${f.longestMs.toFixed(0).padStart(6)} ms, ` +
  `blocking ${f.blockingMs.toFixed(0).padStart(6)} ms, over 200 ms ${String(f.over200).padStart(2)} | script ≤ ${f.maxScriptMs.toFixed(0).padStart(5)} ms a frame | ${f.frames} frames`;

interface View {
  center: [number, number];
  zoom: number;
}

/** Frontera's page on n incidents: load, the e2e's eight moves, DBSCAN with two pans while it runs. */
async function frontera(n: number): Promise<{ figures: Record<string, Figures>; view: View; clusters: string }> {
  const app = await openBigLayerApp(n, { init: [observeLongTasks, countFrames] });
  try {
    const { page } = app;
    const figures: Record<string, Figures> = {};
    figures.load = await measured(
      page,
      async () => {
        await page.goto(app.server.url);
        await page.waitForFunction(
          () => !!window.__fronteraMap?.getLayer('lyr-1-bins') && window.__fronteraMap.queryRenderedFeatures({ layers: ['lyr-1-bins'] }).length > 0,
          null,
          { timeout: 300_000, polling: 50 },
        );
        await settled(page);
      },
      true,
    );
    const view = await page.evaluate(() => {
      const map = window.__fronteraMap!;
      return { center: map.getCenter().toArray() as [number, number], zoom: map.getZoom() };
    });
    figures.pan = await measured(page, () => panAndZoom(page, '[data-testid="map"]', settled));
    await page.evaluate((v) => window.__fronteraMap!.jumpTo(v), view);
    await settled(page);
    await page.getByTestId('open-tool-dbscan').click();
    await page.getByTestId('dbscan-eps').fill(String(EPS_M));
    await page.getByTestId('dbscan-minpoints').fill(String(MIN_POINTS));
    figures.dbscan = await measured(page, async () => {
      await page.getByTestId('analysis-run').click();
      await drag(page, '[data-testid="map"]', 160, 40, settled);
      await drag(page, '[data-testid="map"]', -160, -40, settled);
      await page.getByTestId('analysis-result').waitFor({ timeout: 600_000 });
      await settled(page);
    });
    const result = (await page.getByTestId('analysis-result').textContent()) ?? '';
    return { figures, view, clusters: result.match(/[\d,]+ clusters/)?.[0] ?? result };
  } finally {
    await app.close();
  }
}

/** The peer's page script: MapLibre from node_modules, the points' URL as its source, DBSCAN from shared/. */
async function peerScript(): Promise<string> {
  const entry = `
    import { Map, setWorkerUrl } from 'maplibre-gl';
    import { dbscan } from './shared/analysis/dbscan.ts';
    import { localProjectionFor } from './shared/analysis/localProjection.ts';
    setWorkerUrl(new URL('/maplibre/maplibre-gl-worker.mjs', location.href).href);
    const q = new URLSearchParams(location.search);
    const map = new Map({
      container: 'map',
      center: [Number(q.get('lon')), Number(q.get('lat'))],
      zoom: Number(q.get('zoom')),
      style: {
        version: 8,
        sources: { points: { type: 'geojson', data: '/points.geojson' } },
        layers: [
          { id: 'background', type: 'background', paint: { 'background-color': '#f2efe9' } },
          { id: 'points', type: 'circle', source: 'points', paint: { 'circle-radius': 2, 'circle-color': '#b2182b' } },
        ],
      },
    });
    window.__peerMap = map;
    window.__peerDbscan = (eps, minPoints) => setTimeout(() => {
      const { lon, lat } = window.__peerPoints;
      const { x, y } = localProjectionFor(lon, lat).projectArrays(lon, lat);
      window.__peerClusters = dbscan(x, y, { eps, minPoints }).clusterCount;
    });
    fetch('/points.bin').then((r) => r.arrayBuffer()).then((b) => {
      const n = b.byteLength / 16;
      window.__peerPoints = { lon: new Float64Array(b, 0, n), lat: new Float64Array(b, 8 * n, n) };
    });
  `;
  const out = await build({
    stdin: { contents: entry, resolveDir: repoRoot, loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0].text;
}

/** The layer's points from the cached workspace: GeoJSON for the peer's source, lon then lat as float64 for its DBSCAN. */
function peerData(n: number): { geojson: string; bin: Buffer } {
  const ws = Workspace.open(cachedWorkspace(n));
  try {
    const lon = new Float64Array(n);
    const lat = new Float64Array(n);
    const parts: string[] = [];
    let k = 0;
    for (const f of ws.iterateFeatures(ws.findLayer('incidents')!.id)) {
      const [x, y] = (f.geometry as GeoJSON.Point).coordinates;
      lon[k] = x;
      lat[k++] = y;
      parts.push(`{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[${x},${y}]}}`);
    }
    const bin = Buffer.alloc(16 * n);
    bin.set(new Uint8Array(lon.buffer), 0);
    bin.set(new Uint8Array(lat.buffer), 8 * n);
    return { geojson: `{"type":"FeatureCollection","features":[${parts.join(',')}]}`, bin };
  } finally {
    ws.close();
  }
}

/** Serves the peer's page, MapLibre's files and the points on 127.0.0.1. */
async function servePeer(script: string, data: { geojson: string; bin: Buffer }): Promise<{ url: string; close: () => Promise<void> }> {
  const dist = path.join(repoRoot, 'node_modules', 'maplibre-gl', 'dist');
  const html = `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="/maplibre/maplibre-gl.css">
    <style>html, body, #map { margin: 0; width: 100%; height: 100%; }</style></head>
    <body><div id="map"></div><script type="module" src="/peer.js"></script></body></html>`;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (type: string, body: string | Buffer) => res.writeHead(200, { 'Content-Type': type }).end(body);
    if (url.pathname === '/') return send('text/html', html);
    if (url.pathname === '/peer.js') return send('text/javascript', script);
    if (url.pathname === '/points.geojson') return send('application/geo+json', data.geojson);
    if (url.pathname === '/points.bin') return send('application/octet-stream', data.bin);
    const name = url.pathname.startsWith('/maplibre/') ? path.basename(url.pathname) : '';
    if (name && fs.existsSync(path.join(dist, name))) return send(name.endsWith('.css') ? 'text/css' : 'text/javascript', fs.readFileSync(path.join(dist, name)));
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(() => r())) };
}

/** The peer map has drawn what it holds for the view it shows. */
async function peerIdle(page: Page): Promise<void> {
  await page.waitForFunction(() => !!window.__peerMap && window.__peerMap.loaded() && !window.__peerMap.isMoving(), null, { timeout: PEER_LOAD_TIMEOUT_MS });
}

/**
 * The peer on n points from Frontera's first view. A phase it cannot finish (the page crashed, or
 * did not draw in time) is reported as what happened, and the phases after it are not run.
 */
async function peer(n: number, view: View, script: string): Promise<{ figures: Record<string, Figures | string>; clusters: string }> {
  const served = await servePeer(script, peerData(n));
  const browser = await launchBrowser();
  const figures: Record<string, Figures | string> = {};
  let clusters = '(not run)';
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(observeLongTasks);
    await context.addInitScript(countFrames);
    const page = await context.newPage();
    const phases: [string, () => Promise<void>, boolean][] = [
      [
        'load',
        async () => {
          await page.goto(`${served.url}?lon=${view.center[0]}&lat=${view.center[1]}&zoom=${view.zoom}`);
          await page.waitForFunction(() => !!window.__peerMap?.getSource('points') && window.__peerMap.isSourceLoaded('points'), null, {
            timeout: PEER_LOAD_TIMEOUT_MS,
            polling: 50,
          });
          await peerIdle(page);
        },
        true,
      ],
      ['pan', () => panAndZoom(page, '#map', peerIdle), false],
      [
        'dbscan',
        async () => {
          // Started as the page's own task (a click handler would do the same): DevTools' evaluate is no long task.
          await page.evaluate(([eps, minPoints]) => window.__peerDbscan!(eps, minPoints), [EPS_M, MIN_POINTS] as const);
          await drag(page, '#map', 160, 40, peerIdle);
          await drag(page, '#map', -160, -40, peerIdle);
          await page.waitForFunction(() => window.__peerClusters !== undefined, null, { timeout: 600_000 });
          await peerIdle(page);
        },
        false,
      ],
    ];
    for (const [name, work, fromStart] of phases) {
      try {
        if (name === 'dbscan') {
          await page.evaluate((v) => window.__peerMap!.jumpTo(v), view);
          await peerIdle(page);
          await page.waitForFunction(() => !!window.__peerPoints, null, { timeout: 60_000 });
        }
        figures[name] = await measured(page, work, fromStart);
      } catch (e) {
        figures[name] = `failed: ${(e as Error).message.split('\n')[0]}`;
        break;
      }
    }
    if (typeof figures.dbscan === 'object') clusters = `${await page.evaluate(() => window.__peerClusters)} clusters`;
  } finally {
    await browser.close();
    await served.close();
  }
  return { figures, clusters };
}

export async function bench(): Promise<void> {
  const sizes = (process.env.UI_POINTS ?? '200000,1000000').split(',').map(Number);
  const script = await peerScript();
  process.stdout.write(`  load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores; DBSCAN eps ${EPS_M} m, min points ${MIN_POINTS}\n`);
  for (const n of sizes) {
    const ours = await frontera(n);
    const theirs = await peer(n, ours.view, script);
    process.stdout.write(`  ${n.toLocaleString('en-US')} incidents, first view zoom ${ours.view.zoom.toFixed(2)}\n`);
    for (const phase of ['load', 'pan', 'dbscan']) {
      process.stdout.write(`    ${phase.padEnd(6)} ${'Frontera'.padEnd(20)} ${fmt(ours.figures[phase])}\n`);
      const p = theirs.figures[phase];
      const label = phase === 'dbscan' ? 'DBSCAN in the page' : 'plain GeoJSON source';
      process.stdout.write(`    ${phase.padEnd(6)} ${label.padEnd(20)} ${p === undefined ? '(not reached)' : typeof p === 'string' ? p : fmt(p)}\n`);
    }
    process.stdout.write(`    DBSCAN found ${ours.clusters} in the back end, ${theirs.clusters} in the page\n`);
  }
}
