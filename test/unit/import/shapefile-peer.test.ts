/**
 * The `shapefile` npm library's own test suite (fixtures/shapefile-peer-suite), run against our
 * reader under the same comparison rules as the library's test/index-test.js and shp-test.js:
 * null-valued properties and `FID` are deleted from the actual features before comparing; the
 * expected YYYYMMDD dates are converted to our date form (the library converts them to a Date,
 * we give ISO 'YYYY-MM-DD'); utf8-property is read with {encoding: 'utf8'} as their test does.
 * Cases the library reads without .shx or .dbf go through the same lower-level readers.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Feature, Geometry } from 'geojson';
import { parseShapefile } from '../../../shared/import/shapefile/index.ts';
import { openDbf } from '../../../shared/import/shapefile/dbf.ts';
import { forEachShape } from '../../../shared/import/shapefile/records.ts';
import { readMainHeader } from '../../../shared/import/shapefile/shp.ts';
import type { RawRecord } from '../../../shared/model/feature.ts';
import type { ImportProblem } from '../../../shared/import/problems.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const suite = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'shapefile-peer-suite');

function part(name: string, ext: string): Uint8Array | null {
  const p = path.join(suite, `${name}.${ext}`);
  return existsSync(p) ? new Uint8Array(readFileSync(p)) : null;
}

interface Collection {
  type: 'FeatureCollection';
  bbox: number[];
  features: Feature[];
}

function expected(name: string): Collection {
  const json = JSON.parse(readFileSync(path.join(suite, `${name}.json`), 'utf8')) as Collection;
  for (const f of json.features) {
    const d = f.properties?.date as string | undefined;
    if (d) f.properties!.date = `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
  }
  return json;
}

function fixActual(properties: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(properties)) if (v != null && k !== 'FID') out[k] = v;
  return out;
}

/** Our reader on .shp + .shx + .dbf (+ .prj/.cpg), as the app calls it. */
function readFull(name: string, encoding?: string): { collection: Collection; problems: ImportProblem[] } {
  const shp = part(name, 'shp')!;
  const records: RawRecord[] = [];
  const problems: ImportProblem[] = [];
  parseShapefile(
    { shp, shx: part(name, 'shx'), dbf: part(name, 'dbf'), prj: part(name, 'prj'), cpg: part(name, 'cpg'), names: { shp: `${name}.shp` } },
    { fileName: `${name}.shp`, encoding },
    { onRecord: (r) => records.push(r), onProblem: (p) => problems.push(p) },
  );
  const features: Feature[] = records.map((r) => ({ type: 'Feature', properties: fixActual(r.properties), geometry: r.geometry as Geometry }));
  return { collection: { type: 'FeatureCollection', bbox: readMainHeader(shp, name).bbox, features }, problems };
}

/** Geometries straight from the .shp walked without index, as the library's openShp does. */
function readGeometries(name: string): (Geometry | null)[] {
  const out: (Geometry | null)[] = [];
  forEachShape(part(name, 'shp')!, null, { shp: `${name}.shp`, shx: `${name}.shx` }, (_i, r) => {
    if (r.error !== undefined) throw new Error(r.error.text);
    out.push(r.geometry);
  });
  return out;
}

const FULL_CASES: [string, string?][] = [
  ['empty'],
  ['boolean-property'],
  ['number-property'],
  ['string-property'],
  ['mixed-properties'],
  ['date-property'],
  ['utf8-property', 'utf8'],
  ['latin1-property'],
  ['points'],
  ['multipoints'],
  ['polylines'],
  ['polygons'],
  ['null'],
];

describe('shapefile peer suite: shapefile.read cases', () => {
  for (const [name, encoding] of FULL_CASES) {
    it(name, () => {
      const { collection, problems } = readFull(name, encoding);
      expect(problems).toEqual([]);
      expect(collection).toEqual(expected(name));
    });
  }

  // The library reads these with a .dbf but no .shx; our app requires the .shx, so the
  // attributes come from the .dbf reader and the shapes from the index-less walk.
  for (const name of ['number-null-property', 'singleton']) {
    it(`${name} (no .shx in the suite)`, () => {
      const dbf = openDbf(part(name, 'dbf')!, `${name}.dbf`, {});
      const geometries = readGeometries(name);
      expect(dbf.rowCount).toBe(geometries.length);
      const features: Feature[] = geometries.map((g, i) => ({
        type: 'Feature',
        properties: fixActual(dbf.readRow(i)),
        geometry: g as Geometry,
      }));
      const want = expected(name);
      expect(features).toEqual(want.features);
      expect(readMainHeader(part(name, 'shp')!, name).bbox).toEqual(want.bbox);
    });
  }
});

describe('shapefile peer suite: shapefile.openShp cases (geometry only, M dropped)', () => {
  for (const name of ['ignore-properties', 'multipointm', 'pointm', 'polygonm', 'polylinem']) {
    it(name, () => {
      expect(readGeometries(name)).toEqual(expected(name).features.map((f) => f.geometry));
    });
  }
});

describe('shapefile peer suite: field types', () => {
  it('reports dBASE types as FieldInfo', () => {
    const types = (name: string) => openDbf(part(name, 'dbf')!, name, {}).fields.map((f) => [f.name, f.kind]);
    expect(types('boolean-property')).toEqual([['foo', 'boolean']]);
    expect(types('date-property')).toEqual([['date', 'date']]);
    expect(types('string-property')).toEqual([['foo', 'string']]);
    expect(types('number-null-property')).toEqual([['name', 'string'], ['fid', 'string'], ['avg_temp', 'number']]); // N(18,3)
  });
});
