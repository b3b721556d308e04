import type { LineNetwork } from './lineNetwork.ts';

/**
 * Points on the network grouped by edge: the points of edge e are indices
 * edgeStart[e] .. edgeStart[e+1]-1, in increasing offset. Lixel midpoints and events both use it.
 */
export interface EdgePoints {
  edge: Int32Array;
  offset: Float64Array;
  edgeStart: Int32Array;
}

export interface Lixels extends EdgePoints {
  start: Float64Array;
  end: Float64Array;
  length: Float64Array;
}

/**
 * Splits every edge into equal pieces no longer than `lixelLength` (an edge shorter than that is
 * one lixel). Equal pieces keep an edge's last lixel from being a sliver with a wild per-km rate.
 */
export function lixelize(net: LineNetwork, lixelLength: number): Lixels {
  const counts = new Int32Array(net.edgeCount);
  let total = 0;
  for (let e = 0; e < net.edgeCount; e++) {
    counts[e] = Math.max(1, Math.ceil(net.edgeLength[e] / lixelLength - 1e-9));
    total += counts[e];
  }
  const edge = new Int32Array(total);
  const offset = new Float64Array(total);
  const start = new Float64Array(total);
  const end = new Float64Array(total);
  const length = new Float64Array(total);
  const edgeStart = new Int32Array(net.edgeCount + 1);
  let k = 0;
  for (let e = 0; e < net.edgeCount; e++) {
    edgeStart[e] = k;
    const n = counts[e];
    const step = net.edgeLength[e] / n;
    for (let i = 0; i < n; i++) {
      edge[k] = e;
      start[k] = i * step;
      end[k] = i === n - 1 ? net.edgeLength[e] : (i + 1) * step;
      length[k] = end[k] - start[k];
      offset[k] = (start[k] + end[k]) / 2;
      k++;
    }
  }
  edgeStart[net.edgeCount] = k;
  return { edge, offset, edgeStart, start, end, length };
}

/**
 * Groups arbitrary (edge, offset) points by edge, sorted by offset. Returns the grouped points and
 * `order`, where order[j] is the input index of grouped point j; points with edge -1 are left out.
 */
export function groupByEdge(
  net: LineNetwork,
  edgeOf: Int32Array,
  offsetOf: Float64Array,
): EdgePoints & { order: Int32Array } {
  const start = new Int32Array(net.edgeCount + 1);
  let n = 0;
  for (let i = 0; i < edgeOf.length; i++) {
    if (edgeOf[i] >= 0) {
      start[edgeOf[i] + 1]++;
      n++;
    }
  }
  for (let e = 0; e < net.edgeCount; e++) start[e + 1] += start[e];
  const fill = start.slice(0, net.edgeCount);
  const order = new Int32Array(n);
  for (let i = 0; i < edgeOf.length; i++) {
    if (edgeOf[i] >= 0) order[fill[edgeOf[i]]++] = i;
  }
  for (let e = 0; e < net.edgeCount; e++) {
    const a = start[e];
    const b = start[e + 1];
    if (b - a > 1) {
      const seg = Array.from(order.subarray(a, b)).sort((i, j) => offsetOf[i] - offsetOf[j]);
      order.set(seg, a);
    }
  }
  const edge = new Int32Array(n);
  const offset = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    edge[j] = edgeOf[order[j]];
    offset[j] = offsetOf[order[j]];
  }
  return { edge, offset, edgeStart: start, order };
}

/** First index in [lo, hi) whose offset is ≥ v (arrays sorted ascending). */
export function lowerBound(a: Float64Array, lo: number, hi: number, v: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index in [lo, hi) whose offset is > v. */
export function upperBound(a: Float64Array, lo: number, hi: number, v: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Points bucketed by the lixel they fall on (a lixel's index follows from the offset, because an
 * edge's lixels are equal), then sorted by offset within each lixel only. Lixels are ordered by
 * edge, so the result is grouped by edge in increasing offset, as EdgePoints promises, with
 * `lixelStart` giving each lixel's points: order[lixelStart[k] .. lixelStart[k+1]).
 */
export function groupByLixel(
  net: LineNetwork,
  lix: Lixels,
  edgeOf: Int32Array,
  offsetOf: Float64Array,
): EdgePoints & { order: Int32Array; lixelStart: Int32Array } {
  const m = lix.edge.length;
  const lixelOf = new Int32Array(edgeOf.length).fill(-1);
  const lixelStart = new Int32Array(m + 1);
  for (let i = 0; i < edgeOf.length; i++) {
    const e = edgeOf[i];
    if (e < 0) continue;
    const a = lix.edgeStart[e];
    const count = lix.edgeStart[e + 1] - a;
    const step = net.edgeLength[e] / count;
    const k = a + Math.min(count - 1, Math.max(0, Math.floor(offsetOf[i] / step)));
    lixelOf[i] = k;
    lixelStart[k + 1]++;
  }
  for (let k = 0; k < m; k++) lixelStart[k + 1] += lixelStart[k];
  const fill = lixelStart.slice(0, m);
  const n = lixelStart[m];
  const order = new Int32Array(n);
  for (let i = 0; i < edgeOf.length; i++) if (lixelOf[i] >= 0) order[fill[lixelOf[i]]++] = i;
  for (let k = 0; k < m; k++) {
    const a = lixelStart[k];
    const b = lixelStart[k + 1];
    if (b - a > 1) order.subarray(a, b).sort((i, j) => offsetOf[i] - offsetOf[j]);
  }
  const edge = new Int32Array(n);
  const offset = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    edge[j] = edgeOf[order[j]];
    offset[j] = offsetOf[order[j]];
  }
  const edgeStart = new Int32Array(net.edgeCount + 1);
  for (let e = 0; e <= net.edgeCount; e++) edgeStart[e] = lixelStart[lix.edgeStart[e]];
  return { edge, offset, edgeStart, order, lixelStart };
}
