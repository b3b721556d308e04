import { describe, expect, it } from 'vitest';
import { dbscan } from '../../../shared/analysis/dbscan.ts';
import { epsWarning } from '../../../shared/analysis/epsWarning.ts';
import { suggestEps } from '../../../shared/analysis/suggestEps.ts';
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

  it('returns the k-distance curve: the (k−1)-th other neighbour, ascending', () => {
    const s = suggestEps(x, y, 5);
    expect(s.curve.length).toBe(x.length);
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
    expect(epsWarning(r.labels, r.clusterCount, s.eps)).toBeNull();
  });

  it('samples large inputs deterministically', () => {
    const a = suggestEps(x, y, 5, { sample: 5000 });
    const b = suggestEps(x, y, 5, { sample: 5000 });
    expect(a.curve.length).toBe(5000);
    expect(a.eps).toBe(b.eps);
    const full = suggestEps(x, y, 5);
    expect(Math.abs(a.eps - full.eps) / full.eps).toBeLessThan(0.35);
  });

  it('warns when one cluster swallows most points', () => {
    const r = dbscan(x, y, { eps: 5000, minPoints: 5 });
    expect(epsWarning(r.labels, r.clusterCount, 5000)).toMatch(/too large/);
  });

  it('refuses bad parameters', () => {
    expect(() => suggestEps(x, y, 1)).toThrow(UserError);
    expect(() => suggestEps(x.subarray(0, 4), y.subarray(0, 4), 5)).toThrow(/at least/);
  });
});
