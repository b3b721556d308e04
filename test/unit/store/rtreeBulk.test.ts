import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NormalizedFeature } from '../../../shared/model/feature.ts';
import { createRng } from '../../../shared/synth/random.ts';
import { Workspace, type LayerMeta } from '../../../electron/backend/store/workspace.ts';
import { BULK_RTREE_MIN } from '../../../electron/backend/store/layerWriter.ts';
import { f32Down, f32Up } from '../../../electron/backend/store/rtreeBulk.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-rtree-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function pts(n: number, seed: number, lon0 = -115.5): NormalizedFeature[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => ({
    sourceIndex: i,
    geometry: { type: 'Point', coordinates: [lon0 + rng.next(), 32 + rng.next() * 0.8] },
    properties: {},
    time: i % 9 === 0 ? null : Date.UTC(2024, 0, 1) + rng.int(366) * 86_400_000,
    timePrecision: i % 9 === 0 ? null : 'instant',
    category: ['a', 'b', 'c'][rng.int(3)],
    quantity: null,
    unit: null,
  }));
}

function boxes(n: number, seed: number): NormalizedFeature[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => {
    const x = -116 + rng.next() * 2;
    const y = 31.5 + rng.next() * 1.5;
    return {
      sourceIndex: i,
      geometry: { type: 'LineString', coordinates: [[x, y], [x + rng.next() * 0.3, y + rng.next() * 0.3]] },
      properties: {},
      time: null,
      timePrecision: null,
      category: null,
      quantity: null,
      unit: null,
    };
  });
}

const meta = (name: string): LayerMeta => ({
  name, sourceFile: name, sourceFormat: 'csv', sourceCrs: 'WGS 84', fields: [], fingerprint: '0', mapping: {}, metadata: {},
});

function check(ws: Workspace): void {
  const r = ws.connection.prepare("SELECT rtreecheck('features_rtree') AS r").get() as { r: string };
  expect(r.r).toBe('ok');
  const n = (sql: string): number => (ws.connection.prepare(sql).get() as { n: number }).n;
  expect(n('SELECT count(*) n FROM features_rtree')).toBe(n('SELECT count(*) n FROM features WHERE geometry IS NOT NULL OR lon IS NOT NULL'));
  expect(n('SELECT count(*) n FROM features f JOIN features_rtree r ON r.id = f.id')).toBe(n('SELECT count(*) n FROM features_rtree'));
}

/** Ids whose stored extent meets the box, by brute force over the features table. */
function scan(ws: Workspace, layerId: number, box: [number, number, number, number]): number[] {
  const out: number[] = [];
  for (const f of ws.iterateFeatures(layerId)) {
    const g = f.geometry!;
    const cs = g.type === 'Point' ? [g.coordinates] : (g as GeoJSON.LineString).coordinates;
    const xs = cs.map((c) => c[0]);
    const ys = cs.map((c) => c[1]);
    if (Math.max(...xs) >= box[0] && Math.min(...xs) <= box[2] && Math.max(...ys) >= box[1] && Math.min(...ys) <= box[3]) out.push(f.id);
  }
  return out;
}

describe('bulk-loaded R*Tree', () => {
  it('rounds outwards to float32 like SQLite', () => {
    for (const d of [-114.7717, 32.4561, 0.1, -0.1, 1e-9, 123456.789]) {
      expect(f32Down(d)).toBeLessThanOrEqual(d);
      expect(f32Up(d)).toBeGreaterThanOrEqual(d);
      expect(Math.fround(f32Down(d))).toBe(f32Down(d));
      expect(Math.fround(f32Up(d))).toBe(f32Up(d));
    }
    expect(f32Down(0.5)).toBe(0.5);
  });

  it('packs a valid tree that SQLite queries, updates and deletes from like one it built itself', () => {
    const ws = Workspace.open(path.join(dir, 'w.frontera'), { create: true });
    const lines = ws.insertLayer(meta('lines'), boxes(300, 2), { storage: 'rows' });
    const big = ws.insertLayer(meta('big'), pts(BULK_RTREE_MIN + 5000, 1), { storage: 'rows' });
    check(ws);
    const depth = (ws.connection.prepare('SELECT data FROM features_rtree_node WHERE nodeno = 1').get() as { data: Buffer }).data.readUInt16BE(0);
    expect(depth).toBeGreaterThanOrEqual(2);
    const box: [number, number, number, number] = [-115.2, 32.1, -114.9, 32.4];
    for (const id of [lines, big]) {
      expect([...ws.iterateFeatures(id, { bbox: box })].map((f) => f.id)).toEqual(scan(ws, id, box));
    }
    // A second big layer repacks the tree with the first one's entries in it.
    const big2 = ws.insertLayer(meta('big2'), pts(BULK_RTREE_MIN + 100, 7, -115.3), { storage: 'rows' });
    check(ws);
    expect([...ws.iterateFeatures(big2, { bbox: box })].map((f) => f.id)).toEqual(scan(ws, big2, box));
    // SQLite's own inserts and deletes work on the packed tree.
    const small = ws.insertLayer(meta('small'), pts(500, 3), { storage: 'rows' });
    check(ws);
    ws.removeLayer(big, 'test');
    check(ws);
    for (const id of [lines, big2, small]) {
      expect([...ws.iterateFeatures(id, { bbox: box })].map((f) => f.id)).toEqual(scan(ws, id, box));
    }
    ws.close();
    // And the file reopens with the same answers.
    const again = Workspace.open(path.join(dir, 'w.frontera'));
    check(again);
    expect([...again.iterateFeatures(big2, { bbox: box })].map((f) => f.id)).toEqual(scan(again, big2, box));
    again.close();
  });

  it('drops the secondary indexes during a big import and builds them again (or rolls back with them)', () => {
    const ws = Workspace.open(path.join(dir, 'w.frontera'), { create: true });
    const indexes = (): string[] =>
      (ws.connection.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'features' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    const want = ['features_layer_category', 'features_layer_time'];
    expect(indexes()).toEqual(want);
    ws.insertLayer(meta('small'), pts(200, 4), { storage: 'rows' });
    const before = ws.contentHash();
    function* failing(): Generator<NormalizedFeature> {
      yield* pts(120_000, 5);
      throw new Error('source broke');
    }
    expect(() => ws.insertLayer(meta('broken'), failing(), { storage: 'rows' })).toThrow('source broke');
    expect(indexes()).toEqual(want);
    expect(ws.contentHash()).toBe(before);
    const input = pts(120_000, 6);
    const id = ws.insertLayer(meta('big'), input, { storage: 'rows' });
    expect(indexes()).toEqual(want);
    expect((ws.connection.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check).toBe('ok');
    const from = Date.UTC(2024, 2, 1);
    const to = Date.UTC(2024, 4, 1);
    const expected = input.filter((f) => f.time !== null && f.time >= from && f.time < to && f.category === 'b').map((f) => f.sourceIndex);
    expect([...ws.iterateFeatures(id, { from, to, categories: ['b'] })].map((f) => f.sourceIndex)).toEqual(expected);
    const plan = ws.connection.prepare('EXPLAIN QUERY PLAN SELECT id FROM features WHERE layer_id = ? AND time >= ? AND time < ?').all(id, from, to) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/features_layer_time/);
    ws.close();
  });
});
