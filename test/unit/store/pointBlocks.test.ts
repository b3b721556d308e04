/**
 * Point layers in column blocks must answer every reader exactly as the row store answers for
 * the same features: the same features in the same order, pages, counts and point columns, for
 * every filter, sort and search the attribute table and the analyses use. And a layer that turns
 * out not to be all points (a polygon after 20,000 points) ends up as rows with the same ids.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NormalizedFeature } from '../../../shared/model/feature.ts';
import { createRng } from '../../../shared/synth/random.ts';
import { Workspace, type FeatureFilter, type LayerMeta } from '../../../electron/backend/store/workspace.ts';
import { BLOCK_POINTS } from '../../../electron/backend/store/pointBlocks.ts';
import { compileFilter } from '../../../shared/analysis/attributeFilter.ts';

let dir: string;
let file: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-blocks-'));
  file = path.join(dir, 'w.frontera');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function meta(name: string): LayerMeta {
  return { name, sourceFile: `${name}.geojson`, sourceFormat: 'geojson', sourceCrs: 'EPSG:4326', fields: [], fingerprint: name.padEnd(64, '0'), mapping: {}, metadata: {} };
}

const CATS = ['Homicidio', 'homicidio doloso', 'Aseguramiento de cocaína', 'Enfrentamiento', 'ÁRMAS'];
const PLACES = ['San Luis Río Colorado', 'SAN LUIS RIO COLORADO', 'Mexicali', 'Ejido 50% norte', 'a_b', null];

/** Seeded features with every kind of gap: no geometry, time, category, quantity, unit; mixed-type properties. */
function features(n: number, seed: number): NormalizedFeature[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => {
    const props: Record<string, unknown> = { folio: `F-${i}`, lugar: PLACES[rng.int(PLACES.length)] };
    if (i % 3) props.kg = Math.round(rng.next() * 500) / 10;
    // A field of mixed JSON types: sorts by storage class (NULL, numbers, text).
    props.mixto = [null, 3, 'tres', true, false, { a: 1 }, [1, 2], 2.5][rng.int(8)];
    return {
      sourceIndex: i,
      geometry: i % 13 === 0 ? null : { type: 'Point', coordinates: [-115.5 + rng.next(), 32 + rng.next() * 0.8] },
      properties: props,
      time: i % 7 === 0 ? null : Date.UTC(2023, 0, 1) + rng.int(730) * 86_400_000 + (i % 3 === 0 ? 0 : rng.int(86_400) * 1000),
      timePrecision: i % 7 === 0 ? null : i % 3 === 0 ? 'date' : 'instant',
      category: i % 5 === 0 ? null : CATS[rng.int(CATS.length)],
      quantity: i % 4 === 0 ? null : rng.int(40) / 4,
      unit: i % 4 === 0 ? null : i % 3 ? 'kg' : 'piezas',
    };
  });
}

/** Both storages of the same features, and the id offset between them. */
function twoLayers(n: number, seed: number) {
  const ws = Workspace.open(file, { create: true });
  const input = features(n, seed);
  const rows = ws.insertLayer(meta('rows'), input, { storage: 'rows' });
  const blocks = ws.insertLayer(meta('blocks'), input);
  const first = (layer: number) => [...ws.iterateFeatures(layer, { limit: 1 })][0].id;
  return { ws, input, rows, blocks, shift: first(blocks) - first(rows) };
}

/** Attribute filters (shared/analysis/attributeFilter.ts) over the features' properties. */
const where = (text: string) =>
  compileFilter(text, [{ name: 'lugar', type: 'string' }, { name: 'kg', type: 'number' }, { name: 'mixto', type: 'unknown' }], 'test');
const RIO_HEAVY = where('lugar contains "rio" and kg >= 20');

const FILTERS: FeatureFilter[] = [
  {},
  { bbox: [-115.3, 32.2, -114.9, 32.6] },
  { from: Date.UTC(2023, 5, 1), to: Date.UTC(2024, 2, 1) },
  { from: Date.UTC(2024, 0, 1) },
  { categories: ['Homicidio', 'ÁRMAS'] },
  { categories: [] },
  { search: 'homicidio' },
  { search: 'RÍO' },
  { search: 'río' },
  { search: '50%' },
  { search: 'a_b' },
  { search: '"kg":1' },
  { search: 'PIEZAS', categories: ['Enfrentamiento'] },
  { bbox: [-115.2, 32.1, -115.0, 32.3], from: Date.UTC(2023, 9, 1), categories: ['Mexicali', 'Homicidio'] },
  { limit: 25, offset: 16_370 },
  { sort: { field: 'id', desc: true }, limit: 40, offset: 3 },
  { sort: { field: '$time' }, limit: 300, offset: 100 },
  { sort: { field: '$time', desc: true }, limit: 300 },
  { sort: { field: '$category' }, offset: 30_000 },
  { sort: { field: '$quantity', desc: true }, limit: 500, search: 'kg' },
  { sort: { field: '$unit' }, limit: 200, offset: 9_000 },
  { sort: { field: 'lugar' }, limit: 400, offset: 7_000 },
  { sort: { field: 'mixto', desc: true }, limit: 2_000 },
  { sort: { field: 'kg' }, limit: 300, bbox: [-115.3, 32.2, -114.9, 32.6] },
  { sort: { field: 'no such field' }, limit: 50, offset: 50 },
  { limit: 0 },
  { where: RIO_HEAVY },
  { where: where('kg is empty or mixto = "tres"'), bbox: [-115.3, 32.2, -114.9, 32.6], from: Date.UTC(2023, 5, 1) },
  { where: where('lugar in ("Mexicali", "a_b")'), search: 'F-1', sort: { field: 'kg', desc: true }, limit: 300, offset: 40 },
];

describe('point layers in column blocks', () => {
  it('answers every filter, sort, search and page exactly as the row store', () => {
    const n = 2 * BLOCK_POINTS + 1_234;
    const { ws, rows, blocks, shift } = twoLayers(n, 7);
    expect(ws.connection.prepare('SELECT storage FROM layers ORDER BY id').pluck().all()).toEqual(['rows', 'blocks']);
    expect((ws.connection.prepare('SELECT count(*) n FROM point_blocks').get() as { n: number }).n).toBe(3);
    const a = ws.getLayer(rows);
    const b = ws.getLayer(blocks);
    const same = { id: 0, name: '', sourceFile: '', fingerprint: '', importedAt: '' };
    expect({ ...b, ...same }).toEqual({ ...a, ...same });
    for (const filter of FILTERS) {
      const expected = [...ws.iterateFeatures(rows, filter)];
      const got = [...ws.iterateFeatures(blocks, filter)].map((f) => ({ ...f, id: f.id - shift }));
      expect(got, JSON.stringify(filter)).toEqual(expected);
      expect(ws.countFeatures(blocks, filter), JSON.stringify(filter)).toBe(ws.countFeatures(rows, filter));
      if (filter.sort || filter.limit !== undefined) continue;
      const pr = ws.readPoints(rows, filter);
      const pb = ws.readPoints(blocks, filter);
      expect({ ...pb, ids: Array.from(pb.ids, (id) => id - shift) }, JSON.stringify(filter)).toEqual({ ...pr, ids: Array.from(pr.ids) });
    }
    // The filters above are not vacuous.
    // Case and accents set aside: 'RÍO' and 'rio' find what 'río' finds.
    expect(ws.countFeatures(blocks, { search: 'río' })).toBeGreaterThan(1000);
    expect(ws.countFeatures(blocks, { search: 'RÍO' })).toBe(ws.countFeatures(blocks, { search: 'río' }));
    expect(ws.countFeatures(blocks, { search: 'rio' })).toBe(ws.countFeatures(blocks, { search: 'río' }));
    expect(ws.countFeatures(blocks, { search: '50%' })).toBeGreaterThan(0);
    expect(ws.countFeatures(blocks, { search: '50%' })).toBeLessThan(ws.countFeatures(blocks, { search: '50' }));
    // "rio" finds both spellings of San Luis Río Colorado, with at least 20 kg: some records, not all.
    const heavy = ws.countFeatures(blocks, { where: RIO_HEAVY });
    expect(heavy).toBeGreaterThan(1000);
    expect(heavy).toBeLessThan(ws.countFeatures(blocks, { search: 'Colorado' }));
    ws.close();
  });

  it('answers an attribute filter on flat properties as the row store: quotes, backslashes, keys inside keys and values, missing keys', () => {
    const ws = Workspace.open(file, { create: true });
    const rng = createRng(11);
    const texts = ['Río "Nuevo"', 'a\\"b', '"lugar":"x"', 'ru\\', 'RIO', '', 'kg', null];
    const input: NormalizedFeature[] = Array.from({ length: BLOCK_POINTS + 500 }, (_, i) => {
      const props: Record<string, unknown> = { nota: texts[rng.int(texts.length)], xlugar: 'rio' };
      // Most records lack `lugar` and `kg`: the picker must not find another record's.
      if (i % 5 === 0) props.lugar = texts[rng.int(texts.length)];
      if (i % 7 === 0) props.kg = rng.int(3) === 0 ? String(rng.int(50)) : rng.int(50);
      if (i % 11 === 0) props.ok = rng.int(2) === 0;
      return { sourceIndex: i, geometry: { type: 'Point', coordinates: [-115 + rng.next(), 32 + rng.next()] }, properties: props, time: null, timePrecision: null, category: null, quantity: null, unit: null };
    });
    const rows = ws.insertLayer(meta('rows'), input, { storage: 'rows' });
    const blocks = ws.insertLayer(meta('blocks'), input);
    const fields = [
      { name: 'lugar', type: 'string' as const },
      { name: 'nota', type: 'string' as const },
      { name: 'kg', type: 'number' as const },
      { name: 'ok', type: 'boolean' as const },
    ];
    for (const text of ['lugar contains "rio"', 'nota = "a\\\\\\"b" or nota contains \'"lugar"\'', 'lugar is empty and kg >= 20', 'ok = true or nota = "ru\\\\"', 'nota in ("kg", "") or lugar starts with "rí"']) {
      const where = compileFilter(text, fields, 'test');
      const n = ws.countFeatures(rows, { where });
      expect(n, text).toBeGreaterThan(0);
      expect(n, text).toBeLessThan(input.length);
      expect(ws.countFeatures(blocks, { where }), text).toBe(n);
      expect(ws.readPoints(blocks, { where }).sourceIndex, text).toEqual(ws.readPoints(rows, { where }).sourceIndex);
    }
    ws.close();
  });

  it('gives new layers ids after every stored one, whichever storage holds them', () => {
    const ws = Workspace.open(file, { create: true });
    const a = ws.insertLayer(meta('a'), features(100, 1));
    const b = ws.insertLayer(meta('b'), features(100, 2), { storage: 'rows' });
    const c = ws.insertLayer(meta('c'), features(100, 3));
    const ids = [a, b, c].map((l) => [...ws.iterateFeatures(l)].map((f) => f.id));
    expect(ids.flat()).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    ws.close();
  });

  it('turns a layer into rows, keeping its ids, when a polygon follows 20,000 points', () => {
    const ws = Workspace.open(file, { create: true });
    const pts = features(20_000, 3);
    const square: NormalizedFeature = {
      ...pts[1],
      sourceIndex: 20_000,
      geometry: { type: 'Polygon', coordinates: [[[-115, 32], [-114.9, 32], [-114.9, 32.1], [-115, 32]]] },
    };
    const more = features(500, 4).map((f) => ({ ...f, sourceIndex: f.sourceIndex + 20_001 }));
    const input = [...pts, square, ...more];
    const id = ws.insertLayer(meta('mixed'), input);
    const db = ws.connection;
    expect(db.prepare('SELECT storage FROM layers WHERE id = ?').pluck().get(id)).toBe('rows');
    expect(db.prepare('SELECT count(*) FROM point_blocks').pluck().get()).toBe(0);
    const stored = [...ws.iterateFeatures(id)];
    expect(stored.map((f) => f.id)).toEqual(Array.from({ length: input.length }, (_, i) => i + 1));
    expect(stored.map(({ id: _id, ...f }) => f)).toEqual(input);
    const withGeometry = input.filter((f) => f.geometry !== null).length;
    expect(db.prepare('SELECT count(*) FROM features_rtree').pluck().get()).toBe(withGeometry);
    expect(db.prepare("SELECT rtreecheck('features_rtree')").pluck().get()).toBe('ok');
    expect(ws.getLayer(id).geometryType).toBe('Mixed');
    ws.close();
  });

  it('rolls a block layer back whole on failure, and removes it in one statement', () => {
    const ws = Workspace.open(file, { create: true });
    ws.insertLayer(meta('kept'), features(3_000, 5));
    const before = ws.contentHash();
    function* failing(): Generator<NormalizedFeature> {
      yield* features(BLOCK_POINTS + 10, 6);
      throw new Error('source broke');
    }
    expect(() => ws.insertLayer(meta('broken'), failing())).toThrow('source broke');
    expect(ws.contentHash()).toBe(before);
    const big = ws.insertLayer(meta('big'), features(BLOCK_POINTS * 2, 8));
    expect(ws.removeLayer(big, 'test')).toBe(BLOCK_POINTS * 2);
    expect(ws.connection.prepare('SELECT count(*) FROM point_blocks').pluck().get()).toBe(1);
    ws.close();
  });
});
