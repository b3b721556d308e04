/**
 * End to end: the import dialog on real files in the browser shell (`npm run web`'s server, the
 * built renderer in Debian's Chromium). A CSV whose coordinates sit in columns named `norte` and
 * `oeste` is previewed, the dialog asks for the columns in its own words and imports once they
 * are chosen; a UTM CSV waits for its CRS, chosen in the dialog; a CSV of its header only is
 * refused with a message naming it; a GeoPackage of two tables offers them; a problem of the whole
 * file names the dialog's control and offers no "Skip invalid records". The files are UCDP events
 * and Natural Earth layers written by GDAL, and GDAL's reading of them is the reference. Last,
 * switched to Español (issue 18), the problem table lists two rows made bad by hand as "fila N"
 * with the import catalogue's Spanish reasons (templates read from RESOURCES, filled here by
 * hand), and "Omitir registros no válidos" imports GDAL's count less those two.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Point } from 'geojson';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../electron/backend/backend.ts';
import { findBrowser } from '../../electron/backend/briefing/findBrowser.ts';
import { launchBrowser } from '../../electron/backend/briefing/printWithChromium.ts';
import { startWebServer, type WebServer } from '../../electron/backend/webServer.ts';
import { IMPORT_CONTROLS } from '../../renderer/import/controls.ts';
import { RESOURCES } from '../../shared/i18n/translator.ts';
import { ensureRendererBuilt, repoRoot } from '../../scripts/web.ts';
import { FIXTURES, gdal, gdalCount, gdalPoints, ucdpCsv, ucdpProjectedCsv } from '../support/gdalFiles.ts';

const outDir = path.join(repoRoot, 'test-output', 'e2e');
const CLIPPED = path.join(FIXTURES, 'natural-earth', 'clipped');
/** UCDP's events in Sinaloa since 2018: longitudes −109.2 to −105.7, in UTM zone 12N's reach. */
const WHERE = "adm_1 = 'Sinaloa state' AND year >= '2018'";
const C = IMPORT_CONTROLS;

type Tree = { [key: string]: string | Tree };

/** The Spanish template of a key, its placeholders filled by hand (no i18next). */
function spanish(ns: 'import' | 'app', key: string, values: Record<string, string | number> = {}): string {
  const template = key.split('.').reduce<string | Tree>((o, k) => (o as Tree)[k], RESOURCES.es[ns] as unknown as Tree);
  if (typeof template !== 'string') throw new Error(`es:${ns}:${key} is not a string`);
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name]));
}

describe('the import dialog on real files', () => {
  let tmp: string;
  let backend: Backend;
  let server: WebServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    fs.mkdirSync(outDir, { recursive: true });
    const staticRoot = await ensureRendererBuilt();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-import-e2e-'));
    backend = openBackend(path.join(tmp, 'e2e.frontera'), { create: true });
    server = await startWebServer({ api: backend, staticRoot, log: () => {} });
    browser = await launchBrowser(findBrowser());
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(server.url);
    await page.getByTestId('open-import').waitFor({ timeout: 60_000 });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    backend?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** Opens the dialog on `files` and waits for the preview. */
  async function openOn(...files: string[]): Promise<void> {
    await page.getByTestId('open-import').click();
    await page.getByTestId('import-files').setInputFiles(files);
    await page.getByTestId('import-run').waitFor({ timeout: 60_000 });
  }

  async function importedLayer(name: string, count: number) {
    const row = page.locator('[data-testid="layer-row"]', { hasText: name });
    await row.waitFor({ timeout: 60_000 });
    await expect.poll(() => row.getByTestId('layer-count').textContent()).toBe(String(count));
    const layer = (await backend['layers.list']({})).find((l) => l.name === name)!;
    return (await backend['layers.features']({ layerId: layer.id })).features;
  }

  it('norte/oeste columns: the dialog shows the rows, asks for the columns in its words, and imports them as GDAL reads them', async () => {
    const csv = ucdpCsv(path.join(tmp, 'incidentes_norte_oeste.csv'), 'id, latitude AS norte, longitude AS oeste, date_start AS fecha, adm_2 AS municipio', WHERE);
    const gdalRead = gdalPoints(csv, 'oeste', 'norte');
    await openOn(csv);

    const notice = (await page.getByTestId('coordinates-missing').textContent()) ?? '';
    expect(notice).toContain('no coordinate columns in the header ("id", "norte", "oeste", "fecha", "municipio")');
    expect(notice).toContain(`name them with “${C.lat}” and “${C.lon}”, or “${C.wkt}”`);
    expect(notice).not.toContain('--');
    // The rows are there, as read.
    const sampleHeader = await page.getByTestId('import-sample').locator('th').allTextContents();
    expect(sampleHeader).toEqual(['id', 'norte', 'oeste', 'fecha', 'municipio']);
    const firstRow = await page.getByTestId('import-sample').locator('tbody tr').first().locator('td').allTextContents();
    expect([Number(firstRow[2]), Number(firstRow[1])]).toEqual(gdalRead.get(firstRow[0]));
    // Import waits for the columns.
    expect(await page.getByTestId('import-run').isDisabled()).toBe(true);
    expect(await page.getByTestId('import-still-to-choose').textContent()).toContain(`“${C.lat}” and “${C.lon}”, or “${C.wkt}”`);
    await page.screenshot({ path: path.join(outDir, 'import-coordinates-missing.png') });

    await page.getByTestId('map-lat').selectOption('norte');
    expect(await page.getByTestId('import-run').isDisabled()).toBe(true);
    await page.getByTestId('map-lon').selectOption('oeste');
    await expect.poll(() => page.getByTestId('import-run').isEnabled(), { timeout: 30_000 }).toBe(true);
    expect(await page.getByTestId('coordinates-missing').count()).toBe(0);
    await page.getByTestId('import-run').click();

    const features = await importedLayer('incidentes_norte_oeste', gdalRead.size);
    for (const f of features) expect((f.geometry as Point).coordinates).toEqual(gdalRead.get(String(f.properties!.id)));
  });

  it('a UTM 12N CSV: Import waits for the CRS chosen in the dialog, which takes the events back to their longitude/latitude', async () => {
    const csv = ucdpProjectedCsv(path.join(tmp, 'incidentes_utm12.csv'), 'EPSG:32612', 'id, date_start AS fecha', WHERE);
    const lonLat = gdalPoints(ucdpCsv(path.join(tmp, 'lonlat.csv'), 'id, latitude, longitude', WHERE), 'longitude', 'latitude');
    await openOn(csv);
    expect(await page.getByTestId('map-lat').inputValue()).toBe('Y');
    expect(await page.getByTestId('map-lon').inputValue()).toBe('X');
    await expect.poll(() => page.getByTestId('import-still-to-choose').textContent(), { timeout: 30_000 }).toContain(`Choose the “${C.crs}”`);
    expect(await page.getByTestId('import-run').isDisabled()).toBe(true);
    const choices = await page.getByTestId('import-crs').locator('option').allTextContents();
    expect(choices).toEqual([
      '— choose —',
      'WGS 84 — longitude/latitude (EPSG:4326)',
      'WGS 84 / UTM zone 11N (EPSG:32611)',
      'WGS 84 / UTM zone 12N (EPSG:32612)',
      'INEGI Lambert, Mexico ITRF2008 / LCC (EPSG:6372)',
      'Other: EPSG code, proj string or WKT…',
    ]);

    // A code Frontera does not know is said so at once, in the dialog.
    await page.getByTestId('import-crs').selectOption('other');
    await page.getByTestId('import-crs-other').fill('EPSG:99999');
    await page.getByTestId('import-reread-error').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('import-reread-error').textContent()).toMatch(/EPSG:99999 .*not in Frontera's offline CRS/);
    expect(await page.getByTestId('import-run').isDisabled()).toBe(true);

    await page.getByTestId('import-crs').selectOption('EPSG:32612');
    await expect.poll(() => page.getByTestId('import-run').isEnabled(), { timeout: 30_000 }).toBe(true);
    expect(await page.getByTestId('import-still-to-choose').count()).toBe(0);
    await page.screenshot({ path: path.join(outDir, 'import-crs-chosen.png') });
    await page.getByTestId('import-run').click();

    const features = await importedLayer('incidentes_utm12', lonLat.size);
    let worst = 0;
    for (const f of features) {
      const [lon, lat] = (f.geometry as Point).coordinates;
      const [lon0, lat0] = lonLat.get(String(f.properties!.id))!;
      worst = Math.max(worst, Math.abs(lon - lon0), Math.abs(lat - lat0));
    }
    // GDAL wrote the metres with 9 decimals: the way back is exact to far below a millimetre (1e-8°).
    expect(worst).toBeLessThan(1e-7);
    const layer = (await backend['layers.list']({})).find((l) => l.name === 'incidentes_utm12')!;
    expect(layer.sourceCrs).toBe('EPSG:32612');
  });

  it('a CSV of its header only is refused with a message naming it, and nothing is imported', async () => {
    const csv = ucdpCsv(path.join(tmp, 'incidentes.csv'), 'id, latitude, longitude, date_start', '1 = 0');
    expect(gdalCount(csv)).toBe(0);
    const before = (await backend['layers.list']({})).length;
    await page.getByTestId('open-import').click();
    await page.getByTestId('import-files').setInputFiles([csv]);
    await page.getByTestId('import-error').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('import-error').textContent()).toBe('incidentes.csv: the file has a header but no records');
    expect(await page.getByTestId('import-run').count()).toBe(0);
    expect((await backend['layers.list']({})).length).toBe(before);
    await page.getByRole('button', { name: 'Close', exact: true }).click();
  });

  it('a GeoPackage of two tables: the dialog offers them and imports the one picked, as GDAL counts it', async () => {
    const gpkg = path.join(tmp, 'zona_fronteriza.gpkg');
    gdal('ogr2ogr', '-f', 'GPKG', gpkg, path.join(CLIPPED, 'ne_10m_populated_places_sonora_bc.shp'), '-nln', 'poblaciones');
    gdal('ogr2ogr', '-update', '-f', 'GPKG', gpkg, path.join(CLIPPED, 'ne_10m_admin_0_boundary_lines_land_sonora_bc.shp'), '-nln', 'frontera');
    const borderCount = Number(/Feature Count: (\d+)/.exec(gdal('ogrinfo', '-ro', '-so', gpkg, 'frontera'))![1]);
    await openOn(gpkg);
    const picker = page.getByTestId('import-layer-pick');
    expect(await picker.locator('option').allTextContents()).toEqual(['All 2 layers, one each', 'poblaciones', 'frontera']);
    expect(await picker.inputValue()).toBe('poblaciones');
    expect(await page.getByTestId('import-layer-name').inputValue()).toBe('poblaciones');
    await picker.selectOption('frontera');
    await expect.poll(() => page.getByTestId('import-layer-name').inputValue(), { timeout: 30_000 }).toBe('frontera');
    expect(await page.getByTestId('import-sample').locator('th').allTextContents()).toContain('featurecla');
    await page.getByTestId('import-run').click();
    await importedLayer('frontera', borderCount);
  });

  it('a problem of the whole file at Import: the message names the dialog’s control, with no advice to skip records', async () => {
    await openOn(path.join(tmp, 'incidentes_norte_oeste.csv'));
    await page.getByTestId('map-lat').selectOption('norte');
    await page.getByTestId('map-lon').selectOption('oeste');
    await expect.poll(() => page.getByTestId('import-run').isEnabled(), { timeout: 30_000 }).toBe(true);
    await page.getByTestId('import-run').click();
    await page.getByTestId('import-error').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('import-error').textContent()).toBe(
      `a layer named "incidentes_norte_oeste" already exists in e2e.frontera; import incidentes_norte_oeste.csv under another name with “${C.layer}”`,
    );
    expect(await page.getByTestId('import-problems').count()).toBe(0);
    await page.getByTestId('import-layer-name').fill('incidentes otra vez');
    await page.getByTestId('import-run').click();
    await importedLayer('incidentes otra vez', gdalCount(path.join(tmp, 'lonlat.csv')));
  });

  it('shows the bad rows in Spanish, and imports the others when told to skip them', async () => {
    await page.getByRole('combobox', { name: 'Language / Idioma' }).selectOption('es');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('es');
    const csv = ucdpCsv(path.join(tmp, 'sinaloa.csv'), 'id, latitude, longitude, date_start AS fecha', "adm_1 = 'Sinaloa state' AND year >= '2018'");
    const total = gdalCount(csv);
    const lines = fs.readFileSync(csv, 'utf8').trimEnd().split(/\r?\n/);
    expect(lines[0]).toBe('id,latitude,longitude,fecha');
    // Data rows 3 and 7 (lines 4 and 8): latitude empty, longitude N/D.
    const cells = (k: number) => lines[k].split(',');
    const r3 = cells(3);
    lines[3] = [r3[0], '', r3[2], r3[3]].join(',');
    const r7 = cells(7);
    lines[7] = [r7[0], r7[1], 'N/D', r7[3]].join(',');
    fs.writeFileSync(csv, lines.join('\n') + '\n');

    await page.getByTestId('open-import').click();
    await page.getByTestId('import-files').setInputFiles([csv]);
    await page.getByTestId('import-run').waitFor({ timeout: 60_000 });
    await page.getByTestId('import-run').click();
    const table = page.getByTestId('import-problems');
    await table.waitFor({ timeout: 60_000 });
    expect(await table.locator('th').allTextContents()).toEqual([
      spanish('app', 'import.problems.file'),
      spanish('app', 'import.problems.row'),
      spanish('app', 'import.problems.reason'),
    ]);
    const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    const [latitude, longitude] = [spanish('import', 'table.latitudeAxis'), spanish('import', 'table.longitudeAxis')];
    expect(rows).toEqual([
      ['sinaloa.csv', spanish('import', 'where.row', { n: 3 }), spanish('import', 'table.emptyCoordinate', { axis: latitude, column: 'latitude' })],
      ['sinaloa.csv', spanish('import', 'where.row', { n: 7 }), spanish('import', 'table.notNumber', { axis: longitude, value: '"N/D"', column: 'longitude' })],
    ]);
    expect(await page.getByTestId('import-error').textContent()).toContain('2 problemas');
    await page.screenshot({ path: path.join(outDir, 'import-problems-es.png') });

    await page.getByRole('checkbox', { name: /Omitir registros no válidos/ }).check();
    await page.getByTestId('import-run').click();
    const row = page.locator('[data-testid="layer-row"]', { hasText: 'sinaloa' });
    await row.waitFor({ timeout: 60_000 });
    await expect.poll(() => row.getByTestId('layer-count').textContent()).toBe(new Intl.NumberFormat('es-MX').format(total - 2));
    const layer = (await backend['layers.list']({})).find((l) => l.name === 'sinaloa')!;
    expect(layer.featureCount).toBe(total - 2);
  });
});
