import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTransformer, crsFromPrj, fitsLonLat, isWgs84, resolveCrs, transformGeometry } from '../../../shared/geo/crs.ts';
import { ImportError } from '../../../shared/import/problems.ts';
import { UserError } from '../../../shared/errors.ts';
import type { Geometry } from 'geojson';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const fixtures = path.resolve(repoRoot, '..', 'shared', 'fixtures');
const inegiPrj = path.join(fixtures, 'inegi-mun-lcc', 'sonora_bc', 'mun_02_26.prj');

/** Great-circle distance in metres (mean Earth radius), for comparing lon/lat results. */
function metres(a: [number, number], b: [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
}

interface RefPoint {
  name: string;
  lonlat: [number, number];
  columns: Record<string, number>;
}

function referencePoints(): RefPoint[] {
  const [header, ...lines] = readFileSync(path.join(fixtures, 'inegi-mun-lcc', 'expected', 'proj_reference_points.csv'), 'utf8')
    .trim()
    .split(/\r?\n/);
  const cols = header.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    const columns: Record<string, number> = {};
    cols.forEach((c, i) => (columns[c] = Number(cells[i])));
    return { name: cells[0], lonlat: [columns.lon, columns.lat], columns };
  });
}

describe('resolveCrs + createTransformer against the GDAL/PROJ reference points', () => {
  const points = referencePoints();
  const cases: [string, string][] = [
    ['EPSG:6372', 'epsg6372'],
    ['EPSG:32611', 'utm11n'],
    ['32612', 'utm12n'],
  ];
  it('has the six reference points', () => {
    expect(points.map((p) => p.name)).toContain('San Luis Rio Colorado');
    expect(points).toHaveLength(6);
  });
  for (const [code, prefix] of cases) {
    it(`${code} → WGS84 within 1 m at every reference point`, () => {
      const crs = resolveCrs(code);
      expect(crs.label).toBe(code.startsWith('EPSG') ? code : `EPSG:${code}`);
      const fn = createTransformer(crs);
      expect(fn).not.toBeNull();
      for (const p of points) {
        const got = fn!(p.columns[`${prefix}_x`], p.columns[`${prefix}_y`]);
        expect(metres(got, p.lonlat), `${code} ${p.name}`).toBeLessThan(1);
      }
    });
  }
  it('OGC WKT as GDAL writes it (AUTHORITY and AXIS nodes) reads like EPSG:32611', () => {
    const ogc =
      'PROJCS["WGS 84 / UTM zone 11N",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],' +
      'AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],' +
      'AUTHORITY["EPSG","4326"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",-117],' +
      'PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],' +
      'AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","32611"]]';
    const crs = crsFromPrj(ogc, 'utm11.prj');
    expect(crs.label).toBe('WGS 84 / UTM zone 11N (from .prj)');
    const fn = createTransformer(crs)!;
    for (const p of points) expect(metres(fn(p.columns.utm11n_x, p.columns.utm11n_y), p.lonlat), p.name).toBeLessThan(1);
  });

  it('the INEGI .prj (named "unknown") → WGS84 within 1 m at every reference point', () => {
    const crs = crsFromPrj(readFileSync(inegiPrj, 'utf8'), 'mun_02_26.prj');
    expect(crs.label).toBe('Lambert_Conformal_Conic (from .prj)');
    expect(isWgs84(crs)).toBe(false);
    const fn = createTransformer(crs)!;
    for (const p of points) {
      const got = fn(p.columns.lcc_x_inegi_prj, p.columns.lcc_y_inegi_prj);
      expect(metres(got, p.lonlat), p.name).toBeLessThan(1);
    }
  });
});

describe('resolveCrs', () => {
  it('accepts the spellings analysts paste', () => {
    for (const s of ['EPSG:4326', 'epsg:4326', '4326', 'urn:ogc:def:crs:EPSG::4326', 'CRS84', 'OGC:CRS84']) {
      expect(isWgs84(resolveCrs(s)), s).toBe(true);
    }
    expect(resolveCrs('ESRI:102100').label).toBe('ESRI:102100');
    expect(resolveCrs('+proj=utm +zone=11 +datum=WGS84 +units=m +no_defs').label).toBe('+proj=utm (proj string)');
    const ne = readFileSync(path.join(fixtures, 'natural-earth', 'full', 'ne_10m_rivers_lake_centerlines.prj'), 'utf8');
    expect(resolveCrs(ne).label).toBe('WGS 84');
    expect(resolveCrs(readFileSync(inegiPrj, 'utf8')).label).toBe('Lambert_Conformal_Conic (from WKT)');
  });

  it('covers every WGS84 and NAD83 UTM zone and the Mexico codes', () => {
    for (let z = 1; z <= 60; z++) {
      expect(resolveCrs(`EPSG:${32600 + z}`).definition).toContain(`+zone=${z} `);
      expect(resolveCrs(`EPSG:${32700 + z}`).definition).toContain('+south');
    }
    // NAD83 as EPSG defines it: GRS80 with the null transformation to WGS 84 (EPSG:1188).
    for (let z = 1; z <= 23; z++) expect(resolveCrs(`EPSG:${26900 + z}`).definition).toMatch(new RegExp(`\\+zone=${z} \\+ellps=GRS80 \\+towgs84=0,0,0,0,0,0,0 `));
    for (const c of [4269, 4267, 3857, 6365, 6366, 6367, 6368, 6369, 6372]) expect(resolveCrs(`EPSG:${c}`).label).toBe(`EPSG:${c}`);
  });

  it('treats NAD83 and ITRF2008 geographic as WGS84 lon/lat, but not NAD27 or projected CRSs', () => {
    expect(createTransformer(resolveCrs('EPSG:4326'))).toBeNull();
    expect(isWgs84(resolveCrs('EPSG:4269'))).toBe(true);
    expect(isWgs84(resolveCrs('EPSG:6365'))).toBe(true);
    expect(isWgs84(resolveCrs('EPSG:4267'))).toBe(false);
    expect(isWgs84(resolveCrs('EPSG:3857'))).toBe(false);
  });

  it('Web Mercator: the origin and the San Luis Río Colorado longitude round-trip', () => {
    const fn = createTransformer(resolveCrs('EPSG:3857'))!;
    expect(fn(0, 0)).toEqual([0, 0]);
    // x = R·λ on the sphere of radius 6378137.
    const x = (6378137 * -114.7717 * Math.PI) / 180;
    expect(fn(x, 0)[0]).toBeCloseTo(-114.7717, 9);
  });

  it('unknown input is a UserError that names it and says what to give instead', () => {
    expect(() => resolveCrs('EPSG:999999')).toThrow(UserError);
    expect(() => resolveCrs('EPSG:999999')).toThrow(/EPSG:999999.*\.prj.*proj string/);
    expect(() => resolveCrs('Lambert Mexico')).toThrow(/Unknown CRS "Lambert Mexico"/);
    expect(() => resolveCrs('+proj=nonsense')).toThrow(UserError);
  });
});

describe('crsFromPrj', () => {
  it('garbage, truncated and empty .prj files are ImportErrors naming the .prj', () => {
    const real = readFileSync(inegiPrj, 'utf8');
    const bad = [real.slice(0, Math.floor(real.length / 2)), real.replace('PROJCS', 'PROJXX'), Buffer.from(readFileSync(inegiPrj).subarray(0, 40).map((b) => b ^ 0x5a)).toString('latin1'), ''];
    for (const text of bad) {
      let err: unknown;
      try {
        crsFromPrj(text, 'sonora/mun_02_26.prj');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ImportError);
      expect((err as ImportError).message).toMatch(/^sonora\/mun_02_26\.prj: /);
      expect((err as ImportError).problems[0].file).toBe('sonora/mun_02_26.prj');
    }
  });
});

describe('transformGeometry', () => {
  it('returns a new geometry, keeps Z, leaves the input untouched', () => {
    const g: Geometry = {
      type: 'GeometryCollection',
      geometries: [
        { type: 'Point', coordinates: [1292452.88595562, 2319290.16866769, 42] },
        { type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]]] },
      ],
    };
    const before = JSON.stringify(g);
    const out = transformGeometry(g, (x, y) => [x + 1, y * 2]);
    expect(JSON.stringify(g)).toBe(before);
    expect(out).toEqual({
      type: 'GeometryCollection',
      geometries: [
        { type: 'Point', coordinates: [1292453.88595562, 4638580.33733538, 42] },
        { type: 'MultiPolygon', coordinates: [[[[1, 0], [2, 0], [2, 2], [1, 0]]]] },
      ],
    });
  });
});

describe('fitsLonLat', () => {
  it('accepts lon/lat boxes and rejects projected metres or NaN', () => {
    expect(fitsLonLat([-117.5, 30.5, -112, 33.5])).toBe(true);
    expect(fitsLonLat([-180, -90, 180, 90])).toBe(true);
    expect(fitsLonLat([1011915, 2128143, 1562163, 2414950])).toBe(false);
    expect(fitsLonLat([-181, 0, 0, 0])).toBe(false);
    expect(fitsLonLat([0, Number.NaN, 1, 1])).toBe(false);
  });
});
