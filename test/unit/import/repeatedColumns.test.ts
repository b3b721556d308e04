/**
 * Two columns with the same name are told apart: a CSV whose header repeats "fecha" (and has a
 * "Fecha" besides) and a shapefile whose .dbf repeats a field name import with the repeat renamed
 * "fecha_2", a note in the import's summary saying so, and every value under its own column —
 * the values GDAL reads from the same files, column by column (GDAL's readers leave both named
 * "fecha"; ogr2ogr renames the second "fecha2" when it writes a copy).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../../electron/backend/backend.ts';
import { previewFile } from '../../../electron/backend/importer.ts';

let dir: string;
let backend: Backend;

const CSV = 'id,fecha,lat,lon,fecha,Fecha\n1,2023-01-02,32.5,-115.4,2023-02-03,x\n2,2023-01-05,32.6,-115.3,2023-02-06,y\n';

/** GDAL's reading: per feature, its fields' values in column order. */
function gdalRows(file: string, config: Record<string, string> = {}): string[][] {
  const script = `
import json, sys
from osgeo import ogr
ds = ogr.Open(sys.argv[1])  # kept: its layer dies with it
layer = ds.GetLayer(0)
print(json.dumps([[f.GetFieldAsString(i) for i in range(f.GetFieldCount())] for f in layer]))
`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, file], { encoding: 'utf8', env: { ...process.env, ...config } })) as string[][];
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-repeated-'));
  backend = openBackend(path.join(dir, 'w.frontera'), { create: true });
});
afterAll(() => {
  backend?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The layer's rows as strings, in its field order (GDAL's GetFieldAsString writes dates as YYYY/MM/DD). */
function ourRows(layerId: number): { names: string[]; rows: string[][] } {
  const names = backend.workspace.getLayer(layerId).fields.map((f) => f.name);
  const rows = [...backend.workspace.iterateFeatures(layerId)].map((f) => names.map((n) => String(f.properties[n] ?? '')));
  return { names, rows };
}

describe('repeated column names', () => {
  it('a CSV: "fecha" twice becomes fecha and fecha_2, with a note, the values as GDAL reads them', async () => {
    const file = path.join(dir, 'dup.csv');
    fs.writeFileSync(file, CSV);
    const gdal = gdalRows(file);
    const names = execFileSync('ogrinfo', ['-al', '-so', file], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => /^\w+: String/.test(l))
      .map((l) => l.split(':')[0]);
    // GDAL reads both as "fecha"; ogr2ogr renames the second "fecha2" only when it writes a copy.
    expect(names).toEqual(['id', 'fecha', 'lat', 'lon', 'fecha', 'Fecha']);
    const [s] = await backend['import.run']({ paths: [file], options: {} });
    expect(s.notes).toEqual([`${file}: header: column 5 repeats the name "fecha": called "fecha_2"`]);
    const ours = ourRows(s.layerId);
    expect(ours.names).toEqual(['id', 'fecha', 'lat', 'lon', 'fecha_2', 'Fecha']);
    expect(ours.rows).toEqual(gdal);
    // The import dialog's preview names them so, and an exported CSV keeps both, as GDAL reads it back.
    expect((await previewFile(file)).fields.map((f) => f.name)).toEqual(ours.names);
    const out = path.join(dir, 'out.csv');
    await backend['export.layer']({ layerId: s.layerId, out, format: 'csv' });
    const header = execFileSync('ogrinfo', ['-al', '-so', out], { encoding: 'utf8' }).split('\n').filter((l) => /^\w+: \w+ \(/.test(l)).map((l) => l.split(':')[0]);
    expect(header).toEqual(expect.arrayContaining(['fecha', 'fecha_2', 'Fecha']));
  });

  it('a workbook: the same, the sheet read as GDAL reads it with its first row as the header', async () => {
    const csv = path.join(dir, 'book.csv');
    fs.writeFileSync(csv, CSV);
    const made = path.join(dir, 'made.xlsx');
    // GDAL writes the repeats renamed (fecha2, Fecha3): their names are put back in the sheet's strings.
    execFileSync('ogr2ogr', ['-f', 'XLSX', made, csv]);
    const parts = unzipSync(fs.readFileSync(made));
    const strings = strFromU8(parts['xl/sharedStrings.xml']);
    expect(strings).toContain('<t>fecha2</t>');
    parts['xl/sharedStrings.xml'] = strToU8(strings.replace('<t>fecha2</t>', '<t>fecha</t>').replace('<t>Fecha3</t>', '<t>Fecha</t>'));
    const file = path.join(dir, 'book.xlsx');
    fs.writeFileSync(file, zipSync(parts));
    const gdal = gdalRows(file, { OGR_XLSX_HEADERS: 'FORCE' });
    const [s] = await backend['import.run']({ paths: [file], options: {} });
    expect(s.notes).toEqual([`${file}/book: header: column 5 repeats the name "fecha": called "fecha_2"`]);
    const ours = ourRows(s.layerId);
    expect(ours.names).toEqual(['id', 'fecha', 'lat', 'lon', 'fecha_2', 'Fecha']);
    expect(ours.rows).toEqual(gdal);
  });

  it('the note comes through the import worker too', async () => {
    const file = path.join(dir, 'dup-worker.csv');
    fs.writeFileSync(file, CSV);
    process.env.FRONTERA_IMPORT_WORKER_MIN_BYTES = '0';
    try {
      const [s] = await backend['import.run']({ paths: [file], options: {} });
      expect((backend.workspace.getLayer(s.layerId).metadata?.timings as { readers?: number } | undefined)?.readers ?? 0).toBeGreaterThan(0);
      expect(s.notes).toEqual([`${file}: header: column 5 repeats the name "fecha": called "fecha_2"`]);
    } finally {
      delete process.env.FRONTERA_IMPORT_WORKER_MIN_BYTES;
    }
  });

  it('a shapefile whose .dbf repeats "fecha": fecha and fecha_2, with a note, the values as GDAL reads them', async () => {
    const src = path.join(dir, 'src.csv');
    fs.writeFileSync(src, 'id,fecha,fechb,lat,lon\n1,2023-01-02,2023-02-03,32.5,-115.4\n2,2023-01-05,2023-02-06,32.6,-115.3\n');
    const shp = path.join(dir, 'dbf.shp');
    execFileSync('ogr2ogr', ['-f', 'ESRI Shapefile', shp, src, '-oo', 'X_POSSIBLE_NAMES=lon', '-oo', 'Y_POSSIBLE_NAMES=lat', '-oo', 'KEEP_GEOM_COLUMNS=NO']);
    // GDAL writes no repeated name: the header's "fechb" is renamed in place.
    const dbf = path.join(dir, 'dbf.dbf');
    const bytes = fs.readFileSync(dbf);
    const at = bytes.indexOf('fechb');
    expect(at).toBeGreaterThan(0);
    bytes.write('fecha', at, 'latin1');
    fs.writeFileSync(dbf, bytes);
    const gdal = gdalRows(shp);
    const [s] = await backend['import.run']({ paths: [shp], options: {} });
    expect(s.notes).toEqual([`${dbf}: field 3 repeats the name "fecha": called "fecha_2"`]);
    const ours = ourRows(s.layerId);
    expect(ours.names).toEqual(['id', 'fecha', 'fecha_2']);
    expect(ours.rows).toEqual(gdal);
  });
});
