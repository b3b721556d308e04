/**
 * End to end, a million incidents: the page never holds them and never waits on the work done
 * for them (issue 6). A 1,000,000-incident SYNTHETIC workspace behind the loopback web server,
 * the built renderer in Chromium (test/support/bigLayerApp.ts). The map is panned and zoomed with
 * the mouse, the attribute table opened and scrolled, DBSCAN run from the panel. Every API call
 * is recorded as the back end sees it (method, input, size of the answer, order). Checked:
 *  - the map draws the view bins at low zoom (MapLibre's rendered features from the bins source,
 *    and canvas pixels that change when the bins are hidden), points with a popup zoomed in;
 *  - the page holds a view's worth, never the layer: every GeoJSON source of the map at most
 *    VIEW_FEATURES_MAX features, every answer of the back end bounded (features within the
 *    request's limit, at most VIEW_POINTS_MAX; bins at most VIEW_FEATURES_MAX cells; none, of
 *    any method, heavier than twice VIEW_POINTS_MAX of the layer's features);
 *  - the table pages: PAGE_ROWS rows a request, a few requests for a million rows;
 *  - DBSCAN runs in the back end: its progress streams in chunks, and while the page waits for
 *    it a pan with the mouse completes and animation frames run; Cancel stops the call.
 * None of it reads a clock, so it holds however busy the machine: how long the main thread is
 * blocked, beside a plain MapLibre GeoJSON source, is `npm run bench -- ui` (test/bench/ui.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GeoJSONSource } from 'maplibre-gl';
import type { Page } from 'playwright-core';
import type { Backend } from '../../electron/backend/backend.ts';
import { isApiName, type Api, type ApiName, type CallContext, type Progress } from '../../shared/api/contract.ts';
import { VIEW_POINTS_MAX } from '../../renderer/map/viewportLoader.ts';
import { PAGE_ROWS } from '../../renderer/panels/tableRows.ts';
import { repoRoot } from '../../scripts/web.ts';
import { countFrames, drag, framesRun, openBigLayerApp, panAndZoom, settled, type BigLayerApp } from '../support/bigLayerApp.ts';

const N = Number(process.env.BIG_LAYER_POINTS ?? 1_000_000);
/**
 * A view's worth of features: its bins (cells of 12 px or more over the 1280 × 800 page and a
 * tenth beyond each edge: about 10,500 at most) or at most VIEW_POINTS_MAX points.
 */
const VIEW_FEATURES_MAX = 20_000;
/** Per test: the machine is shared, and the back end's first read of a million points takes seconds. */
const STEP_TIMEOUT = 240_000;
const outDir = path.join(repoRoot, 'test-output', 'e2e');

interface Call {
  method: ApiName;
  input: Record<string, unknown>;
  /** Order of events across all calls: when the call reached the back end, and when it answered. */
  started: number;
  answered?: number;
  /** Characters of the answer's JSON; features or bins cells in it. */
  chars?: number;
  items?: number;
  progress: Progress[];
  error?: string;
  signal?: AbortSignal;
}

function latch(): { done: Promise<void>; open: () => void } {
  let open!: () => void;
  const done = new Promise<void>((r) => (open = r));
  return { done, open };
}

/**
 * The back end as the web server calls it, every call recorded. analysis.run's next call can be
 * held — before it runs, or with its answer ready — until the test releases it: the page is then
 * waiting for the analysis during whatever the test does, however fast the back end is.
 */
class Recorder {
  readonly calls: Call[] = [];
  private clock = 0;
  private hold: { where: 'before run' | 'before answer'; reached: ReturnType<typeof latch>; release: ReturnType<typeof latch> } | null = null;

  holdAnalysis(where: 'before run' | 'before answer'): { reached: Promise<void>; release: () => void } {
    this.hold = { where, reached: latch(), release: latch() };
    return { reached: this.hold.reached.done, release: this.hold.release.open };
  }

  tick(): number {
    return ++this.clock;
  }

  api(backend: Backend): Api {
    return new Proxy(backend, {
      get: (target, key) => {
        const value = Reflect.get(target, key, target) as unknown;
        if (!isApiName(key) || typeof value !== 'function') return value;
        return async (input: Record<string, unknown>, ctx: CallContext = {}) => {
          const call: Call = { method: key, input, started: this.tick(), progress: [], signal: ctx.signal };
          this.calls.push(call);
          const hold = key === 'analysis.run' ? this.hold : null;
          if (hold) this.hold = null;
          hold?.reached.open();
          try {
            if (hold?.where === 'before run') await hold.release.done;
            const result = (await value.call(target, input, { ...ctx, onProgress: (p: Progress) => (call.progress.push(p), ctx.onProgress?.(p)) })) as unknown;
            if (hold?.where === 'before answer') await hold.release.done;
            const r = result as { features?: unknown[]; cells?: ArrayLike<number> };
            call.chars = JSON.stringify(result).length;
            call.items = r.features?.length ?? (r.cells ? r.cells.length / 4 : undefined);
            return result;
          } catch (e) {
            call.error = (e as Error).message;
            throw e;
          } finally {
            call.answered = this.tick();
          }
        };
      },
    }) as unknown as Api;
  }
}

/** Features in each GeoJSON source of the map: what the page holds to draw. */
async function sourceFeatures(page: Page): Promise<Record<string, number>> {
  return page.evaluate(async () => {
    const map = window.__fronteraMap!;
    const out: Record<string, number> = {};
    for (const [id, spec] of Object.entries(map.getStyle().sources)) {
      if (spec.type !== 'geojson') continue;
      const data = await (map.getSource(id) as GeoJSONSource).getData();
      out[id] = data.type === 'FeatureCollection' ? data.features.length : 1;
    }
    return out;
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

describe('a million incidents in the browser', () => {
  const recorder = new Recorder();
  let app: BigLayerApp;
  let page: Page;
  const consoleErrors: string[] = [];
  const report: Record<string, unknown> = { incidents: N };
  /** Characters of one of the layer's features as the back end sends it (measured on a thousand). */
  let featureChars = 0;

  /** The page holds a view's worth: every GeoJSON source of its map, and every answer so far. */
  async function expectViewsWorth(label: string): Promise<void> {
    const sources = await sourceFeatures(page);
    report[`sources ${label}`] = sources;
    for (const [id, count] of Object.entries(sources)) expect(count, `${label}: source ${id}`).toBeLessThanOrEqual(VIEW_FEATURES_MAX);
    for (const c of recorder.calls) {
      // No answer, of any method, weighs more than a view's points, twice over.
      if (c.chars !== undefined) expect(c.chars, `${c.method} ${JSON.stringify(c.input)}`).toBeLessThan(2 * VIEW_POINTS_MAX * featureChars);
      if (c.method === 'layers.features' && c.input.layerId === 1) {
        expect(c.input.limit, JSON.stringify(c.input)).toBeLessThanOrEqual(VIEW_POINTS_MAX);
        if (c.items !== undefined) expect(c.items).toBeLessThanOrEqual(c.input.limit as number);
      }
      if (c.method === 'layers.bins' && c.items !== undefined) expect(c.items).toBeLessThanOrEqual(VIEW_FEATURES_MAX);
    }
  }

  beforeAll(async () => {
    fs.mkdirSync(outDir, { recursive: true });
    app = await openBigLayerApp(N, {
      api: (backend) => recorder.api(backend),
      init: [countFrames],
    });
    page = app.page;
    featureChars = JSON.stringify(await app.backend['layers.features']({ layerId: 1, limit: 1000 })).length / 1000;
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text().slice(0, 300)));
    page.on('pageerror', (e) => consoleErrors.push(e.message));
  }, 600_000);

  afterAll(async () => {
    const answers = recorder.calls.filter((c) => c.chars !== undefined);
    const largest = answers.reduce((a, b) => ((b.chars ?? 0) > (a?.chars ?? -1) ? b : a), answers[0]);
    report.calls = answers.length;
    report.largestAnswer = largest && { method: largest.method, chars: largest.chars, items: largest.items };
    report.answeredChars = answers.reduce((n, c) => n + (c.chars ?? 0), 0);
    report.layerChars = Math.round(featureChars * N);
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(path.join(outDir, 'bigLayer.json'), JSON.stringify(report, null, 2) + '\n');
    process.stdout.write(`big layer: ${JSON.stringify(report)}\n`);
    await app?.close();
  }, STEP_TIMEOUT);

  it('draws the aggregate at low zoom: cells from the bins source, in the pixels, with a key', async () => {
    await page.goto(app.server.url);
    await page.waitForFunction(() => window.__fronteraMap?.loaded() === true, null, { timeout: 60_000 });
    await page.waitForFunction(
      () => !!window.__fronteraMap!.getLayer('lyr-1-bins') && window.__fronteraMap!.queryRenderedFeatures({ layers: ['lyr-1-bins'] }).length > 0,
      null,
      { timeout: 180_000, polling: 50 },
    );
    await settled(page);

    const zoom = await page.evaluate(() => window.__fronteraMap!.getZoom());
    expect(zoom).toBeLessThan(9);
    const cells = await page.evaluate(() => window.__fronteraMap!.queryRenderedFeatures({ layers: ['lyr-1-bins'] }).map((f) => Number(f.properties.count)));
    report.cellsAtStart = cells.length;
    // Thousands of cells, not a million circles.
    expect(cells.length).toBeGreaterThan(50);
    expect(cells.length).toBeLessThan(VIEW_FEATURES_MAX);
    expect(await renderedCount(page, 'lyr-1-circle')).toBe(0);
    expect(await pixelsFrom(page, 'lyr-1-bins')).toBeGreaterThan(500);
    await expect.poll(() => page.getByTestId('bins-legend').textContent()).toMatch(/incidents per cell/);
    // The layer reached the page as bins only: no feature of it was asked for.
    expect(recorder.calls.filter((c) => c.method === 'layers.bins' && c.input.layerId === 1).length).toBeGreaterThan(0);
    expect(recorder.calls.filter((c) => c.method === 'layers.features' && c.input.layerId === 1)).toEqual([]);
    await expectViewsWorth('at start');
    await page.screenshot({ path: path.join(outDir, 'bigLayer-01-bins.png') });
  }, STEP_TIMEOUT);

  it('pans and zooms with the mouse: each view fetched as bins, the page holding one view', async () => {
    const before = recorder.calls.length;
    await panAndZoom(page, '[data-testid="map"]', settled);
    expect(await renderedCount(page, 'lyr-1-bins')).toBeGreaterThan(0);
    // Eight moves, eight views: each asked of the back end (the loader drops a move that another follows within its debounce).
    const views = recorder.calls.slice(before).filter((c) => c.method === 'layers.bins' && c.input.layerId === 1 && c.error === undefined);
    report.binsRequestsWhilePanning = views.length;
    expect(views.length).toBeGreaterThanOrEqual(8);
    expect(new Set(views.map((c) => JSON.stringify(c.input.bbox))).size).toBeGreaterThanOrEqual(8);
    await expectViewsWorth('after panning');
  }, STEP_TIMEOUT);

  it('shows the points themselves when the view holds few enough, and a popup on click', async () => {
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
    // The points came as the view's features, within the loader's limit.
    expect(recorder.calls.some((c) => c.method === 'layers.features' && c.input.layerId === 1 && Array.isArray(c.input.bbox))).toBe(true);
    await expectViewsWorth('points view');
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
    // Closed: a drag released over an open popup leaves MapLibre's drag going.
    await page.locator('.maplibregl-popup-close-button').click();
    expect(await page.locator('.maplibregl-popup').count()).toBe(0);
    // Back to the region for the rest.
    await page.evaluate(() => window.__fronteraController!.zoomToRegion());
    await settled(page);
  }, STEP_TIMEOUT);

  it('pages the attribute table from the back end: a million rows, sorted, filtered, scrolled', async () => {
    const before = recorder.calls.length;
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
    const [latest] = (await app.backend['layers.features']({ layerId: 1, sort: { field: '$time', desc: true }, limit: 1 })).features;
    const firstId = async () => (await page.getByTestId('table-row').first().locator('span').first().textContent()) ?? '';
    await expect.poll(firstId, { timeout: 60_000 }).toBe(String(latest.id));
    // Filtered by text: the count follows.
    await page.getByTestId('table-search').fill('cocaine');
    await expect.poll(() => page.getByTestId('table-count').textContent(), { timeout: 60_000 }).toMatch(/^(?!1,000,000 )[\d,]+ of 1,000,000 features$/);
    const filtered = Number(((await page.getByTestId('table-count').textContent()) ?? '').split(' ')[0].replace(/,/g, ''));
    report.tableFilteredRows = filtered;
    // The synthetic incidents carry no other text: the match is the category's count.
    expect(filtered).toBe(app.backend.workspace.getLayer(1).categories.find((c) => c.category === 'seizure_cocaine')?.count);
    await page.screenshot({ path: path.join(outDir, 'bigLayer-03-table.png') });
    // Paged: every row request a page of PAGE_ROWS with its offset, a few pages in all.
    const pages = recorder.calls.slice(before).filter((c) => c.method === 'layers.features' && c.input.layerId === 1 && !Array.isArray(c.input.bbox));
    report.tablePages = pages.length;
    expect(pages.length).toBeGreaterThan(0);
    for (const p of pages) expect(p.input, JSON.stringify(p.input)).toMatchObject({ limit: PAGE_ROWS, offset: expect.any(Number) });
    expect(pages.length * PAGE_ROWS).toBeLessThan(N / 100);
    await page.getByTestId('table-search').fill('');
    await page.getByTitle('Close the table').click();
  }, STEP_TIMEOUT);

  it('runs DBSCAN over the million in the back end: progress in chunks, the page panned and drawing while it waits', async () => {
    await settled(page);
    await page.getByTestId('open-tool-dbscan').click();
    const before = await page.evaluate(() => window.__fronteraMap!.getStyle().layers.map((l) => l.id).filter((id) => /^res-\d+-/.test(id)));
    await page.getByTestId('dbscan-eps').fill('150');
    await page.getByTestId('dbscan-minpoints').fill('10');
    // Its answer held until the pan is done: the page waits for the run all along, on any machine.
    const held = recorder.holdAnalysis('before answer');
    const framesAtRun = await framesRun(page);
    await page.getByTestId('analysis-run').click();
    await held.reached;
    const run = recorder.calls.findLast((c) => c.method === 'analysis.run')!;
    await page.getByTestId('analysis-progress').waitFor({ state: 'visible' });
    // A pan with the mouse, and back: each view's bins fetched and drawn while the call is open.
    const panStart = recorder.tick();
    await drag(page, '[data-testid="map"]', 160, 40, settled);
    await drag(page, '[data-testid="map"]', -160, -40, settled);
    const panned = recorder.calls.filter((c) => c.method === 'layers.bins' && c.started > panStart && c.answered !== undefined && c.error === undefined);
    expect(panned.length).toBeGreaterThanOrEqual(2);
    expect(run.answered).toBeUndefined();
    const framesWhileWaiting = (await framesRun(page)) - framesAtRun;
    expect(framesWhileWaiting).toBeGreaterThan(0);
    expect(await page.getByTestId('analysis-progress').isVisible()).toBe(true);
    held.release();

    await page.getByTestId('analysis-result').waitFor({ timeout: 300_000 });
    expect(await page.getByTestId('analysis-error').count()).toBe(0);
    await page.waitForFunction((old) => window.__fronteraMap!.getStyle().layers.some((l) => /^res-\d+-/.test(l.id) && !old.includes(l.id)), before, { timeout: 60_000 });
    await settled(page);
    // The run reported its progress as it went, chunk by chunk, from the worker.
    const clustering = run.progress.filter((p) => p.phase === 'clustering');
    report.analysis = { kind: 'dbscan', eps: 150, minPoints: 10, progressReports: run.progress.length, binsWhileWaiting: panned.length, framesWhileWaiting };
    expect(clustering.length).toBeGreaterThan(1);
    expect(clustering.map((p) => p.done)).toEqual([...clustering.map((p) => p.done)].sort((a, b) => a - b));
    // The result drawn is the clusters' hulls, not the million labelled incidents.
    await expectViewsWorth('with the DBSCAN result');
    await page.screenshot({ path: path.join(outDir, 'bigLayer-04-dbscan.png') });
    expect(consoleErrors).toEqual([]);
  }, STEP_TIMEOUT);

  it('cancels a run from the panel: the call ends, no result is stored or drawn', async () => {
    const stored = app.backend.workspace.listAnalyses().length;
    const layers = await page.evaluate(() => window.__fronteraMap!.getStyle().layers.length);
    await page.getByTestId('dbscan-eps').fill('160');
    // Held before it runs, so the cancel reaches it first whatever the machine's speed.
    const held = recorder.holdAnalysis('before run');
    await page.getByTestId('analysis-run').click();
    await held.reached;
    const run = recorder.calls.findLast((c) => c.method === 'analysis.run')!;
    await page.getByTestId('analysis-cancel').click();
    await expect.poll(() => page.getByTestId('analysis-error').textContent(), { timeout: 30_000 }).toBe('Cancelled.');
    // The web server saw the page go away from the call and aborted it.
    const signal = run.signal!;
    if (!signal.aborted) await new Promise((r) => signal.addEventListener('abort', r, { once: true }));
    held.release();
    await expect.poll(() => run.error ?? '', { timeout: 120_000 }).toMatch(/cancelled/);
    expect(app.backend.workspace.listAnalyses().length).toBe(stored);
    expect(await page.evaluate(() => window.__fronteraMap!.getStyle().layers.length)).toBe(layers);
    expect(consoleErrors).toEqual([]);
  }, STEP_TIMEOUT);
});
