/** Planar polyline helpers (metres) shared by both corridor modes. */

export interface XY {
  x: Float64Array;
  y: Float64Array;
}

export function polylineLength(p: XY): number {
  let s = 0;
  for (let i = 1; i < p.x.length; i++) s += Math.hypot(p.x[i] - p.x[i - 1], p.y[i] - p.y[i - 1]);
  return s;
}

export function cumulativeLength(p: XY): Float64Array {
  const c = new Float64Array(p.x.length);
  for (let i = 1; i < p.x.length; i++) c[i] = c[i - 1] + Math.hypot(p.x[i] - p.x[i - 1], p.y[i] - p.y[i - 1]);
  return c;
}

/** Points every `step` metres along the polyline (ends included). */
export function resample(p: XY, step: number): XY {
  const cum = cumulativeLength(p);
  const L = cum[cum.length - 1];
  const n = Math.max(2, Math.ceil(L / step) + 1);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  let seg = 1;
  for (let k = 0; k < n; k++) {
    const t = (L * k) / (n - 1);
    while (seg < cum.length - 1 && cum[seg] < t) seg++;
    const a = cum[seg - 1];
    const b = cum[seg];
    const f = b > a ? (t - a) / (b - a) : 0;
    x[k] = p.x[seg - 1] + f * (p.x[seg] - p.x[seg - 1]);
    y[k] = p.y[seg - 1] + f * (p.y[seg] - p.y[seg - 1]);
  }
  return { x, y };
}

/** The part of the polyline between arc lengths a < b. */
export function slicePolyline(p: XY, a: number, b: number): XY {
  const cum = cumulativeLength(p);
  const xs: number[] = [];
  const ys: number[] = [];
  const at = (t: number): void => {
    let i = 1;
    while (i < cum.length - 1 && cum[i] < t) i++;
    const s = cum[i] - cum[i - 1];
    const f = s > 0 ? Math.min(1, Math.max(0, (t - cum[i - 1]) / s)) : 0;
    xs.push(p.x[i - 1] + f * (p.x[i] - p.x[i - 1]));
    ys.push(p.y[i - 1] + f * (p.y[i] - p.y[i - 1]));
  };
  at(a);
  for (let i = 0; i < cum.length; i++) {
    if (cum[i] > a && cum[i] < b) {
      xs.push(p.x[i]);
      ys.push(p.y[i]);
    }
  }
  at(b);
  return { x: Float64Array.from(xs), y: Float64Array.from(ys) };
}

/** Distance from a point to segment (ax, ay)–(bx, by). */
export function pointSegmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const l2 = dx * dx + dy * dy;
  let f = l2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / l2 : 0;
  if (f < 0) f = 0;
  else if (f > 1) f = 1;
  return Math.hypot(ax + f * dx - px, ay + f * dy - py);
}

/** True when the closed segments p1p2 and q1q2 share a point. */
export function segmentsIntersect(
  p1x: number, p1y: number, p2x: number, p2y: number,
  q1x: number, q1y: number, q2x: number, q2y: number,
): boolean {
  const o = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number =>
    Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
  const on = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean =>
    Math.min(ax, bx) <= cx && cx <= Math.max(ax, bx) && Math.min(ay, by) <= cy && cy <= Math.max(ay, by);
  const d1 = o(q1x, q1y, q2x, q2y, p1x, p1y);
  const d2 = o(q1x, q1y, q2x, q2y, p2x, p2y);
  const d3 = o(p1x, p1y, p2x, p2y, q1x, q1y);
  const d4 = o(p1x, p1y, p2x, p2y, q2x, q2y);
  if (d1 !== d2 && d3 !== d4 && d1 * d2 <= 0 && d3 * d4 <= 0) return true;
  if (d1 === 0 && on(q1x, q1y, q2x, q2y, p1x, p1y)) return true;
  if (d2 === 0 && on(q1x, q1y, q2x, q2y, p2x, p2y)) return true;
  if (d3 === 0 && on(p1x, p1y, p2x, p2y, q1x, q1y)) return true;
  if (d4 === 0 && on(p1x, p1y, p2x, p2y, q2x, q2y)) return true;
  return false;
}

/**
 * Axial (undirected) mean direction of a lon/lat line, degrees clockwise from north in [0, 180).
 * Segment directions are doubled before averaging so opposite directions agree, and weighted by
 * length; computed on the sphere's local tangent plane, so grid convergence does not bias it.
 */
export function axialBearing(coords: ReadonlyArray<readonly number[]>): number {
  let c = 0;
  let s = 0;
  for (let i = 1; i < coords.length; i++) {
    const lat = ((coords[i][1] + coords[i - 1][1]) / 2) * (Math.PI / 180);
    const dx = (coords[i][0] - coords[i - 1][0]) * Math.cos(lat);
    const dy = coords[i][1] - coords[i - 1][1];
    const len = Math.hypot(dx, dy);
    if (len === 0) continue;
    const theta = Math.atan2(dx, dy);
    c += len * Math.cos(2 * theta);
    s += len * Math.sin(2 * theta);
  }
  let deg = ((Math.atan2(s, c) / 2) * 180) / Math.PI;
  if (deg < 0) deg += 180;
  return deg >= 180 ? deg - 180 : deg;
}

/** Douglas–Peucker simplification (iterative), keeping both ends. */
export function simplify(p: XY, tolerance: number): XY {
  const n = p.x.length;
  if (n <= 2) return p;
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  const stack: [number, number][] = [[0, n - 1]];
  while (stack.length) {
    const [a, b] = stack.pop() as [number, number];
    let worst = -1;
    let worstD = tolerance;
    for (let i = a + 1; i < b; i++) {
      const d = pointSegmentDistance(p.x[i], p.y[i], p.x[a], p.y[a], p.x[b], p.y[b]);
      if (d > worstD) {
        worstD = d;
        worst = i;
      }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push([a, worst], [worst, b]);
    }
  }
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    if (keep[i]) {
      xs.push(p.x[i]);
      ys.push(p.y[i]);
    }
  }
  return { x: Float64Array.from(xs), y: Float64Array.from(ys) };
}
