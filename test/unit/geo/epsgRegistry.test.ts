/**
 * The offline EPSG registry against PROJ (Debian's proj-bin: cs2cs, cct, projinfo), the
 * independent reference: a point in each code's area, put into the code's coordinates by cs2cs,
 * must come back to WGS84 through Frontera within 1 m of what PROJ gives.
 *
 * Where PROJ would shift a datum with a grid file (NAD27, NZGD49, OSGB36, DHDN: some grids are in
 * Debian's proj-data, NAD27's are not), Frontera uses an EPSG Helmert transformation; the
 * reference is then PROJ running that same EPSG operation (`op`): cs2cs to the base geographic
 * CRS (no datum change), then cct with the operation's pipeline from projinfo.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createTransformer, resolveCrs } from '../../../shared/geo/crs.ts';
import { epsgEntry } from '../../../shared/geo/epsg.ts';
import { nad27Transformation } from '../../../shared/geo/nad27.ts';
import { UserError } from '../../../shared/errors.ts';
import { generateTable, TABLE_PATH } from '../../../scripts/gen-epsg-table.ts';
import { readFileSync } from 'node:fs';

/** Great-circle distance in metres (mean Earth radius). */
function metres(a: [number, number], b: [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
}

const run = (cmd: string, args: string[], input: string): number[] =>
  execFileSync(cmd, args, { input, encoding: 'utf8' }).trim().split(/\s+/).map(Number);

/** cs2cs between two CRSs, in each CRS's EPSG axis order (latitude first for EPSG:4326). */
const cs2cs = (from: string, to: string, a: number, b: number): number[] => run('cs2cs', ['-f', '%.9f', from, to], `${a} ${b}\n`);

/** Whether EPSG orders this CRS's axes north first (latitude, or northing as in EPSG:2193). */
function northFirst(code: number): boolean {
  const wkt = execFileSync('projinfo', [`EPSG:${code}`, '-o', 'WKT2_2019', '--single-line', '-q'], { encoding: 'utf8' });
  return /^(north|south)$/.test(/AXIS\["[^"]*",(\w+)/.exec(wkt)?.[1] ?? '');
}

/** PROJ's pipeline for one EPSG transformation, applied by cct to latitude, longitude. */
function projOperation(op: number, lat: number, lon: number): [number, number] {
  const pipeline = execFileSync('projinfo', ['-k', 'operation', `EPSG:${op}`, '-o', 'PROJ', '--single-line', '-q'], { encoding: 'utf8' }).trim();
  const [outLat, outLon] = run('cct', ['-d', '9', ...pipeline.split(/\s+/)], `${lat} ${lon} 0 0\n`);
  return [outLon, outLat];
}

interface Case {
  code: number;
  kind: string;
  place: string;
  lonlat: [number, number];
  /** The EPSG transformation Frontera uses instead of PROJ's grid, and the base geographic CRS. */
  op?: { code: number; base: number };
}

const NAD27 = 4267;
const MEXICALI: [number, number] = [-115.4545, 32.6245];
const EL_CENTRO: [number, number] = [-115.563, 32.792];
const HERMOSILLO: [number, number] = [-110.961, 29.073];
const AUSTIN: [number, number] = [-97.743, 30.267];
const WELLINGTON: [number, number] = [174.776, -41.287];

const CASES: Case[] = [
  { code: 32611, kind: 'UTM, WGS 84', place: 'Mexicali', lonlat: MEXICALI },
  { code: 32612, kind: 'UTM, WGS 84', place: 'Hermosillo', lonlat: HERMOSILLO },
  { code: 32723, kind: 'UTM south, WGS 84', place: 'Rio de Janeiro', lonlat: [-43.196, -22.908] },
  { code: 26911, kind: 'UTM, NAD83', place: 'El Centro', lonlat: EL_CENTRO },
  { code: 26912, kind: 'UTM, NAD83', place: 'Tucson', lonlat: [-110.974, 32.222] },
  { code: 6367, kind: 'UTM, Mexico ITRF2008', place: 'Hermosillo', lonlat: HERMOSILLO },
  { code: 4484, kind: 'UTM, Mexico ITRF92', place: 'Ensenada', lonlat: [-116.606, 31.867] },
  { code: 26711, kind: 'UTM, NAD27 (Mexico)', place: 'Mexicali', lonlat: MEXICALI, op: { code: 1187, base: NAD27 } },
  { code: 26712, kind: 'UTM, NAD27 (Mexico)', place: 'Hermosillo', lonlat: HERMOSILLO, op: { code: 1187, base: NAD27 } },
  { code: 26713, kind: 'UTM, NAD27 (US)', place: 'El Paso', lonlat: [-106.443, 31.772], op: { code: 1175, base: NAD27 } },
  { code: 26710, kind: 'UTM, NAD27 (US)', place: 'San Francisco', lonlat: [-122.419, 37.775], op: { code: 1175, base: NAD27 } },
  { code: 2230, kind: 'State Plane LCC, US survey feet', place: 'El Centro', lonlat: EL_CENTRO },
  { code: 2229, kind: 'State Plane LCC, US survey feet', place: 'Los Angeles', lonlat: [-118.244, 34.052] },
  { code: 2277, kind: 'State Plane LCC, US survey feet', place: 'Austin', lonlat: AUSTIN },
  { code: 2258, kind: 'State Plane TM, US survey feet', place: 'Albuquerque', lonlat: [-106.651, 35.084] },
  { code: 2868, kind: 'State Plane TM, international feet (HARN)', place: 'Phoenix', lonlat: [-112.074, 33.448] },
  { code: 2223, kind: 'State Plane TM, international feet', place: 'Tucson', lonlat: [-110.974, 32.222] },
  { code: 2224, kind: 'State Plane TM, international feet', place: 'Yuma', lonlat: [-114.628, 32.693] },
  { code: 26746, kind: 'State Plane LCC, NAD27, US survey feet', place: 'El Centro', lonlat: EL_CENTRO, op: { code: 1175, base: NAD27 } },
  { code: 26749, kind: 'State Plane TM, NAD27, US survey feet', place: 'Phoenix', lonlat: [-112.074, 33.448], op: { code: 1175, base: NAD27 } },
  { code: 3797, kind: 'LCC 2SP, NAD27 (Canada)', place: 'Québec', lonlat: [-71.208, 46.814], op: { code: 1181, base: NAD27 } },
  { code: 3795, kind: 'LCC 2SP, NAD27 (Cuba, 7 parameters)', place: 'La Habana', lonlat: [-82.366, 23.113], op: { code: 15978, base: NAD27 } },
  { code: 4267, kind: 'geographic NAD27 (Mexico)', place: 'San Luis Río Colorado', lonlat: [-114.7717, 32.4561], op: { code: 1187, base: NAD27 } },
  { code: 6372, kind: 'LCC 2SP, Mexico ITRF2008 (INEGI)', place: 'Mexicali', lonlat: MEXICALI },
  { code: 2154, kind: 'LCC 2SP, RGF93', place: 'Paris', lonlat: [2.352, 48.857] },
  { code: 3448, kind: 'LCC 1SP, JAD2001', place: 'Kingston', lonlat: [-76.793, 17.971] },
  { code: 3310, kind: 'Albers, NAD83', place: 'Sacramento', lonlat: [-121.494, 38.582] },
  { code: 5070, kind: 'Albers, NAD83', place: 'Denver', lonlat: [-104.99, 39.739] },
  { code: 3083, kind: 'Albers, NAD83', place: 'Austin', lonlat: AUSTIN },
  { code: 2193, kind: 'transverse Mercator, NZGD2000', place: 'Wellington', lonlat: WELLINGTON },
  { code: 3763, kind: 'transverse Mercator, ETRS89', place: 'Lisboa', lonlat: [-9.139, 38.722] },
  { code: 27700, kind: 'transverse Mercator, OSGB36 (7 parameters)', place: 'London', lonlat: [-0.1276, 51.5072], op: { code: 1314, base: 4277 } },
  { code: 31467, kind: 'Gauss-Krüger, DHDN (7 parameters)', place: 'Frankfurt', lonlat: [8.682, 50.111], op: { code: 1777, base: 4314 } },
  { code: 27200, kind: 'New Zealand Map Grid, NZGD49 (7 parameters)', place: 'Wellington', lonlat: WELLINGTON, op: { code: 1564, base: 4272 } },
  { code: 3857, kind: 'Web Mercator', place: 'Mexicali', lonlat: MEXICALI },
];

describe('the offline EPSG registry', () => {
  it('resolves at least 6,000 EPSG codes, each to a CRS proj4 can transform', () => {
    let resolved = 0;
    for (let code = 1; code <= 32767; code++) {
      const entry = epsgEntry(code);
      if (!entry?.proj) continue;
      const crs = resolveCrs(`EPSG:${code}`);
      expect(crs.label).toBe(`EPSG:${code}`);
      resolved++;
    }
    expect(resolved).toBeGreaterThanOrEqual(6000);
    console.log(`EPSG codes resolved offline: ${resolved}`);
  });

  it('is the table scripts/gen-epsg-table.ts writes from the installed epsg-index', () => {
    expect(readFileSync(TABLE_PATH, 'utf8') === generateTable()).toBe(true);
  });

  it(`transforms ${CASES.length} codes of every kind within 1 m of PROJ`, () => {
    expect(new Set(CASES.map((c) => c.code)).size).toBe(CASES.length);
    const report: string[] = [];
    for (const c of CASES) {
      const [lon, lat] = c.lonlat;
      const [a, b] = cs2cs('EPSG:4326', `EPSG:${c.code}`, lat, lon);
      // Files hold easting (longitude) first, whatever EPSG's axis order.
      const [x, y] = northFirst(c.code) ? [b, a] : [a, b];
      let expected: [number, number];
      if (c.op) {
        const [baseLat, baseLon] = cs2cs(`EPSG:${c.code}`, `EPSG:${c.op.base}`, a, b);
        if (c.op.base === NAD27) expect(nad27Transformation(baseLon, baseLat)?.code, `${c.code} at ${c.place}`).toBe(c.op.code);
        expected = projOperation(c.op.code, baseLat, baseLon);
      } else {
        const [eLat, eLon] = cs2cs(`EPSG:${c.code}`, 'EPSG:4326', a, b);
        expected = [eLon, eLat];
      }
      const got = createTransformer(resolveCrs(`EPSG:${c.code}`));
      const out = got ? got(x, y) : [x, y];
      const off = metres([out[0], out[1]], expected);
      report.push(`EPSG:${c.code} ${c.kind}, ${c.place}: ${off.toFixed(4)} m from PROJ${c.op ? ` (EPSG:${c.op.code})` : ''}`);
      expect(off, `EPSG:${c.code} (${c.kind}) at ${c.place}`).toBeLessThan(1);
      // And the point is where it was put: within 1 m, or where PROJ put it with its own choice
      // of datum shift (a grid, or for NAD27 in Mexico the US parameters: up to 35 m away).
      expect(metres([out[0], out[1]], c.lonlat), `EPSG:${c.code} at ${c.place}`).toBeLessThan(c.op ? 40 : 1);
    }
    console.log(report.join('\n'));
  }, 60_000);

  it('refuses codes that cannot place 2D features, saying why and what to give', () => {
    const refused: [string, RegExp][] = [
      ['EPSG:5703', /EPSG:5703 \(NAVD88 height\) is a vertical CRS/],
      ['EPSG:4978', /EPSG:4978 \(WGS 84\) is a geocentric CRS/],
      ['EPSG:2009', /EPSG:2009 \(NAD27\(CGQ77\) \/ SCoPQ zone 3\) needs the grid shift file CQ77NA83\.GSB/],
      ['EPSG:6244', /EPSG:6244 .*uses the projection "col_urban"/],
      ['EPSG:999999', /EPSG:999999 \(from "EPSG:999999"\) is not in Frontera's offline CRS registry \(epsg-index 2\.0\.0\)/],
    ];
    for (const [code, message] of refused) {
      expect(() => resolveCrs(code), code).toThrow(UserError);
      expect(() => resolveCrs(code), code).toThrow(message);
      expect(() => resolveCrs(code), code).toThrow(/\.prj file, its WKT, or a proj string/);
    }
  });

  it('reads the codes of the brief in every spelling, and ESRI Web Mercator', () => {
    for (const code of [2230, 2868, 3797]) {
      for (const s of [`EPSG:${code}`, `epsg:${code}`, `${code}`, `urn:ogc:def:crs:EPSG::${code}`, `http://www.opengis.net/def/crs/EPSG/0/${code}`]) {
        expect(resolveCrs(s), s).toEqual(resolveCrs(`EPSG:${code}`));
      }
    }
    expect(resolveCrs('ESRI:102100').definition).toBe(resolveCrs('EPSG:3857').definition);
  });
});

describe('datums that need a grid file', () => {
  it('a proj string or .prj needing a grid Frontera lacks is refused, not left unshifted', () => {
    expect(() => resolveCrs('+proj=longlat +ellps=airy +nadgrids=OSTN15_NTv2_OSGBtoETRS.gsb')).toThrow(
      /grid file OSTN15_NTv2_OSGBtoETRS\.gsb, which Frontera does not carry.*\+towgs84/,
    );
  });

  it('NAD27 without +towgs84, however written, is shifted by area, never left as WGS84', () => {
    // The ESRI .prj of NAD 1927 UTM 11N: proj4 alone leaves its datum untouched (about 10 m off
    // at Mexicali in x, 2 m in y, and more elsewhere).
    const esri =
      'PROJCS["NAD_1927_UTM_Zone_11N",GEOGCS["GCS_North_American_1927",DATUM["D_North_American_1927",SPHEROID["Clarke_1866",6378206.4,294.9786982]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],' +
      'PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",-117.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
    const [x, y] = cs2cs('EPSG:4326', 'EPSG:26711', MEXICALI[1], MEXICALI[0]);
    const byCode = createTransformer(resolveCrs('EPSG:26711'))!(x, y);
    for (const def of [esri, '+proj=utm +zone=11 +datum=NAD27 +units=m', '+proj=utm +zone=11 +ellps=clrk66 +nadgrids=@conus,@ntv2_0.gsb +units=m']) {
      const got = createTransformer(resolveCrs(def))!(x, y);
      expect(metres(got, byCode), def).toBeLessThan(0.01);
    }
    // Outside every EPSG area (the middle of the Pacific) the point is refused, not guessed.
    const [px, py] = cs2cs('EPSG:4326', 'EPSG:4267', 20, -150);
    expect(() => createTransformer(resolveCrs('EPSG:4267'))!(py, px)).toThrow(/outside every area where EPSG publishes a NAD27 to WGS 84 transformation/);
  });
});
