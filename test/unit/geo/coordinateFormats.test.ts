import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CoordinateError, formatCoordinate, formatDegrees, formatDms, formatMgrs, formatUtm, parseCoordinate, toUtm } from '../../../shared/geo/coordinateFormats.ts';
import { RESOURCES } from '../../../shared/i18n/translator.ts';
import { geodesicInverse } from '../../../shared/geo/geodesicDistance.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const csv = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'inegi-mun-lcc', 'expected', 'proj_reference_points.csv');

/** Border towns on both UTM zones of the line (11: Tijuana to San Luis; 12: Sonoyta to Agua Prieta). */
const TOWNS: [string, number, number, number][] = [
  ['Tijuana', -117.0382, 32.5149, 11],
  ['Mexicali', -115.4545, 32.6245, 11],
  ['San Luis Río Colorado', -114.7717, 32.4561, 11],
  ['Sonoyta', -112.8569, 31.8614, 12],
  ['Nogales', -110.9425, 31.3086, 12],
  ['Agua Prieta', -109.5486, 31.3269, 12],
];

/** PROJ's cs2cs: EPSG:4326 takes latitude first; EPSG:326zz gives easting, northing. */
function cs2cs(from: string, to: string, lines: string[]): number[][] {
  const out = execFileSync('cs2cs', ['-f', '%.10f', from, to], { input: `${lines.join('\n')}\n`, encoding: 'utf8' });
  return out.trim().split('\n').map((l) => l.split(/\s+/).slice(0, 2).map(Number));
}

/** MGRS letters by hand (DMA TM 8358.1, the AA scheme of WGS 84): band, then the 100 km column and row. */
function mgrsByHand(zone: number, lat: number, e: number, n: number): string {
  const band = 'CDEFGHJKLMNPQRSTUVWX'[Math.floor((lat + 80) / 8)];
  const columns = ['ABCDEFGH', 'JKLMNPQR', 'STUVWXYZ'][(zone - 1) % 3];
  const rows = 'ABCDEFGHJKLMNPQRSTUV';
  const col = columns[Math.floor(e / 100_000) - 1];
  const row = rows[(Math.floor(n / 100_000) + (zone % 2 === 0 ? 5 : 0)) % 20];
  const five = (v: number) => String(Math.floor(v) % 100_000).padStart(5, '0');
  return `${zone}${band} ${col}${row} ${five(e)} ${five(n)}`;
}

describe('coordinate formats', () => {
  it('gives UTM in the point’s own zone within 1 mm of PROJ’s cs2cs, zones 11 and 12 of the border', () => {
    let worst = 0;
    for (const [name, lon, lat, zone] of TOWNS) {
      const [[e, n]] = cs2cs('EPSG:4326', `EPSG:326${zone}`, [`${lat} ${lon}`]);
      const u = toUtm(lon, lat);
      expect(u.zone, name).toBe(zone);
      expect(u.hemisphere).toBe('N');
      worst = Math.max(worst, Math.abs(u.easting - e), Math.abs(u.northing - n));
    }
    expect(worst).toBeLessThanOrEqual(0.001);
  });

  it('agrees with the GDAL/PROJ reference points of the INEGI fixture (±1 cm)', () => {
    const [header, ...rows] = fs.readFileSync(csv, 'utf8').trim().split('\n');
    const cols = header.split(',');
    const col = (row: string[], name: string) => Number(row[cols.indexOf(name)]);
    expect(rows.length).toBeGreaterThanOrEqual(6);
    for (const line of rows) {
      const row = line.split(',');
      const lon = col(row, 'lon');
      const lat = col(row, 'lat');
      const u = toUtm(lon, lat);
      const zone = lon < -114 ? 11 : 12;
      expect(u.zone, row[0]).toBe(zone);
      expect(u.easting).toBeCloseTo(col(row, `utm${zone}n_x`), 2);
      expect(u.northing).toBeCloseTo(col(row, `utm${zone}n_y`), 2);
    }
  });

  it('gives MGRS as the band, the 100 km square and the truncated digits of the same UTM figures (cs2cs)', () => {
    for (const [name, lon, lat, zone] of TOWNS) {
      const [[e, n]] = cs2cs('EPSG:4326', `EPSG:326${zone}`, [`${lat} ${lon}`]);
      expect(formatMgrs(lon, lat), name).toBe(mgrsByHand(zone, lat, e, n));
    }
    expect(formatMgrs(-114.7717, 32.4561)).toBe('11S QR 09448 93179');
  });

  it('formats degrees, DMS and UTM as written by hand', () => {
    expect(formatDegrees(-114.7717, 32.4561)).toBe('32.45610° N, 114.77170° W');
    // 0.4561° = 27′ 21.96″; 0.7717° = 46′ 18.12″.
    expect(formatDms(-114.7717, 32.4561)).toBe(`32°27'22.0" N, 114°46'18.1" W`);
    expect(formatDms(-57.5, -33.999999)).toBe(`34°00'00.0" S, 57°30'00.0" W`);
    expect(formatUtm({ zone: 11, hemisphere: 'N', easting: 709448.84, northing: 3593179.15 })).toBe('UTM 11N 709 449 E 3 593 179 N');
    expect(formatCoordinate('MGRS', -114.7717, 32.4561)).toBe('11S QR 09448 93179');
    expect(formatCoordinate('UTM', 10, 85)).toBe('no UTM beyond 80° S and 84° N (UPS)');
    expect(formatCoordinate('MGRS', 10, -82)).toBe('no MGRS beyond 80° S and 84° N (UPS)');
  });
});

describe('go-to box parser', () => {
  const slrc = { lon: -114.7717, lat: 32.4561 };
  const metresFrom = (p: { lon: number; lat: number }, q: { lon: number; lat: number }) => geodesicInverse(p.lon, p.lat, q.lon, q.lat).metres;

  it('reads decimal degrees latitude first, or longitude first when the first cannot be a latitude', () => {
    for (const s of ['32.4561, -114.7717', '32.4561 -114.7717', '-114.7717, 32.4561', '32.4561N 114.7717W', '32.4561 N, 114.7717 O', 'N32.4561 W114.7717', '114.7717W 32.4561N']) {
      const p = parseCoordinate(s);
      expect(p.form, s).toBe('DD');
      expect(p.lon, s).toBeCloseTo(slrc.lon, 10);
      expect(p.lat, s).toBeCloseTo(slrc.lat, 10);
    }
  });

  it('reads degrees, minutes and seconds with marks, letters or signs', () => {
    // 32°27′22″ = 32.456111°, 114°46′18″ = 114.771667°.
    for (const s of [`32°27'22"N 114°46'18"W`, '32º27′22″N, 114º46′18″W', 'N 32 27 22 W 114 46 18', '32 27 22 -114 46 18', `32°27'22" -114°46'18"`]) {
      const p = parseCoordinate(s);
      expect(p.form, s).toBe('DMS');
      expect(p.lat, s).toBeCloseTo(32 + 27 / 60 + 22 / 3600, 10);
      expect(p.lon, s).toBeCloseTo(-(114 + 46 / 60 + 18 / 3600), 10);
    }
    expect(parseCoordinate(`32°27.366'N 114°46.302'W`).lat).toBeCloseTo(32 + 27.366 / 60, 10);
  });

  it('reads UTM with a band letter or the read-out’s hemisphere, as cs2cs inverts it (≤ 1 mm)', () => {
    const grid: [string, number, number][] = [
      ['11S 709449 3593179', 709449, 3593179],
      ['UTM 11N 709 449 E 3 593 179 N', 709449, 3593179],
      ['11S 496412 3597511', 496412, 3597511],
      ['11s 734000, 3594000', 734000, 3594000],
    ];
    const ref = cs2cs('EPSG:32611', 'EPSG:4326', grid.map(([, e, n]) => `${e} ${n}`));
    grid.forEach(([s, ,], i) => {
      const p = parseCoordinate(s);
      expect(p.form, s).toBe('UTM');
      expect(metresFrom(p, { lat: ref[i][0], lon: ref[i][1] }), s).toBeLessThanOrEqual(0.001);
    });
    // 12R: Nogales from its own zone.
    const [[lat, lon]] = cs2cs('EPSG:32612', 'EPSG:4326', ['505472 3463805']);
    expect(metresFrom(parseCoordinate('12R 505472 3463805'), { lon, lat })).toBeLessThanOrEqual(0.001);
    // South of the equator by its band: Montevideo, 21H.
    const [[mLat, mLon]] = cs2cs('EPSG:32721', 'EPSG:4326', ['580000 6138000']);
    expect(metresFrom(parseCoordinate('21H 580000 6138000'), { lon: mLon, lat: mLat })).toBeLessThanOrEqual(0.001);
  });

  it('reads MGRS with or without spaces and round-trips within the 1 m cell', () => {
    for (const [name, lon, lat] of TOWNS) {
      const text = formatMgrs(lon, lat);
      for (const s of [text, text.replace(/ /g, ''), text.toLowerCase()]) {
        const p = parseCoordinate(s);
        expect(p.form, s).toBe('MGRS');
        expect(metresFrom(p, { lon, lat }), `${name} ${s}`).toBeLessThanOrEqual(Math.SQRT2);
      }
    }
    // Ten-metre precision: the centre of the 10 m cell.
    expect(metresFrom(parseCoordinate('11SQR 0944 9317'), slrc)).toBeLessThanOrEqual(10);
  });

  it('says what it expected for bad input', () => {
    const bad: [string, RegExp][] = [
      ['', /No coordinate: expected latitude, longitude in degrees/],
      ['hello', /Cannot read "hello" as a coordinate: expected latitude, longitude.*UTM \(11S 709449 3593179\) or MGRS \(11SQR0944893179\)/],
      ['32.4561', /expected latitude, longitude/],
      ['95, 200', /latitude 95 is beyond ±90°/],
      ['32.4561, -194.7', /longitude -194.7 is beyond ±180°/],
      [`32°70'N 114W`, /minutes and seconds must be below 60/],
      ['-32 S, 114 W', /a minus sign or S\/W, not both/],
      ['32 N 114 N', /both parts are latitudes/],
      ['61S 500000 3500000', /as UTM: zone 61 does not exist/],
      ['11S 50000 3500000', /easting 50000 m is outside a zone/],
      ['11Q 734000 3594000', /northing 3594000 m lies at 32.46° N, in latitude band S, not Q \(16° N to 24° N\)/],
      ['12S 324329 3526576', /northing 3526576 m lies at 31.86° N, in latitude band R, not S \(32° N to 40° N\); south of the equator give the band \(C to M\)/],
      ['11SQR094489317', /as MGRS: .*same number of digits/],
      ['11SQZ0944893179', /as MGRS: the zone \(1–60\), band and 100 km square letters do not make a grid square/],
    ];
    for (const [s, message] of bad) expect(() => parseCoordinate(s), s).toThrow(message);
  });
});

describe('the go-to reasons in Spanish (issue 18)', () => {
  const ES = RESOURCES.es.analysis.coordinates;
  /** A Spanish template of the coordinates section, its placeholders filled by hand. */
  const fill = (template: string, values: Record<string, string | number>) => template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(values[k]));
  const spanish = (input: string): string => {
    try {
      parseCoordinate(input);
    } catch (e) {
      if (e instanceof CoordinateError) return e.textIn('es');
      throw e;
    }
    throw new Error(`${input} was read`);
  };

  it('says each reason in Spanish, the input and its numbers as typed', () => {
    const cases: [string, string][] = [
      ['', fill(ES.none, { expected: ES.expected })],
      ['hello', fill(ES.notDegrees, { input: 'hello', reason: ES.expected })],
      ['95, 200', fill(ES.notDegrees, { input: '95, 200', reason: fill(ES.latitudeBeyond, { lat: 95 }) })],
      ['32.4561, -194.7', fill(ES.notDegrees, { input: '32.4561, -194.7', reason: fill(ES.longitudeBeyond, { lon: -194.7 }) })],
      [`32°70'N 114W`, fill(ES.notDegrees, { input: `32°70'N 114W`, reason: ES.below60 })],
      ['-32 S, 114 W', fill(ES.notDegrees, { input: '-32 S, 114 W', reason: ES.signAndHemisphere })],
      ['32 N 114 N', fill(ES.notDegrees, { input: '32 N 114 N', reason: ES.bothLatitudes })],
      ['61S 500000 3500000', fill(ES.notUtm, { input: '61S 500000 3500000', reason: fill(ES.utmZone, { zone: 61 }) })],
      ['11S 50000 3500000', fill(ES.notUtm, { input: '11S 50000 3500000', reason: fill(ES.utmEasting, { easting: 50000 }) })],
      [
        '11Q 734000 3594000',
        fill(ES.notUtm, { input: '11Q 734000 3594000', reason: fill(ES.utmBand, { northing: 3594000, at: '32.46° N', band: 'S', letter: 'Q', south: '16° N', north: '24° N' }) }),
      ],
      ['11SQR094489317', fill(ES.notMgrs, { input: '11SQR094489317', reason: ES.mgrsDigits })],
      ['11SQZ0944893179', fill(ES.notMgrs, { input: '11SQZ0944893179', reason: ES.mgrsSquare })],
    ];
    for (const [input, expected] of cases) expect(spanish(input), input).toBe(expected);
    // English stays the reader's message, word for word.
    expect(() => parseCoordinate('61S 500000 3500000')).toThrow('Cannot read "61S 500000 3500000" as UTM: zone 61 does not exist (1 to 60)');
  });
});
