/**
 * GeoPackages written by GDAL (ogr2ogr -f GPKG) from the real fixtures — the INEGI
 * municipalities in their own Lambert CRS and reprojected to EPSG:4326, the Natural Earth places,
 * a generated point CSV, several tables in one file — imported by Frontera and compared with what
 * GDAL reads from the same file: features, attributes, coordinates (≤ 1e-7), and the Lambert
 * table reprojected by Frontera within 1 m of ogr2ogr -t_srs EPSG:4326. Then the blob forms GDAL
 * also reads (Z, M, ZM, big-endian, PostGIS's extended WKB, the empty flag), attribute types, and
 * the files that must be refused.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../../electron/backend/backend.ts';
import { previewFile } from '../../../electron/backend/importer.ts';
import { openSources } from '../../../electron/backend/formats/registry.ts';
import { ImportError } from '../../../shared/import/problems.ts';
import type { ImportOptions, LayerInfo } from '../../../shared/api/contract.ts';
import type { RawRecord } from '../../../shared/model/feature.ts';
import { writePoints } from '../../../scripts/gen-points.ts';
import { repoRoot } from '../../../scripts/web.ts';

const FIXTURES = path.resolve(repoRoot, '..', 'shared', 'fixtures');
const MUN = path.join(FIXTURES, 'inegi-mun-lcc', 'sonora_bc', 'mun_02_26.shp');
const PLACES = path.join(FIXTURES, 'natural-earth', 'clipped', 'ne_10m_populated_places_sonora_bc.shp');

let dir: string;
let backend: Backend;
let multi: string;
let csv: string;
/** The file as GDAL wrote it, before Frontera opened it. */
let sentBytes: Buffer;

const ogr2ogr = (...args: string[]): string => execFileSync('ogr2ogr', args, { encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
const ogrinfo = (...args: string[]): string => execFileSync('ogrinfo', args, { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });

/** A table as GDAL reads it (GeoJSON; `extra`: e.g. -t_srs EPSG:4326). */
function gdalRead(file: string, table: string, ...extra: string[]): Feature[] {
  return (JSON.parse(ogr2ogr('-f', 'GeoJSON', '/vsistdout/', file, table, ...extra)) as FeatureCollection).features;
}

/** Every record a source of `file` hands over, as read (source CRS, no normalising). */
async function rawRecords(file: string, options: ImportOptions = {}): Promise<Map<string, RawRecord[]>> {
  const out = new Map<string, RawRecord[]>();
  for (const s of openSources(file, options)) {
    const records: RawRecord[] = [];
    await s.feed({ onRecord: (r) => records.push(r), onProblem: (p) => expect.fail(`${p.location}: ${p.reason}`) }, { fileName: s.fileName }, async () => {});
    out.set(s.defaultLayerName, records);
  }
  return out;
}

function positions(g: Geometry | null): Position[] {
  if (!g) return [];
  switch (g.type) {
    case 'Point':
      return [g.coordinates];
    case 'MultiPoint':
    case 'LineString':
      return g.coordinates;
    case 'MultiLineString':
    case 'Polygon':
      return g.coordinates.flat();
    case 'MultiPolygon':
      return g.coordinates.flat(2);
    case 'GeometryCollection':
      return g.geometries.flatMap(positions);
  }
}

/** The largest difference of any ordinate (x, y and z) of two geometries of the same shape. */
function maxDiff(a: Geometry | null, b: Geometry | null): number {
  expect(a?.type ?? null).toBe(b?.type ?? null);
  const pa = positions(a);
  const pb = positions(b);
  expect(pa.length).toBe(pb.length);
  let max = 0;
  pa.forEach((p, i) => {
    expect(p.length).toBe(pb[i].length);
    p.forEach((v, k) => (max = Math.max(max, Math.abs(v - pb[i][k]))));
  });
  return max;
}

/** Metres between two lon/lat positions (equirectangular: exact enough at 1 m over a few metres). */
function metres(a: Position, b: Position): number {
  const lat = (((a[1] + b[1]) / 2) * Math.PI) / 180;
  return Math.hypot((a[0] - b[0]) * Math.cos(lat) * 111_320, (a[1] - b[1]) * 110_574);
}

/** GDAL writes a DATETIME without its milliseconds ("2024-07-24T08:32:00"); the stored text has them. */
function sameValue(ours: unknown, gdal: unknown): boolean {
  if (typeof ours === 'string' && typeof gdal === 'string' && ours !== gdal && /^\d{4}-\d\d-\d\dT/.test(ours)) return Date.parse(ours) === Date.parse(gdal);
  return Object.is(ours, gdal) || ours === gdal;
}

function expectSameProperties(ours: Record<string, unknown>, gdal: Record<string, unknown> | null, where: string): void {
  expect(Object.keys(ours).sort(), where).toEqual(Object.keys(gdal ?? {}).sort());
  for (const [k, v] of Object.entries(gdal ?? {})) expect(sameValue(ours[k], v), `${where} ${k}: ${String(ours[k])} vs ${String(v)}`).toBe(true);
}

function layer(name: string): LayerInfo {
  return backend.workspace.getLayer(name);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-gpkg-'));
  csv = path.join(dir, 'incidents.csv');
  writePoints(csv, 2000, 16);
  multi = path.join(dir, 'entrega.gpkg');
  ogr2ogr('-f', 'GPKG', multi, MUN, '-nln', 'mun_lcc');
  ogr2ogr('-f', 'GPKG', '-update', multi, MUN, '-nln', 'mun_4326', '-t_srs', 'EPSG:4326');
  ogr2ogr('-f', 'GPKG', '-update', multi, PLACES, '-nln', 'places');
  ogr2ogr('-f', 'GPKG', '-update', multi, csv, '-nln', 'incidents', '-oo', 'X_POSSIBLE_NAMES=lon', '-oo', 'Y_POSSIBLE_NAMES=lat', '-oo', 'AUTODETECT_TYPE=YES', '-a_srs', 'EPSG:4326');
  sentBytes = fs.readFileSync(multi);
  backend = openBackend(path.join(dir, 'w.frontera'), { create: true });
  await backend['import.run']({ paths: [multi] });
}, 120_000);

afterAll(() => {
  backend?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a GeoPackage of four tables written by ogr2ogr', () => {
  const TABLES = ['mun_lcc', 'mun_4326', 'places', 'incidents'];

  it('never writes to the file it reads, nor beside it', () => {
    expect(fs.readFileSync(multi).equals(sentBytes)).toBe(true);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('entrega'))).toEqual(['entrega.gpkg']);
  });

  it('imports each feature table as a layer of its name, with GDAL’s feature count and CRS', () => {
    const info = ogrinfo('-so', '-al', multi);
    for (const t of TABLES) {
      const count = Number(new RegExp(`Layer name: ${t}\\n[\\s\\S]*?Feature Count: (\\d+)`).exec(info)![1]);
      expect(layer(t).featureCount, t).toBe(count);
      expect(layer(t).sourceFormat).toBe('gpkg');
    }
    expect(layer('mun_4326').sourceCrs).toBe('EPSG:4326');
    expect(layer('places').sourceCrs).toBe('EPSG:4326');
    // GDAL stored the .prj it could not name as srs_name "unknown": the WKT's projection labels it.
    expect(layer('mun_lcc').sourceCrs).toMatch(/Lambert_Conformal_Conic/);
  });

  it('reads every table’s features, attributes and coordinates as GDAL does (≤ 1e-7)', async () => {
    const raw = await rawRecords(multi);
    expect([...raw.keys()]).toEqual(TABLES);
    for (const t of TABLES) {
      const gdal = gdalRead(multi, t);
      const ours = raw.get(t)!;
      expect(ours.length, t).toBe(gdal.length);
      let worst = 0;
      ours.forEach((r, i) => {
        expect(r.sourceIndex).toBe(i);
        worst = Math.max(worst, maxDiff(r.geometry, gdal[i].geometry));
        expectSameProperties(r.properties, gdal[i].properties, `${t} feature ${i + 1}`);
      });
      expect(worst, t).toBeLessThanOrEqual(1e-7);
    }
  });

  it('stores the same features in the workspace: WGS 84 tables as read, the Lambert one within 1 m of ogr2ogr -t_srs EPSG:4326', () => {
    for (const t of ['mun_4326', 'places', 'incidents']) {
      const gdal = gdalRead(multi, t);
      const stored = [...backend.workspace.iterateFeatures(layer(t).id)];
      expect(stored.length).toBe(gdal.length);
      stored.forEach((f, i) => {
        expect(f.sourceIndex).toBe(i);
        expect(maxDiff(f.geometry, gdal[i].geometry)).toBeLessThanOrEqual(1e-7);
        expectSameProperties(f.properties, gdal[i].properties, `${t} feature ${i + 1}`);
      });
    }
    const reference = gdalRead(multi, 'mun_lcc', '-t_srs', 'EPSG:4326');
    const stored = [...backend.workspace.iterateFeatures(layer('mun_lcc').id)];
    expect(stored.length).toBe(reference.length);
    let worst = 0;
    let count = 0;
    stored.forEach((f, i) => {
      const a = positions(f.geometry);
      const b = positions(reference[i].geometry);
      expect(a.length).toBe(b.length);
      a.forEach((p, k) => {
        worst = Math.max(worst, metres(p, b[k]));
        count++;
      });
    });
    expect(count).toBeGreaterThan(5000);
    expect(worst).toBeLessThan(1);
    // The accents of the municipalities come through (GDAL wrote UTF-8 text).
    expect(stored.map((f) => f.properties.NOMGEO)).toContain('San Luis Río Colorado');
  });

  it('--table picks one table; an unknown one is refused listing the tables, the workspace unchanged', async () => {
    const other = openBackend(path.join(dir, 'one.frontera'), { create: true });
    try {
      const [s] = await other['import.run']({ paths: [multi], options: { table: 'places' } });
      expect(s.layer).toBe('places');
      expect(other.workspace.listLayers().map((l) => l.name)).toEqual(['places']);
      const hash = other.workspace.contentHash();
      const err = await other['import.run']({ paths: [multi], options: { table: 'carreteras' } }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ImportError);
      expect((err as Error).message).toBe(`${multi}: no feature table "carreteras" in the GeoPackage; its tables: mun_lcc, mun_4326, places, incidents`);
      expect(other.workspace.contentHash()).toBe(hash);
    } finally {
      other.close();
    }
  });

  it('an empty table among others makes no layer and the rest import, said in a note; a file of empty tables is refused, the workspace unchanged', async () => {
    const withEmpty = path.join(dir, 'con-vacia.gpkg');
    ogr2ogr('-f', 'GPKG', withEmpty, PLACES, '-nln', 'places');
    // ogr2ogr -where over no feature writes the table (its columns, its gpkg_contents row) empty.
    ogr2ogr('-f', 'GPKG', '-update', withEmpty, MUN, '-nln', 'sin_datos', '-where', '1 = 0');
    ogr2ogr('-f', 'GPKG', '-update', withEmpty, csv, '-nln', 'incidents', '-oo', 'X_POSSIBLE_NAMES=lon', '-oo', 'Y_POSSIBLE_NAMES=lat', '-a_srs', 'EPSG:4326');
    expect(ogrinfo('-ro', '-so', withEmpty, 'sin_datos')).toMatch(/Feature Count: 0/);
    const other = openBackend(path.join(dir, 'vacia.frontera'), { create: true });
    try {
      const out = await other['import.run']({ paths: [withEmpty] });
      expect(out.map((s) => [s.layer, s.featureCount])).toEqual([
        ['places', Number(/Feature Count: (\d+)/.exec(ogrinfo('-ro', '-so', withEmpty, 'places'))![1])],
        ['incidents', 2000],
      ]);
      expect(out[0].notes).toContain('"sin_datos" holds no records: no layer made');
      expect(other.workspace.listLayers().map((l) => l.name)).toEqual(['places', 'incidents']);

      const allEmpty = path.join(dir, 'todo-vacio.gpkg');
      ogr2ogr('-f', 'GPKG', allEmpty, MUN, '-nln', 'a', '-where', '1 = 0');
      ogr2ogr('-f', 'GPKG', '-update', allEmpty, PLACES, '-nln', 'b', '-where', '1 = 0');
      const hash = other.workspace.contentHash();
      await expect(other['import.run']({ paths: [allEmpty] })).rejects.toThrow(`${allEmpty}: none of its 2 layers ("a", "b") holds a record`);
      // Asked for by name, an empty table is refused as an empty file is.
      await expect(other['import.run']({ paths: [withEmpty], options: { table: 'sin_datos', layer: 'x' } })).rejects.toThrow(
        `${withEmpty}/sin_datos: the file has a header but no records`,
      );
      expect(other.workspace.contentHash()).toBe(hash);
    } finally {
      other.close();
    }
  });

  it('a file of several tables is one transaction: a corrupt blob in its last table and none of them is imported, the workspace unchanged', async () => {
    const bad = path.join(dir, 'entrega-rota.gpkg');
    fs.copyFileSync(multi, bad);
    // incidents is the fourth table, imported after three good ones; its fid 5 becomes a Point cut short.
    ogrinfo(bad, '-q', '-sql', "UPDATE incidents SET geom = X'4750000100000000010100000000' WHERE fid = 5");
    const other = openBackend(path.join(dir, 'rota.frontera'), { create: true });
    try {
      await other['import.run']({ paths: [csv], options: { layer: 'antes' } });
      const hash = other.workspace.contentHash();
      const err = await other['import.run']({ paths: [bad] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ImportError);
      expect((err as ImportError).problems[0]).toMatchObject({ file: `${bad}/incidents`, location: 'feature 5' });
      expect(other.workspace.listLayers().map((l) => l.name)).toEqual(['antes']);
      expect(other.workspace.contentHash()).toBe(hash);
    } finally {
      other.close();
    }
  });

  it('reads a table import workers can open alone (--table, or a file of one table) there — one worker, or two each fetching every other range of rows — with the same result', async () => {
    const points = path.join(dir, 'muchos.csv');
    writePoints(points, 20_000, 3);
    const big = path.join(dir, 'muchos.gpkg');
    ogr2ogr('-f', 'GPKG', big, points, '-nln', 'muchos', '-oo', 'X_POSSIBLE_NAMES=lon', '-oo', 'Y_POSSIBLE_NAMES=lat', '-oo', 'AUTODETECT_TYPE=YES', '-a_srs', 'EPSG:4326');
    const saved = { worker: process.env.FRONTERA_IMPORT_WORKER_MIN_BYTES, shard: process.env.FRONTERA_IMPORT_SHARD_MIN_BYTES };
    const read = async (name: string, file: string, options: ImportOptions, workers: boolean, shards: boolean) => {
      process.env.FRONTERA_IMPORT_WORKER_MIN_BYTES = workers ? '0' : String(2 ** 40);
      process.env.FRONTERA_IMPORT_SHARD_MIN_BYTES = shards ? '0' : String(2 ** 40);
      const ws = openBackend(path.join(dir, `${name}.frontera`), { create: true });
      try {
        const [s] = await ws['import.run']({ paths: [file], options });
        const l = ws.workspace.getLayer(s.layerId);
        const features = [...ws.workspace.iterateFeatures(s.layerId)].map((f) => [f.sourceIndex, f.geometry, f.properties, f.time, f.category, f.quantity, f.unit]);
        return { readers: (l.metadata.timings as { readers: number }).readers, fields: l.fields, fingerprint: l.fingerprint, mapping: l.mapping, features };
      } finally {
        ws.close();
      }
    };
    try {
      for (const [file, options] of [[multi, { table: 'incidents' }], [big, {}]] as const) {
        const inProcess = await read(`${path.basename(file)}-0`, file, options, false, false);
        const one = await read(`${path.basename(file)}-1`, file, options, true, false);
        const two = await read(`${path.basename(file)}-2`, file, options, true, true);
        expect([inProcess.readers, one.readers, two.readers]).toEqual([0, 1, 2]);
        for (const r of [one, two]) {
          expect(r.features).toEqual(inProcess.features);
          expect(r.fields).toEqual(inProcess.fields);
          expect(r.mapping).toEqual(inProcess.mapping);
          expect(r.fingerprint).toBe(inProcess.fingerprint);
        }
      }
    } finally {
      for (const [k, v] of [['FRONTERA_IMPORT_WORKER_MIN_BYTES', saved.worker], ['FRONTERA_IMPORT_SHARD_MIN_BYTES', saved.shard]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  }, 60_000);

  it('tells the import dialog every table, the previewed one first', async () => {
    const first = await previewFile(multi);
    expect(first.format).toBe('gpkg');
    expect(first.layers).toEqual(TABLES);
    const places = await previewFile(multi, { table: 'places' });
    expect(places.layers).toEqual(['places', 'mun_lcc', 'mun_4326', 'incidents']);
    expect(places.fields.map((f) => f.name)).toContain('NAME');
    expect(places.crs).toBe('EPSG:4326');
  });
});

describe('geometry and attribute forms', () => {
  let file: string;
  let sourceCsv: string;
  beforeAll(() => {
    sourceCsv = path.join(dir, 'formas.csv');
    fs.writeFileSync(
      sourceCsv,
      [
        'id,wkt,flag,day,raw',
        '1,"POINT Z (-115.45 32.62 3)",true,2023-07-14,a',
        '2,"POINT M (-115.45 32.62 4)",false,2023-07-15,b',
        '3,"POINT ZM (-114.77 32.45 3 4)",true,,c',
        '4,"MULTIPOLYGON (((-115 32,-114 32,-114 33,-115 32)),((-116 31,-115.5 31,-115.5 31.5,-116 31)))",false,2023-07-17,d',
        '5,"GEOMETRYCOLLECTION (POINT (-115 32),LINESTRING (-115 32,-114.5 32.5))",true,2023-07-18,e',
        '6,"MULTILINESTRING Z ((-115 32 1,-114 33 2),(-113 31 0,-112 31 5))",,2023-07-19,f',
        '7,"MULTIPOINT ((-115 32),(-114 33))",true,2023-07-20,g',
        '8,,false,2023-07-21,h',
      ].join('\n') + '\n',
    );
    file = path.join(dir, 'formas.gpkg');
    // The SQL adds a BLOB column; GEOMETRYZM keeps each geometry's own dimensions.
    ogr2ogr(
      '-f', 'GPKG', file, sourceCsv, '-oo', 'GEOM_POSSIBLE_NAMES=wkt', '-oo', 'KEEP_GEOM_COLUMNS=NO', '-oo', 'AUTODETECT_TYPE=YES',
      '-a_srs', 'EPSG:4326', '-nlt', 'GEOMETRYZM', '-dialect', 'SQLite', '-sql', 'SELECT *, CAST(raw AS BLOB) AS bin FROM formas', '-nln', 'formas',
    );
  });

  it('reads Z, M (dropped, as GeoJSON has none), ZM, multis and collections as GDAL does; booleans as booleans, dates as stored, BLOBs left out with a note', async () => {
    const db = new Database(file, { readonly: true });
    const schema = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'formas'").get() as { sql: string };
    const stored = db.prepare('SELECT day FROM formas ORDER BY fid').all() as { day: string | null }[];
    db.close();
    expect(schema.sql).toMatch(/"flag" BOOLEAN.*"day" DATE.*"bin" BLOB/);
    const [source] = openSources(file);
    expect(source.notes?.map((n) => (typeof n === 'string' ? n : n.text))).toEqual(['column "bin" of table "formas" holds binary data (BLOB) and was left out']);
    const records = (await rawRecords(file)).get('formas')!;
    const gdal = gdalRead(file, 'formas');
    expect(records.length).toBe(8);
    records.forEach((r, i) => {
      expect(maxDiff(r.geometry, gdal[i].geometry)).toBe(0);
      const { bin, ...others } = gdal[i].properties!;
      expect(bin).toBeTypeOf('string'); // GDAL's GeoJSON gives the BLOB as base64
      expectSameProperties(r.properties, others, `feature ${i + 1}`);
      expect(r.properties.day).toBe(stored[i].day);
    });
    expect(records.map((r) => r.properties.flag)).toEqual([true, false, true, false, true, null, true, false]);
    expect((records[2].geometry as { coordinates: Position }).coordinates).toEqual([-114.77, 32.45, 3]);

    const [s] = await backend['import.run']({ paths: [file] });
    expect(s.notes).toEqual(['column "bin" of table "formas" holds binary data (BLOB) and was left out']);
    expect(backend.workspace.getLayer(s.layerId).fields.map((f) => [f.name, f.type])).toEqual([
      ['id', 'integer'],
      ['flag', 'boolean'],
      ['day', 'date'],
      ['raw', 'string'],
    ]);
  });

  /** Rewrites fid `fid`'s blob through GDAL (which supplies the R-tree triggers' ST_ functions). */
  function setBlob(gpkg: string, fid: number, blob: Uint8Array): void {
    ogrinfo(gpkg, '-q', '-sql', `UPDATE formas SET GEOMETRY = X'${Buffer.from(blob).toString('hex')}' WHERE fid = ${fid}`);
  }

  const header = (flags: number): Buffer => Buffer.from([0x47, 0x50, 0, flags, 0xe6, 0x10, 0, 0]);

  const blobOf = (gpkg: string, fid: number): Uint8Array => {
    const db = new Database(gpkg, { readonly: true });
    try {
      return (db.prepare('SELECT GEOMETRY AS g FROM formas WHERE fid = ?').get(fid) as { g: Buffer }).g;
    } finally {
      db.close();
    }
  };

  it('reads PostGIS’s extended WKB (Z, M and SRID flags, as GDAL’s PGDump driver writes it) as GDAL reads the same geometries', async () => {
    const copy = path.join(dir, 'formas-ewkb.gpkg');
    fs.copyFileSync(file, copy);
    const dump = ogr2ogr('-f', 'PGDump', '/vsistdout/', sourceCsv, '-oo', 'GEOM_POSSIBLE_NAMES=wkt', '-oo', 'KEEP_GEOM_COLUMNS=NO', '-a_srs', 'EPSG:4326',
      '-nlt', 'GEOMETRYZM', '-lco', 'GEOMETRY_NAME=geom', '-lco', 'POSTGIS_VERSION=1.5');
    const ewkb = [...dump.matchAll(/VALUES \('([0-9A-F]+)', '(\d+)'/g)].map((m) => ({ id: Number(m[2]), bytes: Buffer.from(m[1], 'hex') }));
    expect(ewkb).toHaveLength(7);
    // 0xE0000001: a Point with Z, M and an SRID.
    expect(ewkb.find((e) => e.id === 3)!.bytes.readUInt32LE(1)).toBe(0xe0000001);
    for (const e of ewkb) setBlob(copy, e.id, Buffer.concat([header(1), e.bytes]));
    // GDAL reads no SRID flag in a GeoPackage blob: its reference is the same CSV made XYZM (a z of 0 where there was none).
    const reference = path.join(dir, 'formas-xyzm.gpkg');
    ogr2ogr('-f', 'GPKG', reference, sourceCsv, '-oo', 'GEOM_POSSIBLE_NAMES=wkt', '-oo', 'KEEP_GEOM_COLUMNS=NO', '-a_srs', 'EPSG:4326', '-nlt', 'GEOMETRYZM', '-dim', 'XYZM', '-nln', 'formas');
    const gdal = gdalRead(reference, 'formas');
    const ours = (await rawRecords(copy)).get('formas')!;
    ours.forEach((r, i) => expect(maxDiff(r.geometry, gdal[i].geometry), `feature ${i + 1}`).toBe(0));
    expect(positions(ours[0].geometry)[0]).toHaveLength(3);
  });

  it('reads a big-endian blob and the empty flag as GDAL reads the same file', async () => {
    const copy = path.join(dir, 'formas-xdr.gpkg');
    fs.copyFileSync(file, copy);
    // fid 4's MultiPolygon (with its envelope) and fid 6's MultiLineString Z (an envelope with z)
    // in XDR, from GDAL's little-endian blobs by swapping every number's bytes.
    for (const fid of [4, 6]) setBlob(copy, fid, toBigEndian(blobOf(file, fid)));
    expect((blobOf(copy, 6)[3] >> 1) & 7).toBe(2);
    // The empty flag on fid 8 (which GDAL wrote NULL): a Point of NaN, bit 4 set.
    const empty = Buffer.concat([header(1 | 0x10), Buffer.from([1, 1, 0, 0, 0]), Buffer.alloc(16)]);
    empty.writeDoubleLE(NaN, 13);
    empty.writeDoubleLE(NaN, 21);
    setBlob(copy, 8, empty);
    const gdal = gdalRead(copy, 'formas');
    const ours = (await rawRecords(copy)).get('formas')!;
    ours.forEach((r, i) => expect(maxDiff(r.geometry, gdal[i].geometry), `feature ${i + 1}`).toBe(0));
    expect(ours[7].geometry).toBeNull();
    // GDAL read the swapped blobs as it reads the originals.
    const original = gdalRead(file, 'formas');
    for (const i of [3, 5]) expect(maxDiff(gdal[i].geometry, original[i].geometry)).toBe(0);
  });

  it('a corrupt geometry blob is a record problem, "feature N: geometry blob …", that --skip-invalid skips', async () => {
    const bad = path.join(dir, 'roto.gpkg');
    fs.copyFileSync(file, bad);
    const blob = Buffer.from(blobOf(file, 4));
    // A MultiPolygon whose ring count says more rings than the blob holds (bytes 8 + 32 envelope + 9 + 9: first polygon's rings).
    blob.writeUInt32LE(0x7fffffff, 8 + 32 + 9 + 5);
    setBlob(bad, 4, blob);
    const ws = openBackend(path.join(dir, 'bad.frontera'), { create: true });
    try {
      const err = await ws['import.run']({ paths: [bad] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ImportError);
      expect((err as ImportError).problems[0]).toMatchObject({ file: `${bad}/formas`, location: 'feature 4', index: 3 });
      expect((err as Error).message).toMatch(/^.*roto\.gpkg\/formas: feature 4: geometry blob \(fid 4\): 2147483647 rings declared at byte \d+, but only \d+ bytes follow$/);
      expect(ws.workspace.listLayers()).toEqual([]);
      const [s] = await ws['import.run']({ paths: [bad], options: { skipInvalid: true } });
      expect(s.featureCount).toBe(7);
      expect(s.skippedCount).toBe(1);
      expect(s.skipped[0].location).toBe('feature 4');
    } finally {
      ws.close();
    }
  });
});

describe('files that are no GeoPackage', () => {
  it('refuses a file that is not SQLite, and an SQLite database without gpkg_contents, naming the file', async () => {
    const notSqlite = path.join(dir, 'texto.gpkg');
    fs.copyFileSync(csv, notSqlite);
    const plain = path.join(dir, 'plano.gpkg');
    const db = new Database(plain);
    db.exec('CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1)');
    db.close();
    for (const [f, reason] of [
      [notSqlite, 'not a GeoPackage: not an SQLite database (a GeoPackage starts with "SQLite format 3")'],
      [plain, 'not a GeoPackage: an SQLite database without a gpkg_contents table'],
    ] as const) {
      const before = backend.workspace.contentHash();
      const err = await backend['import.run']({ paths: [f] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ImportError);
      expect((err as Error).message).toBe(`${f}: ${reason}`);
      expect(backend.workspace.contentHash()).toBe(before);
    }
    // GDAL agrees that neither is a GeoPackage.
    for (const f of [notSqlite, plain]) expect(() => execFileSync('ogrinfo', ['-if', 'GPKG', f], { stdio: 'pipe' })).toThrow();
  });
});

/** The same blob in big-endian (XDR): header flag bit 0 cleared and every WKB number's bytes reversed. */
function toBigEndian(blob: Uint8Array): Buffer {
  const src = Buffer.from(blob);
  const out = Buffer.from(src);
  out[3] = src[3] & ~1;
  out.writeInt32BE(src.readInt32LE(4), 4);
  const envelope = [0, 32, 48, 48, 64][(src[3] >> 1) & 7];
  for (let k = 0; k < envelope; k += 8) out.writeDoubleBE(src.readDoubleLE(8 + k), 8 + k);
  let at = 8 + envelope;
  const dims = (code: number): number => 2 + Number(Math.floor(code / 1000) % 2 === 1) + Number(Math.floor(code / 1000) >= 2);
  const geometry = (): void => {
    out[at] = 0;
    const code = src.readUInt32LE(at + 1);
    out.writeUInt32BE(code, at + 1);
    at += 5;
    const d = dims(code);
    const count = (): number => {
      const n = src.readUInt32LE(at);
      out.writeUInt32BE(n, at);
      at += 4;
      return n;
    };
    const points = (n: number): void => {
      for (let k = 0; k < n * d; k++, at += 8) out.writeDoubleBE(src.readDoubleLE(at), at);
    };
    switch (code % 1000) {
      case 1:
        return points(1);
      case 2:
        return points(count());
      case 3:
        for (let r = count(); r > 0; r--) points(count());
        return;
      default:
        for (let m = count(); m > 0; m--) geometry();
    }
  };
  geometry();
  return out;
}
