/**
 * A team workspace: a schema of a PostGIS database that several analysts open at once (see
 * docs/team.md). Every write is one transaction: a layer with its features and audit rows, an
 * analysis with its result, a removal with its audit row. Several writers lose nothing: layer
 * names are unique in the database (the second writer of a name waits for the first and is
 * refused), ids come from sequences, the map state is kept per role. Each audit row records the
 * database role that wrote it (current_user, the column's default). A role that may only
 * SELECT opens, views, analyses without storing, prints and exports; a write is refused with
 * "read-only team workspace".
 */
import crypto from 'node:crypto';
import type pg from 'pg';
import type { AuditEntry, LayerInfo } from '../../../../shared/api/contract.ts';
import { UserError } from '../../../../shared/errors.ts';
import { noLayerError } from '../noLayerError.ts';
import { layerTakenError } from '../layerTakenError.ts';
import { toLayerInfo, type LayerRow } from '../layerRow.ts';
import { DEFAULT_TIMEZONE, assertTimeZone } from '../../../../shared/time/zone.ts';
import type { FeatureFilter } from '../featureFilter.ts';
import type { LayerStats } from '../layerStats.ts';
import type { StoredFeature } from '../featureRows.ts';
import { tallyFieldValue, type RawFieldValues } from '../fieldValues.ts';
import { Lookup } from '../pointColumns.ts';
import {
  FEATURE_BATCH,
  type AnalysisInput,
  type AnalysisListing,
  type AuditInput,
  type LayerMeta,
  type LayerWrite,
  type PointColumns,
  type LayerMetadataAudit,
  type PointReadOptions,
  type StoredAnalysis,
  type WorkspaceStore,
} from '../store.ts';
import { connectPool, parseTeamUrl, quoteIdent, type TeamAddress } from './connection.ts';
import { POSTGIS_SCHEMA_VERSION, postgisMigrations } from './migrations.ts';
import { FEATURE_SELECT, Params, decodeRow, featureOrder, featureWhere } from './featureSql.ts';
import { PostgisLayerWrite } from './layerCopy.ts';
import { PostgisPushdown } from './pushdown.ts';

const APP_VERSION = '0.1.0';
/** Points fetched per round trip when a layer is read into columns. */
const POINT_BATCH = 100_000;

type Queryable = pg.Pool | pg.PoolClient;

/** A PostgreSQL error's SQLSTATE. */
const sqlState = (e: unknown): string | undefined => (e as { code?: string })?.code;

export class PostgisStore implements WorkspaceStore {
  readonly engine = 'postgis' as const;
  /** The schema, quoted for SQL. */
  private readonly s: string;
  /** The connection of a file of several layers (inOneTransaction): its layers are savepoints. */
  private fileClient: pg.PoolClient | null = null;
  /** DBSCAN and counts done in the database for big selections (postgis/pushdown.ts). */
  readonly pushdown: PostgisPushdown;
  /** A read-only role's runs, kept for this session under negative ids (analysisService.saveRun says so). */
  private readonly session = new Map<number, StoredAnalysis>();

  private constructor(
    private readonly address: TeamAddress,
    private readonly pool: pg.Pool,
    readonly role: string,
    readonly readOnly: boolean,
    /** The role owning the schema's tables: a layer's table is handed to it (see docs/team.md). */
    private readonly owner: string,
  ) {
    this.s = quoteIdent(address.schema);
    this.pushdown = new PostgisPushdown({
      pool,
      s: this.s,
      readPoints: (db, layerId, sel, extra) => this.readPointsOn(db, layerId, sel.filter, { extra }),
    });
  }

  get location(): string {
    return this.address.location;
  }

  /**
   * Opens the team workspace at `url`; with `create`, makes its schema (or brings it up to date),
   * and with `exclusive` too refuses one that exists (`frontera init`); `password`, one typed in
   * the app, goes to the pool's connections only (connectionConfigs).
   */
  static async open(url: string, opts: { create?: boolean; exclusive?: boolean; password?: string } = {}): Promise<PostgisStore> {
    const address = parseTeamUrl(url);
    const pool = await connectPool(address, undefined, opts.password);
    try {
      const s = quoteIdent(address.schema);
      const { rows } = await pool.query<{ role: string; schema: boolean; postgis: boolean }>(
        `SELECT current_user AS role, EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS schema,
                EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'postgis') AS postgis`,
        [address.schema],
      );
      const { role } = rows[0];
      const where = `${address.host}:${address.port}/${address.database}`;
      if (!rows[0].postgis) {
        throw new UserError(`the database ${where} has no PostGIS: an administrator runs CREATE EXTENSION postgis in it first (docs/team.md)`);
      }
      if (!rows[0].schema && !opts.create) {
        throw new UserError(`no team workspace "${address.schema}" in ${where} (create one with \`frontera init ${url}\`)`);
      }
      if (opts.exclusive && rows[0].schema && (await PostgisStore.version(pool, s)) !== null) {
        throw new UserError(`the team workspace ${url} already exists; choose another schema with ?schema=NAME`);
      }
      if (opts.create) await PostgisStore.migrate(pool, address);
      const version = await PostgisStore.version(pool, s);
      if (version === null) throw new UserError(`schema "${address.schema}" in ${where} is not a Frontera team workspace`);
      if (version > POSTGIS_SCHEMA_VERSION) {
        throw new UserError(`the team workspace ${url} was written by a newer Frontera (schema ${version}, this version knows ${POSTGIS_SCHEMA_VERSION})`);
      }
      if (version < POSTGIS_SCHEMA_VERSION) await PostgisStore.migrate(pool, address);
      const priv = await pool.query<{ w: boolean; owner: string }>(
        `SELECT has_table_privilege(current_user, $1, 'INSERT') AS w, (SELECT tableowner FROM pg_tables WHERE schemaname = $2 AND tablename = 'features') AS owner`,
        [`${s}.layers`, address.schema],
      );
      return new PostgisStore(address, pool, role, !priv.rows[0].w, priv.rows[0].owner);
    } catch (e) {
      await pool.end().catch(() => {});
      throw e;
    }
  }

  private static async version(db: Queryable, s: string): Promise<number | null> {
    // Looked up first: a failed SELECT would abort the transaction it runs in.
    const t = await db.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [`${s}.settings`]);
    if (t.rows[0].t === null) return null;
    const r = await db.query<{ value: string }>(`SELECT value FROM ${s}.settings WHERE key = 'schema_version'`);
    return r.rows.length ? Number(r.rows[0].value) : null;
  }

  /** Applies the steps not yet applied, under a lock so two analysts opening a new workspace do not both. */
  private static async migrate(pool: pg.Pool, a: TeamAddress): Promise<void> {
    const s = quoteIdent(a.schema);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`frontera:${a.schema}`]);
      try {
        // Only when missing: CREATE SCHEMA IF NOT EXISTS would still ask for CREATE on the database.
        const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [a.schema]);
        if (!exists.rows.length) await client.query(`CREATE SCHEMA ${s}`);
      } catch (e) {
        if (sqlState(e) === '42501') throw new UserError(`role "${a.user}" may not create schema "${a.schema}" in ${a.database}: an administrator grants CREATE on the database (docs/team.md)`);
        throw e;
      }
      // A schema an administrator made for a team (owned by its group role): the tables are the group's too.
      const owner = await client.query<{ owner: string; me: string }>(
        'SELECT pg_get_userbyid(nspowner) AS owner, current_user AS me FROM pg_namespace WHERE nspname = $1',
        [a.schema],
      );
      if (owner.rows[0].owner !== owner.rows[0].me) await client.query(`SET LOCAL ROLE ${quoteIdent(owner.rows[0].owner)}`);
      const tables = await client.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = $1`, [a.schema]);
      let version = await PostgisStore.version(client, s);
      if (version === null && (tables.rows[0] as { n: number }).n > 0) {
        throw new UserError(`schema "${a.schema}" holds tables that are not a Frontera team workspace`);
      }
      version ??= 0;
      for (let v = version; v < POSTGIS_SCHEMA_VERSION; v++) await client.query(postgisMigrations[v](s));
      if (version === 0) {
        const now = new Date().toISOString();
        await client.query(
          `INSERT INTO ${s}.settings (key, value) VALUES ('timezone', $1), ('created_at', $2), ('app_version', $3)`,
          [DEFAULT_TIMEZONE, now, APP_VERSION],
        );
      }
      await client.query(
        `INSERT INTO ${s}.settings (key, value) VALUES ('schema_version', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        [String(POSTGIS_SCHEMA_VERSION)],
      );
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }

  /** Refuses a write to a read-only role, in the words the issue gives. */
  private assertWritable(what: string): void {
    if (this.readOnly) {
      throw new UserError(`read-only team workspace: role "${this.role}" may read, analyse without storing, print and export, not ${what}`);
    }
  }

  /** A write the server refused for want of a privilege, as the same error. */
  private denied(e: unknown, what: string): unknown {
    return sqlState(e) === '42501' ? new UserError(`read-only team workspace: role "${this.role}" may not ${what} (${(e as Error).message})`) : e;
  }

  /** Runs `fn` in a transaction of its own (or in the file's, as a savepoint). */
  private async tx<T>(what: string, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    this.assertWritable(what);
    const nested = this.fileClient;
    const c = nested ?? (await this.pool.connect());
    try {
      await c.query(nested ? 'SAVEPOINT frontera_write' : 'BEGIN');
      const r = await fn(c);
      await c.query(nested ? 'RELEASE SAVEPOINT frontera_write' : 'COMMIT');
      return r;
    } catch (e) {
      await c.query(nested ? 'ROLLBACK TO SAVEPOINT frontera_write; RELEASE SAVEPOINT frontera_write' : 'ROLLBACK').catch(() => {});
      throw this.denied(e, what);
    } finally {
      if (!nested) c.release();
    }
  }

  private async setting(key: string): Promise<string | null> {
    const r = await this.pool.query<{ value: string }>(`SELECT value FROM ${this.s}.settings WHERE key = $1`, [key]);
    return r.rows.length ? r.rows[0].value : null;
  }

  async timezone(): Promise<string> {
    return (await this.setting('timezone')) ?? DEFAULT_TIMEZONE;
  }

  async setTimezone(tz: string, actor = 'system'): Promise<void> {
    assertTimeZone(tz);
    await this.tx('change the time zone', async (c) => {
      await c.query(`INSERT INTO ${this.s}.settings (key, value) VALUES ('timezone', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [tz]);
      await this.insertAudit(c, [{ actor, action: 'settings.timezone', target: null, details: { timezone: tz } }]);
    });
  }

  async schemaVersion(): Promise<number> {
    return (await PostgisStore.version(this.pool, this.s)) ?? 0;
  }

  // ---------- layers ----------

  async beginLayer(meta: LayerMeta): Promise<LayerWrite> {
    this.assertWritable(`import layer "${meta.name}"`);
    const nested = this.fileClient;
    const c = nested ?? (await this.pool.connect());
    const end = async (ok: boolean): Promise<void> => {
      try {
        if (nested) await c.query(ok ? 'RELEASE SAVEPOINT frontera_layer' : 'ROLLBACK TO SAVEPOINT frontera_layer; RELEASE SAVEPOINT frontera_layer');
        else await c.query(ok ? 'COMMIT' : 'ROLLBACK');
      } finally {
        if (!nested) c.release();
      }
    };
    try {
      await c.query(nested ? 'SAVEPOINT frontera_layer' : 'BEGIN');
      await this.lockLayers(c);
      const r = await c.query<{ id: number }>(
        `INSERT INTO ${this.s}.layers (name, source_file, source_format, source_crs, fields, geometry_type, fingerprint, imported_at, mapping, metadata)
         VALUES ($1, $2, $3, $4, $5, 'None', $6, $7, $8, $9) RETURNING id`,
        [
          meta.name,
          meta.sourceFile,
          meta.sourceFormat,
          meta.sourceCrs,
          JSON.stringify(meta.fields),
          meta.fingerprint,
          meta.importedAt ?? new Date().toISOString(),
          JSON.stringify(meta.mapping),
          JSON.stringify(meta.metadata),
        ],
      );
      const layerId = r.rows[0].id;
      const table = `${this.s}.${quoteIdent(`features_${layerId}`)}`;
      await c.query(`CREATE TABLE ${table} (LIKE ${this.s}.features INCLUDING DEFAULTS)`);
      // Owned as the schema's tables are, so another analyst may remove the layer.
      if (this.owner !== this.role) await c.query(`ALTER TABLE ${table} OWNER TO ${quoteIdent(this.owner)}`);
      return new PostgisLayerWrite({
        client: c,
        schema: this.address.schema,
        layerId,
        meta,
        end,
        store: async (m, stats) => {
          await this.storeStats(c, layerId, m, stats);
          return toLayerInfo((await c.query<LayerRow>(`SELECT * FROM ${this.s}.layers WHERE id = $1`, [layerId])).rows[0]);
        },
        audit: async (client, entries) => {
          await this.insertAudit(client, entries);
        },
        readPoints: (client, id) => this.readPointsOn(client, id, {}),
      });
    } catch (e) {
      await end(false).catch(() => {});
      if (sqlState(e) === '23505') throw layerTakenError(meta.name, 'layer');
      throw this.denied(e, `import layer "${meta.name}"`);
    }
  }

  /**
   * Layer writes (imports, copies, removals) take turns, each holding the schema's lock until it
   * commits: attaching a layer's table to `features` locks `layers` against another writer's
   * row, and two imports at once would wait for each other. A second writer of one layer name
   * then finds the first's committed and is refused cleanly. Reading and storing analyses go on
   * meanwhile.
   */
  private async lockLayers(c: pg.PoolClient): Promise<void> {
    await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`frontera:${this.address.schema}:layers`]);
  }

  private async storeStats(c: pg.PoolClient, id: number, meta: LayerMeta, st: LayerStats): Promise<void> {
    await c.query(
      `UPDATE ${this.s}.layers SET fields = $1, source_crs = $2, fingerprint = $3, geometry_type = $4, feature_count = $5, min_lon = $6, min_lat = $7,
         max_lon = $8, max_lat = $9, time_min = $10, time_max = $11, categories = $12, mapping = $13, metadata = $14,
         windowed_count = $15, widest_window = $16 WHERE id = $17`,
      [
        JSON.stringify(meta.fields),
        meta.sourceCrs,
        meta.fingerprint,
        st.geometryType,
        st.featureCount,
        st.bbox?.[0] ?? null,
        st.bbox?.[1] ?? null,
        st.bbox?.[2] ?? null,
        st.bbox?.[3] ?? null,
        st.timeRange?.[0] ?? null,
        st.timeRange?.[1] ?? null,
        JSON.stringify(st.categories),
        JSON.stringify(meta.mapping),
        JSON.stringify(meta.metadata),
        st.timeWindows.count,
        st.timeWindows.widestMs,
        id,
      ],
    );
  }

  async inOneTransaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.fileClient) throw new Error('inOneTransaction inside an open transaction');
    this.assertWritable('import');
    const c = await this.pool.connect();
    await c.query('BEGIN');
    this.fileClient = c;
    try {
      const r = await fn();
      await c.query('COMMIT');
      return r;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      this.fileClient = null;
      c.release();
    }
  }

  async listLayers(): Promise<LayerInfo[]> {
    return (await this.pool.query<LayerRow>(`SELECT * FROM ${this.s}.layers ORDER BY id`)).rows.map(toLayerInfo);
  }

  async findLayer(idOrName: number | string): Promise<LayerInfo | undefined> {
    const q = (where: string, v: unknown) => this.pool.query<LayerRow>(`SELECT * FROM ${this.s}.layers WHERE ${where}`, [v]);
    let rows: LayerRow[];
    if (typeof idOrName === 'number') rows = (await q('id = $1', idOrName)).rows;
    else {
      rows = (await q('name = $1', idOrName)).rows;
      if (!rows.length && /^\d+$/.test(idOrName)) rows = (await q('id = $1', Number(idOrName))).rows;
    }
    return rows.length ? toLayerInfo(rows[0]) : undefined;
  }

  async getLayer(idOrName: number | string): Promise<LayerInfo> {
    const l = await this.findLayer(idOrName);
    if (!l) {
      throw noLayerError(idOrName, this.location, await this.listLayers());
    }
    return l;
  }

  async removeLayer(id: number, actor: string): Promise<number> {
    const layer = await this.getLayer(id);
    await this.tx(`remove layer "${layer.name}"`, async (c) => {
      await this.lockLayers(c);
      await c.query(`DROP TABLE IF EXISTS ${this.s}.${quoteIdent(`features_${id}`)}`);
      await c.query(`DELETE FROM ${this.s}.layers WHERE id = $1`, [id]);
      await this.insertAudit(c, [{ actor, action: 'layer.remove', target: layer.name, details: { layerId: id, features: layer.featureCount } }]);
    });
    return layer.featureCount;
  }

  async setMetadataEntry(layerId: number, key: string, value: unknown, entry: LayerMetadataAudit): Promise<void> {
    const layer = await this.getLayer(layerId);
    await this.tx(`change layer "${layer.name}"`, async (c) => {
      // metadata is JSON text (the file's store keeps the same): changed as jsonb, written back as text.
      await c.query(
        value === undefined
          ? `UPDATE ${this.s}.layers SET metadata = (metadata::jsonb - $1::text)::text WHERE id = $2`
          : `UPDATE ${this.s}.layers SET metadata = jsonb_set(metadata::jsonb, ARRAY[$1::text], $3::jsonb)::text WHERE id = $2`,
        value === undefined ? [key, layerId] : [key, layerId, JSON.stringify(value)],
      );
      await this.insertAudit(c, [{ actor: entry.actor, action: entry.action, target: layer.name, details: entry.details }]);
    });
  }

  // ---------- features ----------

  async *featureBatches(layerId: number, filter: FeatureFilter = {}): AsyncGenerator<StoredFeature[]> {
    if (filter.where) {
      // The attribute filter is compiled JavaScript: tested here on each record's properties, the page taken after it.
      const { where, limit, offset = 0, ...rest } = filter;
      let skipped = 0;
      let taken = 0;
      for await (const batch of this.featureBatches(layerId, rest)) {
        const out: StoredFeature[] = [];
        for (const f of batch) {
          if (!where.matches(f.properties)) continue;
          if (skipped < offset) skipped++;
          else if (limit === undefined || taken < limit) {
            out.push(f);
            taken++;
          }
        }
        if (out.length) yield out;
        if (limit !== undefined && taken >= limit) return;
      }
      return;
    }
    const paged = filter.limit !== undefined || filter.offset !== undefined || (filter.sort !== undefined && filter.sort.field !== 'id');
    if (paged || filter.sort?.desc) {
      const p = new Params();
      const where = featureWhere(layerId, filter, p);
      const order = featureOrder(filter.sort, p);
      let sql = `SELECT ${FEATURE_SELECT} FROM ${this.s}.features WHERE ${where} ORDER BY ${order}`;
      if (filter.limit !== undefined) sql += ` LIMIT ${p.add(filter.limit)}`;
      if (filter.offset !== undefined) sql += ` OFFSET ${p.add(filter.offset)}`;
      const r = await this.pool.query({ text: sql, values: p.values, rowMode: 'array' });
      for (let k = 0; k < r.rows.length; k += FEATURE_BATCH) yield r.rows.slice(k, k + FEATURE_BATCH).map((row) => decodeRow(row as unknown[]));
      return;
    }
    // In id order a batch at a time, each continuing after the last id read.
    let after = -1;
    for (;;) {
      const p = new Params();
      const where = featureWhere(layerId, filter, p);
      const sql = `SELECT ${FEATURE_SELECT} FROM ${this.s}.features WHERE ${where} AND id > ${p.add(after)} ORDER BY id LIMIT ${FEATURE_BATCH}`;
      const r = await this.pool.query({ text: sql, values: p.values, rowMode: 'array' });
      if (!r.rows.length) return;
      const batch = r.rows.map((row) => decodeRow(row as unknown[]));
      after = batch[batch.length - 1].id;
      yield batch;
      if (r.rows.length < FEATURE_BATCH) return;
    }
  }

  async countFeatures(layerId: number, filter: FeatureFilter = {}): Promise<number> {
    if (filter.where) {
      let n = 0;
      for await (const batch of this.featureBatches(layerId, { ...filter, limit: undefined, offset: undefined, sort: undefined })) n += batch.length;
      return n;
    }
    const p = new Params();
    const where = featureWhere(layerId, { ...filter, limit: undefined, offset: undefined, sort: undefined }, p);
    const r = await this.pool.query<{ n: number }>(`SELECT count(*) AS n FROM ${this.s}.features WHERE ${where}`, p.values);
    return r.rows[0].n;
  }

  /** As the file's row store counts them (store/fieldValues.ts): by JSON type, booleans as booleans, objects as their JSON. */
  async fieldValues(layerId: number, field: string, numbers: boolean, where?: FeatureFilter['where']): Promise<RawFieldValues> {
    if (where) {
      // The attribute filter is a predicate in JS (as countFeatures above): the passing records are tallied here.
      const out: RawFieldValues = { counts: new Map(), nulls: 0, ...(numbers ? { numbers: [] } : {}) };
      for await (const batch of this.featureBatches(layerId, { where })) for (const f of batch) tallyFieldValue(out, f.properties, field);
      return out;
    }
    const counts = new Map<string | number | boolean, number>();
    let nulls = 0;
    const r = await this.pool.query<{ t: string | null; v: string | null; n: number }>(
      `SELECT json_typeof(properties -> $2) AS t, properties ->> $2 AS v, count(*)::float8 AS n FROM ${this.s}.features WHERE layer_id = $1 GROUP BY 1, 2`,
      [layerId, field],
    );
    for (const row of r.rows) {
      const key = row.t === null || row.t === 'null' ? null : row.t === 'boolean' ? row.v === 'true' : row.t === 'number' ? Number(row.v) : (row.v as string);
      if (key === null) nulls += row.n;
      else counts.set(key, (counts.get(key) ?? 0) + row.n);
    }
    if (!numbers) return { counts, nulls };
    const values = await this.pool.query({
      text: `SELECT (properties ->> $2)::float8 FROM ${this.s}.features WHERE layer_id = $1 AND json_typeof(properties -> $2) = 'number' ORDER BY id`,
      values: [layerId, field],
      rowMode: 'array',
    });
    return { counts, nulls, numbers: values.rows.map((x: unknown[]) => x[0] as number) };
  }

  readPoints(layerId: number, filter: FeatureFilter = {}, options: PointReadOptions = {}): Promise<PointColumns> {
    return this.readPointsOn(this.pool, layerId, filter, options);
  }

  /**
   * A layer's plain points as columns, in id order, a batch per round trip: the selection's time
   * window, categories, box and `within` polygon are applied in SQL, so only the points needed
   * travel (the caller still tests `within` exactly).
   */
  private async readPointsOn(db: Queryable, layerId: number, filter: FeatureFilter, options: PointReadOptions & { extra?: string } = {}): Promise<PointColumns> {
    // Typed columns that double as they fill (ten million points are 600 MB here, not gigabytes of JS arrays).
    let cap = 1 << 16;
    const make = () => ({
      ids: new Float64Array(cap),
      lon: new Float64Array(cap),
      lat: new Float64Array(cap),
      time: new Float64Array(cap),
      tp: new Uint8Array(cap),
      cat: new Int32Array(cap),
      q: new Float64Array(cap),
      unit: new Int32Array(cap),
      src: new Float64Array(cap),
      end: new Float64Array(cap),
      loc: new Int32Array(cap),
    });
    let c = make();
    let n = 0;
    let hasEnd = false;
    let hasLoc = false;
    const categories = new Lookup([]);
    const units = new Lookup([]);
    const locations = new Lookup([]);
    let after = -1;
    for (;;) {
      const p = new Params();
      const where = featureWhere(layerId, { ...filter, limit: undefined, offset: undefined, sort: undefined }, p);
      let within = options.within ? ` AND ST_Intersects(geom, ST_SetSRID(ST_GeomFromGeoJSON(${p.add(JSON.stringify(options.within))}), 4326))` : '';
      if (options.extra) within += ` AND ${options.extra}`;
      const sql =
        `SELECT id, ST_X(geom), ST_Y(geom), time, CASE time_precision WHEN 'instant' THEN 1 WHEN 'date' THEN 2 ELSE 0 END, category, quantity, unit, source_index, ` +
        `time_end, precision${filter.where ? ', properties::text' : ''} FROM ${this.s}.features WHERE ${where} AND geometry_json IS NULL AND geom IS NOT NULL${within} AND id > ${p.add(after)} ` +
        `ORDER BY id LIMIT ${POINT_BATCH}`;
      const r = await db.query({ text: sql, values: p.values, rowMode: 'array' });
      if (n + r.rows.length > cap) {
        while (n + r.rows.length > cap) cap *= 2;
        const grown = make();
        for (const k of Object.keys(c) as (keyof typeof c)[]) grown[k].set(c[k].subarray(0, n) as never);
        c = grown;
      }
      for (const row of r.rows as unknown[][]) {
        if (filter.where && !filter.where.matches(JSON.parse(row[11] as string) as Record<string, unknown>)) continue;
        c.ids[n] = row[0] as number;
        c.lon[n] = row[1] as number;
        c.lat[n] = row[2] as number;
        c.time[n] = row[3] === null ? NaN : (row[3] as number);
        c.tp[n] = row[4] as number;
        c.cat[n] = categories.code(row[5]);
        c.q[n] = row[6] === null ? NaN : (row[6] as number);
        c.unit[n] = units.code(row[7]);
        c.src[n] = row[8] as number;
        c.end[n] = row[9] === null ? NaN : (row[9] as number);
        if (row[9] !== null) hasEnd = true;
        c.loc[n] = locations.code(row[10]);
        if (row[10] !== null) hasLoc = true;
        n++;
      }
      if (r.rows.length < POINT_BATCH) break;
      after = (r.rows[r.rows.length - 1] as unknown[])[0] as number;
    }
    const fit = <T extends Float64Array | Int32Array | Uint8Array>(a: T): T => a.slice(0, n) as T;
    return {
      count: n,
      ids: fit(c.ids),
      lon: fit(c.lon),
      lat: fit(c.lat),
      time: fit(c.time),
      timePrecision: fit(c.tp),
      category: fit(c.cat),
      categories: categories.values,
      quantity: fit(c.q),
      unit: fit(c.unit),
      units: units.values,
      sourceIndex: fit(c.src),
      ...(hasEnd ? { timeEnd: fit(c.end) } : {}),
      ...(hasLoc ? { precision: fit(c.loc), precisions: locations.values } : {}),
    };
  }

  // ---------- analyses ----------

  async saveAnalysis(a: AnalysisInput): Promise<number> {
    if (this.readOnly) {
      const id = -(this.session.size + 1);
      const { result, ...rest } = a;
      this.session.set(id, { ...rest, id, result, createdAt: a.createdAt ?? new Date().toISOString() });
      return id;
    }
    const isBytes = a.result instanceof Uint8Array;
    return this.tx('store an analysis', async (c) => {
      const r = await c.query<{ id: number }>(
        `INSERT INTO ${this.s}.analyses (kind, layer_id, params, input_fingerprint, summary, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [a.kind, a.layerId, JSON.stringify(a.params ?? null), a.inputFingerprint, JSON.stringify(a.summary ?? null), a.createdAt ?? new Date().toISOString()],
      );
      const id = r.rows[0].id;
      await c.query(`INSERT INTO ${this.s}.analysis_results (analysis_id, result, result_type) VALUES ($1, $2, $3)`, [
        id,
        isBytes ? Buffer.from(a.result as Uint8Array) : Buffer.from(JSON.stringify(a.result ?? null)),
        isBytes ? 'blob' : 'json',
      ]);
      return id;
    });
  }

  async listAnalyses(layerId?: number): Promise<AnalysisListing[]> {
    const cols = 'id, kind, layer_id, params, input_fingerprint, summary, created_at';
    const r =
      layerId === undefined
        ? await this.pool.query(`SELECT ${cols} FROM ${this.s}.analyses ORDER BY id`)
        : await this.pool.query(`SELECT ${cols} FROM ${this.s}.analyses WHERE layer_id = $1 ORDER BY id`, [layerId]);
    const stored: AnalysisListing[] = r.rows.map((row: Record<string, unknown>) => ({
      id: row.id as number,
      kind: row.kind as string,
      layerId: row.layer_id as number | null,
      params: JSON.parse(row.params as string),
      inputFingerprint: row.input_fingerprint as string,
      summary: JSON.parse(row.summary as string),
      createdAt: row.created_at as string,
    }));
    const mine = [...this.session.values()].filter((a) => layerId === undefined || a.layerId === layerId).map(({ result: _, ...listing }) => listing);
    return [...stored, ...mine];
  }

  async getAnalysis(id: number): Promise<StoredAnalysis> {
    const kept = this.session.get(id);
    if (kept) return kept;
    const r = await this.pool.query(
      `SELECT a.*, r.result, r.result_type FROM ${this.s}.analyses a LEFT JOIN ${this.s}.analysis_results r ON r.analysis_id = a.id WHERE a.id = $1`,
      [id],
    );
    if (!r.rows.length) throw new UserError(`no analysis ${id} in ${this.location}`);
    const row = r.rows[0] as Record<string, unknown>;
    const bytes = row.result as Buffer | null;
    return {
      id: row.id as number,
      kind: row.kind as string,
      layerId: row.layer_id as number | null,
      params: JSON.parse(row.params as string),
      inputFingerprint: row.input_fingerprint as string,
      result: row.result_type === 'blob' ? new Uint8Array(bytes as Buffer) : bytes === null ? null : JSON.parse(bytes.toString('utf8')),
      summary: JSON.parse(row.summary as string),
      createdAt: row.created_at as string,
    };
  }

  async removeAnalysis(id: number, actor: string): Promise<void> {
    if (this.session.delete(id)) return;
    await this.tx(`remove analysis ${id}`, async (c) => {
      const r = await c.query(`DELETE FROM ${this.s}.analyses WHERE id = $1`, [id]);
      if (r.rowCount === 0) throw new UserError(`no analysis ${id} in ${this.location}`);
      await this.insertAudit(c, [{ actor, action: 'analysis.remove', target: String(id), details: {} }]);
    });
  }

  // ---------- map state: one per role ----------

  async mapState(): Promise<{ state: string; savedAt: string } | null> {
    const r = await this.pool.query<{ state: string; saved_at: string }>(`SELECT state, saved_at FROM ${this.s}.map_state WHERE name = current_user`);
    return r.rows.length ? { state: r.rows[0].state, savedAt: r.rows[0].saved_at } : null;
  }

  async saveMapState(state: string, actor: string): Promise<string> {
    const at = new Date().toISOString();
    // A read-only role keeps its map in the app only: nothing to refuse.
    if (this.readOnly) return at;
    await this.tx('save the map', (c) =>
      c.query(
        `INSERT INTO ${this.s}.map_state (name, state, saved_at, saved_by) VALUES (current_user, $1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET state = excluded.state, saved_at = excluded.saved_at, saved_by = excluded.saved_by`,
        [state, at, actor],
      ),
    );
    return at;
  }

  // ---------- audit ----------

  /** Audit rows on `c`; the role is the connection's own unless an entry was copied with one. */
  private async insertAudit(c: Queryable, entries: AuditInput[]): Promise<number | null> {
    let last: number | null = null;
    const at = new Date().toISOString();
    for (const e of entries) {
      const r = await c.query<{ id: number }>(
        `INSERT INTO ${this.s}.audit (at, actor, action, target, details, role) VALUES ($1, $2, $3, $4, $5, coalesce($6, current_user)) RETURNING id`,
        [e.at ?? at, e.actor, e.action, e.target, JSON.stringify(e.details), e.role ?? null],
      );
      last = r.rows[0].id;
    }
    return last;
  }

  async audit(actor: string, action: string, target: string | null, details: Record<string, unknown> = {}): Promise<number | null> {
    if (this.readOnly) return null;
    return this.tx('write the audit log', (c) => this.insertAudit(c, [{ actor, action, target, details }]));
  }

  async auditEntries(entries: AuditInput[]): Promise<void> {
    if (!entries.length) return;
    await this.tx('write the audit log', (c) => this.insertAudit(c, entries));
  }

  async listAudit(limit = 100): Promise<AuditEntry[]> {
    const r = await this.pool.query(`SELECT * FROM ${this.s}.audit ORDER BY id DESC LIMIT $1`, [limit]);
    return r.rows.map((row: Record<string, unknown>) => ({
      id: row.id as number,
      at: row.at as string,
      actor: row.actor as string,
      action: row.action as string,
      target: row.target as string | null,
      details: JSON.parse(row.details as string) as Record<string, unknown>,
      ...(row.role ? { role: row.role as string } : {}),
    }));
  }

  // ---------- identity ----------

  /** As the file's: the same layers and analyses hash the same whatever the engine. */
  async fingerprint(): Promise<string> {
    const h = crypto.createHash('sha256');
    const layers = await this.pool.query({ text: `SELECT id, name, fingerprint, feature_count FROM ${this.s}.layers ORDER BY id`, rowMode: 'array' });
    for (const r of layers.rows) h.update(JSON.stringify(r));
    const analyses = await this.pool.query({ text: `SELECT id, kind, input_fingerprint FROM ${this.s}.analyses ORDER BY id`, rowMode: 'array' });
    for (const r of analyses.rows) h.update(JSON.stringify(r));
    return h.digest('hex');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
