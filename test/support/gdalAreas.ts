/**
 * GDAL (SpatiaLite's GEOS predicates) as the reference for counts per area: a polygon layer made
 * by GDAL from the real INEGI municipalities with multipolygons, holes and enclaves in them, and
 * the area each point falls in by the rule Frontera states — the first area, in the layer's order,
 * whose closed region (interior or boundary: ST_Intersects) holds the point.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { FIXTURES, gdal } from './gdalFiles.ts';

export const INEGI_4326 = path.join(FIXTURES, 'inegi-mun-lcc', 'expected', 'mun_02_26_epsg4326.geojson');

/** Municipalities given a hole of 0.03° radius around a point inside them; the first two also get the hole as an enclave of its own. */
const HOLED = ['02002', '26055', '26030', '02004'];

/**
 * The 85 INEGI records dissolved by CVEGEO (Ensenada, Mexicali, San Quintín, Cajeme, Hermosillo
 * become multipolygons), holes cut in four municipalities, and two of the holes as enclave areas
 * of their own: one listed after its host (a point on its ring goes to the host), one before (it
 * goes to the enclave). Each feature's `idx` is its place in the file: the source index.
 */
export function inegiAreasWithHoles(dir: string): { file: string; fc: FeatureCollection<Polygon | MultiPolygon> } {
  const base = path.join(dir, 'inegi.sqlite');
  const file = path.join(dir, 'areas.geojson');
  fs.rmSync(base, { force: true });
  fs.rmSync(file, { force: true });
  gdal('ogr2ogr', '-f', 'SQLite', '-dsco', 'SPATIALITE=YES', base, INEGI_4326, '-nln', 'mun');
  const list = HOLED.map((c) => `'${c}'`).join(', ');
  const sql = `WITH m AS (SELECT CVEGEO, MIN(NOMGEO) AS NOMGEO, ST_Union(geometry) AS g FROM mun GROUP BY CVEGEO),
    h AS (SELECT CVEGEO, ST_Buffer(ST_PointOnSurface(g), 0.03) AS hole FROM m WHERE CVEGEO IN (${list})),
    r AS (
      SELECT m.CVEGEO AS k, m.CVEGEO AS CVEGEO, m.NOMGEO AS NOMGEO, CASE WHEN h.hole IS NULL THEN m.g ELSE ST_Difference(m.g, h.hole) END AS geom
      FROM m LEFT JOIN h ON h.CVEGEO = m.CVEGEO
      UNION ALL
      SELECT CASE CVEGEO WHEN '${HOLED[0]}' THEN CVEGEO || 'b' ELSE '${HOLED[1].slice(0, 4)}' || '0z' END, 'E' || CVEGEO, 'Enclave in ' || CVEGEO, hole
      FROM h WHERE CVEGEO IN ('${HOLED[0]}', '${HOLED[1]}')
    )
    SELECT ROW_NUMBER() OVER (ORDER BY k) - 1 AS idx, CVEGEO, NOMGEO, geom FROM r ORDER BY k`;
  gdal('ogr2ogr', '-f', 'GeoJSON', file, base, '-sql', sql, '-nln', 'areas');
  return { file, fc: JSON.parse(fs.readFileSync(file, 'utf8')) as FeatureCollection<Polygon | MultiPolygon> };
}

/**
 * The INEGI municipalities cut by GDAL along a square grid of `cellDeg` degrees into pieces (each
 * municipality's part in each cell, polygons only), the first `limit` of them by municipality and
 * cell: areas with real boundaries where municipalities meet, as many as a finer layer would have.
 * Every edge is then cut into pieces of at most `segmentDeg` (ST_Segmentize), so the grid's cuts
 * carry vertices as densely as a municipal boundary does. Written as GeoJSON with `idx`, the
 * source index.
 */
export function inegiSubdivided(file: string, cellDeg: number, limit: number, segmentDeg: number): void {
  const base = `${file}.sqlite`;
  fs.rmSync(base, { force: true });
  fs.rmSync(file, { force: true });
  gdal('ogr2ogr', '-f', 'SQLite', '-dsco', 'SPATIALITE=YES', base, INEGI_4326, '-nln', 'mun');
  const s = cellDeg;
  const sql = `WITH RECURSIVE xs(x) AS (SELECT -118.4 UNION ALL SELECT x + ${s} FROM xs WHERE x + ${s} < -108.4),
    ys(y) AS (SELECT 26.3 UNION ALL SELECT y + ${s} FROM ys WHERE y + ${s} < 32.8),
    cells AS (SELECT x, y, BuildMbr(x, y, x + ${s}, y + ${s}, 4326) AS c FROM xs, ys),
    pieces AS (
      SELECT m.CVEGEO AS CVEGEO, m.NOMGEO AS NOMGEO, cells.x AS x, cells.y AS y, CollectionExtract(ST_Intersection(m.geometry, cells.c), 3) AS g
      FROM mun m JOIN cells ON MbrIntersects(m.geometry, cells.c)
    )
    SELECT ROW_NUMBER() OVER (ORDER BY CVEGEO, y, x) - 1 AS idx, CVEGEO, NOMGEO, ST_Segmentize(g, ${segmentDeg}) AS g FROM pieces
    WHERE g IS NOT NULL AND ST_Area(g) > 0 ORDER BY CVEGEO, y, x LIMIT ${limit}`;
  gdal('ogr2ogr', '-f', 'GeoJSON', file, base, '-sql', sql, '-nln', 'areas');
  fs.rmSync(base, { force: true });
}

/**
 * A SpatiaLite database (spatial indexes on) holding `areas` and `pts` from the two files, as
 * ogr2ogr writes it; `pointArgs` tell ogr2ogr how to read the points (a CSV's columns).
 */
export function spatialiteDb(dir: string, areasFile: string, pointsFile: string, pointArgs: string[] = []): string {
  const db = path.join(dir, 'reference.sqlite');
  fs.rmSync(db, { force: true });
  gdal('ogr2ogr', '-f', 'SQLite', '-dsco', 'SPATIALITE=YES', db, areasFile, '-nln', 'areas', '-nlt', 'PROMOTE_TO_MULTI');
  gdal('ogr2ogr', '-update', db, pointsFile, '-nln', 'pts', ...pointArgs);
  return db;
}

/** Candidate areas of a point through the R*Tree, then GEOS's ST_Intersects (interior or boundary). */
const JOIN = `areas a ON a.ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name = 'areas' AND search_frame = p.GEOMETRY)
  AND ST_Intersects(a.GEOMETRY, p.GEOMETRY)`;

/** For every point (its `pid`): the first area holding it (`idx`, −1 for none) and how many areas hold it. */
export function spatialiteAssignment(db: string): Map<number, { idx: number; n: number }> {
  const csv = gdal('ogr2ogr', '-f', 'CSV', '/vsistdout/', db, '-sql',
    `SELECT p.pid AS pid, MIN(a.idx) AS idx, COUNT(a.idx) AS n FROM pts p LEFT JOIN ${JOIN} GROUP BY p.pid`);
  const out = new Map<number, { idx: number; n: number }>();
  for (const line of csv.trim().split('\n').slice(1)) {
    const [pid, idx, n] = line.split(',').map((s) => s.replace(/"/g, ''));
    out.set(Number(pid), { idx: idx === '' ? -1 : Number(idx), n: Number(n) });
  }
  return out;
}

/** The count of every area by the same rule, as one GROUP BY query (the bench's peer): `ogr2ogr -f CSV /vsistdout/ DB -sql COUNTS_SQL`. */
export const COUNTS_SQL = `SELECT idx, COUNT(*) AS n FROM (SELECT MIN(a.idx) AS idx FROM pts p JOIN ${JOIN} GROUP BY p.ROWID) GROUP BY idx`;

/** The counts by area index in the CSV ogr2ogr writes of COUNTS_SQL. */
export function parseCounts(csv: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const line of csv.trim().split('\n').slice(1)) {
    const [idx, n] = line.split(',').map((s) => Number(s.replace(/"/g, '')));
    out.set(idx, n);
  }
  return out;
}
