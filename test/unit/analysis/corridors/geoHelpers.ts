/** Test-side geometry on lon/lat lines, independent of the corridor code (equirectangular metres). */
import type { LonLat } from '../../../../shared/synth/region.ts';
import { M_PER_DEG_LAT, distanceM, distanceToLineM, mPerDegLon } from '../../../../shared/synth/metric.ts';

export { distanceToLineM };

/** The point `d` metres along the line, and the unit normal (left) there, in metres. */
export function along(line: readonly LonLat[], d: number): { p: LonLat; nx: number; ny: number } {
  let acc = 0;
  for (let i = 1; i < line.length; i++) {
    const s = distanceM(line[i - 1], line[i]);
    if (acc + s >= d || i === line.length - 1) {
      const f = s > 0 ? Math.min(1, Math.max(0, (d - acc) / s)) : 0;
      const a = line[i - 1];
      const b = line[i];
      const kx = mPerDegLon(a[1]);
      const dx = (b[0] - a[0]) * kx;
      const dy = (b[1] - a[1]) * M_PER_DEG_LAT;
      const len = Math.hypot(dx, dy) || 1;
      return { p: [a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1])], nx: -dy / len, ny: dx / len };
    }
    acc += s;
  }
  return { p: line[line.length - 1], nx: 0, ny: 0 };
}

/** Shift a point by metres east/north. */
export function shift(p: LonLat, east: number, north: number): LonLat {
  return [p[0] + east / mPerDegLon(p[1]), p[1] + north / M_PER_DEG_LAT];
}

/** The part of a line between arc lengths a and b, sampled every `step` metres. */
export function sampleLine(line: readonly LonLat[], a: number, b: number, step = 50): LonLat[] {
  const out: LonLat[] = [];
  for (let d = a; d <= b + 1e-9; d += step) out.push(along(line, d).p);
  return out;
}

/** Share of `line`'s samples lying within `tol` metres of `other`. */
export function shareWithin(samples: readonly LonLat[], other: readonly LonLat[], tol: number): number {
  let k = 0;
  for (const p of samples) if (distanceToLineM(p[0], p[1], other) <= tol) k++;
  return k / samples.length;
}

export function lengthM(line: readonly LonLat[]): number {
  let s = 0;
  for (let i = 1; i < line.length; i++) s += distanceM(line[i - 1], line[i]);
  return s;
}
