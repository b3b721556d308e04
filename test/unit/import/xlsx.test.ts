/**
 * Excel workbooks written by GDAL (ogr2ogr -f XLSX: the attributes, dates with a date format)
 * from the Natural Earth places (LATITUDE/LONGITUDE columns) and a generated point CSV with
 * dates, read by Frontera and compared with what GDAL reads from the same file; the same table
 * imported as CSV and as a sheet gives the same layer; Spanish column names are detected as a
 * CSV's are; sheets are chosen by name; files that are no .xlsx are refused saying what they are.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../../electron/backend/backend.ts';
import { previewFile } from '../../../electron/backend/importer.ts';
import { openSources } from '../../../electron/backend/formats/registry.ts';
import type { ImportOptions } from '../../../shared/api/contract.ts';
import { ImportError } from '../../../shared/import/problems.ts';
import type { Point } from 'geojson';
import type { RawRecord } from '../../../shared/model/feature.ts';
import { writePoints } from '../../../scripts/gen-points.ts';
import { FIXTURES } from '../../support/gdalFiles.ts';
import { expectSameProperties, gdalRead, ogr2ogr } from '../../support/gdalCompare.ts';

const PLACES = path.join(FIXTURES, 'natural-earth', 'clipped', 'ne_10m_populated_places_sonora_bc.shp');

let dir: string;
let backend: Backend;
let csv: string;
let places: string;
let incidentes: string;
let espanol: string;

async function records(file: string, options: ImportOptions = {}): Promise<RawRecord[]> {
  const [s] = openSources(file, options);
  const out: RawRecord[] = [];
  await s.feed({ onRecord: (r) => out.push(r), onProblem: (p) => expect.fail(`${p.location}: ${p.reason}`) }, { fileName: s.fileName }, async () => {});
  return out;
}

async function refusal(file: string, options: ImportOptions = {}): Promise<ImportError> {
  const hash = backend.workspace.contentHash();
  const err = await backend['import.run']({ paths: [file], options }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ImportError);
  expect(backend.workspace.contentHash()).toBe(hash);
  return err as ImportError;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-xlsx-'));
  csv = path.join(dir, 'incidentes.csv');
  writePoints(csv, 3000, 31);
  places = path.join(dir, 'poblaciones.xlsx');
  incidentes = path.join(dir, 'incidentes.xlsx');
  espanol = path.join(dir, 'hechos.xlsx');
  ogr2ogr('-f', 'XLSX', places, PLACES, '-nln', 'poblaciones');
  ogr2ogr('-f', 'XLSX', incidentes, csv, '-oo', 'AUTODETECT_TYPE=YES', '-nln', 'incidentes');
  ogr2ogr('-f', 'XLSX', '-update', incidentes, csv, '-oo', 'AUTODETECT_TYPE=YES', '-nln', 'segunda', '-where', 'municipio = \'Mexicali\'');
  ogr2ogr('-f', 'XLSX', espanol, csv, '-oo', 'AUTODETECT_TYPE=YES', '-nln', 'hechos', '-sql',
    'SELECT id, fecha, tipo AS categoria, cantidad, lat AS latitud, lon AS longitud FROM incidentes');
  backend = openBackend(path.join(dir, 'w.frontera'), { create: true });
}, 120_000);

afterAll(() => {
  backend?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('Excel workbooks written by ogr2ogr', () => {
  it('reads the rows, attributes and coordinate columns as GDAL reads the same sheet', async () => {
    for (const [file, lat, lon] of [[places, 'LATITUDE', 'LONGITUDE'], [incidentes, 'lat', 'lon'], [espanol, 'latitud', 'longitud']]) {
      const ours = await records(file);
      const gdal = gdalRead(file, path.basename(file, '.xlsx'));
      expect(ours.length, file).toBe(gdal.length);
      expect(gdal.length).toBeGreaterThan(10);
      let worst = 0;
      ours.forEach((r, i) => {
        expect(r.sourceIndex).toBe(i);
        expectSameProperties(r.properties, gdal[i].properties, `${file} row ${i + 1}`);
        const [x, y] = (r.geometry as Point).coordinates;
        worst = Math.max(worst, Math.abs(x - Number(gdal[i].properties![lon])), Math.abs(y - Number(gdal[i].properties![lat])));
      });
      expect(worst, file).toBeLessThanOrEqual(1e-7);
    }
  });

  it('imports a sheet as the same table saved as CSV: features, field types, mapping and times', async () => {
    const [fromCsv] = await backend['import.run']({ paths: [csv], options: { layer: 'desde_csv' } });
    const [fromXlsx] = await backend['import.run']({ paths: [incidentes], options: { layer: 'desde_xlsx' } });
    const a = backend.workspace.getLayer(fromCsv.layerId);
    const b = backend.workspace.getLayer(fromXlsx.layerId);
    expect(b.sourceFormat).toBe('xlsx');
    expect(b.fields).toEqual(a.fields);
    expect(b.mapping).toEqual(a.mapping);
    expect(b.mapping.time).toEqual(['fecha']);
    const fa = [...backend.workspace.iterateFeatures(a.id)];
    const fb = [...backend.workspace.iterateFeatures(b.id)];
    expect(fb.length).toBe(3000);
    fb.forEach((f, i) => {
      expect(f.geometry).toEqual(fa[i].geometry);
      expect(f.time).toBe(fa[i].time);
      expect(f.category).toBe(fa[i].category);
      expect(f.quantity).toBe(fa[i].quantity);
      // The CSV's "2024-07-24 08:32" is the sheet's date cell "2024-07-24T08:32:00".
      expect({ ...f.properties, fecha: null }).toEqual({ ...fa[i].properties, fecha: null });
      expect(Date.parse(String(f.properties.fecha))).toBe(Date.parse(String(fa[i].properties.fecha).replace(' ', 'T')));
    });
  });

  it('detects Spanish column names (latitud, longitud, fecha) as a CSV would', async () => {
    const preview = await previewFile(espanol);
    expect(preview.suggestions.time).toEqual(['fecha']);
    expect(preview.fields.map((f) => [f.name, f.type])).toEqual([
      ['id', 'string'], ['fecha', 'date'], ['categoria', 'string'], ['cantidad', 'number'], ['latitud', 'number'], ['longitud', 'number'],
    ]);
    const [s] = await backend['import.run']({ paths: [espanol] });
    expect(s.featureCount).toBe(3000);
    expect(s.mapping.time).toEqual(['fecha']);
    expect(s.mapping.category).toBe('categoria');
  });

  it('offers every sheet, imports the first or the one named, and refuses an unknown one listing them', async () => {
    const preview = await previewFile(incidentes);
    expect(preview.layers).toEqual(['incidentes', 'segunda']);
    const gdal = gdalRead(incidentes, 'segunda');
    const ours = await records(incidentes, { sheet: 'segunda' });
    expect(ours.length).toBe(gdal.length);
    expect(ours.every((r) => r.properties.municipio === 'Mexicali')).toBe(true);
    const err = await refusal(incidentes, { sheet: 'Hoja3' });
    expect(err.message).toBe(`${incidentes}: no sheet named "Hoja3" (sheets: "incidentes", "segunda")`);
  });

  it('refuses files that are no workbook, saying what they are', async () => {
    const renamed = path.join(dir, 'renombrado.xlsx');
    fs.copyFileSync(csv, renamed);
    expect((await refusal(renamed)).message).toBe(`${renamed}: this is a text file (a CSV renamed .xlsx?), not an .xlsx workbook: give it its .csv extension and import it as CSV`);
    // An Excel 97–2003 file starts with the OLE2 compound-document signature.
    const xls = path.join(dir, 'viejo.xlsx');
    fs.writeFileSync(xls, Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(2048)]));
    expect((await refusal(xls)).message).toMatch(/Excel 97–2003 workbook \(\.xls\), not an \.xlsx/);
    const zip = path.join(dir, 'otro.xlsx');
    fs.writeFileSync(zip, zipSync({ 'datos.csv': fs.readFileSync(csv) }));
    expect((await refusal(zip)).message).toBe(`${zip}: a zip archive but no Excel workbook (it has no xl/workbook.xml): is it an .xlsx?`);
    const cut = path.join(dir, 'cortado.xlsx');
    fs.writeFileSync(cut, fs.readFileSync(incidentes).subarray(0, 20_000));
    expect((await refusal(cut)).message).toMatch(new RegExp(`^${cut.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not a readable zip archive`));
  });
});
