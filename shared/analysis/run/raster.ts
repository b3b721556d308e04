/**
 * A density grid made small enough to travel to the map: max-pooled to at most 512 cells a side,
 * scaled to 0..255 on a square-root ramp (density spans orders of magnitude), base64-encoded,
 * with the lon/lat of its four corners for a MapLibre image source.
 */
import type { DensityGrid } from '../kde.ts';
import type { LocalProjection } from '../localProjection.ts';

export interface DisplayRaster {
  /** top-left, top-right, bottom-right, bottom-left, as MapLibre's image source wants them. */
  corners: [number, number][];
  width: number;
  height: number;
  /** Row-major from the NORTH row, one byte per cell: round(255 · √(value / max)). */
  data: string;
  /** Density (per km²) that maps to 255. */
  max: number;
}

const MAX_SIDE = 512;

export function displayRaster(grid: DensityGrid, proj: LocalProjection): DisplayRaster {
  const f = Math.max(1, Math.ceil(Math.max(grid.cols, grid.rows) / MAX_SIDE));
  const width = Math.ceil(grid.cols / f);
  const height = Math.ceil(grid.rows / f);
  const pooled = new Float64Array(width * height);
  for (let r = 0; r < grid.rows; r++) {
    const pr = height - 1 - Math.floor(r / f); // grid row 0 is south; the image starts north
    for (let c = 0; c < grid.cols; c++) {
      const v = grid.values[r * grid.cols + c];
      const k = pr * width + Math.floor(c / f);
      if (v > pooled[k]) pooled[k] = v;
    }
  }
  let max = 0;
  for (const v of pooled) if (v > max) max = v;
  const bytes = new Uint8Array(width * height);
  if (max > 0) for (let i = 0; i < bytes.length; i++) bytes[i] = Math.round(255 * Math.sqrt(pooled[i] / max));
  const x0 = grid.originX;
  const y0 = grid.originY;
  const x1 = x0 + width * f * grid.cellSize;
  const y1 = y0 + height * f * grid.cellSize;
  return {
    corners: [proj.inverse(x0, y1), proj.inverse(x1, y1), proj.inverse(x1, y0), proj.inverse(x0, y0)],
    width,
    height,
    data: toBase64(bytes),
    max,
  };
}

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
