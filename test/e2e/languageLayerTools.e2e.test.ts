/**
 * End to end, the layer tools and the map's words in Spanish (issue 18): the SYNTHETIC demo
 * workspace behind the loopback web server, the built renderer in Debian's Chromium. With the
 * window switched to Español, the filter builder, the style editor and its legend, a feature's
 * popup, the attribute table, the buffer dialog and the coordinate read-out speak the Spanish catalogue — every
 * expected word read from RESOURCES (through the app's own translator), never copied here — and
 * their numbers and days are as Intl's es-MX writes them. A filter built in Spanish is the same
 * filter as in English: the same text, and the layer shows the count GDAL finds for it in a
 * GeoPackage export of the layer (ogrinfo -sql … WHERE), as the English builder does.
 * Screenshots of the Spanish tools go to test-output/e2e.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Point } from 'geojson';
import type { Backend } from '../../electron/backend/backend.ts';
import { RESOURCES, translator } from '../../shared/i18n/translator.ts';
import { formatDegrees, formatMgrs, formatUtm, toUtm } from '../../shared/geo/coordinateFormats.ts';
import { gdalRioHomicides } from '../support/filterReference.ts';
import { E2E_OUT as outDir, clickablePoint, openDemoApp, waitForIdleMap, type DemoApp } from '../support/demoApp.ts';

const FILTER = 'municipio contains "rio" and tipo = "Homicidio doloso"';
const ES = RESOURCES.es.app;
const EN = RESOURCES.en.app;
/** The Spanish catalogue with its placeholders filled, as the app fills them. */
const es = translator('es', 'app');
/** Numbers and days as Intl's es-MX writes them: the reference the page must match. */
const esNumber = (n: number, maxDigits = 0) => new Intl.NumberFormat('es-MX', { maximumFractionDigits: maxDigits }).format(n);
function esDay(isoDay: string): string {
  const [y, m, d] = isoDay.split('-').map(Number);
  return new Intl.DateTimeFormat('es-MX', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
}

describe('the layer tools in Spanish', () => {
  let app: DemoApp;
  let backend: Backend;
  let page: Page;
  /** GDAL's count of the filtered records, in the layer exported to a GeoPackage. */
  let expected: number;

  beforeAll(async () => {
    app = await openDemoApp('language-layer-tools', {
      prepare: async (b, tmp) => {
        expected = await gdalRioHomicides(b, tmp);
      },
    });
    ({ backend, page } = app);
    await page.waitForFunction(() => window.__fronteraMap!.querySourceFeatures('lyr-1').length > 0, null, { timeout: 60_000 });
  }, 240_000);

  afterAll(() => app?.close());

  /** The incidents layer's row, its filter built with the builder's controls as labelled in `words`. */
  async function buildFilter(words: typeof EN | typeof ES, filterButton: string): Promise<void> {
    const row = page.getByTestId('layer-row').filter({ hasText: 'incidents' }).first();
    await row.getByRole('button', { name: filterButton, exact: true }).click();
    const builder = page.getByRole('dialog', { name: words.layerTools.filter.title.replace('{{layer}}', 'incidents') });
    const rows = builder.getByTestId('filter-row');
    const f = words.layerTools.filter;
    await rows.nth(0).getByLabel(f.field, { exact: true }).selectOption('municipio');
    // The operator chosen by the name the analyst reads in the list.
    await rows.nth(0).getByLabel(f.operator, { exact: true }).selectOption({ label: f.ops.contains });
    await rows.nth(0).getByLabel(f.value, { exact: true }).fill('rio');
    await builder.getByRole('button', { name: f.add }).click();
    expect(await rows.nth(1).getByLabel(f.join, { exact: true }).locator('option:checked').textContent()).toBe(f.and);
    await rows.nth(1).getByLabel(f.field, { exact: true }).selectOption('tipo');
    await rows.nth(1).getByLabel(f.value, { exact: true }).fill('Homicidio doloso');
    expect(await builder.getByTestId('filter-text').textContent()).toBe(FILTER);
    await builder.getByRole('button', { name: f.apply }).click();
    await builder.waitFor({ state: 'detached' });
  }

  it('filters as in English, and speaks Spanish in the filter builder, style editor, popup, buffer dialog and read-out', async () => {
    // Not vacuous: San Luis Río Colorado's homicides, a part of the 5,512 incidents.
    expect(expected).toBeGreaterThan(100);
    expect(expected).toBeLessThan(1000);
    const incidents = (await backend['layers.list']({})).find((l) => l.name === 'incidents')!;
    const row = page.getByTestId('layer-row').filter({ hasText: 'incidents' }).first();
    const count = row.getByTestId('layer-count');

    // English first: the filter's count, then cleared.
    await buildFilter(EN, EN.layers.filter);
    await expect.poll(() => count.textContent(), { timeout: 30_000 }).toBe(`${expected.toLocaleString('en-US')} of ${incidents.featureCount.toLocaleString('en-US')}`);
    await row.getByTestId('filter-chip').getByRole('button', { name: EN.layerTools.filter.clear }).click();
    await expect.poll(() => count.textContent(), { timeout: 30_000 }).toBe(incidents.featureCount.toLocaleString('en-US'));

    await page.getByRole('combobox', { name: 'Language / Idioma' }).selectOption('es');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('es');

    // The filter builder in Spanish: its operators by their Spanish names, "y" / "o", the chip.
    await row.getByRole('button', { name: ES.layers.filter, exact: true }).click();
    const builder = page.getByRole('dialog', { name: es('layerTools.filter.title', { layer: 'incidents' }) });
    const operators = await builder.getByLabel(ES.layerTools.filter.operator, { exact: true }).first().locator('option').allTextContents();
    expect(operators).toEqual(expect.arrayContaining(Object.values(ES.layerTools.filter.ops)));
    // A value its field cannot take: refused in Spanish, naming the condition, the field and the value.
    const first = builder.getByTestId('filter-row').first();
    await first.getByLabel(ES.layerTools.filter.field, { exact: true }).selectOption('cantidad');
    await first.getByLabel(ES.layerTools.filter.value, { exact: true }).fill('doce');
    expect(await builder.getByRole('alert').textContent()).toBe(es('layerTools.filter.bad.number', { n: 1, field: 'cantidad', value: 'doce' }));
    expect(await builder.getByRole('button', { name: ES.layerTools.filter.apply }).isDisabled()).toBe(true);
    await builder.getByRole('button', { name: ES.layerTools.filter.add }).click();
    expect(await builder.getByLabel(ES.layerTools.filter.join, { exact: true }).locator('option').allTextContents()).toEqual([ES.layerTools.filter.and, ES.layerTools.filter.or]);
    await builder.getByRole('button', { name: ES.common.cancel }).click();
    await builder.waitFor({ state: 'detached' });

    // The same filter built in Spanish: the same text, the count GDAL finds, in es-MX digits.
    await buildFilter(ES, ES.layers.filter);
    await expect.poll(() => count.textContent(), { timeout: 30_000 }).toBe(es('layers.countOf', { n: esNumber(expected), total: esNumber(incidents.featureCount) }));
    // The chip's words, then its ✕ (Quitar filtro).
    expect(await row.getByTestId('filter-chip').textContent()).toBe(`${es('layerTools.filter.chip', { filter: FILTER })}✕`);
    await page.screenshot({ path: path.join(outDir, 'language-layer-tools-filter-es.png') });
    await row.getByTestId('filter-chip').getByRole('button', { name: ES.layerTools.filter.clear }).click();
    await expect.poll(() => count.textContent(), { timeout: 30_000 }).toBe(esNumber(incidents.featureCount));

    // The style editor: categorized by tipo; the legend's counts are the back end's, in es-MX digits.
    await row.getByRole('button', { name: ES.layerTools.style.button, exact: true }).click();
    const editor = page.getByRole('dialog', { name: es('layerTools.style.title', { layer: 'incidents' }) });
    const mode = editor.getByLabel(ES.layerTools.style.mode, { exact: true });
    expect(await mode.locator('option').allTextContents()).toEqual([ES.layerTools.style.single, ES.layerTools.style.categorized, ES.layerTools.style.graduated]);
    await mode.selectOption('categorized');
    const field = editor.getByLabel(ES.layerTools.style.field, { exact: true });
    await field.selectOption('tipo');
    expect(await field.locator('option:checked').textContent()).toBe(`tipo (${ES.layerTools.fieldTypes.string})`);
    await editor.getByRole('button', { name: ES.layerTools.style.apply }).click();
    const legend = page.getByRole('region', { name: ES.layerTools.legend.name }).getByTestId('style-legend-layer').filter({ hasText: 'incidents' });
    await legend.waitFor({ timeout: 30_000 });
    expect(await legend.locator('div').first().textContent()).toBe(`incidents: tipo (${ES.layerTools.style.categorized})`);
    const values = await backend['layers.fieldValues']({ layerId: incidents.id, field: 'tipo', limit: 50 });
    // Few enough for a colour each, and one past a thousand: its count shows es-MX's separator.
    expect(values.distinct).toBeLessThanOrEqual(12);
    expect(values.values.some((v) => v.count > 999)).toBe(true);
    const shownCounts = await legend.locator('.legend-classes .num').allTextContents();
    expect(shownCounts.sort()).toEqual(values.values.map((v) => esNumber(v.count)).sort());
    await page.screenshot({ path: path.join(outDir, 'language-layer-tools-style-es.png') });

    // A feature's popup: our row labels in Spanish, its day as es-MX names it, the source row.
    await page.evaluate(() => window.__fronteraMap!.jumpTo({ center: [-115.0, 32.45], zoom: 10 }));
    await waitForIdleMap(page);
    const target = await clickablePoint(page, `lyr-${incidents.id}-circle`, []);
    expect(target).not.toBeNull();
    await page.mouse.click(target!.x, target!.y);
    const popup = page.getByTestId('feature-popup');
    await popup.waitFor({ timeout: 10_000 });
    const clicked = (await backend['layers.features']({ layerId: incidents.id })).features.find((f) => f.id === target!.id)!;
    const props = clicked.properties as Record<string, unknown>;
    const cells = await popup.locator('tr').evaluateAll((trs) => trs.map((tr) => [...(tr as HTMLTableRowElement).cells].map((c) => c.textContent ?? '')));
    const label = (l: string) => cells.find(([k]) => k === l)?.[1];
    const iso = new Date(props.$time as number).toISOString();
    // An instant in the workspace's zone, as es-MX writes it on a 24-hour clock, the zone named.
    const tz = (await backend['workspace.info']({})).timezone;
    const esInstant = (ms: number) =>
      new Intl.DateTimeFormat('es-MX', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: tz }).format(ms);
    expect(label(ES.layerTools.popup.time)).toBe(props.$timePrecision === 'date' ? esDay(iso.slice(0, 10)) : `${esInstant(props.$time as number)} (${tz})`);
    expect(label(ES.layerTools.popup.featureId)).toBe(String(target!.id));
    const [lon, lat] = (clicked.geometry as Point).coordinates;
    expect(label('UTM')).toBe(formatUtm(toUtm(lon, lat)));
    expect(label(ES.layerTools.status.formats.DD)).toBe(formatDegrees(lon, lat, ES.layerTools.status.west));
    expect(label('MGRS')).toBe(formatMgrs(lon, lat));
    expect(await page.getByTestId('feature-popup-source').textContent()).toBe(
      `${ES.layerTools.popup.source}${es('layerTools.popup.sourceRecord', { file: incidents.sourceFile, n: String(props.$sourceIndex) })}`,
    );
    // None of our English row labels is left.
    for (const word of Object.values(EN.layerTools.popup)) expect(cells.map(([k]) => k)).not.toContain(word);
    await page.screenshot({ path: path.join(outDir, 'language-layer-tools-popup-es.png') });
    await page.keyboard.press('Escape');

    // The attribute table: its analysis columns by the popup's Spanish names, the time's day in es-MX.
    await row.getByRole('button', { name: '▦' }).click();
    const table = page.getByRole('region', { name: es('layerTools.table.name', { layer: 'incidents' }) });
    const head = await table.locator('.table-row.head span').allTextContents();
    const timeHead = `${ES.layerTools.popup.time} (${tz})`;
    expect(head).toEqual(expect.arrayContaining([timeHead, ES.layerTools.popup.category]));
    const firstRow = table.getByTestId('table-row').first();
    await firstRow.waitFor({ timeout: 30_000 });
    const rowCells = await firstRow.locator('span').allTextContents();
    const rowFeature = (await backend['layers.features']({ layerId: incidents.id })).features.find((f) => f.id === Number(rowCells[0]))!;
    expect(rowCells[head.indexOf(timeHead)]).toBe(esInstant((rowFeature.properties as Record<string, unknown>).$time as number));
    // The feature clicked on the map is the one selected: "1 seleccionado", in the singular.
    expect(await table.getByTestId('table-selection').textContent()).toContain(es('table.selected', { count: 1, n: esNumber(1) }));
    expect(ES.table.selected_one).not.toBe(ES.table.selected_other);
    await page.screenshot({ path: path.join(outDir, 'language-layer-tools-table-es.png') });
    await table.getByTitle(ES.table.close).click();

    // The buffer dialog: the basemap's border by its Spanish name, the default layer name with the
    // distance in es-MX digits, a bad distance refused in Spanish.
    await row.getByRole('button', { name: ES.layers.buffer, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: ES.layerTools.buffer.title });
    await dialog.waitFor();
    const source = page.getByTestId('buffer-source');
    await source.selectOption('basemap:border');
    const border = ES.layerTools.buffer.basemapLayers.border;
    expect(await source.locator('option:checked').textContent()).toBe(ES.params.basemap.border);
    await page.getByTestId('buffer-distance').fill('12345.6');
    expect(await page.getByTestId('buffer-name').inputValue()).toBe(es('layerTools.buffer.defaultName', { source: border, km: esNumber(12.3456, 3) }));
    await page.getByTestId('buffer-distance').fill('-5');
    await page.getByTestId('buffer-run').click();
    expect(await page.getByTestId('buffer-error').textContent()).toBe(ES.layerTools.buffer.badDistance);
    expect(await page.getByTestId('buffer-run').textContent()).toBe(ES.layerTools.buffer.run);
    await page.screenshot({ path: path.join(outDir, 'language-layer-tools-buffer-es.png') });
    await dialog.getByRole('button', { name: ES.common.cancel }).click();
    await dialog.waitFor({ state: 'detached' });
    // Refused before anything was made.
    expect((await backend['layers.list']({})).some((l) => l.metadata.buffer)).toBe(false);

    // The coordinate read-out: the formats' Spanish short names, the go-to box, its error in Spanish.
    const formats = page.getByRole('combobox', { name: ES.layerTools.status.format, exact: true });
    expect(await formats.locator('option').allTextContents()).toEqual([ES.layerTools.status.formats.DD, ES.layerTools.status.formats.DMS, 'UTM', 'MGRS']);
    const box = page.getByRole('textbox', { name: ES.layerTools.status.goTo, exact: true });
    expect(await box.getAttribute('placeholder')).toBe(ES.layerTools.status.goToPlaceholder);
    await box.fill('32.4561');
    await box.press('Enter');
    const coordinates = RESOURCES.es.analysis.coordinates;
    const reason = coordinates.notDegrees.replace('{{input}}', '32.4561').replace('{{reason}}', coordinates.expected);
    await expect.poll(() => page.getByTestId('goto-status').textContent()).toBe(reason);
    await box.fill('32°27\'22"N 114°46\'18"W');
    await box.press('Enter');
    await expect.poll(() => box.getAttribute('title')).toMatch(new RegExp(`^${ES.layerTools.status.formats.DMS}: 32\\.456\\d\\d° N, 114\\.771\\d\\d° ${ES.layerTools.status.west}$`));
    // The cursor's position with west as oeste.
    const canvas = (await page.locator('canvas.maplibregl-canvas').boundingBox())!;
    await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
    await expect.poll(() => page.getByTestId('cursor-dd').textContent()).toMatch(new RegExp(`^\\d+\\.\\d{5}° N, \\d+\\.\\d{5}° ${ES.layerTools.status.west}$`));
    await page.screenshot({ path: path.join(outDir, 'language-layer-tools-readout-es.png') });
    expect(app.pageErrors).toEqual([]);
  }, 300_000);
});
