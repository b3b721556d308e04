/**
 * Network kernel density (Okabe & Sugihara; the three estimators spNetwork implements):
 * - simple: K(shortest network distance) — fast, but mass is not conserved at junctions;
 * - discontinuous: the kernel is split equally among the n−1 onward branches at each node;
 * - continuous: split 2/n onward with a (2−n)/n "backfire" down the incoming branch, so the
 *   density stays continuous across nodes and integrates to one.
 * Events and samples are points on edges (edge, offset). Conventions follow spNetwork so its test
 * values carry over: K already divides by bw once; `div: 'bw'` divides each event's sum by bw again.
 */
import { throwIfAborted } from '../cancel.ts';
import { kernels } from './kernels.ts';
import type { LineNetwork } from './lineNetwork.ts';
import { lowerBound, upperBound, type EdgePoints } from './lixels.ts';
import { BoundedDijkstra } from './shortestPaths.ts';
import { spreadDensity } from './spreadKde.ts';
import type { KernelName, NkdeMethod } from './types.ts';

export interface NkdeOptions {
  /** One bandwidth, or one per event (in the events' grouped order). */
  bandwidth: number | Float64Array;
  method?: NkdeMethod;
  kernel?: KernelName;
  /** 'bw' divides each event's contribution by its bandwidth (spNetwork's default); 'none' does not. */
  div?: 'bw' | 'none';
  /** Event weights, in the events' grouped order; 1 when absent. */
  weights?: Float64Array;
  /** Junctions of degree > 2 passed before the discontinuous/continuous kernels stop (spNetwork: 15). */
  maxDepth?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface NkdeResult {
  /** Density at each sample. */
  density: Float64Array;
  /** Weighted number of events within one bandwidth (shortest network distance ≤ bw) of each sample. */
  count: Float64Array;
}

export function networkKde(net: LineNetwork, events: EdgePoints, samples: EdgePoints, options: NkdeOptions): NkdeResult {
  const method = options.method ?? 'simple';
  const simple = simpleNkde(net, events, samples, options);
  if (method === 'simple') return simple;
  const density = spreadDensity(net, events, samples, { ...options, method });
  return { density, count: simple.count };
}

const bwOf = (bw: number | Float64Array, i: number): number => (typeof bw === 'number' ? bw : bw[i]);

/**
 * Shortest-path NKDE. Events are handled edge by edge: two bounded Dijkstra runs from the edge's
 * ends give every event on it its distance to each reachable node (through one end or the other),
 * so the cost is two searches per edge, not one per event.
 */
function simpleNkde(net: LineNetwork, events: EdgePoints, samples: EdgePoints, options: NkdeOptions): NkdeResult {
  const K = kernels[options.kernel ?? 'quartic'];
  const divBw = (options.div ?? 'bw') === 'bw';
  const density = new Float64Array(samples.edge.length);
  const count = new Float64Array(samples.edge.length);
  const fromA = new BoundedDijkstra(net);
  const fromB = new BoundedDijkstra(net);
  const stamp = new Int32Array(net.edgeCount).fill(-1);
  let cand = new Int32Array(64);
  const { edgeFrom, edgeTo, edgeLength, nodeEdgeStart, nodeEdges } = net;
  const sOff = samples.offset;
  const sStart = samples.edgeStart;
  const rlo = [0, 0, 0];
  const rhi = [0, 0, 0];

  for (let e = 0; e < net.edgeCount; e++) {
    const ea = events.edgeStart[e];
    const eb = events.edgeStart[e + 1];
    if (ea === eb) continue;
    if ((e & 255) === 0) {
      throwIfAborted(options.signal);
      options.onProgress?.(ea, events.edge.length);
    }
    let radius = 0;
    for (let i = ea; i < eb; i++) radius = Math.max(radius, bwOf(options.bandwidth, i));
    const A = edgeFrom[e];
    const B = edgeTo[e];
    const L = edgeLength[e];
    fromA.run(A, radius);
    fromB.run(B, radius);
    const dA = fromA.dist;
    const dB = fromB.dist;
    let nc = 0;
    const addEdgesOf = (u: number): void => {
      for (let k = nodeEdgeStart[u]; k < nodeEdgeStart[u + 1]; k++) {
        const f = nodeEdges[k];
        if (stamp[f] === e) continue;
        stamp[f] = e;
        if (nc === cand.length) {
          const c = new Int32Array(cand.length * 2);
          c.set(cand);
          cand = c;
        }
        cand[nc++] = f;
      }
    };
    for (let r = 0; r < fromA.reachedCount; r++) addEdgesOf(fromA.reached[r]);
    for (let r = 0; r < fromB.reachedCount; r++) addEdgesOf(fromB.reached[r]);

    for (let i = ea; i < eb; i++) {
      const s = events.offset[i];
      const bw = bwOf(options.bandwidth, i);
      const w = options.weights ? options.weights[i] : 1;
      const scale = divBw ? w / bw : w;
      for (let c = 0; c < nc; c++) {
        const f = cand[c];
        const lo = sStart[f];
        const hi = sStart[f + 1];
        if (lo === hi) continue;
        const u = edgeFrom[f];
        const v = edgeTo[f];
        const Lf = edgeLength[f];
        const du = Math.min(s + dA[u], L - s + dB[u]);
        const dv = Math.min(s + dA[v], L - s + dB[v]);
        // Up to three offset ranges can hold samples within bw: from each end, and around the event itself.
        let nr = 0;
        if (du < bw) {
          rlo[nr] = lo;
          rhi[nr] = upperBound(sOff, lo, hi, bw - du);
          nr++;
        }
        if (dv < bw) {
          rlo[nr] = lowerBound(sOff, lo, hi, Lf - (bw - dv));
          rhi[nr] = hi;
          nr++;
        }
        const same = f === e;
        if (same) {
          rlo[nr] = lowerBound(sOff, lo, hi, s - bw);
          rhi[nr] = upperBound(sOff, lo, hi, s + bw);
          nr++;
        }
        if (nr === 0) continue;
        sortRanges(rlo, rhi, nr);
        let cursor = lo;
        for (let r = 0; r < nr; r++) {
          let j = Math.max(cursor, rlo[r]);
          const end = rhi[r];
          for (; j < end; j++) {
            const t = sOff[j];
            let d = du + t;
            const d2 = dv + Lf - t;
            if (d2 < d) d = d2;
            if (same) {
              const d3 = t > s ? t - s : s - t;
              if (d3 < d) d = d3;
            }
            if (d <= bw) {
              count[j] += w;
              density[j] += scale * K(d, bw);
            }
          }
          if (end > cursor) cursor = end;
        }
      }
    }
  }
  return { density, count };
}

function sortRanges(lo: number[], hi: number[], n: number): void {
  for (let i = 1; i < n; i++) {
    for (let j = i; j > 0 && lo[j] < lo[j - 1]; j--) {
      const a = lo[j];
      lo[j] = lo[j - 1];
      lo[j - 1] = a;
      const b = hi[j];
      hi[j] = hi[j - 1];
      hi[j - 1] = b;
    }
  }
}

/**
 * Length of network within `radius` (shortest network distance) of each sample: the denominator
 * of the uniform-along-the-network null. Computed edge by edge like the simple estimator.
 */
export function neighbourhoodLength(net: LineNetwork, samples: EdgePoints, radius: number, signal?: AbortSignal): Float64Array {
  const out = new Float64Array(samples.edge.length);
  const fromA = new BoundedDijkstra(net);
  const fromB = new BoundedDijkstra(net);
  const stamp = new Int32Array(net.edgeCount).fill(-1);
  const cand: number[] = [];
  const { edgeFrom, edgeTo, edgeLength, nodeEdgeStart, nodeEdges } = net;
  for (let e = 0; e < net.edgeCount; e++) {
    const sa = samples.edgeStart[e];
    const sb = samples.edgeStart[e + 1];
    if (sa === sb) continue;
    if ((e & 255) === 0) throwIfAborted(signal);
    const L = edgeLength[e];
    fromA.run(edgeFrom[e], radius);
    fromB.run(edgeTo[e], radius);
    cand.length = 0;
    for (const run of [fromA, fromB]) {
      for (let r = 0; r < run.reachedCount; r++) {
        const u = run.reached[r];
        for (let k = nodeEdgeStart[u]; k < nodeEdgeStart[u + 1]; k++) {
          const f = nodeEdges[k];
          if (stamp[f] !== e && f !== e) {
            stamp[f] = e;
            cand.push(f);
          }
        }
      }
    }
    for (let j = sa; j < sb; j++) {
      const t = samples.offset[j];
      const dist = (u: number): number => Math.min(t + fromA.dist[u], L - t + fromB.dist[u]);
      // Own edge: the union of the window around the sample and what is reached back from either end.
      const rA = radius - dist(edgeFrom[e]);
      const rB = radius - dist(edgeTo[e]);
      let total = unionLength(L, Math.max(0, t - radius), Math.min(L, t + radius), rA, rB);
      for (const f of cand) {
        const ru = radius - dist(edgeFrom[f]);
        const rv = radius - dist(edgeTo[f]);
        total += unionLength(edgeLength[f], 0, 0, ru, rv);
      }
      out[j] = total;
    }
  }
  return out;
}

/** Length of [a, b] ∪ [0, rFrom] ∪ [L − rTo, L] within [0, L]; negative reaches cover nothing. */
function unionLength(L: number, a: number, b: number, rFrom: number, rTo: number): number {
  const iv: [number, number][] = [];
  if (b > a) iv.push([a, b]);
  if (rFrom > 0) iv.push([0, Math.min(L, rFrom)]);
  if (rTo > 0) iv.push([Math.max(0, L - rTo), L]);
  if (iv.length === 0) return 0;
  iv.sort((p, q) => p[0] - q[0]);
  let total = 0;
  let [cs, ce] = iv[0];
  for (let k = 1; k < iv.length; k++) {
    const [s, e] = iv[k];
    if (s > ce) {
      total += ce - cs;
      cs = s;
      ce = e;
    } else if (e > ce) ce = e;
  }
  return total + (ce - cs);
}
