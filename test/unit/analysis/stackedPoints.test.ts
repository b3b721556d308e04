/**
 * Stacked points: the thresholds (exactly 10; 0.5 % of the records), the rounding to 1 m at the
 * data's latitude (distances from GeographicLib, not from our own formulas), the gazetteer's towns
 * against Natural Earth's, and on real event data (UCDP GED) the stacks against an independent
 * count: a Python script grouping the CSV's rounded coordinates (test/support/stacked_points_reference.py).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as shapefile from 'shapefile';
import type { Point } from 'geojson';
import geodesicModule from 'geographiclib-geodesic';
import { detectStackedPoints, metresPerDegree, stackSentence, type StackedPoint } from '../../../shared/analysis/stackedPoints.ts';
import { gazetteer } from '../../../electron/backend/gazetteer.ts';
import { openBackend, type Backend } from '../../../electron/backend/backend.ts';
import { FIXTURES, UCDP } from '../../support/gdalFiles.ts';

const geod = geodesicModule.Geodesic.WGS84;
const here = path.dirname(new URL(import.meta.url).pathname);

/** `count` copies of one point, then `rest` points far apart from each other (1 km steps). */
function withStack(count: number, rest: number, at: [number, number] = [-114.7717, 32.4561]) {
  const n = count + rest;
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  for (let i = 0; i < count; i++) [lon[i], lat[i]] = at;
  for (let j = 0; j < rest; j++) {
    lon[count + j] = -116 + (j % 100) * 0.01;
    lat[count + j] = 31 + Math.floor(j / 100) * 0.01;
  }
  return { lon, lat };
}

describe('stacked points: thresholds', () => {
  it('exactly 10 records on one point make a stack, 9 do not (small data: the floor of 10)', () => {
    const ten = detectStackedPoints(...Object.values(withStack(10, 90)) as [Float64Array, Float64Array]);
    expect(ten.minCount).toBe(10);
    expect(ten.stacks.map((s) => s.count)).toEqual([10]);
    expect(ten.stacks[0].share).toBeCloseTo(0.1, 12);
    expect(ten.stacked).toBe(10);
    expect(Array.from(ten.stackOf.slice(0, 11))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1]);
    const nine = detectStackedPoints(...Object.values(withStack(9, 91)) as [Float64Array, Float64Array]);
    expect(nine.stacks).toEqual([]);
    expect(nine.stackOf.every((v) => v === -1)).toBe(true);
  });

  it('0.5 % of the records: 20 of 4,000 make a stack, 19 do not; of 4,001 it takes 21', () => {
    const at = (count: number, total: number) => detectStackedPoints(...Object.values(withStack(count, total - count)) as [Float64Array, Float64Array]);
    expect(at(20, 4000).minCount).toBe(20);
    expect(at(20, 4000).stacks.map((s) => s.count)).toEqual([20]);
    expect(at(19, 4000).stacks).toEqual([]);
    expect(at(20, 4001).minCount).toBe(21);
    expect(at(20, 4001).stacks).toEqual([]);
    expect(at(21, 4001).stacks.map((s) => s.count)).toEqual([21]);
  });

  it('records without coordinates are neither counted nor stacked', () => {
    const { lon, lat } = withStack(10, 90);
    const lon2 = Float64Array.from([...lon, NaN, NaN]);
    const lat2 = Float64Array.from([...lat, NaN, NaN]);
    const d = detectStackedPoints(lon2, lat2);
    expect(d.total).toBe(100);
    expect(d.stackOf[100]).toBe(-1);
    expect(d.stacks[0].share).toBeCloseTo(0.1, 12);
  });
});

describe('stacked points: rounding to 1 m at this latitude', () => {
  it('a cell is 1 m east–west and north–south at the data latitude, as GeographicLib measures', () => {
    for (const phi of [15, 25, 32, 33]) {
      const k = metresPerDegree(phi);
      expect(geod.Inverse(phi, -115, phi, -115 + 1 / k.x).s12).toBeCloseTo(1, 6);
      expect(geod.Inverse(phi - 0.5 / k.y, -115, phi + 0.5 / k.y, -115).s12).toBeCloseTo(1, 6);
    }
  });

  it('records within 0.4 m of a cell centre stack with it; 0.6 m away they do not (32.4° N)', () => {
    // The data's latitude is 32.4 → the frame is scaled at 32°; a cell centre there.
    const k = metresPerDegree(32);
    const c: [number, number] = [Math.round(-114.7717 * k.x) / k.x, Math.round(32.4 * k.y) / k.y];
    const moved = (azimuth: number, metres: number): [number, number] => {
      const r = geod.Direct(c[1], c[0], azimuth, metres);
      return [r.lon2 as number, r.lat2 as number];
    };
    const near = [c, c, ...[0, 45, 90, 135, 180, 225, 270, 315].map((az) => moved(az, 0.4))];
    const far = [0, 90, 180, 270].map((az) => moved(az, 0.6));
    const background = withStack(0, 400, c);
    const pts = [...near, ...far];
    const lon = Float64Array.from([...pts.map((p) => p[0]), ...background.lon]);
    const lat = Float64Array.from([...pts.map((p) => p[1]), ...background.lat.map((v) => v + 1.4)]);
    const d = detectStackedPoints(lon, lat);
    expect(d.stacks.map((s) => s.count)).toEqual([10]);
    expect(Array.from(d.stackOf.slice(0, 14))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, -1, -1]);
  });
});

describe('the gazetteer', () => {
  it('holds the Mexican towns Natural Earth places in the border zone, by name, within 10 km', async () => {
    const towns = gazetteer();
    expect(towns.length).toBeGreaterThan(800);
    const source = await shapefile.open(path.join(FIXTURES, 'natural-earth', 'clipped', 'ne_10m_populated_places_sonora_bc.shp'));
    const plain = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    let checked = 0;
    for (let r = await source.read(); !r.done; r = await source.read()) {
      const p = r.value.properties as { NAME: string; ADM0_A3: string };
      if (p.ADM0_A3 !== 'MEX') continue;
      const [lon, lat] = (r.value.geometry as Point).coordinates;
      // GeoNames may carry an honorific before the name Natural Earth uses ("Heroica Caborca").
      const same = towns.filter((t) => plain(t.name) === plain(p.NAME) || plain(t.name).endsWith(` ${plain(p.NAME)}`));
      expect(same.length, p.NAME).toBeGreaterThan(0);
      // The two sources put a big city's point in different places: Tijuana's 7.4 km apart.
      expect(Math.min(...same.map((t) => geod.Inverse(lat, lon, t.lat, t.lon).s12 as number)), p.NAME).toBeLessThan(10_000);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(5);
  });
});

describe('stacked points on UCDP GED (Mexico outside the border states)', () => {
  let dir: string;
  let backend: Backend;
  let reference: { total: number; minCount: number; stacks: { lon: number; lat: number; count: number }[]; textGroups: number[] };
  let found: ReturnType<typeof detectStackedPoints>;

  beforeAll(async () => {
    reference = JSON.parse(
      execFileSync('/usr/bin/python3', [path.join(here, '..', '..', 'support', 'stacked_points_reference.py'), UCDP, 'longitude', 'latitude'], {
        encoding: 'utf8',
        maxBuffer: 1 << 26,
      }),
    ) as typeof reference;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-stacks-'));
    backend = openBackend(path.join(dir, 'w.frontera'), { create: true });
    await backend['import.run']({ paths: [UCDP], options: { layer: 'ucdp', mapping: { time: ['date_start'], category: 'type_of_violence' } } });
    const layer = backend.workspace.getLayer('ucdp');
    const pts = backend.workspace.readPoints(layer.id);
    found = detectStackedPoints(pts.lon, pts.lat, gazetteer());
  }, 180_000);

  afterAll(() => {
    backend?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('finds the stacks the independent count finds: same points, same counts', () => {
    expect(found.total).toBe(reference.total);
    expect(found.minCount).toBe(reference.minCount);
    expect(found.stacks.map((s) => [s.lon, s.lat, s.count])).toEqual(reference.stacks.map((s) => [s.lon, s.lat, s.count]));
    // Rounding to the metre neither merged nor split the source's own coordinates.
    expect(found.stacks.map((s) => s.count)).toEqual(reference.textGroups);
    expect(found.stacks.length).toBe(27);
    expect(found.stacked).toBe(7766);
  });

  it('names the town of each city-centre stack: Ciudad Juárez first, 2,023 records', () => {
    const top = found.stacks[0] as StackedPoint;
    expect(top.near?.town).toBe('Juárez');
    expect(top.near?.state).toBe('Chihuahua');
    expect(top.near!.km).toBeLessThan(5);
    expect(stackSentence(top)).toMatch(/^2,023 records \(13 %\) share one point \d\.\d km from Juárez \(Chihuahua\)'s centre: likely geocoded to the town$/);
    const mexicoCity = found.stacks.find((s) => s.near?.town === 'Mexico City');
    expect(mexicoCity?.count).toBe(81);
    expect(mexicoCity?.near?.km).toBe(0);
  });

  it('lists them with the layer (`layers --json` stackedPoints): the same stacks as the analysis of the whole layer', async () => {
    const layer = (await backend['layers.list']({})).find((l) => l.name === 'ucdp')!;
    expect(layer.stackedPoints).toEqual(found.stacks);
  });
});
