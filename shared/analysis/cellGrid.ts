/**
 * A bucket grid over planar points: point indices sorted by cell (CSR), plus a cell lookup by
 * integer cell coordinates. Dense lookup table when the grid is small relative to the point
 * count, an open-addressing hash otherwise (wide sparse extents with a small cell size), so
 * memory stays O(n) either way. Internal helper for dbscan and the neighbour searches.
 */
import { UserError } from '../errors.ts';

export interface CellGrid {
  cellSize: number;
  originX: number;
  originY: number;
  /** Number of non-empty cells. */
  cellCount: number;
  /** Point indices ordered by cell: cell c holds order[cellStart[c] .. cellStart[c + 1]). */
  order: Int32Array;
  cellStart: Int32Array;
  /** Integer coordinates of each non-empty cell. */
  cellX: Int32Array;
  cellY: Int32Array;
  /** Cell id at integer cell coordinates, −1 when empty or outside. */
  find(cx: number, cy: number): number;
}

const DENSE_LIMIT = 1 << 27;

export function buildCellGrid(x: Float64Array, y: Float64Array, cellSize: number): CellGrid {
  const n = x.length;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const a = x[i];
    const b = y[i];
    if (a < minX) minX = a;
    if (a > maxX) maxX = a;
    if (b < minY) minY = b;
    if (b > maxY) maxY = b;
  }
  if (n === 0) {
    minX = minY = maxX = maxY = 0;
  }
  const cols = Math.floor((maxX - minX) * (1 / cellSize)) + 1;
  const rows = Math.floor((maxY - minY) * (1 / cellSize)) + 1;
  if (!Number.isFinite(cols * rows) || cols > 2 ** 31 - 1 || rows > 2 ** 31 - 1) {
    throw new UserError(`the data extent is too large for a ${cellSize} m grid`);
  }
  const total = cols * rows;
  const pointCell = new Int32Array(n);
  let cellCount = 0;
  let find: (cx: number, cy: number) => number;
  let cellX: Int32Array;
  let cellY: Int32Array;
  const inv = 1 / cellSize;

  if (total <= Math.max(4 * n, 1 << 20) && total <= DENSE_LIMIT) {
    const dense = new Int32Array(total);
    for (let i = 0; i < n; i++) {
      const k = Math.floor((y[i] - minY) * inv) * cols + Math.floor((x[i] - minX) * inv);
      pointCell[i] = k;
      dense[k] = 1;
    }
    // Ids in row-major order keep neighbouring cells close in memory.
    for (let k = 0; k < total; k++) dense[k] = dense[k] === 1 ? cellCount++ : -1;
    cellX = new Int32Array(cellCount);
    cellY = new Int32Array(cellCount);
    for (let r = 0, k = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++, k++) {
        const id = dense[k];
        if (id >= 0) {
          cellX[id] = c;
          cellY[id] = r;
        }
      }
    }
    for (let i = 0; i < n; i++) pointCell[i] = dense[pointCell[i]];
    find = (cx, cy) => (cx < 0 || cy < 0 || cx >= cols || cy >= rows ? -1 : dense[cy * cols + cx]);
  } else {
    let cap = 1;
    while (cap < 2 * n) cap <<= 1;
    const mask = cap - 1;
    const keyX = new Int32Array(cap);
    const keyY = new Int32Array(cap);
    const slotId = new Int32Array(cap).fill(-1);
    const hash = (cx: number, cy: number) => (Math.imul(cx, 0x9e3779b1) ^ Math.imul(cy, 0x85ebca77)) & mask;
    const tmpX = new Int32Array(n);
    const tmpY = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const cx = Math.floor((x[i] - minX) * inv);
      const cy = Math.floor((y[i] - minY) * inv);
      let h = hash(cx, cy);
      while (slotId[h] !== -1 && (keyX[h] !== cx || keyY[h] !== cy)) h = (h + 1) & mask;
      if (slotId[h] === -1) {
        keyX[h] = cx;
        keyY[h] = cy;
        slotId[h] = cellCount;
        tmpX[cellCount] = cx;
        tmpY[cellCount] = cy;
        cellCount++;
      }
      pointCell[i] = slotId[h];
    }
    cellX = tmpX.slice(0, cellCount);
    cellY = tmpY.slice(0, cellCount);
    find = (cx, cy) => {
      let h = hash(cx, cy);
      while (slotId[h] !== -1) {
        if (keyX[h] === cx && keyY[h] === cy) return slotId[h];
        h = (h + 1) & mask;
      }
      return -1;
    };
  }

  const cellStart = new Int32Array(cellCount + 1);
  for (let i = 0; i < n; i++) cellStart[pointCell[i] + 1]++;
  for (let c = 0; c < cellCount; c++) cellStart[c + 1] += cellStart[c];
  const fill = cellStart.slice(0, cellCount);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[fill[pointCell[i]]++] = i;
  return { cellSize, originX: minX, originY: minY, cellCount, order, cellStart, cellX, cellY, find };
}
