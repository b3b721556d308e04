/**
 * Reads a GeoPackage (OGC 12-128r18): an SQLite database whose gpkg_contents lists its feature
 * tables. Each feature table is one source, read with better-sqlite3 from a read-only
 * connection (the user's file is never written; a GeoPackage inside a .zip is opened from
 * memory): its rows in primary-key order as "feature N", the geometry blob decoded by
 * shared/geo/gpkgGeometry.ts, every attribute column a property, the CRS from
 * gpkg_spatial_ref_sys.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { Geometry } from 'geojson';
import { UserError } from '../../../shared/errors.ts';
import { resolveCrs } from '../../../shared/geo/crs.ts';
import { decodeGpkgGeometry } from '../../../shared/geo/gpkgGeometry.ts';
import { WkbError } from '../../../shared/geo/wkb.ts';
import { fileProblem, importProblem, said, type Reason } from '../../../shared/import/problems.ts';
import type { RecordSink, SourceCrs } from '../../../shared/import/types.ts';
import type { FieldInfo, FieldType } from '../../../shared/model/feature.ts';
import { CHUNK_BYTES } from './streamSource.ts';
import type { OpenContext, Source, SourceInput } from './types.ts';

const SQLITE_MAGIC = 'SQLite format 3\0';
/** Rows between two progress steps (each lets the event loop turn: progress, cancel). */
const STEP_ROWS = 16_384;

export const quoteId = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** How a column's values become properties. */
type Convert = 'as-is' | 'boolean';

interface Column {
  name: string;
  type: FieldType;
  convert: Convert;
}

/** What open() learns of a feature table, enough for feed() to read it. */
interface TableInfo {
  name: string;
  /** The INTEGER PRIMARY KEY (GDAL's FID): the read order; not a property. Null for a view without one. */
  pk: string | null;
  geometry: string | null;
  columns: Column[];
  crs: SourceCrs | null;
  notes: Reason[];
}

/** An SQLite error as the user's problem with this file (corrupt pages, not a database …). */
function sqliteProblem(file: string, e: unknown): unknown {
  if (e instanceof Database.SqliteError) {
    return fileProblem(file, e.code === 'SQLITE_NOTADB' ? said('gpkg.notSqlite') : said('gpkg.unreadable', { reason: e.message }));
  }
  return e;
}

function sqliteHeader(input: SourceInput): string {
  if (input.bytes) return Buffer.from(input.bytes.subarray(0, 16)).toString('latin1');
  const head = Buffer.alloc(16);
  let n = 0;
  let fd: number | undefined;
  try {
    fd = fs.openSync(input.path!, 'r');
    n = fs.readSync(fd, head, 0, 16, 0);
  } catch (e) {
    throw fileProblem(input.name, said('gpkg.cannotRead', { reason: (e as Error).message }));
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  return head.subarray(0, n).toString('latin1');
}

/** A read-only connection, or an ImportError naming the file when it is no SQLite database. */
function openDatabase(input: SourceInput): Database.Database {
  if (sqliteHeader(input) !== SQLITE_MAGIC) {
    throw fileProblem(input.name, said('gpkg.notSqliteHeader'));
  }
  try {
    return input.bytes
      ? new Database(Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength), { readonly: true })
      : new Database(input.path!, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw sqliteProblem(input.name, e);
  }
}

/** GeoPackage column types (2.1.6.1.1) and SQLite's affinity rules for anything else. */
function columnType(declared: string): FieldType | 'blob' {
  const t = declared.toUpperCase().replace(/\(.*$/, '').trim();
  if (t === 'BOOLEAN') return 'boolean';
  if (t === 'DATE' || t === 'DATETIME') return 'date';
  if (t.includes('INT')) return 'integer';
  if (/CHAR|CLOB|TEXT/.test(t)) return 'string';
  if (t.includes('BLOB')) return 'blob';
  if (/REAL|FLOA|DOUB|NUMERIC|DECIMAL/.test(t)) return 'number';
  return 'unknown';
}

/** The CRS of a srs_id: 'EPSG:n' when the EPSG table knows it, else the WKT definition; null when undefined. */
function crsOf(db: Database.Database, srsId: number, file: string): SourceCrs | null {
  const cols = new Set((db.prepare('PRAGMA table_info(gpkg_spatial_ref_sys)').all() as { name: string }[]).map((c) => c.name.toLowerCase()));
  const wkt2 = cols.has('definition_12_063') ? ', definition_12_063 AS wkt2' : '';
  const row = db
    .prepare(`SELECT srs_name AS name, organization AS org, organization_coordsys_id AS code, definition${wkt2} FROM gpkg_spatial_ref_sys WHERE srs_id = ?`)
    .get(srsId) as { name: string; org: string | null; code: number; definition: string | null; wkt2?: string | null } | undefined;
  // srs_id 0 and -1 are the spec's "undefined geographic" and "undefined Cartesian": nothing to
  // report, and the importer takes coordinates that fit for longitude/latitude.
  if (!row || srsId === 0 || srsId === -1) return null;
  if (row.org?.toUpperCase() === 'EPSG') {
    try {
      return resolveCrs(`EPSG:${row.code}`);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      // Not in the offline EPSG table: the file's own definition serves.
    }
  }
  const defs = [row.definition, row.wkt2].filter((d): d is string => typeof d === 'string' && d.trim() !== '' && d.trim().toLowerCase() !== 'undefined');
  // GDAL names a CRS it could not identify "unknown": then the WKT's own label says more.
  const named = row.name && !/^(unknown|unnamed|undefined|custom)/i.test(row.name.trim());
  for (const d of defs) {
    try {
      const crs = resolveCrs(d);
      return named ? { ...crs, label: `${row.name} (from the GeoPackage)` } : crs;
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
    }
  }
  const org = row.org ?? said('gpkg.noOrganization').words;
  throw fileProblem(file, said('gpkg.crs', { srsId, name: row.name, org, code: String(row.code) }));
}

function describeTable(db: Database.Database, name: string, file: string, crsGiven: boolean): TableInfo {
  const kind = db.prepare("SELECT type FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?").get(name) as { type: string } | undefined;
  if (!kind) throw fileProblem(file, said('gpkg.noTable', { name }));
  const info = db.prepare(`PRAGMA table_info(${quoteId(name)})`).all() as { name: string; type: string; pk: number }[];
  const geom = db.prepare('SELECT column_name AS col, srs_id AS srs FROM gpkg_geometry_columns WHERE lower(table_name) = lower(?)').get(name) as
    | { col: string; srs: number }
    | undefined;
  const pks = info.filter((c) => c.pk > 0);
  const pk = pks.length === 1 && columnType(pks[0].type) === 'integer' ? pks[0].name : null;
  const columns: Column[] = [];
  const blobs: string[] = [];
  for (const c of info) {
    if (c.name === pk || (geom && c.name.toLowerCase() === geom.col.toLowerCase())) continue;
    const type = columnType(c.type);
    if (type === 'blob') blobs.push(c.name);
    else columns.push({ name: c.name, type, convert: type === 'boolean' ? 'boolean' : 'as-is' });
  }
  const notes = blobs.length ? [said('gpkg.blobColumns', { count: blobs.length, columns: blobs.map((b) => `"${b}"`).join(', '), table: name })] : [];
  return {
    name,
    pk: pk ?? (kind.type === 'table' ? 'rowid' : null),
    geometry: geom?.col ?? null,
    columns,
    crs: geom && !crsGiven ? crsOf(db, geom.srs, file) : null,
    notes,
  };
}

function fileHash(input: SourceInput): string {
  const hash = crypto.createHash('sha256');
  if (input.bytes) return hash.update(input.bytes).digest('hex');
  const fd = fs.openSync(input.path!, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    for (let n; (n = fs.readSync(fd, buf, 0, CHUNK_BYTES, null)) > 0; ) hash.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

const locate = (i: number): string => `feature ${i + 1}`;

/** Rows a sharded read fetches (or skips) at once: a divisor of STEP_ROWS and of the importer's shard ranges. */
const WINDOW = 1024;

/**
 * Reads `table`'s rows in primary-key order into `sink` (records, or a problem for a blob that is
 * no geometry); yields the rows done every STEP_ROWS rows, where feed() lets the event loop turn.
 * With `wants` (a reader of a sharded import) rows go by windows of the primary key, and a window
 * of rows this reader does not want is stepped over without being fetched.
 */
function* tableRecords(db: Database.Database, table: TableInfo, fileName: string, sink: RecordSink, wants?: (i: number) => boolean): Generator<number> {
  if (table.crs) sink.onCrs?.(table.crs);
  sink.onFields?.(table.columns.map((c): FieldInfo => ({ name: c.name, type: c.type })));
  const geomAt = table.geometry === null ? -1 : 1;
  const first = geomAt === -1 ? 1 : 2;
  const pk = table.pk === null ? 'NULL' : table.pk === 'rowid' ? 'rowid' : quoteId(table.pk);
  const select = [pk, ...(table.geometry === null ? [] : [quoteId(table.geometry)]), ...table.columns.map((c) => quoteId(c.name))].join(', ');
  const from = quoteId(table.name);
  const { columns } = table;
  const record = (row: unknown[], index: number): void => {
    let geometry: Geometry | null = null;
    const blob = geomAt === -1 ? null : row[geomAt];
    if (blob !== null && blob !== undefined) {
      try {
        if (!(blob instanceof Uint8Array)) throw new WkbError(`a ${typeof blob} (${String(blob).slice(0, 40)}), not a BLOB`);
        geometry = decodeGpkgGeometry(blob);
      } catch (e) {
        if (!(e instanceof WkbError)) throw e;
        sink.onProblem(importProblem(fileName, locate(index), index, said('gpkg.blob', { fid: String(row[0]), reason: e.message })));
        return;
      }
    }
    const properties: Record<string, unknown> = {};
    for (let k = 0; k < columns.length; k++) {
      const v = row[first + k];
      // A BLOB in a column declared otherwise (SQLite does not enforce types) is left out like a BLOB column.
      if (v instanceof Uint8Array) continue;
      properties[columns[k].name] = columns[k].convert === 'boolean' && typeof v === 'number' ? v !== 0 : v;
    }
    sink.onRecord({ sourceIndex: index, geometry, properties });
  };
  if (!wants || table.pk === null) {
    let i = 0;
    for (const row of db.prepare(`SELECT ${select} FROM ${from}${table.pk === null ? '' : ` ORDER BY ${pk}`}`).raw(true).iterate() as IterableIterator<unknown[]>) {
      const index = i++;
      if (i % STEP_ROWS === 0) yield i;
      if (!wants || wants(index)) record(row, index);
    }
    return;
  }
  const page = db.prepare(`SELECT ${select} FROM ${from} WHERE ${pk} > ? ORDER BY ${pk} LIMIT ${WINDOW}`).raw(true);
  const lastOfWindow = db.prepare(`SELECT ${pk} FROM ${from} WHERE ${pk} > ? ORDER BY ${pk} LIMIT 1 OFFSET ${WINDOW - 1}`).pluck();
  let after: number = -Infinity;
  for (let start = 0; ; start += WINDOW) {
    if (start > 0 && start % STEP_ROWS === 0) yield start;
    let wanted = false;
    for (let k = start; k < start + WINDOW && !wanted; k++) wanted = wants(k);
    if (!wanted) {
      const end = lastOfWindow.get(after) as number | undefined;
      if (end === undefined) return;
      after = end;
      continue;
    }
    const rows = page.all(after) as unknown[][];
    rows.forEach((row, k) => wants(start + k) && record(row, start + k));
    if (rows.length < WINDOW) return;
    after = rows[rows.length - 1][0] as number;
  }
}

/**
 * `alone`: the table is the only one the import options select (the file's only one, or the one
 * --table names), so an import worker opening the file with the same options reads this very table.
 */
function tableSource(input: SourceInput, table: TableInfo, size: number, layersInFile: string[], fingerprint: () => string, alone: boolean): Source {
  const fileName = `${input.name}/${table.name}`;
  return {
    format: 'gpkg',
    fileName,
    size,
    defaultLayerName: table.name,
    locate,
    fingerprint,
    layersInFile,
    // A big table is then read, decoded and normalised on import workers while this thread writes;
    // two of them each fetch every other range of rows.
    streamedFile: alone ? input.path : undefined,
    readsByRange: true,
    ...(table.notes.length ? { notes: table.notes } : {}),
    async feed(sink, opts, step) {
      const db = openDatabase(input);
      try {
        const total = (db.prepare(`SELECT count(*) AS n FROM ${quoteId(table.name)}`).get() as { n: number }).n;
        for (const done of tableRecords(db, table, fileName, sink, opts.wants)) await step(Math.round((size * done) / Math.max(total, done)));
        await step(size);
      } catch (e) {
        throw sqliteProblem(fileName, e);
      } finally {
        db.close();
      }
    },
  };
}

/** The names of the feature tables `options` selects (--table: that one), or an ImportError saying why none. */
function featureTables(db: Database.Database, file: string, wanted: string | undefined): { chosen: string[]; names: string[] } {
  const hasContents = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'gpkg_contents'").get();
  if (!hasContents) throw fileProblem(file, said('gpkg.noContents'));
  const names = (db.prepare("SELECT table_name AS name FROM gpkg_contents WHERE lower(data_type) = 'features' ORDER BY rowid").all() as { name: string }[]).map(
    (r) => r.name,
  );
  if (!names.length) throw fileProblem(file, said('gpkg.noFeatureTables'));
  if (wanted === undefined) return { chosen: names, names };
  const hit = names.find((n) => n === wanted) ?? names.find((n) => n.toLowerCase() === wanted.toLowerCase());
  if (!hit) throw fileProblem(file, said('gpkg.noLayer', { wanted, names: names.join(', ') }));
  return { chosen: [hit], names };
}

/**
 * Every feature table of a GeoPackage in memory into `sink`, at once: the reading feed() does,
 * without its turns of the event loop, for the fuzzer (scripts/fuzz.ts), whose loop is synchronous.
 */
export function readGeoPackageBytes(name: string, bytes: Uint8Array, sink: RecordSink): void {
  const input: SourceInput = { name, bytes, defaultLayerName: name };
  const db = openDatabase(input);
  try {
    for (const table of featureTables(db, name, undefined).chosen) {
      for (const _ of tableRecords(db, describeTable(db, table, name, false), `${name}/${table}`, sink)) {
        // Rows are read as the loop asks for them.
      }
    }
  } catch (e) {
    throw sqliteProblem(name, e);
  } finally {
    db.close();
  }
}

/** The feature tables of a GeoPackage as sources (`options.table`: only that one). */
export function openGeoPackage(input: SourceInput, ctx: OpenContext): Source[] {
  const db = openDatabase(input);
  try {
    const { chosen, names } = featureTables(db, input.name, ctx.options.table);
    const size = input.bytes ? input.bytes.length : fs.statSync(input.path!).size;
    let hash: string | null = null;
    const fingerprint = (): string => (hash ??= fileHash(input));
    return chosen.map((name) => {
      const table = describeTable(db, name, input.name, ctx.options.crs !== undefined);
      // The previewed table first (ImportPreview.layers), then the others in the file's order.
      return tableSource(input, table, size, [name, ...names.filter((n) => n !== name)], fingerprint, chosen.length === 1);
    });
  } catch (e) {
    throw sqliteProblem(input.name, e);
  } finally {
    db.close();
  }
}
