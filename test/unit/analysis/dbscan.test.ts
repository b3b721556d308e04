import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dbscan } from '../../../shared/analysis/dbscan.ts';
import { localProjectionFor } from '../../../shared/analysis/localProjection.ts';
import { UserError } from '../../../shared/errors.ts';
import { kdbushDbscan } from '../../bench/peers/kdbushDbscan.ts';
import { synthPoints } from '../../bench/peers/synthPoints.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const suite = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'turf-dbscan-peer-suite');

// Turf's units (turf/helpers factors), and the defaults of Turf's own fixture test: distance 100 km, minPoints 3.
const METRES_PER_UNIT: Record<string, number> = { kilometers: 1000, miles: 1609.344, meters: 1 };
const TURF_EARTH_RADIUS = 6371008.8;

function haversine(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const r = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * r) / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return 2 * TURF_EARTH_RADIUS * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
}

/** Canonical form of a partition: each member's label replaced by the smallest index in its group. */
function canonical(labels: ArrayLike<number>): number[] {
  const first = new Map<number, number>();
  return Array.from(labels, (l, i) => {
    if (l < 0) return -1;
    if (!first.has(l)) first.set(l, i);
    return first.get(l)!;
  });
}

describe('dbscan on the Turf clustersDbscan fixtures', () => {
  const cases = readdirSync(path.join(suite, 'in')).filter((f) => f.endsWith('.geojson'));
  it('has all six cases', () => expect(cases.length).toBe(6));

  for (const file of cases) {
    it(file, () => {
      const name = file.replace(/\.geojson$/, '');
      const input = JSON.parse(readFileSync(path.join(suite, 'in', file), 'utf8'));
      const props = input.properties ?? {};
      expect(input.features.length).toBeGreaterThan(0);
      const eps = (props.distance ?? 100) * METRES_PER_UNIT[props.units ?? 'kilometers'];
      const minPoints = props.minPoints ?? 3;
      const rows = readFileSync(path.join(suite, `expected_${name}.csv`), 'utf8').trim().split(/\r?\n/).slice(1);
      const expected = rows.map((r) => {
        const [, lon, lat, cluster, kind] = r.split(',');
        return { lon: Number(lon), lat: Number(lat), cluster: cluster === '' ? -1 : Number(cluster), kind };
      });
      const lon = Float64Array.from(expected, (e) => e.lon);
      const lat = Float64Array.from(expected, (e) => e.lat);
      // Projected around the data's own centre (circular mean of longitudes), so fiji's 179°..181°
      // stays one patch. Turf measures great-circle distance on a sphere; UTM is within 0.1 % of
      // that near its central meridian but many-points spans 16° of longitude (≈ 1 % scale error
      // at the edges) and points2 54°. Pairs whose neighbour status differs between the two
      // metrics are found first: none may lie further than 1.5 % from eps.
      const proj = localProjectionFor(lon, lat);
      const { x, y } = proj.projectArrays(lon, lat);
      const ambiguous: [number, number][] = [];
      for (let i = 0; i < x.length; i++) {
        for (let j = i + 1; j < x.length; j++) {
          const dg = haversine(lon[i], lat[i], lon[j], lat[j]);
          const dp = Math.hypot(x[i] - x[j], y[i] - y[j]);
          if (dg <= eps !== dp <= eps) {
            expect(Math.abs(dg - eps) / eps).toBeLessThan(0.015);
            expect(Math.abs(dp - eps) / eps).toBeLessThan(0.015);
            ambiguous.push([i, j]);
          }
        }
      }
      const r = dbscan(x, y, { eps, minPoints });
      const turf = expected.map((e) => e.cluster);
      // Turf marks as "edge" only border points met as noise before their cluster was found; it
      // labels later border points "core". So: every Turf edge is non-core here and every core
      // here is Turf core (checked on unaffected points below).
      const check = (i: number) => {
        const e = expected[i];
        if (e.kind === 'edge') expect(r.core[i], `point ${i}`).toBe(0);
        if (r.core[i]) expect(e.kind, `point ${i}`).toBe('core');
        expect(e.kind === 'noise', `point ${i}`).toBe(r.labels[i] === -1);
      };
      if (ambiguous.length === 0) {
        // Same clusters and the same numbering (both number by first core point in input order).
        expect(Array.from(r.labels)).toEqual(turf);
        expected.forEach((_, i) => check(i));
        return;
      }
      // many-points (4 pairs within 1.1 % of 75 km) and points2 (2 pairs within 1.5 % of 500 km)
      // get here. A flipped pair can change a
      // point's core status and so split, merge or renumber the clusters it touches; every
      // cluster (Turf's or ours) holding an endpoint is set aside and the rest must agree.
      expect(['many-points', 'points2']).toContain(name);
      expect(ambiguous.length).toBeLessThanOrEqual(4);
      const touched = new Set<number>();
      const tainted = new Set<string>();
      for (const [i, j] of ambiguous) {
        for (const k of [i, j]) {
          if (turf[k] >= 0) tainted.add(`t${turf[k]}`);
          if (r.labels[k] >= 0) tainted.add(`o${r.labels[k]}`);
          touched.add(k);
        }
      }
      const keep = expected
        .map((_, i) => i)
        .filter((i) => !touched.has(i) && !tainted.has(`t${turf[i]}`) && !tainted.has(`o${r.labels[i]}`));
      expect(keep.length).toBeGreaterThan(0.4 * expected.length);
      expect(canonical(keep.map((i) => r.labels[i]))).toEqual(canonical(keep.map((i) => turf[i])));
      keep.forEach(check);
    });
  }
});

describe('dbscan against a textbook kdbush DBSCAN on seeded data', () => {
  for (const [n, eps, minPoints, seed] of [
    [100_000, 150, 10, 11],
    [100_000, 500, 5, 12],
    [30_000, 1000, 4, 13],
  ] as const) {
    it(`${n} points, eps ${eps} m, minPoints ${minPoints}`, () => {
      const p = synthPoints(n, seed, { withLonLat: false });
      const ours = dbscan(p.x, p.y, { eps, minPoints });
      const ref = kdbushDbscan(p.x, p.y, eps, minPoints);
      expect(ours.clusterCount).toBe(ref.clusterCount);
      expect(ours.clusterCount).toBeGreaterThan(10);
      let coreCount = 0;
      let noise = 0;
      let border = 0;
      let coreDiff = 0;
      let labelDiff = 0;
      for (let i = 0; i < n; i++) {
        if (ours.core[i] !== ref.core[i]) coreDiff++;
        if (ours.labels[i] !== ref.labels[i]) labelDiff++;
        if (ours.core[i]) coreCount++;
        else if (ours.labels[i] < 0) noise++;
        else border++;
      }
      expect(coreDiff).toBe(0);
      expect(labelDiff).toBe(0);
      // The data must exercise all three kinds of point for the comparison to mean anything.
      expect(coreCount).toBeGreaterThan(n / 10);
      expect(noise).toBeGreaterThan(100);
      expect(border).toBeGreaterThan(100);
    });
  }

  it('assigns a border point reachable from two clusters to the lower-numbered one', () => {
    // eps 1.25, minPoints 4: cores at 0..0.9 and 3.3..4.2; the point at 2.1 has only 3
    // neighbours (itself, 0.9 and 3.3, each 1.2 away), so it is a border point of both.
    const left = [0, 0.3, 0.6, 0.9];
    const right = [3.3, 3.6, 3.9, 4.2];
    for (const [first, second] of [
      [left, right],
      [right, left],
    ]) {
      const x = Float64Array.from([...first, 2.1, ...second]);
      const r = dbscan(x, new Float64Array(x.length), { eps: 1.25, minPoints: 4 });
      expect(r.clusterCount).toBe(2);
      expect(Array.from(r.core)).toEqual([1, 1, 1, 1, 0, 1, 1, 1, 1]);
      expect(Array.from(r.labels)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1]);
    }
  });

  it('rejects bad parameters with a UserError', () => {
    const x = new Float64Array([0, 1]);
    expect(() => dbscan(x, x, { eps: 0, minPoints: 3 })).toThrow(UserError);
    expect(() => dbscan(x, x, { eps: 10, minPoints: 0 })).toThrow(/minPoints/);
    expect(() => dbscan(x, new Float64Array([0, NaN]), { eps: 10, minPoints: 1 })).toThrow(/point 1/);
  });

  it('stops with an AbortError when cancelled', () => {
    const p = synthPoints(20_000, 3, { withLonLat: false });
    const ac = new AbortController();
    ac.abort();
    expect(() => dbscan(p.x, p.y, { eps: 100, minPoints: 4, signal: ac.signal })).toThrow(expect.objectContaining({ name: 'AbortError' }));
  });
});
