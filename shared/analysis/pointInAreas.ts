/**
 * Which area (polygon) each incident falls in: exact point-in-polygon over many areas at once.
 *
 * The rule, so every incident counts at most once and the counts add up: an incident belongs to
 * the first area, in the layer's order (lowest source index), whose closed region — interior or
 * boundary — holds it. A point inside one area counts there; a point on an edge two
 * municipalities share (or inside two areas that overlap) counts in the first of them; a point
 * in a hole is outside the area (the hole's ring is its boundary); a multipolygon holds a point
 * any of its parts holds.
 *
 * Written here rather than taken from Turf, for speed and for exactness by construction:
 * @turf/boolean-point-in-polygon walks every edge of every ring for every point (a flatbush index
 * of the areas with Turf's test on the candidates took 1.9 s for a million points over the 85
 * INEGI municipalities, this 0.13 s), and it subtracts the point from each vertex before its
 * orientation test, which rounds. Here the orientation is Shewchuk's exact predicate on the raw
 * coordinates (robust-predicates), and each area is prepared once: its edges sorted into
 * horizontal bands, so a point meets the few edges of its band only. The areas are found through
 * a uniform grid of their bounding boxes, each cell listing its candidates in the layer's order,
 * so the first hit is the answer (no per-point allocation, unlike an R-tree query), and a cell
 * that no boundary reaches keeps its answer, found once. A million incidents over 2,500 areas:
 * `npm run bench -- areas`.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { orient2d } from 'robust-predicates';
import { throwIfAborted, type LongRunOptions } from './cancel.ts';

const OUTSIDE = 0;
const INSIDE = 1;
const BOUNDARY = 2;
type Where = typeof OUTSIDE | typeof INSIDE | typeof BOUNDARY;

/** One area, prepared: its edges (all rings of all parts) in flat arrays, banded by y. */
class PreparedArea {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
  private readonly x0: Float64Array;
  private readonly y0: Float64Array;
  private readonly x1: Float64Array;
  private readonly y1: Float64Array;
  private readonly bands: number;
  private readonly bandScale: number;
  /** Edges of band b: bandEdges[bandStart[b] .. bandStart[b + 1]). */
  private readonly bandStart: Int32Array;
  private readonly bandEdges: Int32Array;

  constructor(rings: Position[][]) {
    let n = 0;
    for (const r of rings) n += Math.max(0, r.length - 1);
    this.x0 = new Float64Array(n);
    this.y0 = new Float64Array(n);
    this.x1 = new Float64Array(n);
    this.y1 = new Float64Array(n);
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    let e = 0;
    for (const r of rings) {
      // A ring's last position repeats its first (GeoJSON); an unclosed ring is closed here.
      const m = r.length;
      const closed = m > 1 && r[0][0] === r[m - 1][0] && r[0][1] === r[m - 1][1];
      const last = closed ? m - 1 : m;
      for (let i = 0; i < last && m > 1; i++) {
        const a = r[i];
        const b = r[i + 1 < m ? i + 1 : 0];
        if (a[0] === b[0] && a[1] === b[1]) continue;
        this.x0[e] = a[0];
        this.y0[e] = a[1];
        this.x1[e] = b[0];
        this.y1[e] = b[1];
        e++;
        if (a[0] < minX) minX = a[0];
        if (a[0] > maxX) maxX = a[0];
        if (a[1] < minY) minY = a[1];
        if (a[1] > maxY) maxY = a[1];
      }
    }
    const edges = e;
    this.minX = minX;
    this.minY = minY;
    this.maxX = maxX;
    this.maxY = maxY;
    // About two edges per band: a band then holds a handful of edges however large the area.
    this.bands = Math.max(1, Math.ceil(edges / 2));
    this.bandScale = maxY > minY ? this.bands / (maxY - minY) : 0;
    const counts = new Int32Array(this.bands + 1);
    for (let k = 0; k < edges; k++) {
      for (let b = this.bandLow(k), b1 = this.bandHigh(k); b <= b1; b++) counts[b + 1]++;
    }
    for (let b = 0; b < this.bands; b++) counts[b + 1] += counts[b];
    this.bandStart = counts;
    this.bandEdges = new Int32Array(counts[this.bands]);
    const fill = counts.slice(0, this.bands);
    for (let k = 0; k < edges; k++) {
      for (let b = this.bandLow(k), b1 = this.bandHigh(k); b <= b1; b++) this.bandEdges[fill[b]++] = k;
    }
  }

  /**
   * The band of a y. The same monotone function places edges and points, so a point whose y lies
   * within an edge's y-range always lands in a band that lists the edge.
   */
  private band(y: number): number {
    const b = Math.floor((y - this.minY) * this.bandScale);
    return b < 0 ? 0 : b >= this.bands ? this.bands - 1 : b;
  }

  /** Calls f with the bounding box of every edge. */
  forEachEdgeBox(f: (minX: number, minY: number, maxX: number, maxY: number) => void): void {
    const { x0, y0, x1, y1 } = this;
    for (let k = 0; k < x0.length; k++) f(Math.min(x0[k], x1[k]), Math.min(y0[k], y1[k]), Math.max(x0[k], x1[k]), Math.max(y0[k], y1[k]));
  }

  /**
   * The bands edge k spans, lowest and highest: two calls, not a pair. An array per edge (and per
   * edge box below) made the index of the bench's 2,500 areas take 166-196 ms CPU in a fresh
   * process, as the CLI runs it; 91-128 ms without.
   */
  private bandLow(k: number): number {
    return this.band(Math.min(this.y0[k], this.y1[k]));
  }

  private bandHigh(k: number): number {
    return this.band(Math.max(this.y0[k], this.y1[k]));
  }

  /**
   * Inside, outside or on the boundary: a ray cast towards +x counting edge crossings with the
   * half-open rule (an edge counts when exactly one end is above the point), the side of an edge
   * decided by the exact orientation, so a point on an edge is found on it, never either side.
   */
  where(x: number, y: number): Where {
    if (x < this.minX || x > this.maxX || y < this.minY || y > this.maxY) return OUTSIDE;
    const b = this.band(y);
    const { x0, y0, x1, y1, bandEdges } = this;
    let crossings = 0;
    for (let j = this.bandStart[b], end = this.bandStart[b + 1]; j < end; j++) {
      const k = bandEdges[j];
      const ay = y0[k];
      const by = y1[k];
      if ((y < ay && y < by) || (y > ay && y > by)) continue;
      const ax = x0[k];
      const bx = x1[k];
      // Wholly to the left: neither crossed by the ray nor touching the point.
      if (x > ax && x > bx) continue;
      if (ay === by) {
        // A horizontal edge at the point's height: on it, or never counted (half-open rule).
        if (x >= ax || x >= bx) return BOUNDARY;
        continue;
      }
      const above = ay > y !== by > y;
      if (x < ax && x < bx) {
        // Wholly to the right: crossed when it straddles the point's height.
        if (above) crossings++;
        continue;
      }
      // Within the edge's box: the exact orientation decides (robust-predicates: < 0 is left of a→b).
      const o = orient2d(ax, ay, bx, by, x, y);
      if (o === 0) return BOUNDARY;
      if (above && (by > ay ? o < 0 : o > 0)) crossings++;
    }
    return crossings & 1 ? INSIDE : OUTSIDE;
  }
}

function ringsOf(g: Polygon | MultiPolygon): Position[][] {
  return g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
}

/** A cell's answer when an edge reaches into it: each of its points is tested. */
const TEST = -2;
/** Cells per area of the grid, and about this many (cell, area) entries in its lists at most. */
const CELLS_PER_AREA = 256;
const MAX_ENTRIES = 1 << 23;

/**
 * Areas prepared for many point queries. `areas[i]` may be null (a record without a polygon):
 * it never holds a point. The order of `areas` is the tie-break order.
 *
 * The grid's cells that no edge of any area reaches lie wholly inside or wholly outside each
 * area (a cell is a connected set that meets no boundary), so their answer is found once, at a
 * point of the cell, and a point falling there needs no test: most of a million incidents over
 * 2,500 municipalities (`npm run bench -- areas`). An edge marks every cell its bounding box
 * reaches, through the same monotone cell function that places the points, so a cell a boundary
 * touches is never taken for a whole one.
 */
export class AreaIndex {
  private readonly areas: (PreparedArea | null)[];
  private readonly gx0: number;
  private readonly gy0: number;
  private readonly sx: number;
  private readonly sy: number;
  private readonly nx: number;
  private readonly ny: number;
  /** Candidate areas of cell c, ascending: cellAreas[cellStart[c] .. cellStart[c + 1]). */
  private readonly cellStart: Int32Array;
  private readonly cellAreas: Int32Array;
  /** The first area holding the whole cell, −1 for none, or TEST. */
  private readonly cellAnswer: Int32Array;

  constructor(geometries: readonly (Polygon | MultiPolygon | null)[]) {
    this.areas = geometries.map((g) => (g ? new PreparedArea(ringsOf(g)) : null));
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    let live = 0;
    for (const a of this.areas) {
      if (!a || !(a.minX <= a.maxX)) continue;
      live++;
      minX = Math.min(minX, a.minX);
      minY = Math.min(minY, a.minY);
      maxX = Math.max(maxX, a.maxX);
      maxY = Math.max(maxY, a.maxY);
    }
    // Many cells per area, square-ish on the data's extent, so most cells lie inside one area;
    // fewer when areas' boxes overlap so much that the cells' lists would grow too long.
    const w = maxX - minX;
    const h = maxY - minY;
    const aspect = w > 0 && h > 0 ? w / h : 1;
    const span = (lo: number, hi: number, min: number, size: number, n: number) =>
      size > 0 ? Math.min(n - 1, Math.floor(((hi - min) / size) * n)) - Math.max(0, Math.floor(((lo - min) / size) * n)) + 1 : 1;
    let cells = Math.max(1, CELLS_PER_AREA * live);
    let nx = 1;
    let ny = 1;
    for (;;) {
      nx = live ? Math.max(1, Math.min(4096, Math.round(Math.sqrt(cells * aspect)))) : 1;
      ny = live ? Math.max(1, Math.min(4096, Math.round(cells / nx))) : 1;
      let entries = 0;
      for (const a of this.areas) {
        if (a && a.minX <= a.maxX) entries += span(a.minX, a.maxX, minX, w, nx) * span(a.minY, a.maxY, minY, h, ny);
      }
      if (entries <= MAX_ENTRIES || cells <= live) break;
      cells = Math.max(live, Math.floor(cells / 4));
    }
    this.nx = nx;
    this.ny = ny;
    this.gx0 = minX;
    this.gy0 = minY;
    this.sx = w > 0 ? this.nx / w : 0;
    this.sy = h > 0 ? this.ny / h : 0;
    const start = new Int32Array(this.nx * this.ny + 1);
    const each = (f: (cell: number, area: number) => void) => {
      this.areas.forEach((a, i) => {
        if (!a || !(a.minX <= a.maxX)) return;
        const cx0 = this.cellX(a.minX);
        const cx1 = this.cellX(a.maxX);
        const cy0 = this.cellY(a.minY);
        const cy1 = this.cellY(a.maxY);
        for (let cy = cy0; cy <= cy1; cy++) for (let cx = cx0; cx <= cx1; cx++) f(cy * this.nx + cx, i);
      });
    };
    each((c) => start[c + 1]++);
    for (let c = 0; c < this.nx * this.ny; c++) start[c + 1] += start[c];
    this.cellStart = start;
    this.cellAreas = new Int32Array(start[this.nx * this.ny]);
    const fill = start.slice(0, this.nx * this.ny);
    // Areas are visited in order, so every cell's list is ascending.
    each((c, i) => {
      this.cellAreas[fill[c]++] = i;
    });

    const nCells = this.nx * this.ny;
    const reached = new Uint8Array(nCells);
    for (const a of this.areas) {
      a?.forEachEdgeBox((x0, y0, x1, y1) => {
        const cx0 = this.cellX(x0);
        const cx1 = this.cellX(x1);
        for (let cy = this.cellY(y0), cy1 = this.cellY(y1); cy <= cy1; cy++) for (let cx = cx0; cx <= cx1; cx++) reached[cy * this.nx + cx] = 1;
      });
    }
    this.cellAnswer = new Int32Array(nCells);
    for (let cy = 0; cy < this.ny; cy++) {
      for (let cx = 0; cx < this.nx; cx++) {
        const c = cy * this.nx + cx;
        // The cell's centre stands for it, when rounding leaves it in the cell.
        const x = this.gx0 + (cx + 0.5) / this.sx;
        const y = this.gy0 + (cy + 0.5) / this.sy;
        const whole = !reached[c] && this.cellX(x) === cx && this.cellY(y) === cy;
        if (!whole) {
          this.cellAnswer[c] = TEST;
          continue;
        }
        // A whole cell beside a whole cell (left, or below) has its answer: the segment between
        // their centres lies in the two cells and meets no boundary (an edge crossing it would have
        // reached one of them), so the same areas hold both. Most whole cells then need no scan:
        // the bench's 2,500 areas (about 640,000 cells) are indexed in 45-51 ms warm, from 69.
        const left = cx > 0 ? this.cellAnswer[c - 1] : TEST;
        const below = cy > 0 ? this.cellAnswer[c - this.nx] : TEST;
        this.cellAnswer[c] = left !== TEST ? left : below !== TEST ? below : this.scan(c, x, y);
      }
    }
  }

  private cellX(x: number): number {
    const c = Math.floor((x - this.gx0) * this.sx);
    return c < 0 ? 0 : c >= this.nx ? this.nx - 1 : c;
  }

  private cellY(y: number): number {
    const c = Math.floor((y - this.gy0) * this.sy);
    return c < 0 ? 0 : c >= this.ny ? this.ny - 1 : c;
  }

  /** The first area whose closed region holds (x, y), or −1. */
  locate(x: number, y: number): number {
    if (!(x === x && y === y)) return -1;
    const c = this.cellY(y) * this.nx + this.cellX(x);
    const known = this.cellAnswer[c];
    return known === TEST ? this.scan(c, x, y) : known;
  }

  /** The first of cell c's candidate areas whose closed region holds (x, y), or −1. */
  private scan(c: number, x: number, y: number): number {
    for (let j = this.cellStart[c], end = this.cellStart[c + 1]; j < end; j++) {
      const i = this.cellAreas[j];
      if ((this.areas[i] as PreparedArea).where(x, y) !== OUTSIDE) return i;
    }
    return -1;
  }

  /** Where the point stands towards area i: 'inside', 'boundary' or 'outside' (for tests and diagnostics). */
  relation(i: number, x: number, y: number): 'inside' | 'boundary' | 'outside' {
    const w = this.areas[i]?.where(x, y) ?? OUTSIDE;
    return w === INSIDE ? 'inside' : w === BOUNDARY ? 'boundary' : 'outside';
  }
}

/**
 * The area of every point (−1: in none), reporting progress and checking the abort signal every
 * 131,072 points.
 */
export function assignToAreas(
  index: AreaIndex,
  lon: Float64Array,
  lat: Float64Array,
  opts: LongRunOptions = {},
): Int32Array {
  const n = lon.length;
  const out = new Int32Array(n);
  const step = 131_072;
  for (let s = 0; s < n; s += step) {
    throwIfAborted(opts.signal);
    const e = Math.min(n, s + step);
    for (let i = s; i < e; i++) out[i] = index.locate(lon[i], lat[i]);
    opts.onProgress?.(e, n);
  }
  return out;
}
