/**
 * Time windows (time_end) and location precision in the store: kept exactly as the normaliser
 * gave them whichever way a layer is written — column blocks, rows, rows packed by the import
 * worker, a block layer turned into rows — and read back by the feature pages and the point
 * columns the analyses take; counted per layer (records with a window, the widest). A layer
 * without them reads as it did before: no time_end or precision column, no key on its features.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NormalizedFeature } from '../../../shared/model/feature.ts';
import { Workspace, type LayerMeta } from '../../../electron/backend/store/workspace.ts';
import { BLOCK_POINTS } from '../../../electron/backend/store/pointBlocks.ts';
import { RowPacker } from '../../../electron/backend/store/featureRows.ts';
import { geometryBBox } from '../../../shared/geo/bbox.ts';

let dir: string;
let ws: Workspace;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-windows-'));
  ws = Workspace.open(path.join(dir, 'w.frontera'), { create: true });
});
afterEach(() => {
  ws.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const meta = (name: string): LayerMeta => ({
  name, sourceFile: `${name}.csv`, sourceFormat: 'csv', sourceCrs: 'EPSG:4326', fields: [], fingerprint: name.padEnd(64, '0'),
  mapping: { time: ['fecha'], timeEnd: 'fecha_fin', precision: 'where_prec' }, metadata: {},
});

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** 00:00 PST (UTC−8) on 2 January 2023, and the days after it (no DST change until March). */
const T0 = Date.UTC(2023, 0, 2, 8);
const CODES = ['1', '2', '3', '7', 'municipio'];

/**
 * Records by `i % 10`: 0 a date-only day with its own day as end (no window), 1 a date-only week
 * (window 7 days), 2 an instant with an end 90 minutes on, 3 an instant ending at itself (no window),
 * 4 an end without a time would be refused by the normaliser, so an undated record without end;
 * the rest no end. A precision on every other record. Records of the last `bare` have neither.
 */
function features(n: number, bare = 0, lineEvery = 0): NormalizedFeature[] {
  return Array.from({ length: n }, (_, i) => {
    const day = T0 + (i % 40) * DAY;
    const f: NormalizedFeature = {
      sourceIndex: i,
      geometry: lineEvery && i % lineEvery === 0
        ? { type: 'LineString', coordinates: [[-115, 32], [-114.9, 32.1 + i * 1e-6]] }
        : { type: 'Point', coordinates: [-115.5 + (i % 97) / 100, 32 + (i % 89) / 100] },
      properties: { folio: `F-${i}` },
      time: i % 10 === 4 ? null : i % 10 < 2 ? day : day + 10 * HOUR + (i % 60) * 60_000,
      timePrecision: i % 10 === 4 ? null : i % 10 < 2 ? 'date' : 'instant',
      category: null,
      quantity: null,
      unit: null,
    };
    if (i >= n - bare) return f;
    if (i % 10 === 0) Object.assign(f, { timeEnd: day + DAY, timeEndPrecision: 'date' });
    if (i % 10 === 1) Object.assign(f, { timeEnd: day + 7 * DAY, timeEndPrecision: 'date' });
    if (i % 10 === 2) Object.assign(f, { timeEnd: f.time! + 90 * 60_000, timeEndPrecision: 'instant' });
    if (i % 10 === 3) Object.assign(f, { timeEnd: f.time, timeEndPrecision: 'instant' });
    if (i % 2 === 0) f.precision = CODES[(i / 2) % CODES.length];
    return f;
  });
}

const stripId = ({ id: _id, ...f }: NormalizedFeature & { id: number }) => f;

/** What readPoints must give for the time_end and precision of the point records of `input`. */
function expectedColumns(input: NormalizedFeature[]) {
  const points = input.filter((f) => f.geometry?.type === 'Point');
  return { timeEnd: points.map((f) => f.timeEnd ?? NaN), precision: points.map((f) => f.precision ?? null) };
}

function columnsOf(layerId: number, filter = {}) {
  const p = ws.readPoints(layerId, filter);
  return { timeEnd: Array.from(p.timeEnd!), precision: Array.from(p.precision!, (k) => (k < 0 ? null : p.precisions![k])) };
}

describe('time windows and location precision in the store', () => {
  it('keeps them in column blocks and in rows alike, reads them back as features and point columns, and counts the windows', () => {
    const n = 2 * BLOCK_POINTS + 500;
    // The last block has neither: its blobs stay NULL.
    const input = features(n, 500 + 1);
    const blocks = ws.insertLayer(meta('blocks'), input);
    const rows = ws.insertLayer(meta('rows'), input, { storage: 'rows' });
    const db = ws.connection;
    expect(db.prepare('SELECT count(*) FROM point_blocks WHERE time_end IS NULL AND precision IS NULL').pluck().get()).toBe(1);
    for (const id of [blocks, rows]) {
      expect([...ws.iterateFeatures(id)].map(stripId)).toEqual(input);
      expect(columnsOf(id)).toEqual(expectedColumns(input));
      // Windows: i % 10 === 1 (7 days) and 2 (90 minutes), up to the bare tail.
      const windowed = input.filter((f, i) => i < n - 501 && (i % 10 === 1 || i % 10 === 2)).length;
      expect(ws.getLayer(id).timeWindows).toEqual({ count: windowed, widestMs: 7 * DAY });
    }
    // The attribute table sorts by them in either storage as SQL sorts the rows (NULLs first).
    for (const field of ['$timeEnd', '$precision']) {
      for (const desc of [false, true]) {
        const sort = { sort: { field, desc }, limit: 300, offset: 16_300 };
        const fromRows = [...ws.iterateFeatures(rows, sort)].map(stripId);
        expect([...ws.iterateFeatures(blocks, sort)].map(stripId), `${field} ${desc}`).toEqual(fromRows);
        const key = (f: NormalizedFeature) => (field === '$timeEnd' ? f.timeEnd : f.precision) ?? null;
        const sorted = input.slice().sort((a, b) => {
          const [x, y] = [key(a), key(b)];
          const c = x === y ? 0 : x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
          return (c || a.sourceIndex - b.sourceIndex) * (desc ? -1 : 1);
        });
        expect(fromRows.map((f) => f.sourceIndex)).toEqual(sorted.slice(16_300, 16_600).map((f) => f.sourceIndex));
      }
    }
    // A filter reads the same records' values.
    const filter = { from: T0 + 5 * DAY, to: T0 + 12 * DAY, bbox: [-115.3, 32.1, -115.0, 32.5] as [number, number, number, number] };
    const kept = [...ws.iterateFeatures(rows, filter)].map(stripId);
    expect(kept.length).toBeGreaterThan(50);
    expect(kept.filter((f) => f.timeEnd !== undefined).length).toBeGreaterThan(20);
    // Records without either read as the row store reads them: no column.
    const none = { ...filter, from: T0 + 5 * DAY, to: T0 + 9 * DAY };
    expect(Object.keys(ws.readPoints(blocks, none))).toEqual(Object.keys(ws.readPoints(rows, none)));
    expect(columnsOf(blocks, filter)).toEqual(expectedColumns(kept));
    expect(columnsOf(rows, filter)).toEqual(expectedColumns(kept));
  });

  it('a layer without them reads as before: no time_end or precision column, no such key on its features', () => {
    const input = features(3_000, 3_000);
    for (const id of [ws.insertLayer(meta('a'), input), ws.insertLayer(meta('b'), input, { storage: 'rows' })]) {
      const p = ws.readPoints(id);
      expect(p.count).toBe(3_000);
      expect(Object.keys(p)).not.toContain('timeEnd');
      expect(Object.keys(p)).not.toContain('precision');
      expect([...ws.iterateFeatures(id)].every((f) => !('timeEnd' in f) && !('precision' in f))).toBe(true);
      expect(ws.getLayer(id).timeWindows).toEqual({ count: 0, widestMs: null });
    }
  });

  it('keeps them through the worker-packed rows and when a block layer turns into rows', () => {
    // A line at every 1,000th record: the first turns the blocks so far into rows.
    const input = features(BLOCK_POINTS + 4_000, 0, 1_000).map((f, i) => (i === 0 ? { ...f, geometry: { type: 'Point' as const, coordinates: [-115, 32] } } : f));
    const direct = ws.insertLayer(meta('direct'), input);
    expect(ws.connection.prepare('SELECT storage FROM layers WHERE id = ?').pluck().get(direct)).toBe('rows');
    expect([...ws.iterateFeatures(direct)].map(stripId)).toEqual(input);

    const tx = ws.beginLayer(meta('packed'), { storage: 'rows' });
    const packer = new RowPacker(4_096);
    for (const f of input) {
      const box = f.geometry && f.geometry.type !== 'Point' ? geometryBBox(f.geometry) : null;
      if (packer.add(f, box)) tx.addPacked(packer.take());
    }
    tx.addPacked(packer.take());
    const info = tx.commit(tx.finish());
    expect([...ws.iterateFeatures(info.id)].map(stripId)).toEqual(input);
    expect(columnsOf(info.id)).toEqual(expectedColumns(input));
    expect(info.timeWindows).toEqual(ws.getLayer(direct).timeWindows);
  });
});
