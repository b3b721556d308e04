/**
 * Gi*'s cells counted in a team workspace's database (postgis/pushdown.ts): each selected
 * incident projected with ST_Transform to the run's UTM zone and keyed to the lattice cell that
 * aggregateGrid.ts's cellKey gives, the same arithmetic written in SQL, then GROUP BY key — only
 * the counts travel. ST_HexagonGrid/ST_SquareGrid lay their cells from the projection's origin,
 * not from the run's lattice origin (one cell south-west of the incidents' extent), and key them
 * differently: the arithmetic here is what makes the keys the run's own.
 *
 * PROJ's transverse Mercator and Frontera's (localProjection.ts) agree to well under a
 * millimetre, not to the last bit, so a point within EDGE_MARGIN of a cell's edge (or of the
 * extent's edge) could fall on the other side here than in process. Those few points travel as
 * lon/lat and are keyed in this process with Frontera's own projection and cellKey: the counts
 * then equal the in-process ones exactly, points lying on an edge or a vertex included.
 */
import type { Pool, PoolClient } from 'pg';
import { cellKey, type Lattice } from '../../../../shared/analysis/aggregateGrid.ts';
import { localProjection, type LocalProjection } from '../../../../shared/analysis/localProjection.ts';
import type { Extent } from '../../../../shared/analysis/pointsExtent.ts';
import type { PlanarArea } from '../../../../shared/analysis/planarArea.ts';
import { Params } from './featureSql.ts';

/** The selection as a parenthesised subquery giving `geom` (and the weight `w`), its values bound in `p`. */
type Selection = (p: Params) => string;

/** Metres: points this near an edge are keyed here (the two projections differ by far less). */
const EDGE_MARGIN = 0.01;

/** Frontera's projection of a UTM zone's EPSG code (326zz north, 327zz south), as the run projects. */
function projectionOfEpsg(epsg: number): LocalProjection {
  const zone = epsg % 100;
  return localProjection(-183 + 6 * zone, epsg >= 32700 ? -1 : 1);
}

/**
 * The points of `src` (a subquery giving `geom` and the weight `w`) with their lon/lat, weight,
 * cell `key` and whether they lie `near` an edge.
 */
function keyedPoints(l: Lattice, epsg: number, src: Selection, p: Params): string {
  const f = (v: number) => `${p.add(v)}::float8`;
  const [ox, oy, dx, dy, m] = [f(l.ox), f(l.oy), f(l.dx), f(l.dy), f(EDGE_MARGIN)];
  // OFFSET 0 keeps each step below a subquery of its own: flattened, every use of a column repeats
  // the expression under it (the arithmetic above it, dozens of times a point) — 64 s instead of
  // 1.1 s for the cells of a million incidents.
  const projected = `SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat, w, ST_X(g) - ${ox} AS px, ST_Y(g) - ${oy} AS py FROM (SELECT geom, w, ST_Transform(geom, ${p.add(epsg)}::int) AS g FROM ${src(p)} s OFFSET 0) t OFFSET 0`;
  // Distance to the nearer whole multiple of `step` of v (v in cells).
  const off = (v: string, step: string) => `abs(${v} - round(${v})) * ${step}`;
  let cell: string;
  if (l.shape === 'square') {
    // aggregateGrid: col = floor(px / dx), row = floor(py / dy).
    cell = `SELECT lon, lat, w, floor(px / ${dx}) AS cl, floor(py / ${dy}) AS rw, ${off(`px / ${dx}`, dx)} < ${m} OR ${off(`py / ${dy}`, dy)} < ${m} AS near FROM (${projected}) q OFFSET 0`;
  } else {
    // aggregateGrid's hexCell: the nearest centre of rows r0 = floor(py / dy) and r0 + 1 (odd rows
    // shifted half a cell; col = Math.round(px / dx - shift), that is floor(… + 0.5)); row r0 + 1
    // only when strictly nearer. Near an edge: two centres about as near, or py about on a row.
    const rows = `SELECT lon, lat, w, px, py, r0, r0 + 1 AS r1, (r0::bigint & 1) / 2.0::float8 AS s0, ((r0::bigint + 1) & 1) / 2.0::float8 AS s1 FROM (SELECT *, floor(py / ${dy}) AS r0 FROM (${projected}) q OFFSET 0) q OFFSET 0`;
    const cols = `SELECT *, floor(px / ${dx} - s0 + 0.5) AS c0, floor(px / ${dx} - s1 + 0.5) AS c1 FROM (${rows}) q OFFSET 0`;
    const d = (c: string, s: string, r: string) => `(px - (${c} + ${s}) * ${dx}) ^ 2 + (py - ${r} * ${dy}) ^ 2`;
    const dist = `SELECT *, ${d('c0', 's0', 'r0')} AS d0, ${d('c1', 's1', 'r1')} AS d1 FROM (${cols}) q OFFSET 0`;
    cell =
      `SELECT lon, lat, w, CASE WHEN d1 < d0 THEN c1 ELSE c0 END AS cl, CASE WHEN d1 < d0 THEN r1 ELSE r0 END AS rw, ` +
      `abs(sqrt(d0) - sqrt(d1)) < ${m} OR ${off(`px / ${dx} - s0 + 0.5`, dx)} < ${m} OR ${off(`px / ${dx} - s1 + 0.5`, dx)} < ${m} OR ${off(`py / ${dy}`, dy)} < ${m} AS near ` +
      `FROM (${dist}) q OFFSET 0`;
  }
  const [cols, rows] = [f(l.cols), f(l.rows)];
  return `SELECT lon, lat, w, near, CASE WHEN cl < 0 OR rw < 0 OR cl > ${cols} OR rw > ${rows} THEN -1 ELSE rw * (${cols} + 2) + cl END AS key FROM (${cell}) k OFFSET 0`;
}

/**
 * Incidents and weights per cell of `l` (keyed as aggregateGrid keys them, −1 off the lattice,
 * each once), and of the cells whose centre lies outside the study area `area` those holding an
 * incident inside it: their incidents' places come in a second pass, tested here.
 */
export async function countCells(
  db: Pool | PoolClient,
  l: Lattice,
  epsg: number,
  src: Selection,
  area: PlanarArea,
): Promise<{ keys: Float64Array; count: Int32Array; value: Float64Array; inside: Float64Array }> {
  const p = new Params();
  // Near points group by place (one place, one cell), with their lon/lat; the rest by key.
  const r = await db.query({
    text: `SELECT near, CASE WHEN near THEN NULL ELSE min(key) END, count(*)::float8, sum(w), min(lon), min(lat) FROM (${keyedPoints(l, epsg, src, p)}) k
           GROUP BY near, CASE WHEN near THEN NULL ELSE key END, CASE WHEN near THEN lon END, CASE WHEN near THEN lat END`,
    values: p.values,
    rowMode: 'array',
  });
  const proj = projectionOfEpsg(epsg);
  const slot = new Map<number, number>();
  const keys: number[] = [];
  const count: number[] = [];
  const value: number[] = [];
  const inside = new Set<number>();
  for (const [near, k, n, v, lon, lat] of r.rows as [boolean, number | null, number, number, number, number][]) {
    let key = k as number;
    if (near) {
      const [x, y] = proj.forward(lon, lat);
      key = cellKey(l, x, y);
      if (key >= 0 && area.contains(x, y)) inside.add(key);
    }
    let s = slot.get(key);
    if (s === undefined) {
      s = keys.length;
      slot.set(key, s);
      keys.push(key);
      count.push(0);
      value.push(0);
    }
    count[s] += n;
    value[s] += v;
  }
  // Cells with their centre outside the area (a coastal cell's may be at sea) are kept when an
  // incident in them lies inside it: the places of their incidents, tested here as in process.
  const outside = keys.filter((k) => k >= 0 && !inside.has(k) && !area.contains(...cellCentre(l, k)));
  if (outside.length) {
    const q = new Params();
    const places = await db.query({
      text: `SELECT DISTINCT lon, lat, key FROM (${keyedPoints(l, epsg, src, q)}) k WHERE NOT near AND key = ANY(${q.add(outside)}::float8[])`,
      values: q.values,
      rowMode: 'array',
    });
    for (const [lon, lat, key] of places.rows as [number, number, number][]) {
      if (area.contains(...proj.forward(lon, lat))) inside.add(key);
    }
  }
  return { keys: Float64Array.from(keys), count: Int32Array.from(count), value: Float64Array.from(value), inside: Float64Array.from(inside) };
}

/** The centre of the cell `key` of `l` (latticeCells' centreX, centreY). */
function cellCentre(l: Lattice, key: number): [number, number] {
  const row = Math.floor(key / (l.cols + 2));
  const col = key - row * (l.cols + 2);
  return l.shape === 'hex' ? [l.ox + (col + (row & 1) / 2) * l.dx, l.oy + row * l.dy] : [l.ox + (col + 0.5) * l.dx, l.oy + (row + 0.5) * l.dy];
}

/**
 * The selection's extent in Frontera's projection of `epsg`, as pointsExtent gives it from the
 * points the run projects: the database finds the extreme points by PROJ, and those within
 * EDGE_MARGIN of an extreme are projected here (the lattice is laid from this extent, so its
 * edges must be the in-process run's to the bit).
 */
export async function exactExtent(db: Pool | PoolClient, epsg: number, src: Selection): Promise<Extent> {
  const p = new Params();
  const m = `${p.add(EDGE_MARGIN)}::float8`;
  const r = await db.query({
    text: `WITH q AS MATERIALIZED (SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat, ST_X(g) AS x, ST_Y(g) AS y FROM (SELECT geom, ST_Transform(geom, ${p.add(epsg)}::int) AS g FROM ${src(p)} s) t),
           e AS (SELECT min(x) AS x0, min(y) AS y0, max(x) AS x1, max(y) AS y1 FROM q)
           SELECT lon, lat FROM q, e WHERE x <= x0 + ${m} OR y <= y0 + ${m} OR x >= x1 - ${m} OR y >= y1 - ${m}`,
    values: p.values,
    rowMode: 'array',
  });
  const proj = projectionOfEpsg(epsg);
  const e = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (const [lon, lat] of r.rows as [number, number][]) {
    const [x, y] = proj.forward(lon, lat);
    e.minX = Math.min(e.minX, x);
    e.minY = Math.min(e.minY, y);
    e.maxX = Math.max(e.maxX, x);
    e.maxY = Math.max(e.maxY, y);
  }
  return e;
}
