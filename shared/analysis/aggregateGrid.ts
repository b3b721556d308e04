/**
 * Aggregates incidents into hexagonal or square cells, the first step of an optimized hot spot
 * analysis (Gi* runs on the cells, not the points).
 *
 * Inputs: x, y in metres; weights per point or null (each point counts 1); options: shape
 * ('hex' default, or 'square'), cellSize in metres — for squares the side, for hexagons the
 * distance between adjacent centres (flat-to-flat width; pointy-top hexagons, rows east–west).
 * Default cellSize as ArcGIS's Optimized Hot Spot Analysis: from nearest-neighbour distances,
 * max(mean NN, median NN) × max(2, max(mean, median)/min(mean, median)).
 * keepEmpty: also return the empty cells of the lattice, which covers the points' bounding box
 * and one cell around it (default: only cells holding incidents, as OHSA without bounding
 * polygons).
 * area: a study area (studyArea.ts) — only the cells inside it are cells at all (OHSA with
 * bounding polygons: "all cells within the bounding polygons will be analyzed"): a cell whose
 * centre lies in it, or that holds an incident lying in it (so no incident inside the area is
 * left out: a coastal town's cell may have its centre at sea); an incident in a cell outside —
 * itself outside the area — has cellOfPoint −1 and counts nowhere. extent: lay the lattice over
 * this extent (and one cell around it) instead of the points' — a study area reaching beyond them.
 * Output: cells sorted south→north then west→east: centres cx, cy (metres), count, value (sum
 * of weights, or count), cellOfPoint (cell index per input point, −1 outside the area), the cell
 * size used, and what the area left out: lattice cells (with keepEmpty) and incidents.
 */
import { UserError } from '../errors.ts';
import { checkPoints } from './dbscan.ts';
import { kthNeighbourDistances } from './knn.ts';
import { forEachInside, type PlanarArea } from './planarArea.ts';
import { pointsExtent, type Extent } from './pointsExtent.ts';

export type CellShape = 'hex' | 'square';

export interface AggregateOptions {
  cellSize?: number;
  shape?: CellShape;
  keepEmpty?: boolean;
  area?: PlanarArea;
  extent?: Extent;
}

export interface AggregatedCells {
  shape: CellShape;
  cellSize: number;
  cx: Float64Array;
  cy: Float64Array;
  count: Int32Array;
  value: Float64Array;
  cellOfPoint: Int32Array;
  /** Lattice cells left out by the study area (keepEmpty only; 0 without an area). */
  cellsOutside: number;
  /** Incidents in cells left out by the study area, or off the lattice of a given extent. */
  pointsOutside: number;
}

const MAX_CELLS = 5_000_000;

/** OHSA's default cell size from nearest-neighbour distances (metres). */
export function defaultCellSize(x: Float64Array, y: Float64Array): number {
  if (x.length < 3) throw new UserError(`hot spot grid: needs at least 3 incidents, got ${x.length}`);
  const nn = kthNeighbourDistances(x, y, 1);
  let sum = 0;
  for (let i = 0; i < nn.length; i++) sum += nn[i];
  const mean = sum / nn.length;
  const sorted = Float64Array.from(nn).sort();
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return cellSizeFromNearest(mean, median);
}

/** OHSA's cell size from the mean and median nearest-neighbour distance (a database may measure them). */
export function cellSizeFromNearest(mean: number, median: number): number {
  const hi = Math.max(mean, median);
  const lo = Math.min(mean, median);
  if (!(hi > 0)) throw new UserError('hot spot grid: all incidents are at the same place; give a cell size');
  // Many incidents share an address (median NN 0): the ratio is then meaningless, use 2.
  const factor = lo > 0 ? Math.max(2, hi / lo) : 2;
  return hi * factor;
}

/**
 * Nearest hexagon centre of (px, py) on a pointy-top lattice with origin (0, 0): returns
 * [col, row]. A hexagon reaches only dx/√3 < dy from its centre vertically, so the nearest
 * centre is in one of the two rows around py: take the nearest column in each, keep the closer.
 */
function hexCell(px: number, py: number, dx: number, dy: number): [number, number] {
  const r0 = Math.floor(py / dy);
  let bestCol = 0;
  let bestRow = r0;
  let bestD = Infinity;
  for (let row = r0; row <= r0 + 1; row++) {
    const shift = (row & 1) / 2;
    const col = Math.round(px / dx - shift);
    const ex = px - (col + shift) * dx;
    const ey = py - row * dy;
    const d = ex * ex + ey * ey;
    if (d < bestD) {
      bestD = d;
      bestCol = col;
      bestRow = row;
    }
  }
  return [bestCol, bestRow];
}

/**
 * The cells' lattice over an extent: origin one cell south-west of it so every index is ≥ 0,
 * rows of `dy` east–west, and a cell's key `row * (cols + 2) + col`. A database that counts the
 * incidents per cell (a team workspace, store/pushdown.ts) keys them the same way.
 */
export interface Lattice {
  shape: CellShape;
  cellSize: number;
  ox: number;
  oy: number;
  dx: number;
  dy: number;
  cols: number;
  rows: number;
}

export function gridLattice(extent: Extent, cellSize: number, shape: CellShape, keepEmpty: boolean): Lattice {
  if (shape !== 'hex' && shape !== 'square') throw new UserError(`hot spot grid: unknown cell shape "${String(shape)}" (hex or square)`);
  if (!(cellSize > 0) || !Number.isFinite(cellSize)) throw new UserError(`hot spot grid: cell size must be a distance in metres greater than 0, got ${cellSize}`);
  const { minX, minY, maxX, maxY } = extent;
  const dx = cellSize;
  const dy = shape === 'hex' ? (cellSize * Math.sqrt(3)) / 2 : cellSize;
  const cols = Math.floor((maxX - minX) / dx) + 3;
  const rows = Math.floor((maxY - minY) / dy) + 3;
  if (cols * rows > MAX_CELLS * 4 && keepEmpty) {
    throw new UserError(`hot spot grid: a ${Math.round(cellSize)} m cell gives too many cells for this extent; use a larger cell size`);
  }
  return { shape, cellSize, ox: minX - dx, oy: minY - dy, dx, dy, cols, rows };
}

/** The key of the cell holding (x, y); −1 off the lattice (only when it was laid over a given extent). */
export function cellKey(l: Lattice, x: number, y: number): number {
  let col: number;
  let row: number;
  if (l.shape === 'hex') [col, row] = hexCell(x - l.ox, y - l.oy, l.dx, l.dy);
  else {
    col = Math.floor((x - l.ox) / l.dx);
    row = Math.floor((y - l.oy) / l.dy);
  }
  return col < 0 || row < 0 || col > l.cols || row > l.rows ? -1 : row * (l.cols + 2) + col;
}

/**
 * The cells from the occupied keys with their counts and values (each key once; −1 for the
 * incidents off the lattice): sorted by key, with keepEmpty the lattice's empty cells among
 * them, and only cells whose centre is in the area when there is one — or that hold an incident
 * lying in it (`addInside` adds the keys of those not yet `kept`, to both). Also the cell of each key.
 */
export function latticeCells(
  l: Lattice,
  occupied: ArrayLike<number>,
  counts: ArrayLike<number>,
  values: ArrayLike<number>,
  options: { keepEmpty?: boolean; area?: PlanarArea; addInside?: (kept: Set<number>, add: (key: number) => void) => void } = {},
): { cells: Omit<AggregatedCells, 'cellOfPoint'>; cellOfKey: Map<number, number> } {
  const { shape, ox, oy, dx, dy, cols, rows } = l;
  // A lattice cell's centre: rows east–west, odd hexagon rows shifted half a cell.
  const centreX = (col: number, row: number) => (shape === 'hex' ? ox + (col + (row & 1) / 2) * dx : ox + (col + 0.5) * dx);
  const centreY = (row: number) => (shape === 'hex' ? oy + row * dy : oy + (row + 0.5) * dy);
  const area = options.area;
  const keys: number[] = [];
  let cellsOutside = 0;
  if (options.keepEmpty) {
    for (let row = 0; row <= rows; row++) {
      if (!area) {
        for (let col = 0; col <= cols; col++) keys.push(row * (cols + 2) + col);
        continue;
      }
      forEachInside(area.rowIntervals(centreY(row)), centreX(0, row), dx, cols + 1, (col) => keys.push(row * (cols + 2) + col));
    }
  } else {
    for (let k = 0; k < occupied.length; k++) {
      const key = occupied[k];
      if (key < 0) continue;
      const row = Math.floor(key / (cols + 2));
      if (!area || area.contains(centreX(key - row * (cols + 2), row), centreY(row))) keys.push(key);
    }
  }
  if (area) {
    // Cells whose centre is outside but that hold an incident inside the area.
    const kept = new Set(keys);
    options.addInside?.(kept, (key) => keys.push(key));
    if (options.keepEmpty) cellsOutside = (rows + 1) * (cols + 1) - keys.length;
  }
  keys.sort((a, b) => a - b);
  if (keys.length > MAX_CELLS) throw new UserError(`hot spot grid: ${keys.length} cells is too many; use a larger cell size`);
  if (area && keys.length === 0) throw new UserError('hot spot grid: no cell lies in the study area; use a smaller cell size or another study area');
  const cellOfKey = new Map<number, number>();
  keys.forEach((k, i) => cellOfKey.set(k, i));
  const m = keys.length;
  const cx = new Float64Array(m);
  const cy = new Float64Array(m);
  for (let c = 0; c < m; c++) {
    const row = Math.floor(keys[c] / (cols + 2));
    cx[c] = centreX(keys[c] - row * (cols + 2), row);
    cy[c] = centreY(row);
  }
  const count = new Int32Array(m);
  const value = new Float64Array(m);
  let pointsOutside = 0;
  for (let k = 0; k < occupied.length; k++) {
    const c = cellOfKey.get(occupied[k]);
    if (c === undefined) {
      pointsOutside += counts[k];
      continue;
    }
    count[c] += counts[k];
    value[c] += values[k];
  }
  return { cells: { shape, cellSize: l.cellSize, cx, cy, count, value, cellsOutside, pointsOutside }, cellOfKey };
}

export function aggregateGrid(x: Float64Array, y: Float64Array, weights: Float64Array | null, options: AggregateOptions = {}): AggregatedCells {
  checkPoints(x, y, 'hot spot grid');
  const n = x.length;
  const shape = options.shape ?? 'hex';
  if (shape !== 'hex' && shape !== 'square') throw new UserError(`hot spot grid: unknown cell shape "${String(shape)}" (hex or square)`);
  if (weights && weights.length !== n) throw new UserError(`hot spot grid: ${n} incidents but ${weights.length} weights`);
  if (weights) {
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(weights[i])) throw new UserError(`hot spot grid: incident ${i} has no valid weight (${weights[i]})`);
    }
  }
  const cellSize = options.cellSize ?? defaultCellSize(x, y);
  const lattice = gridLattice(options.extent ?? pointsExtent(x, y), cellSize, shape, options.keepEmpty === true);
  // Counts and values per occupied key (−1: off the lattice), in order of first appearance.
  const keyOf = new Float64Array(n);
  const slotOf = new Map<number, number>();
  const occupied: number[] = [];
  const counts: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    const key = cellKey(lattice, x[i], y[i]);
    keyOf[i] = key;
    let slot = slotOf.get(key);
    if (slot === undefined) {
      slot = occupied.length;
      slotOf.set(key, slot);
      occupied.push(key);
      counts.push(0);
      values.push(0);
    }
    counts[slot]++;
    values[slot] += weights ? weights[i] : 1;
  }
  const area = options.area;
  const addInside = (kept: Set<number>, add: (key: number) => void): void => {
    for (let i = 0; i < n; i++) {
      if (keyOf[i] >= 0 && !kept.has(keyOf[i]) && area!.contains(x[i], y[i])) {
        kept.add(keyOf[i]);
        add(keyOf[i]);
      }
    }
  };
  const { cells, cellOfKey } = latticeCells(lattice, occupied, counts, values, { keepEmpty: options.keepEmpty, area, addInside });
  const cellOfPoint = new Int32Array(n);
  for (let i = 0; i < n; i++) cellOfPoint[i] = cellOfKey.get(keyOf[i]) ?? -1;
  return { ...cells, cellOfPoint };
}

/** The outline of a cell in metres, closed ring, counter-clockwise. */
export function cellRing(shape: CellShape, cellSize: number, cx: number, cy: number): [number, number][] {
  if (shape === 'square') {
    const h = cellSize / 2;
    return [
      [cx - h, cy - h],
      [cx + h, cy - h],
      [cx + h, cy + h],
      [cx - h, cy + h],
      [cx - h, cy - h],
    ];
  }
  const r = cellSize / Math.sqrt(3);
  const ring: [number, number][] = [];
  for (let k = 0; k < 6; k++) {
    // Pointy-top: corners at 30° + k·60°, circumradius cellSize/√3.
    const a = Math.PI / 6 + (k * Math.PI) / 3;
    ring.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
  }
  ring.push(ring[0]);
  return ring;
}
