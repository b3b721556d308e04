/**
 * The work a team workspace's database does for a big selection (store/pushdown.ts): counts, the
 * selection's centre, extent and stacked points, DBSCAN with ST_ClusterDBSCAN, so only the
 * clustered incidents travel to this process, and Gi*'s incidents per cell (latticeSql.ts), so
 * only the counts do; this process finishes the run from them exactly (analysis/pushdownRuns.ts).
 *
 * ST_ClusterDBSCAN and Frontera's dbscan.ts agree on what DBSCAN is: a point is core when at
 * least minpoints points, itself included, lie within eps (distance ≤ eps). The database
 * projects to the same UTM zone (PROJ's transverse Mercator; Frontera's own agrees to well under
 * a millimetre) and clusters with eps one centimetre larger: every incident the run here would
 * cluster is then a candidate, and what the database calls noise is noise here too — a point
 * within eps of no core point. Leaving noise out changes no core point's neighbourhood (a core
 * point's neighbours are never noise), so the core points and their clusters come out identical.
 */
import type pg from 'pg';
import { UserError } from '../../../../shared/errors.ts';
import type { PointColumns } from '../../../../shared/model/points.ts';
import type { Lattice } from '../../../../shared/analysis/aggregateGrid.ts';
import type { Extent } from '../../../../shared/analysis/pointsExtent.ts';
import type { PlanarArea } from '../../../../shared/analysis/planarArea.ts';
import { southOfUsMexicoBorder } from '../../../../shared/geo/usMexicoBorder.ts';
import type { DbscanCandidates, EngineStacks, IdSink, PointSelection, Pushdown } from '../pushdown.ts';
import { Params, featureWhere } from './featureSql.ts';
import { countCells, exactExtent } from './latticeSql.ts';

/** How much larger eps is in the database than here (metres): the two projections' disagreement, with room. */
const EPS_MARGIN = 0.01;
const ID_BATCH = 200_000;

interface PushdownHost {
  pool: pg.Pool;
  /** The schema, quoted. */
  s: string;
  /** The selection's points as columns, on `db`, with `extra` SQL (over `features`) narrowing them. */
  readPoints(db: pg.PoolClient, layerId: number, sel: PointSelection, extra: string): Promise<PointColumns>;
}

/** WHERE for a selection's plain points (the polygon test as the run's: boundary inside). */
function selectionWhere(sel: PointSelection, p: Params): string {
  let where = `${featureWhere(sel.layerId, sel.filter, p)} AND geometry_json IS NULL AND geom IS NOT NULL`;
  if (sel.within) where += ` AND ST_Covers(ST_SetSRID(ST_GeomFromGeoJSON(${p.add(JSON.stringify(sel.within))}), 4326), geom)`;
  return where;
}

export class PostgisPushdown implements Pushdown {
  constructor(private readonly host: PushdownHost) {}

  private async one<T>(sql: (where: string, p: Params) => string, sel: PointSelection): Promise<T> {
    const p = new Params();
    const where = selectionWhere(sel, p);
    const r = await this.host.pool.query(sql(where, p), p.values);
    return r.rows[0] as T;
  }

  async countPoints(sel: PointSelection): Promise<number> {
    return (await this.one<{ n: number }>((w) => `SELECT count(*)::float8 AS n FROM ${this.host.s}.features WHERE ${w}`, sel)).n;
  }

  /** localProjection.ts dataCentre: the circular mean longitude, the middle of the latitudes. */
  async centre(sel: PointSelection): Promise<[number, number]> {
    const r = await this.one<{ sx: number; sy: number; lo: number; hi: number; lon0: number }>(
      (w) =>
        `SELECT sum(cos(radians(ST_X(geom)))) AS sx, sum(sin(radians(ST_X(geom)))) AS sy, min(ST_Y(geom)) AS lo, max(ST_Y(geom)) AS hi, ` +
        `(array_agg(ST_X(geom) ORDER BY id))[1] AS lon0 FROM ${this.host.s}.features WHERE ${w}`,
      sel,
    );
    if (r.lo === null) throw new UserError('cannot choose a local projection for an empty set of points');
    const meanLon = r.sx === 0 && r.sy === 0 ? r.lon0 : (Math.atan2(r.sy, r.sx) * 180) / Math.PI;
    return [meanLon, (r.lo + r.hi) / 2];
  }

  async extent(sel: PointSelection, epsg: number): Promise<Extent> {
    return exactExtent(this.host.pool, epsg, (p) => `(SELECT geom FROM ${this.host.s}.features WHERE ${selectionWhere(sel, p)})`);
  }

  async meanLatitude(sel: PointSelection): Promise<number> {
    return (await this.one<{ m: number }>((w) => `SELECT avg(ST_Y(geom)) AS m FROM ${this.host.s}.features WHERE ${w}`, sel)).m;
  }

  /** stackedPoints.ts detectStackedPoints: cells of round(lon · kx), round(lat · ky); the first record's coordinates. */
  async stacks(sel: PointSelection, minCount: number, metres: { x: number; y: number }): Promise<EngineStacks> {
    const p = new Params();
    const where = selectionWhere(sel, p);
    // floor(v + 0.5) is JavaScript's Math.round (PostgreSQL's round() goes away from zero).
    const kx = p.add(metres.x);
    const ky = p.add(metres.y);
    const r = await this.host.pool.query(
      `SELECT count(*)::float8 AS count, min(id) AS first, (array_agg(ST_X(geom) ORDER BY id))[1] AS lon, (array_agg(ST_Y(geom) ORDER BY id))[1] AS lat
       FROM ${this.host.s}.features WHERE ${where}
       GROUP BY floor(ST_X(geom) * ${kx}::float8 + 0.5), floor(ST_Y(geom) * ${ky}::float8 + 0.5)
       HAVING count(*) >= ${p.add(minCount)} ORDER BY count(*) DESC, min(id)`,
      p.values,
    );
    const total = await this.countPoints(sel);
    return { total, stacks: r.rows.map((x: { count: number; lon: number; lat: number }) => ({ lon: x.lon, lat: x.lat, count: x.count })) };
  }

  async dbscanCandidates(sel: PointSelection, epsg: number, eps: number, minPoints: number, onIds: IdSink): Promise<DbscanCandidates> {
    const { pool, s } = this.host;
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      const p = new Params();
      const where = selectionWhere(sel, p);
      const g = `ST_Transform(geom, ${p.add(epsg)}::int)`;
      await c.query(
        `CREATE TEMP TABLE frontera_dbscan ON COMMIT DROP AS
         SELECT id, source_index, ST_ClusterDBSCAN(${g}, ${p.add(eps + EPS_MARGIN)}::float8, ${p.add(minPoints)}::int) OVER () AS cid,
                floor(ST_X(${g}) + 0.5) AS cx, floor(ST_Y(${g}) + 0.5) AS cy
         FROM ${s}.features WHERE ${where}`,
        p.values,
      );
      await c.query('CREATE INDEX ON frontera_dbscan (id)');
      const locations = (await c.query<{ n: number }>('SELECT count(*)::float8 AS n FROM (SELECT DISTINCT cx, cy FROM frontera_dbscan) d')).rows[0].n;
      const total = (await c.query<{ n: number }>('SELECT count(*)::float8 AS n FROM frontera_dbscan')).rows[0].n;
      const sourceIndex = new Float64Array(total);
      const member = new Int32Array(total);
      const engineCluster: number[] = [];
      let at = 0;
      let after = -1;
      for (;;) {
        const r = await c.query({ text: `SELECT id, source_index, cid FROM frontera_dbscan WHERE id > $1 ORDER BY id LIMIT ${ID_BATCH}`, values: [after], rowMode: 'array' });
        const ids = new Float64Array(r.rows.length);
        r.rows.forEach((row: unknown[], k: number) => {
          ids[k] = row[0] as number;
          sourceIndex[at] = row[1] as number;
          if (row[2] === null) member[at] = -1;
          else {
            member[at] = engineCluster.length;
            engineCluster.push(row[2] as number);
          }
          at++;
        });
        if (ids.length) onIds(ids);
        if (r.rows.length < ID_BATCH) break;
        after = ids[ids.length - 1];
      }
      const points = await this.host.readPoints(c, sel.layerId, sel, 'id IN (SELECT id FROM frontera_dbscan WHERE cid IS NOT NULL)');
      if (points.count !== engineCluster.length) throw new Error(`database DBSCAN: ${engineCluster.length} clustered incidents, ${points.count} read`);
      await c.query('COMMIT');
      return { sourceIndex, member, points, engineCluster: Int32Array.from(engineCluster), locations };
    } catch (e) {
      await c.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      c.release();
    }
  }

  /**
   * studyArea.ts landSides: records beyond the land's lon/lat box, and on each side of the border
   * ring. The ring test is PostGIS's; the few records within a nanodegree of the ring are sent
   * here and sided by southOfUsMexicoBorder, as in process.
   */
  async landSides(sel: PointSelection, coverage: Extent, mexicoSide: readonly (readonly [number, number])[]): Promise<{ n: number; beyond: number; bySide: Map<string, number> }> {
    const p = new Params();
    const where = selectionWhere(sel, p);
    const ring = JSON.stringify({ type: 'Polygon', coordinates: [[...mexicoSide, mexicoSide[0]]] });
    const mexico = `ST_SetSRID(ST_GeomFromGeoJSON(${p.add(ring)}), 4326)`;
    const [x0, y0, x1, y1] = [coverage.minX, coverage.minY, coverage.maxX, coverage.maxY].map((v) => `${p.add(v)}::float8`);
    const r = await this.host.pool.query({
      text: `SELECT near, mx, count(*)::float8, count(*) FILTER (WHERE beyond)::float8, min(lon), min(lat) FROM (
               SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat, ST_DWithin(geom, ST_Boundary(${mexico}), 1e-9) AS near, ST_Intersects(geom, ${mexico}) AS mx,
                      ST_X(geom) < ${x0} OR ST_X(geom) > ${x1} OR ST_Y(geom) < ${y0} OR ST_Y(geom) > ${y1} AS beyond
               FROM ${this.host.s}.features WHERE ${where}) q
             GROUP BY near, mx, CASE WHEN near THEN lon END, CASE WHEN near THEN lat END`,
      values: p.values,
      rowMode: 'array',
    });
    const bySide = new Map<string, number>();
    let n = 0;
    let beyond = 0;
    for (const [near, mx, count, out, lon, lat] of r.rows as [boolean, boolean, number, number, number, number][]) {
      const side = (near ? southOfUsMexicoBorder(lon, lat) : mx) ? 'MX' : 'US';
      bySide.set(side, (bySide.get(side) ?? 0) + count);
      n += count;
      beyond += out;
    }
    return { n, beyond, bySide };
  }

  /**
   * Each point's distance to its nearest other point (a point sharing its place: 0) in the
   * projection `epsg`, by the GiST index's nearest-neighbour search on a projected copy.
   */
  async nearestNeighbourStats(sel: PointSelection, epsg: number): Promise<{ mean: number; median: number }> {
    return this.inTransaction(async (c) => {
      const p = new Params();
      const where = selectionWhere(sel, p);
      await c.query(`CREATE TEMP TABLE frontera_nn ON COMMIT DROP AS SELECT id, ST_Transform(geom, ${p.add(epsg)}::int) AS g FROM ${this.host.s}.features WHERE ${where}`, p.values);
      await c.query('CREATE INDEX ON frontera_nn USING gist (g)');
      await c.query('ANALYZE frontera_nn');
      const r = await c.query<{ mean: number; median: number }>(
        `SELECT avg(d) AS mean, percentile_cont(0.5) WITHIN GROUP (ORDER BY d) AS median
         FROM (SELECT (SELECT ST_Distance(a.g, b.g) FROM frontera_nn b WHERE b.id <> a.id ORDER BY a.g <-> b.g LIMIT 1) AS d FROM frontera_nn a) q`,
      );
      return r.rows[0];
    });
  }

  /** Incidents (or quantities, non-numbers as 0 as in process) per cell of the run's lattice (latticeSql.ts), in one snapshot with the ids. */
  async cellCounts(
    sel: PointSelection,
    epsg: number,
    lattice: Lattice,
    weightByQuantity: boolean,
    onIds: IdSink,
    area: PlanarArea,
  ): Promise<{ keys: Float64Array; count: Int32Array; value: Float64Array; inside: Float64Array }> {
    return this.inTransaction(async (c) => {
      const w = weightByQuantity ? "CASE WHEN quantity IS NULL OR quantity IN ('NaN', 'Infinity', '-Infinity') THEN 0 ELSE quantity END" : '1::float8';
      const counted = await countCells(c, lattice, epsg, (p) => `(SELECT geom, ${w} AS w FROM ${this.host.s}.features WHERE ${selectionWhere(sel, p)})`, area);
      let after = -1;
      for (;;) {
        const q = new Params();
        const ids = await c.query({
          text: `SELECT id FROM ${this.host.s}.features WHERE ${selectionWhere(sel, q)} AND id > ${q.add(after)} ORDER BY id LIMIT ${ID_BATCH}`,
          values: q.values,
          rowMode: 'array',
        });
        if (ids.rows.length) onIds(Float64Array.from(ids.rows as [number][], (row) => row[0]));
        if (ids.rows.length < ID_BATCH) break;
        after = (ids.rows[ids.rows.length - 1] as [number])[0];
      }
      return counted;
    });
  }

  /** `work` on one connection in one snapshot (temporary tables dropped at its end). */
  private async inTransaction<T>(work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.host.pool.connect();
    try {
      await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      const out = await work(c);
      await c.query('COMMIT');
      return out;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      c.release();
    }
  }
}
