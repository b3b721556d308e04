/**
 * Seeded mutation fuzzer for the import readers: the shapefile reader (.shp/.shx/.dbf and the
 * .prj/.cpg beside them), the streaming GeoJSON, CSV, KML and GPX parsers, the GeoPackage reader (its
 * geometry blobs and the database file), the FlatGeobuf reader, the Excel reader (the XML parts
 * inside the workbook, and the zip itself), and the normaliser behind them.
 * Inputs start from the real fixtures in ../shared/fixtures and are damaged by bit flips,
 * "interesting" integers written over length/count fields, byte inserts and deletes,
 * truncation, splices of two inputs, structural-character inserts and repeated chunks; the
 * stream parsers are fed in chunks of random sizes, so every chunk boundary gets its turn.
 *
 * What counts as a failure:
 *  - any exception other than ImportError/UserError (and the GeoJSON parser's LateCrsError,
 *    the documented signal the importer re-runs on);
 *  - an input that takes longer than the per-input bound (default 2 s, timed twice so a busy
 *    machine alone does not fail it); the loop runs on a worker thread and the main thread
 *    watches a shared heartbeat, terminating the worker when one input gives no answer for
 *    three times the bound — a real infinite loop is caught and reported, not just measured;
 *  - memory: the worker runs under a heap limit (running out is a failure) and the process
 *    RSS is sampled; the report gives its growth over the run.
 * Iteration i of seed S is always the same input, so any failure is reproduced with
 * `--seed S --only i`; failing inputs are also written to --out.
 *
 *   npm run fuzz -- --seconds 600 --seed 7 [--out DIR] [--only I] [--limit-ms 2000]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort, threadId, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { zipSync, unzipSync } from 'fflate';
import { fgbSource } from '../electron/backend/formats/fgb.ts';
import { readGeoPackageBytes } from '../electron/backend/formats/gpkgRead.ts';
import { xlsxFormat } from '../electron/backend/formats/xlsx.ts';
import { UserError } from '../shared/errors.ts';
import { createCsvParser } from '../shared/import/csv.ts';
import { createGeoJsonParser, LateCrsError } from '../shared/import/geojson.ts';
import { GPX_KINDS, createGpxParser } from '../shared/import/gpx.ts';
import { createKmlParser } from '../shared/import/kml.ts';
import { createNormalizer } from '../shared/import/normalize.ts';
import { parseShapefile, type ShapefileParts } from '../shared/import/shapefile/index.ts';
import type { ParseOptions, RecordSink, StreamParser } from '../shared/import/types.ts';

const here = fileURLToPath(import.meta.url);
const repoRoot = path.resolve(path.dirname(here), '..');
export const FIXTURES = path.resolve(repoRoot, '..', 'shared', 'fixtures');

export type Target = 'shapefile' | 'geojson' | 'csv' | 'gpkg' | 'kml' | 'gpx' | 'fgb' | 'xlsx';
export const TARGETS: Target[] = ['shapefile', 'geojson', 'csv', 'gpkg', 'kml', 'gpx', 'fgb', 'xlsx'];
/** A count per target, all 0. */
const zeroCounts = (): Record<Target, number> => Object.fromEntries(TARGETS.map((t) => [t, 0])) as Record<Target, number>;

// ---------- seeds ----------

type PartName = 'shp' | 'shx' | 'dbf' | 'prj' | 'cpg';
const PART_NAMES: PartName[] = ['shp', 'shx', 'dbf', 'prj', 'cpg'];

export interface SeedSet {
  shapefile: { name: string; parts: Partial<Record<PartName, Uint8Array>> }[];
  geojson: { name: string; bytes: Uint8Array }[];
  csv: { name: string; bytes: Uint8Array }[];
  kml: { name: string; bytes: Uint8Array }[];
  gpx: { name: string; bytes: Uint8Array }[];
  gpkg: { name: string; bytes: Uint8Array }[];
  fgb: { name: string; bytes: Uint8Array }[];
  xlsx: { name: string; bytes: Uint8Array }[];
}

function filesUnder(dir: string, exts: string[]): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p, exts));
    else if (exts.includes(path.extname(e.name).toLowerCase())) out.push(p);
  }
  return out.sort();
}

/** The fixtures the fuzzer starts from (the small ones: the world-size shapefiles would only slow each iteration). */
export function loadSeeds(fixtures = FIXTURES): SeedSet {
  const seeds: SeedSet = { shapefile: [], geojson: [], csv: [], ...xmlSeeds(fixtures), gpkg: gpkgSeeds(fixtures), ...gdalWrittenSeeds(fixtures) };
  for (const shp of filesUnder(fixtures, ['.shp'])) {
    if (shp.includes(`${path.sep}full${path.sep}`)) continue;
    const stem = shp.slice(0, -4);
    const parts: Partial<Record<PartName, Uint8Array>> = {};
    for (const p of PART_NAMES) if (fs.existsSync(`${stem}.${p}`)) parts[p] = new Uint8Array(fs.readFileSync(`${stem}.${p}`));
    // The reader needs .shx and .dbf; sets without them still fuzz the "missing part" paths, but rarely help.
    if (parts.shx && parts.dbf) seeds.shapefile.push({ name: path.relative(fixtures, stem), parts });
  }
  for (const f of filesUnder(fixtures, ['.geojson', '.json'])) {
    const bytes = new Uint8Array(fs.readFileSync(f));
    if (bytes.length <= 256 * 1024) seeds.geojson.push({ name: path.relative(fixtures, f), bytes });
  }
  for (const f of filesUnder(fixtures, ['.csv'])) {
    const bytes = new Uint8Array(fs.readFileSync(f));
    if (bytes.length <= 256 * 1024) seeds.csv.push({ name: path.relative(fixtures, f), bytes });
  }
  return seeds;
}

// ---------- GeoPackage seeds and blob mutations ----------

/** Points, lines and polygons (the municipalities' Lambert CRS as WKT): the fixtures a GeoPackage seed is made of. */
const GPKG_SEED_SOURCES = [
  'natural-earth/clipped/ne_10m_populated_places_sonora_bc',
  'natural-earth/clipped/ne_10m_admin_0_boundary_lines_land_sonora_bc',
  'inegi-mun-lcc/sonora_bc/mun_02_26',
];

/**
 * GeoPackages of the fixtures as GDAL writes them (ogr2ogr, once, into a cache in the temp folder:
 * the fuzzer's seeds need GDAL, the product never does), with a fixed timestamp so a seed's
 * bytes, and so every input made from it, are the same on every run.
 */
function gpkgSeeds(fixtures: string): { name: string; bytes: Uint8Array }[] {
  const cache = path.join(os.tmpdir(), 'frontera-fuzz-gpkg-seeds');
  fs.mkdirSync(cache, { recursive: true });
  return GPKG_SEED_SOURCES.map((rel) => {
    const file = path.join(cache, `${path.basename(rel)}.gpkg`);
    if (!fs.existsSync(file)) {
      // Workers start at once: each writes its own file and the rename is atomic.
      const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.gpkg`;
      execFileSync('ogr2ogr', ['--config', 'OGR_CURRENT_DATE', '2000-01-01T00:00:00.000Z', '-f', 'GPKG', tmp, path.join(fixtures, `${rel}.shp`), '-nln', path.basename(rel)], { stdio: 'pipe' });
      fs.renameSync(tmp, file);
    }
    return { name: rel, bytes: new Uint8Array(fs.readFileSync(file)) };
  });
}

/**
 * One mutation of a random feature's geometry blob, made through SQLite (stand-ins for the R-tree
 * triggers' ST_ functions, which only GeoPackage readers provide) on a scratch file of this
 * thread's: better-sqlite3's serialize() of an in-memory copy keeps every buffer it makes (0.2 MB
 * an input, measured). A file an earlier round left unreadable is kept as it is.
 */
function mutateGpkgBlob(r: Rng, bytes: Uint8Array, other: () => Uint8Array): [Uint8Array, string] {
  const scratch = path.join(os.tmpdir(), `frontera-fuzz-gpkg-${process.pid}-${threadId}.gpkg`);
  let db: Database.Database | null = null;
  try {
    fs.writeFileSync(scratch, bytes);
    db = new Database(scratch);
    db.pragma('journal_mode = MEMORY');
    for (const f of ['ST_IsEmpty', 'ST_MinX', 'ST_MaxX', 'ST_MinY', 'ST_MaxY']) db.function(f, { varargs: true }, () => 0);
    const g = db.prepare("SELECT c.table_name AS t, g.column_name AS c FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name WHERE c.data_type = 'features'").get() as
      | { t: string; c: string }
      | undefined;
    if (!g) return [bytes, 'blob:none'];
    const q = (n: string): string => `"${n.replace(/"/g, '""')}"`;
    const n = (db.prepare(`SELECT count(*) AS n FROM ${q(g.t)}`).get() as { n: number }).n;
    if (n === 0) return [bytes, 'blob:none'];
    const k = r.int(n);
    const row = db.prepare(`SELECT rowid AS id, ${q(g.c)} AS b FROM ${q(g.t)} ORDER BY rowid LIMIT 1 OFFSET ?`).get(k) as { id: number; b: unknown };
    const blob = row.b instanceof Uint8Array ? new Uint8Array(row.b) : new Uint8Array(0);
    const [next, name] = mutate(r, blob, other, false);
    db.prepare(`UPDATE ${q(g.t)} SET ${q(g.c)} = ? WHERE rowid = ?`).run(Buffer.from(next), row.id);
    db.close();
    db = null;
    return [new Uint8Array(fs.readFileSync(scratch)), `blob${k + 1}:${name}`];
  } catch {
    return [bytes, 'blob:unreadable'];
  } finally {
    db?.close();
    fs.rmSync(scratch, { force: true });
  }
}

// ---------- KML and GPX seeds ----------

/**
 * KML and GPX as GDAL writes them from the fixtures (ogr2ogr, once, into a cache in the temp
 * folder: the fuzzer's seeds need GDAL, the product never does): the municipalities' polygons
 * through the KML driver, the places and the border through LIBKML; the places as GPX waypoints,
 * the border as routes and as a track.
 */
function xmlSeeds(fixtures: string): Pick<SeedSet, 'kml' | 'gpx'> {
  const cache = path.join(os.tmpdir(), 'frontera-fuzz-xml-seeds');
  fs.mkdirSync(cache, { recursive: true });
  const shp = (rel: string): string => path.join(fixtures, `${rel}.shp`);
  const places = shp('natural-earth/clipped/ne_10m_populated_places_sonora_bc');
  const border = shp('natural-earth/clipped/ne_10m_admin_0_boundary_lines_land_sonora_bc');
  const seed = (name: string, driver: string, args: string[]): { name: string; bytes: Uint8Array } => {
    const file = path.join(cache, name);
    if (!fs.existsSync(file)) {
      // Workers start at once: each writes its own file and the rename is atomic.
      const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}${path.extname(name)}`;
      execFileSync('ogr2ogr', ['-f', driver, tmp, ...args], { stdio: 'pipe' });
      fs.renameSync(tmp, file);
    }
    return { name, bytes: new Uint8Array(fs.readFileSync(file)) };
  };
  const named = (file: string, field: string): string[] => [file, '-sql', `SELECT ${field} AS name FROM ${path.basename(file, '.shp')}`];
  return {
    kml: [
      seed('mun_02_26.kml', 'KML', [shp('inegi-mun-lcc/sonora_bc/mun_02_26'), '-t_srs', 'EPSG:4326']),
      seed('populated_places.kml', 'LIBKML', [places]),
      seed('boundary_lines.kml', 'LIBKML', [border]),
    ],
    gpx: [
      seed('populated_places.gpx', 'GPX', named(places, 'NAME')),
      seed('boundary_routes.gpx', 'GPX', [...named(border, 'featurecla'), '-explodecollections']),
      seed('boundary_track.gpx', 'GPX', [...named(border, 'featurecla'), '-lco', 'FORCE_GPX_TRACK=YES']),
    ],
  };
}

// ---------- FlatGeobuf and Excel seeds ----------

/**
 * FlatGeobuf and Excel files as GDAL writes them from the fixtures (ogr2ogr, once, cached in the
 * temp folder): the places, the border and the Lambert municipalities as .fgb (with their
 * spatial index, and one without); the places' attributes and 300 UCDP events (their latitude
 * and longitude columns) as .xlsx workbooks.
 */
function gdalWrittenSeeds(fixtures: string): Pick<SeedSet, 'fgb' | 'xlsx'> {
  const cache = path.join(os.tmpdir(), 'frontera-fuzz-gdal-seeds');
  fs.mkdirSync(cache, { recursive: true });
  const seed = (name: string, driver: string, args: string[]): { name: string; bytes: Uint8Array } => {
    const file = path.join(cache, name);
    const ext = path.extname(name);
    if (!fs.existsSync(file)) {
      // Workers start at once: each writes its own file and the rename is atomic. No ".xlsx."
      // inside the name: GDAL's XLSX driver cuts a path at its first ".xlsx" to write into it.
      const tmp = `${file.slice(0, -ext.length)}-${process.pid}-${Math.random().toString(36).slice(2)}${ext}`;
      execFileSync('ogr2ogr', ['-f', driver, tmp, ...args], { stdio: 'pipe' });
      fs.renameSync(tmp, file);
    }
    // Named without the extension, as the other seeds: the reader is told "NAME.fgb".
    return { name: name.slice(0, -ext.length), bytes: new Uint8Array(fs.readFileSync(file)) };
  };
  const shp = (rel: string): string => path.join(fixtures, `${rel}.shp`);
  const places = shp('natural-earth/clipped/ne_10m_populated_places_sonora_bc');
  const ucdp = filesUnder(path.join(fixtures, 'ucdp-ged-mexico-other-states'), ['.csv'])[0];
  return {
    fgb: [
      seed('populated_places.fgb', 'FlatGeobuf', [places]),
      seed('boundary_lines.fgb', 'FlatGeobuf', [shp('natural-earth/clipped/ne_10m_admin_0_boundary_lines_land_sonora_bc'), '-lco', 'SPATIAL_INDEX=NO', '-nlt', 'PROMOTE_TO_MULTI']),
      seed('mun_02_26.fgb', 'FlatGeobuf', [shp('inegi-mun-lcc/sonora_bc/mun_02_26')]),
    ],
    xlsx: [
      seed('ucdp_events.xlsx', 'XLSX', [ucdp, '-limit', '300', '-sql', `SELECT id, date_start, date_end, type_of_violence, best, latitude, longitude FROM "${path.basename(ucdp, '.csv')}"`]),
      seed('populated_places.xlsx', 'XLSX', [places, '-sql', `SELECT NAME, LATITUDE, LONGITUDE, POP_MAX FROM ${path.basename(places, '.shp')}`]),
    ],
  };
}

/** The workbook's parts Frontera parses, most mutations where most of the reading is. */
const XLSX_PARTS: [string, number][] = [
  ['xl/worksheets/sheet1.xml', 0.6],
  ['xl/sharedStrings.xml', 0.2],
  ['xl/workbook.xml', 0.1],
  ['xl/styles.xml', 0.05],
  ['xl/_rels/workbook.xml.rels', 0.05],
];

/** The parts of each workbook seed, unzipped once. */
const seedParts = new WeakMap<Uint8Array, Record<string, Uint8Array>>();

/**
 * A damaged workbook: mostly its XML parts mutated and zipped again (stored, not deflated: damage
 * to the zip alone would stop every input at the archive, and deflating each input would cost
 * more than reading it), now and then — and from then on — the archive's bytes themselves.
 */
function damagedWorkbook(r: Rng, seed: Uint8Array, rounds: number, other: () => Uint8Array, mutations: string[]): Uint8Array {
  let parts = seedParts.get(seed);
  if (!parts) seedParts.set(seed, (parts = unzipSync(seed)));
  const edited: Record<string, Uint8Array> = { ...parts };
  let zipped: Uint8Array | null = null;
  for (let i = 0; i < rounds; i++) {
    if (zipped || r.chance(0.1)) {
      const [next, name] = mutate(r, zipped ?? zipSync(edited, { level: 0 }), other, false);
      zipped = next.length > MAX_INPUT ? next.subarray(0, MAX_INPUT) : next;
      mutations.push(`zip:${name}`);
      continue;
    }
    let roll = r.next();
    const [part] = XLSX_PARTS.find(([, p]) => (roll -= p) < 0) ?? XLSX_PARTS[0];
    if (!edited[part]) {
      mutations.push(`${part}:absent`);
      continue;
    }
    const [next, name] = mutate(r, edited[part], () => parts[XLSX_PARTS[r.int(XLSX_PARTS.length)][0]] ?? new Uint8Array(0), true, XML_TOKENS);
    edited[part] = next.length > MAX_INPUT ? next.subarray(0, MAX_INPUT) : next;
    mutations.push(`${part}:${name}`);
  }
  return zipped ?? zipSync(edited, { level: 0 });
}

// ---------- randomness ----------

/** mulberry32: tiny, fast, and the same everywhere. */
export function rngOf(seed: number): { next(): number; int(n: number): number; chance(p: number): boolean } {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n), chance: (p) => next() < p };
}

function iterationSeed(seed: number, iter: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ iter, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

type Rng = ReturnType<typeof rngOf>;

// ---------- mutations ----------

const INTERESTING32 = [0, 1, -1, 2, 8, 100, 0x7fff, 0x8000, 0xffff, 0x7fffffff, -0x80000000, 0x3fffffff, 50, 1000, 1 << 20];
/** Tokens that matter to XML (KML, GPX): markup, entities, a DOCTYPE, CDATA. */
const XML_TOKENS = ['<', '>', '&', '</', '/>', '"', "'", '<!--', ']]>', '<![CDATA[', '&amp;', '&#0;', '&#x110000;', '&undefined;', '<!DOCTYPE kml [<!ENTITY a "b">]>', '<Placemark>', '<coordinates>', ',', '\uFEFF', '\u0000'];
const STRUCTURAL = ['"', ',', ';', '\t', '\n', '\r', '{', '}', '[', ']', ':', '\\', '\\u', 'NaN', '-', 'e', '0', '\uFEFF', '\u0000', '""'];

/** An offset biased to where binary formats keep their lengths: headers and record starts. */
function offsetIn(r: Rng, n: number): number {
  if (n === 0) return 0;
  const roll = r.next();
  if (roll < 0.3) return r.int(Math.min(n, 112));
  if (roll < 0.4) return Math.max(0, n - 1 - r.int(Math.min(n, 64)));
  return r.int(n);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const MAX_INPUT = 2 * 1024 * 1024;

/** One mutation; returns the new bytes and its name for the report. */
function mutate(r: Rng, b: Uint8Array, other: () => Uint8Array, text: boolean, tokens: string[] = STRUCTURAL): [Uint8Array, string] {
  const kinds = text ? 9 : 8;
  const k = r.int(kinds);
  const n = b.length;
  switch (k) {
    case 0: {
      const out = b.slice();
      const flips = 1 + r.int(8);
      for (let i = 0; i < flips && n > 0; i++) out[offsetIn(r, n)] ^= 1 << r.int(8);
      return [out, `flip${flips}`];
    }
    case 1: {
      if (n < 4) return [b, 'noop'];
      const out = b.slice();
      const at = offsetIn(r, n - 3);
      const v = INTERESTING32[r.int(INTERESTING32.length)];
      new DataView(out.buffer).setInt32(at, v, r.chance(0.5));
      return [out, `int32@${at}=${v}`];
    }
    case 2: {
      const at = offsetIn(r, n + 1);
      const ins = new Uint8Array(1 + r.int(16));
      for (let i = 0; i < ins.length; i++) ins[i] = r.int(256);
      return [concat(b.subarray(0, at), ins, b.subarray(at)), `insert${ins.length}@${at}`];
    }
    case 3: {
      const at = offsetIn(r, n);
      const len = 1 + r.int(64);
      return [concat(b.subarray(0, at), b.subarray(Math.min(n, at + len))), `delete${len}@${at}`];
    }
    case 4: {
      const at = r.int(n + 1);
      return [b.subarray(0, at), `truncate@${at}`];
    }
    case 5: {
      const o = other();
      const at = r.int(n + 1);
      const from = r.int(o.length + 1);
      return [concat(b.subarray(0, at), o.subarray(from)), `splice@${at}+${from}`];
    }
    case 6: {
      // Repeat a chunk: runs of records, deep nesting from brackets, long lines.
      if (n === 0) return [b, 'noop'];
      const at = r.int(n);
      const len = 1 + r.int(Math.min(32, n - at));
      const times = 2 + r.int(r.chance(0.05) ? 20_000 : 50);
      const chunk = b.subarray(at, at + len);
      const rep = new Uint8Array(Math.min(len * times, MAX_INPUT));
      for (let i = 0; i < rep.length; i += len) rep.set(chunk.subarray(0, Math.min(len, rep.length - i)), i);
      return [concat(b.subarray(0, at), rep, b.subarray(at)), `repeat${len}x${times}@${at}`];
    }
    case 7: {
      const out = b.slice();
      const at = offsetIn(r, n);
      const v = [0, 0xff, 0x7f, 0x80, 0x20][r.int(5)];
      const len = 1 + r.int(8);
      for (let i = at; i < Math.min(n, at + len); i++) out[i] = v;
      return [out, `set${len}@${at}=${v}`];
    }
    default: {
      const s = tokens[r.int(tokens.length)];
      const at = r.int(n + 1);
      return [concat(b.subarray(0, at), new TextEncoder().encode(s), b.subarray(at)), `token${JSON.stringify(s)}@${at}`];
    }
  }
}

export interface FuzzInput {
  iter: number;
  target: Target;
  base: string;
  mutations: string[];
  /** Stream targets: the bytes and the chunk sizes to feed them in. */
  bytes?: Uint8Array;
  chunks?: number[];
  /** Shapefile target: the parts. */
  parts?: Partial<Record<PartName, Uint8Array>>;
}

/** Iteration `iter` of seed `seed`: always the same input. */
export function makeInput(seeds: SeedSet, seed: number, iter: number): FuzzInput {
  const r = rngOf(iterationSeed(seed, iter));
  const target = TARGETS[iter % TARGETS.length];
  const rounds = 1 + r.int(r.chance(0.2) ? 6 : 3);
  const mutations: string[] = [];
  if (target === 'shapefile') {
    const set = seeds.shapefile[r.int(seeds.shapefile.length)];
    const parts = { ...set.parts };
    for (let i = 0; i < rounds; i++) {
      const roll = r.next();
      const which: PartName = roll < 0.45 ? 'shp' : roll < 0.65 ? 'shx' : roll < 0.9 ? 'dbf' : roll < 0.95 ? 'prj' : 'cpg';
      const cur = parts[which] ?? new Uint8Array(0);
      const [next, name] = mutate(r, cur, () => seeds.shapefile[r.int(seeds.shapefile.length)].parts[which] ?? new Uint8Array(0), which === 'prj' || which === 'cpg');
      parts[which] = next;
      mutations.push(`${which}:${name}`);
    }
    if (r.chance(0.03)) {
      const drop = PART_NAMES[r.int(PART_NAMES.length)];
      delete parts[drop];
      mutations.push(`drop:${drop}`);
    }
    return { iter, target, base: set.name, mutations, parts };
  }
  if (target === 'gpkg') {
    // Mostly one feature's geometry blob (the part Frontera decodes itself); now and then the
    // database file's bytes (the part SQLite reads).
    const seedFile = seeds.gpkg[r.int(seeds.gpkg.length)];
    let bytes = seedFile.bytes;
    const otherSeed = (): Uint8Array => seeds.gpkg[r.int(seeds.gpkg.length)].bytes;
    for (let i = 0; i < rounds; i++) {
      const [next, name] = r.chance(0.8) ? mutateGpkgBlob(r, bytes, () => otherSeed().subarray(0, 512)) : mutate(r, bytes, otherSeed, false);
      bytes = next.length > MAX_INPUT ? next.subarray(0, MAX_INPUT) : next;
      mutations.push(name);
    }
    return { iter, target, base: seedFile.name, mutations, bytes };
  }
  if (target === 'fgb' || target === 'xlsx') {
    const list = seeds[target];
    const seedFile = list[r.int(list.length)];
    const otherSeed = (): Uint8Array => list[r.int(list.length)].bytes;
    if (target === 'xlsx') return { iter, target, base: seedFile.name, mutations, bytes: damagedWorkbook(r, seedFile.bytes, rounds, otherSeed, mutations) };
    let bytes = seedFile.bytes;
    for (let i = 0; i < rounds; i++) {
      const [next, name] = mutate(r, bytes, otherSeed, false);
      bytes = next.length > MAX_INPUT ? next.subarray(0, MAX_INPUT) : next;
      mutations.push(name);
    }
    return { iter, target, base: seedFile.name, mutations, bytes };
  }
  const list = seeds[target];
  const seedFile = list[r.int(list.length)];
  let bytes = seedFile.bytes;
  for (let i = 0; i < rounds; i++) {
    const [next, name] = mutate(r, bytes, () => list[r.int(list.length)].bytes, true, target === 'kml' || target === 'gpx' ? XML_TOKENS : STRUCTURAL);
    bytes = next.length > MAX_INPUT ? next.subarray(0, MAX_INPUT) : next;
    mutations.push(name);
  }
  // Chunk boundaries: one chunk, tiny chunks, or random sizes.
  const chunks: number[] = [];
  // Tiny chunks only for small inputs: 2 MB in 4-byte chunks would spend the run on push calls.
  const mode = r.int(3);
  const tiny = bytes.length <= 64 * 1024 ? 8 : 512;
  for (let done = 0; done < bytes.length; ) {
    const size = mode === 0 ? bytes.length : mode === 1 ? 1 + r.int(tiny) : 1 + r.int(65_536);
    chunks.push(Math.min(size, bytes.length - done));
    done += size;
    if (chunks.length > 20_000) {
      chunks.push(bytes.length - done);
      break;
    }
  }
  return { iter, target, base: seedFile.name, mutations, bytes, chunks };
}

// ---------- running one input ----------

/** Errors a reader may throw at a user: anything else is a bug. */
export function isAllowedError(e: unknown): boolean {
  return e instanceof UserError || e instanceof LateCrsError;
}

const normalize = createNormalizer({
  fileName: 'fuzz',
  project: null,
  mapping: {},
  timezone: 'America/Tijuana',
  locationLabel: (i) => `record ${i + 1}`,
});

/** The readers fed in chunks, per target. */
const STREAM_READERS: Record<'geojson' | 'csv' | 'kml' | 'gpx', ((opts: ParseOptions, sink: RecordSink) => StreamParser)[]> = {
  geojson: [createGeoJsonParser],
  csv: [createCsvParser],
  kml: [createKmlParser],
  gpx: GPX_KINDS.map(createGpxParser),
};

/** Parses one input to the end (and normalises every record); throws what the reader throws. */
export async function runInput(input: FuzzInput): Promise<{ records: number; problems: number }> {
  let records = 0;
  let problems = 0;
  const sink: RecordSink = {
    onRecord(rec) {
      records++;
      const r = normalize(rec);
      if ('reason' in r) problems++;
    },
    onProblem() {
      problems++;
    },
    onFields() {},
    onCrs() {},
  };
  const fileName = `${input.base}.${input.target === 'shapefile' ? 'shp' : input.target}`;
  if (input.target === 'shapefile') {
    const p = input.parts!;
    const parts: ShapefileParts = {
      shp: p.shp ?? new Uint8Array(0),
      shx: p.shx ?? null,
      dbf: p.dbf ?? null,
      prj: p.prj ?? null,
      cpg: p.cpg ?? null,
      names: {
        shp: 'f.shp',
        ...(p.shx ? { shx: 'f.shx' } : {}),
        ...(p.dbf ? { dbf: 'f.dbf' } : {}),
        ...(p.prj ? { prj: 'f.prj' } : {}),
        ...(p.cpg ? { cpg: 'f.cpg' } : {}),
      },
    };
    parseShapefile(parts, { fileName }, sink);
  } else if (input.target === 'gpkg') {
    readGeoPackageBytes(fileName, input.bytes!, sink);
  } else if (input.target === 'fgb') {
    // The reader's own source over the bytes in memory: the framing checks and the package's decoding.
    await fgbSource({ name: fileName, bytes: input.bytes!, defaultLayerName: 'fuzz' }, false).feed(sink, { fileName }, async () => {});
  } else if (input.target === 'xlsx') {
    await readWorkbook(fileName, input.bytes!, sink);
  } else {
    // A GPX is read once per kind of record, as the importer reads its layers.
    for (const create of STREAM_READERS[input.target as keyof typeof STREAM_READERS]) {
      const parser = create({ fileName }, sink);
      const b = input.bytes!;
      let at = 0;
      for (const size of input.chunks!) {
        parser.push(b.subarray(at, at + size));
        at += size;
      }
      parser.end();
    }
  }
  return { records, problems };
}

/**
 * A workbook as the importer reads it: opened from a file (the reader takes a path, as its zip
 * guards do), every sheet read in turn, through a scratch file of this thread's.
 */
async function readWorkbook(fileName: string, bytes: Uint8Array, sink: RecordSink): Promise<void> {
  const scratch = path.join(os.tmpdir(), `frontera-fuzz-xlsx-${process.pid}-${threadId}.xlsx`);
  fs.writeFileSync(scratch, bytes);
  try {
    const open = (sheet?: string) =>
      xlsxFormat.read!.open({ name: fileName, path: scratch, defaultLayerName: 'fuzz' }, { options: sheet === undefined ? {} : { sheet }, readerFor: () => null, readable: '' });
    const [first] = open();
    for (const sheet of first.layersInFile ?? [undefined]) for (const source of open(sheet)) await source.feed(sink, { fileName }, async () => {});
  } finally {
    fs.rmSync(scratch, { force: true });
  }
}

// ---------- the loop (worker side) ----------

export interface Failure {
  iter: number;
  target: Target;
  base: string;
  mutations: string[];
  kind: 'exception' | 'hang' | 'slow' | 'memory';
  error: string;
  millis?: number;
  saved?: string;
}

/** Which iterations a run takes: just `only`, those below `inputs`, or any until `deadline`. */
interface RunSpan {
  deadline: number;
  only?: number;
  inputs?: number;
}

function inRun(span: RunSpan, iter: number): boolean {
  return span.only !== undefined ? iter === span.only : span.inputs !== undefined ? iter < span.inputs : Date.now() < span.deadline;
}

interface WorkerJob extends RunSpan {
  seed: number;
  startIter: number;
  limitMs: number;
  heartbeat: SharedArrayBuffer;
  /** Test hook: the detectors are shown to work by a deliberate fault at this iteration. */
  inject?: { iter: number; fault: 'throw' | 'hang' };
}

type WorkerMsg =
  | { type: 'progress'; iterations: number; perTarget: Record<Target, number>; maxMillis: number; accepted: number; refused: number }
  | { type: 'failure'; failure: Failure }
  | { type: 'done'; nextIter: number };

async function workerLoop(job: WorkerJob): Promise<void> {
  const seeds = loadSeeds();
  const beat = new Float64Array(job.heartbeat); // [iteration, started at (Date.now())]
  const perTarget: Record<Target, number> = zeroCounts();
  let iterations = 0;
  let maxMillis = 0;
  let accepted = 0;
  let refused = 0;
  let lastReport = Date.now();
  const report = (): void =>
    parentPort!.postMessage({ type: 'progress', iterations, perTarget: { ...perTarget }, maxMillis, accepted, refused } satisfies WorkerMsg);
  let iter = job.startIter;
  for (; inRun(job, iter); iter++) {
    const input = makeInput(seeds, job.seed, iter);
    beat[0] = iter;
    beat[1] = Date.now();
    const t = performance.now();
    try {
      if (job.inject?.iter === iter) {
        if (job.inject.fault === 'throw') throw new TypeError('injected fault: cannot read properties of undefined');
        for (;;) {
          // Injected hang: only the watchdog ends this.
        }
      }
      await runInput(input);
      accepted++;
    } catch (e) {
      if (isAllowedError(e)) refused++;
      else {
        const failure: Failure = {
          iter,
          target: input.target,
          base: input.base,
          mutations: input.mutations,
          kind: 'exception',
          error: e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e),
        };
        parentPort!.postMessage({ type: 'failure', failure } satisfies WorkerMsg);
      }
    }
    let ms = performance.now() - t;
    if (ms > job.limitMs) {
      // Over the bound once may be a busy machine: time it again before calling it a failure.
      beat[1] = Date.now();
      const again = performance.now();
      try {
        await runInput(input);
      } catch {
        // Already judged above.
      }
      ms = Math.min(ms, performance.now() - again);
    }
    beat[1] = 0;
    if (ms > maxMillis) maxMillis = ms;
    if (ms > job.limitMs) {
      parentPort!.postMessage({
        type: 'failure',
        failure: { iter, target: input.target, base: input.base, mutations: input.mutations, kind: 'slow', error: `took ${Math.round(ms)} ms`, millis: ms },
      } satisfies WorkerMsg);
    }
    iterations++;
    perTarget[input.target]++;
    if (Date.now() - lastReport > 250) {
      lastReport = Date.now();
      report();
    }
  }
  report();
  parentPort!.postMessage({ type: 'done', nextIter: iter } satisfies WorkerMsg);
}

if (!isMainThread && (workerData as { fuzzJob?: WorkerJob } | null)?.fuzzJob) {
  void workerLoop((workerData as { fuzzJob: WorkerJob }).fuzzJob);
}

// ---------- the driver (main side) ----------

export interface FuzzOptions {
  /** Run for this long… */
  seconds?: number;
  /** …or run iterations 0 to inputs − 1, however long they take: the same inputs on any machine (the tests). */
  inputs?: number;
  seed: number;
  /** Per-input time bound; an input over it is a failure (and a hang is cut off by the watchdog). Infinity: speed not judged. */
  limitMs?: number;
  /** Where failing inputs are written; default: a temp dir. */
  out?: string;
  /** Run just this iteration (reproduce a failure). */
  only?: number;
  /** Worker heap limit. */
  heapMb?: number;
  inject?: WorkerJob['inject'];
  onProgress?: (line: string) => void;
}

export interface FuzzReport {
  seed: number;
  seconds: number;
  iterations: number;
  perSecond: number;
  perTarget: Record<Target, number>;
  /** Inputs the readers accepted (possibly with record problems) and refused with a user error. */
  accepted: number;
  refused: number;
  maxMillis: number;
  rssStartMb: number;
  rssPeakMb: number;
  rssGrowthMb: number;
  failures: Failure[];
  restarts: number;
  /** Watchdog alarms that, re-run alone, finished within the bound (a busy machine). */
  retimed: number;
}

/** The worker starts from the TypeScript sources: register tsx inside it, then load this file. */
function workerSource(): string {
  const req = createRequire(import.meta.url);
  // The ESM build of tsx's API (the "import" condition of tsx/esm/api): an eval worker resolves
  // nothing by package name on its own.
  const tsxApi = pathToFileURL(path.join(path.dirname(req.resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs')).href;
  return `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(here).href)}); }).catch((e) => { throw e; });`;
}

function saveFailure(dir: string, input: FuzzInput, f: Failure): string {
  const base = path.join(dir, `seed-iter-${input.iter}-${f.kind}`);
  fs.mkdirSync(base, { recursive: true });
  if (input.parts) for (const [k, v] of Object.entries(input.parts)) if (v) fs.writeFileSync(path.join(base, `input.${k}`), v);
  if (input.bytes) fs.writeFileSync(path.join(base, `input.${input.target}`), input.bytes);
  fs.writeFileSync(path.join(base, 'failure.json'), JSON.stringify({ ...f, chunks: input.chunks?.length }, null, 2));
  return base;
}

export async function runFuzz(o: FuzzOptions): Promise<FuzzReport> {
  const limitMs = o.limitMs ?? 2000;
  const outDir = o.out ?? path.join(os.tmpdir(), `frontera-fuzz-${o.seed}`);
  const seeds = loadSeeds();
  const started = Date.now();
  const span: RunSpan = { deadline: started + (o.seconds ?? 0) * 1000, only: o.only, inputs: o.inputs };
  const failures: Failure[] = [];
  const totals = { iterations: 0, accepted: 0, refused: 0, maxMillis: 0, perTarget: zeroCounts() };
  let restarts = 0;
  let rssStart = 0;
  let rssPeak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }, 100);
  const record = (f: Failure): void => {
    if (f.iter >= 0) f.saved = saveFailure(outDir, makeInput(seeds, o.seed, f.iter), f);
    failures.push(f);
    o.onProgress?.(`FAILURE ${f.kind} at iteration ${f.iter} (${f.target} ${f.base} ${f.mutations.join(' ')}): ${f.error.split('\n')[0]}`);
  };

  let startIter = o.only ?? 0;
  try {
    while (inRun(span, startIter)) {
      const heartbeat = new SharedArrayBuffer(16);
      const beat = new Float64Array(heartbeat);
      beat[0] = -1;
      const job: WorkerJob = { ...span, seed: o.seed, startIter, limitMs, heartbeat, inject: o.inject };
      const worker = new Worker(workerSource(), {
        eval: true,
        workerData: { fuzzJob: job },
        resourceLimits: { maxOldGenerationSizeMb: o.heapMb ?? 512 },
        stdout: false,
      });
      let segment = { iterations: 0, accepted: 0, refused: 0, maxMillis: 0, perTarget: zeroCounts() };
      const next = await new Promise<number>((resolve) => {
        let settled = false;
        const finish = (n: number): void => {
          if (settled) return;
          settled = true;
          clearInterval(watchdog);
          void worker.terminate();
          resolve(n);
        };
        const watchdog = setInterval(() => {
          const iter = beat[0];
          const since = beat[1];
          // A hang: no answer after three times the bound (inputs merely over it are timed and reported as slow).
          if (iter >= 0 && since > 0 && Date.now() - since > 3 * limitMs) {
            const input = makeInput(seeds, o.seed, iter);
            record({ iter, target: input.target, base: input.base, mutations: input.mutations, kind: 'hang', error: `no answer after ${3 * limitMs} ms: worker terminated` });
            finish(iter + 1);
          }
        }, Math.max(50, Math.min(250, limitMs / 4)));
        worker.on('message', (m: WorkerMsg) => {
          if (m.type === 'progress') {
            segment = { iterations: m.iterations, accepted: m.accepted, refused: m.refused, maxMillis: m.maxMillis, perTarget: m.perTarget };
            if (rssStart === 0 && totals.iterations + m.iterations > 0) rssStart = process.memoryUsage().rss;
          } else if (m.type === 'failure') record(m.failure);
          else finish(m.nextIter);
        });
        worker.on('error', (e: Error & { code?: string }) => {
          // Before the first input (iter −1) the worker itself failed to start: that is a failure too.
          const iter = beat[0];
          const input = iter >= 0 ? makeInput(seeds, o.seed, iter) : null;
          record({
            iter,
            target: input?.target ?? 'shapefile',
            base: input?.base ?? '(worker start)',
            mutations: input?.mutations ?? [],
            kind: e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'exception',
            error: e.stack ?? String(e),
          });
          finish(iter + 1);
        });
        worker.on('exit', () => finish(Math.max(startIter, beat[0] + 1)));
      });
      if (failures.some((f) => f.iter < 0)) throw new Error(`the fuzz worker did not start: ${failures.find((f) => f.iter < 0)!.error}`);
      // A worker cut off mid-input may not have reported its last inputs: count them from the
      // iteration numbers (the target of iteration i is TARGETS[i % TARGETS.length]).
      if (next - startIter > segment.iterations) {
        segment.iterations = next - startIter;
        for (const t of TARGETS) segment.perTarget[t] = 0;
        for (let i = startIter; i < next; i++) segment.perTarget[TARGETS[i % TARGETS.length]]++;
      }
      totals.iterations += segment.iterations;
      totals.accepted += segment.accepted;
      totals.refused += segment.refused;
      totals.maxMillis = Math.max(totals.maxMillis, segment.maxMillis);
      for (const t of TARGETS) totals.perTarget[t] += segment.perTarget[t];
      if (o.only !== undefined) break;
      if (inRun(span, next)) restarts++;
      startIter = next;
      o.onProgress?.(`${totals.iterations} inputs, ${failures.length} failures`);
    }
  } finally {
    clearInterval(sampler);
  }
  const seconds = (Date.now() - started) / 1000;
  // A hang on a busy machine may be a slow input that got no CPU: re-run each one alone, with
  // ten times the bound. Still no answer: a hang. Over the bound: slow. Under it: the machine's
  // doing — kept out of the failures, counted in `retimed`.
  let retimed = 0;
  if (o.only === undefined && !o.inject) {
    for (const f of failures.filter((x) => x.kind === 'hang')) {
      const again = await runFuzz({ seconds: 1, seed: o.seed, only: f.iter, limitMs: limitMs * 10, out: outDir, heapMb: o.heapMb });
      if (again.failures.some((x) => x.kind === 'hang')) continue;
      if (again.maxMillis > limitMs) {
        f.kind = 'slow';
        f.error = `no answer within ${3 * limitMs} ms during the run; ${again.maxMillis} ms when re-run alone`;
      } else {
        failures.splice(failures.indexOf(f), 1);
        retimed++;
      }
    }
  }
  const mb = (b: number): number => Math.round(b / 1048576);
  return {
    seed: o.seed,
    seconds: Math.round(seconds * 10) / 10,
    iterations: totals.iterations,
    perSecond: Math.round(totals.iterations / Math.max(0.001, seconds)),
    perTarget: totals.perTarget,
    accepted: totals.accepted,
    refused: totals.refused,
    maxMillis: Math.round(totals.maxMillis),
    rssStartMb: mb(rssStart || rssPeak),
    rssPeakMb: mb(rssPeak),
    rssGrowthMb: mb(rssPeak - (rssStart || rssPeak)),
    failures,
    restarts,
    retimed,
  };
}

// ---------- command line ----------

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i === -1 ? undefined : argv[i + 1];
}

async function main(argv: string[]): Promise<void> {
  const seconds = Number(arg(argv, '--seconds') ?? 60);
  const seed = Number(arg(argv, '--seed') ?? Date.now() % 100_000);
  const only = arg(argv, '--only');
  const limitMs = Number(arg(argv, '--limit-ms') ?? 2000);
  if (!Number.isFinite(seconds) || seconds <= 0 || !Number.isInteger(seed)) {
    process.stderr.write('usage: fuzz [--seconds N] [--seed S] [--only ITER] [--limit-ms MS] [--out DIR]\n');
    process.exitCode = 1;
    return;
  }
  process.stderr.write(`fuzzing the ${TARGETS.join(', ')} readers for ${seconds} s, seed ${seed}\n`);
  let last = 0;
  const report = await runFuzz({
    seconds,
    seed,
    limitMs,
    out: arg(argv, '--out'),
    only: only === undefined ? undefined : Number(only),
    onProgress: (line) => {
      if (line.startsWith('FAILURE') || Date.now() - last > 5000) {
        last = Date.now();
        process.stderr.write(line + '\n');
      }
    },
  });
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  process.stderr.write(
    `${report.iterations} inputs in ${report.seconds} s (${report.perSecond}/s; ${TARGETS.map((t) => `${t} ${report.perTarget[t]}`).join(', ')}); ` +
      `slowest ${report.maxMillis} ms; RSS ${report.rssStartMb} → peak ${report.rssPeakMb} MB; ${report.failures.length} failures\n`,
  );
  if (report.failures.length) process.exitCode = 1;
}

if (isMainThread && process.argv[1] && path.resolve(process.argv[1]) === here) {
  await main(process.argv.slice(2));
}
