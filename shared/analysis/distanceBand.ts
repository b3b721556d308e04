/**
 * Fixed-distance-band spatial weights for Gi*: binary, symmetric, each feature its own neighbour.
 *
 * Inputs: feature centres cx, cy in metres (e.g. aggregateGrid cells); band in metres, by
 * default the smallest distance that gives every feature at least one neighbour (the largest
 * nearest-neighbour distance, as ArcGIS's default for a fixed band).
 * Output: CSR adjacency (offsets, indices; row i ascending, i itself included) plus the band used.
 * j is a neighbour of i iff d(i, j) ≤ band·(1 + 1e-9): the tolerance keeps regular lattices (hex
 * and square cells, whose neighbour distances differ in the last bits) symmetric and complete.
 */
import { UserError } from '../errors.ts';
import { type LongRunOptions, throwIfAborted } from './cancel.ts';
import { buildCellGrid } from './cellGrid.ts';
import { checkPoints } from './dbscan.ts';
import type { Adjacency } from './gistar.ts';
import { kthNeighbourDistances } from './knn.ts';

export interface BandAdjacency extends Adjacency {
  /** Band in metres. */
  band: number;
}

const MAX_LINKS = 60_000_000;

export function distanceBand(cx: Float64Array, cy: Float64Array, band?: number, options: LongRunOptions = {}): BandAdjacency {
  checkPoints(cx, cy, 'distance band');
  const n = cx.length;
  if (n < 2) throw new UserError(`distance band: needs at least 2 features, got ${n}`);
  if (band !== undefined && !(band > 0 && Number.isFinite(band))) {
    throw new UserError(`distance band: the band must be a distance in metres greater than 0, got ${band}`);
  }
  let b = band;
  if (b === undefined) {
    const nn = kthNeighbourDistances(cx, cy, 1);
    b = 0;
    for (let i = 0; i < n; i++) if (nn[i] > b) b = nn[i];
    if (!(b > 0)) throw new UserError('distance band: all features are at the same place');
  }
  const reach = b * (1 + 1e-9);
  const reach2 = reach * reach;
  const grid = buildCellGrid(cx, cy, reach);
  const cellOf = new Int32Array(n);
  for (let c = 0; c < grid.cellCount; c++) {
    for (let k = grid.cellStart[c]; k < grid.cellStart[c + 1]; k++) cellOf[grid.order[k]] = c;
  }
  const offsets = new Int32Array(n + 1);
  let indices = new Int32Array(Math.max(16, n * 8));
  let used = 0;
  const row: number[] = [];
  for (let i = 0; i < n; i++) {
    if ((i & 4095) === 0) {
      throwIfAborted(options.signal);
      options.onProgress?.(i, n);
    }
    row.length = 0;
    const c = cellOf[i];
    const gx = grid.cellX[c];
    const gy = grid.cellY[c];
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const c2 = grid.find(gx + dx, gy + dy);
        if (c2 < 0) continue;
        for (let k = grid.cellStart[c2]; k < grid.cellStart[c2 + 1]; k++) {
          const j = grid.order[k];
          const ex = cx[j] - cx[i];
          const ey = cy[j] - cy[i];
          if (ex * ex + ey * ey <= reach2) row.push(j);
        }
      }
    }
    row.sort((a, c3) => a - c3);
    if (used + row.length > indices.length) {
      if (used + row.length > MAX_LINKS) {
        throw new UserError(
          `distance band: a band of ${Math.round(b)} m links too many features (over ${MAX_LINKS} pairs); use a smaller band or larger cells`,
        );
      }
      const bigger = new Int32Array(Math.min(MAX_LINKS, Math.max(indices.length * 2, used + row.length)));
      bigger.set(indices.subarray(0, used));
      indices = bigger;
    }
    for (const j of row) indices[used++] = j;
    offsets[i + 1] = used;
  }
  options.onProgress?.(n, n);
  return { offsets, indices: indices.slice(0, used), band: b };
}
