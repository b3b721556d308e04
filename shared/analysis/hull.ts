/**
 * Convex hull and its area, in the local metric CRS.
 *
 * Input: x, y in metres, optionally only the points listed in `indices`.
 * Output: convexHull — closed ring, counter-clockwise, first point repeated at the end (fewer
 * than 3 distinct non-collinear points give a degenerate ring: a point or a segment, area 0);
 * convexHullArea — square metres (the study area for nni when the analyst gives none).
 * Andrew's monotone chain, O(n log n).
 */

export function convexHull(x: Float64Array, y: Float64Array, indices?: ArrayLike<number>): [number, number][] {
  const m = indices ? indices.length : x.length;
  const idx = new Int32Array(m);
  for (let k = 0; k < m; k++) idx[k] = indices ? indices[k] : k;
  idx.sort((a, b) => x[a] - x[b] || y[a] - y[b]);
  const cross = (o: number, a: number, b: number) => (x[a] - x[o]) * (y[b] - y[o]) - (y[a] - y[o]) * (x[b] - x[o]);
  const lower: number[] = [];
  for (let k = 0; k < m; k++) {
    const p = idx[k];
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: number[] = [];
  for (let k = m - 1; k >= 0; k--) {
    const p = idx[k];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0) upper.pop();
    upper.push(p);
  }
  lower.pop();
  upper.pop();
  const chain = lower.concat(upper);
  if (chain.length === 0 && m > 0) chain.push(idx[0]);
  const ring = chain.map((p) => [x[p], y[p]] as [number, number]);
  if (ring.length > 0) ring.push([ring[0][0], ring[0][1]]);
  return ring;
}

/** Area of a closed ring in square units of its coordinates (absolute value). */
export function ringArea(ring: ArrayLike<ArrayLike<number>>): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j][0] + ring[i][0]) * (ring[j][1] - ring[i][1]);
  return Math.abs(a) / 2;
}

export function convexHullArea(x: Float64Array, y: Float64Array, indices?: ArrayLike<number>): number {
  return ringArea(convexHull(x, y, indices));
}
