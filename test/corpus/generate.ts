/**
 * The bad-input corpus: every case is derived by code from a valid file — the real fixtures in
 * ../shared/fixtures, or small valid files written here from the seeded point generator — by one
 * named damage (truncation at an offset, a lying length or count, a wrong type, garbage, a
 * hostile archive …). Nothing is hand-typed bytes, and nothing generated is committed: the
 * corpus is written to a temp dir at test time (scripts/gen-bad-inputs.ts writes it anywhere),
 * and only its manifest (test/corpus/manifest.json: ids, classes and expectations) is kept in
 * git so a change to the corpus shows up in review.
 *
 * Each case says what the import must report: the file the problem is blamed on, where in it
 * (record / feature / row / byte, or `file` for problems of the whole file) and the reason.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import { ByteBuffer } from 'flatbuffers';
import { unzipSync, zipSync } from 'fflate';
import { fromByteBuffer } from 'flatgeobuf/lib/mjs/header-meta.js';
import { calcTreeSize } from 'flatgeobuf/lib/mjs/packedrtree.js';
import type { ImportOptions } from '../../shared/api/contract.ts';
import { pointRows } from '../../scripts/gen-points.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURES = path.resolve(repoRoot, '..', 'shared', 'fixtures');

export const SHAPEFILE_BASES = {
  places: path.join(FIXTURES, 'natural-earth', 'clipped', 'ne_10m_populated_places_sonora_bc'),
  border: path.join(FIXTURES, 'natural-earth', 'clipped', 'ne_10m_admin_0_boundary_lines_land_sonora_bc'),
  mun: path.join(FIXTURES, 'inegi-mun-lcc', 'sonora_bc', 'mun_02_26'),
} as const;
const GEOJSON_MUN = path.join(FIXTURES, 'inegi-mun-lcc', 'expected', 'mun_02_26_epsg4326.geojson');
const GEOJSON_TURF = path.join(FIXTURES, 'turf-dbscan-peer-suite', 'in', 'points-with-properties.geojson');

/** What the import must say: regex sources matched against the ImportError's first problem. */
interface Expectation {
  /** The file the problem is blamed on (its base name is enough). */
  file: string;
  /** `record N`, `feature N`, `row N`, `byte N` …; `file` = a problem of the whole file (location null). */
  where: string;
  reason: string;
}

export interface CorpusCase {
  id: string;
  format: 'shapefile' | 'zip' | 'geojson' | 'csv' | 'fgb' | 'xlsx' | 'gpkg' | 'kml' | 'kmz' | 'gpx';
  /** The damage class (the unit the message assertions are written per). */
  cls: string;
  /** Path to import, relative to the corpus dir. */
  entry: string;
  options?: ImportOptions;
  /** Expected outcome when the import is refused. */
  expect: Expectation;
}

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// ---------- byte helpers ----------

function rd(file: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(file));
}

function dvOf(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** Deterministic bytes (xorshift32), for garbage that is the same on every run. */
function garbage(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

interface ShxEntry {
  offset: number;
  length: number;
}

/** Record offsets/lengths (bytes, content only) from a valid .shx. */
function shxEntries(shx: Uint8Array): ShxEntry[] {
  const dv = dvOf(shx);
  const out: ShxEntry[] = [];
  for (let p = 100; p + 8 <= shx.length; p += 8) out.push({ offset: dv.getInt32(p, false) * 2, length: dv.getInt32(p + 4, false) * 2 });
  return out;
}

interface DbfHeader {
  rows: number;
  headerLength: number;
  recordLength: number;
}

function dbfHeader(dbf: Uint8Array): DbfHeader {
  const dv = dvOf(dbf);
  return { rows: dv.getUint32(4, true), headerLength: dv.getUint16(8, true), recordLength: dv.getUint16(10, true) };
}

// ---------- the builder ----------

class Corpus {
  readonly cases: CorpusCase[] = [];
  private n = 0;
  constructor(readonly dir: string) {}

  /** A fresh folder for one case; returns its path relative to the corpus dir and absolute. */
  private folder(slug: string): { rel: string; abs: string; id: string } {
    const id = `${String(++this.n).padStart(3, '0')}-${slug}`;
    const abs = path.join(this.dir, id);
    fs.mkdirSync(abs, { recursive: true });
    return { rel: id, abs, id };
  }

  /** Writes files (name → bytes or text) into the case folder and records the case. */
  add(
    slug: string,
    format: CorpusCase['format'],
    cls: string,
    files: Record<string, Uint8Array | string>,
    entry: string,
    expect: Expectation,
    options?: ImportOptions,
  ): void {
    const f = this.folder(slug);
    for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(path.join(f.abs, name), bytes);
    this.cases.push({ id: f.id, format, cls, entry: `${f.rel}/${entry}`, ...(options ? { options } : {}), expect });
  }

  /** A case whose file is written by the caller (streamed); returns the absolute path. */
  reserve(slug: string, format: CorpusCase['format'], cls: string, entry: string, expect: Expectation, options?: ImportOptions): string {
    const f = this.folder(slug);
    this.cases.push({ id: f.id, format, cls, entry: `${f.rel}/${entry}`, ...(options ? { options } : {}), expect });
    return path.join(f.abs, entry);
  }
}

// ---------- shapefile ----------

type Parts = Record<'shp' | 'shx' | 'dbf' | 'prj' | 'cpg', Uint8Array>;

function partsOf(stem: string): Parts {
  const get = (e: string): Uint8Array => (fs.existsSync(`${stem}.${e}`) ? rd(`${stem}.${e}`) : new Uint8Array(0));
  return { shp: get('shp'), shx: get('shx'), dbf: get('dbf'), prj: get('prj'), cpg: get('cpg') };
}

function shapefileFiles(name: string, p: Partial<Parts>): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  for (const [ext, bytes] of Object.entries(p)) if (bytes) out[`${name}.${ext}`] = bytes;
  return out;
}

/** Offsets spread over the file: the header, every record boundary region and a few inside. */
function spreadOffsets(size: number, count: number, extra: number[] = []): number[] {
  const set = new Set<number>(extra.filter((o) => o >= 0 && o < size));
  for (let k = 0; k < count; k++) set.add(Math.floor(((k + 0.5) / count) * size));
  return [...set].sort((a, b) => a - b);
}

function addShapefileCases(c: Corpus): void {
  for (const [key, stem] of Object.entries(SHAPEFILE_BASES)) {
    const name = path.basename(stem);
    const base = partsOf(stem);
    const shx = shxEntries(base.shx);
    const dbfH = dbfHeader(base.dbf);
    const shpRe = `${esc(name)}\\.shp`;
    const shxRe = `${esc(name)}\\.shx`;
    const dbfRe = `${esc(name)}\\.dbf`;
    const entry = `${name}.shp`;
    const counts = key === 'mun' ? { shp: 24, shx: 8, dbf: 10 } : { shp: 10, shx: 5, dbf: 6 };

    // Truncated .shp: in the header → the whole file; else the first record that no longer fits.
    for (const at of spreadOffsets(base.shp.length, counts.shp, [0, 50, 99, 100, 104, shx[0].offset + 8])) {
      const k = shx.findIndex((e) => e.offset + 8 + e.length > at);
      const exp: Expectation =
        at < 100
          ? { file: shpRe, where: 'file', reason: `only ${at} bytes: a shapefile starts with a 100-byte header` }
          : { file: shpRe, where: `record ${k + 1}`, reason: 'truncated|ends|beyond|past' };
      c.add(`shp-${key}-truncate-shp-${at}`, 'shapefile', 'truncated .shp', shapefileFiles(name, { ...base, shp: base.shp.subarray(0, at) }), entry, exp);
    }
    // Truncated .shx: in the header → the whole file; else the records the index no longer lists.
    for (const at of spreadOffsets(base.shx.length, counts.shx, [0, 99, 100 + 8 * Math.floor(shx.length / 2) + 3])) {
      const exp: Expectation =
        at < 100
          ? { file: shxRe, where: 'file', reason: `only ${at} bytes` }
          : { file: `${shxRe}|${shpRe}`, where: `record ${Math.floor((at - 100) / 8) + 1}`, reason: '\\.shx|index' };
      c.add(`shp-${key}-truncate-shx-${at}`, 'shapefile', 'truncated .shx', shapefileFiles(name, { ...base, shx: base.shx.subarray(0, at) }), entry, exp);
    }
    // Truncated .dbf: in the header → the whole file; else the first row that no longer fits.
    for (const at of spreadOffsets(base.dbf.length - 1, counts.dbf, [0, 10, 31, 40, dbfH.headerLength - 1, dbfH.headerLength + 1])) {
      const exp: Expectation =
        at < dbfH.headerLength
          ? { file: dbfRe, where: 'file', reason: 'header|truncated|too short|bytes' }
          : {
              file: dbfRe,
              where: `record ${Math.floor((at - dbfH.headerLength) / dbfH.recordLength) + 1}`,
              reason: 'truncated',
            };
      c.add(`shp-${key}-truncate-dbf-${at}`, 'shapefile', 'truncated .dbf', shapefileFiles(name, { ...base, dbf: base.dbf.subarray(0, at) }), entry, exp);
    }

    // Lying record lengths (record header content length) and .shx lengths.
    const victims = [0, Math.floor(shx.length / 2), shx.length - 1];
    for (const k of victims) {
      for (const [how, words] of [
        ['huge', 0x3fffffff],
        ['negative', -5],
        ['short', 1],
      ] as const) {
        const shp = base.shp.slice();
        dvOf(shp).setInt32(shx[k].offset + 4, words, false);
        c.add(`shp-${key}-record-length-${how}-${k + 1}`, 'shapefile', 'lying record length', shapefileFiles(name, { ...base, shp }), entry, {
          file: `${shpRe}|${shxRe}`,
          where: `record ${k + 1}`,
          reason: 'length',
        });
      }
      const shxLie = base.shx.slice();
      dvOf(shxLie).setInt32(100 + 8 * k, (base.shp.length + 4096) / 2, false);
      c.add(`shp-${key}-shx-offset-past-end-${k + 1}`, 'shapefile', 'lying .shx offset', shapefileFiles(name, { ...base, shx: shxLie }), entry, {
        file: `${shpRe}|${shxRe}`,
        where: `record ${k + 1}`,
        reason: 'truncated|ends|offset',
      });
    }
    // Lying counts: .dbf row count (more / fewer rows than shapes), .shp file length.
    for (const [how, rows] of [
      ['more', dbfH.rows + 3],
      ['fewer', dbfH.rows - 1],
      ['zero', 0],
      ['huge', 0x7fffffff],
    ] as const) {
      const dbf = base.dbf.slice();
      dvOf(dbf).setUint32(4, rows, true);
      const where = how === 'more' ? `record ${dbfH.rows + 1}` : how === 'fewer' ? `record ${dbfH.rows}` : how === 'zero' ? 'record 1' : `record ${dbfH.rows + 1}`;
      c.add(`shp-${key}-dbf-count-${how}`, 'shapefile', 'lying .dbf row count', shapefileFiles(name, { ...base, dbf }), entry, {
        file: dbfRe,
        where,
        reason: 'rows|row|truncated',
      });
    }
    {
      const shp = base.shp.slice();
      dvOf(shp).setInt32(24, (base.shp.length + 100_000) / 2, false);
      // The records are all there; a file length that says more means bytes are missing.
      c.add(`shp-${key}-file-length-long`, 'shapefile', 'lying .shp file length', shapefileFiles(name, { ...base, shp }), entry, {
        file: shpRe,
        where: 'file|record \\d+',
        reason: 'length|truncated|ends',
      });
    }
    // Wrong shape types: unknown in the header, .shx disagreeing, one record of another type.
    for (const t of [2, 99, -1]) {
      const shp = base.shp.slice();
      dvOf(shp).setInt32(32, t, true);
      c.add(`shp-${key}-header-type-${t}`, 'shapefile', 'wrong shape type', shapefileFiles(name, { ...base, shp }), entry, {
        file: `${shpRe}|${shxRe}`,
        where: 'file',
        reason: t === 2 ? 'shape type|differs' : `unknown shape type ${t}`,
      });
    }
    {
      const shp = base.shp.slice();
      const k = Math.floor(shx.length / 2);
      const other = dvOf(shp).getInt32(32, true) === 1 ? 5 : 1;
      dvOf(shp).setInt32(shx[k].offset + 8, other, true);
      c.add(`shp-${key}-record-type-${k + 1}`, 'shapefile', 'wrong shape type', shapefileFiles(name, { ...base, shp }), entry, {
        file: shpRe,
        where: `record ${k + 1}`,
        reason: 'type',
      });
      const shp2 = base.shp.slice();
      dvOf(shp2).setInt32(shx[k].offset + 8, 77, true);
      c.add(`shp-${key}-record-type-unknown-${k + 1}`, 'shapefile', 'wrong shape type', shapefileFiles(name, { ...base, shp: shp2 }), entry, {
        file: shpRe,
        where: `record ${k + 1}`,
        reason: 'type',
      });
    }
    // .prj garbage: binary bytes, a WKT cut in half, a WKT nested 10 000 deep, a WKT of another planet.
    const prjText = new TextDecoder().decode(base.prj);
    const prjs: [string, Uint8Array | string][] = [
      ['binary', garbage(300, 7 + key.length)],
      ['half', prjText.slice(0, Math.floor(prjText.length / 2))],
      ['nested', 'PROJCS['.repeat(10_000) + ']'.repeat(10_000)],
      ['words', prjText.replace(/[A-Z_]+\[/g, 'GIBBERISH[')],
    ];
    if (key !== 'places') prjs.length = 2;
    for (const [how, prj] of prjs) {
      c.add(`shp-${key}-prj-${how}`, 'shapefile', '.prj garbage', { ...shapefileFiles(name, { ...base, prj: undefined }), [`${name}.prj`]: prj }, entry, {
        file: `${esc(name)}\\.prj`,
        where: 'file',
        reason: 'CRS|WKT|projection|coordinate',
      });
    }
    // .cpg naming an encoding nobody has heard of.
    const cpgs = key === 'places' ? ['KLINGON-8', 'UTF-99', '\u0000\u00ff', 'x'.repeat(500)] : ['KLINGON-8'];
    for (const [k, cpg] of cpgs.entries()) {
      c.add(`shp-${key}-cpg-${k}`, 'shapefile', '.cpg unknown encoding', { ...shapefileFiles(name, { ...base, cpg: undefined }), [`${name}.cpg`]: cpg }, entry, {
        file: `${esc(name)}\\.cpg`,
        where: 'file',
        reason: 'encoding',
      });
    }
  }
}

/**
 * A zip written by hand (local headers, central directory, end record), so a case can carry
 * data deflated by zlib and declare whatever sizes it likes — as a hostile archive would.
 */
interface RawEntry {
  name: string;
  /** Stored as is (method 0)… */
  data?: Uint8Array;
  /** …or already deflated (method 8) with its declared uncompressed size and CRC. */
  deflated?: Uint8Array;
  size?: number;
  crc?: number;
}

function rawZip(entries: RawEntry[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = new TextEncoder().encode(e.name);
    const body = e.deflated ?? e.data ?? new Uint8Array(0);
    const method = e.deflated ? 8 : 0;
    const size = e.deflated ? (e.size ?? 0) : body.length;
    const crc = e.deflated ? (e.crc ?? 0) : zlib.crc32(body);
    const local = new Uint8Array(30 + name.length);
    const lv = dvOf(local);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, method, true);
    lv.setUint32(14, crc >>> 0, true);
    lv.setUint32(18, body.length, true);
    lv.setUint32(22, size >>> 0, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const cd = new Uint8Array(46 + name.length);
    const cv = dvOf(cd);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(10, method, true);
    cv.setUint32(16, crc >>> 0, true);
    cv.setUint32(20, body.length, true);
    cv.setUint32(24, size >>> 0, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    cd.set(name, 46);
    chunks.push(local, body);
    central.push(cd);
    offset += local.length + body.length;
  }
  const cdSize = central.reduce((s, b) => s + b.length, 0);
  const end = new Uint8Array(22);
  const ev = dvOf(end);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  const all = [...chunks, ...central, end];
  const out = new Uint8Array(all.reduce((s, b) => s + b.length, 0));
  let at = 0;
  for (const b of all) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

// ---------- zip ----------

function addZipCases(c: Corpus): void {
  const stem = SHAPEFILE_BASES.places;
  const name = path.basename(stem);
  const base = partsOf(stem);
  const all = shapefileFiles(name, base);
  const zipRe = (z: string) => esc(z);
  const missing: [string, string[], Expectation][] = [
    ['only-shp', ['shp'], { file: `${esc(name)}\\.shx`, where: 'file', reason: 'missing' }],
    ['no-shx', ['shp', 'dbf', 'prj'], { file: `${esc(name)}\\.shx`, where: 'file', reason: 'missing' }],
    ['no-dbf', ['shp', 'shx', 'prj'], { file: `${esc(name)}\\.dbf`, where: 'file', reason: 'missing' }],
    ['no-shp', ['shx', 'dbf', 'prj'], { file: zipRe('no-shp.zip'), where: 'file', reason: 'no \\.shp' }],
  ];
  for (const [slug, exts, exp] of missing) {
    const entries: Record<string, Uint8Array> = {};
    for (const e of exts) entries[`data/${name}.${e}`] = all[`${name}.${e}`];
    c.add(`zip-${slug}`, 'zip', 'zip with missing parts', { [`${slug}.zip`]: zipSync(entries) }, `${slug}.zip`, exp);
  }
  c.add('zip-empty', 'zip', 'zip with missing parts', { 'empty.zip': zipSync({}) }, 'empty.zip', {
    file: 'empty\\.zip',
    where: 'file',
    reason: 'no \\.shp|empty|no .*file',
  });
  {
    // Two shapefiles are two layers; the second lacks its .dbf, so the file (both) is refused.
    const entries: Record<string, Uint8Array> = {};
    for (const [n, b] of Object.entries(all)) {
      entries[`a/${n}`] = b;
      if (!n.endsWith('.dbf')) entries[`b/${n.replace(name, 'otro')}`] = b;
    }
    c.add('zip-two-shapefiles', 'zip', 'zip with missing parts', { 'two.zip': zipSync(entries) }, 'two.zip', {
      file: 'two\\.zip/b/otro\\.dbf',
      where: 'file',
      reason: 'missing',
    });
  }
  // Damaged archives: cut short, garbage, a data entry whose bytes are flipped.
  const good = zipSync(all);
  for (const frac of [0.1, 0.5, 0.9, 0.99]) {
    const at = Math.floor(good.length * frac);
    c.add(`zip-truncated-${at}`, 'zip', 'damaged zip', { 'cut.zip': good.subarray(0, at) }, 'cut.zip', {
      file: 'cut\\.zip',
      where: 'file',
      reason: 'zip|archive|damaged',
    });
  }
  c.add('zip-garbage', 'zip', 'damaged zip', { 'basura.zip': garbage(4096, 99) }, 'basura.zip', {
    file: 'basura\\.zip',
    where: 'file',
    reason: 'zip|archive',
  });
  {
    const z = zipSync({ [`${name}.shp`]: base.shp, [`${name}.shx`]: base.shx, [`${name}.dbf`]: base.dbf }, { level: 6 });
    // Flip bytes in the middle of the first entry's compressed data (after its local header).
    // Flip bytes inside the first entry's compressed data (after its local header, name and extra field).
    const flipped = z.slice();
    const dv = dvOf(z);
    const dataStart = 30 + dv.getUint16(26, true) + dv.getUint16(28, true);
    for (let i = dataStart + 8; i < dataStart + 40; i++) flipped[i] ^= 0x5a;
    c.add('zip-flipped-data', 'zip', 'damaged zip', { 'flip.zip': flipped }, 'flip.zip', {
      file: 'flip\\.zip|\\.shp|\\.shx|\\.dbf',
      where: 'file|record \\d+',
      reason: 'damaged|zip|invalid|shape|not a shapefile|truncated|length',
    });
  }
  // Zip bombs: a high-ratio entry, an entry whose declared size lies, and entries that add up
  // past the total limit. Deflated by zlib (native, fast) and packed by rawZip below.
  const zeros = zlib.deflateRawSync(new Uint8Array(48 * 1024 * 1024), { level: 9 });
  const bomb = rawZip([
    { name: `${name}.shp`, data: base.shp },
    { name: `${name}.shx`, data: base.shx },
    { name: `${name}.dbf`, deflated: zeros, size: 48 * 1024 * 1024, crc: zlib.crc32(new Uint8Array(48 * 1024 * 1024)) },
  ]);
  c.add('zip-bomb-ratio', 'zip', 'zip bomb', { 'bomb.zip': bomb }, 'bomb.zip', {
    file: 'bomb\\.zip',
    where: 'file',
    reason: `entry "${esc(name)}\\.dbf" would expand \\d+ times.*zip bomb`,
  });
  {
    const six = new Uint8Array(6 * 1024 * 1024);
    const liar = rawZip([{ name: `${name}.shp`, deflated: zlib.deflateRawSync(six, { level: 9 }), size: 1000, crc: zlib.crc32(six) }]);
    c.add('zip-bomb-lying-size', 'zip', 'zip bomb', { 'liar.zip': liar }, 'liar.zip', {
      file: 'liar\\.zip',
      where: 'file',
      reason: 'expands over \\d+ times.*zip bomb',
    });
  }
  {
    // Five entries declaring 500 MB each from 1 MB of data: no single ratio is alarming, the sum is.
    const mb = garbage(1024 * 1024, 3);
    const entries = [`${name}.shp`, `${name}.shx`, `${name}.dbf`, `${name}.prj`, `${name}.cpg`].map((n) => ({
      name: n,
      deflated: mb,
      size: 500 * 1024 * 1024,
      crc: 0,
    }));
    c.add('zip-bomb-total', 'zip', 'zip bomb', { 'total.zip': rawZip(entries) }, 'total.zip', {
      file: 'total\\.zip',
      where: 'file',
      reason: 'would expand to \\d+ bytes, over the \\d+-byte limit',
    });
  }
  // Path traversal entries (zip slip), alongside a complete shapefile.
  const evil: [string, string][] = [
    ['dotdot', `../../${name}.shp`],
    ['deep-dotdot', `data/../../../etc/${name}.dbf`],
    ['absolute', `/etc/${name}.shx`],
    ['drive', `C:/Windows/${name}.prj`],
    ['backslash', `..\\..\\${name}.cpg`],
    ['dotdot-other', '../../../../tmp/evil.txt'],
  ];
  for (const [slug, entryName] of evil) {
    const entries: Record<string, Uint8Array> = { ...all, [entryName]: base.prj };
    c.add(`zip-slip-${slug}`, 'zip', 'path traversal entry', { [`${slug}.zip`]: zipSync(entries) }, `${slug}.zip`, {
      file: `${esc(slug)}\\.zip`,
      where: 'file',
      reason: `entry "${esc(entryName)}" (climbs out|has an absolute path)`,
    });
  }
}

// ---------- GeoJSON ----------

interface PointFeature {
  type: 'Feature';
  properties: Record<string, unknown>;
  geometry: { type: string; coordinates: unknown } | null;
}

function validPoints(n: number, seed: number): PointFeature[] {
  return [...pointRows(n, seed)].map((r) => ({
    type: 'Feature',
    properties: { id: r.id, fecha: r.fecha, tipo: r.tipo, cantidad: r.cantidad },
    geometry: { type: 'Point', coordinates: [r.lon, r.lat] },
  }));
}

function fc(features: unknown[]): string {
  return JSON.stringify({ type: 'FeatureCollection', features });
}

function addGeoJsonCases(c: Corpus): void {
  const mun = fs.readFileSync(GEOJSON_MUN, 'utf8');
  const turf = fs.readFileSync(GEOJSON_TURF, 'utf8');
  const pts = validPoints(40, 3);
  const ptsText = fc(pts);

  // A file that ends mid-feature: cut the real INEGI GeoJSON (and the Turf one) at many offsets.
  const featureStarts = (text: string): number[] => {
    const out: number[] = [];
    for (let i = text.indexOf('{ "type": "Feature"'); i !== -1; i = text.indexOf('{ "type": "Feature"', i + 1)) out.push(i);
    if (out.length === 0) for (let i = text.indexOf('{"type":"Feature"'); i !== -1; i = text.indexOf('{"type":"Feature"', i + 1)) out.push(i);
    return out;
  };
  for (const [slug, text, count] of [
    ['mun', mun, 16],
    ['turf', turf, 6],
    ['gen', ptsText, 6],
  ] as const) {
    const starts = featureStarts(text);
    for (let k = 0; k < count; k++) {
      const at = Math.floor(((k + 0.5) / count) * (text.length - 2));
      // The feature being read at the cut: the last one started before it (or none yet).
      const started = starts.filter((s) => s < at).length;
      const where = started === 0 ? 'file|byte \\d+|line \\d+' : `feature ${started}`;
      c.add(`geojson-${slug}-ends-at-${at}`, 'geojson', 'ends mid-feature', { [`${slug}.geojson`]: text.slice(0, at) }, `${slug}.geojson`, {
        file: `${slug}\\.geojson`,
        where,
        reason: 'ends|end of|unexpected|truncated|incomplete',
      });
    }
  }

  // Invalid JSON inside feature k: a doubled comma, a missing colon, a single-quoted string, a stray byte.
  const k = 17;
  const one = JSON.stringify(pts[k]);
  const breakers: [string, (s: string) => string][] = [
    ['double-comma', (s) => s.replace('"properties":', '"properties":,')],
    ['missing-colon', (s) => s.replace('"geometry":', '"geometry"')],
    ['single-quotes', (s) => s.replace('"Point"', "'Point'")],
    ['stray-byte', (s) => s.replace('"coordinates":[', '"coordinates":[\u0001')],
    ['unquoted-key', (s) => s.replace('"type":"Feature"', 'type:"Feature"')],
    ['trailing-comma', (s) => s.replace(/\]\}\}$/, '],}}')],
  ];
  for (const [slug, breakIt] of breakers) {
    const text = ptsText.replace(one, breakIt(one));
    c.add(`geojson-invalid-${slug}`, 'geojson', 'invalid JSON', { 'roto.geojson': text }, 'roto.geojson', {
      file: 'roto\\.geojson',
      where: `feature ${k + 1}`,
      reason: 'JSON|invalid|unexpected',
    });
  }
  for (const [slug, text] of [
    ['not-json', 'id,lat,lon\n1,32.4,-114.7\n'],
    ['root-garbage', '{"type": "FeatureCollection", "features": [] } trailing'],
  ] as const) {
    c.add(`geojson-invalid-${slug}`, 'geojson', 'invalid JSON', { 'roto.geojson': text }, 'roto.geojson', {
      file: 'roto\\.geojson',
      where: 'file|byte \\d+|line \\d+',
      reason: 'JSON|invalid|unexpected|object|GeoJSON',
    });
  }

  // Wrong types, per feature (the rest of the file is valid) and for the root.
  const wrong: [string, (f: PointFeature) => unknown, string][] = [
    ['feature-type', (f) => ({ ...f, type: 'Feat' }), 'type'],
    ['geometry-type', (f) => ({ ...f, geometry: { type: 'Circle', coordinates: [-114.7, 32.4] } }), 'Circle|type'],
    ['coordinates-string', (f) => ({ ...f, geometry: { type: 'Point', coordinates: '-114.7,32.4' } }), 'coordinates'],
    ['coordinates-short', (f) => ({ ...f, geometry: { type: 'Point', coordinates: [-114.7] } }), 'coordinates|position'],
    ['coordinates-text', (f) => ({ ...f, geometry: { type: 'Point', coordinates: ['-114.7', '32.4'] } }), 'coordinates|number|position'],
    ['coordinates-null', (f) => ({ ...f, geometry: { type: 'Point', coordinates: null } }), 'coordinates'],
    ['line-one-point', (f) => ({ ...f, geometry: { type: 'LineString', coordinates: [[-114.7, 32.4]] } }), 'positions|LineString|line'],
    ['properties-string', (f) => ({ ...f, properties: 'fecha=2023' }), 'properties'],
    ['feature-array', () => [1, 2, 3], 'object|Feature'],
    ['feature-number', () => 42, 'object|Feature'],
    ['geometry-array', (f) => ({ ...f, geometry: [[-114.7, 32.4]] }), 'geometry'],
  ];
  for (const [slug, make, reason] of wrong) {
    const list: unknown[] = pts.slice();
    list[k] = make(pts[k]);
    c.add(`geojson-wrong-${slug}`, 'geojson', 'wrong types', { 'tipos.geojson': fc(list) }, 'tipos.geojson', {
      file: 'tipos\\.geojson',
      where: `feature ${k + 1}`,
      reason,
    });
  }
  for (const [slug, text, reason] of [
    ['root-array', JSON.stringify(pts), 'object|root|FeatureCollection|GeoJSON'],
    ['root-string', JSON.stringify('FeatureCollection'), 'object|root|GeoJSON|does not start with \\{'],
    ['root-number', '12345', 'object|root|GeoJSON|does not start with \\{'],
    ['features-object', JSON.stringify({ type: 'FeatureCollection', features: { a: pts[0] } }), 'features|array'],
    ['features-string', JSON.stringify({ type: 'FeatureCollection', features: 'none' }), 'features|array'],
    ['root-type', JSON.stringify({ type: 'Topology', objects: {} }), 'type|Topology|GeoJSON'],
  ] as const) {
    c.add(`geojson-wrong-${slug}`, 'geojson', 'wrong root', { 'raiz.geojson': text }, 'raiz.geojson', {
      file: 'raiz\\.geojson',
      where: 'file|byte \\d+|line \\d+',
      reason,
    });
  }

  // NaN / Infinity: not JSON literals; 1e999 is JSON but not a finite number.
  const numText = (lit: string) => ptsText.replace(JSON.stringify(pts[k].geometry), `{"type":"Point","coordinates":[${lit},32.4]}`);
  for (const [slug, lit, reason] of [
    ['nan', 'NaN', 'JSON|invalid|unexpected'],
    ['infinity', 'Infinity', 'JSON|invalid|unexpected'],
    ['minus-infinity', '-Infinity', 'JSON|invalid|unexpected'],
    ['overflow', '-1e999', 'finite|range|number|longitude'],
  ] as const) {
    c.add(`geojson-${slug}`, 'geojson', 'NaN/Infinity', { 'nan.geojson': numText(lit) }, 'nan.geojson', {
      file: 'nan\\.geojson',
      where: `feature ${k + 1}`,
      reason,
    });
  }

  // Nesting 100k deep: in a feature's coordinates, in its properties, and as the root.
  const deep = (n: number, open: string, close: string, inner: string) => open.repeat(n) + inner + close.repeat(n);
  c.add('geojson-deep-coordinates', 'geojson', 'nesting 100k deep', {
    'hondo.geojson': ptsText.replace(JSON.stringify(pts[k].geometry), `{"type":"Point","coordinates":${deep(100_000, '[', ']', '1')}}`),
  }, 'hondo.geojson', { file: 'hondo\\.geojson', where: `feature ${k + 1}`, reason: 'deep|nesting' });
  c.add('geojson-deep-properties', 'geojson', 'nesting 100k deep', {
    'hondo.geojson': ptsText.replace(JSON.stringify(pts[k].properties), deep(100_000, '{"a":', '}', '1')),
  }, 'hondo.geojson', { file: 'hondo\\.geojson', where: `feature ${k + 1}`, reason: 'deep|nesting' });
  c.add('geojson-deep-root', 'geojson', 'nesting 100k deep', { 'hondo.geojson': deep(100_000, '[', ']', '0') }, 'hondo.geojson', {
    file: 'hondo\\.geojson',
    where: 'file|byte \\d+|line \\d+',
    reason: 'deep|nesting|object|root|GeoJSON',
  });

  // Mixed geometries with one broken member: Points, a LineString, an open Polygon ring.
  {
    const list: unknown[] = pts.slice(0, 10);
    list.push({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[-114.8, 32.4], [-114.7, 32.5]] } });
    list.push({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[-115, 32], [-114.9, 32], [-114.9, 32.1], [-115, 32.1]]] } });
    list.push({ type: 'Feature', properties: {}, geometry: { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [-114.7, 32.4] }] } });
    c.add('geojson-mixed-open-ring', 'geojson', 'mixed geometries', { 'mixto.geojson': fc(list) }, 'mixto.geojson', {
      file: 'mixto\\.geojson',
      where: 'feature 12',
      reason: 'ring|closed',
    });
    const gc = pts.slice(0, 10) as unknown[];
    gc.push({
      type: 'Feature',
      properties: {},
      geometry: { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [-114.7, 32.4] }, { type: 'LineString', coordinates: [[-114.7, 32.4]] }] },
    });
    c.add('geojson-mixed-collection-bad-member', 'geojson', 'mixed geometries', { 'mixto.geojson': fc(gc) }, 'mixto.geojson', {
      file: 'mixto\\.geojson',
      where: 'feature 11',
      reason: 'positions|LineString|line|geometr',
    });
  }

  // lon/lat swapped: the real INEGI polygons and generated points, written [lat, lon].
  const swapPos = (v: unknown): unknown => (Array.isArray(v) && typeof v[0] === 'number' ? [v[1], v[0], ...v.slice(2)] : Array.isArray(v) ? v.map(swapPos) : v);
  {
    const m = JSON.parse(mun) as { features: { geometry: { coordinates: unknown } }[] };
    for (const f of m.features) f.geometry.coordinates = swapPos(f.geometry.coordinates);
    c.add('geojson-mun-swapped', 'geojson', 'lon/lat swapped', { 'invertido.geojson': JSON.stringify(m) }, 'invertido.geojson', {
      file: 'invertido\\.geojson',
      where: 'feature 1',
      reason: 'latitude [−-]\\d+(\\.\\d+)? out of range.*swapped',
    });
    const swapped = pts.map((f) => ({ ...f, geometry: { type: 'Point', coordinates: swapPos(f.geometry!.coordinates) } }));
    c.add('geojson-points-swapped', 'geojson', 'lon/lat swapped', { 'invertido.geojson': fc(swapped) }, 'invertido.geojson', {
      file: 'invertido\\.geojson',
      where: 'feature 1',
      reason: 'latitude [−-]\\d+(\\.\\d+)? out of range.*swapped',
    });
    const oneSwapped: unknown[] = pts.slice();
    oneSwapped[k] = swapped[k];
    c.add('geojson-point-swapped-one', 'geojson', 'lon/lat swapped', { 'invertido.geojson': fc(oneSwapped) }, 'invertido.geojson', {
      file: 'invertido\\.geojson',
      where: `feature ${k + 1}`,
      reason: 'latitude [−-]\\d+(\\.\\d+)? out of range.*swapped',
    });
  }
}

// ---------- CSV ----------

const CSV_HEADER = 'id,fecha,tipo,cantidad,unidad,municipio,lat,lon';

function csvLines(n: number, seed: number): string[] {
  const lines = [CSV_HEADER];
  for (const r of pointRows(n, seed)) lines.push(`${r.id},${r.fecha},${r.tipo},${r.cantidad},${r.unidad},${r.municipio},${r.lat},${r.lon}`);
  return lines;
}

function addCsvCases(c: Corpus): void {
  const base = csvLines(60, 11);
  const text = (lines: string[]) => lines.join('\n') + '\n';
  const at = (lines: string[], row: number, fn: (l: string) => string): string[] => lines.map((l, i) => (i === row ? fn(l) : l));

  // Ragged rows: an extra field, a missing field, an empty line of commas, at several rows.
  for (const row of [1, 7, 33, 60]) {
    c.add(`csv-ragged-extra-${row}`, 'csv', 'ragged rows', { 'filas.csv': text(at(base, row, (l) => `${l},sobra`)) }, 'filas.csv', {
      file: 'filas\\.csv',
      where: `row ${row}`,
      reason: 'has 9 fields, expected 8',
    });
    c.add(`csv-ragged-short-${row}`, 'csv', 'ragged rows', { 'filas.csv': text(at(base, row, (l) => l.split(',').slice(0, 5).join(','))) }, 'filas.csv', {
      file: 'filas\\.csv',
      where: `row ${row}`,
      reason: 'has 5 fields, expected 8',
    });
  }
  c.add('csv-ragged-commas', 'csv', 'ragged rows', { 'filas.csv': text(at(base, 12, () => ',,,')) }, 'filas.csv', {
    file: 'filas\\.csv',
    where: 'row 12',
    reason: 'has 4 fields, expected 8',
  });

  // Wrong delimiter: pipes or spaces, so no coordinate column can be found.
  for (const [slug, d] of [
    ['pipe', '|'],
    ['space', ' '],
    ['colon', ':'],
  ] as const) {
    const lines = base.map((l) => l.replace(/ /g, '_').replace(/,/g, d));
    c.add(`csv-delimiter-${slug}`, 'csv', 'wrong delimiter', { 'delim.csv': text(lines) }, 'delim.csv', {
      file: 'delim\\.csv',
      where: 'file',
      reason: 'no coordinate columns',
    });
  }

  // Binary garbage: the whole file, a run of it in the middle, NULs, a zip renamed .csv.
  c.add('csv-binary-whole', 'csv', 'binary garbage', { 'basura.csv': garbage(20_000, 5) }, 'basura.csv', {
    file: 'basura\\.csv',
    where: 'file|row \\d+',
    reason: 'coordinate|header|binary|text|empty|longer|quoted',
  });
  c.add('csv-binary-zip', 'csv', 'binary garbage', { 'comprimido.csv': zipSync({ 'x.csv': new TextEncoder().encode(text(base)) }) }, 'comprimido.csv', {
    file: 'comprimido\\.csv',
    where: 'file|row \\d+',
    reason: 'coordinate|header|binary|text|empty|longer|quoted',
  });
  for (const row of [5, 40]) {
    const lines = base.slice();
    const junk = Buffer.from(garbage(64, row)).toString('latin1').replace(/[\r\n",]/g, 'x');
    lines[row] = lines[row].replace(/,(-?[\d.]+),(-?[\d.]+)$/, `,${junk},$2`);
    c.add(`csv-binary-lat-${row}`, 'csv', 'binary garbage', { 'basura.csv': text(lines) }, 'basura.csv', {
      file: 'basura\\.csv',
      where: `row ${row}`,
      reason: 'latitude .* is not a number',
    });
  }
  c.add('csv-nul-bytes', 'csv', 'binary garbage', { 'nulos.csv': new Uint8Array(8192) }, 'nulos.csv', {
    file: 'nulos\\.csv',
    where: 'file|row \\d+',
    reason: 'coordinate|header|binary|text|empty',
  });

  // Dates that do not exist, with the time column named (the suggester would not pick a column with bad values).
  const dates: [string, string, string][] = [
    ['feb-31', '31/02/2023', '31/02/2023|February|day'],
    ['feb-29', '2023-02-29 10:00', '2023-02-29|February|day'],
    ['apr-31', '2024-04-31', '2024-04-31|April|day'],
    ['month-13', '2023-13-01 08:00', 'month|2023-13-01'],
    ['hour-25', '2023-05-01 25:10', 'hour|25'],
    ['minute-61', '2023-05-01 12:61', 'minute|61'],
  ];
  for (const [slug, bad, reason] of dates) {
    const lines = at(base, 21, (l) => l.replace(/,\d{4}-\d\d-\d\d \d\d:\d\d,/, `,${bad},`));
    c.add(`csv-date-${slug}`, 'csv', 'impossible date', { 'fechas.csv': text(lines) }, 'fechas.csv', {
      file: 'fechas\\.csv',
      where: 'row 21',
      reason: `fecha|${reason}`,
    }, { mapping: { time: ['fecha'] } });
  }
  // The same impossible date in a dd/mm/yyyy file where every other date is valid.
  {
    const lines = base.map((l, i) => (i === 0 ? l : l.replace(/,(\d{4})-(\d\d)-(\d\d) (\d\d:\d\d),/, ',$3/$2/$1 $4,')));
    lines[30] = lines[30].replace(/,\d\d\/\d\d\/\d{4} /, ',31/02/2023 ');
    c.add('csv-date-dmy-feb-31', 'csv', 'impossible date', { 'fechas.csv': text(lines) }, 'fechas.csv', {
      file: 'fechas\\.csv',
      where: 'row 30',
      reason: '31/02/2023',
    }, { mapping: { time: ['fecha'], timeFormat: 'DD/MM/YYYY HH:mm' } });
  }

  // lat/lon swapped: the whole file, one row, the columns named the wrong way round.
  const swapRow = (l: string) => l.replace(/,(-?[\d.]+),(-?[\d.]+)$/, ',$2,$1');
  c.add('csv-swapped-all', 'csv', 'lat/lon swapped', { 'invertido.csv': text(base.map((l, i) => (i === 0 ? l : swapRow(l)))) }, 'invertido.csv', {
    file: 'invertido\\.csv',
    where: 'file',
    reason: 'not longitude/latitude.*latitude and longitude swapped\\? \\(name the columns with --lat and --lon\\)',
  });
  for (const row of [2, 45]) {
    c.add(`csv-swapped-row-${row}`, 'csv', 'lat/lon swapped', { 'invertido.csv': text(at(base, row, swapRow)) }, 'invertido.csv', {
      file: 'invertido\\.csv',
      where: `row ${row}`,
      reason: 'latitude [−-]11\\d(\\.\\d+)? out of range.*swapped',
    });
  }
  c.add('csv-swapped-options', 'csv', 'lat/lon swapped', { 'invertido.csv': text(base) }, 'invertido.csv', {
    file: 'invertido\\.csv',
    where: 'file',
    reason: 'not longitude/latitude.*latitude and longitude swapped\\? \\(name the columns with --lat and --lon\\)',
  }, { lat: 'lon', lon: 'lat' });
  // Out of the valid range without a swap.
  for (const [slug, lat, lon, reason] of [
    ['lat-95', '95.5', '-114.7', 'latitude 95.5 out of range'],
    ['lon-200', '32.4', '-200.25', 'longitude [−-]200\\.25 out of range'],
    ['lat-text', '32°27′N', '-114.7', 'latitude .* is not a number'],
    ['lat-empty', '', '-114.7', 'empty latitude'],
  ] as const) {
    c.add(`csv-range-${slug}`, 'csv', 'coordinates out of range', {
      'rango.csv': text(at(base, 9, (l) => l.replace(/,(-?[\d.]+),(-?[\d.]+)$/, `,${lat},${lon}`))),
    }, 'rango.csv', { file: 'rango\\.csv', where: 'row 9', reason });
  }
  // A quote that never closes.
  c.add('csv-unclosed-quote', 'csv', 'unclosed quote', { 'comillas.csv': text(at(base, 15, (l) => l.replace(',', ',"'))) }, 'comillas.csv', {
    file: 'comillas\\.csv',
    where: 'row 15',
    reason: 'never closed',
  });
}

/** Streams `bytes` of one never-ending line to `file` (1 MB at a time: never held whole). */
async function writeEndlessLine(file: string, bytes: number, header: string | null): Promise<void> {
  const out = fs.createWriteStream(file);
  const chunk = Buffer.alloc(1 << 20, 'x');
  if (header !== null) out.write(`${header}\n`);
  for (let done = 0; done < bytes; done += chunk.length) {
    const piece = done + chunk.length <= bytes ? chunk : chunk.subarray(0, bytes - done);
    if (!out.write(piece)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

const ENDLESS_BYTES = 100 * 1024 * 1024;

/** The 100 MB-without-a-newline cases: recorded here, written by `writeEndless`. */
function addEndlessCases(c: Corpus): { file: string; header: string | null }[] {
  const out: { file: string; header: string | null }[] = [];
  out.push({
    file: c.reserve('csv-100mb-line-header', 'csv', '100 MB line', 'linea.csv', {
      file: 'linea\\.csv',
      where: 'file',
      reason: 'the header \\(line 1\\) is longer than 1 MB without a line end',
    }),
    header: null,
  });
  out.push({
    file: c.reserve('csv-100mb-line-row', 'csv', '100 MB line', 'linea.csv', {
      file: 'linea\\.csv',
      where: 'file',
      reason: 'row 1 is longer than 1 MB without a line end',
    }),
    header: CSV_HEADER,
  });
  return out;
}

// ---------- files without records (the import dialog's task) ----------

/**
 * Files whose structure is whole but that hold no record: a CSV of its header only (with and
 * without a line end, with blank lines after it, inside a zip), an empty FeatureCollection, a
 * shapefile cut to its headers with the lengths and the row count saying so. Each is refused
 * as a whole rather than made an empty layer.
 */
function addNoRecordCases(c: Corpus): void {
  const cls = 'no records';
  const header = { reason: 'the file has a header but no records', where: 'file' };
  c.add('empty-csv-header-only', 'csv', cls, { 'incidentes.csv': `${CSV_HEADER}\n` }, 'incidentes.csv', { file: 'incidentes\\.csv', ...header });
  c.add('empty-csv-header-no-eol', 'csv', cls, { 'incidentes.csv': CSV_HEADER }, 'incidentes.csv', { file: 'incidentes\\.csv', ...header });
  c.add('empty-csv-header-blank-lines', 'csv', cls, { 'incidentes.csv': `${CSV_HEADER}\r\n\r\n\r\n` }, 'incidentes.csv', {
    file: 'incidentes\\.csv',
    ...header,
  });
  c.add('empty-zip-csv-header-only', 'zip', cls, { 'paquete.zip': zipSync({ 'incidentes.csv': new TextEncoder().encode(`${CSV_HEADER}\n`) }) }, 'paquete.zip', {
    file: 'incidentes\\.csv',
    ...header,
  });
  c.add('empty-geojson-collection', 'geojson', cls, { 'vacio.geojson': '{"type":"FeatureCollection","features":[]}' }, 'vacio.geojson', {
    file: 'vacio\\.geojson',
    where: 'file',
    reason: 'the file has no features',
  });
  for (const [key, stem] of Object.entries(SHAPEFILE_BASES)) {
    const base = partsOf(stem);
    const name = path.basename(stem);
    // The main headers alone, their file length 50 words; the .dbf's header with a row count of 0.
    const headerOnly = (b: Uint8Array): Uint8Array => {
      const h = b.slice(0, 100);
      dvOf(h).setInt32(24, 50, false);
      return h;
    };
    const dbf = base.dbf.slice(0, dbfHeader(base.dbf).headerLength);
    dvOf(dbf).setUint32(4, 0, true);
    c.add(`empty-shp-${key}`, 'shapefile', cls, shapefileFiles(name, { ...base, shp: headerOnly(base.shp), shx: headerOnly(base.shx), dbf }), `${name}.shp`, {
      file: `${esc(name)}\\.shp`,
      ...header,
    });
  }
}

// ---------- GeoPackage ----------

/**
 * GeoPackages written by GDAL (ogr2ogr -f GPKG) from the real fixtures — the Natural Earth places
 * and the INEGI municipalities (their Lambert CRS as WKT) — then damaged: one feature's geometry
 * blob, which the import reports as that feature ("feature N: geometry blob …"); or the file as a
 * whole: not SQLite, cut short, no gpkg_contents, no feature table, a listed table missing, a CRS
 * that cannot be read, a --table the file does not hold.
 */
function addGeoPackageCases(c: Corpus): void {
  const bases = { lugares: SHAPEFILE_BASES.places, municipios: SHAPEFILE_BASES.mun };
  const work = path.join(c.dir, '.gpkg-bases');
  fs.mkdirSync(work, { recursive: true });
  const base = (name: keyof typeof bases): string => {
    const file = path.join(work, `${name}.gpkg`);
    if (!fs.existsSync(file)) execFileSync('ogr2ogr', ['-f', 'GPKG', file, `${bases[name]}.shp`, '-nln', name], { stdio: 'pipe' });
    return file;
  };
  /** A copy of a base as a case's file, changed by `edit` through SQLite. */
  const gpkgCase = (slug: string, name: keyof typeof bases, cls: string, expect: Expectation, edit: (db: Database.Database) => void, options?: ImportOptions): void => {
    const file = c.reserve(slug, 'gpkg', cls, `${name}.gpkg`, expect, options);
    fs.copyFileSync(base(name), file);
    const db = new Database(file);
    // better-sqlite3 turns foreign keys on; the damage is to break what they guard.
    db.pragma('foreign_keys = OFF');
    try {
      // The R-tree's triggers call the ST_ functions a GeoPackage reader provides: stand-ins, so
      // that only the blob changes (the R-tree row they leave is not what an import reads).
      for (const f of ['ST_IsEmpty', 'ST_MinX', 'ST_MaxX', 'ST_MinY', 'ST_MaxY']) db.function(f, { varargs: true }, () => 0);
      edit(db);
    } finally {
      db.close();
    }
  };
  /**
   * The blob of the table's `n`-th feature (in fid order: GDAL took INEGI's own fid field for the
   * fids) changed by `damage`: the import must name that feature and say what is wrong.
   */
  const blobCase = (name: keyof typeof bases, n: number, slug: string, reason: string, damage: (b: Uint8Array, wkb: number) => Uint8Array | string): void =>
    gpkgCase(`gpkg-${name}-blob-${slug}`, name, 'GeoPackage geometry blob', { file: `${name}\\.gpkg/${name}`, where: `feature ${n}`, reason }, (db) => {
      const row = db.prepare(`SELECT fid, geom FROM "${name}" ORDER BY fid LIMIT 1 OFFSET ?`).get(n - 1) as { fid: number; geom: Buffer };
      const b = new Uint8Array(row.geom);
      const wkb = 8 + [0, 32, 48, 48, 64][(b[3] >> 1) & 7];
      db.prepare(`UPDATE "${name}" SET geom = ? WHERE fid = ?`).run(damage(b, wkb), row.fid);
    });
  const set = (b: Uint8Array, at: number, bytes: number[]): Uint8Array => (b.set(bytes, at), b);
  const u32 = (b: Uint8Array, at: number, v: number): Uint8Array => (dvOf(b).setUint32(at, v, true), b);
  for (const [name, n] of [['lugares', 7], ['municipios', 40]] as const) {
    blobCase(name, n, 'magic', 'geometry blob \\(fid \\d+\\): starts with 0x00 0x50, not "GP"', (b) => set(b, 0, [0]));
    blobCase(name, n, 'version', 'geometry blob .*version byte 1', (b) => set(b, 2, [1]));
    blobCase(name, n, 'envelope-kind', 'geometry blob .*envelope kind 7', (b) => set(b, 3, [b[3] | 0x0e]));
    blobCase(name, n, 'extended', 'geometry blob .*extended geometry', (b) => set(b, 3, [b[3] | 0x20]));
    blobCase(name, n, 'header-cut', 'geometry blob .*only 5 bytes', (b) => b.slice(0, 5));
    // Cut, a point's coordinates run out; a ring's count then says more points than follow.
    blobCase(name, n, 'wkb-cut', 'geometry blob .*(truncated|but only \\d+ bytes follow)', (b) => b.slice(0, b.length - 3));
    blobCase(name, n, 'byte-order', 'geometry blob .*byte order 7', (b, wkb) => set(b, wkb, [7]));
    blobCase(name, n, 'wkb-type', 'geometry blob .*unknown WKB geometry type 99', (b, wkb) => u32(b, wkb + 1, 99));
    blobCase(name, n, 'curve', 'geometry blob .*CircularString.*not supported', (b, wkb) => u32(b, wkb + 1, 8));
    blobCase(name, n, 'text', 'geometry blob .*not a BLOB', () => 'POINT (-114.77 32.45)');
  }
  // Counts that say more than the blob holds: the first ring's points, the polygon's rings.
  blobCase('municipios', 40, 'point-count', 'geometry blob .*points declared', (b, wkb) => u32(b, wkb + 9, 0x10000000));
  blobCase('municipios', 40, 'ring-count', 'geometry blob .*rings declared', (b, wkb) => u32(b, wkb + 5, 0x7fffffff));
  // A point of NaN and 1 is no empty point: the normaliser refuses its coordinate.
  blobCase('lugares', 7, 'nan', 'coordinate .*not a finite number', (b, wkb) => (dvOf(b).setFloat64(wkb + 5, NaN, true), b));

  const whole = (reason: string): Expectation => ({ file: 'lugares\\.gpkg', where: 'file', reason });
  const places = rd(base('lugares'));
  c.add('gpkg-not-sqlite-text', 'gpkg', 'not a GeoPackage', { 'lugares.gpkg': csvLines(20, 3).join('\n') }, 'lugares.gpkg', whole('not an SQLite database'));
  c.add('gpkg-not-sqlite-zip', 'gpkg', 'not a GeoPackage', { 'lugares.gpkg': zipSync({ 'lugares.gpkg': places }) }, 'lugares.gpkg', whole('not an SQLite database'));
  c.add('gpkg-not-sqlite-garbage', 'gpkg', 'not a GeoPackage', { 'lugares.gpkg': garbage(8192, 41) }, 'lugares.gpkg', whole('not an SQLite database'));
  for (const at of [10, 100, Math.floor(places.length / 2)]) {
    c.add(`gpkg-cut-${at}`, 'gpkg', 'not a GeoPackage', { 'lugares.gpkg': places.slice(0, at) }, 'lugares.gpkg', {
      file: 'lugares\\.gpkg',
      where: 'file',
      reason: 'not an SQLite database|cannot read the GeoPackage: .*(malformed|not a database)',
    });
  }
  gpkgCase('gpkg-no-contents', 'lugares', 'not a GeoPackage', whole('an SQLite database without a gpkg_contents table'), (db) => db.exec('DROP TABLE gpkg_contents'));
  gpkgCase('gpkg-no-feature-table', 'lugares', 'GeoPackage structure', whole('holds no feature tables'), (db) => db.exec("UPDATE gpkg_contents SET data_type = 'attributes'"));
  gpkgCase('gpkg-table-missing', 'lugares', 'GeoPackage structure', whole('lists the feature table "lugares", but the file has no such table'), (db) => db.exec('DROP TABLE lugares'));
  gpkgCase('gpkg-unknown-table', 'lugares', 'GeoPackage structure', whole('no feature table "caminos" in the GeoPackage; its tables: lugares'), () => {}, { table: 'caminos' });
  gpkgCase('gpkg-crs-garbage', 'municipios', 'GeoPackage structure', { file: 'municipios\\.gpkg', where: 'file', reason: 'cannot read the CRS of srs_id \\d+' }, (db) =>
    db.exec("UPDATE gpkg_spatial_ref_sys SET definition = 'PROJCS[\"roto\",GIBBERISH[]]' WHERE srs_id = (SELECT srs_id FROM gpkg_geometry_columns)"),
  );
  fs.rmSync(work, { recursive: true, force: true });
}

// ---------- FlatGeobuf and Excel ----------

/**
 * FlatGeobuf files and Excel workbooks written by GDAL (ogr2ogr -f FlatGeobuf / -f XLSX) from the
 * real fixtures and generated points, then damaged: a .fgb cut in its header, its index or a
 * feature (the import names "feature N"), a lying feature length, another version; an .xlsx that
 * is no zip (a renamed CSV, garbage), cut short, a zip bomb in place of its sheet, a sheet whose
 * XML breaks, a shared string it does not have, no coordinate columns, a latitude that is text.
 */
function addFgbXlsxCases(c: Corpus): void {
  const work = path.join(c.dir, '.fgb-xlsx-bases');
  fs.mkdirSync(work, { recursive: true });
  const ogr = (...args: string[]): void => void execFileSync('ogr2ogr', args, { stdio: 'pipe' });
  const csv = path.join(work, 'hechos.csv');
  fs.writeFileSync(csv, csvLines(60, 13).join('\n') + '\n');

  // FlatGeobuf: the places (points) and municipalities (polygons, Lambert WKT), each with its index.
  for (const [name, stem] of [['lugares', SHAPEFILE_BASES.places], ['municipios', SHAPEFILE_BASES.mun]] as const) {
    const file = path.join(work, `${name}.fgb`);
    ogr('-f', 'FlatGeobuf', file, `${stem}.shp`);
    const b = rd(file);
    const headerEnd = 12 + dvOf(b).getUint32(8, true);
    // Features follow the header and the spatial index; each starts with its length.
    const header = fromByteBuffer(new ByteBuffer(b.slice(8, headerEnd)));
    const starts: number[] = [];
    for (let at = headerEnd + calcTreeSize(header.featuresCount, header.indexNodeSize); at < b.length; at += 4 + dvOf(b).getUint32(at, true)) starts.push(at);
    const entry = `${name}.fgb`;
    const re = `${esc(name)}\\.fgb`;
    const cut = (slug: string, at: number, e: Expectation): void => c.add(`fgb-${name}-${slug}`, 'fgb', 'truncated .fgb', { [entry]: b.subarray(0, at) }, entry, e);
    cut('cut-5', 5, { file: re, where: 'file', reason: 'truncated: only 5 bytes' });
    cut('cut-header', headerEnd - 3, { file: re, where: 'file', reason: 'truncated: the header says it is \\d+ bytes' });
    cut('cut-index', Math.floor((headerEnd + starts[0]) / 2), { file: re, where: 'file', reason: 'spatial index of \\d+ features .* runs past the end' });
    for (const k of [0, Math.floor(starts.length / 2), starts.length - 1]) {
      cut(`cut-feature-${k + 1}`, starts[k] + 6, { file: re, where: `feature ${k + 1}`, reason: 'truncated' });
    }
    const lying = b.slice();
    dvOf(lying).setUint32(starts[2], 0x7fffffff, true);
    c.add(`fgb-${name}-length-huge`, 'fgb', 'lying .fgb feature length', { [entry]: lying }, entry, { file: re, where: 'feature 3', reason: 'runs \\d+ bytes past the end of the file' });
    const version = b.slice();
    version[3] = 9;
    c.add(`fgb-${name}-version`, 'fgb', 'not a FlatGeobuf', { [entry]: version }, entry, { file: re, where: 'file', reason: 'FlatGeobuf version 9 is not supported' });
  }
  c.add('fgb-garbage', 'fgb', 'not a FlatGeobuf', { 'basura.fgb': garbage(4096, 77) }, 'basura.fgb', { file: 'basura\\.fgb', where: 'file', reason: 'not a FlatGeobuf file' });

  // Excel: the generated points as a sheet (lat/lon), and its parts to rebuild damaged ones from.
  const book = path.join(work, 'hechos.xlsx');
  ogr('-f', 'XLSX', book, csv, '-oo', 'AUTODETECT_TYPE=YES', '-nln', 'hechos');
  const good = rd(book);
  const parts = unzipSync(good);
  const sheet = new TextDecoder().decode(parts['xl/worksheets/sheet1.xml']);
  const rezip = (sheetXml: string | Uint8Array): Uint8Array =>
    zipSync({ ...parts, 'xl/worksheets/sheet1.xml': typeof sheetXml === 'string' ? new TextEncoder().encode(sheetXml) : sheetXml });
  const whole = (file: string, reason: string): Expectation => ({ file: esc(file), where: 'file', reason });
  c.add('xlsx-renamed-csv', 'xlsx', 'not an .xlsx', { 'hechos.xlsx': csvLines(20, 3).join('\n') }, 'hechos.xlsx', whole('hechos.xlsx', 'a text file \\(a CSV renamed \\.xlsx\\?\\)'));
  c.add('xlsx-garbage', 'xlsx', 'not an .xlsx', { 'hechos.xlsx': garbage(4096, 78) }, 'hechos.xlsx', whole('hechos.xlsx', 'not an \\.xlsx workbook'));
  for (const frac of [0.3, 0.9]) {
    const at = Math.floor(good.length * frac);
    c.add(`xlsx-cut-${at}`, 'xlsx', 'truncated .xlsx', { 'hechos.xlsx': good.subarray(0, at) }, 'hechos.xlsx', whole('hechos.xlsx', 'not a readable zip archive'));
  }
  {
    // 64 MB of zeros deflate to 64 KB: over the 1000x ratio every archive member is held to.
    const zeros = new Uint8Array(64 << 20);
    const bomb = rawZip([
      ...Object.entries(parts).filter(([n]) => n !== 'xl/worksheets/sheet1.xml').map(([name, data]) => ({ name, data })),
      { name: 'xl/worksheets/sheet1.xml', deflated: zlib.deflateRawSync(zeros), size: zeros.length, crc: zlib.crc32(zeros) },
    ]);
    c.add('xlsx-zip-bomb', 'xlsx', 'zip bomb', { 'hechos.xlsx': bomb }, 'hechos.xlsx', whole('hechos.xlsx', 'would expand \\d+ times .*zip bomb'));
  }
  const rowAt = (r: number): number => sheet.indexOf(`<row r="${r}"`);
  c.add('xlsx-xml-cut', 'xlsx', 'broken sheet XML', { 'hechos.xlsx': rezip(sheet.slice(0, rowAt(30) + 40)) }, 'hechos.xlsx', whole('hechos.xlsx/hechos', 'XML is broken after sheet row 30'));
  {
    // Row 12's first cell points to a shared string past the end of the table.
    const at = sheet.indexOf('<v>', rowAt(12));
    const bad = `${sheet.slice(0, at)}<v>99999${sheet.slice(sheet.indexOf('</v>', at))}`;
    c.add('xlsx-shared-string', 'xlsx', 'broken sheet XML', { 'hechos.xlsx': rezip(bad) }, 'hechos.xlsx', whole('hechos.xlsx/hechos', 'cell A12 \\(sheet row 12\\) points to shared string "99999"'));
  }
  {
    const file = path.join(work, 'sin.xlsx');
    ogr('-f', 'XLSX', file, csv, '-nln', 'sin', '-sql', 'SELECT id, fecha, tipo FROM hechos');
    c.add('xlsx-no-coordinates', 'xlsx', 'no coordinate columns', { 'sin.xlsx': rd(file) }, 'sin.xlsx', whole('sin.xlsx/sin', 'no coordinate columns in the header'));
  }
  {
    const lines = csvLines(60, 13);
    lines[17] = lines[17].replace(/,(-?[\d.]+),(-?[\d.]+)$/, ',32°27′N,$2');
    const text = path.join(work, 'texto.csv');
    fs.writeFileSync(text, lines.join('\n') + '\n');
    const file = path.join(work, 'texto.xlsx');
    ogr('-f', 'XLSX', file, text, '-oo', 'AUTODETECT_TYPE=YES', '-nln', 'texto');
    c.add('xlsx-latitude-text', 'xlsx', 'coordinates out of range', { 'texto.xlsx': rd(file) }, 'texto.xlsx', { file: 'texto\\.xlsx/texto', where: 'row 17', reason: 'latitude "32°27′N" \\(column "lat"\\) is not a number' });
  }
  fs.rmSync(work, { recursive: true, force: true });
}

// ---------- KML, KMZ and GPX ----------

/**
 * KML written by GDAL (ogr2ogr -f KML / LIBKML) from the INEGI municipalities and the Natural
 * Earth places, GPX from generated points, then damaged: XML broken at a placemark or waypoint
 * (the import names the line), cut short, an XML bomb or an external entity in a DOCTYPE, no
 * placemark left, a coordinate that is no number, lon/lat written the other way round; a KMZ cut
 * short, without a .kml, a zip bomb in place of its doc.kml, an entry climbing out, a broken
 * doc.kml.
 */
function addKmlGpxCases(c: Corpus): void {
  const work = path.join(c.dir, '.kml-gpx-bases');
  fs.mkdirSync(work, { recursive: true });
  const ogr = (...args: string[]): void => void execFileSync('ogr2ogr', args, { stdio: 'pipe' });
  const written = (name: string, ...args: string[]): string => {
    ogr('-f', ...args.slice(0, 1), path.join(work, name), ...args.slice(1));
    return fs.readFileSync(path.join(work, name), 'utf8');
  };
  const mun = written('municipios.kml', 'KML', `${SHAPEFILE_BASES.mun}.shp`, '-t_srs', 'EPSG:4326');
  const places = written('lugares.kml', 'LIBKML', `${SHAPEFILE_BASES.places}.shp`);
  const csv = path.join(work, 'hechos.csv');
  fs.writeFileSync(csv, csvLines(60, 13).join('\n') + '\n');
  const gpx = written('hechos.gpx', 'GPX', csv, '-oo', 'X_POSSIBLE_NAMES=lon', '-oo', 'Y_POSSIBLE_NAMES=lat', '-sql', 'SELECT id AS name, tipo AS type FROM hechos');
  const lineAt = (text: string, at: number): number => text.slice(0, at).split('\n').length;
  /** Index of the k-th (0-based) occurrence of `s`. */
  const nth = (text: string, s: string, k: number): number => {
    let at = -1;
    for (let i = 0; i <= k; i++) at = text.indexOf(s, at + 1);
    return at;
  };
  const xmlCases = (fmt: 'kml' | 'gpx', file: string, text: string, record: string, count: number): void => {
    const re = esc(file);
    // A misspelt end tag in record k: refused at that line.
    for (const k of [0, Math.floor(count / 2), count - 1]) {
      const at = nth(text, `</${record}>`, k);
      c.add(`${fmt}-${file.split('.')[0]}-bad-end-tag-${k + 1}`, fmt, 'broken XML', { [file]: `${text.slice(0, at)}</${record}x>${text.slice(at + record.length + 3)}` }, file, {
        file: re,
        where: `line ${lineAt(text, at)}, column \\d+`,
        reason: 'not well-formed XML: unexpected close tag',
      });
    }
    for (const frac of [0.3, 0.999]) {
      const at = Math.floor(text.length * frac);
      c.add(`${fmt}-${file.split('.')[0]}-cut-${at}`, fmt, 'broken XML', { [file]: text.slice(0, at) }, file, { file: re, where: 'line \\d+, column \\d+', reason: 'not well-formed XML' });
    }
    const decl = text.indexOf('?>') + 2;
    const root = fmt;
    const lol = Array.from({ length: 9 }, (_, k) => `<!ENTITY lol${k + 1} "${`&lol${k};`.repeat(10)}">`).join('');
    // The reference sits in the first record's text, where a parser that expands entities would blow up.
    const open = text.indexOf('>', text.indexOf(`<${record}`)) + 1;
    const bomb = `${text.slice(0, decl)}\n<!DOCTYPE ${root} [<!ENTITY lol0 "lol">${lol}]>${text.slice(decl, open)}&lol9;${text.slice(open)}`;
    c.add(`${fmt}-${file.split('.')[0]}-xml-bomb`, fmt, 'XML bomb', { [file]: bomb }, file, { file: re, where: 'file', reason: 'the DOCTYPE declares entities \\(an "XML bomb"' });
    const xxe = `${text.slice(0, decl)}\n<!DOCTYPE ${root} [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${text.slice(decl)}`;
    c.add(`${fmt}-${file.split('.')[0]}-external-entity`, fmt, 'XML bomb', { [file]: xxe }, file, { file: re, where: 'file', reason: 'the DOCTYPE declares entities' });
    c.add(`${fmt}-${file.split('.')[0]}-garbage`, fmt, 'binary garbage', { [file]: garbage(4096, 91) }, file, { file: re, where: 'file|line \\d+, column \\d+', reason: 'not valid utf-8|not well-formed XML' });
  };
  xmlCases('kml', 'municipios.kml', mun, 'Placemark', 85);
  xmlCases('kml', 'lugares.kml', places, 'Placemark', (places.match(/<Placemark/g) ?? []).length);
  xmlCases('gpx', 'hechos.gpx', gpx, 'wpt', 60);

  const kml = (slug: string, cls: string, text: string, e: Omit<Expectation, 'file'>): void => c.add(`kml-${slug}`, 'kml', cls, { 'lugares.kml': text }, 'lugares.kml', { file: 'lugares\\.kml', ...e });
  kml('no-placemark', 'no records', places.replace(/<Placemark[\s\S]*?<\/Placemark>\s*/g, ''), { where: 'file', reason: 'the KML holds no placemark' });
  for (const k of [0, 5]) {
    const at = places.indexOf('<coordinates>', nth(places, '<Placemark', k)) + '<coordinates>'.length;
    const first = /\s*(-?[\d.]+)/.exec(places.slice(at))!;
    kml(`coordinate-text-${k + 1}`, 'invalid coordinates', `${places.slice(0, at)}oeste${places.slice(at + first[0].length)}`, { where: `placemark ${k + 1}`, reason: '"oeste" .* is not a number' });
  }
  kml('lonlat-swapped', 'lon/lat swapped', places.replace(/<coordinates>\s*(-?[\d.]+),(-?[\d.]+)/g, '<coordinates>$2,$1'), { where: 'placemark 1', reason: 'latitude [−-]\\d+(\\.\\d+)? out of range.*swapped' });
  kml('not-kml', 'not KML', gpx, { where: 'file', reason: 'not KML: the root element is <gpx>' });
  c.add('gpx-no-data', 'gpx', 'no records', { 'hechos.gpx': gpx.replace(/<wpt[\s\S]*?<\/wpt>\s*/g, '') }, 'hechos.gpx', { file: 'hechos\\.gpx', where: 'file', reason: 'the GPX holds no waypoint, route or track' });
  c.add('gpx-lat-text', 'gpx', 'invalid coordinates', { 'hechos.gpx': gpx.replace(/(<wpt[^>]*)lat="[^"]*"/g, (m, head: string, off: number) => (off === nth(gpx, '<wpt', 7) ? `${head}lat="32°27′N"` : m)) }, 'hechos.gpx', {
    file: 'hechos\\.gpx',
    where: 'waypoint 8',
    reason: 'lat="32°27′N" is not a number',
  });

  // KMZ: the municipalities zipped as doc.kml, then damaged.
  const doc = new TextEncoder().encode(mun);
  const good = zipSync({ 'doc.kml': doc });
  for (const frac of [0.1, 0.5, 0.99]) {
    const at = Math.floor(good.length * frac);
    c.add(`kmz-truncated-${at}`, 'kmz', 'damaged zip', { 'municipios.kmz': good.subarray(0, at) }, 'municipios.kmz', { file: 'municipios\\.kmz', where: 'file', reason: 'zip|archive|damaged' });
  }
  c.add('kmz-no-kml', 'kmz', 'zip with missing parts', { 'municipios.kmz': zipSync({ 'files/icono.png': garbage(512, 5) }) }, 'municipios.kmz', { file: 'municipios\\.kmz', where: 'file', reason: 'the KMZ holds no \\.kml document' });
  {
    const zeros = new Uint8Array(64 << 20);
    const bomb = rawZip([{ name: 'doc.kml', deflated: zlib.deflateRawSync(zeros), size: zeros.length, crc: zlib.crc32(zeros) }]);
    c.add('kmz-zip-bomb', 'kmz', 'zip bomb', { 'municipios.kmz': bomb }, 'municipios.kmz', { file: 'municipios\\.kmz', where: 'file', reason: 'entry "doc\\.kml" would expand \\d+ times.*zip bomb' });
  }
  c.add('kmz-slip', 'kmz', 'path traversal entry', { 'municipios.kmz': zipSync({ 'doc.kml': doc, '../../doc.kml': doc }) }, 'municipios.kmz', { file: 'municipios\\.kmz', where: 'file', reason: 'entry "\\.\\./\\.\\./doc\\.kml" climbs out' });
  {
    const at = nth(mun, '</Placemark>', 40);
    const broken = new TextEncoder().encode(`${mun.slice(0, at)}</Placemarkx>${mun.slice(at + 12)}`);
    c.add('kmz-broken-doc', 'kmz', 'broken XML', { 'municipios.kmz': zipSync({ 'doc.kml': broken }) }, 'municipios.kmz', { file: 'municipios\\.kmz/doc\\.kml', where: `line ${lineAt(mun, at)}, column \\d+`, reason: 'not well-formed XML' });
  }
  fs.rmSync(work, { recursive: true, force: true });
}

export interface GeneratedCorpus {
  dir: string;
  cases: CorpusCase[];
  /** The 100 MB files, written only when asked (they take ~0.5 s and 200 MB of disk). */
  writeEndless(): Promise<void>;
}

export function generateCorpus(dir: string): GeneratedCorpus {
  fs.mkdirSync(dir, { recursive: true });
  const c = new Corpus(dir);
  addShapefileCases(c);
  addZipCases(c);
  addGeoJsonCases(c);
  addCsvCases(c);
  const endless = addEndlessCases(c);
  addFgbXlsxCases(c);
  addNoRecordCases(c);
  addGeoPackageCases(c);
  addKmlGpxCases(c);
  return {
    dir,
    cases: c.cases,
    writeEndless: async () => {
      for (const e of endless) await writeEndlessLine(e.file, ENDLESS_BYTES, e.header);
    },
  };
}

/** What is committed: the cases without anything machine-specific. */
export function manifestOf(cases: CorpusCase[]): string {
  return JSON.stringify({ generator: 'test/corpus/generate.ts', count: cases.length, cases }, null, 1) + '\n';
}

export const MANIFEST_PATH = path.join(repoRoot, 'test', 'corpus', 'manifest.json');

/**
 * Why an import's error does not meet a case's expectation, or null when it does: an ImportError
 * (or another UserError) whose first problem names the file, the place and the reason.
 */
export function mismatch(c: CorpusCase, err: unknown): string | null {
  if (!(err instanceof Error) || !/Error$/.test(err.name)) return `not an Error: ${String(err)}`;
  const problems = (err as { problems?: { file: string; location: string | null; reason: string }[] }).problems;
  if (!problems || problems.length === 0) return `${err.name} without problems: ${err.message}`;
  const p = problems[0];
  const first = err.message.split('\n')[0];
  if (!new RegExp(c.expect.file).test(p.file)) return `blames ${p.file}, expected /${c.expect.file}/`;
  const wholeFileOk = c.expect.where.split('|').includes('file');
  if (c.expect.where === 'file') {
    if (p.location !== null) return `location "${p.location}", expected a problem of the whole file`;
  } else if (wholeFileOk && p.location === null) {
    // A problem of the whole file is one of the outcomes the case allows.
  } else if (!new RegExp(`(?:^|: )(?:${c.expect.where})(?:\\b|$)`).test(p.location ?? '') && !new RegExp(`\\b(?:${c.expect.where})\\b`).test(first)) {
    return `location "${p.location}" / message "${first}", expected /${c.expect.where}/`;
  }
  if (!new RegExp(c.expect.reason).test(p.reason)) return `reason "${p.reason}", expected /${c.expect.reason}/`;
  if (/\n\s+at /.test(err.message)) return 'message carries a stack trace';
  return null;
}
