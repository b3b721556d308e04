/**
 * GeoPackages Frontera writes, read back by GDAL — what QGIS reads them with: several layers (the
 * INEGI municipalities, the Natural Earth places, generated incidents) and a DBSCAN result in
 * one file. ogrinfo lists the tables, counts, field names and types, extents and the CRS;
 * ogr2ogr reads the same features and attributes; GDAL's own validator (validate_gpkg.py, from
 * Debian's python3-gdal) finds nothing wrong; the R-tree answers GDAL's spatial filter and its
 * triggers keep it right through GDAL's edits; the result's provenance sits in gpkg_metadata; a
 * failed export leaves nothing behind.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../../electron/backend/backend.ts';
import { layerItem } from '../../../electron/backend/export/exportItems.ts';
import type { AnalysisRun, ExportResult, LayerInfo } from '../../../shared/api/contract.ts';
import { UserError } from '../../../shared/errors.ts';
import { writePoints } from '../../../scripts/gen-points.ts';
import { repoRoot } from '../../../scripts/web.ts';

const FIXTURES = path.resolve(repoRoot, '..', 'shared', 'fixtures');
const MUN = path.join(FIXTURES, 'inegi-mun-lcc', 'sonora_bc', 'mun_02_26.shp');
const PLACES = path.join(FIXTURES, 'natural-earth', 'clipped', 'ne_10m_populated_places_sonora_bc.shp');
const VALIDATOR = ['/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py', '/usr/share/doc/python3-gdal/examples/validate_gpkg.py'].find((f) =>
  fs.existsSync(f),
);

let dir: string;
let backend: Backend;
let layers: LayerInfo[];
let dbscan: AnalysisRun;
let out: string;
let result: ExportResult;

const ogr2ogr = (...args: string[]): string => execFileSync('ogr2ogr', args, { encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
const ogrinfo = (...args: string[]): string => execFileSync('ogrinfo', args, { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
const gdalRead = (file: string, table: string, ...extra: string[]): Feature[] =>
  (JSON.parse(ogr2ogr('-f', 'GeoJSON', '/vsistdout/', file, table, ...extra)) as FeatureCollection).features;

/** Polygons come back as GDAL read them from a MULTIPOLYGON column: multis of one. */
function asDeclared(g: Geometry | null, type: string): Geometry | null {
  if (g?.type === 'Polygon' && type === 'MultiPolygon') return { type: 'MultiPolygon', coordinates: [g.coordinates] };
  return g;
}

function flat(g: Geometry | null): Position[] {
  if (!g) return [];
  if (g.type === 'GeometryCollection') return g.geometries.flatMap(flat);
  const c = g.coordinates as unknown;
  const out: Position[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x) && typeof x[0] === 'number') out.push(x as Position);
    else if (Array.isArray(x)) x.forEach(walk);
  };
  walk(c);
  return out;
}

function maxDiff(a: Geometry | null, b: Geometry | null): number {
  expect(a?.type ?? null).toBe(b?.type ?? null);
  const pa = flat(a);
  const pb = flat(b);
  expect(pa.length).toBe(pb.length);
  return pa.reduce((m, p, i) => Math.max(m, ...p.map((v, k) => Math.abs(v - pb[i][k]))), 0);
}

/** The columns the writer must rename: INEGI's own "fid" field, and the odd CSV's. */
const RENAMED: Record<string, Record<string, string>> = {
  municipios: { fid: 'frontera_fid' },
  choques: { fid: 'frontera_fid', GEOM: 'frontera_GEOM', nombre: 'frontera_nombre' },
};
const column = (t: string, field: string): string => RENAMED[t]?.[field] ?? field;

const table = (name: string): string => ogrinfo('-so', out, name);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-gpkg-export-'));
  backend = openBackend(path.join(dir, 'w.frontera'), { create: true });
  const csv = path.join(dir, 'incidentes.csv');
  writePoints(csv, 3000, 5);
  // Column names SQLite would confuse with the table's fid and geom, or with one another.
  const odd = path.join(dir, 'choques.csv');
  fs.writeFileSync(odd, 'lat,lon,fid,GEOM,Nombre,nombre\n32.45,-114.77,7,a,Uno,uno\n32.62,-115.45,8,b,Dos,dos\n');
  await backend['import.run']({ paths: [MUN], options: { layer: 'municipios' } });
  await backend['import.run']({ paths: [PLACES], options: { layer: 'poblaciones' } });
  await backend['import.run']({ paths: [csv], options: { mapping: { time: ['fecha'], category: 'tipo', quantity: 'cantidad', unit: 'unidad' } } });
  await backend['import.run']({ paths: [odd], options: { lat: 'lat', lon: 'lon' } });
  layers = backend.workspace.listLayers();
  dbscan = await backend['analysis.run']({ kind: 'dbscan', layer: 'incidentes', eps: 800, minPoints: 10 });
  out = path.join(dir, 'entrega.gpkg');
  result = await backend['export.items']({ layers: layers.map((l) => l.id), analyses: [dbscan.id], out });
}, 120_000);

afterAll(() => {
  backend?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a GeoPackage of four layers and a DBSCAN result', () => {
  const names = () => [...layers.map((l) => l.name), `dbscan_${dbscan.id}`];

  it('is one file holding every feature, with notes for the columns it renamed', () => {
    expect(result.files).toEqual([out]);
    const stored = backend.workspace.getAnalysis(dbscan.id).result as { geojson: FeatureCollection };
    expect(result.count).toBe(layers.reduce((n, l) => n + l.featureCount, 0) + stored.geojson.features.length);
    expect(result.notes).toEqual([
      'table "municipios": field "fid" is written as column "frontera_fid" (SQLite names ignore case, and fid and geom are the table\'s own)',
      'table "choques": field "fid" is written as column "frontera_fid" (SQLite names ignore case, and fid and geom are the table\'s own)',
      'table "choques": field "GEOM" is written as column "frontera_GEOM" (SQLite names ignore case, and fid and geom are the table\'s own)',
      'table "choques": field "nombre" is written as column "frontera_nombre" (SQLite names ignore case, and fid and geom are the table\'s own)',
    ]);
    const head = fs.readFileSync(out).subarray(0, 100);
    expect(head.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    expect(head.readUInt32BE(68)).toBe(0x47504b47); // application_id "GPKG"
    expect(head.readUInt32BE(60)).toBe(10300); // user_version: GeoPackage 1.3.0
    expect(fs.readdirSync(dir).filter((f) => f.includes('.part') || f.endsWith('-journal'))).toEqual([]);
  });

  it('ogrinfo lists the tables with their counts, geometry types, fields and types, extents and EPSG:4326', async () => {
    const list = ogrinfo('-q', out);
    expect([...list.matchAll(/^\d+: (\S+) \(/gm)].map((m) => m[1])).toEqual(names());
    for (const l of layers) {
      const info = table(l.name);
      expect(Number(/Feature Count: (\d+)/.exec(info)![1]), l.name).toBe(l.featureCount);
      expect(info).toMatch(/ID\["EPSG",4326\]\]/);
      const e = /Extent: \(([-\d.]+), ([-\d.]+)\) - \(([-\d.]+), ([-\d.]+)\)/.exec(info)!.slice(1).map(Number);
      l.bbox!.forEach((v, k) => expect(Math.abs(e[k] - v), `${l.name} extent`).toBeLessThan(1e-6));
      const fields = [...info.matchAll(/^(\S+): (\w+) \(/gm)].map((m) => [m[1], m[2]]);
      const expected = (await layerItem(backend.store, l)).fields.map((f) => [
        f.name,
        { integer: 'Integer64', number: 'Real', boolean: 'Integer', string: 'String', date: 'String', unknown: 'String' }[f.type],
      ]);
      expected.forEach((f) => (f[0] = column(l.name, f[0]!)));
      expect(fields, l.name).toEqual(expected);
    }
    for (const l of layers) expect(table(l.name)).toContain(`Geometry: ${l.geometryType.replace(/^Multi/, 'Multi ')}\n`);
    expect(table(`dbscan_${dbscan.id}`)).toMatch(/Geometry: (Multi )?Polygon\n/);
    // DBSCAN's first and last times are ISO instants: a DATETIME column.
    expect(table(`dbscan_${dbscan.id}`)).toMatch(/^first_time: DateTime \(/m);
  });

  it('ogr2ogr reads the same features and attributes as the workspace holds (coordinates ≤ 1e-7)', async () => {
    for (const l of layers) {
      const item = await layerItem(backend.store, l);
      const ours = [];
      for await (const f of item.features()) ours.push(f);
      const gdal = gdalRead(out, l.name);
      expect(gdal.length).toBe(ours.length);
      let worst = 0;
      ours.forEach((f, i) => {
        worst = Math.max(worst, maxDiff(asDeclared(f.geometry, l.geometryType), gdal[i].geometry));
        const expected = Object.fromEntries(Object.entries(f.properties).map(([k, v]) => [column(l.name, k), v === undefined ? null : v]));
        expect(gdal[i].properties, `${l.name} feature ${i + 1}`).toEqual(expected);
      });
      expect(worst, l.name).toBeLessThanOrEqual(1e-7);
    }
    const stored = (backend.workspace.getAnalysis(dbscan.id).result as { geojson: FeatureCollection }).geojson.features;
    const gdal = gdalRead(out, `dbscan_${dbscan.id}`);
    expect(gdal.length).toBe(stored.length);
    stored.forEach((f, i) => {
      expect(maxDiff(f.geometry, gdal[i].geometry)).toBeLessThanOrEqual(1e-7);
      for (const [k, v] of Object.entries(f.properties ?? {})) {
        const g = gdal[i].properties![k];
        // GDAL gives a DATETIME without its milliseconds when they are 0.
        if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v)) expect(Date.parse(g as string), k).toBe(Date.parse(v));
        // An object goes in as its JSON text, which GDAL's GeoJSON output turns back into an object.
        else if (typeof v === 'object' && v !== null) expect(typeof g === 'string' ? JSON.parse(g) : g, k).toEqual(v);
        else expect(g, k).toEqual(v);
      }
    });
  });

  it('passes GDAL’s GeoPackage validator, extra checks and warnings as errors', () => {
    expect(VALIDATOR, 'validate_gpkg.py (Debian python3-gdal)').toBeDefined();
    const r = spawnSync('/usr/bin/python3', [VALIDATOR!, '--extra', '--warning-as-error', out], { encoding: 'utf8' });
    expect(r.stderr + r.stdout).toBe('');
    expect(r.status).toBe(0);
  });

  it('holds the result’s provenance in gpkg_metadata, referenced to its table', () => {
    const db = new Database(out, { readonly: true });
    try {
      const rows = db
        .prepare('SELECT r.reference_scope AS scope, r.table_name AS t, m.md_scope AS md, m.mime_type AS mime, m.metadata AS json FROM gpkg_metadata_reference r JOIN gpkg_metadata m ON m.id = r.md_file_id')
        .all() as { scope: string; t: string; md: string; mime: string; json: string }[];
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ scope: 'table', t: `dbscan_${dbscan.id}`, md: 'dataset', mime: 'application/json' });
      const p = JSON.parse(rows[0].json) as { analysisId: number; kind: string; input: { inputFingerprint: string; layer: string } };
      expect(p).toMatchObject({ analysisId: dbscan.id, kind: 'dbscan', input: { inputFingerprint: dbscan.inputFingerprint, layer: 'incidentes' } });
    } finally {
      db.close();
    }
  });

  it('has a filled R-tree that answers GDAL’s spatial filter, kept right by its triggers through GDAL’s edits', () => {
    const copy = path.join(dir, 'editada.gpkg');
    fs.copyFileSync(out, copy);
    const box = ['-115.2', '32.3', '-114.7', '32.7'];
    const inside = (f: Feature): boolean => {
      const [x, y] = (f.geometry as { coordinates: Position }).coordinates;
      return x >= -115.2 && x <= -114.7 && y >= 32.3 && y <= 32.7;
    };
    const all = gdalRead(copy, 'incidentes');
    const filtered = gdalRead(copy, 'incidentes', '-spat', ...box);
    expect(filtered.length).toBeGreaterThan(100);
    // GDAL returns what the R-tree finds in the R-tree's order.
    const ids = (fs: Feature[]): string[] => fs.map((f) => f.properties!.id as string).sort();
    expect(ids(filtered)).toEqual(ids(all.filter(inside)));
    const count = (t: string): number => {
      const db = new Database(copy, { readonly: true });
      try {
        return (db.prepare(`SELECT count(*) AS n FROM "rtree_${t}_geom"`).get() as { n: number }).n;
      } finally {
        db.close();
      }
    };
    expect(count('incidentes')).toBe(all.length);
    // Through GDAL (which supplies ST_MinX …): delete one, move one out of the box, move one in.
    const movedOut = filtered[0].properties!.id as string;
    const movedIn = all.find((f) => !inside(f))!.properties!.id as string;
    ogrinfo(copy, '-q', '-sql', `DELETE FROM incidentes WHERE id = '${filtered[1].properties!.id as string}'`);
    const gpkgBlob = (x: number, y: number): string => {
      const b = Buffer.alloc(29);
      b.write('GP', 0, 'latin1');
      b[3] = 1;
      b.writeInt32LE(4326, 4);
      b[8] = 1;
      b.writeUInt32LE(1, 9);
      b.writeDoubleLE(x, 13);
      b.writeDoubleLE(y, 21);
      return b.toString('hex');
    };
    ogrinfo(copy, '-q', '-sql', `UPDATE incidentes SET geom = X'${gpkgBlob(-110, 30)}' WHERE id = '${movedOut}'`);
    ogrinfo(copy, '-q', '-sql', `UPDATE incidentes SET geom = X'${gpkgBlob(-115, 32.5)}' WHERE id = '${movedIn}'`);
    expect(count('incidentes')).toBe(all.length - 1);
    const after = ids(gdalRead(copy, 'incidentes', '-spat', ...box));
    const expected = ids(gdalRead(copy, 'incidentes').filter(inside));
    expect(after).toEqual(expected);
    expect(after).toContain(movedIn);
    expect(after).not.toContain(movedOut);
  });

  it('reads back into Frontera as the same layers', async () => {
    const again = openBackend(path.join(dir, 'vuelta.frontera'), { create: true });
    try {
      const summaries = await again['import.run']({ paths: [out] });
      expect(summaries.map((s) => s.layer)).toEqual(names());
      expect(summaries.map((s) => s.featureCount)).toEqual([...layers.map((l) => l.featureCount), (backend.workspace.getAnalysis(dbscan.id).result as { geojson: FeatureCollection }).geojson.features.length]);
      expect(summaries.every((s) => s.sourceCrs === 'EPSG:4326')).toBe(true);
    } finally {
      again.close();
    }
  });
});

describe('a failed export', () => {
  it('leaves nothing behind: a folder where the file should go refuses the rename, and the temporary database goes', async () => {
    const blocked = path.join(dir, 'bloqueado');
    fs.mkdirSync(path.join(blocked, 'salida.gpkg'), { recursive: true });
    const err = await backend['export.items']({ layers: [layers[1].id], analyses: [dbscan.id], out: path.join(blocked, 'salida.gpkg') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/cannot write ".*salida\.gpkg"/);
    expect(fs.readdirSync(blocked)).toEqual(['salida.gpkg']);
    expect(fs.readdirSync(path.join(blocked, 'salida.gpkg'))).toEqual([]);
  });

  it('cancelled midway leaves nothing either', async () => {
    // Progress (and so a cancel) comes every 50,000 features written.
    const big = path.join(dir, 'muchos.csv');
    writePoints(big, 60_000, 9);
    const [s] = await backend['import.run']({ paths: [big] });
    const target = path.join(dir, 'cancelada.gpkg');
    const abort = new AbortController();
    const err = await backend['export.items'](
      { layers: [s.layerId], analyses: [], out: target },
      { signal: abort.signal, onProgress: () => abort.abort() },
    ).catch((e: unknown) => e);
    expect((err as Error).name).toBe('CancelledError');
    expect(fs.readdirSync(dir).filter((f) => f.includes('cancelada'))).toEqual([]);
  });
});
