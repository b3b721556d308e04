/**
 * Screen-sized bins of a big point layer for one map view, as a tile server would serve them:
 * square cells of a Web Mercator grid (512-px tiles, as MapLibre's), `cellPx` pixels wide at the
 * integer zoom below the view's, so the cells stay put while the analyst pans and a view holds
 * a few thousand of them. One pass over typed arrays (O(n), a few ms for a million points);
 * no DOM, no store.
 */
import type { BBox } from '../model/feature.ts';

const WORLD_TILE_PX = 512;
const MAX_LAT = 85.0511287798066;

/** Web Mercator x in [0, 1] (west → east). */
export function mercatorX(lon: number): number {
  return (lon + 180) / 360;
}

/** Web Mercator y in [0, 1] (north → south). */
export function mercatorY(lat: number): number {
  const l = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat));
  return 0.5 - Math.log(Math.tan(Math.PI / 4 + (l * Math.PI) / 360)) / (2 * Math.PI);
}

function lonOfMercatorX(x: number): number {
  return x * 360 - 180;
}

function latOfMercatorY(y: number): number {
  return (Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180) / Math.PI;
}

/** A point layer prepared for binning: Web Mercator coordinates and the filter columns. */
export interface BinnablePoints {
  count: number;
  /** mercatorX / mercatorY of each point. */
  mx: Float64Array;
  my: Float64Array;
  /** Epoch ms; NaN = no time. */
  time: Float64Array;
  /** Index into `categories`; -1 = none. */
  category: Int32Array;
  categories: string[];
}

export interface BinOptions {
  /** [minLon, minLat, maxLon, maxLat] of the view. */
  bbox: BBox;
  /** The view's zoom; the grid is laid at its integer part. */
  zoom: number;
  /** Cell width in pixels at the grid's zoom (default 16). */
  cellPx?: number;
  /** Epoch ms, inclusive; points without time are left out when from or to is given. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  /** Only these categories (by name); absent = all. */
  categories?: string[];
}

export interface ViewBins {
  /** The grid: cell (i, j) spans mercator x [i, i + 1] / cellsPerWorld, y likewise. */
  gridZoom: number;
  cellPx: number;
  cellsPerWorld: number;
  /** Points in the view that pass the filters. */
  total: number;
  /** Largest cell count (0 for an empty view). */
  max: number;
  /** Flat: i, j, count, dominant category (index into `categories`, -1 = none/unknown), per non-empty cell. */
  cells: number[];
  categories: string[];
}

/** More categories than this and the dominant one is not tracked (its counts would cost more than the bins). */
const MAX_TRACKED_CATEGORIES = 32;
/** A view never yields more cells than this, whatever cellPx and the bbox say. */
const MAX_VIEW_CELLS = 250_000;

export function binPoints(p: BinnablePoints, o: BinOptions): ViewBins {
  const gridZoom = Math.max(0, Math.min(24, Math.floor(o.zoom)));
  let cellPx = Math.max(2, o.cellPx ?? 16);
  let cellsPerWorld = Math.max(1, Math.floor((WORLD_TILE_PX * 2 ** gridZoom) / cellPx));
  const x0 = mercatorX(Math.max(-180, o.bbox[0]));
  const x1 = mercatorX(Math.min(180, o.bbox[2]));
  const y0 = mercatorY(o.bbox[3]); // north edge: the smaller y
  const y1 = mercatorY(o.bbox[1]);
  const span = () => {
    const i0 = Math.max(0, Math.floor(x0 * cellsPerWorld));
    const i1 = Math.min(cellsPerWorld - 1, Math.floor(x1 * cellsPerWorld));
    const j0 = Math.max(0, Math.floor(y0 * cellsPerWorld));
    const j1 = Math.min(cellsPerWorld - 1, Math.floor(y1 * cellsPerWorld));
    return { i0, j0, w: Math.max(0, i1 - i0 + 1), h: Math.max(0, j1 - j0 + 1) };
  };
  let s = span();
  while (s.w * s.h > MAX_VIEW_CELLS && cellsPerWorld > 1) {
    cellPx *= 2;
    cellsPerWorld = Math.max(1, Math.floor(cellsPerWorld / 2));
    s = span();
  }
  const { i0, j0, w, h } = s;
  const out: ViewBins = { gridZoom, cellPx, cellsPerWorld, total: 0, max: 0, cells: [], categories: p.categories };
  if (w === 0 || h === 0 || x1 < x0 || y1 < y0) return out;

  let allowed: Uint8Array | null = null;
  if (o.categories) {
    allowed = new Uint8Array(p.categories.length + 1); // slot 0: no category
    const want = new Set(o.categories);
    p.categories.forEach((c, k) => (allowed![k + 1] = want.has(c) ? 1 : 0));
  }
  const timed = o.from !== undefined || o.to !== undefined;
  const from = o.from ?? -Infinity;
  const to = o.to ?? Infinity;
  const k = p.categories.length;
  const track = k > 0 && k <= MAX_TRACKED_CATEGORIES;
  const counts = new Uint32Array(w * h);
  const perCat = track ? new Uint32Array(w * h * k) : null;
  const { mx, my, time, category } = p;
  let total = 0;
  for (let n = 0; n < p.count; n++) {
    const x = mx[n];
    const y = my[n];
    if (x < x0 || x > x1 || y < y0 || y > y1) continue;
    if (timed) {
      const t = time[n];
      if (!(t >= from && t < to)) continue; // NaN fails both
    }
    const c = category[n];
    if (allowed && allowed[c + 1] === 0) continue;
    const i = Math.min(w - 1, Math.floor(x * cellsPerWorld) - i0);
    const j = Math.min(h - 1, Math.floor(y * cellsPerWorld) - j0);
    if (i < 0 || j < 0) continue;
    const cell = j * w + i;
    counts[cell]++;
    if (perCat && c >= 0) perCat[cell * k + c]++;
    total++;
  }
  let max = 0;
  const cells: number[] = [];
  for (let cell = 0; cell < counts.length; cell++) {
    const n = counts[cell];
    if (n === 0) continue;
    if (n > max) max = n;
    let top = -1;
    if (perCat) {
      let best = 0;
      for (let c = 0; c < k; c++) {
        const v = perCat[cell * k + c];
        if (v > best) {
          best = v;
          top = c;
        }
      }
    }
    cells.push(i0 + (cell % w), j0 + Math.floor(cell / w), n, top);
  }
  return { ...out, total, max, cells };
}

/** The cell's outline as a closed lon/lat ring (south-west first, counter-clockwise). */
export function cellRing(i: number, j: number, cellsPerWorld: number): [number, number][] {
  const w = lonOfMercatorX(i / cellsPerWorld);
  const e = lonOfMercatorX((i + 1) / cellsPerWorld);
  const n = latOfMercatorY(j / cellsPerWorld);
  const s = latOfMercatorY((j + 1) / cellsPerWorld);
  return [
    [w, s],
    [e, s],
    [e, n],
    [w, n],
    [w, s],
  ];
}
