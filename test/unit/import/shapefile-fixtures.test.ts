/**
 * Real data: Natural Earth (world-size lines, a NULL shape, the border-zone towns) and the INEGI
 * municipalities in Lambert Conformal Conic, reprojected and compared with GDAL/PROJ's output.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as shapefileLib from 'shapefile';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { parseShapefile, pickShapefileParts } from '../../../shared/import/shapefile/index.ts';
import { createTransformer, isWgs84, transformGeometry } from '../../../shared/geo/crs.ts';
import type { FieldInfo, RawRecord } from '../../../shared/model/feature.ts';
import type { ImportProblem } from '../../../shared/import/problems.ts';
import type { SourceCrs } from '../../../shared/import/types.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const fixtures = path.resolve(repoRoot, '..', 'shared', 'fixtures');

interface Read {
  records: RawRecord[];
  problems: ImportProblem[];
  crs: SourceCrs | null;
  fields: FieldInfo[];
}

function read(rel: string): Read {
  const bytes = (ext: string) => {
    const p = path.join(fixtures, `${rel}.${ext}`);
    return existsSync(p) ? new Uint8Array(readFileSync(p)) : null;
  };
  const out: Read = { records: [], problems: [], crs: null, fields: [] };
  const base = path.basename(rel);
  parseShapefile(
    { shp: bytes('shp')!, shx: bytes('shx'), dbf: bytes('dbf'), prj: bytes('prj'), cpg: bytes('cpg'), names: { shp: `${base}.shp` } },
    { fileName: `${rel}.shp` },
    {
      onRecord: (r) => out.records.push(r),
      onProblem: (p) => out.problems.push(p),
      onCrs: (c) => (out.crs = c),
      onFields: (f) => (out.fields = f),
    },
  );
  return out;
}

/** The `shapefile` library as the oracle for 2D files (it agrees with us wherever it keeps all data). */
async function library(rel: string): Promise<FeatureCollection> {
  return shapefileLib.read(path.join(fixtures, `${rel}.shp`), path.join(fixtures, `${rel}.dbf`), { encoding: 'utf-8' });
}

function withoutNulls(p: Record<string, unknown> | null): Record<string, unknown> {
  return Object.fromEntries(Object.entries(p ?? {}).filter(([, v]) => v != null));
}

describe('Natural Earth 1:10m, full world files', () => {
  const boundaries = 'natural-earth/full/ne_10m_admin_0_boundary_lines_land';
  const rivers = 'natural-earth/full/ne_10m_rivers_lake_centerlines';
  let b: Read;
  let r: Read;
  beforeAll(() => {
    b = read(boundaries);
    r = read(rivers);
  });

  it('boundary lines: 462 line features, no problems, WGS84 from the .prj, UTF-8 from the .cpg', () => {
    expect(b.problems).toEqual([]);
    expect(b.records).toHaveLength(462);
    expect(b.records.map((x) => x.sourceIndex)).toEqual([...Array(462).keys()]);
    expect(new Set(b.records.map((x) => x.geometry?.type))).toEqual(new Set(['LineString', 'MultiLineString']));
    expect(b.crs && isWgs84(b.crs)).toBe(true);
    expect(b.crs?.label).toBe('WGS 84');
    const usMx = b.records.filter((x) => [x.properties.adm0_left, x.properties.adm0_right].sort().join('|') === 'Mexico|United States of America');
    expect(usMx.length).toBeGreaterThan(0);
  });

  it('rivers: 1455 records, the one NULL shape kept with geometry null', () => {
    expect(r.problems).toEqual([]);
    expect(r.records).toHaveLength(1455);
    const nulls = r.records.filter((x) => x.geometry === null);
    expect(nulls).toHaveLength(1);
    expect(Object.keys(nulls[0].properties)).toEqual(r.fields.map((f) => f.name));
  });

  it('both files equal the `shapefile` library feature by feature (geometry and non-null values)', async () => {
    for (const [rel, ours] of [
      [boundaries, b],
      [rivers, r],
    ] as const) {
      const lib = await library(rel);
      expect(ours.records.length).toBe(lib.features.length);
      ours.records.forEach((rec, i) => {
        const f = lib.features[i];
        expect(rec.geometry, `${rel} record ${i}`).toEqual(f.geometry);
        expect(withoutNulls(rec.properties), `${rel} record ${i}`).toEqual(withoutNulls(f.properties));
      });
    }
  });
});

describe('Natural Earth clipped to the border zone', () => {
  it('populated places: 12 towns with their names and lon/lat points', () => {
    const p = read('natural-earth/clipped/ne_10m_populated_places_sonora_bc');
    expect(p.problems).toEqual([]);
    expect(p.records).toHaveLength(12);
    const names = p.records.map((x) => x.properties.NAME);
    for (const town of ['Mexicali', 'Yuma', 'San Felipe']) expect(names).toContain(town);
    const mexicali = p.records.find((x) => x.properties.NAME === 'Mexicali')!.geometry as { type: 'Point'; coordinates: Position };
    expect(mexicali.type).toBe('Point');
    // Public coordinates of Mexicali (fixtures README): within about 10 km of Natural Earth's point.
    expect(Math.abs(mexicali.coordinates[0] - -115.4545)).toBeLessThan(0.1);
    expect(Math.abs(mexicali.coordinates[1] - 32.6245)).toBeLessThan(0.1);
    expect(p.fields.find((f) => f.name === 'NAME')?.type).toBe('string');
  });

  it('the rivers and boundary files read without problems', () => {
    for (const rel of ['natural-earth/clipped/ne_10m_rivers_lake_centerlines_sonora_bc', 'natural-earth/clipped/ne_10m_admin_0_boundary_lines_land_sonora_bc']) {
      const x = read(rel);
      expect(x.problems).toEqual([]);
      expect(x.records.length).toBeGreaterThan(0);
    }
  });
});

/** Distance in metres between two lon/lat positions (haversine, mean Earth radius). */
function metres(a: Position, b: Position): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
}

function rings(g: Geometry): Position[][] {
  if (g.type === 'Polygon') return g.coordinates;
  if (g.type === 'MultiPolygon') return g.coordinates.flat();
  throw new Error(`unexpected ${g.type}`);
}

describe('INEGI municipalities (Lambert Conformal Conic .prj named "unknown")', () => {
  it('85 polygons reprojected via the .prj equal GDAL/PROJ within 1 m at every vertex', () => {
    const x = read('inegi-mun-lcc/sonora_bc/mun_02_26');
    expect(x.problems).toEqual([]);
    expect(x.records).toHaveLength(85);
    expect(x.crs?.label).toBe('Lambert_Conformal_Conic (from .prj)');
    const fn = createTransformer(x.crs!)!;
    expect(fn).not.toBeNull();

    const expected = JSON.parse(
      readFileSync(path.join(fixtures, 'inegi-mun-lcc', 'expected', 'mun_02_26_epsg4326.geojson'), 'utf8'),
    ) as FeatureCollection;
    // GDAL kept the record order; some municipalities have several records, so match by position.
    expect(expected.features).toHaveLength(85);

    let maxError = 0;
    let vertices = 0;
    for (const rec of x.records) {
      const want: Feature = expected.features[rec.sourceIndex];
      expect(rec.properties.CVEGEO).toBe(want.properties!.CVEGEO);
      expect(rec.properties.NOMGEO).toBe(want.properties!.NOMGEO);
      const before = JSON.stringify(rec.geometry);
      const got = transformGeometry(rec.geometry!, fn);
      expect(JSON.stringify(rec.geometry)).toBe(before);
      expect(got.type).toBe(want.geometry.type);
      const gotRings = rings(got);
      const wantRings = rings(want.geometry);
      expect(gotRings.map((ring) => ring.length)).toEqual(wantRings.map((ring) => ring.length));
      gotRings.forEach((ring, i) =>
        ring.forEach((p, j) => {
          maxError = Math.max(maxError, metres(p, wantRings[i][j]));
          vertices++;
        }),
      );
    }
    // GDAL wrote 7 decimals (≈1 cm), so the error is rounding plus any proj4/PROJ difference.
    console.log(`INEGI LCC → WGS84: ${vertices} vertices, max error ${maxError.toFixed(4)} m`);
    expect(vertices).toBeGreaterThan(1000);
    expect(maxError).toBeLessThan(1);
  });

  it('keeps UTF-8 accented names (San Luis Río Colorado)', () => {
    const names = read('inegi-mun-lcc/sonora_bc/mun_02_26').records.map((r) => r.properties.NOMGEO);
    expect(names).toContain('San Luis Río Colorado');
    expect(names.some((n) => typeof n === 'string' && n.includes('\uFFFD'))).toBe(false);
  });
});

describe('pickShapefileParts', () => {
  const dir = path.join(fixtures, 'inegi-mun-lcc', 'sonora_bc');
  const real = (ext: string) => new Uint8Array(readFileSync(path.join(dir, `mun_02_26.${ext}`)));

  it('finds siblings by case-insensitive base name inside archive folders, ignoring macOS litter', () => {
    const entries = [
      { name: 'Datos/MUN_02_26.SHP', bytes: real('shp') },
      { name: 'datos/mun_02_26.shx', bytes: real('shx') },
      { name: 'Datos\\Mun_02_26.DBF', bytes: real('dbf') },
      { name: 'datos/mun_02_26.prj', bytes: real('prj') },
      { name: '__MACOSX/Datos/._MUN_02_26.SHP', bytes: real('prj') },
      { name: 'otros/mun_02_26.cpg', bytes: real('cpg') },
    ];
    const parts = pickShapefileParts(entries);
    expect(parts.shp).toBe(entries[0].bytes);
    expect(parts.shx).toBe(entries[1].bytes);
    expect(parts.dbf).toBe(entries[2].bytes);
    expect(parts.prj).toBe(entries[3].bytes);
    expect(parts.cpg).toBeNull(); // another folder: not a sibling
    expect(parts.names).toEqual({ shp: 'Datos/MUN_02_26.SHP', shx: 'datos/mun_02_26.shx', dbf: 'Datos/Mun_02_26.DBF', prj: 'datos/mun_02_26.prj' });
    const records: RawRecord[] = [];
    parseShapefile(parts, { fileName: 'municipios.zip' }, { onRecord: (r) => records.push(r), onProblem: (p) => { throw new Error(p.reason); } });
    expect(records).toHaveLength(85);
  });

  it('several .shp need a choice; none is an ImportError', () => {
    const ne = (rel: string) => new Uint8Array(readFileSync(path.join(fixtures, 'natural-earth', 'clipped', rel)));
    const entries = ['ne_10m_populated_places_sonora_bc', 'ne_10m_rivers_lake_centerlines_sonora_bc'].flatMap((b) =>
      ['shp', 'shx', 'dbf'].map((e) => ({ name: `${b}.${e}`, bytes: ne(`${b}.${e}`) })),
    );
    expect(() => pickShapefileParts(entries, undefined, 'ne.zip')).toThrow(/^ne\.zip: holds 2 shapefiles \(ne_10m_populated_places_sonora_bc\.shp, ne_10m_rivers/);
    expect(pickShapefileParts(entries, 'NE_10M_RIVERS_LAKE_CENTERLINES_SONORA_BC').names.dbf).toBe('ne_10m_rivers_lake_centerlines_sonora_bc.dbf');
    expect(() => pickShapefileParts(entries, 'roads.shp', 'ne.zip')).toThrow(/no shapefile named "roads\.shp"/);
    expect(() => pickShapefileParts(entries.filter((e) => !e.name.endsWith('.shp')), undefined, 'ne.zip')).toThrow(/^ne\.zip: no \.shp file found/);
  });
});
