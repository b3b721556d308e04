/**
 * The row store's point reader (layers of older workspaces, and point rows of mixed layers):
 * readPointColumns takes a rowid scan for big layers and the indexes for small ones, reads in
 * batches and codes categories in SQL: every path must give exactly the rows and codes of the
 * plain per-row reading it replaced.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NormalizedFeature } from '../../../shared/model/feature.ts';
import { createRng } from '../../../shared/synth/random.ts';
import { Workspace, type LayerMeta } from '../../../electron/backend/store/workspace.ts';
import { featureFilterSql, type FeatureFilter } from '../../../electron/backend/store/featureFilter.ts';
import type { PointColumns } from '../../../shared/model/points.ts';

let dir: string;
let file: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-pointcols-'));
  file = path.join(dir, 'w.frontera');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function meta(name: string): LayerMeta {
  return { name, sourceFile: `${name}.csv`, sourceFormat: 'csv', sourceCrs: 'EPSG:4326', fields: [], fingerprint: name.padEnd(64, '0'), mapping: {}, metadata: {} };
}

/** Seeded points over `cats`; some without geometry, time, category, quantity or unit. */
function points(n: number, cats: string[], seed: number): NormalizedFeature[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => ({
    sourceIndex: i,
    geometry: i % 11 === 0 ? null : { type: 'Point', coordinates: [-115.5 + rng.next(), 32 + rng.next()] },
    properties: {},
    time: i % 7 === 0 ? null : Date.UTC(2024, 0, 1) + rng.int(365) * 86_400_000,
    timePrecision: i % 7 === 0 ? null : i % 3 === 0 ? 'date' : 'instant',
    category: i % 5 === 0 ? null : cats[rng.int(cats.length)],
    quantity: i % 4 === 0 ? null : Math.round(rng.next() * 1000) / 10,
    unit: i % 4 === 0 ? null : i % 3 ? 'kg' : 'units',
  }));
}

/** The reading readPointColumns replaced: one row at a time, strings coded in order of first appearance. */
function reference(db: Database.Database, layerId: number, filter: FeatureFilter) {
  const { where, params } = featureFilterSql(layerId, filter);
  const rows = db
    .prepare(`SELECT id, lon, lat, time, time_precision, category, quantity, unit, source_index FROM features WHERE ${where} AND lon IS NOT NULL AND lat IS NOT NULL ORDER BY id`)
    .raw()
    .all(...params) as unknown[][];
  const categories: string[] = [];
  const units: string[] = [];
  const code = (list: string[], v: unknown) => {
    if (v === null) return -1;
    let k = list.indexOf(v as string);
    if (k < 0) k = list.push(v as string) - 1;
    return k;
  };
  const nan = (v: unknown) => (v === null ? NaN : (v as number));
  return {
    count: rows.length,
    ids: rows.map((r) => r[0]),
    lon: rows.map((r) => r[1]),
    lat: rows.map((r) => r[2]),
    time: rows.map((r) => nan(r[3])),
    timePrecision: rows.map((r) => (r[4] === 'instant' ? 1 : r[4] === 'date' ? 2 : 0)),
    category: rows.map((r) => code(categories, r[5])),
    categories,
    quantity: rows.map((r) => nan(r[6])),
    unit: rows.map((r) => code(units, r[7])),
    units,
    sourceIndex: rows.map((r) => r[8]),
  };
}

function plain(c: PointColumns) {
  const columns = ['ids', 'lon', 'lat', 'time', 'timePrecision', 'category', 'quantity', 'unit', 'sourceIndex'] as const;
  for (const k of columns) expect(c[k].length, k).toBe(c.count);
  return { ...Object.fromEntries(columns.map((k) => [k, Array.from(c[k])])), count: c.count, categories: c.categories, units: c.units };
}

const CATS = ['homicidio', 'enfrentamiento', 'aseguramiento_droga', 'robo'];
const from = Date.UTC(2024, 3, 1);
const to = Date.UTC(2024, 8, 1);
const FILTERS: FeatureFilter[] = [
  {},
  { from },
  { from, to },
  { categories: ['robo', 'homicidio'] },
  { from, categories: ['enfrentamiento'] },
  { categories: [] },
  { bbox: [-115.3, 32.1, -114.9, 32.6] },
];

describe('readPointColumns', () => {
  it('reads big layers (rowid scan, several batches) and small ones (indexes) exactly as row by row', () => {
    const ws = Workspace.open(file, { create: true });
    // A big layer, a small one after it (index path), and a big one again (scan path, not first).
    const big = ws.insertLayer(meta('big'), points(36_000, CATS, 1), { storage: 'rows' });
    const small = ws.insertLayer(meta('small'), points(600, CATS.slice(1), 2), { storage: 'rows' });
    const big2 = ws.insertLayer(meta('big2'), points(8_000, ['x', 'y'], 3), { storage: 'rows' });
    ws.close();
    const db = new Database(file, { readonly: true });
    const again = Workspace.open(file);
    try {
      for (const layer of [big, small, big2]) {
        for (const filter of FILTERS) {
          const got = again.readPoints(layer, filter);
          expect(plain(got), `layer ${layer} ${JSON.stringify(filter)}`).toEqual(reference(db, layer, filter));
        }
      }
      expect(again.readPoints(big).count).toBe(36_000 - Math.ceil(36_000 / 11));
    } finally {
      again.close();
      db.close();
    }
  });

  it('codes categories the layer record does not list, and more categories than a CASE holds', () => {
    const many = Array.from({ length: 100 }, (_, i) => `cat_${i}`);
    const ws = Workspace.open(file, { create: true });
    const a = ws.insertLayer(meta('many'), points(8_000, many, 4), { storage: 'rows' });
    const b = ws.insertLayer(meta('few'), points(8_000, CATS, 5), { storage: 'rows' });
    ws.close();
    // The stored category list lacks some values (and is reordered): the SQL sends those as text.
    const rw = new Database(file);
    rw.prepare('UPDATE layers SET categories = ? WHERE id = ?').run(JSON.stringify([{ category: 'robo', count: 1 }, { category: 'homicidio', count: 1 }]), b);
    rw.close();
    const db = new Database(file, { readonly: true });
    const again = Workspace.open(file);
    try {
      for (const layer of [a, b]) {
        for (const filter of FILTERS) expect(plain(again.readPoints(layer, filter))).toEqual(reference(db, layer, filter));
      }
    } finally {
      again.close();
      db.close();
    }
  });
});
