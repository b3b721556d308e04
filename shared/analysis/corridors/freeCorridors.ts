/**
 * Free corridors: elongated concentrations of incidents with no line layer to follow.
 *
 * 1. Local shape: incidents are binned in a grid; for every occupied cell, the count and the
 *    covariance of the incidents in a square window around it (summed-area tables, O(1) per cell)
 *    say whether the neighbourhood is dense (above what the study-wide mean density gives in the
 *    window, at p ≈ 0.001) and linear (major/minor variance ≥ minLinearity). Round hotspots and
 *    background noise fail one test or the other, so a corridor running through a town is cut at
 *    the town instead of being swallowed by it.
 * 2. DBSCAN on the incidents of linear cells joins them into candidate strands.
 * 3. Each strand gets a principal curve; it is a corridor when the curve is at least minLengthM
 *    long and length / width ≥ minElongation, the width being twice the widthQuantile of the
 *    perpendicular distances. Points far from an accepted curve go back for another round, so
 *    two corridors that touch are both found.
 */
import { UserError } from '../../errors.ts';
import { throwIfAborted } from '../cancel.ts';
import { dbscan } from '../dbscan.ts';
import { buildCellGrid } from '../cellGrid.ts';
import { extendEnds } from './extendEnds.ts';
import { joinAligned } from './joinAligned.ts';
import { buildLineNetwork } from './lineNetwork.ts';
import { snapToNetwork } from './snapToNetwork.ts';
import { principalCurve, projectOnCurve } from './principalCurve.ts';
import { polylineLength, slicePolyline, type XY } from './polyline.ts';
import { summarizeCorridor, type CorridorDraft } from './corridorSummary.ts';
import { checkIncidents, positive, projectBorder, projectIncidents, projectionFor, quantile } from './validate.ts';
import type { CorridorResult, FreeCorridorOptions, IncidentArrays } from './types.ts';

export interface FreeCorridorTuning {
  /** Grid cell for the local-shape test, metres. */
  cellM?: number;
  /** Half side of the square window of the local-shape test, metres. */
  windowM?: number;
  /** Major / minor variance of a window for its cell to count as linear. */
  minLinearity?: number;
  /** Pieces whose ends are this close and point at each other are one corridor, metres. */
  joinGapM?: number;
}

const MAX_GRID_CELLS = 4_000_000;

export function freeCorridors(input: IncidentArrays, options: FreeCorridorOptions & FreeCorridorTuning = {}): CorridorResult {
  const minPoints = options.minPoints ?? 5;
  if (!Number.isInteger(minPoints) || minPoints < 2) {
    throw new UserError(`corridors: minPoints must be a whole number of at least 2, got ${minPoints}`);
  }
  const minLengthM = positive('minLengthM', options.minLengthM, 5000);
  const minElongation = positive('minElongation', options.minElongation, 3);
  const widthQuantile = positive('widthQuantile', options.widthQuantile, 0.9);
  if (widthQuantile >= 1) throw new UserError(`corridors: widthQuantile must be below 1, got ${widthQuantile}`);
  let cell = positive('cellM', options.cellM, 250);
  const windowM = positive('windowM', options.windowM, 1500);
  const minLinearity = positive('minLinearity', options.minLinearity, 4);
  const borderNearM = positive('borderNearM', options.borderNearM, 5000);
  const joinGapM = positive('joinGapM', options.joinGapM, 2 * windowM);
  if (options.epsM !== undefined) positive('epsM', options.epsM, 1);
  checkIncidents(input, 3 * minPoints);
  const { signal, onProgress } = options;

  const proj = projectionFor(input);
  const P = projectIncidents(input, proj);
  const border = projectBorder(options.border, proj);
  const n = P.x.length;

  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  let valid = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(P.x[i])) continue;
    valid++;
    if (P.x[i] < minX) minX = P.x[i];
    if (P.x[i] > maxX) maxX = P.x[i];
    if (P.y[i] < minY) minY = P.y[i];
    if (P.y[i] > maxY) maxY = P.y[i];
  }
  while (((maxX - minX) / cell + 1) * ((maxY - minY) / cell + 1) > MAX_GRID_CELLS) cell *= 1.5;
  const nx = Math.floor((maxX - minX) / cell) + 1;
  const ny = Math.floor((maxY - minY) / cell) + 1;
  const w = Math.max(1, Math.round(windowM / cell));

  // Summed-area tables of count and first/second moments (coordinates relative to the grid origin).
  const W = nx + 1;
  const S = [0, 1, 2, 3, 4, 5].map(() => new Float64Array(W * (ny + 1)));
  const cellOf = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(P.x[i])) continue;
    const cx = Math.floor((P.x[i] - minX) / cell);
    const cy = Math.floor((P.y[i] - minY) / cell);
    cellOf[i] = cy * nx + cx;
    const k = (cy + 1) * W + (cx + 1);
    const x = P.x[i] - minX;
    const y = P.y[i] - minY;
    S[0][k] += 1;
    S[1][k] += x;
    S[2][k] += y;
    S[3][k] += x * x;
    S[4][k] += y * y;
    S[5][k] += x * y;
  }
  for (const s of S) {
    for (let r = 1; r <= ny; r++) {
      for (let c = 1; c <= nx; c++) s[r * W + c] += s[(r - 1) * W + c] + s[r * W + c - 1] - s[(r - 1) * W + c - 1];
    }
  }
  throwIfAborted(signal);
  onProgress?.(1, 4);

  // Density threshold: a window's count under the study-wide mean density, p ≈ 0.001 (normal bound).
  const area = Math.max((maxX - minX) * (maxY - minY), cell * cell);
  const windowArea = (2 * w + 1) * (2 * w + 1) * cell * cell;
  const lambda0 = (valid * windowArea) / area;
  const minWindowCount = Math.max(3 * minPoints, Math.ceil(lambda0 + 3.1 * Math.sqrt(lambda0) + 1));

  const linear = new Uint8Array(nx * ny);
  const windowDensity = new Float64Array(nx * ny);
  const sum = (s: Float64Array, c0: number, r0: number, c1: number, r1: number): number =>
    s[r1 * W + c1] - s[r0 * W + c1] - s[r1 * W + c0] + s[r0 * W + c0];
  const seen = new Uint8Array(nx * ny);
  for (let i = 0; i < n; i++) {
    const c = cellOf[i];
    if (c < 0 || seen[c]) continue;
    seen[c] = 1;
    const cx = c % nx;
    const cy = (c - cx) / nx;
    const c0 = Math.max(0, cx - w), c1 = Math.min(nx, cx + w + 1);
    const r0 = Math.max(0, cy - w), r1 = Math.min(ny, cy + w + 1);
    const N = sum(S[0], c0, r0, c1, r1);
    if (N < minWindowCount) continue;
    const mx = sum(S[1], c0, r0, c1, r1) / N;
    const my = sum(S[2], c0, r0, c1, r1) / N;
    const vxx = sum(S[3], c0, r0, c1, r1) / N - mx * mx;
    const vyy = sum(S[4], c0, r0, c1, r1) / N - my * my;
    const vxy = sum(S[5], c0, r0, c1, r1) / N - mx * my;
    const tr = vxx + vyy;
    const disc = Math.sqrt(Math.max(0, ((vxx - vyy) * (vxx - vyy)) / 4 + vxy * vxy));
    const l1 = tr / 2 + disc;
    const l2 = Math.max(tr / 2 - disc, 1e-9);
    if (l1 / l2 >= minLinearity) {
      linear[c] = 1;
      windowDensity[c] = N / windowArea;
    }
  }
  throwIfAborted(signal);
  onProgress?.(2, 4);

  const candidates: number[] = [];
  for (let i = 0; i < n; i++) if (cellOf[i] >= 0 && linear[cellOf[i]]) candidates.push(i);
  let eps = options.epsM;
  if (eps === undefined) {
    // Radius holding ~2·minPoints incidents at the typical density of linear windows.
    const dens = Float64Array.from(candidates, (i) => windowDensity[cellOf[i]]);
    const rho = candidates.length > 0 ? quantile(dens, 0.5) : 0;
    eps = rho > 0 ? Math.sqrt((2 * minPoints) / (Math.PI * rho)) : windowM / 3;
    eps = Math.min(windowM / 2, Math.max(cell / 2, eps));
  }

  const drafts: CorridorDraft[] = [];
  const queue: Int32Array[] = [];
  const search = { candidates: candidates.length, strands: 0, longestM: 0, longestElongation: 0 };
  const cluster = (idx: Int32Array): void => {
    if (idx.length < 3 * minPoints) return;
    const x = Float64Array.from(idx, (i) => P.x[i]);
    const y = Float64Array.from(idx, (i) => P.y[i]);
    const res = dbscan(x, y, { eps: eps as number, minPoints, signal });
    const groups: number[][] = Array.from({ length: res.clusterCount }, () => []);
    for (let k = 0; k < idx.length; k++) if (res.labels[k] >= 0) groups[res.labels[k]].push(idx[k]);
    for (const g of groups) if (g.length >= 3 * minPoints) queue.push(Int32Array.from(g));
  };
  cluster(Int32Array.from(candidates));

  const curveCell = Math.max(2 * cell, 400);
  for (let round = 0; queue.length > 0 && round < 200; round++) {
    throwIfAborted(signal);
    const idx = queue.shift() as Int32Array;
    const x = Float64Array.from(idx, (i) => P.x[i]);
    const y = Float64Array.from(idx, (i) => P.y[i]);
    const curve = principalCurve(x, y, { cellM: curveCell });
    if (curve.x.length < 2) continue;
    const pr = projectOnCurve(curve, x, y);
    const L = polylineLength(curve);
    const t0 = Math.max(0, quantile(pr.t, 0.005));
    const t1 = Math.min(L, quantile(pr.t, 0.995));
    if (!(t1 > t0)) continue;
    const center = slicePolyline(curve, t0, t1);
    const inside: number[] = [];
    for (let k = 0; k < idx.length; k++) if (pr.t[k] >= t0 && pr.t[k] <= t1) inside.push(pr.d[k]);
    const halfWidth = Math.max(quantile(Float64Array.from(inside), widthQuantile), cell / 4);
    const length = t1 - t0;
    search.strands++;
    if (length > search.longestM) {
      search.longestM = length;
      search.longestElongation = length / (2 * halfWidth);
    }
    if (length >= minLengthM && length / (2 * halfWidth) >= minElongation) {
      drafts.push({ mode: 'free', center, halfWidthM: halfWidth, members: new Int32Array(0), pValue: null });
    }
    // Whatever lies well off this curve may be another corridor touching it.
    const rest: number[] = [];
    for (let k = 0; k < idx.length; k++) if (pr.d[k] > 2 * halfWidth) rest.push(idx[k]);
    if (rest.length < idx.length) cluster(Int32Array.from(rest));
  }
  onProgress?.(3, 4);

  const joined = joinAligned(drafts, joinGapM, 35, (a, _b, center, halfWidthM) => ({ ...a, center, halfWidthM }));
  drafts.length = 0;
  drafts.push(...joined);
  if (drafts.length > 0) {
    const validIdx: number[] = [];
    for (let i = 0; i < n; i++) if (Number.isFinite(P.x[i])) validIdx.push(i);
    const vx = Float64Array.from(validIdx, (i) => P.x[i]);
    const vy = Float64Array.from(validIdx, (i) => P.y[i]);
    const grid = buildCellGrid(vx, vy, 500);
    for (const d of drafts) {
      d.center = extendEnds(d.center, d.halfWidthM, grid, vx, vy, { stepM: 1000, maxM: 2 * windowM + 10_000, minRatio: 1.5, alpha: 0.01 });
    }
    // Two pieces walked into the same town from either side may now meet.
    const rejoined = joinAligned(drafts, joinGapM, 35, (a, _b, center, halfWidthM) => ({ ...a, center, halfWidthM }));
    drafts.length = 0;
    drafts.push(...rejoined);
  }
  for (const d of drafts) d.members = membersNear(d.center, d.halfWidthM, P);
  drafts.sort((a, b) => b.members.length - a.members.length);
  const corridors = drafts.map((d, k) => summarizeCorridor(d, `corridor-${k + 1}`, input, proj, border, borderNearM));
  onProgress?.(4, 4);
  return {
    mode: 'free',
    corridors,
    unsnapped: new Int32Array(0),
    lixels: null,
    search,
    parameters: {
      epsM: eps,
      minPoints,
      minLengthM,
      minElongation,
      widthQuantile,
      cellM: cell,
      windowM,
      minLinearity,
      joinGapM,
      borderNearM,
      projection: proj.epsg,
    },
  };
}

/** Incidents within the half width of the centreline whose foot falls between its ends. */
function membersNear(center: XY, halfWidth: number, P: XY): Int32Array {
  const pts: [number, number][] = Array.from(center.x, (x, i) => [x, center.y[i]]);
  const net = buildLineNetwork([pts], { nodeTolerance: 1e-6 });
  if (net.edgeCount === 0) return new Int32Array(0);
  const snapped = snapToNetwork(net, P.x, P.y, halfWidth);
  const L = net.edgeLength[0];
  const out: number[] = [];
  for (let i = 0; i < P.x.length; i++) {
    if (snapped.edge[i] === 0 && snapped.offset[i] > 0 && snapped.offset[i] < L) out.push(i);
  }
  return Int32Array.from(out);
}
