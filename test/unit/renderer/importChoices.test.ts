/**
 * What the import dialog decides from a preview (renderer/import/importChoices.ts), on the
 * previews a real back end gives: what must still be chosen before Import (coordinate columns
 * not found, a CRS the file does not say), and how a file of several layers picks one — a
 * GeoPackage written by GDAL from two Natural Earth layers, and a workbook GDAL wrote from UCDP
 * events, a sheet a year, each layer counted by GDAL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../../electron/backend/backend.ts';
import { layerPick, previewOptions, runOptions, stillToChoose } from '../../../renderer/import/importChoices.ts';
import { FIXTURES, UCDP, gdal, gdalCount, ucdpCsv, ucdpProjectedCsv } from '../../support/gdalFiles.ts';

const CLIPPED = path.join(FIXTURES, 'natural-earth', 'clipped');
const WHERE = "adm_1 = 'Sinaloa state' AND year = '2019'";

let dir: string;
let backend: Backend;
let gpkg: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-choices-'));
  gpkg = path.join(dir, 'frontera_zona.gpkg');
  gdal('ogr2ogr', '-f', 'GPKG', gpkg, path.join(CLIPPED, 'ne_10m_populated_places_sonora_bc.shp'), '-nln', 'poblaciones');
  gdal('ogr2ogr', '-update', '-f', 'GPKG', gpkg, path.join(CLIPPED, 'ne_10m_admin_0_boundary_lines_land_sonora_bc.shp'), '-nln', 'frontera');
  backend = openBackend(path.join(dir, 'w.frontera'), { create: true });
});

afterAll(() => {
  backend?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('what must be chosen before Import', () => {
  it('coordinate columns not found: both columns, or WKT; then nothing', async () => {
    const csv = ucdpCsv(path.join(dir, 'norte_oeste.csv'), 'id, latitude AS norte, longitude AS oeste', WHERE);
    const p = await backend['import.preview']({ path: csv });
    expect(stillToChoose(p, {})).toEqual(['Choose the columns that hold the coordinates: “Latitude column” and “Longitude column”, or “WKT geometry column”.']);
    expect(stillToChoose(p, { lat: 'norte' })).toHaveLength(1);
    const chosen = { lat: 'norte', lon: 'oeste', layer: 'x', skipInvalid: true };
    // The dialog reads the file again with the columns: the coordinates are longitude/latitude.
    expect(previewOptions(chosen)).toEqual({ lat: 'norte', lon: 'oeste' });
    const again = await backend['import.preview']({ path: csv, options: previewOptions(chosen) });
    expect(again.coordinatesMissing).toBeUndefined();
    expect(stillToChoose(again, chosen)).toEqual([]);
  });

  it('projected coordinates without a CRS: the CRS; then nothing', async () => {
    const csv = ucdpProjectedCsv(path.join(dir, 'utm.csv'), 'EPSG:32611', 'id, date_start AS fecha', WHERE);
    const p = await backend['import.preview']({ path: csv });
    expect(stillToChoose(p, {})).toEqual([
      'Choose the “Coordinate system (CRS)”: the coordinates are not longitude/latitude and the file does not say what they are.',
    ]);
    const again = await backend['import.preview']({ path: csv, options: { crs: 'EPSG:32611' } });
    expect(stillToChoose(again, { crs: 'EPSG:32611' })).toEqual([]);
  });

  it('the options an import runs with leave out what was not chosen', () => {
    expect(runOptions({ layer: 'x', crs: undefined, lat: '', skipInvalid: true }, { time: [], category: 'tipo', quantity: undefined })).toEqual({
      layer: 'x',
      skipInvalid: true,
      mapping: { category: 'tipo' },
    });
    expect(runOptions({ table: 'frontera' }, {})).toEqual({ table: 'frontera' });
  });
});

describe('a file of several layers', () => {
  it('a GeoPackage: its tables listed, one picked by table (or all), each imported as GDAL counts it', async () => {
    const p = await backend['import.preview']({ path: gpkg });
    expect(p.format).toBe('gpkg');
    expect(p.layers).toEqual(['poblaciones', 'frontera']);
    expect(p.layerName).toBe('poblaciones');
    expect(layerPick(p.format)).toEqual({ option: 'table', all: true });

    const border = await backend['import.preview']({ path: gpkg, options: previewOptions({ table: 'frontera', layer: 'ignored' }) });
    expect(border.layerName).toBe('frontera');
    expect(border.fields.map((f) => f.name)).toContain('featurecla');
    const counts = Object.fromEntries(
      gdal('ogrinfo', '-ro', '-so', gpkg, 'poblaciones', 'frontera')
        .split('Layer name: ')
        .slice(1)
        .map((block) => [block.split('\n')[0], Number(/Feature Count: (\d+)/.exec(block)![1])]),
    );
    expect(counts.frontera).toBeGreaterThan(0);

    const [one] = await backend['import.run']({ paths: [gpkg], options: runOptions({ table: 'frontera', layer: 'linea fronteriza' }, {}) });
    expect(one).toMatchObject({ layer: 'linea fronteriza', featureCount: counts.frontera });
    // None picked: every table, a layer each, under its own name.
    const all = await backend['import.run']({ paths: [gpkg], options: runOptions({}, {}) });
    expect(all.map((s) => [s.layer, s.featureCount])).toEqual([
      ['poblaciones', counts.poblaciones],
      ['frontera', counts.frontera],
    ]);
    expect(gdalCount(path.join(CLIPPED, 'ne_10m_populated_places_sonora_bc.shp'))).toBe(counts.poblaciones);
  });

  it('a workbook written by GDAL: its sheets listed, one at a time by sheet, the one picked imported as GDAL counts it', async () => {
    const xlsx = path.join(dir, 'incidentes.xlsx');
    const sheet = (year: string, update: string[]) =>
      gdal('ogr2ogr', ...update, '-f', 'XLSX', xlsx, UCDP, '-oo', 'AUTODETECT_TYPE=YES', '-nln', year, '-sql',
        `SELECT id, latitude AS norte, longitude AS oeste FROM ucdp_ged_mexico_other_states WHERE adm_1 = 'Sinaloa state' AND year = '${year}'`);
    sheet('2018', []);
    sheet('2019', ['-update']);
    const p = await backend['import.preview']({ path: xlsx });
    expect(p.format).toBe('xlsx');
    expect(p.layers).toEqual(['2018', '2019']);
    expect(layerPick(p.format)).toEqual({ option: 'sheet', all: false });
    expect(p.coordinatesMissing).toMatch(/^no coordinate columns in the header \("id", "norte", "oeste"\)/);
    const chosen = { sheet: '2019', lat: 'norte', lon: 'oeste', layer: 'eventos 2019' };
    const again = await backend['import.preview']({ path: xlsx, options: previewOptions(chosen) });
    expect(stillToChoose(again, chosen)).toEqual([]);
    const counted = Number(/Feature Count: (\d+)/.exec(gdal('ogrinfo', '-ro', '-so', xlsx, '2019'))![1]);
    const [s] = await backend['import.run']({ paths: [xlsx], options: runOptions(chosen, {}) });
    expect(s).toMatchObject({ layer: 'eventos 2019', featureCount: counted });
  });
});
