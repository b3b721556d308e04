/**
 * The back end's queries for big layers: view bins from the point cache (layers.bins, dropped
 * with the layer), the count of a query (layers.count), and the attribute table's sorted,
 * text-filtered pages (layers.features sort/search, in SQL).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../../electron/backend/backend.ts';
import type { NormalizedFeature } from '../../../shared/model/feature.ts';

let dir: string;
let backend: Backend;
let layerId: number;

const CATS = ['homicide', 'seizure_cocaine', 'seizure_100%_pure'];

function* features(): Generator<NormalizedFeature> {
  for (let i = 0; i < 30; i++) {
    yield {
      sourceIndex: i,
      geometry: { type: 'Point', coordinates: [-115 + (i % 10) * 0.01, 32 + Math.floor(i / 10) * 0.01] },
      properties: { folio: `F-${String(29 - i).padStart(3, '0')}`, note: i === 7 ? 'Cocaína en cajuela' : null },
      time: Date.UTC(2023, 0, 1) + i * 86_400_000,
      timePrecision: 'instant',
      category: CATS[i % 3],
      quantity: i % 3 === 1 ? i : null,
      unit: i % 3 === 1 ? 'kg' : null,
    };
  }
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-view-'));
  backend = openBackend(path.join(dir, 'w.frontera'), { create: true });
  layerId = backend.workspace.insertLayer(
    { name: 'incidents', sourceFile: 't', sourceFormat: 'test', sourceCrs: 'EPSG:4326', fields: [], fingerprint: 'f1', mapping: {}, metadata: {} },
    features(),
  );
});
afterEach(() => {
  backend.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('layers.bins', () => {
  it('counts the view’s points per cell, with the time window and categories applied', async () => {
    const bbox: [number, number, number, number] = [-116, 31, -114, 33];
    const all = await backend['layers.bins']({ layerId, bbox, zoom: 8 });
    expect(all.total).toBe(30);
    let sum = 0;
    for (let k = 2; k < all.cells.length; k += 4) sum += all.cells[k];
    expect(sum).toBe(30);
    const from = Date.UTC(2023, 0, 11);
    const to = Date.UTC(2023, 0, 21);
    expect((await backend['layers.bins']({ layerId, bbox, zoom: 8, from, to })).total).toBe(10);
    expect((await backend['layers.bins']({ layerId, bbox, zoom: 8, categories: ['homicide'] })).total).toBe(10);
    // A view elsewhere holds nothing.
    expect((await backend['layers.bins']({ layerId, bbox: [-100, 20, -99, 21], zoom: 8 })).total).toBe(0);
  });

  it('forgets a removed layer', async () => {
    await backend['layers.bins']({ layerId, bbox: [-116, 31, -114, 33], zoom: 8 });
    await backend['layers.remove']({ layerId });
    await expect(backend['layers.bins']({ layerId, bbox: [-116, 31, -114, 33], zoom: 8 })).rejects.toThrow(/no layer/);
  });
});

describe('layers.features for the attribute table', () => {
  const ids = async (q: Record<string, unknown>) => (await backend['layers.features']({ layerId, ...q })).features.map((f) => Number(f.id));

  it('sorts by a column or a property, either way, id breaking ties, and pages stay in that order', async () => {
    const byTimeDesc = await ids({ sort: { field: '$time', desc: true } });
    expect(byTimeDesc).toEqual([...byTimeDesc].sort((a, b) => b - a));
    // folio runs backwards against the id.
    const byFolio = await ids({ sort: { field: 'folio' } });
    expect(byFolio).toEqual([...byFolio].sort((a, b) => b - a));
    const page2 = await ids({ sort: { field: 'folio' }, offset: 10, limit: 10 });
    expect(page2).toEqual(byFolio.slice(10, 20));
    // Quantity: the rows without one first (SQLite's NULLs sort low), then ascending with id.
    const byQty = await backend['layers.features']({ layerId, sort: { field: '$quantity' } });
    const q = byQty.features.map((f) => f.properties?.$quantity as number | null);
    expect(q.slice(0, 20).every((v) => v === null)).toBe(true);
    expect(q.slice(20)).toEqual([...q.slice(20)].sort((a, b) => a! - b!));
    // A property name with a quote is bound, not spliced.
    expect(await ids({ sort: { field: 'no"such' } })).toHaveLength(30);
  });

  it('filters on text in the category, the unit or any property, % and _ taken literally, and counts the match', async () => {
    expect(await ids({ search: 'COCAINE' })).toHaveLength(10);
    expect(await ids({ search: 'cajuela' })).toEqual([await ids({}).then((all) => all[7])]);
    expect(await ids({ search: '100%' })).toHaveLength(10);
    expect(await ids({ search: '0%_' })).toHaveLength(10);
    expect(await ids({ search: '%%' })).toHaveLength(0);
    expect((await backend['layers.count']({ layerId, search: 'kg' })).count).toBe(10);
    expect((await backend['layers.count']({ layerId })).count).toBe(30);
    expect((await backend['layers.count']({ layerId, bbox: [-115.001, 31.99, -114.985, 32.001] })).count).toBe(2);
  });
});
