/**
 * Writes an OGC GeoPackage 1.3 (OGC 12-128r18): application_id "GPKG", user_version 10300, the
 * required gpkg_spatial_ref_sys rows, gpkg_contents and gpkg_geometry_columns, one feature table
 * per item (fid INTEGER PRIMARY KEY, a typed column per field, geometry blobs in EPSG:4326 with
 * their envelopes), each with the R-tree spatial index extension (Annex F.3: the rtree table,
 * filled, and its six triggers), and a result's provenance in the metadata extension (F.8:
 * gpkg_metadata, and a gpkg_metadata_reference row pointing at its table). SQLite writes the file
 * at a temporary path OutputFiles hands out and renames into place with the rest of the export.
 */
import Database from 'better-sqlite3';
import type { Geometry } from 'geojson';
import { encodeGpkgGeometry, type EncodedGeometry } from '../../../shared/geo/gpkgGeometry.ts';
import type { FieldInfo, GeometryType } from '../../../shared/model/feature.ts';
import type { OutputFiles } from '../export/outputFiles.ts';
import { quoteId } from './gpkgRead.ts';
import type { ExportItem, WriteContext } from './types.ts';

/** "GPKG" as PRAGMA application_id, and GeoPackage 1.3.0 as PRAGMA user_version (1.1.1). */
const GPKG_APPLICATION_ID = 0x47504b47;
const GPKG_USER_VERSION = 10300;

const SRS_ID = 4326;
const WGS84_WKT =
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],' +
  'PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],' +
  'AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]';
const SPEC = 'http://www.geopackage.org/spec130/';
/** What a provenance row of gpkg_metadata is: Frontera's provenance record (export/provenance.ts), as JSON. */
const PROVENANCE_URI = 'urn:frontera:result-provenance';

// The table definitions of Annex C, column for column (GDAL's validate_gpkg.py checks them).
const CORE_TABLES = `
CREATE TABLE gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
CREATE TABLE gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE gpkg_geometry_columns (
  table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL,
  z TINYINT NOT NULL, m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
CREATE TABLE gpkg_extensions (
  table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL,
  CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
INSERT INTO gpkg_spatial_ref_sys VALUES
  ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
  ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
  ('WGS 84 geodetic', 4326, 'EPSG', 4326, '${WGS84_WKT}', 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
`;

const METADATA_TABLES = `
CREATE TABLE gpkg_metadata (
  id INTEGER CONSTRAINT m_pk PRIMARY KEY ASC NOT NULL, md_scope TEXT NOT NULL DEFAULT 'dataset',
  md_standard_uri TEXT NOT NULL, mime_type TEXT NOT NULL DEFAULT 'text/xml', metadata TEXT NOT NULL DEFAULT '');
CREATE TABLE gpkg_metadata_reference (
  reference_scope TEXT NOT NULL, table_name TEXT, column_name TEXT, row_id_value INTEGER,
  timestamp DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), md_file_id INTEGER NOT NULL, md_parent_id INTEGER,
  CONSTRAINT crmr_mfi_fk FOREIGN KEY (md_file_id) REFERENCES gpkg_metadata(id),
  CONSTRAINT crmr_mpi_fk FOREIGN KEY (md_parent_id) REFERENCES gpkg_metadata(id));
INSERT INTO gpkg_extensions VALUES
  ('gpkg_metadata', NULL, 'gpkg_metadata', '${SPEC}#extension_metadata', 'read-write'),
  ('gpkg_metadata_reference', NULL, 'gpkg_metadata', '${SPEC}#extension_metadata', 'read-write');
`;

/** The R-tree's triggers as Annex F.3 gives them (t: table, c: geometry column, i: primary key). */
function rtreeTriggers(table: string, column: string, pk: string): string {
  const t = quoteId(table);
  const c = quoteId(column);
  const i = quoteId(pk);
  const r = quoteId(`rtree_${table}_${column}`);
  const name = (suffix: string): string => quoteId(`rtree_${table}_${column}_${suffix}`);
  const upsert = `INSERT OR REPLACE INTO ${r} VALUES (NEW.${i}, ST_MinX(NEW.${c}), ST_MaxX(NEW.${c}), ST_MinY(NEW.${c}), ST_MaxY(NEW.${c}));`;
  return `
CREATE TRIGGER ${name('insert')} AFTER INSERT ON ${t} WHEN (new.${c} NOT NULL AND NOT ST_IsEmpty(NEW.${c}))
BEGIN ${upsert} END;
CREATE TRIGGER ${name('update1')} AFTER UPDATE OF ${c} ON ${t} WHEN OLD.${i} = NEW.${i} AND (NEW.${c} NOTNULL AND NOT ST_IsEmpty(NEW.${c}))
BEGIN ${upsert} END;
CREATE TRIGGER ${name('update2')} AFTER UPDATE OF ${c} ON ${t} WHEN OLD.${i} = NEW.${i} AND (NEW.${c} ISNULL OR ST_IsEmpty(NEW.${c}))
BEGIN DELETE FROM ${r} WHERE id = OLD.${i}; END;
CREATE TRIGGER ${name('update3')} AFTER UPDATE ON ${t} WHEN OLD.${i} != NEW.${i} AND (NEW.${c} NOTNULL AND NOT ST_IsEmpty(NEW.${c}))
BEGIN DELETE FROM ${r} WHERE id = OLD.${i}; ${upsert} END;
CREATE TRIGGER ${name('update4')} AFTER UPDATE ON ${t} WHEN OLD.${i} != NEW.${i} AND (NEW.${c} ISNULL OR ST_IsEmpty(NEW.${c}))
BEGIN DELETE FROM ${r} WHERE id IN (OLD.${i}, NEW.${i}); END;
CREATE TRIGGER ${name('delete')} AFTER DELETE ON ${t} WHEN old.${c} NOT NULL
BEGIN DELETE FROM ${r} WHERE id = OLD.${i}; END;
`;
}

const GEOMETRY_TYPE_NAMES: Record<GeometryType, string> = {
  Point: 'POINT',
  LineString: 'LINESTRING',
  Polygon: 'POLYGON',
  MultiPoint: 'MULTIPOINT',
  MultiLineString: 'MULTILINESTRING',
  MultiPolygon: 'MULTIPOLYGON',
  GeometryCollection: 'GEOMETRYCOLLECTION',
  Mixed: 'GEOMETRY',
  None: 'GEOMETRY',
};

/**
 * A Multi* column holds only Multi* geometries (2.1.5.1.2), but a workspace layer of polygons
 * and multipolygons is typed MultiPolygon: its single ones go in as multis of one, as GDAL's
 * PROMOTE_TO_MULTI does.
 */
function promote(g: Geometry, declared: GeometryType): Geometry {
  if (declared === 'MultiPoint' && g.type === 'Point') return { type: 'MultiPoint', coordinates: [g.coordinates] };
  if (declared === 'MultiLineString' && g.type === 'LineString') return { type: 'MultiLineString', coordinates: [g.coordinates] };
  if (declared === 'MultiPolygon' && g.type === 'Polygon') return { type: 'MultiPolygon', coordinates: [g.coordinates] };
  return g;
}

const GEOM = 'geom';
const FID = 'fid';

type SqlValue = string | number | null;

interface Column {
  field: string;
  name: string;
  sqlType: string;
  encode: (v: unknown) => SqlValue;
}

const text = (v: unknown): SqlValue => (v === null || v === undefined ? null : typeof v === 'object' ? JSON.stringify(v) : String(v));
const real = (v: unknown): SqlValue => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const bool = (v: unknown): SqlValue => (typeof v === 'boolean' ? Number(v) : null);

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * The column type of each 'date' field: GeoPackage DATE and DATETIME hold ISO 8601 text only
 * (2.1.6.1.1), but a field Frontera reads as a date may be written 31/12/2023. A column whose
 * every value is ISO becomes DATE or DATETIME; any other stays TEXT, its values as stored.
 */
async function dateColumnTypes(item: ExportItem): Promise<Map<string, string>> {
  const fields = item.fields.filter((f) => f.type === 'date').map((f) => f.name);
  const kinds = new Map<string, { date: boolean; datetime: boolean }>(fields.map((f) => [f, { date: true, datetime: true }]));
  if (!fields.length) return new Map();
  for await (const f of item.features()) {
    for (const name of fields) {
      const v = f.properties[name];
      if (v === null || v === undefined) continue;
      const k = kinds.get(name)!;
      const s = typeof v === 'string' ? v : '';
      k.date &&= ISO_DATE.test(s);
      k.datetime &&= ISO_DATETIME.test(s);
    }
  }
  return new Map(fields.map((f) => {
    const k = kinds.get(f)!;
    return [f, k.date ? 'DATE' : k.datetime ? 'DATETIME' : 'TEXT'];
  }));
}

/** Columns for the item's fields; names SQLite would take for one another (any case) or for fid/geom are changed, with a note. */
async function columnsFor(item: ExportItem, table: string, ctx: WriteContext): Promise<Column[]> {
  const dates = await dateColumnTypes(item);
  const taken = new Set([FID, GEOM]);
  return item.fields.map((f: FieldInfo) => {
    let name = f.name;
    if (taken.has(name.toLowerCase())) {
      name = `frontera_${f.name}`;
      for (let k = 2; taken.has(name.toLowerCase()); k++) name = `${f.name}_${k}`;
      ctx.note(`table "${table}": field "${f.name}" is written as column "${name}" (SQLite names ignore case, and fid and geom are the table's own)`);
    }
    taken.add(name.toLowerCase());
    switch (f.type) {
      case 'integer':
        return { field: f.name, name, sqlType: 'INTEGER', encode: real };
      case 'number':
        return { field: f.name, name, sqlType: 'REAL', encode: real };
      case 'boolean':
        return { field: f.name, name, sqlType: 'BOOLEAN', encode: bool };
      case 'date':
        return { field: f.name, name, sqlType: dates.get(f.name)!, encode: text };
      default:
        return { field: f.name, name, sqlType: 'TEXT', encode: text };
    }
  });
}

/** A table name of its own: not taken (any case), not of the reserved gpkg_/rtree_/sqlite_ prefixes. */
function tableName(item: ExportItem, taken: Set<string>, ctx: WriteContext): string {
  let name = item.name.trim() || 'layer';
  if (/^(gpkg_|rtree_|sqlite_)/i.test(name)) name = `layer_${name}`;
  const base = name;
  for (let k = 2; taken.has(name.toLowerCase()); k++) name = `${base}_${k}`;
  if (name !== item.name) ctx.note(`"${item.name}" is written as table "${name}"`);
  taken.add(name.toLowerCase());
  return name;
}

/** Writes `items` into a new GeoPackage at `out`; resolves to the features written. */
export async function writeGeoPackage(items: ExportItem[], out: string, files: OutputFiles, ctx: WriteContext): Promise<number> {
  const db = new Database(files.reserve(out));
  try {
    // The file is a temporary one until OutputFiles renames it: a crash leaves only that to remove.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma(`application_id = ${GPKG_APPLICATION_ID}`);
    db.pragma(`user_version = ${GPKG_USER_VERSION}`);
    db.exec('BEGIN');
    db.exec(CORE_TABLES);
    if (items.some((i) => i.provenance)) db.exec(METADATA_TABLES);
    const taken = new Set<string>();
    let written = 0;
    for (const item of items) written = await writeItem(db, item, tableName(item, taken, ctx), written, ctx);
    db.exec('COMMIT');
    return written;
  } finally {
    db.close();
  }
}

async function writeItem(db: Database.Database, item: ExportItem, table: string, written: number, ctx: WriteContext): Promise<number> {
  const columns = await columnsFor(item, table, ctx);
  const t = quoteId(table);
  const rtree = quoteId(`rtree_${table}_${GEOM}`);
  const declared = item.geometryType;
  db.exec(
    `CREATE TABLE ${t} (${FID} INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, ${GEOM} ${GEOMETRY_TYPE_NAMES[declared]}` +
      columns.map((c) => `, ${quoteId(c.name)} ${c.sqlType}`).join('') +
      ')',
  );
  db.exec(`CREATE VIRTUAL TABLE ${rtree} USING rtree(id, minx, maxx, miny, maxy)`);
  const insert = db.prepare(`INSERT INTO ${t} (${[GEOM, ...columns.map((c) => quoteId(c.name))].join(', ')}) VALUES (${['?', ...columns.map(() => '?')].join(', ')})`);
  const index = db.prepare(`INSERT INTO ${rtree} VALUES (?, ?, ?, ?, ?)`);
  const values: (SqlValue | Uint8Array)[] = new Array(columns.length + 1);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  let withZ = 0;
  let withGeometry = 0;
  for await (const f of item.features()) {
    let e: EncodedGeometry | null = null;
    if (f.geometry) {
      e = encodeGpkgGeometry(promote(f.geometry, declared), SRS_ID);
      withGeometry++;
      if (e.z) withZ++;
    }
    values[0] = e ? e.blob : null;
    for (let k = 0; k < columns.length; k++) values[k + 1] = columns[k].encode(f.properties[columns[k].field]);
    const fid = insert.run(values).lastInsertRowid;
    if (e && e.minX <= e.maxX) {
      index.run(fid, e.minX, e.maxX, e.minY, e.maxY);
      if (e.minX < minX) minX = e.minX;
      if (e.maxX > maxX) maxX = e.maxX;
      if (e.minY < minY) minY = e.minY;
      if (e.maxY > maxY) maxY = e.maxY;
    }
    await ctx.step(++written);
  }
  const box = minX <= maxX ? [minX, minY, maxX, maxY] : [null, null, null, null];
  db.prepare('INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
    table,
    'features',
    table,
    item.provenance ? `Frontera ${item.provenance.kind} result ${item.provenance.analysisId}` : '',
    ...box,
    SRS_ID,
  );
  // z: 0 none has z, 1 every geometry has, 2 some have (the spec's "optional").
  const z = withZ === 0 ? 0 : withZ === withGeometry ? 1 : 2;
  db.prepare('INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, ?, ?, 0)').run(table, GEOM, GEOMETRY_TYPE_NAMES[declared], SRS_ID, z);
  db.prepare("INSERT INTO gpkg_extensions VALUES (?, ?, 'gpkg_rtree_index', ?, 'write-only')").run(table, GEOM, `${SPEC}#extension_rtree`);
  // The triggers call ST_IsEmpty, ST_MinX … which a GeoPackage reader provides and plain SQLite
  // lacks: made after the rows (whose boxes went into the R-tree above), they first fire on a later edit.
  db.exec(rtreeTriggers(table, GEOM, FID));
  if (item.provenance) {
    const id = db
      .prepare("INSERT INTO gpkg_metadata (md_scope, md_standard_uri, mime_type, metadata) VALUES ('dataset', ?, 'application/json', ?)")
      .run(PROVENANCE_URI, JSON.stringify(item.provenance)).lastInsertRowid;
    db.prepare("INSERT INTO gpkg_metadata_reference (reference_scope, table_name, md_file_id) VALUES ('table', ?, ?)").run(table, id);
  }
  return written;
}
