/**
 * Imports in CRSs outside Frontera's old table of a hundred codes, against GDAL: a shapefile and a
 * CSV that ogr2ogr wrote in EPSG:2230 (NAD83 / California zone 6, US survey feet: Imperial
 * County) land where ogr2ogr puts them back in WGS84; a GeoJSON's legacy crs member names any
 * EPSG code, and --crs overrides it as it overrides a .prj.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FeatureCollection, Point } from 'geojson';
import { openBackend, type Backend } from '../../../electron/backend/backend.ts';
import { createGeoJsonParser } from '../../../shared/import/geojson.ts';
import type { SourceCrs } from '../../../shared/import/types.ts';

/** Towns of Imperial County, across the border from Mexicali (WGS84). */
const TOWNS: [string, number, number][] = [
  ['El Centro', -115.563, 32.792],
  ['Calexico', -115.499, 32.679],
  ['Brawley', -115.53, 32.979],
  ['Holtville', -115.38, 32.811],
  ['Imperial', -115.569, 32.848],
];

function metres(a: number[], b: number[]): number {
  const rad = Math.PI / 180;
  const h = Math.sin(((b[1] - a[1]) * rad) / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(((b[0] - a[0]) * rad) / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
}

let dir: string;
let backend: Backend;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-crs-'));
  backend = openBackend(path.join(dir, 'w.frontera'), { create: true });
});
afterEach(() => {
  backend.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const run = (paths: string[], options = {}) => backend['import.run']({ paths, options });

/** The stored points of a layer, by their `name` property. */
function stored(layerId: number): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const f of backend.workspace.iterateFeatures(layerId)) out.set(String(f.properties.name), (f.geometry as Point).coordinates);
  return out;
}

/** The towns as a WGS84 GeoJSON file, and ogr2ogr's copy of it in `srs` as `name.ext`. */
function ogr(srs: string, driver: string, name: string, ...lco: string[]): string {
  const src = path.join(dir, 'towns.geojson');
  const fc: FeatureCollection = {
    type: 'FeatureCollection',
    features: TOWNS.map(([n, lon, lat]) => ({ type: 'Feature', properties: { name: n }, geometry: { type: 'Point', coordinates: [lon, lat] } })),
  };
  fs.writeFileSync(src, JSON.stringify(fc));
  const out = path.join(dir, name);
  execFileSync('ogr2ogr', ['-f', driver, '-t_srs', srs, ...lco.flatMap((o) => ['-lco', o]), out, src]);
  return out;
}

/** GDAL's own reading of a file back into WGS84, by town (`args`: more ogr2ogr options). */
function gdalWgs84(file: string, ...args: string[]): Map<string, number[]> {
  const back = path.join(dir, `${path.basename(file)}.back.geojson`);
  execFileSync('ogr2ogr', ['-f', 'GeoJSON', '-t_srs', 'EPSG:4326', ...args, back, file]);
  const fc = JSON.parse(fs.readFileSync(back, 'utf8')) as FeatureCollection;
  return new Map(fc.features.map((f) => [String(f.properties!.name), (f.geometry as Point).coordinates]));
}

function expectNear(ours: Map<string, number[]>, gdal: Map<string, number[]>): void {
  expect([...ours.keys()].sort()).toEqual(TOWNS.map((t) => t[0]).sort());
  for (const [name, lon, lat] of TOWNS) {
    expect(metres(ours.get(name)!, gdal.get(name)!), `${name} vs GDAL`).toBeLessThan(1);
    expect(metres(ours.get(name)!, [lon, lat]), `${name} where it was`).toBeLessThan(1);
  }
}

describe('EPSG:2230 (California zone 6, US survey feet)', () => {
  it('a shapefile ogr2ogr wrote, with its .prj, imports to Imperial County', async () => {
    const shp = ogr('EPSG:2230', 'ESRI Shapefile', 'towns_2230.shp');
    const x = Number(execFileSync('ogrinfo', ['-q', '-al', shp], { encoding: 'utf8' }).match(/POINT \((\d+)/)![1]);
    expect(x).toBeGreaterThan(6_000_000); // feet east of the false easting, not metres or degrees
    const [s] = await run([shp]);
    expect(s.featureCount).toBe(TOWNS.length);
    expectNear(stored(s.layerId), gdalWgs84(shp));
  });

  it('the same shapefile without its .prj imports with --crs EPSG:2230', async () => {
    const shp = ogr('EPSG:2230', 'ESRI Shapefile', 'towns_2230.shp');
    const reference = gdalWgs84(shp);
    fs.rmSync(shp.replace(/\.shp$/, '.prj'));
    await expect(run([shp], { layer: 'no_crs' })).rejects.toThrow(/--crs/);
    const [s] = await run([shp], { crs: 'EPSG:2230' });
    expect(s.sourceCrs).toBe('EPSG:2230');
    expectNear(stored(s.layerId), reference);
  });

  it('a CSV of X and Y in feet imports with --crs EPSG:2230', async () => {
    const csv = ogr('EPSG:2230', 'CSV', 'towns_2230.csv', 'GEOMETRY=AS_XY');
    // GDAL 3.6 ends the header with a comma (an empty column rows do not have): dropped.
    fs.writeFileSync(csv, fs.readFileSync(csv, 'utf8').replace(/^X,Y,name,\r?\n/, 'X,Y,name\n'));
    expect(fs.readFileSync(csv, 'utf8').split('\n')[0]).toBe('X,Y,name');
    const [s] = await run([csv], { crs: 'EPSG:2230', lon: 'X', lat: 'Y' });
    expect(s.sourceCrs).toBe('EPSG:2230');
    expectNear(stored(s.layerId), gdalWgs84(csv, '-s_srs', 'EPSG:2230', '-oo', 'X_POSSIBLE_NAMES=X', '-oo', 'Y_POSSIBLE_NAMES=Y'));
  });
});

describe("GeoJSON's legacy crs member", () => {
  const parseCrs = (name: string): SourceCrs[] => {
    const got: SourceCrs[] = [];
    const p = createGeoJsonParser({ fileName: 'q.geojson' }, { onRecord: () => {}, onProblem: () => {}, onCrs: (c) => got.push(c) });
    p.push(new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name } }, features: [] })));
    p.end();
    return got;
  };

  it('names any EPSG code, in the URN, EPSG: and OGC http spellings', () => {
    for (const name of ['urn:ogc:def:crs:EPSG::3797', 'EPSG:3797', 'http://www.opengis.net/def/crs/EPSG/0/3797']) {
      const [crs] = parseCrs(name);
      expect(crs.label, name).toBe('EPSG:3797');
      expect(crs.definition, name).toMatch(/^\+proj=lcc .*\+datum=NAD27/);
    }
  });

  it('a file in EPSG:3797 (NAD27 / MTQ Lambert) lands where PROJ puts it with EPSG:1181', async () => {
    // Québec, in MTQ Lambert metres as cs2cs gives them.
    const [x, y] = execFileSync('cs2cs', ['-f', '%.4f', 'EPSG:4326', 'EPSG:3797'], { input: '46.814 -71.208\n', encoding: 'utf8' }).trim().split(/\s+/).map(Number);
    const file = path.join(dir, 'quebec.geojson');
    const crs = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3797' } };
    fs.writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', crs, features: [{ type: 'Feature', properties: { name: 'Québec' }, geometry: { type: 'Point', coordinates: [x, y] } }] }));
    const [s] = await run([file]);
    expect(s.sourceCrs).toBe('EPSG:3797');
    // cs2cs uses EPSG:1181 there too (no NAD27 grid is installed), so the round trip is exact.
    expect(metres(stored(s.layerId).get('Québec')!, [-71.208, 46.814])).toBeLessThan(0.01);
  });

  it('--crs overrides it, read or not, before or after the features', async () => {
    const shp = ogr('EPSG:2230', 'GeoJSON', 'towns_2230.geojson');
    const fc = JSON.parse(fs.readFileSync(shp, 'utf8')) as FeatureCollection & { crs?: unknown };
    const reference = gdalWgs84(shp);
    const variants: [string, unknown, boolean][] = [
      ['vertical', { type: 'name', properties: { name: 'EPSG:5703' } }, true],
      ['a link', { type: 'link', properties: { href: 'towns.prj' } }, true],
      ['wrong and late', { type: 'name', properties: { name: 'EPSG:32611' } }, false],
    ];
    for (const [what, member, first] of variants) {
      const { crs: _drop, ...rest } = fc;
      const file = path.join(dir, `member_${what.replace(/\W/g, '_')}.geojson`);
      fs.writeFileSync(file, JSON.stringify(first ? { crs: member, ...rest } : { ...rest, crs: member }));
      if (what !== 'wrong and late') await expect(run([file], { layer: `no_${what}` }), what).rejects.toThrow(/the crs member .*--crs/);
      const [s] = await run([file], { crs: 'EPSG:2230', layer: what });
      expect(s.sourceCrs, what).toBe('EPSG:2230');
      expectNear(stored(s.layerId), reference);
    }
  });
});
