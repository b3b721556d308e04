/**
 * The workspace: one SQLite file (`*.frontera`) holding layers, their features, stored analyses
 * and the audit log. Every write runs in a transaction taken with BEGIN IMMEDIATE, so a second
 * process writing the same file waits (busy_timeout) and then gets a clear "workspace busy".
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { UserError } from '../../../shared/errors.ts';
import { noLayerError } from './noLayerError.ts';
import { layerTakenError } from './layerTakenError.ts';
import { toLayerInfo, type LayerRow } from './layerRow.ts';
import type { FieldMapping, LayerInfo, AuditEntry } from '../../../shared/api/contract.ts';
import type { FieldInfo, NormalizedFeature } from '../../../shared/model/feature.ts';
import { DEFAULT_TIMEZONE, assertTimeZone } from '../../../shared/time/zone.ts';
import { migrations, SCHEMA_VERSION } from './migrations.ts';
import { translateBusy, isBusyError, WorkspaceBusyError } from './busy.ts';
import { LayerWriter, type LayerStats, type LayerStorage } from './layerWriter.ts';
import { blockFieldValues, rowFieldValues, type RawFieldValues } from './fieldValues.ts';
import { countBlockFeatures, iterateBlockFeatures, readBlockPoints } from './blockReader.ts';
import type { BlockRow } from './pointBlocks.ts';
import { FEATURE_ROW_COLUMNS, decodeFeature, type FeatureRow, type PackedRows, type StoredFeature } from './featureRows.ts';
import { readPointColumns, type PointColumns } from './pointColumns.ts';
import { featureFilterSql, featureOrderSql, sqlFold, sqlWhere, type FeatureFilter } from './featureFilter.ts';

export type { FeatureFilter } from './featureFilter.ts';
export type { PointColumns } from './pointColumns.ts';
export type { StoredFeature } from './featureRows.ts';

const APP_VERSION = '0.1.0';
const BUSY_TIMEOUT_MS = 5000;

export interface LayerMeta {
  name: string;
  sourceFile: string;
  sourceFormat: string;
  /** Label of the source CRS (e.g. "EPSG:4326", "INEGI LCC (from .prj)"). */
  sourceCrs: string;
  fields: FieldInfo[];
  /** sha256 (hex) of the source bytes; for a shapefile, of all its parts. */
  fingerprint: string;
  mapping: FieldMapping;
  metadata: Record<string, unknown>;
  /** When the layer was imported (now, unless it is copied from another workspace). */
  importedAt?: string;
}

export interface InsertOptions {
  /** Called every few thousand features with the count so far. */
  onProgress?: (featuresWritten: number) => void;
  /** Aborting rolls the whole layer back. */
  signal?: AbortSignal;
}

export interface AnalysisInput {
  kind: string;
  layerId: number | null;
  params: unknown;
  inputFingerprint: string;
  /** JSON-serialisable value, or bytes stored as a BLOB. */
  result: unknown;
  summary: unknown;
  /** When it ran (now, unless it is copied from another workspace). */
  createdAt?: string;
}

export interface StoredAnalysis {
  id: number;
  kind: string;
  layerId: number | null;
  params: unknown;
  inputFingerprint: string;
  result: unknown;
  summary: unknown;
  createdAt: string;
}

export type AnalysisListing = Omit<StoredAnalysis, 'result'>;

/** Thrown inside a write when its AbortSignal fires; the transaction is rolled back. */
export class CancelledError extends UserError {
  constructor(what = 'operation') {
    super(`${what} cancelled; nothing was changed`);
    this.name = 'CancelledError';
  }
}

/** The savepoint a layer of a file of several is written in (Workspace.inOneTransaction). */
const LAYER_SAVEPOINT = 'frontera_layer';

/**
 * A layer being written inside an open transaction. `commit()` stores the layer's statistics
 * and ends the transaction; `rollback()` undoes everything since `beginLayer`. Inside
 * Workspace.inOneTransaction the layer is a savepoint: commit releases it, and the file's
 * transaction decides.
 */
export class LayerTransaction {
  private done = false;
  constructor(
    private readonly db: Database.Database,
    private readonly writer: LayerWriter,
    readonly meta: LayerMeta,
    private readonly storeStats: (meta: LayerMeta, stats: LayerStats) => LayerInfo,
    private readonly nested: boolean,
  ) {}

  get layerId(): number {
    return this.writer.layerId;
  }

  get featureCount(): number {
    return this.writer.featureCount;
  }

  add(f: NormalizedFeature): void {
    this.writer.add(f);
  }

  /** Rows normalised and packed by the import worker. */
  addPacked(rows: PackedRows): void {
    this.writer.addPacked(rows);
  }

  /** A column block of points built by the import worker. */
  addBlock(block: BlockRow): void {
    this.writer.addBlock(block);
  }

  /** Fields may only be known at the end of a file (GeoJSON); set them before commit. */
  setFields(fields: FieldInfo[]): void {
    this.meta.fields = fields;
  }

  /** Writes the remaining rows and the R*Tree entries and returns the layer's statistics, still uncommitted. */
  finish(): LayerStats {
    return this.writer.finish();
  }

  commit(stats: LayerStats): LayerInfo {
    if (this.done) throw new Error('layer transaction already ended');
    const info = this.storeStats(this.meta, stats);
    this.db.exec(this.nested ? `RELEASE ${LAYER_SAVEPOINT}` : 'COMMIT');
    this.done = true;
    return info;
  }

  rollback(): void {
    if (this.done) return;
    this.done = true;
    if (!this.db.inTransaction) return;
    this.db.exec(this.nested ? `ROLLBACK TO ${LAYER_SAVEPOINT}; RELEASE ${LAYER_SAVEPOINT}` : 'ROLLBACK');
  }
}

export class Workspace {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly stmt = new Map<string, Database.Statement>();
  /** Inside inOneTransaction: layers are savepoints of the transaction it holds. */
  private fileTransaction = false;

  private constructor(path: string, db: Database.Database) {
    this.path = path;
    this.db = db;
  }

  /** Opens (or with `create`, creates) a workspace file and brings its schema up to date. */
  static open(path: string, opts: { create?: boolean; busyTimeoutMs?: number } = {}): Workspace {
    const exists = fs.existsSync(path);
    if (!exists && !opts.create) {
      throw new UserError(`workspace not found: ${path} (create one with \`frontera init ${path}\`)`);
    }
    if (exists && fs.statSync(path).isDirectory()) throw new UserError(`${path} is a folder, not a workspace file`);
    let db: Database.Database;
    try {
      db = new Database(path, { timeout: opts.busyTimeoutMs ?? BUSY_TIMEOUT_MS });
    } catch (e) {
      throw new UserError(`cannot open workspace ${path}: ${(e as Error).message}`);
    }
    try {
      const ws = new Workspace(path, db);
      ws.configure(!exists);
      ws.migrate();
      return ws;
    } catch (e) {
      db.close();
      const code = (e as { code?: string }).code;
      if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
        throw new UserError(`${path} is not a Frontera workspace (not an SQLite database)`);
      }
      if (isBusyError(e)) throw new WorkspaceBusyError(path);
      throw e;
    }
  }

  private configure(fresh: boolean): void {
    if (fresh) this.db.pragma('page_size = 4096');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    // 256 MB page cache: a million-row layer's indexes stay in memory while it is written.
    this.db.pragma('cache_size = -262144');
    this.db.pragma('temp_store = MEMORY');
    this.db.function('frontera_where', sqlWhere);
    this.db.function('frontera_fold', { deterministic: true }, sqlFold);
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new UserError(
        `${this.path} was written by a newer Frontera (schema ${version}, this version knows ${SCHEMA_VERSION})`,
      );
    }
    if (version === 0) {
      const tables = this.db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as {
        n: number;
      };
      if (tables.n > 0) throw new UserError(`${this.path} is an SQLite database but not a Frontera workspace`);
    }
    if (version === SCHEMA_VERSION) return;
    translateBusy(this.path, () =>
      this.db
        .transaction(() => {
          for (let v = version; v < SCHEMA_VERSION; v++) this.db.exec(migrations[v]);
          if (version === 0) {
            const set = this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
            set.run('timezone', DEFAULT_TIMEZONE);
            set.run('created_at', new Date().toISOString());
            set.run('app_version', APP_VERSION);
          }
          this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
        })
        .immediate(),
    );
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  get schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  get journalMode(): string {
    return this.db.pragma('journal_mode', { simple: true }) as string;
  }

  private q(sql: string): Database.Statement {
    let s = this.stmt.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.stmt.set(sql, s);
    }
    return s;
  }

  /** A cached statement returning rows as arrays; cached apart so `q` statements stay in object mode. */
  private qRaw(sql: string): Database.Statement {
    const key = `raw:${sql}`;
    let s = this.stmt.get(key);
    if (!s) {
      s = this.db.prepare(sql).raw(true);
      this.stmt.set(key, s);
    }
    return s;
  }

  /** Runs `fn` in one IMMEDIATE transaction (or inside the one already open). */
  write<T>(fn: () => T): T {
    if (this.db.inTransaction) return this.db.transaction(fn)();
    return translateBusy(this.path, () => this.db.transaction(fn).immediate());
  }

  // ---------- settings ----------

  setting(key: string): string | null {
    const r = this.q('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return r ? r.value : null;
  }

  get timezone(): string {
    return this.setting('timezone') ?? DEFAULT_TIMEZONE;
  }

  setTimezone(tz: string, actor = 'system'): void {
    assertTimeZone(tz);
    this.write(() => {
      this.q('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
        'timezone',
        tz,
      );
      this.audit(actor, 'settings.timezone', null, { timezone: tz });
    });
  }

  // ---------- layers ----------

  /**
   * Opens a write transaction and creates the layer row; the caller adds features and then
   * commits or rolls back. Nothing else may write on this Workspace until it ends.
   */
  beginLayer(meta: LayerMeta, opts: { storage?: LayerStorage } = {}): LayerTransaction {
    const nested = this.fileTransaction;
    if (this.db.inTransaction && !nested) throw new Error('beginLayer inside an open transaction');
    this.assertNewLayerName(meta.name);
    if (nested) this.db.exec(`SAVEPOINT ${LAYER_SAVEPOINT}`);
    else translateBusy(this.path, () => this.db.exec('BEGIN IMMEDIATE'));
    try {
      // Re-check under the lock: another process may have taken the name meanwhile.
      this.assertNewLayerName(meta.name);
      const info = this.q(
        `INSERT INTO layers (name, source_file, source_format, source_crs, fields, geometry_type, fingerprint,
           imported_at, mapping, metadata) VALUES (?, ?, ?, ?, ?, 'None', ?, ?, ?, ?)`,
      ).run(
        meta.name,
        meta.sourceFile,
        meta.sourceFormat,
        meta.sourceCrs,
        JSON.stringify(meta.fields),
        meta.fingerprint,
        meta.importedAt ?? new Date().toISOString(),
        JSON.stringify(meta.mapping),
        JSON.stringify(meta.metadata),
      );
      const id = Number(info.lastInsertRowid);
      return new LayerTransaction(
        this.db,
        new LayerWriter(this.db, id, opts.storage),
        meta,
        (m, stats) => {
          this.updateLayerStats(id, m, stats);
          return this.getLayer(id);
        },
        nested,
      );
    } catch (e) {
      this.db.exec(nested ? `ROLLBACK TO ${LAYER_SAVEPOINT}; RELEASE ${LAYER_SAVEPOINT}` : 'ROLLBACK');
      throw e;
    }
  }

  /**
   * Runs `fn`, and every layer it begins, in one transaction: a file of several layers (a
   * GeoPackage's tables, a .zip of shapefiles) lands whole or not at all. `fn` may span turns of
   * the event loop (the back end runs one call at a time, Backend.serial).
   */
  async inOneTransaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.db.inTransaction) throw new Error('inOneTransaction inside an open transaction');
    translateBusy(this.path, () => this.db.exec('BEGIN IMMEDIATE'));
    this.fileTransaction = true;
    try {
      const r = await fn();
      this.db.exec('COMMIT');
      return r;
    } catch (e) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw e;
    } finally {
      this.fileTransaction = false;
    }
  }

  private assertNewLayerName(name: string): void {
    if (this.q('SELECT 1 FROM layers WHERE name = ?').get(name)) {
      throw layerTakenError(name, 'layer');
    }
  }

  private updateLayerStats(id: number, meta: LayerMeta, s: LayerStats): void {
    this.q(
      `UPDATE layers SET fields = ?, source_crs = ?, fingerprint = ?, geometry_type = ?, feature_count = ?, min_lon = ?, min_lat = ?,
         max_lon = ?, max_lat = ?, time_min = ?, time_max = ?, categories = ?, mapping = ?, metadata = ?, storage = ?,
         windowed_count = ?, widest_window = ? WHERE id = ?`,
    ).run(
      JSON.stringify(meta.fields),
      meta.sourceCrs,
      meta.fingerprint,
      s.geometryType,
      s.featureCount,
      s.bbox?.[0] ?? null,
      s.bbox?.[1] ?? null,
      s.bbox?.[2] ?? null,
      s.bbox?.[3] ?? null,
      s.timeRange?.[0] ?? null,
      s.timeRange?.[1] ?? null,
      JSON.stringify(s.categories),
      JSON.stringify(meta.mapping),
      JSON.stringify(meta.metadata),
      s.storage,
      s.timeWindows.count,
      s.timeWindows.widestMs,
      id,
    );
  }

  /** Stores a whole layer in one transaction; returns its id. */
  insertLayer(meta: LayerMeta, features: Iterable<NormalizedFeature>, opts: InsertOptions & { storage?: LayerStorage } = {}): number {
    const tx = this.beginLayer({ ...meta }, { storage: opts.storage });
    try {
      let n = 0;
      for (const f of features) {
        tx.add(f);
        if (++n % 8192 === 0) {
          if (opts.signal?.aborted) throw new CancelledError('import');
          opts.onProgress?.(n);
        }
      }
      if (opts.signal?.aborted) throw new CancelledError('import');
      const stats = tx.finish();
      this.audit('system', 'layer.insert', meta.name, { layerId: tx.layerId, features: stats.featureCount });
      tx.commit(stats);
      opts.onProgress?.(n);
      return tx.layerId;
    } catch (e) {
      tx.rollback();
      throw e;
    }
  }

  listLayers(): LayerInfo[] {
    return (this.q('SELECT * FROM layers ORDER BY id').all() as LayerRow[]).map(toLayerInfo);
  }

  findLayer(idOrName: number | string): LayerInfo | undefined {
    const row =
      typeof idOrName === 'number'
        ? this.q('SELECT * FROM layers WHERE id = ?').get(idOrName)
        : (this.q('SELECT * FROM layers WHERE name = ?').get(idOrName) ??
          (/^\d+$/.test(idOrName) ? this.q('SELECT * FROM layers WHERE id = ?').get(Number(idOrName)) : undefined));
    return row ? toLayerInfo(row as LayerRow) : undefined;
  }

  /** The layer by id, by name, or by an id written as text; UserError when there is none. */
  getLayer(idOrName: number | string): LayerInfo {
    const l = this.findLayer(idOrName);
    if (!l) {
      throw noLayerError(idOrName, this.path, this.listLayers());
    }
    return l;
  }

  /** Removes a layer, its features, R*Tree entries and analyses; returns the feature count removed. */
  removeLayer(id: number, actor: string): number {
    const layer = this.getLayer(id);
    this.write(() => {
      this.q('DELETE FROM layers WHERE id = ?').run(id);
      this.audit(actor, 'layer.remove', layer.name, { layerId: id, features: layer.featureCount });
    });
    return layer.featureCount;
  }

  /**
   * Sets one key of a layer's metadata JSON (`undefined` removes it) with its audit entry, in one
   * transaction; the layer's content and fingerprint are untouched.
   */
  setMetadataEntry(layerId: number, key: string, value: unknown, entry: { actor: string; action: string; details: Record<string, unknown> }): void {
    const layer = this.getLayer(layerId);
    this.write(() => {
      const path = `$.${JSON.stringify(key)}`;
      if (value === undefined) this.q('UPDATE layers SET metadata = json_remove(metadata, ?) WHERE id = ?').run(path, layerId);
      else this.q('UPDATE layers SET metadata = json_set(metadata, ?, json(?)) WHERE id = ?').run(path, JSON.stringify(value), layerId);
      this.audit(entry.actor, entry.action, layer.name, entry.details);
    });
  }

  // ---------- features ----------

  /** Point layers are stored as column blocks, others (and those of older workspaces) as rows. */
  private storageOf(layerId: number): LayerStorage {
    const r = this.q('SELECT storage FROM layers WHERE id = ?').get(layerId) as { storage: LayerStorage } | undefined;
    return r?.storage ?? 'rows';
  }

  /** Features of a layer in id order, optionally filtered (bbox, time in [from, to), …), sorted and paged. */
  *iterateFeatures(layerId: number, filter: FeatureFilter = {}): Generator<StoredFeature> {
    if (this.storageOf(layerId) === 'blocks') {
      yield* iterateBlockFeatures((sql) => this.q(sql), layerId, filter);
      return;
    }
    const { where, params } = featureFilterSql(layerId, filter);
    const { order, params: orderParams } = featureOrderSql(filter.sort);
    let sql =
      `SELECT ${FEATURE_ROW_COLUMNS} FROM features WHERE ${where} ORDER BY ${order}`;
    params.push(...orderParams);
    if (filter.limit !== undefined || filter.offset !== undefined) {
      sql += ' LIMIT ? OFFSET ?';
      params.push(filter.limit ?? -1, filter.offset ?? 0);
    }
    for (const r of this.q(sql).iterate(...params)) yield decodeFeature(r as FeatureRow);
  }

  countFeatures(layerId: number, filter: FeatureFilter = {}): number {
    if (this.storageOf(layerId) === 'blocks') return countBlockFeatures((sql) => this.q(sql), layerId, filter);
    const { where, params } = featureFilterSql(layerId, filter);
    return (this.q(`SELECT count(*) AS n FROM features WHERE ${where}`).get(...params) as { n: number }).n;
  }

  /** A field's distinct values with counts (and its numbers when asked): for style by attribute. */
  fieldValues(layerId: number, field: string, numbers: boolean, where?: FeatureFilter['where']): RawFieldValues {
    const prepare = (sql: string) => this.q(sql);
    return this.storageOf(layerId) === 'blocks'
      ? blockFieldValues(prepare, layerId, field, numbers, where)
      : rowFieldValues(prepare, layerId, field, numbers, where);
  }

  /**
   * Point features as typed arrays: the fast path for analysis over a million points. `storage`:
   * of a layer still being written, whose row does not say it yet (LayerStats.storage).
   */
  readPoints(layerId: number, filter: FeatureFilter = {}, storage?: LayerStorage): PointColumns {
    // One read transaction: the count and the rows come from the same snapshot.
    return this.db.transaction(() => {
      if ((storage ?? this.storageOf(layerId)) === 'blocks') {
        const expected = (this.q('SELECT feature_count AS n FROM layers WHERE id = ?').get(layerId) as { n: number }).n;
        return readBlockPoints((sql) => this.q(sql), layerId, filter, expected);
      }
      return readPointColumns((sql) => this.q(sql), (sql) => this.qRaw(sql), layerId, filter);
    })();
  }

  // ---------- analyses ----------

  saveAnalysis(a: AnalysisInput): number {
    const isBytes = a.result instanceof Uint8Array;
    return this.write(() => {
      const info = this.q(
        `INSERT INTO analyses (kind, layer_id, params, input_fingerprint, summary, created_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ).run(a.kind, a.layerId, JSON.stringify(a.params ?? null), a.inputFingerprint, JSON.stringify(a.summary ?? null), a.createdAt ?? new Date().toISOString());
      const id = Number(info.lastInsertRowid);
      this.q('INSERT INTO analysis_results (analysis_id, result, result_type) VALUES (?, ?, ?)').run(
        id,
        isBytes ? Buffer.from(a.result as Uint8Array) : JSON.stringify(a.result ?? null),
        isBytes ? 'blob' : 'json',
      );
      return id;
    });
  }

  listAnalyses(layerId?: number): AnalysisListing[] {
    const rows = (
      layerId === undefined
        ? this.q('SELECT id, kind, layer_id, params, input_fingerprint, summary, created_at FROM analyses ORDER BY id').all()
        : this.q(
            'SELECT id, kind, layer_id, params, input_fingerprint, summary, created_at FROM analyses WHERE layer_id = ? ORDER BY id',
          ).all(layerId)
    ) as AnalysisRow[];
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      layerId: r.layer_id,
      params: JSON.parse(r.params),
      inputFingerprint: r.input_fingerprint,
      summary: JSON.parse(r.summary),
      createdAt: r.created_at,
    }));
  }

  getAnalysis(id: number): StoredAnalysis {
    const r = this.q(
      'SELECT a.*, r.result, r.result_type FROM analyses a LEFT JOIN analysis_results r ON r.analysis_id = a.id WHERE a.id = ?',
    ).get(id) as
      | (AnalysisRow & { result: Buffer | string | null; result_type: string })
      | undefined;
    if (!r) throw new UserError(`no analysis ${id} in ${this.path}`);
    return {
      id: r.id,
      kind: r.kind,
      layerId: r.layer_id,
      params: JSON.parse(r.params),
      inputFingerprint: r.input_fingerprint,
      result:
        r.result_type === 'blob'
          ? new Uint8Array(r.result as Buffer)
          : r.result === null
            ? null
            : JSON.parse(r.result as string),
      summary: JSON.parse(r.summary),
      createdAt: r.created_at,
    };
  }

  removeAnalysis(id: number, actor: string): void {
    this.write(() => {
      const info = this.q('DELETE FROM analyses WHERE id = ?').run(id);
      if (info.changes === 0) throw new UserError(`no analysis ${id} in ${this.path}`);
      this.audit(actor, 'analysis.remove', String(id), {});
    });
  }

  // ---------- map state ----------

  /** The saved map state (JSON text as the API validated it), or null when none was saved. */
  mapState(name = 'default'): { state: string; savedAt: string } | null {
    const r = this.q('SELECT state, saved_at FROM map_state WHERE name = ?').get(name) as { state: string; saved_at: string } | undefined;
    return r ? { state: r.state, savedAt: r.saved_at } : null;
  }

  /**
   * Replaces the saved map state. Not audited: the app saves it after every pan and toggle, and
   * it changes what is shown, never what the workspace holds.
   */
  saveMapState(state: string, actor: string, name = 'default'): string {
    const at = new Date().toISOString();
    this.write(() =>
      this.q(
        `INSERT INTO map_state (name, state, saved_at, saved_by) VALUES (?, ?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET state = excluded.state, saved_at = excluded.saved_at, saved_by = excluded.saved_by`,
      ).run(name, state, at, actor),
    );
    return at;
  }

  // ---------- audit ----------

  audit(actor: string, action: string, target: string | null, details: Record<string, unknown> = {}): number {
    return this.write(() =>
      Number(
        this.q('INSERT INTO audit (at, actor, action, target, details) VALUES (?, ?, ?, ?, ?)').run(
          new Date().toISOString(),
          actor,
          action,
          target,
          JSON.stringify(details),
        ).lastInsertRowid,
      ),
    );
  }

  /**
   * Writes many audit rows at once (inside the current transaction when one is open); an entry
   * copied from another workspace keeps its time and database role.
   */
  auditMany(entries: { actor: string; action: string; target: string | null; details: Record<string, unknown>; at?: string; role?: string | null }[]): void {
    if (!entries.length) return;
    this.write(() => {
      const at = new Date().toISOString();
      const ins = this.q('INSERT INTO audit (at, actor, action, target, details, role) VALUES (?, ?, ?, ?, ?, ?)');
      for (const e of entries) ins.run(e.at ?? at, e.actor, e.action, e.target, JSON.stringify(e.details), e.role ?? null);
    });
  }

  /** The most recent entries first. */
  listAudit(limit = 100): AuditEntry[] {
    return (this.q('SELECT * FROM audit ORDER BY id DESC LIMIT ?').all(limit) as AuditRow[]).map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor,
      action: r.action,
      target: r.target,
      details: JSON.parse(r.details) as Record<string, unknown>,
      ...(r.role ? { role: r.role } : {}),
    }));
  }

  // ---------- identity ----------

  /** sha256 over every table's rows in order: equal hashes mean the workspace content is unchanged. */
  contentHash(): string {
    const h = crypto.createHash('sha256');
    h.update(`schema ${this.schemaVersion}\n`);
    for (const [table, order] of HASHED_TABLES) {
      h.update(`table ${table}\n`);
      for (const row of this.qRaw(`SELECT * FROM ${table} ORDER BY ${order}`).iterate()) {
        for (const v of row as unknown[]) {
          if (v === null) h.update('\u0000N');
          else if (Buffer.isBuffer(v)) h.update('\u0000B').update(v);
          else h.update(`\u0000${typeof v === 'number' || typeof v === 'bigint' ? 'n' : 's'}${String(v)}`);
        }
        h.update('\n');
      }
    }
    return h.digest('hex');
  }

  /** Identifies the analysable content: every layer's fingerprint and id plus the stored analyses. */
  fingerprint(): string {
    const h = crypto.createHash('sha256');
    for (const r of this.qRaw('SELECT id, name, fingerprint, feature_count FROM layers ORDER BY id').iterate()) {
      h.update(JSON.stringify(r));
    }
    for (const r of this.qRaw('SELECT id, kind, input_fingerprint FROM analyses ORDER BY id').iterate()) {
      h.update(JSON.stringify(r));
    }
    return h.digest('hex');
  }

  /** The underlying connection, for modules of this store only (tests use it to check integrity). */
  get connection(): Database.Database {
    return this.db;
  }
}

const HASHED_TABLES: [string, string][] = [
  ['settings', 'key'],
  ['layers', 'id'],
  ['features', 'id'],
  ['features_rtree', 'id'],
  ['point_blocks', 'id'],
  ['analyses', 'id'],
  ['analysis_results', 'analysis_id'],
  ['audit', 'id'],
  ['map_state', 'name'],
];

interface AnalysisRow {
  id: number;
  kind: string;
  layer_id: number | null;
  params: string;
  input_fingerprint: string;
  summary: string;
  created_at: string;
}

interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  details: string;
  role: string | null;
}

export { type LayerStats };
