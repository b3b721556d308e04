/**
 * The discontinuous and continuous network kernel densities (Okabe & Sugihara's equal-split
 * kernel and its continuous correction, as spNetwork's nkde_discontinuous.cpp and
 * nkde_continuous.cpp define them). Both walk every path (not only the shortest) from an event
 * until the bandwidth is spent, splitting the kernel's mass at each junction:
 * - discontinuous: 1/(n−1) of the mass onto each onward edge at a node of degree n;
 * - continuous: 2/n onward and (2−n)/n back down the incoming edge, so the density stays
 *   continuous across nodes.
 *
 * Edge by edge, not event by event: beyond an end of its edge, every event there walks the same
 * paths with the same splits — only its distance to that end differs. So each end is walked once
 * for all the edge's events within a bandwidth of it, and each kernel is a polynomial in the
 * distance (kernels.ts), so at a sample their sum follows from power sums of those distances over
 * the events still in reach (a prefix of them, sorted by distance): the cost is the walk times
 * the samples it reaches, whatever the number of events. A walk per event, as spNetwork runs it,
 * cost 1.0 s of a 1M-incident corridor run, against 0.1 s here (npm run bench -- corridors).
 */
import { throwIfAborted } from '../cancel.ts';
import { kernelPolynomials, kernels, type KernelFn } from './kernels.ts';
import { nodeDegree, type LineNetwork } from './lineNetwork.ts';
import { lowerBound, upperBound, type EdgePoints } from './lixels.ts';
import type { KernelName } from './types.ts';

export interface SpreadOptions {
  /** One bandwidth, or one per event (in the events' grouped order). */
  bandwidth: number | Float64Array;
  method: 'discontinuous' | 'continuous';
  kernel?: KernelName;
  /** 'bw' divides each event's contribution by its bandwidth (spNetwork's default); 'none' does not. */
  div?: 'bw' | 'none';
  /** Event weights, in the events' grouped order; 1 when absent. */
  weights?: Float64Array;
  /** Junctions of degree > 2 passed before the walk stops (spNetwork: 15). */
  maxDepth?: number;
  signal?: AbortSignal;
}

/** An event this close to an edge end sits on the node: spNetwork's start rule applies. */
const ON_NODE = 1e-9;

/** A sample's power-sum update costs about this many kernel evaluations (measured on the bench grid). */
const SLIDE_COST = 8;

export function spreadDensity(net: LineNetwork, events: EdgePoints, samples: EdgePoints, options: SpreadOptions): Float64Array {
  const density = new Float64Array(samples.edge.length);
  const walker = new SpreadWalker(net, samples, density, options);
  const bws = options.bandwidth;
  for (let e = 0; e < net.edgeCount; e++) {
    const ea = events.edgeStart[e];
    const eb = events.edgeStart[e + 1];
    if (ea === eb) continue;
    if ((e & 255) === 0) throwIfAborted(options.signal);
    // Events of one walk share a bandwidth: runs of equal ones (the whole edge for a single bandwidth).
    for (let ga = ea; ga < eb; ) {
      let gb = ga + 1;
      if (typeof bws !== 'number') while (gb < eb && bws[gb] === bws[ga]) gb++;
      else gb = eb;
      walker.edgeEvents(e, events.offset, ga, gb, typeof bws === 'number' ? bws : bws[ga]);
      ga = gb;
    }
  }
  return density;
}

class SpreadWalker {
  private readonly K: KernelFn;
  /** The kernel's coefficients c_0 … c_4 (padded with zeros: no kernel has a higher degree). */
  private readonly poly4 = new Float64Array(5);
  private readonly discontinuous: boolean;
  private readonly maxDepth: number;
  private readonly divBw: boolean;
  // The walk's stack of cases: enter edge cEdge at node cNode with distance cD and mass cAlpha.
  private cEdge = new Int32Array(64);
  private cNode = new Int32Array(64);
  private cDepth = new Int32Array(64);
  private cD = new Float64Array(64);
  private cAlpha = new Float64Array(64);
  private top = 0;
  // The events of the current walk: u = distance to the walk's start / bw, ascending, and the
  // prefix power sums sums[5k + q] = Σ_{i<k} w_i·u_i^q.
  private u = new Float64Array(64);
  private sums = new Float64Array(64 * 5);
  // ownEdge's power sums of the events behind and ahead of the sample.
  private readonly behind = new Float64Array(5);
  private readonly ahead = new Float64Array(5);
  private count = 0;
  private bw = 1;
  private scale = 1;

  constructor(
    private readonly net: LineNetwork,
    private readonly samples: EdgePoints,
    private readonly density: Float64Array,
    private readonly options: SpreadOptions,
  ) {
    const kernel = options.kernel ?? 'quartic';
    this.K = kernels[kernel];
    this.poly4.set(kernelPolynomials[kernel]);
    this.discontinuous = options.method === 'discontinuous';
    this.maxDepth = options.maxDepth ?? 15;
    this.divBw = (options.div ?? 'bw') === 'bw';
  }

  /** Events [ga, gb) of edge e (ascending offsets), all of bandwidth bw. */
  edgeEvents(e: number, offset: Float64Array, ga: number, gb: number, bw: number): void {
    const { net } = this;
    const w = this.options.weights;
    const L = net.edgeLength[e];
    this.bw = bw;
    this.scale = this.divBw ? 1 / bw : 1;
    let first = ga;
    let last = gb - 1;
    let atFrom = 0;
    let atTo = 0;
    for (; first <= last && offset[first] <= ON_NODE; first++) atFrom += w ? w[first] : 1;
    for (; last >= first && offset[last] >= L - ON_NODE; last--) atTo += w ? w[last] : 1;

    if (first <= last) {
      // Both ways are exact: the kernel per event and sample in reach, or power sums per sample,
      // whichever visits fewer (event, sample) pairs, weighing a sample's shift as SLIDE_COST pairs.
      const lo = this.samples.edgeStart[e];
      const hi = this.samples.edgeStart[e + 1];
      const inReach = Math.min(hi - lo, ((hi - lo) * 2 * bw) / L);
      if ((last + 1 - first) * inReach <= SLIDE_COST * (hi - lo)) this.perEvent(e, offset, first, last + 1);
      else this.ownEdge(e, offset, first, last + 1);
    }
    // Beyond each end: the events within a bandwidth of it, nearest first.
    this.count = 0;
    for (let i = last; i >= first && L - offset[i] < bw; i--) this.addEvent(L - offset[i], w ? w[i] : 1);
    if (this.count > 0) {
      this.branch(net.edgeTo[e], e, 0, 1, 0);
      this.drain();
    }
    this.count = 0;
    for (let i = first; i <= last && offset[i] < bw; i++) this.addEvent(offset[i], w ? w[i] : 1);
    if (this.count > 0) {
      this.branch(net.edgeFrom[e], e, 0, 1, 0);
      this.drain();
    }
    if (atFrom > 0) this.fromNode(net.edgeFrom[e], atFrom);
    if (atTo > 0) this.fromNode(net.edgeTo[e], atTo);
  }

  /**
   * Events on a node: spNetwork's start rule (2/n down each of the n edges at a junction; the
   * discontinuous walk counts that junction towards the depth, as spNetwork does).
   */
  private fromNode(node: number, weight: number): void {
    const { net } = this;
    this.count = 0;
    this.addEvent(0, weight);
    const n = nodeDegree(net, node);
    const a0 = this.discontinuous ? (n > 2 ? 2 / n : 1) : 2 / n;
    const depth0 = this.discontinuous && n > 2 ? 1 : 0;
    for (let k = net.nodeEdgeStart[node]; k < net.nodeEdgeStart[node + 1]; k++) this.push(net.nodeEdges[k], node, 0, a0, depth0);
    this.drain();
  }

  /** Along the events' own edge, event by event: the kernel itself, both ways. */
  private perEvent(e: number, offset: Float64Array, first: number, end: number): void {
    const { samples, density, K } = this;
    const w = this.options.weights;
    const bw = this.bw;
    const lo = samples.edgeStart[e];
    const hi = samples.edgeStart[e + 1];
    const sOff = samples.offset;
    for (let i = first; i < end; i++) {
      const s = offset[i];
      const f = this.scale * (w ? w[i] : 1);
      const b = upperBound(sOff, lo, hi, s + bw);
      for (let j = lowerBound(sOff, lo, hi, s - bw); j < b; j++) density[j] += f * K(sOff[j] - s, bw);
    }
  }

  /**
   * Along the events' own edge, sample by sample: the kernel itself, both ways. The samples are visited in order
   * with the power sums of the events behind (t − s) and ahead (s − t) within a bandwidth; moving
   * from one sample to the next shifts both sums by the binomial theorem and moves the events that
   * cross the sample or the window's ends, so each sample costs O(degree²) whatever the number of
   * events. The sums are rebuilt from their events once the shifts add up to a bandwidth, which
   * keeps rounding from growing with the (binomial) shift's powers on a long edge.
   */
  private ownEdge(e: number, offset: Float64Array, first: number, end: number): void {
    const { samples, density, poly4 } = this;
    const w = this.options.weights;
    const bw = this.bw;
    const behind = this.behind;
    const ahead = this.ahead;
    const sOff = samples.offset;
    const hi = samples.edgeStart[e + 1];
    const f = this.scale / bw;
    // Events [a, b) are behind the sample (offset ≤ t, within bw), [b, c) ahead (offset < t + bw).
    let a = first;
    let b = first;
    let c = first;
    let t = 0;
    let rebuiltAt = -Infinity;
    for (let j = samples.edgeStart[e]; j < hi; j++) {
      const tNew = sOff[j];
      if (tNew - rebuiltAt >= bw) {
        t = rebuiltAt = tNew;
        while (a < end && offset[a] <= t - bw) a++;
        if (b < a) b = a;
        while (b < end && offset[b] <= t) b++;
        if (c < b) c = b;
        while (c < end && offset[c] < t + bw) c++;
        behind.fill(0);
        ahead.fill(0);
        for (let i = a; i < b; i++) addPowers(behind, (t - offset[i]) / bw, w ? w[i] : 1);
        for (let i = b; i < c; i++) addPowers(ahead, (offset[i] - t) / bw, w ? w[i] : 1);
      } else {
        const delta = (tNew - t) / bw;
        t = tNew;
        shiftPowers(behind, delta);
        shiftPowers(ahead, -delta);
        for (; b < end && offset[b] <= t; b++) {
          const weight = w ? w[b] : 1;
          addPowers(ahead, (offset[b] - t) / bw, -weight);
          addPowers(behind, (t - offset[b]) / bw, weight);
        }
        for (; a < b && offset[a] <= t - bw; a++) addPowers(behind, (t - offset[a]) / bw, -(w ? w[a] : 1));
        if (c < b) c = b;
        for (; c < end && offset[c] < t + bw; c++) addPowers(ahead, (offset[c] - t) / bw, w ? w[c] : 1);
      }
      if (a === c) continue;
      const total =
        poly4[0] * (behind[0] + ahead[0]) +
        poly4[1] * (behind[1] + ahead[1]) +
        poly4[2] * (behind[2] + ahead[2]) +
        poly4[3] * (behind[3] + ahead[3]) +
        poly4[4] * (behind[4] + ahead[4]);
      density[j] += f * total;
    }
  }

  private addEvent(dist: number, weight: number): void {
    const k = this.count++;
    if (this.count === this.u.length) {
      const u = new Float64Array(this.u.length * 2);
      u.set(this.u);
      this.u = u;
      const s = new Float64Array(u.length * 5);
      s.set(this.sums);
      this.sums = s;
    }
    const x = dist / this.bw;
    this.u[k] = x;
    const S = this.sums;
    const x2 = x * x;
    S[5 * k + 5] = S[5 * k] + weight;
    S[5 * k + 6] = S[5 * k + 1] + weight * x;
    S[5 * k + 7] = S[5 * k + 2] + weight * x2;
    S[5 * k + 8] = S[5 * k + 3] + weight * x2 * x;
    S[5 * k + 9] = S[5 * k + 4] + weight * x2 * x2;
  }

  private push(edge: number, node: number, d: number, alpha: number, depth: number): void {
    if (this.top === this.cEdge.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.cEdge = grow(this.cEdge);
      this.cNode = grow(this.cNode);
      this.cDepth = grow(this.cDepth);
      this.cD = grow(this.cD);
      this.cAlpha = grow(this.cAlpha);
    }
    const t = this.top++;
    this.cEdge[t] = edge;
    this.cNode[t] = node;
    this.cD[t] = d;
    this.cAlpha[t] = alpha;
    this.cDepth[t] = depth;
  }

  /** Pushes the onward cases from `node`, reached along `incoming` with distance d past the events' end. */
  private branch(node: number, incoming: number, d: number, alpha: number, depth: number): void {
    const { net } = this;
    // u[0] is the nearest event: once it is spent, all are.
    if (d + this.u[0] * this.bw >= this.bw) return;
    const n = nodeDegree(net, node);
    if (n < 2) return;
    const newDepth = n > 2 ? depth + 1 : depth;
    if (this.discontinuous) {
      const a2 = alpha / (n - 1);
      for (let k = net.nodeEdgeStart[node]; k < net.nodeEdgeStart[node + 1]; k++) {
        const g = net.nodeEdges[k];
        if (g !== incoming) this.push(g, node, d, a2, newDepth);
      }
    } else {
      if (newDepth > this.maxDepth) return;
      for (let k = net.nodeEdgeStart[node]; k < net.nodeEdgeStart[node + 1]; k++) {
        const g = net.nodeEdges[k];
        if (g === incoming) {
          if (n > 2) this.push(g, node, d, (alpha * (2 - n)) / n, newDepth);
        } else {
          this.push(g, node, d, (alpha * 2) / n, newDepth);
        }
      }
    }
  }

  private drain(): void {
    const { net } = this;
    while (this.top > 0) {
      const t = --this.top;
      const g = this.cEdge[t];
      const node = this.cNode[t];
      const d = this.cD[t];
      const alpha = this.cAlpha[t];
      const depth = this.cDepth[t];
      this.addEdge(g, node, d, alpha);
      // The discontinuous walk still fills the edges at the deepest junction but goes no further.
      if (this.discontinuous && depth >= this.maxDepth) continue;
      const other = net.edgeFrom[g] === node ? net.edgeTo[g] : net.edgeFrom[g];
      this.branch(other, g, d + net.edgeLength[g], alpha, depth);
    }
  }

  /** Adds the walk's events to every sample of edge g entered at `node`, d past their end. */
  private addEdge(g: number, node: number, d: number, alpha: number): void {
    const { net, samples, density, u, sums } = this;
    const lo = samples.edgeStart[g];
    const hi = samples.edgeStart[g + 1];
    const bw = this.bw;
    const reach = bw - u[0] * bw - d;
    if (lo === hi || reach <= 0) return;
    const Lg = net.edgeLength[g];
    const sOff = samples.offset;
    const fromStart = net.edgeFrom[g] === node;
    // Samples from the nearest to the entry node on, so the events in reach only ever shrink:
    // v = (d + distance along g) / bw = v0 + dir · offset / bw.
    const first = fromStart ? lo : hi - 1;
    const stop = fromStart ? upperBound(sOff, lo, hi, reach) : lowerBound(sOff, lo, hi, Lg - reach) - 1;
    const step = fromStart ? 1 : -1;
    const v0 = (fromStart ? d : d + Lg) / bw;
    const dir = fromStart ? 1 / bw : -1 / bw;
    const P = this.poly4;
    const c0 = P[0];
    const c1 = P[1];
    const c2 = P[2];
    const c3 = P[3];
    const c4 = P[4];
    const f = (this.scale * alpha) / bw;
    let l = this.count;
    for (let j = first; j !== stop; j += step) {
      const v = v0 + dir * sOff[j];
      // The events still in reach: u < 1 − v.
      while (l > 0 && u[l - 1] >= 1 - v) l--;
      if (l === 0) break;
      // Σ_i K(u_i + v) by Taylor's theorem about v: Σ_q S_q · K⁽q⁾(v) / q!, exact for a quartic.
      const b = 5 * l;
      const v2 = v * v;
      const total =
        sums[b] * (c0 + v * c1 + v2 * c2 + v2 * v * c3 + v2 * v2 * c4) +
        sums[b + 1] * (c1 + 2 * v * c2 + 3 * v2 * c3 + 4 * v2 * v * c4) +
        sums[b + 2] * (c2 + 3 * v * c3 + 6 * v2 * c4) +
        sums[b + 3] * (c3 + 4 * v * c4) +
        sums[b + 4] * c4;
      density[j] += f * total;
    }
  }
}

// Power sums S_q = Σ w·x^q, q = 0 … 4 (every kernel's degree is at most 4), unrolled: the sliding
// window calls these once or twice per event and sample.

function addPowers(S: Float64Array, x: number, w: number): void {
  const x2 = x * x;
  S[0] += w;
  S[1] += w * x;
  S[2] += w * x2;
  S[3] += w * x2 * x;
  S[4] += w * x2 * x2;
}

/** S_q ← Σ_r C(q, r)·δ^(q−r)·S_r: the sums of (x + δ)^q. */
function shiftPowers(S: Float64Array, d: number): void {
  const d2 = d * d;
  const d3 = d2 * d;
  const s0 = S[0];
  const s1 = S[1];
  const s2 = S[2];
  const s3 = S[3];
  const s4 = S[4];
  S[1] = s1 + d * s0;
  S[2] = s2 + 2 * d * s1 + d2 * s0;
  S[3] = s3 + 3 * d * s2 + 3 * d2 * s1 + d3 * s0;
  S[4] = s4 + 4 * d * s3 + 6 * d2 * s2 + 4 * d3 * s1 + d2 * d2 * s0;
}
