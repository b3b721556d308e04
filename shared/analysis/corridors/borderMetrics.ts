import type { BorderMetrics } from './types.ts';
import { pointSegmentDistance, resample, segmentsIntersect, type XY } from './polyline.ts';

/**
 * Where a centreline lies relative to the border, all in the same planar metres.
 * Distance between two polylines that do not cross is reached at a vertex of one of them, so
 * vertex-to-segment in both directions is exact; the near share samples the centreline every
 * ≤ 50 m and counts each piece by its midpoint.
 */
export function borderMetrics(center: XY, border: XY[], nearM = 5000): BorderMetrics {
  let crosses = false;
  let minD = Infinity;
  const n = center.x.length;
  for (const b of border) {
    for (let j = 1; j < b.x.length; j++) {
      const bx0 = b.x[j - 1];
      const by0 = b.y[j - 1];
      const bx1 = b.x[j];
      const by1 = b.y[j];
      for (let i = 1; i < n; i++) {
        if (!crosses && segmentsIntersect(center.x[i - 1], center.y[i - 1], center.x[i], center.y[i], bx0, by0, bx1, by1)) {
          crosses = true;
        }
      }
      for (let i = 0; i < n; i++) {
        const d = pointSegmentDistance(center.x[i], center.y[i], bx0, by0, bx1, by1);
        if (d < minD) minD = d;
      }
    }
    for (let j = 0; j < b.x.length; j++) {
      for (let i = 1; i < n; i++) {
        const d = pointSegmentDistance(b.x[j], b.y[j], center.x[i - 1], center.y[i - 1], center.x[i], center.y[i]);
        if (d < minD) minD = d;
      }
    }
  }
  if (crosses) minD = 0;

  const dense = resample(center, 50);
  let near = 0;
  let total = 0;
  for (let k = 1; k < dense.x.length; k++) {
    const mx = (dense.x[k] + dense.x[k - 1]) / 2;
    const my = (dense.y[k] + dense.y[k - 1]) / 2;
    const len = Math.hypot(dense.x[k] - dense.x[k - 1], dense.y[k] - dense.y[k - 1]);
    total += len;
    if (distanceToLines(mx, my, border, nearM) <= nearM) near += len;
  }
  return { borderDistanceM: minD, shareWithin5km: total > 0 ? near / total : 0, crossesBorder: crosses };
}

/** Distance from a point to the nearest border segment, stopping early once under `enough`. */
function distanceToLines(px: number, py: number, lines: XY[], enough: number): number {
  let best = Infinity;
  for (const b of lines) {
    for (let j = 1; j < b.x.length; j++) {
      // Cheap box rejection: a segment whose box is farther than `best` cannot improve it.
      const minX = Math.min(b.x[j - 1], b.x[j]);
      const maxX = Math.max(b.x[j - 1], b.x[j]);
      const minY = Math.min(b.y[j - 1], b.y[j]);
      const maxY = Math.max(b.y[j - 1], b.y[j]);
      const bx = px < minX ? minX - px : px > maxX ? px - maxX : 0;
      const by = py < minY ? minY - py : py > maxY ? py - maxY : 0;
      if (bx > best || by > best) continue;
      const d = pointSegmentDistance(px, py, b.x[j - 1], b.y[j - 1], b.x[j], b.y[j]);
      if (d < best) {
        best = d;
        if (best <= enough) return best;
      }
    }
  }
  return best;
}
