/**
 * A team workspace's schema as numbered steps, like the SQLite store's (store/migrations.ts):
 * the settings row `schema_version` records the last one applied; steps are only ever appended. Each
 * step takes the schema's quoted name. The tables hold what the SQLite file holds, column for
 * column, in PostGIS's terms: features carry a `geometry(Geometry, 4326)` with a GiST index
 * (QGIS and ArcGIS read the layers as they are), and the features table is partitioned by
 * layer, so an import fills a table of its own and indexes it once, and removing a layer drops
 * its table.
 *
 * Where the SQLite file keeps a point's lon/lat in columns and other geometries as GeoJSON text,
 * here `geom` holds every geometry in two dimensions and `geometry_json` the GeoJSON of any that
 * is not a plain 2-D point, exactly as imported (a Z, a GeometryCollection), so features come
 * back as they went in.
 */
export const postgisMigrations: ((s: string) => string)[] = [
  // 1: the SQLite schema as of its step 6.
  (s) => `
  CREATE TABLE ${s}.settings (
    key text PRIMARY KEY,
    value text NOT NULL
  );

  CREATE TABLE ${s}.layers (
    id bigserial PRIMARY KEY,
    name text NOT NULL UNIQUE,
    source_file text NOT NULL,
    source_format text NOT NULL,
    source_crs text NOT NULL,
    fields text NOT NULL,
    geometry_type text NOT NULL,
    feature_count bigint NOT NULL DEFAULT 0,
    min_lon double precision, min_lat double precision, max_lon double precision, max_lat double precision,
    time_min bigint, time_max bigint,
    categories text NOT NULL DEFAULT '[]',
    fingerprint text NOT NULL,
    imported_at text NOT NULL,
    mapping text NOT NULL,
    metadata text NOT NULL,
    windowed_count bigint NOT NULL DEFAULT 0,
    widest_window bigint
  );

  -- Feature ids are unique across layers, as in the file, so a copy keeps each feature's place.
  CREATE SEQUENCE ${s}.feature_ids;

  CREATE TABLE ${s}.features (
    id bigint NOT NULL DEFAULT nextval('${s}.feature_ids'),
    layer_id bigint NOT NULL REFERENCES ${s}.layers(id) ON DELETE CASCADE,
    source_index bigint NOT NULL,
    geom geometry(Geometry, 4326),
    geometry_json text,
    properties json NOT NULL,
    time bigint,
    time_precision text,
    category text,
    quantity double precision,
    unit text,
    time_end bigint,
    time_end_precision text,
    precision text,
    PRIMARY KEY (layer_id, id)
  ) PARTITION BY LIST (layer_id);
  CREATE INDEX features_geom ON ${s}.features USING gist (geom);
  CREATE INDEX features_layer_time ON ${s}.features (layer_id, time);
  CREATE INDEX features_layer_category ON ${s}.features (layer_id, category);

  CREATE TABLE ${s}.analyses (
    id bigserial PRIMARY KEY,
    kind text NOT NULL,
    layer_id bigint REFERENCES ${s}.layers(id) ON DELETE CASCADE,
    params text NOT NULL,
    input_fingerprint text NOT NULL,
    summary text NOT NULL,
    created_at text NOT NULL
  );
  CREATE INDEX analyses_layer ON ${s}.analyses (layer_id);

  CREATE TABLE ${s}.analysis_results (
    analysis_id bigint PRIMARY KEY REFERENCES ${s}.analyses(id) ON DELETE CASCADE,
    result bytea,
    result_type text NOT NULL
  );

  -- The role is the database's own: no client can write another's.
  CREATE TABLE ${s}.audit (
    id bigserial PRIMARY KEY,
    at text NOT NULL,
    actor text NOT NULL,
    action text NOT NULL,
    target text,
    details text NOT NULL,
    role text NOT NULL DEFAULT current_user
  );

  -- One map state per role: analysts sharing a workspace each keep their own map.
  CREATE TABLE ${s}.map_state (
    name text PRIMARY KEY,
    state text NOT NULL,
    saved_at text NOT NULL,
    saved_by text NOT NULL
  );
  `,
];

export const POSTGIS_SCHEMA_VERSION = postgisMigrations.length;
