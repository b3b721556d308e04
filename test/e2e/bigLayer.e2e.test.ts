/**
 * End to end, a million incidents: the UI stays responsive (issue 6). A 1,000,000-incident
 * workspace (SYNTHETIC, shared/synth's border-zone preset, built once and cached under the OS
 * temp dir) behind the loopback web server, the built renderer in Debian's Chromium. A
 * PerformanceObserver for `longtask` is installed before any page script; the map is panned and
 * zoomed with the mouse, the attribute table opened and scrolled, DBSCAN run from the panel.
 * Checked: the map draws the view bins at low zoom (MapLibre's rendered features from the bins
 * source, and canvas pixels that change when the bins are hidden), points with a popup when
 * zoomed in, and no main-thread task over 200 ms while panning or while the analysis runs
 * (long animation frames tell script from waiting; see expectResponsive). SwiftShader renders
 * WebGL in software here, so frame times mean nothing; main-thread blocking does. The figures go
 * to test-output/e2e/bigLayer-longtasks.json and to stdout.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../../electron/backend/briefing/printWithChromium.ts';
import { findBrowser } from '../../electron/backend/briefing/findBrowser.ts';
import { openBackend, type Backend } from '../../electron/backend/backend.ts';
import { startWebServer, type WebServer } from '../../electron/backend/webServer.ts';
import { Workspace } from '../../electron/backend/store/workspace.ts';
import { insertSyntheticIncidents } from '../support/syntheticLayer.ts';
import { ensureRendererBuilt, repoRoot } from '../../scripts/web.ts';

const N = Number(process.env.BIG_LAYER_POINTS ?? 1_000_000);
const SEED = 20240601;
const LONGTASK_LIMIT_MS = 200;
/** Per test: the machine is shared, and the back end's first read of a million points takes seconds. */
const STEP_TIMEOUT = 240_000;
const outDir = path.join(repoRoot, 'test-output', 'e2e');
/** The browser the tests drive: found the one way the product finds one ($CHROMIUM_PATH, else the usual places). */
const CHROMIUM = findBrowser();

/** The cached workspace file (built when missing, as test/bench/briefing.ts builds its own). */
function cachedWorkspace(n: number): string {
  const dir = path.join(os.tmpdir(), 'frontera-e2e-cache');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `big-layer-${n}-${SEED}.frontera`);
  if (fs.existsSync(file)) return file;
  const partial = `${file}.${process.pid}.tmp`;
  const ws = Workspace.open(partial, { create: true });
  try {
    insertSyntheticIncidents(ws, n, SEED, `big-layer-${n}-${SEED}`, 'SYNTHETIC — demonstration data');
  } finally {
    ws.close();
  }
  fs.renameSync(partial, file);
  return file;
}

interface LongTask {
  start: number;
  duration: number;
}

/** A long animation frame (LoAF): how much of it was script, and the script that ran longest. */
interface LongFrame extends LongTask {
  scriptMs: number;
  worst: string;
}

declare global {
  interface Window {
    __longTasks?: LongTask[];
    __longFrames?: LongFrame[];
  }
}

async function longFrames(page: Page, from: number, to: number): Promise<LongFrame[]> {
  const all = await page.evaluate(() => window.__longFrames ?? []);
  return all.filter((t) => t.start + t.duration >= from && t.start <= to);
}

/** More runnable threads than cores by half again: a main thread may wait for a core mid-task. */
const overloaded = () => os.loadavg()[0] > os.cpus().length * 1.5;

async function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

async function longTasks(page: Page, from: number, to: number): Promise<LongTask[]> {
  const all = await page.evaluate(() => window.__longTasks ?? []);
  // A task that started before the phase but ran into it counts too.
  return all.filter((t) => t.start + t.duration >= from && t.start <= to);
}

function figures(tasks: LongTask[]): { count: number; maxMs: number; p95Ms: number; over200: number } {
  const d = tasks.map((t) => t.duration).sort((a, b) => a - b);
  const p95 = d.length ? d[Math.min(d.length - 1, Math.ceil(d.length * 0.95) - 1)] : 0;
  return {
    count: d.length,
    maxMs: Math.round(d.at(-1) ?? 0),
    p95Ms: Math.round(p95),
    over200: d.filter((x) => x > LONGTASK_LIMIT_MS).length,
  };
}

/** The map is still and the view loader has drawn the view it shows. */
async function settled(page: Page): Promise<void> {
  await page
    .waitForFunction(() => window.__fronteraMap?.loaded() === true && !window.__fronteraMap.isMoving(), null, { timeout: 60_000 })
    .catch(async (e) => {
      const state = await page.evaluate(() => {
        const map = window.__fronteraMap!;
        const sources = Object.keys(map.getStyle().sources).filter((id) => !map.isSourceLoaded(id));
        return { loaded: map.loaded(), moving: map.isMoving(), styleLoaded: map.isStyleLoaded(), sourcesLoading: sources };
      });
      throw new Error(`map not settled: ${JSON.stringify(state)}: ${(e as Error).message}`);
    });
  // The loader fetches 120 ms after moveend; then MapLibre draws what it got.
  await page.evaluate(async () => {
    await window.__fronteraViewport?.whenSettled();
    await window.__fronteraController!.whenIdle();
  });
}

async function renderedCount(page: Page, layer: string): Promise<number> {
  return page.evaluate((id) => (window.__fronteraMap!.getLayer(id) ? window.__fronteraMap!.queryRenderedFeatures({ layers: [id] }).length : 0), layer);
}

/** Canvas pixels that differ between the map with and without `layer` drawn. */
async function pixelsFrom(page: Page, layer: string): Promise<number> {
  const grab = () =>
    page.evaluate(() => {
      const canvas = window.__fronteraMap!.getCanvas();
      const copy = document.createElement('canvas');
      copy.width = canvas.width;
      copy.height = canvas.height;
      const ctx = copy.getContext('2d')!;
      ctx.drawImage(canvas, 0, 0);
      return Array.from(ctx.getImageData(0, 0, copy.width, copy.height).data.filter((_, i) => i % 16 === 0));
    });
  const withLayer = await grab();
  await page.evaluate((id) => window.__fronteraMap!.setLayoutProperty(id, 'visibility', 'none'), layer);
  await page.evaluate(() => window.__fronteraController!.whenIdle());
  const without = await grab();
  await page.evaluate((id) => window.__fronteraMap!.setLayoutProperty(id, 'visibility', 'visible'), layer);
  await page.evaluate(() => window.__fronteraController!.whenIdle());
  let changed = 0;
  for (let i = 0; i < withLayer.length; i++) if (Math.abs(withLayer[i] - without[i]) > 12) changed++;
  return changed;
}

/**
 * Runs a phase and returns its long tasks. A phase with a task over the limit is run once more
 * and the second run counts: on a machine shared with other jobs a descheduled main thread
 * looks like a long task, while real blocking (say, a million features parsed) repeats. Both
 * runs' figures go to the report.
 */
async function measuredPhase(
  page: Page,
  report: Record<string, unknown>,
  label: string,
  run: (attempt: number) => Promise<void>,
): Promise<{ tasks: LongTask[]; frames: LongFrame[] }> {
  for (let attempt = 1; ; attempt++) {
    const start = await pageNow(page);
    await run(attempt);
    const end = await pageNow(page);
    const tasks = await longTasks(page, start, end);
    const frames = await longFrames(page, start, end);
    const f = figures(tasks);
    const worstScript = frames.reduce((a, b) => (b.scriptMs > (a?.scriptMs ?? -1) ? b : a), frames[0]);
    report[attempt === 1 ? label : `${label}Retry`] = {
      ...f,
      durationMs: Math.round(end - start),
      maxScriptMsInAFrame: Math.round(worstScript?.scriptMs ?? 0),
      worstScript: worstScript?.worst ?? '',
      loadAverage: Math.round(os.loadavg()[0] * 10) / 10,
    };
    if (f.over200 === 0 || attempt === 2) return { tasks, frames };
  }
}

/**
 * The phase's verdict. Script never runs 200 ms in one frame (LoAF attribution). And no long
 * task exceeds 200 ms — asserted whenever the machine has cores to spare: under heavy load from
 * other jobs, a long task whose frame shows no such script is the main thread waiting for a
 * core or for SwiftShader's GPU process (seen in CPU profiles as idle time inside the task),
 * which the figures record but the app cannot cause or prevent.
 */
function expectResponsive({ tasks, frames }: { tasks: LongTask[]; frames: LongFrame[] }): void {
  expect(frames.filter((f) => f.scriptMs > LONGTASK_LIMIT_MS), JSON.stringify(frames)).toEqual([]);
  if (!overloaded()) expect(tasks.filter((t) => t.duration > LONGTASK_LIMIT_MS), JSON.stringify(tasks)).toEqual([]);
}

async function mapCentre(page: Page): Promise<{ x: number; y: number }> {
  const box = (await page.getByTestId('map').boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

describe('a million incidents in the browser', () => {
  let tmp: string;
  let backend: Backend;
  let server: WebServer;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const report: Record<string, unknown> = { incidents: N, cpus: os.cpus().length, loadAverageAtStart: Math.round(os.loadavg()[0] * 10) / 10 };

  beforeAll(async () => {
    fs.mkdirSync(outDir, { recursive: true });
    const staticRoot = await ensureRendererBuilt();
    let t = performance.now();
    const cached = cachedWorkspace(N);
    report.workspaceBuildOrCacheS = Math.round((performance.now() - t) / 100) / 10;
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-e2e-big-'));
    const file = path.join(tmp, 'big.frontera');
    t = performance.now();
    fs.copyFileSync(cached, file);
    backend = openBackend(file);
    report.workspaceCopyS = Math.round((performance.now() - t) / 100) / 10;
    server = await startWebServer({ api: backend, staticRoot, log: () => {} });
    browser = await launchBrowser(CHROMIUM);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // Before any page script: every main-thread task over 50 ms, from navigation on.
    await context.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks!.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
      // Long animation frames say what a long task spent its time on: script (ours) or waiting.
      window.__longFrames = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as (PerformanceEntry & { scripts?: { duration: number; invoker: string; sourceFunctionName: string }[] })[]) {
          const scripts = e.scripts ?? [];
          const worst = scripts.reduce((a, b) => (b.duration > (a?.duration ?? -1) ? b : a), scripts[0]);
          window.__longFrames!.push({
            start: e.startTime,
            duration: e.duration,
            scriptMs: scripts.reduce((n, x) => n + x.duration, 0),
            worst: worst ? `${worst.invoker} ${worst.sourceFunctionName} ${Math.round(worst.duration)} ms` : '',
          });
        }
      }).observe({ type: 'long-animation-frame', buffered: true });
    });
    page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text().slice(0, 300)));
    page.on('pageerror', (e) => consoleErrors.push(e.message));
  }, 600_000);

  afterAll(async () => {
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(path.join(outDir, 'bigLayer-longtasks.json'), JSON.stringify(report, null, 2) + '\n');
    process.stdout.write(`big layer figures: ${JSON.stringify(report)}\n`);
    await browser?.close();
    await server?.close();
    backend?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }, STEP_TIMEOUT);

  it('draws the aggregate at low zoom: cells from the bins source, in the pixels, with a key', async () => {
    await page.goto(server.url);
    await page.waitForFunction(() => window.__fronteraMap?.loaded() === true, null, { timeout: 60_000 });
    await page.waitForFunction(
      () => !!window.__fronteraMap!.getLayer('lyr-1-bins') && window.__fronteraMap!.queryRenderedFeatures({ layers: ['lyr-1-bins'] }).length > 0,
      null,
      { timeout: 180_000, polling: 50 },
    );
    report.firstDrawMs = Math.round(await pageNow(page));
    await settled(page);
    report.loadLongTasks = figures(await longTasks(page, 0, await pageNow(page)));

    const zoom = await page.evaluate(() => window.__fronteraMap!.getZoom());
    expect(zoom).toBeLessThan(9);
    const cells = await page.evaluate(() => window.__fronteraMap!.queryRenderedFeatures({ layers: ['lyr-1-bins'] }).map((f) => Number(f.properties.count)));
    report.cellsAtStart = cells.length;
    // Thousands of cells, not a million circles; together they hold the whole layer's view.
    expect(cells.length).toBeGreaterThan(50);
    expect(cells.length).toBeLessThan(20_000);
    expect(await renderedCount(page, 'lyr-1-circle')).toBe(0);
    expect(await pixelsFrom(page, 'lyr-1-bins')).toBeGreaterThan(500);
    await expect.poll(() => page.getByTestId('bins-legend').textContent()).toMatch(/incidents per cell/);
    await page.screenshot({ path: path.join(outDir, 'bigLayer-01-bins.png') });
  }, STEP_TIMEOUT);

  it('pans and zooms with the mouse without a main-thread task over 200 ms', async () => {
    const c = await mapCentre(page);
    const drag = async (dx: number, dy: number) => {
      await page.mouse.move(c.x, c.y);
      await page.mouse.down();
      for (let s = 1; s <= 8; s++) await page.mouse.move(c.x + (dx * s) / 8, c.y + (dy * s) / 8);
      await page.mouse.up();
      await settled(page);
    };
    const wheel = async (dy: number) => {
      await page.mouse.move(c.x, c.y);
      for (let s = 0; s < 4; s++) await page.mouse.wheel(0, dy / 4);
      await settled(page);
    };
    // Eight moves: drags and wheel zooms in and out, each waited for until the view's bins are drawn.
    const measured = await measuredPhase(page, report, 'panning', async () => {
      await drag(220, 60);
      await drag(-300, -40);
      await wheel(-600);
      await drag(150, 120);
      await wheel(-600);
      await drag(-120, 80);
      await wheel(900);
      await drag(200, -100);
    });
    expect(await renderedCount(page, 'lyr-1-bins')).toBeGreaterThan(0);
    expectResponsive(measured);
  }, STEP_TIMEOUT);

  it('shows the points themselves when the view holds few enough, and a popup on click', async () => {
    const start = await pageNow(page);
    // A cell of middling count, zoomed in until the view holds few enough incidents to draw them.
    const target = await page.evaluate(() => {
      const map = window.__fronteraMap!;
      const cells = map.queryRenderedFeatures({ layers: ['lyr-1-bins'] });
      cells.sort((a, b) => Number(b.properties.count) - Number(a.properties.count));
      const ring = (cells[Math.floor(cells.length / 2)].geometry as GeoJSON.Polygon).coordinates[0];
      return [(ring[0][0] + ring[2][0]) / 2, (ring[0][1] + ring[2][1]) / 2] as [number, number];
    });
    let zoom = 12;
    for (; zoom < 18; zoom++) {
      await page.evaluate(([t, z]) => window.__fronteraMap!.jumpTo({ center: t as [number, number], zoom: z as number }), [target, zoom] as const);
      await settled(page);
      if ((await renderedCount(page, 'lyr-1-circle')) > 0) break;
    }
    const points = await renderedCount(page, 'lyr-1-circle');
    report.pointsView = { zoom, drawnPoints: points };
    expect(points).toBeGreaterThan(0);
    expect(await renderedCount(page, 'lyr-1-bins')).toBe(0);
    await page.screenshot({ path: path.join(outDir, 'bigLayer-02-points.png') });

    const at = await page.evaluate(() => {
      const map = window.__fronteraMap!;
      // The incident nearest the middle of the map (away from the controls and the edges).
      const r = map.getCanvas().getBoundingClientRect();
      const mid = { x: r.width / 2, y: r.height / 2 };
      const p = map
        .queryRenderedFeatures({ layers: ['lyr-1-circle'] })
        .map((f) => map.project((f.geometry as GeoJSON.Point).coordinates as [number, number]))
        .sort((a, b) => Math.hypot(a.x - mid.x, a.y - mid.y) - Math.hypot(b.x - mid.x, b.y - mid.y))[0];
      return { x: r.left + p.x, y: r.top + p.y };
    });
    await page.mouse.click(at.x, at.y);
    await page.locator('.maplibregl-popup').waitFor({ timeout: 10_000 });
    expect(await page.locator('.maplibregl-popup').textContent()).toMatch(/incidents|category|time/i);
    await page.keyboard.press('Escape');
    const end = await pageNow(page);
    const frames = await longFrames(page, start, end);
    const worst = frames.reduce((a, b) => (b.scriptMs > (a?.scriptMs ?? -1) ? b : a), frames[0]);
    report.pointsView = {
      ...(report.pointsView as object),
      ...figures(await longTasks(page, start, end)),
      maxScriptMsInAFrame: Math.round(worst?.scriptMs ?? 0),
      worstScript: worst?.worst ?? '',
      longFrames: frames.map((f) => `${Math.round(f.start - start)} ms in: ${Math.round(f.duration)} ms, script ${Math.round(f.scriptMs)} ms (${f.worst})`),
    };
    // Back to the region for the rest.
    await page.evaluate(() => window.__fronteraController!.zoomToRegion());
    await settled(page);
  }, STEP_TIMEOUT);

  it('pages the attribute table from the back end: a million rows, sorted, filtered, scrolled', async () => {
    const start = await pageNow(page);
    const row = page.locator('[data-testid="layer-row"]', { hasText: 'incidents' });
    await row.getByTitle('Attribute table').click();
    await expect.poll(() => page.getByTestId('table-count').textContent(), { timeout: 30_000 }).toBe(`${N.toLocaleString('en-US')} of ${N.toLocaleString('en-US')} features`);
    const scroller = page.locator('.table-scroll');
    const firstCells = async () => (await page.getByTestId('table-row').first().locator('span').allTextContents()).join(' | ');
    await expect.poll(firstCells, { timeout: 30_000 }).toMatch(/^1 \|/);
    for (const frac of [0.001, 0.25, 0.5, 1]) {
      await scroller.evaluate((el, f) => (el.scrollTop = (el.scrollHeight - el.clientHeight) * f), frac);
      await expect.poll(async () => (await page.getByTestId('table-row').first().textContent()) ?? '', { timeout: 30_000 }).toMatch(/^\d+/);
    }
    // The last row is the layer's last feature.
    await expect.poll(async () => (await page.getByTestId('table-row').last().locator('span').first().textContent()) ?? '', { timeout: 30_000 }).toBe(String(N));
    // Sorted by time, newest first: the first row is the layer's latest incident.
    await scroller.evaluate((el) => (el.scrollTop = 0));
    const timeHeader = page.locator('.table-row.head span', { hasText: /^time/ });
    await timeHeader.click();
    await timeHeader.click();
    await expect.poll(async () => (await timeHeader.textContent()) ?? '').toMatch(/▼/);
    const [latest] = (await backend['layers.features']({ layerId: 1, sort: { field: '$time', desc: true }, limit: 1 })).features;
    const firstId = async () => (await page.getByTestId('table-row').first().locator('span').first().textContent()) ?? '';
    await expect.poll(firstId, { timeout: 60_000 }).toBe(String(latest.id));
    // Filtered by text: the count follows.
    await page.getByTestId('table-search').fill('cocaine');
    await expect.poll(() => page.getByTestId('table-count').textContent(), { timeout: 60_000 }).toMatch(/^(?!1,000,000 )[\d,]+ of 1,000,000 features$/);
    const filtered = Number(((await page.getByTestId('table-count').textContent()) ?? '').split(' ')[0].replace(/,/g, ''));
    report.tableFilteredRows = filtered;
    // The synthetic incidents carry no other text: the match is the category's count.
    expect(filtered).toBe(backend.workspace.getLayer(1).categories.find((c) => c.category === 'seizure_cocaine')?.count);
    await page.screenshot({ path: path.join(outDir, 'bigLayer-03-table.png') });
    const end = await pageNow(page);
    report.table = figures(await longTasks(page, start, end));
    await page.getByTestId('table-search').fill('');
    await page.getByTitle('Close the table').click();
  }, STEP_TIMEOUT);

  it('runs DBSCAN over the million from the panel without a main-thread task over 200 ms', async () => {
    await settled(page);
    await page.getByTestId('open-tool-dbscan').click();
    const measured = await measuredPhase(page, report, 'analysis', async (attempt) => {
      const before = await page.evaluate(() => window.__fronteraMap!.getStyle().layers.map((l) => l.id).filter((id) => /^res-\d+-/.test(id)));
      // A retry asks for another eps, so the run is not a stored result read back.
      await page.getByTestId('dbscan-eps').fill(attempt === 1 ? '150' : '160');
      await page.getByTestId('dbscan-minpoints').fill('10');
      await page.getByTestId('analysis-run').click();
      // The map is panned while the worker runs (animated, as the arrow keys do): the bins come
      // from the cache, not from behind the analysis.
      for (const [dx, dy] of [[160, 40], [-160, -40]]) {
        await page.evaluate(([x, y]) => window.__fronteraMap!.panBy([x, y], { duration: 300 }), [dx, dy]);
        await settled(page);
      }
      await page.getByTestId('analysis-result').waitFor({ timeout: 300_000 });
      expect(await page.getByTestId('analysis-error').count()).toBe(0);
      await page.waitForFunction(
        (old) => window.__fronteraMap!.getStyle().layers.some((l) => /^res-\d+-/.test(l.id) && !old.includes(l.id)),
        before,
        { timeout: 60_000 },
      );
      await settled(page);
    });
    Object.assign(report.analysis as object, { kind: 'dbscan', eps: 150, minPoints: 10, pannedWhileRunning: 2 });
    await page.screenshot({ path: path.join(outDir, 'bigLayer-04-dbscan.png') });
    expectResponsive(measured);
    expect(consoleErrors).toEqual([]);
  }, STEP_TIMEOUT);
});
