/**
 * Network corridors ("hot routes"): stretches of a line network (roads, rivers, canals, the border)
 * along which incidents concentrate.
 *
 * Incidents are snapped to the nearest line within the tolerance (the rest are listed as
 * unsnapped, never dropped silently); lines are cut into lixels; each lixel gets its incidents per
 * km, the network kernel density at its midpoint, and the count of incidents within one bandwidth
 * along the network. Under the null of the same incidents spread uniformly along the network, that
 * count is Binomial(n, ℓ/Λ) (ℓ the network length within the bandwidth, Λ the total), so each
 * lixel has an exact upper-tail p-value; Benjamini–Hochberg controls the FDR across lixels.
 * Contiguous significant lixels (along lines and through nodes) form stretches; each stretch's
 * longest path, trimmed where its kernel density falls below half its median, is a corridor when
 * long enough.
 *
 * The count within a bandwidth smooths with a box as wide as two bandwidths, so a stretch can
 * miss a short, sharp peak of the density (a few busy blocks) and dilute it with the quieter
 * network around it. The density's own peaks therefore make corridors too: lixels whose density
 * exceeds what events spread at random along the network reach anywhere (a Monte Carlo envelope,
 * densityEnvelope.ts) seed peak regions, grown along the network while the density stays above
 * what a random pattern typically reaches; each region's longest path is a corridor when at
 * least one bandwidth long. The density is spNetwork's discontinuous (equal-split) estimator by
 * default: the simple one piles mass onto junctions, so its peaks sit on crossings. On 287 real
 * crimes of a Mesa, Arizona street network (bandwidth 300 m, lixels 100 m) the stretches alone
 * found no corridor of the default 2 km; with the peaks, the 30 crimes of highest density all lie
 * on corridors, at 6.8× the network's crime rate (test/unit/analysis/corridors/nkdeRealNetwork.test.ts).
 */
import type { Geometry, FeatureCollection } from 'geojson';
import { UserError } from '../../errors.ts';
import { binomialSf } from '../../stats/binomial.ts';
import { throwIfAborted } from '../cancel.ts';
import { fdr } from '../fdr.ts';

import { summarizeCorridor, type CorridorDraft } from './corridorSummary.ts';
import { appendEdgeSliceLonLat, buildLineNetwork, edgeSlice, type LineNetwork } from './lineNetwork.ts';
import { groupByLixel, lixelize, type Lixels } from './lixels.ts';
import { densityEnvelope } from './densityEnvelope.ts';
import { networkKde, neighbourhoodLength } from './networkKde.ts';
import { snapToNetwork } from './snapToNetwork.ts';
import { quantile, checkIncidents, positive, projectBorder, projectIncidents, projectionFor } from './validate.ts';
import type { CorridorResult, IncidentArrays, KernelName, LixelLayer, NetworkCorridorOptions, NkdeMethod } from './types.ts';

const METHODS: NkdeMethod[] = ['simple', 'discontinuous', 'continuous'];
const KERNELS: KernelName[] = ['quartic', 'triangle', 'epanechnikov', 'uniform'];

export function networkCorridors(
  input: IncidentArrays,
  network: FeatureCollection | ReadonlyArray<Geometry | null>,
  options: NetworkCorridorOptions = {},
): CorridorResult {
  const snapTol = positive('snapToleranceM', options.snapToleranceM, 250);
  const nodeTol = positive('nodeToleranceM', options.nodeToleranceM, 5);
  const lixelLength = positive('lixelLengthM', options.lixelLengthM, 100);
  const bandwidth = positive('bandwidthM', options.bandwidthM, 1000);
  const minLengthM = positive('minLengthM', options.minLengthM, 2000);
  // A peak of the density is as wide as the kernel: one bandwidth is its shortest corridor.
  const minPeakLengthM = Math.min(minLengthM, bandwidth);
  const minRatio = positive('minRatio', options.minRatio, 1.5);
  const borderNearM = positive('borderNearM', options.borderNearM, 5000);
  const alpha = options.fdr ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) throw new UserError(`corridors: fdr must be between 0 and 1, got ${alpha}`);
  const method = options.method ?? 'discontinuous';
  if (!METHODS.includes(method)) throw new UserError(`corridors: method must be one of ${METHODS.join(', ')}, got ${String(method)}`);
  const kernel = options.kernel ?? 'quartic';
  if (!KERNELS.includes(kernel)) throw new UserError(`corridors: kernel must be one of ${KERNELS.join(', ')}, got ${String(kernel)}`);
  checkIncidents(input, 3);
  const { signal, onProgress } = options;
  const PHASES = 7;

  const geoms = lineGeometries(network);
  const proj = projectionFor(input);
  const lines: [number, number][][] = [];
  const lonLat: number[][][] = [];
  for (const g of geoms) {
    for (const part of g.type === 'LineString' ? [g.coordinates] : g.coordinates) {
      lines.push(part.map((c) => proj.forward(c[0], c[1])));
      lonLat.push(part);
    }
  }
  const net = buildLineNetwork(lines, { nodeTolerance: nodeTol, lonLat });
  if (net.edgeCount === 0) throw new UserError('corridors: the network layer has no line with a length');
  const border = projectBorder(options.border, proj);
  onProgress?.(1, PHASES);

  const P = projectIncidents(input, proj);
  const snapped = snapToNetwork(net, P.x, P.y, snapTol);
  const unsnappedList: number[] = [];
  for (let i = 0; i < snapped.edge.length; i++) if (snapped.edge[i] < 0) unsnappedList.push(i);
  const nSnapped = snapped.edge.length - unsnappedList.length;
  if (nSnapped < 3) {
    throw new UserError(
      `corridors: only ${nSnapped} of ${snapped.edge.length} incidents lie within ${snapTol} m of the network; ` +
        'check that the line layer covers the incidents or raise the snap tolerance',
    );
  }
  throwIfAborted(signal);
  onProgress?.(2, PHASES);

  const lix = lixelize(net, lixelLength);
  const events = groupByLixel(net, lix, snapped.edge, snapped.offset);
  const kde = networkKde(net, events, lix, { bandwidth, method, kernel, div: 'none', signal });
  onProgress?.(3, PHASES);
  const ell = neighbourhoodLength(net, lix, bandwidth, signal);
  onProgress?.(4, PHASES);

  const m = lix.edge.length;
  const own = new Float64Array(m);
  for (let k = 0; k < m; k++) own[k] = events.lixelStart[k + 1] - events.lixelStart[k];
  const expected = new Float64Array(m);
  const p = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const share = Math.min(1, ell[k] / net.totalLength);
    expected[k] = nSnapped * share;
    const c = Math.round(kde.count[k]);
    p[k] = c <= 0 ? 1 : Math.min(1, Math.max(0, binomialSf(c - 1, nSnapped, share)));
  }
  const { q } = fdr(p, { alpha });
  const significant = new Uint8Array(m);
  for (let k = 0; k < m; k++) {
    if (q[k] <= alpha && kde.count[k] >= minRatio * expected[k]) significant[k] = 1;
  }
  throwIfAborted(signal);

  // Hysteresis, as in edge detection: significant lixels seed a stretch, which then grows through
  // any lixel busier than the null's mean, so chance dips inside a corridor do not cut it up —
  // and whose network density is at least the network's mean rate, so a stretch follows the
  // density instead of the box of two bandwidths the count spreads around a sharp peak.
  const perM = nSnapped / net.totalLength;
  const floor = minRatio * perM;
  const weak = new Uint8Array(m);
  for (let k = 0; k < m; k++) {
    weak[k] = (significant[k] || (kde.count[k] > 0 && kde.count[k] >= expected[k])) && kde.density[k] >= perM ? 1 : 0;
  }
  const seedsOfStretches = Uint8Array.from(significant, (v, k) => v & weak[k]);
  const paths = corridorPaths(net, lix, seedsOfStretches, weak, own, kde.density, minLengthM, minRatio, nSnapped, true);
  onProgress?.(5, PHASES);

  const envelope = densityEnvelope(net, nSnapped, lix, { bandwidth, method, kernel, signal });
  const seedLevel = Math.max(floor, envelope.level);
  const growLevel = Math.max(floor, envelope.maxima[envelope.maxima.length >> 1]);
  const taken = new Uint8Array(m);
  for (const path of paths) for (const k of path) taken[k] = 1;
  // Peaks: free lixels above the envelope seed regions that grow through free lixels above the
  // median of the random maxima. A region is the density's own extent, so it is not trimmed as
  // stretches are (against stubs the count spreads onto crossing roads).
  const peakSeeds = new Uint8Array(m);
  const peakRegion = new Uint8Array(m);
  for (let k = 0; k < m; k++) {
    peakSeeds[k] = !taken[k] && kde.density[k] > seedLevel ? 1 : 0;
    peakRegion[k] = !taken[k] && kde.density[k] >= growLevel ? 1 : 0;
  }
  paths.push(...corridorPaths(net, lix, peakSeeds, peakRegion, own, kde.density, minPeakLengthM, minRatio, nSnapped, false));
  const drafts: CorridorDraft[] = paths.map((path) => {
    const { center, members, pMin } = pathGeometry(net, lix, path, events, q);
    const dists = Float64Array.from(members, (i) => snapped.distance[i]);
    const halfWidthM = Math.max(25, members.length > 0 ? quantile(dists, 0.9) : 25);
    return { mode: 'network', center, halfWidthM, members, pValue: pMin };
  });
  drafts.sort((a, b) => b.members.length - a.members.length);
  const corridors = drafts.map((d, k) => summarizeCorridor(d, `corridor-${k + 1}`, input, proj, border, borderNearM));
  onProgress?.(6, PHASES);

  const lixels = lixelLayer(net, lix, own, kde.density, kde.count, expected, q, significant);
  onProgress?.(7, PHASES);
  return {
    mode: 'network',
    corridors,
    unsnapped: Int32Array.from(unsnappedList),
    lixels,
    parameters: {
      snapToleranceM: snapTol,
      nodeToleranceM: nodeTol,
      lixelLengthM: lixelLength,
      bandwidthM: bandwidth,
      method,
      kernel,
      fdr: alpha,
      minRatio,
      minLengthM,
      minPeakLengthM,
      // Per km, as the lixel layer's density: the random envelope peaks must exceed.
      densityEnvelopePerKm: seedLevel * 1000,
      envelopeSimulations: envelope.maxima.length,
      borderNearM,
      projection: proj.epsg,
      networkLengthM: net.totalLength,
      snapped: nSnapped,
    },
  };
}

type LineGeom = Extract<Geometry, { type: 'LineString' | 'MultiLineString' }>;

function lineGeometries(network: FeatureCollection | ReadonlyArray<Geometry | null>): LineGeom[] {
  const list: (Geometry | null)[] = Array.isArray(network)
    ? [...(network as ReadonlyArray<Geometry | null>)]
    : (network as FeatureCollection).features.map((f) => f.geometry);
  const out: LineGeom[] = [];
  list.forEach((g, i) => {
    if (g === null || g === undefined) return;
    if (g.type === 'LineString' || g.type === 'MultiLineString') out.push(g);
    else throw new UserError(`corridors: the network layer must hold lines; feature ${i} is a ${g.type}`);
  });
  if (out.length === 0) throw new UserError('corridors: the network layer holds no lines');
  return out;
}

/** Neighbouring lixels: along the same edge, and through the nodes at edge ends. */
function lixelNeighbours(net: LineNetwork, lix: Lixels, k: number, visit: (j: number) => void): void {
  const e = lix.edge[k];
  const a = lix.edgeStart[e];
  const b = lix.edgeStart[e + 1];
  if (k > a) visit(k - 1);
  if (k < b - 1) visit(k + 1);
  const ends: number[] = [];
  if (k === a) ends.push(net.edgeFrom[e]);
  if (k === b - 1) ends.push(net.edgeTo[e]);
  for (const node of ends) {
    for (let t = net.nodeEdgeStart[node]; t < net.nodeEdgeStart[node + 1]; t++) {
      const f = net.nodeEdges[t];
      if (net.edgeFrom[f] === node && !(f === e && k === a)) visit(lix.edgeStart[f]);
      if (net.edgeTo[f] === node && !(f === e && k === b - 1)) visit(lix.edgeStart[f + 1] - 1);
    }
  }
}

/**
 * Corridor paths from the significant lixels: per connected stretch, the longest path (two sweeps
 * of Dijkstra over the lixel graph: exact on trees, a close bound with loops), its ends trimmed;
 * lixels off the path go round again so a branching
 * stretch can give several corridors.
 */
function corridorPaths(
  net: LineNetwork,
  lix: Lixels,
  significant: Uint8Array,
  weak: Uint8Array,
  own: Float64Array,
  density: Float64Array,
  minLength: number,
  minRatio: number,
  n: number,
  trim: boolean,
): number[][] {
  const m = lix.edge.length;
  const perM = n / net.totalLength;
  const used = new Uint8Array(m);
  const paths: number[][] = [];
  const dist = new Float64Array(m).fill(Infinity);
  const prev = new Int32Array(m).fill(-1);
  // Component membership by a stamp per round, so no per-stretch set is built.
  const compStamp = new Int32Array(m);
  let round = 0;

  const sweep = (src: number, member: (j: number) => boolean, touched: number[]): number => {
    for (const j of touched) {
      dist[j] = Infinity;
      prev[j] = -1;
    }
    touched.length = 0;
    dist[src] = 0;
    touched.push(src);
    const heap = new MinHeap();
    heap.push(0, src);
    let far = src;
    while (heap.size > 0) {
      const d = heap.topKey();
      const u = heap.pop();
      if (d > dist[u]) continue;
      if (d > dist[far]) far = u;
      lixelNeighbours(net, lix, u, (v) => {
        if (!member(v)) return;
        const nd = d + (lix.length[u] + lix.length[v]) / 2;
        if (nd < dist[v]) {
          if (dist[v] === Infinity) touched.push(v);
          dist[v] = nd;
          prev[v] = u;
          heap.push(nd, v);
        }
      });
    }
    return far;
  };

  // Every round uses up at least its path, so scanning for seeds only moves forward.
  for (let seed = 0; seed < m; seed++) {
    if (!significant[seed] || used[seed]) continue;
    // The stretch: significant, unused lixels connected to the seed.
    const comp: number[] = [seed];
    const stamp = ++round;
    compStamp[seed] = stamp;
    for (let h = 0; h < comp.length; h++) {
      lixelNeighbours(net, lix, comp[h], (v) => {
        if (weak[v] && !used[v] && compStamp[v] !== stamp) {
          compStamp[v] = stamp;
          comp.push(v);
        }
      });
    }
    const member = (v: number): boolean => compStamp[v] === stamp;
    const touched: number[] = [];
    const a = sweep(seed, member, touched);
    const b = sweep(a, member, touched);
    const path: number[] = [];
    for (let v = b; v >= 0; v = prev[v]) path.push(v);
    for (const j of touched) {
      dist[j] = Infinity;
      prev[j] = -1;
    }
    // Trim the ends where the density falls below half the path's median: at the end of a
    // uniformly busy stretch a symmetric kernel gives exactly half, so the cut lands on the end.
    const dens = Float64Array.from(path, (k) => density[k]).sort();
    const half = dens.length > 0 ? dens[dens.length >> 1] / 2 : 0;
    // An end lixel must also be busier itself than minRatio × an average lixel of its length:
    // incidents that snapped onto a crossing road near a corridor make a short, dense stub whose
    // kernel spreads a bandwidth either way; this keeps the spread out.
    const busy = (k: number): boolean => density[k] >= half && own[k] > 0 && own[k] >= minRatio * perM * lix.length[k];
    let s = 0;
    let e = path.length - 1;
    while (trim && s <= e && !busy(path[s])) s++;
    while (trim && e >= s && !busy(path[e])) e--;
    const core = path.slice(s, e + 1);
    let len = 0;
    for (const k of core) len += lix.length[k];
    // The whole stretch is consumed when its longest path is; what stays off the path goes round again.
    const onPath = new Set(path);
    for (const k of comp) if (onPath.has(k)) used[k] = 1;
    if (len >= minLength) paths.push(core);
    // Lixels of this stretch off the path may start another one, at this same seed index or later.
    if (!used[seed]) seed--;
  }
  return paths;
}

/** A lixel path as one polyline, the incidents on it and its smallest q-value. */
function pathGeometry(
  net: LineNetwork,
  lix: Lixels,
  path: number[],
  events: { order: Int32Array; lixelStart: Int32Array },
  q: Float64Array,
): { center: { x: Float64Array; y: Float64Array }; members: Int32Array; pMin: number } {
  const xs: number[] = [];
  const ys: number[] = [];
  const members: number[] = [];
  let pMin = 1;
  for (let i = 0; i < path.length; i++) {
    const k = path[i];
    const e = lix.edge[k];
    // Orientation: leave towards the next lixel (or away from the previous one at the last).
    let forward: boolean;
    if (i + 1 < path.length) forward = endTowards(net, lix, k, path[i + 1]);
    else if (i > 0) forward = !endTowards(net, lix, k, path[i - 1]);
    else forward = true;
    const seg = forward ? edgeSlice(net, e, lix.start[k], lix.end[k]) : edgeSlice(net, e, lix.end[k], lix.start[k]);
    for (let j = xs.length > 0 ? 1 : 0; j < seg.length; j++) {
      xs.push(seg[j][0]);
      ys.push(seg[j][1]);
    }
    for (let j = events.lixelStart[k]; j < events.lixelStart[k + 1]; j++) members.push(events.order[j]);
    if (q[k] < pMin) pMin = q[k];
  }
  return { center: { x: Float64Array.from(xs), y: Float64Array.from(ys) }, members: Int32Array.from(members), pMin };
}

/** True when lixel k touches lixel j at k's end (offset `end`), false when at its start. */
function endTowards(net: LineNetwork, lix: Lixels, k: number, j: number): boolean {
  const e = lix.edge[k];
  if (lix.edge[j] === e && Math.abs(j - k) === 1) return j > k;
  const atEndNode = net.edgeTo[e];
  const f = lix.edge[j];
  const jStart = j === lix.edgeStart[f];
  const jEnd = j === lix.edgeStart[f + 1] - 1;
  const touchesEnd = k === lix.edgeStart[e + 1] - 1 && ((jStart && net.edgeFrom[f] === atEndNode) || (jEnd && net.edgeTo[f] === atEndNode));
  return touchesEnd;
}

function lixelLayer(
  net: LineNetwork,
  lix: Lixels,
  own: Float64Array,
  density: Float64Array,
  count: Float64Array,
  expected: Float64Array,
  q: Float64Array,
  significant: Uint8Array,
): LixelLayer {
  const m = lix.edge.length;
  const flat: number[] = [];
  const coordStart = new Int32Array(m + 1);
  const perKm = new Float64Array(m);
  const densityKm = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    coordStart[k + 1] = coordStart[k] + appendEdgeSliceLonLat(net, lix.edge[k], lix.start[k], lix.end[k], flat);
    perKm[k] = lix.length[k] > 0 ? (own[k] * 1000) / lix.length[k] : 0;
    // div 'none' gives incidents per metre of network; analysts read per km.
    densityKm[k] = density[k] * 1000;
  }
  return {
    coordStart,
    coords: Float64Array.from(flat),
    lengthM: lix.length,
    count: own,
    perKm,
    density: densityKm,
    neighbourhoodCount: count,
    expected,
    qValue: q,
    significant,
  };
}

/** Binary min-heap of (key, value) pairs in typed arrays. */
class MinHeap {
  private keys = new Float64Array(64);
  private vals = new Int32Array(64);
  size = 0;

  push(key: number, val: number): void {
    if (this.size === this.keys.length) {
      const k = new Float64Array(this.size * 2);
      k.set(this.keys);
      this.keys = k;
      const v = new Int32Array(this.size * 2);
      v.set(this.vals);
      this.vals = v;
    }
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.keys[p] <= key) break;
      this.keys[i] = this.keys[p];
      this.vals[i] = this.vals[p];
      i = p;
    }
    this.keys[i] = key;
    this.vals[i] = val;
  }

  topKey(): number {
    return this.keys[0];
  }

  pop(): number {
    const top = this.vals[0];
    const n = --this.size;
    if (n > 0) {
      const key = this.keys[n];
      const val = this.vals[n];
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && this.keys[c + 1] < this.keys[c]) c++;
        if (this.keys[c] >= key) break;
        this.keys[i] = this.keys[c];
        this.vals[i] = this.vals[c];
        i = c;
      }
      this.keys[i] = key;
      this.vals[i] = val;
    }
    return top;
  }
}
