/**
 * `layers.summary` on the demo workspace: the whole layer gives the planted seizure totals
 * (shared/demo/facts.ts), the San Luis Río Colorado spike window gives 13 homicides, and a map
 * extent or a municipality gives the counts an independent loop over the generated features
 * (turf's point-in-polygon, plain comparisons) finds.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { booleanPointInPolygon } from '@turf/turf';
import type { MultiPolygon, Point, Polygon } from 'geojson';
import { Backend } from '../../../electron/backend/backend.ts';
import { validateInput } from '../../../shared/api/contract.ts';
import { DEMO_SEED, type DemoLayer } from '../../../shared/demo/layers.ts';
import { demoLayers } from '../../../electron/backend/demoWorkspace.ts';
import { SEIZURE_TOTALS, SLRC_SPIKE } from '../../../shared/demo/facts.ts';
import { cli, demoWorkspace, tempDir } from './helpers.ts';

describe('layers.summary on the demo workspace', () => {
  const t = tempDir('frontera-summary-');
  let backend: Backend;
  let incidents: DemoLayer;
  let municipalities: DemoLayer;
  beforeAll(() => {
    backend = new Backend(demoWorkspace(path.join(t.dir, 'demo.frontera')));
    const layers = demoLayers(DEMO_SEED);
    incidents = layers.find((l) => l.name === 'incidents')!;
    municipalities = layers.find((l) => l.name === 'municipalities')!;
  });
  afterAll(() => {
    backend.close();
    t.cleanup();
  });

  const expectedByUnit = () => {
    const byUnit: Record<string, { total: number; records: number }> = {};
    for (const { total, unit, records } of Object.values(SEIZURE_TOTALS)) {
      byUnit[unit] = { total: (byUnit[unit]?.total ?? 0) + total, records: (byUnit[unit]?.records ?? 0) + records };
    }
    return Object.entries(byUnit)
      .map(([unit, v]) => ({ unit, ...v }))
      .sort((a, b) => a.unit.localeCompare(b.unit));
  };

  it('sums the whole layer to the planted seizure totals, per unit and per category', async () => {
    const s = await backend['layers.summary']({ layer: 'incidents' });
    expect(s.count).toBe(incidents.features.length);
    expect(s.byCategory.reduce((n, c) => n + c.count, 0) + s.uncategorised).toBe(s.count);
    expect(s.quantityByUnit).toEqual(expectedByUnit());
    for (const [category, fact] of Object.entries(SEIZURE_TOTALS)) {
      expect(s.quantityByCategory.find((q) => q.category === category)).toEqual({
        category, unit: fact.unit, total: fact.total, records: fact.records,
      });
      expect(s.byCategory.find((c) => c.category === category)?.count).toBe(fact.records);
    }
    const times = incidents.features.map((f) => f.time as number);
    expect(s.firstTime).toBe(Math.min(...times));
    expect(s.lastTime).toBe(Math.max(...times));
    expect(s.untimed).toBe(0);
    expect(s.within).toBeNull();
    expect(s.bbox).toBeNull();
  });

  it('finds the 13 homicides of 14–21 July in San Luis Río Colorado, picked by its source index', async () => {
    const slrc = municipalities.features.find((f) => f.properties.nombre === 'San Luis Río Colorado')!;
    const s = await backend['layers.summary']({
      layer: 'incidents',
      selection: {
        from: SLRC_SPIKE.before.from, to: SLRC_SPIKE.before.to, categories: ['homicide'], within: `municipalities:${slrc.sourceIndex}`,
      },
    });
    expect(s.count).toBe(SLRC_SPIKE.before.count);
    expect(s.byCategory).toEqual([{ category: 'homicide', count: SLRC_SPIKE.before.count }]);
    expect(s.quantityByUnit).toEqual([]);
    expect(s.within).toBe(`municipalities:${slrc.sourceIndex}`);
  });

  it('counts a municipality and a map extent as an independent loop over the features does', async () => {
    const mexicali = municipalities.features.find((f) => f.properties.nombre === 'Mexicali')!;
    const poly = mexicali.geometry as Polygon | MultiPolygon;
    const inside = incidents.features.filter((f) => booleanPointInPolygon((f.geometry as Point).coordinates, poly));
    const byId = await backend['layers.summary']({ layer: 'incidents', selection: { within: `municipalities:${mexicali.sourceIndex}` } });
    expect(inside.length).toBeGreaterThan(0);
    expect(inside.length).toBeLessThan(incidents.features.length);
    expect(byId.count).toBe(inside.length);
    const kg = inside.filter((f) => f.unit === 'kg').reduce((n, f) => n + Math.round((f.quantity as number) * 10), 0) / 10;
    expect(byId.quantityByUnit.find((u) => u.unit === 'kg')?.total ?? 0).toBe(kg);

    const bbox: [number, number, number, number] = [-115.2, 32.3, -114.7, 32.6];
    const inBox = incidents.features.filter((f) => {
      const [x, y] = (f.geometry as Point).coordinates;
      return x >= bbox[0] && x <= bbox[2] && y >= bbox[1] && y <= bbox[3];
    });
    const s = await backend['layers.summary']({ layer: 'incidents', bbox });
    expect(inBox.length).toBeGreaterThan(0);
    expect(inBox.length).toBeLessThan(incidents.features.length);
    expect(s.count).toBe(inBox.length);
    expect(s.bbox).toEqual(bbox);
    const homicides = inBox.filter((f) => f.category === 'homicide').length;
    expect(s.byCategory.find((c) => c.category === 'homicide')?.count).toBe(homicides);
  });

  it('refuses a line layer, an unknown category and a bbox out of order', async () => {
    await expect(backend['layers.summary']({ layer: 'roads' })).rejects.toThrow(/LineString|incident points/);
    await expect(backend['layers.summary']({ layer: 'incidents', selection: { categories: ['robbery'] } })).rejects.toThrow(/no category "robbery"/);
    expect(() => validateInput('layers.summary', { layer: 'incidents', bbox: [-114, 32, -115, 33] })).toThrow(/bbox/);
  });
});

describe('frontera summary', () => {
  const t = tempDir('frontera-summary-cli-');
  const ws = path.join(t.dir, 'demo.frontera');
  beforeAll(() => {
    const r = cli(['demo', ws]);
    expect(r.code, r.stderr).toBe(0);
  });
  afterAll(() => t.cleanup());

  it('prints the layer’s seizure totals, and the SLRC spike week by polygon and category', () => {
    const all = cli(['summary', ws, '--layer', 'incidents', '--json']);
    expect(all.code, all.stderr).toBe(0);
    const s = JSON.parse(all.stdout);
    const kg = Object.values(SEIZURE_TOTALS).filter((f) => f.unit === 'kg').reduce((n, f) => n + f.total, 0);
    expect(s.quantityByUnit.find((u: { unit: string }) => u.unit === 'kg').total).toBe(kg);
    const text = cli(['summary', ws, '--layer', 'incidents']);
    expect(text.stdout).toMatch(new RegExp(`^${s.count.toLocaleString('en-US')} incidents in incidents; first 2023-`));
    expect(text.stdout).toContain(`seizure_cocaine`);

    const spike = cli([
      'summary', ws, '--layer', 'incidents', '--from', SLRC_SPIKE.before.from, '--to', SLRC_SPIKE.before.to,
      '--category', 'homicide', '--within', 'municipalities:nombre=San Luis Río Colorado', '--json',
    ]);
    expect(spike.code, spike.stderr).toBe(0);
    expect(JSON.parse(spike.stdout).count).toBe(SLRC_SPIKE.before.count);

    const box = cli(['summary', ws, '--layer', 'incidents', '--bbox=-115.2,32.3,-114.7,32.6', '--json']);
    expect(JSON.parse(box.stdout).count).toBeLessThan(s.count);
    const bad = cli(['summary', ws, '--layer', 'incidents', '--bbox', '1,2,3']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--bbox/);
    // Six runs of the CLI, each a process start.
  }, 240_000);
});
