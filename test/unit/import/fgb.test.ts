/**
 * FlatGeobuf files written by GDAL (ogr2ogr -f FlatGeobuf) from the real fixtures — the Natural
 * Earth places, the INEGI municipalities in their own Lambert CRS and reprojected to EPSG:4326, a
 * generated point CSV with dates — read by Frontera and compared with what GDAL reads from the
 * same file: features in file order, attributes, coordinates (≤ 1e-7), the header's CRS; then
 * imported, the Lambert layer reprojected within 1 m of ogr2ogr -t_srs EPSG:4326 and the dates
 * read by the time mapping. A file cut short is refused naming the file and the feature.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../../electron/backend/backend.ts';
import { openSources } from '../../../electron/backend/formats/registry.ts';
import { ImportError, type ImportProblem } from '../../../shared/import/problems.ts';
import type { SourceCrs } from '../../../shared/import/types.ts';
import type { FieldInfo, RawRecord } from '../../../shared/model/feature.ts';
import { writePoints } from '../../../scripts/gen-points.ts';
import { FIXTURES } from '../../support/gdalFiles.ts';
import { expectSameProperties, gdalRead, maxDiff, metres, ogr2ogr, positions } from '../../support/gdalCompare.ts';

const MUN = path.join(FIXTURES, 'inegi-mun-lcc', 'sonora_bc', 'mun_02_26.shp');
const PLACES = path.join(FIXTURES, 'natural-earth', 'clipped', 'ne_10m_populated_places_sonora_bc.shp');

let dir: string;
let backend: Backend;
const files: Record<string, string> = {};

interface Read {
  records: RawRecord[];
  problems: ImportProblem[];
  crs: SourceCrs | null;
  fields: FieldInfo[];
}

async function read(file: string): Promise<Read> {
  const [s] = openSources(file, {});
  const out: Read = { records: [], problems: [], crs: null, fields: [] };
  await s.feed(
    { onRecord: (r) => out.records.push(r), onProblem: (p) => out.problems.push(p), onCrs: (c) => (out.crs = c), onFields: (f) => (out.fields = f) },
    { fileName: s.fileName },
    async () => {},
  );
  return out;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-fgb-'));
  const csv = path.join(dir, 'incidentes.csv');
  writePoints(csv, 3000, 23);
  files.places = path.join(dir, 'places.fgb');
  files.mun_lcc = path.join(dir, 'mun_lcc.fgb');
  files.mun_4326 = path.join(dir, 'mun_4326.fgb');
  files.incidentes = path.join(dir, 'incidentes.fgb');
  ogr2ogr('-f', 'FlatGeobuf', files.places, PLACES);
  ogr2ogr('-f', 'FlatGeobuf', files.mun_lcc, MUN);
  ogr2ogr('-f', 'FlatGeobuf', files.mun_4326, MUN, '-t_srs', 'EPSG:4326');
  ogr2ogr('-f', 'FlatGeobuf', files.incidentes, csv, '-oo', 'X_POSSIBLE_NAMES=lon', '-oo', 'Y_POSSIBLE_NAMES=lat', '-oo', 'AUTODETECT_TYPE=YES', '-a_srs', 'EPSG:4326');
  backend = openBackend(path.join(dir, 'w.frontera'), { create: true });
  for (const f of Object.values(files)) await backend['import.run']({ paths: [f] });
}, 120_000);

afterAll(() => {
  backend?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('FlatGeobuf written by ogr2ogr', () => {
  it('reads every feature, attribute and coordinate as GDAL reads the same file (≤ 1e-7, in file order)', async () => {
    for (const [name, file] of Object.entries(files)) {
      const ours = await read(file);
      const gdal = gdalRead(file);
      expect(ours.problems, name).toEqual([]);
      expect(ours.records.length, name).toBe(gdal.length);
      expect(gdal.length).toBeGreaterThan(10);
      let worst = 0;
      ours.records.forEach((r, i) => {
        expect(r.sourceIndex).toBe(i);
        worst = Math.max(worst, maxDiff(r.geometry, gdal[i].geometry));
        expectSameProperties(r.properties, gdal[i].properties, `${name} feature ${i + 1}`);
      });
      expect(worst, name).toBeLessThanOrEqual(1e-7);
    }
  });

  it('reports the header CRS: EPSG:4326 by its code, the Lambert one by its WKT; columns typed', async () => {
    expect((await read(files.places)).crs?.definition).toMatch(/4326|WGS/);
    expect((await read(files.mun_4326)).crs?.label).toMatch(/4326|WGS 84/);
    const lcc = await read(files.mun_lcc);
    expect(lcc.crs?.label).toMatch(/Lambert/);
    const inc = await read(files.incidentes);
    expect(inc.fields.map((f) => [f.name, f.type])).toEqual([
      ['id', 'string'], ['fecha', 'date'], ['tipo', 'string'], ['cantidad', 'number'], ['unidad', 'string'], ['municipio', 'string'], ['lat', 'number'], ['lon', 'number'],
    ]);
  });

  it('imports them: the Lambert layer reprojected within 1 m of ogr2ogr -t_srs EPSG:4326, the dates read by the time mapping', () => {
    const layers = new Map(backend.workspace.listLayers().map((l) => [l.name, l]));
    expect(layers.get('mun_lcc')!.sourceFormat).toBe('fgb');
    expect(layers.get('mun_lcc')!.sourceCrs).toMatch(/Lambert/);
    const reference = gdalRead(files.mun_lcc, '-t_srs', 'EPSG:4326');
    const stored = [...backend.workspace.iterateFeatures(layers.get('mun_lcc')!.id)];
    expect(stored.length).toBe(reference.length);
    let worst = 0;
    stored.forEach((f, i) => {
      const b = positions(reference[i].geometry);
      positions(f.geometry).forEach((p, k) => (worst = Math.max(worst, metres(p, b[k]))));
    });
    expect(worst).toBeLessThan(1);
    expect(stored.find((f) => f.properties.NOMGEO === 'San Luis Río Colorado')).toBeDefined();

    const inc = layers.get('incidentes')!;
    expect(inc.mapping.time).toEqual(['fecha']);
    const gdal = gdalRead(files.incidentes);
    const points = [...backend.workspace.iterateFeatures(inc.id)];
    expect(points.length).toBe(gdal.length);
    points.forEach((f, i) => {
      expect(maxDiff(f.geometry, gdal[i].geometry)).toBeLessThanOrEqual(1e-7);
      // Naive times in the workspace zone (America/Tijuana), as the CSV import reads them.
      expect(f.time).toBeTypeOf('number');
    });
  });

  it('refuses a file cut inside a feature, naming the file and the feature; the workspace is left as it was', async () => {
    const whole = fs.readFileSync(files.mun_lcc);
    const cut = path.join(dir, 'cortado.fgb');
    fs.writeFileSync(cut, whole.subarray(0, whole.length - 100));
    const hash = backend.workspace.contentHash();
    const err = await backend['import.run']({ paths: [cut] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    const p = (err as ImportError).problems[0];
    expect(p.file).toBe(cut);
    expect(p.location).toBe(`feature ${gdalRead(files.mun_lcc).length}`);
    expect(p.reason).toMatch(/truncated/);
    expect(backend.workspace.contentHash()).toBe(hash);
    fs.writeFileSync(cut, whole.subarray(0, 5));
    const head = await backend['import.run']({ paths: [cut] }).catch((e: unknown) => e);
    expect((head as Error).message).toBe(`${cut}: truncated: only 5 bytes, fewer than the 12 before the header`);
  });
});
