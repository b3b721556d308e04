/**
 * The workspace schema as numbered steps; `PRAGMA user_version` records the last one applied.
 * Steps are only ever appended: a released workspace must open in every later version.
 */
/**
 * The secondary indexes of `features`. A big import drops them and builds them again after its
 * rows (one sort instead of a million random b-tree inserts), so they are declared once here.
 * Changing one means a new migration step, not an edit of step 1.
 */
export const FEATURE_INDEXES = [
  'CREATE INDEX features_layer_time ON features(layer_id, time)',
  'CREATE INDEX features_layer_category ON features(layer_id, category)',
];
export const FEATURE_INDEX_NAMES = ['features_layer_time', 'features_layer_category'];

export const migrations: string[] = [
  // 1: the first schema.
  `
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );

  CREATE TABLE layers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    source_file TEXT NOT NULL,
    source_format TEXT NOT NULL,
    source_crs TEXT NOT NULL,
    fields TEXT NOT NULL,
    geometry_type TEXT NOT NULL,
    feature_count INTEGER NOT NULL DEFAULT 0,
    min_lon REAL, min_lat REAL, max_lon REAL, max_lat REAL,
    time_min INTEGER, time_max INTEGER,
    categories TEXT NOT NULL DEFAULT '[]',
    fingerprint TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    mapping TEXT NOT NULL,
    metadata TEXT NOT NULL
  );

  -- Points keep lon/lat in columns (geometry NULL) so a million of them need no geometry text.
  CREATE TABLE features (
    id INTEGER PRIMARY KEY,
    layer_id INTEGER NOT NULL REFERENCES layers(id) ON DELETE CASCADE,
    source_index INTEGER NOT NULL,
    lon REAL,
    lat REAL,
    geometry TEXT,
    properties TEXT NOT NULL,
    time INTEGER,
    time_precision TEXT,
    category TEXT,
    quantity REAL,
    unit TEXT
  );
  ${FEATURE_INDEXES.join(';\n  ')};

  CREATE VIRTUAL TABLE features_rtree USING rtree(id, min_lon, max_lon, min_lat, max_lat);

  -- A layer's R*Tree entries go in one statement before its rows cascade away; the row trigger
  -- keeps any other delete path in step too.
  CREATE TRIGGER layers_delete_rtree BEFORE DELETE ON layers BEGIN
    DELETE FROM features_rtree WHERE id IN (SELECT id FROM features WHERE layer_id = old.id);
  END;
  CREATE TRIGGER features_delete_rtree AFTER DELETE ON features BEGIN
    DELETE FROM features_rtree WHERE id = old.id;
  END;

  CREATE TABLE analyses (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    layer_id INTEGER REFERENCES layers(id) ON DELETE CASCADE,
    params TEXT NOT NULL,
    input_fingerprint TEXT NOT NULL,
    result BLOB,
    result_type TEXT NOT NULL,
    summary TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX analyses_layer ON analyses(layer_id);

  CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT,
    details TEXT NOT NULL
  );
  `,
  // 2: point layers as column blocks (pointBlocks.ts). Layers written before keep their rows.
  // Columns in the order they are read: a blob's later neighbours cost nothing when not selected.
  `
  ALTER TABLE layers ADD COLUMN storage TEXT NOT NULL DEFAULT 'rows';

  CREATE TABLE point_blocks (
    id INTEGER PRIMARY KEY,
    layer_id INTEGER NOT NULL REFERENCES layers(id) ON DELETE CASCADE,
    first_id INTEGER NOT NULL,
    count INTEGER NOT NULL,
    min_lon REAL, min_lat REAL, max_lon REAL, max_lat REAL,
    time_min INTEGER, time_max INTEGER,
    dictionary TEXT NOT NULL,
    coords BLOB NOT NULL,
    attrs BLOB NOT NULL,
    properties BLOB NOT NULL
  );
  CREATE UNIQUE INDEX point_blocks_layer ON point_blocks(layer_id, first_id);
  `,
  // 3: the map as the analyst left it (shared/api/mapState.ts), as validated JSON. Keyed by name
  // so a shared workspace can later keep one per analyst; 'default' is the only one today.
  `
  CREATE TABLE map_state (
    name TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    saved_by TEXT NOT NULL
  );
  `,
  // 4: an analysis's result (a DBSCAN run's labels for 200k incidents are 4 MB) in a table of its
  // own. In the analyses row it sat before summary and created_at, so listing the runs read every
  // result's overflow pages to reach them: the list slowed with each stored run.
  `
  CREATE TABLE analysis_results (
    analysis_id INTEGER PRIMARY KEY REFERENCES analyses(id) ON DELETE CASCADE,
    result BLOB,
    result_type TEXT NOT NULL
  );
  INSERT INTO analysis_results (analysis_id, result, result_type) SELECT id, result, result_type FROM analyses;
  ALTER TABLE analyses DROP COLUMN result;
  ALTER TABLE analyses DROP COLUMN result_type;
  `,
  // 5: time windows and location precision (issue 17). A record known only to lie in
  // [time, time_end): time_end is the end-exclusive instant (a date-only end is the start of the
  // next local day) and time_end_precision how the source wrote it ('instant' | 'date'), so an
  // export writes it back as written; precision is the source's location-precision code as text
  // (1 … 7 or words, as the source codes it). Point blocks keep them in columns of their own:
  // time_end = Float64 ends then Uint8 end precisions, precision = Int32 codes into the
  // dictionary's "precisions"; NULL when no record of the block has one. The layer counts its
  // records with a window (an end later than the time's own day or instant) and the widest, ms.
  `
  ALTER TABLE features ADD COLUMN time_end INTEGER;
  ALTER TABLE features ADD COLUMN time_end_precision TEXT;
  ALTER TABLE features ADD COLUMN precision TEXT;
  ALTER TABLE point_blocks ADD COLUMN time_end BLOB;
  ALTER TABLE point_blocks ADD COLUMN precision BLOB;
  ALTER TABLE layers ADD COLUMN windowed_count INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE layers ADD COLUMN widest_window INTEGER;
  `,
  // 6: the database role that did each thing (issue 19): a team workspace on PostGIS records its
  // current_user with every entry; a file keeps the entries it was given a copy of with theirs,
  // and NULL for its own.
  `
  ALTER TABLE audit ADD COLUMN role TEXT;
  `,
];

export const SCHEMA_VERSION = migrations.length;
