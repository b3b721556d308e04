import { describe, expect, it } from 'vitest';
import type { LineString } from 'geojson';
import { networkCorridors } from '../../../../shared/analysis/corridors/networkCorridors.ts';
import { createRng } from '../../../../shared/synth/random.ts';
import { M_PER_DEG_LAT, mPerDegLon } from '../../../../shared/synth/metric.ts';

// A T of roads near San Luis Río Colorado, in metres east/north of (-114.9, 32.3).
const toLonLat = (x: number, y: number): [number, number] => [-114.9 + x / mPerDegLon(32.3), 32.3 + y / M_PER_DEG_LAT];
const road = (pts: [number, number][]): LineString => ({ type: 'LineString', coordinates: pts.map(([x, y]) => toLonLat(x, y)) });

describe('network corridors on a branching stretch', () => {
  it('gives the longest run as one corridor and the branch as another', () => {
    // A 30 km east–west road split at x = 12 km where an 8 km road leaves north, plus a quiet
    // parallel road 5 km south for background.
    const network = [
      road([[0, 0], [12_000, 0]]),
      road([[12_000, 0], [30_000, 0]]),
      road([[12_000, 0], [12_000, 8_000]]),
      road([[0, -5000], [30_000, -5000]]),
    ];
    const rng = createRng(99);
    const lon: number[] = [];
    const lat: number[] = [];
    const put = (x: number, y: number): void => {
      const [a, b] = toLonLat(x, y);
      lon.push(a);
      lat.push(b);
    };
    for (let i = 0; i < 900; i++) put(rng.next() * 30_000, rng.normal() * 30);
    for (let i = 0; i < 240; i++) put(12_000 + rng.normal() * 30, 1000 + rng.next() * 7_000);
    for (let i = 0; i < 30; i++) put(rng.next() * 30_000, -5000 + rng.normal() * 30);
    const r = networkCorridors({ lon: Float64Array.from(lon), lat: Float64Array.from(lat) }, network, {});
    expect(r.unsnapped).toHaveLength(0);
    expect(r.corridors).toHaveLength(2);
    const [main, branch] = r.corridors;
    expect(main.lengthKm).toBeGreaterThan(28);
    expect(main.lengthKm).toBeLessThan(31);
    expect(main.bearing).toBeGreaterThan(88);
    expect(main.bearing).toBeLessThan(92);
    expect(branch.lengthKm).toBeGreaterThan(6);
    expect(branch.lengthKm).toBeLessThan(8.5);
    expect(Math.min(branch.bearing, 180 - branch.bearing)).toBeLessThan(2);
    // No incident is counted twice.
    const all = [...main.members, ...branch.members];
    expect(new Set(all).size).toBe(all.length);
  });
});
