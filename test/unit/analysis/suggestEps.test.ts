import { describe, expect, it } from 'vitest';
import { dbscan } from '../../../shared/analysis/dbscan.ts';
import { epsWarning, largestClusterShare } from '../../../shared/analysis/epsWarning.ts';
import { chainingNote, epsAdvice, suggestEps, suggestionNote } from '../../../shared/analysis/suggestEps.ts';
import { groupByCell } from '../../../shared/analysis/stackedPoints.ts';
import { UserError } from '../../../shared/errors.ts';
import { mulberry32 } from '../../bench/peers/synthPoints.ts';

function blobsAndNoise(seed: number, n: number) {
  const rnd = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const centres = Array.from({ length: 8 }, () => [5000 + 40_000 * rnd(), 5000 + 40_000 * rnd()]);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const inBlob = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (rnd() < 0.8) {
      const [cx, cy] = centres[i % 8];
      x[i] = cx + 250 * gauss();
      y[i] = cy + 250 * gauss();
      inBlob[i] = 1;
    } else {
      x[i] = 50_000 * rnd();
      y[i] = 50_000 * rnd();
    }
  }
  return { x, y, inBlob };
}

describe('suggestEps', () => {
  const { x, y, inBlob } = blobsAndNoise(5, 20_000);

  it('returns the k-distance curve of the distinct locations: the (k−1)-th other neighbour, ascending', () => {
    const s = suggestEps(x, y, 5);
    // Gaussian blobs put a few records within a metre of another: 1 m cells, each counted once.
    expect(s.points).toBe(x.length);
    expect(s.locations).toBe(groupByCell(x, y).groups);
    expect(s.locations).toBeGreaterThan(0.99 * x.length);
    expect(s.curve.length).toBe(s.locations);
    for (let i = 1; i < s.curve.length; i++) expect(s.curve[i]).toBeGreaterThanOrEqual(s.curve[i - 1]);
    // Brute force for one point's k-distance shows the convention: at eps = curve value the point is core.
    const d = Array.from(x, (_, j) => Math.hypot(x[j] - x[0], y[j] - y[0])).sort((a, b) => a - b);
    const r = dbscan(x, y, { eps: d[4], minPoints: 5 });
    expect(r.core[0]).toBe(1);
    const r2 = dbscan(x, y, { eps: d[4] * 0.999999, minPoints: 5 });
    expect(r2.core[0]).toBe(d[3] === d[4] ? 1 : 0);
  });

  it('gives an eps that separates the blobs from the noise', () => {
    const s = suggestEps(x, y, 5);
    const r = dbscan(x, y, { eps: s.eps, minPoints: 5 });
    let blobClustered = 0;
    let blobs = 0;
    let noiseAsNoise = 0;
    let noise = 0;
    for (let i = 0; i < x.length; i++) {
      if (inBlob[i]) {
        blobs++;
        if (r.labels[i] >= 0) blobClustered++;
      } else {
        noise++;
        if (r.labels[i] < 0) noiseAsNoise++;
      }
    }
    expect(blobClustered / blobs).toBeGreaterThan(0.95);
    expect(noiseAsNoise / noise).toBeGreaterThan(0.8);
    expect(largestClusterShare(r.labels, r.clusterCount, groupByCell(x, y))).toBeLessThanOrEqual(0.5);
  });

  it('keeps the knee when DBSCAN there does not chain, and says nothing more', () => {
    const s = suggestEps(x, y, 5);
    expect(s.chaining).toEqual({ kind: 'ok' });
    expect(s.eps).toBe(s.knee);
    expect(chainingNote(s)).toBeNull();
  });

  it('samples large inputs deterministically', () => {
    const a = suggestEps(x, y, 5, { sample: 5000 });
    const b = suggestEps(x, y, 5, { sample: 5000 });
    expect(a.curve.length).toBe(5000);
    expect(a.eps).toBe(b.eps);
    const full = suggestEps(x, y, 5);
    expect(Math.abs(a.eps - full.eps) / full.eps).toBeLessThan(0.35);
  });

  it('warns when one cluster spreads over most locations, naming what Suggest gives', () => {
    const r = dbscan(x, y, { eps: 5000, minPoints: 5 });
    const share = largestClusterShare(r.labels, r.clusterCount, groupByCell(x, y));
    expect(share).toBeGreaterThan(0.5);
    const s = suggestEps(x, y, 5);
    expect(epsWarning(share, 5000, epsAdvice(s, 5000))).toBe(
      `one cluster spreads over ${Math.round(share * 100)} % of the locations: eps 5,000 m is too large for the density of this data, ` +
        `the neighbourhoods chain across it; Suggest gives ${Math.round(s.eps).toLocaleString('en-US')} m for min points 5, or try a larger min points`,
    );
    expect(epsWarning(0.5, 5000, 'x')).toBeNull();
  });

  it('refuses bad parameters', () => {
    expect(() => suggestEps(x, y, 1)).toThrow(UserError);
    expect(() => suggestEps(x.subarray(0, 4), y.subarray(0, 4), 5)).toThrow(/at least/);
  });
});

describe('suggestEps on data of two densities', () => {
  /** A dense town of 3,000 incidents in a 4 km square, and a valley of 2,400 spread over 60 km. */
  function townAndValley(seed: number) {
    const rnd = mulberry32(seed);
    const n = 5_400;
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const town = i < 3_000;
      x[i] = town ? 28_000 + 4_000 * rnd() : 60_000 * rnd();
      y[i] = town ? 28_000 + 4_000 * rnd() : 60_000 * rnd();
    }
    return { x, y };
  }
  const share = (x: Float64Array, y: Float64Array, eps: number) => {
    const r = dbscan(x, y, { eps, minPoints: 8 });
    return largestClusterShare(r.labels, r.clusterCount);
  };

  it('lowers a knee that chains most incidents into one cluster to the largest k-distance that does not', () => {
    const { x, y } = townAndValley(3);
    const s = suggestEps(x, y, 8);
    expect(s.chaining.kind).toBe('lowered');
    expect(share(x, y, s.knee)).toBeGreaterThan(0.5);
    expect(s.eps).toBeLessThan(s.knee);
    const r = dbscan(x, y, { eps: s.eps, minPoints: 8 });
    expect(largestClusterShare(r.labels, r.clusterCount)).toBeLessThanOrEqual(0.5);
    // The largest to within 2 %: the first k-distance beyond that chains.
    const above = s.curve.find((d) => d > 1.02 * s.eps);
    expect(above).toBeDefined();
    expect(share(x, y, above!)).toBeGreaterThan(0.5);
    expect(chainingNote(s)).toMatch(/^at the knee \([\d,]+ m\) one cluster would spread over \d+ % of the locations; [\d,]+ m is the largest/);
  });

  it('does not chase a stack: 60 % of the incidents on one spot count as one location, and the run at the suggestion does not call eps too large', () => {
    const { x, y } = townAndValley(4);
    // 60 % of the incidents geocoded to one address.
    for (let i = 0; i < 3_240; i++) {
      x[i] = 30_000;
      y[i] = 30_000;
    }
    const s = suggestEps(x, y, 8);
    expect(s.points).toBe(5_400);
    expect(s.locations).toBe(2_161);
    // The knee of the locations alone: the same as the curve of the data without the stack but one record of it.
    const kept = Array.from({ length: 5_400 - 3_239 }, (_, j) => j + 3_239);
    const alone = suggestEps(Float64Array.from(kept, (i) => x[i]), Float64Array.from(kept, (i) => y[i]), 8);
    expect(s.knee).toBe(alone.knee);
    const r = dbscan(x, y, { eps: s.eps, minPoints: 8 });
    // The stack is one cluster of 60 % of the records at any eps; of the locations it is one.
    expect(largestClusterShare(r.labels, r.clusterCount)).toBeGreaterThan(0.6);
    expect(largestClusterShare(r.labels, r.clusterCount, groupByCell(x, y))).toBeLessThanOrEqual(0.5);
    expect(suggestionNote(s)).toMatch(/k-distances between the 2,161 distinct locations of the 5,400 incidents: records sharing a coordinate count once$/);
  });

  it('says no eps helps when the locations themselves chain at the smallest k-distance, in the suggestion and the run alike', () => {
    // 9 locations of 8 records each 1 m apart in a row, and far from them 4 locations of 2.
    const x = new Float64Array(80);
    const y = new Float64Array(80);
    for (let i = 0; i < 72; i++) x[i] = Math.floor(i / 8);
    for (let i = 72; i < 80; i++) x[i] = 10_000 * (1 + Math.floor((i - 72) / 2));
    const s = suggestEps(x, y, 8);
    expect(s.chaining.kind).toBe('unavoidable');
    expect(chainingNote(s)).toMatch(/one concentration dominates; try a larger min points or a smaller area$/);
    expect(epsAdvice(s, s.eps)).toMatch(/no eps on the k-distance curve .* one concentration dominates; try a larger min points or a smaller area$/);
  });

  it('does not run the check above chainCheckMax points, and says so', () => {
    const { x, y } = townAndValley(3);
    const s = suggestEps(x, y, 8, { chainCheckMax: 5_000 });
    expect(s.chaining).toEqual({ kind: 'unchecked', points: 5_400, limit: 5_000 });
    expect(s.eps).toBe(s.knee);
    expect(chainingNote(s)).toMatch(/not checked .* above 5,000 incidents \(5,400 here\)/);
  });
});
