/**
 * End to end, the analysis tools in Spanish: the SYNTHETIC demo workspace behind the loopback web
 * server, the built renderer in Debian's Chromium, the window switched to Español. Every tool's
 * parameter fields carry the Spanish catalogue's labels (read from RESOURCES, not copied here), a
 * wrong value is refused in Spanish naming the field, and DBSCAN and Gi* runs write their result
 * line and legend classes in Spanish, their figures the stored run's (from the back end) as Intl's
 * es-MX writes them. Screenshots under test-output/e2e.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { Backend } from '../../electron/backend/backend.ts';
import { RESOURCES } from '../../shared/i18n/translator.ts';
import { E2E_OUT as outDir, openDemoApp, type DemoApp } from '../support/demoApp.ts';

const es = RESOURCES.es.app;
const p = es.params;
const esNum = new Intl.NumberFormat('es-MX', { maximumFractionDigits: 0 });

/** A catalogue template with its {{values}} put in: the test's own reading of the catalogue. */
function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => {
    expect(values, `${template}: ${k}`).toHaveProperty(k);
    return String(values[k]);
  });
}

/** The labels of a form's parameter fields, in order (ToolForm's Param and the study area field). */
const paramLabels = (form: Locator) => form.locator('.param > label.field > span:first-child').allTextContents();

/** Opens a tool in the analysis panel, unless it is open already (a second click closes it). */
async function openTool(page: Page, id: string): Promise<void> {
  const button = page.getByTestId(`open-tool-${id}`);
  if (!(await button.getAttribute('class'))?.split(' ').includes('active')) await button.click();
}

describe('the analysis tools in Spanish', () => {
  let app: DemoApp;
  let backend: Backend;
  let page: Page;

  beforeAll(async () => {
    app = await openDemoApp('language-tools');
    ({ backend, page } = app);
    await page.getByRole('combobox', { name: 'Language / Idioma' }).selectOption('es');
    await page.waitForFunction(() => document.documentElement.lang === 'es');
    await page.getByRole('heading', { name: es.analysis.title }).waitFor();
  }, 240_000);

  afterAll(() => app?.close());

  it("labels every tool's parameter fields from the Spanish catalogue", async () => {
    const expected: Record<string, string[]> = {
      dbscan: [p.dbscan.eps, p.dbscan.minPoints, p.dbscan.hull],
      kde: [p.common.bandwidth, p.common.cellSize, p.kde.contours, es.selection.studyArea],
      gistar: [p.gistar.values, p.common.cellSize, p.common.grid, es.selection.studyArea, p.gistar.band],
      nni: [es.selection.studyArea],
      corridors: [p.corridors.network, p.corridors.minLength, p.corridors.border],
      emerging: [p.common.cellSize, p.emerging.step, p.common.grid, es.selection.studyArea],
      areas: [p.areas.areas, p.areas.name, p.areas.population, p.areas.map, p.areas.classify, p.areas.classes],
      compare: [p.compare.periods, p.compare.splitDate, p.compare.days, p.compare.perZone],
    };
    for (const [tool, labels] of Object.entries(expected)) {
      await openTool(page, tool);
      const form = page.getByTestId(`tool-${tool}`);
      await form.waitFor();
      expect(await paramLabels(form), tool).toEqual(labels);
    }
    // The hints and choices too, on two tools: DBSCAN's hints, Gi*'s grid choices.
    await openTool(page, 'dbscan');
    const dbscan = page.getByTestId('tool-dbscan');
    expect(await dbscan.locator('.param > p.hint').allTextContents()).toEqual([p.dbscan.epsHint, p.dbscan.minPointsHint, p.dbscan.hullHint]);
    expect(await page.getByTestId('dbscan-suggest').textContent()).toBe(p.dbscan.suggest);
    expect(await dbscan.locator('option').allTextContents()).toContain(p.dbscan.concave);
    await openTool(page, 'gistar');
    const grid = page.getByTestId('tool-gistar').getByRole('combobox', { name: p.common.grid });
    expect(await grid.locator('option').allTextContents()).toEqual([p.common.hex, p.common.square]);
    // The summary: its area choices and the scope line.
    await openTool(page, 'summary');
    const summary = page.getByTestId('summary-panel');
    await summary.waitFor();
    expect(await summary.getByRole('radiogroup', { name: p.summary.area }).textContent()).toBe(` ${p.summary.extent} ${p.summary.polygon}`);
    expect(await page.getByTestId('summary-scope').textContent()).toBe(`${p.summary.allTimes} · ${p.summary.allCategories} · ${p.summary.inExtent}`);
    await page.getByTestId('summary-count').waitFor({ timeout: 30_000 });
    const count = Number(await page.getByTestId('summary-count').getAttribute('data-value'));
    expect((await page.getByTestId('summary-result').locator('div').first().textContent())?.trim()).toBe(
      `${esNum.format(count)} ${count === 1 ? p.summary.incidents_one : p.summary.incidents_other}`,
    );
    await page.screenshot({ path: path.join(outDir, 'language-tools-es-summary.png') });
  });

  it('refuses a wrong value in Spanish, naming the field by its Spanish label', async () => {
    await openTool(page, 'dbscan');
    await page.getByTestId('dbscan-eps').fill('-5');
    await page.getByTestId('analysis-run').click();
    expect(await page.getByTestId('analysis-error').textContent()).toBe(fill(p.common.positive, { name: p.dbscan.eps, text: '-5' }));
    await page.getByTestId('dbscan-eps').fill('500');
    await page.getByTestId('dbscan-minpoints').fill('2.5');
    await page.getByTestId('analysis-run').click();
    expect(await page.getByTestId('analysis-error').textContent()).toBe(fill(p.dbscan.minPointsWhole, { text: '2.5' }));
  });

  it('runs DBSCAN in Spanish: the result line and the legend in Spanish, the run’s figures in es-MX', async () => {
    await openTool(page, 'dbscan');
    await page.getByTestId('dbscan-eps').fill('500');
    await page.getByTestId('dbscan-minpoints').fill('8');
    await page.getByTestId('analysis-run').click();
    const result = page.getByTestId('analysis-result');
    await result.waitFor({ timeout: 120_000 });
    const id = Number(/#(\d+)/.exec((await result.locator('p').first().textContent())!)![1]);
    expect(await result.locator('p').first().textContent()).toBe(fill(es.tool.doneColon, { id }));
    const { summary, geojson } = await backend['analysis.get']({ id });
    const line = fill(p.dbscan.result, {
      clusters: esNum.format(Number(summary.clusters)),
      noise: esNum.format(Number(summary.noise)),
      incidents: esNum.format(Number(summary.incidents)),
    });
    expect(await result.locator('p').nth(1).textContent()).toBe(line);
    // More than a thousand incidents: the figure shows es-MX's thousands separator.
    expect(Number(summary.incidents)).toBeGreaterThan(999);
    const entry = page.getByTestId('legend-entry').first();
    await expect.poll(() => entry.locator('strong').textContent(), { timeout: 30_000 }).toBe(`${es.tools.dbscan.title} #${id}`);
    const hulls = geojson.features.filter((f) => (f.properties as Record<string, unknown>).locations === undefined).length;
    const first = entry.locator('.legend-classes li').first();
    expect(await first.locator('.grow').textContent()).toBe(p.legend.hull);
    expect(await first.locator('.num').textContent()).toBe(esNum.format(hulls));
    await page.screenshot({ path: path.join(outDir, 'language-tools-es-dbscan.png') });
  }, 180_000);

  it('runs Gi* in Spanish: the cells by confidence in the result line and the legend, as the stored run counts them', async () => {
    await openTool(page, 'gistar');
    await page.getByTestId('tool-gistar').getByTestId('analysis-run').click();
    const result = page.getByTestId('tool-gistar').getByTestId('analysis-result');
    await result.waitFor({ timeout: 180_000 });
    expect(await page.getByTestId('analysis-error').count()).toBe(0);
    const id = Number(/#(\d+)/.exec((await result.locator('p').first().textContent())!)![1]);
    const { summary, geojson } = await backend['analysis.get']({ id });
    const keys = ['hot99', 'hot95', 'hot90', 'cold99', 'cold95', 'cold90'] as const;
    expect(await result.locator('p').nth(1).textContent()).toBe(fill(p.gistar.result, Object.fromEntries(keys.map((k) => [k, esNum.format(Number(summary[k]))]))));
    // The legend: seven bins, hot 99 % first, each with the number of cells the run stored in it.
    const bins = [3, 2, 1, 0, -1, -2, -3];
    const names = [p.legend.giBins.hot99, p.legend.giBins.hot95, p.legend.giBins.hot90, p.legend.giBins.none, p.legend.giBins.cold90, p.legend.giBins.cold95, p.legend.giBins.cold99];
    const cells = bins.map((b) => geojson.features.filter((f) => ((f.properties as Record<string, unknown>).gi_bin ?? 0) === b).length);
    expect(cells.reduce((a, b) => a + b, 0)).toBe(geojson.features.length);
    const entry = page.getByTestId('legend-entry').first();
    await expect.poll(() => entry.locator('strong').textContent(), { timeout: 30_000 }).toBe(`${es.tools.gistar.title} #${id}`);
    const rows = entry.locator('.legend-classes li');
    expect(await rows.locator('.grow').allTextContents()).toEqual(names);
    expect(await rows.locator('.num').allTextContents()).toEqual(cells.map((n) => esNum.format(n)));
    await page.screenshot({ path: path.join(outDir, 'language-tools-es-gistar.png') });

    // A hot cell's popup on the map, in Spanish: click the middle of one the map drew.
    const hot = await page.evaluate((runId) => {
      const map = window.__fronteraMap!;
      const cell = map.queryRenderedFeatures({ layers: [`res-${runId}-fill`] }).find((f) => Number(f.properties.gi_bin) === 3 && f.geometry.type === 'Polygon');
      if (!cell || cell.geometry.type !== 'Polygon') return null;
      const ring = cell.geometry.coordinates[0].slice(0, -1);
      const [x, y] = [0, 1].map((k) => ring.reduce((a, c) => a + c[k], 0) / ring.length);
      map.jumpTo({ center: [x, y], zoom: Math.max(map.getZoom(), 11) });
      const px = map.project([x, y]);
      return { x: px.x, y: px.y };
    }, id);
    expect(hot, 'a hot spot cell at 99 % on the map').not.toBeNull();
    await page.evaluate(() => window.__fronteraController!.whenIdle());
    const canvas = (await page.locator('.maplibregl-canvas').boundingBox())!;
    await page.mouse.click(canvas.x + hot!.x, canvas.y + hot!.y);
    const popup = page.locator('.result-popup');
    await popup.waitFor({ timeout: 10_000 });
    expect(await popup.locator('strong').textContent()).toBe(`${es.tools.gistar.title} #${id}`);
    const popupRows = await popup.locator('tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
    expect(popupRows).toContainEqual([p.popup.confidence, fill(p.popup.hot, { level: 99 })]);
    await page.screenshot({ path: path.join(outDir, 'language-tools-es-gistar-popup.png') });

    // Back to English: the legend follows the switch.
    await page.getByRole('combobox', { name: 'Language / Idioma' }).selectOption('en');
    const en = RESOURCES.en.app.params.legend.giBins;
    await expect.poll(() => rows.locator('.grow').allTextContents()).toEqual([en.hot99, en.hot95, en.hot90, en.none, en.cold90, en.cold95, en.cold99]);
    expect(app.pageErrors).toEqual([]);
  }, 240_000);
});
