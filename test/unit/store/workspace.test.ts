import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NormalizedFeature } from '../../../shared/model/feature.ts';
import { createRng } from '../../../shared/synth/random.ts';
import { Workspace, CancelledError } from '../../../electron/backend/store/workspace.ts';
import { SCHEMA_VERSION } from '../../../electron/backend/store/migrations.ts';
import type { LayerMeta } from '../../../electron/backend/store/workspace.ts';

let dir: string;
let file: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-store-'));
  file = path.join(dir, 'w.frontera');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const CATS = ['homicidio', 'enfrentamiento', 'aseguramiento_droga'];

/** Seeded points; every 7th has no time, every 5th no category. */
function points(n: number, seed = 7): NormalizedFeature[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => ({
    sourceIndex: i,
    geometry: { type: 'Point', coordinates: [-115.5 + rng.next(), 32 + rng.next()] },
    properties: { id: `INC-${i}`, municipio: i % 2 ? 'Mexicali' : 'San Luis Río Colorado' },
    time: i % 7 === 0 ? null : Date.UTC(2024, 0, 1) + rng.int(365) * 86_400_000,
    timePrecision: i % 7 === 0 ? null : i % 3 === 0 ? 'date' : 'instant',
    category: i % 5 === 0 ? null : CATS[rng.int(CATS.length)],
    quantity: i % 4 === 0 ? null : Math.round(rng.next() * 1000) / 10,
    unit: i % 4 === 0 ? null : 'kg',
  }));
}

function polygons(n: number, seed = 3): NormalizedFeature[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => {
    const x = -116 + rng.next() * 2;
    const y = 31 + rng.next() * 2;
    const d = 0.01 + rng.next() * 0.2;
    return {
      sourceIndex: i,
      geometry: { type: 'Polygon', coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]] },
      properties: { n: i },
      time: null,
      timePrecision: null,
      category: null,
      quantity: null,
      unit: null,
    };
  });
}

function meta(name: string): LayerMeta {
  return {
    name,
    sourceFile: `${name}.csv`,
    sourceFormat: 'csv',
    sourceCrs: 'WGS 84',
    fields: [{ name: 'id', type: 'string' }],
    fingerprint: 'f'.repeat(64),
    mapping: { category: 'tipo' },
    metadata: { note: 'test' },
  };
}

const count = (ws: Workspace, sql: string, ...p: unknown[]): number =>
  (ws.connection.prepare(sql).get(...p) as { n: number }).n;

describe('Workspace: schema and settings', () => {
  it('creates a WAL database with foreign keys, the current schema and default settings', () => {
    const ws = Workspace.open(file, { create: true });
    expect(ws.schemaVersion).toBe(SCHEMA_VERSION);
    expect(ws.journalMode).toBe('wal');
    expect(ws.connection.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(ws.timezone).toBe('America/Tijuana');
    expect(ws.setting('created_at')).toMatch(/^\d{4}-\d\d-\d\dT/);
    ws.setTimezone('America/Hermosillo');
    ws.close();
    const again = Workspace.open(file);
    expect(again.timezone).toBe('America/Hermosillo');
    expect(again.schemaVersion).toBe(SCHEMA_VERSION);
    again.close();
  });

  it('refuses a missing file without create, a non-database, a foreign database and a newer schema', () => {
    expect(() => Workspace.open(file)).toThrow(/workspace not found: .*w\.frontera.*frontera init/);
    fs.writeFileSync(file, 'this is not sqlite at all, just some text that is long enough '.repeat(20));
    expect(() => Workspace.open(file)).toThrow(/not a Frontera workspace/);
    fs.rmSync(file);
    const other = new Database(file);
    other.exec('CREATE TABLE t (x)');
    other.close();
    expect(() => Workspace.open(file)).toThrow(/SQLite database but not a Frontera workspace/);
    fs.rmSync(file);
    const ws = Workspace.open(file, { create: true });
    ws.connection.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    ws.close();
    expect(() => Workspace.open(file)).toThrow(/newer Frontera/);
  });

  it('rejects an unknown time zone', () => {
    const ws = Workspace.open(file, { create: true });
    expect(() => ws.setTimezone('Mars/Olympus')).toThrow(/unknown time zone/);
    ws.close();
  });
});

describe('Workspace: layers', () => {
  it('stores a layer with statistics that match its features', () => {
    const ws = Workspace.open(file, { create: true });
    const pts = points(1000);
    const id = ws.insertLayer(meta('pts'), pts);
    const l = ws.getLayer('pts');
    expect(l.id).toBe(id);
    expect(l.featureCount).toBe(1000);
    expect(l.geometryType).toBe('Point');
    const xs = pts.map((f) => (f.geometry as GeoJSON.Point).coordinates[0]);
    const ys = pts.map((f) => (f.geometry as GeoJSON.Point).coordinates[1]);
    expect(l.bbox).toEqual([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]);
    const times = pts.flatMap((f) => (f.time === null ? [] : [f.time]));
    expect(l.timeRange).toEqual([Math.min(...times), Math.max(...times)]);
    const expectCats = new Map<string, number>();
    for (const f of pts) if (f.category) expectCats.set(f.category, (expectCats.get(f.category) ?? 0) + 1);
    expect(Object.fromEntries(l.categories.map((c) => [c.category, c.count]))).toEqual(Object.fromEntries(expectCats));
    expect(l.mapping).toEqual({ category: 'tipo' });
    expect(l.metadata).toEqual({ note: 'test' });
    expect(ws.getLayer(String(id)).name).toBe('pts');
    expect(() => ws.getLayer('nope')).toThrow(/no layer "nope".*1 pts/);
    ws.close();
  });

  it('round-trips features, including date-only times and null fields', () => {
    const ws = Workspace.open(file, { create: true });
    const pts = points(300);
    const polys = polygons(20);
    const a = ws.insertLayer(meta('pts'), pts);
    const b = ws.insertLayer(meta('polys'), polys);
    const back = [...ws.iterateFeatures(a)].map(({ id: _id, ...f }) => f);
    expect(back).toEqual(pts);
    const backPolys = [...ws.iterateFeatures(b)].map(({ id: _id, ...f }) => f);
    expect(backPolys).toEqual(polys);
    ws.close();
  });

  it('refuses a second layer with the same name and rolls back a failed or cancelled insert', () => {
    const ws = Workspace.open(file, { create: true });
    ws.insertLayer(meta('pts'), points(10));
    const before = ws.contentHash();
    expect(() => ws.insertLayer(meta('pts'), points(10))).toThrow(/already exists.*--layer/);
    function* failing(): Generator<NormalizedFeature> {
      yield* points(500);
      throw new Error('source broke');
    }
    expect(() => ws.insertLayer(meta('other'), failing())).toThrow('source broke');
    const ac = new AbortController();
    ac.abort();
    expect(() => ws.insertLayer(meta('other'), points(20_000), { signal: ac.signal })).toThrow(CancelledError);
    expect(ws.contentHash()).toBe(before);
    expect(ws.listLayers().map((l) => l.name)).toEqual(['pts']);
    ws.close();
  });

  it('keeps the R*Tree in step with features, and cascades a layer removal to features, index and analyses', () => {
    const ws = Workspace.open(file, { create: true });
    const a = ws.insertLayer(meta('pts'), points(2000), { storage: 'rows' });
    const b = ws.insertLayer(meta('polys'), polygons(50));
    expect(count(ws, 'SELECT count(*) n FROM features_rtree')).toBe(2050);
    expect(count(ws, 'SELECT count(*) n FROM features f JOIN features_rtree r ON r.id = f.id')).toBe(2050);
    const check = ws.connection.prepare("SELECT rtreecheck('features_rtree') AS r").get() as { r: string };
    expect(check.r).toBe('ok');
    const an = ws.saveAnalysis({ kind: 'dbscan', layerId: a, params: { eps: 500 }, inputFingerprint: 'x', result: [1, 2], summary: {} });
    ws.saveAnalysis({ kind: 'kde', layerId: b, params: {}, inputFingerprint: 'y', result: new Uint8Array([1, 2, 3]), summary: { n: 1 } });
    expect(ws.removeLayer(a, 'test')).toBe(2000);
    expect(count(ws, 'SELECT count(*) n FROM features WHERE layer_id = ?', a)).toBe(0);
    expect(count(ws, 'SELECT count(*) n FROM features_rtree')).toBe(50);
    expect(count(ws, 'SELECT count(*) n FROM features f JOIN features_rtree r ON r.id = f.id')).toBe(50);
    expect(() => ws.getAnalysis(an)).toThrow(/no analysis/);
    expect(ws.listAnalyses().map((x) => x.kind)).toEqual(['kde']);
    expect(ws.listAudit(5)[0]).toMatchObject({ actor: 'test', action: 'layer.remove', target: 'pts' });
    // A point layer in column blocks: no R*Tree entries, and its blocks go with it.
    const c = ws.insertLayer(meta('blocks'), points(40_000));
    expect(count(ws, 'SELECT count(*) n FROM point_blocks WHERE layer_id = ?', c)).toBe(3);
    expect(count(ws, 'SELECT sum(count) n FROM point_blocks WHERE layer_id = ?', c)).toBe(40_000);
    expect(count(ws, 'SELECT count(*) n FROM features_rtree')).toBe(50);
    expect(ws.removeLayer(c, 'test')).toBe(40_000);
    expect(count(ws, 'SELECT count(*) n FROM point_blocks')).toBe(0);
    ws.close();
  });

  it('answers bbox, time and category filters like a scan over the inputs', () => {
    const ws = Workspace.open(file, { create: true });
    const pts = points(3000, 11);
    const polys = polygons(200, 5);
    const a = ws.insertLayer(meta('pts'), pts);
    const b = ws.insertLayer(meta('polys'), polys);
    const box: [number, number, number, number] = [-115.3, 32.2, -114.9, 32.6];
    const inBox = pts.filter((f) => {
      const [x, y] = (f.geometry as GeoJSON.Point).coordinates;
      return x >= box[0] && x <= box[2] && y >= box[1] && y <= box[3];
    });
    expect([...ws.iterateFeatures(a, { bbox: box })].map((f) => f.sourceIndex)).toEqual(inBox.map((f) => f.sourceIndex));
    const from = Date.UTC(2024, 3, 1);
    const to = Date.UTC(2024, 6, 1);
    const want = pts.filter((f) => f.time !== null && f.time >= from && f.time < to && (f.category === 'homicidio' || f.category === 'enfrentamiento'));
    const got = [...ws.iterateFeatures(a, { from, to, categories: ['homicidio', 'enfrentamiento'] })];
    expect(got.map((f) => f.sourceIndex)).toEqual(want.map((f) => f.sourceIndex));
    expect(ws.countFeatures(a, { from, to, categories: ['homicidio', 'enfrentamiento'] })).toBe(want.length);
    // Polygons meet the box when their extents overlap it.
    const polyWant = polys.filter((f) => {
      const ring = (f.geometry as GeoJSON.Polygon).coordinates[0];
      const [x0, y0] = ring[0];
      const [x1, y1] = ring[2];
      return x1 >= box[0] && x0 <= box[2] && y1 >= box[1] && y0 <= box[3];
    });
    expect([...ws.iterateFeatures(b, { bbox: box })].map((f) => f.sourceIndex)).toEqual(polyWant.map((f) => f.sourceIndex));
    expect([...ws.iterateFeatures(a, { limit: 5, offset: 10 })].map((f) => f.sourceIndex)).toEqual([10, 11, 12, 13, 14]);
    ws.close();
  });

  it('reads points as typed columns matching the inputs', () => {
    const ws = Workspace.open(file, { create: true });
    const pts = points(5000, 21);
    const a = ws.insertLayer(meta('pts'), pts);
    const c = ws.readPoints(a);
    expect(c.count).toBe(5000);
    for (let i = 0; i < pts.length; i += 97) {
      const f = pts[i];
      const [x, y] = (f.geometry as GeoJSON.Point).coordinates;
      expect(c.lon[i]).toBe(x);
      expect(c.lat[i]).toBe(y);
      expect(c.sourceIndex[i]).toBe(f.sourceIndex);
      if (f.time === null) expect(Number.isNaN(c.time[i])).toBe(true);
      else expect(c.time[i]).toBe(f.time);
      expect(c.timePrecision[i]).toBe(f.timePrecision === null ? 0 : f.timePrecision === 'instant' ? 1 : 2);
      expect(c.category[i] === -1 ? null : c.categories[c.category[i]]).toBe(f.category);
      if (f.quantity === null) expect(Number.isNaN(c.quantity[i])).toBe(true);
      else expect(c.quantity[i]).toBe(f.quantity);
      expect(c.unit[i] === -1 ? null : c.units[c.unit[i]]).toBe(f.unit);
    }
    const from = Date.UTC(2024, 5, 1);
    const filtered = ws.readPoints(a, { from, categories: ['homicidio'] });
    expect(filtered.count).toBe(pts.filter((f) => f.time !== null && f.time >= from && f.category === 'homicidio').length);
    expect(filtered.categories).toEqual(['homicidio']);
    ws.close();
  });
});

describe('Workspace: analyses, audit and content hash', () => {
  it('stores analyses with JSON or binary results', () => {
    const ws = Workspace.open(file, { create: true });
    const a = ws.insertLayer(meta('pts'), points(10));
    const j = ws.saveAnalysis({ kind: 'gi', layerId: a, params: { cell: 500 }, inputFingerprint: 'abc', result: { bins: [1, 2] }, summary: { hot: 1 } });
    const bytes = new Uint8Array([0, 255, 7]);
    const k = ws.saveAnalysis({ kind: 'kde', layerId: a, params: {}, inputFingerprint: 'abc', result: bytes, summary: null });
    expect(ws.getAnalysis(j)).toMatchObject({ kind: 'gi', layerId: a, params: { cell: 500 }, result: { bins: [1, 2] }, summary: { hot: 1 } });
    expect(Array.from(ws.getAnalysis(k).result as Uint8Array)).toEqual([0, 255, 7]);
    expect(ws.listAnalyses(a).map((x) => x.id)).toEqual([j, k]);
    ws.close();
  });

  it('changes the content hash on any write and keeps it across reopening', () => {
    const ws = Workspace.open(file, { create: true });
    ws.insertLayer(meta('pts'), points(100));
    const h1 = ws.contentHash();
    expect(ws.contentHash()).toBe(h1);
    ws.close();
    const again = Workspace.open(file);
    expect(again.contentHash()).toBe(h1);
    again.audit('t', 'note', null, {});
    const h2 = again.contentHash();
    expect(h2).not.toBe(h1);
    // The attribute columns of a point block.
    again.connection.prepare('UPDATE point_blocks SET attrs = zeroblob(length(attrs))').run();
    const h3 = again.contentHash();
    expect(h3).not.toBe(h2);
    again.insertLayer(meta('rows'), points(10), { storage: 'rows' });
    const h4 = again.contentHash();
    again.connection.prepare('UPDATE features SET quantity = 1 WHERE id = (SELECT max(id) FROM features)').run();
    expect(again.contentHash()).not.toBe(h4);
    again.close();
  });
});

describe('Workspace: two writers', () => {
  it('makes the second writer wait, then fail with "workspace busy" naming the file', () => {
    const ws = Workspace.open(file, { create: true });
    const other = Workspace.open(file, { busyTimeoutMs: 200 });
    const tx = ws.beginLayer(meta('held'));
    tx.add(points(1)[0]);
    const t0 = Date.now();
    expect(() => other.insertLayer(meta('second'), points(5))).toThrow(
      `workspace busy: another process is writing ${file}; try again when it finishes`,
    );
    expect(Date.now() - t0).toBeGreaterThanOrEqual(150);
    tx.commit(tx.finish());
    // Once the lock is free the second writer goes through, and nothing of the first is lost.
    other.insertLayer(meta('second'), points(5));
    expect(ws.listLayers().map((l) => [l.name, l.featureCount])).toEqual([
      ['held', 1],
      ['second', 5],
    ]);
    other.close();
    ws.close();
  });
});
