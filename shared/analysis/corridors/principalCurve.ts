/**
 * A centreline that follows a curved cloud of points: a principal curve (Hastie & Stuetzle) fitted
 * by ordered-segment smoothing. The straight principal axis folds on bends, so the start comes
 * from the cloud's own shape instead: the longest path through the minimum spanning tree of
 * coarse cell centroids orders the cloud end to end. Then a few rounds of "project every point on
 * the curve, average the points in equal arc-length bins, smooth" pull it onto the middle.
 */
import Flatbush from 'flatbush';
import { cumulativeLength, type XY } from './polyline.ts';

export interface PrincipalCurveOptions {
  /** Coarse cell size for the initial ordering, metres. */
  cellM: number;
  /** Arc length per averaging bin, metres (default 2 × cellM). */
  binM?: number;
  iterations?: number;
}

export interface CurveProjection {
  /** Arc length of each point's foot on the curve; below 0 or beyond the length past the ends. */
  t: Float64Array;
  /** Distance to the curve (to its straight extension past the ends). */
  d: Float64Array;
}

export function principalCurve(x: Float64Array, y: Float64Array, options: PrincipalCurveOptions): XY {
  let curve = initialOrdering(x, y, options.cellM);
  if (curve.x.length < 2) return curve;
  const bin = options.binM ?? 2 * options.cellM;
  const iterations = options.iterations ?? 6;
  for (let it = 0; it < iterations; it++) {
    const { t } = projectOnCurve(curve, x, y);
    const next = binMeans(x, y, t, bin);
    if (next.x.length < 2) break;
    curve = smooth(next);
  }
  return curve;
}

/** Longest path through the MST of occupied-cell centroids (cells grow until there are ≤ 2000). */
function initialOrdering(x: Float64Array, y: Float64Array, cellM: number): XY {
  let cell = cellM;
  let cx: number[] = [];
  let cy: number[] = [];
  for (;;) {
    const cells = new Map<string, [number, number, number]>();
    for (let i = 0; i < x.length; i++) {
      const key = `${Math.floor(x[i] / cell)},${Math.floor(y[i] / cell)}`;
      const c = cells.get(key);
      if (c) {
        c[0] += x[i];
        c[1] += y[i];
        c[2]++;
      } else cells.set(key, [x[i], y[i], 1]);
    }
    if (cells.size <= 2000) {
      cx = [];
      cy = [];
      for (const [sx, sy, n] of cells.values()) {
        cx.push(sx / n);
        cy.push(sy / n);
      }
      break;
    }
    cell *= 1.5;
  }
  const m = cx.length;
  if (m < 2) return { x: Float64Array.from(cx), y: Float64Array.from(cy) };

  // Prim's algorithm on the complete graph: O(m²) time, O(m) memory.
  const parent = new Int32Array(m).fill(-1);
  const best = new Float64Array(m).fill(Infinity);
  const inTree = new Uint8Array(m);
  const adj: number[][] = Array.from({ length: m }, () => []);
  best[0] = 0;
  for (let k = 0; k < m; k++) {
    let u = -1;
    for (let i = 0; i < m; i++) if (!inTree[i] && (u < 0 || best[i] < best[u])) u = i;
    inTree[u] = 1;
    if (parent[u] >= 0) {
      adj[u].push(parent[u]);
      adj[parent[u]].push(u);
    }
    for (let v = 0; v < m; v++) {
      if (inTree[v]) continue;
      const d = Math.hypot(cx[u] - cx[v], cy[u] - cy[v]);
      if (d < best[v]) {
        best[v] = d;
        parent[v] = u;
      }
    }
  }
  const farthest = (src: number): { node: number; prev: Int32Array } => {
    const dist = new Float64Array(m).fill(-1);
    const prev = new Int32Array(m).fill(-1);
    const stack = [src];
    dist[src] = 0;
    let far = src;
    while (stack.length) {
      const u = stack.pop() as number;
      if (dist[u] > dist[far]) far = u;
      for (const v of adj[u]) {
        if (dist[v] < 0) {
          dist[v] = dist[u] + Math.hypot(cx[u] - cx[v], cy[u] - cy[v]);
          prev[v] = u;
          stack.push(v);
        }
      }
    }
    return { node: far, prev };
  };
  const a = farthest(0).node;
  const { node: b, prev } = farthest(a);
  const px: number[] = [];
  const py: number[] = [];
  for (let v = b; v >= 0; v = prev[v]) {
    px.push(cx[v]);
    py.push(cy[v]);
  }
  return { x: Float64Array.from(px), y: Float64Array.from(py) };
}

/** Nearest point on the curve for every point; the end segments extend straight beyond the ends. */
export function projectOnCurve(curve: XY, x: Float64Array, y: Float64Array): CurveProjection {
  const cum = cumulativeLength(curve);
  const nseg = curve.x.length - 1;
  const index = new Flatbush(nseg);
  for (let s = 0; s < nseg; s++) {
    index.add(
      Math.min(curve.x[s], curve.x[s + 1]),
      Math.min(curve.y[s], curve.y[s + 1]),
      Math.max(curve.x[s], curve.x[s + 1]),
      Math.max(curve.y[s], curve.y[s + 1]),
    );
  }
  index.finish();
  const t = new Float64Array(x.length);
  const d = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const px = x[i];
    const py = y[i];
    let bestD = Infinity;
    let bestT = 0;
    const near = index.neighbors(px, py, 4);
    for (const s of near) {
      const ax = curve.x[s];
      const ay = curve.y[s];
      const dx = curve.x[s + 1] - ax;
      const dy = curve.y[s + 1] - ay;
      const l2 = dx * dx + dy * dy;
      let f = l2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / l2 : 0;
      if (f < 0 && s > 0) f = 0;
      if (f > 1 && s < nseg - 1) f = 1;
      const dd = Math.hypot(ax + f * dx - px, ay + f * dy - py);
      if (dd < bestD) {
        bestD = dd;
        bestT = cum[s] + f * Math.sqrt(l2);
      }
    }
    t[i] = bestT;
    d[i] = bestD;
  }
  return { t, d };
}

/** Mean point of each arc-length bin, in order; empty bins are skipped. */
function binMeans(x: Float64Array, y: Float64Array, t: Float64Array, bin: number): XY {
  let tmin = Infinity;
  let tmax = -Infinity;
  for (let i = 0; i < t.length; i++) {
    if (t[i] < tmin) tmin = t[i];
    if (t[i] > tmax) tmax = t[i];
  }
  const nb = Math.max(1, Math.ceil((tmax - tmin) / bin));
  const sx = new Float64Array(nb);
  const sy = new Float64Array(nb);
  const n = new Float64Array(nb);
  for (let i = 0; i < t.length; i++) {
    const b = Math.min(nb - 1, Math.floor((t[i] - tmin) / bin));
    sx[b] += x[i];
    sy[b] += y[i];
    n[b]++;
  }
  const ox: number[] = [];
  const oy: number[] = [];
  for (let b = 0; b < nb; b++) {
    if (n[b] > 0) {
      ox.push(sx[b] / n[b]);
      oy.push(sy[b] / n[b]);
    }
  }
  return { x: Float64Array.from(ox), y: Float64Array.from(oy) };
}

/** [1 2 1]/4 smoothing of the interior vertices; the ends stay put. */
function smooth(c: XY): XY {
  const n = c.x.length;
  const x = Float64Array.from(c.x);
  const y = Float64Array.from(c.y);
  for (let i = 1; i < n - 1; i++) {
    x[i] = (c.x[i - 1] + 2 * c.x[i] + c.x[i + 1]) / 4;
    y[i] = (c.y[i - 1] + 2 * c.y[i] + c.y[i + 1]) / 4;
  }
  return { x, y };
}
