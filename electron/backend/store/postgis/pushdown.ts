/**
 * The work a team workspace's database does for a big selection (store/pushdown.ts): counts, the
 * selection's centre and stacked points, and DBSCAN with ST_ClusterDBSCAN, so only the clustered
 * incidents travel to this process, which finishes the run from them exactly
 * (analysis/pushdownRuns.ts).
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
import type { DbscanCandidates, EngineStacks, IdSink, PointSelection, Pushdown } from '../pushdown.ts';
import { Params, featureWhere } from './featureSql.ts';

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

  async extent(sel: PointSelection, epsg: number): Promise<{ minX: number; minY: number; maxX: number; maxY: number }> {
    return this.one((w, p) => {
      const g = `ST_Transform(geom, ${p.add(epsg)}::int)`;
      return `SELECT min(ST_X(${g})) AS "minX", min(ST_Y(${g})) AS "minY", max(ST_X(${g})) AS "maxX", max(ST_Y(${g})) AS "maxY" FROM ${this.host.s}.features WHERE ${w}`;
    }, sel);
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
}
