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
import { kernelPolynomials } from './kernels.ts';
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
  private readonly poly: readonly number[];
  /** pq[q][p] = c_p · C(p, q): the polynomial in v multiplying the q-th power sum. */
  private readonly pq: number[][];
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
  // prefix power sums sums[k·(deg+1) + q] = Σ_{i<k} w_i·u_i^q.
  private u = new Float64Array(64);
  private sums: Float64Array;
  // ownEdge's power sums of the events behind and ahead of the sample, and C(q, r).
  private readonly behind: Float64Array;
  private readonly ahead: Float64Array;
  private readonly binomial: number[][];
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
    this.poly = kernelPolynomials[kernel];
    const deg = this.poly.length - 1;
    this.sums = new Float64Array(this.u.length * (deg + 1));
    this.behind = new Float64Array(deg + 1);
    this.ahead = new Float64Array(deg + 1);
    this.binomial = [];
    for (let q = 0; q <= deg; q++) {
      const row = [1];
      for (let r = 1; r <= q; r++) row.push((row[r - 1] * (q - r + 1)) / r);
      this.binomial.push(row);
    }
    this.pq = [];
    for (let q = 0; q <= deg; q++) {
      const row: number[] = [];
      let binom = 1;
      for (let p = q; p <= deg; p++) {
        row.push(this.poly[p] * binom);
        binom = (binom * (p + 1)) / (p + 1 - q);
      }
      this.pq.push(row);
    }
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

    if (first <= last) this.ownEdge(e, offset, first, last + 1);
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
    // Events on a node: spNetwork's start rule (2/n down each of the n edges at a junction; the
    // discontinuous walk counts that junction towards the depth, as spNetwork does).
    for (const [node, weight] of [
      [net.edgeFrom[e], atFrom],
      [net.edgeTo[e], atTo],
    ]) {
      if (weight === 0) continue;
      this.count = 0;
      this.addEvent(0, weight);
      const n = nodeDegree(net, node);
      const a0 = this.discontinuous ? (n > 2 ? 2 / n : 1) : 2 / n;
      const depth0 = this.discontinuous && n > 2 ? 1 : 0;
      for (let k = net.nodeEdgeStart[node]; k < net.nodeEdgeStart[node + 1]; k++) this.push(net.nodeEdges[k], node, 0, a0, depth0);
      this.drain();
    }
  }

  /**
   * Along the events' own edge: the kernel itself, both ways. The samples are visited in order
   * with the power sums of the events behind (t − s) and ahead (s − t) within a bandwidth; moving
   * from one sample to the next shifts both sums by the binomial theorem and moves the events that
   * cross the sample or the window's ends, so each sample costs O(degree²) whatever the number of
   * events. The sums are rebuilt from their events once the shifts add up to a bandwidth, which
   * keeps rounding from growing with the (binomial) shift's powers on a long edge.
   */
  private ownEdge(e: number, offset: Float64Array, first: number, end: number): void {
    const { samples, density, poly } = this;
    const w = this.options.weights;
    const bw = this.bw;
    const deg = poly.length - 1;
    const behind = this.behind;
    const ahead = this.ahead;
    const sOff = samples.offset;
    const hi = samples.edgeStart[e + 1];
    const f = this.scale / bw;
    const add = (sums: Float64Array, x: number, weight: number): void => {
      let pow = weight;
      for (let q = 0; q <= deg; q++) {
        sums[q] += pow;
        pow *= x;
      }
    };
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
        for (let i = a; i < b; i++) add(behind, (t - offset[i]) / bw, w ? w[i] : 1);
        for (let i = b; i < c; i++) add(ahead, (offset[i] - t) / bw, w ? w[i] : 1);
      } else {
        const delta = (tNew - t) / bw;
        t = tNew;
        this.shift(behind, delta);
        this.shift(ahead, -delta);
        for (; b < end && offset[b] <= t; b++) {
          const weight = w ? w[b] : 1;
          add(ahead, (offset[b] - t) / bw, -weight);
          add(behind, (t - offset[b]) / bw, weight);
        }
        for (; a < b && offset[a] <= t - bw; a++) add(behind, (t - offset[a]) / bw, -(w ? w[a] : 1));
        if (c < b) c = b;
        for (; c < end && offset[c] < t + bw; c++) add(ahead, (offset[c] - t) / bw, w ? w[c] : 1);
      }
      if (a === c) continue;
      let total = 0;
      for (let p = 0; p <= deg; p++) total += poly[p] * (behind[p] + ahead[p]);
      density[j] += f * total;
    }
  }

  /** Power sums Σ x^q → Σ (x + delta)^q, q = 0 … degree. */
  private shift(sums: Float64Array, delta: number): void {
    const { binomial } = this;
    for (let q = sums.length - 1; q > 0; q--) {
      // Σ_r C(q, r) δ^(q−r) S_r, with S_r for r < q not yet overwritten (q descends).
      let total = sums[q];
      let pow = delta;
      for (let r = q - 1; r >= 0; r--) {
        total += binomial[q][r] * pow * sums[r];
        pow *= delta;
      }
      sums[q] = total;
    }
  }

  private addEvent(dist: number, weight: number): void {
    const deg = this.poly.length - 1;
    const k = this.count++;
    if (this.count === this.u.length) {
      const u = new Float64Array(this.u.length * 2);
      u.set(this.u);
      this.u = u;
      const s = new Float64Array(u.length * (deg + 1));
      s.set(this.sums);
      this.sums = s;
    }
    const x = dist / this.bw;
    this.u[k] = x;
    let pow = weight;
    for (let q = 0; q <= deg; q++) {
      this.sums[(k + 1) * (deg + 1) + q] = this.sums[k * (deg + 1) + q] + pow;
      pow *= x;
    }
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
    const { net, samples, density, pq, u, sums } = this;
    const lo = samples.edgeStart[g];
    const hi = samples.edgeStart[g + 1];
    const bw = this.bw;
    const reach = bw - u[0] * bw - d;
    if (lo === hi || reach <= 0) return;
    const Lg = net.edgeLength[g];
    const sOff = samples.offset;
    const fromStart = net.edgeFrom[g] === node;
    const a = fromStart ? lo : lowerBound(sOff, lo, hi, Lg - reach);
    const b = fromStart ? upperBound(sOff, lo, hi, reach) : hi;
    const deg = pq.length - 1;
    const f = (this.scale * alpha) / bw;
    for (let j = a; j < b; j++) {
      const v = (d + (fromStart ? sOff[j] : Lg - sOff[j])) / bw;
      // The events still in reach: u < 1 − v.
      let l = 0;
      let r = this.count;
      const cut = 1 - v;
      while (l < r) {
        const mid = (l + r) >>> 1;
        if (u[mid] < cut) l = mid + 1;
        else r = mid;
      }
      if (l === 0) continue;
      const base = l * (deg + 1);
      let total = 0;
      for (let q = 0; q <= deg; q++) {
        const row = pq[q];
        let pv = 0;
        for (let p = row.length - 1; p >= 0; p--) pv = pv * v + row[p];
        total += sums[base + q] * pv;
      }
      density[j] += f * total;
    }
  }
}
