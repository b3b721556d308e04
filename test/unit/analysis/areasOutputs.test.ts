/**
 * What a counts-per-area run gives the map, the briefing and an export: the demo's incidents
 * counted in the 85 INEGI municipalities (the shapefile in its Lambert projection, imported as an
 * analyst would). The map's legend and the briefing's print the stored classes with their bounds
 * and counts in the same colours; the export is a polygon layer GDAL reads with a column per count.
 */
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Feature } from 'geojson';
import { Backend } from '../../../electron/backend/backend.ts';
import { briefingModel } from '../../../electron/backend/briefing/briefingModel.ts';
import type { AnalysisDetail } from '../../../shared/api/contract.ts';
import type { AreaRow } from '../../../shared/analysis/areaRows.ts';
import { areaClassColors } from '../../../shared/report/resultStyle.ts';
import { legendClasses } from '../../../renderer/map/resultLayers.ts';
import { FIXTURES } from '../../support/gdalFiles.ts';
import { demoWorkspace, tempDir } from '../analysisService/helpers.ts';

const INEGI_SHP = path.join(FIXTURES, 'inegi-mun-lcc', 'sonora_bc', 'mun_02_26.shp');
const t = tempDir('frontera-areas-out-');
let backend: Backend;
let counts: AnalysisDetail;
let density: AnalysisDetail;

const rows = (d: AnalysisDetail) => d.geojson.features.map((f) => f.properties as unknown as AreaRow & { class: number | null });

beforeAll(async () => {
  backend = new Backend(demoWorkspace(path.join(t.dir, 'demo.frontera')));
  await backend['import.run']({ paths: [INEGI_SHP], options: { layer: 'inegi' } });
  const c = await backend['analysis.run']({ kind: 'areas', layer: 'incidents', by: 'inegi', nameField: 'NOMGEO' });
  counts = await backend['analysis.get']({ id: c.id });
  const d = await backend['analysis.run']({ kind: 'areas', layer: 'incidents', by: 'inegi', nameField: 'NOMGEO', mapValue: 'density', classify: 'quantiles', classes: 4 });
  density = await backend['analysis.get']({ id: d.id });
}, 120_000);

afterAll(() => {
  backend?.close();
  t.cleanup();
});

describe('a counts-per-area run', () => {
  it('puts every demo incident in Mexicali or San Luis Río Colorado, and sums to the incident count', () => {
    const r = rows(counts);
    expect(r).toHaveLength(85);
    const total = backend.workspace.getLayer('incidents').featureCount;
    expect(r.reduce((n, x) => n + x.count, 0)).toBe(total);
    const withIncidents = r.filter((x) => x.count > 0).map((x) => x.name);
    expect([...new Set(withIncidents)].sort()).toEqual(['Mexicali', 'San Luis Río Colorado']);
    expect(counts.summary.outside).toBe(0);
  });

  it('classes counts by natural breaks: no incident, then each of the two municipalities, in whole numbers in the legend', () => {
    const slrc = rows(counts).find((x) => x.name === 'San Luis Río Colorado')!.count;
    const mexicali = Math.max(...rows(counts).map((x) => x.count));
    expect(counts.summary.classes).toEqual([
      { lower: 0, upper: 0, count: 83 },
      { lower: 0, upper: slrc, count: 1 },
      { lower: slrc, upper: mexicali, count: 1 },
    ]);
    const legend = legendClasses(counts);
    expect(legend.map((c) => [c.label, c.count, c.color])).toEqual([
      ['Incidents 0', 83, areaClassColors(3)[0]],
      [`Incidents 1 – ${slrc.toLocaleString('en-US')}`, 1, areaClassColors(3)[1]],
      [`Incidents ${(slrc + 1).toLocaleString('en-US')} – ${mexicali.toLocaleString('en-US')}`, 1, areaClassColors(3)[2]],
    ]);
  });

  it('prints the choropleth on the briefing with the same classes, colours and counts, in English and Spanish', async () => {
    const m = await briefingModel(backend.store, { analyses: [density.id], at: '2026-12-06T12:00:00Z' });
    const layer = m.layers.find((l) => l.id === `analysis-${density.id}`)!;
    expect(layer.kind).toBe('areas');
    const classes = density.summary.classes as { lower: number; upper: number; count: number }[];
    const colors = areaClassColors(classes.length);
    layer.data.features.forEach((f, i) => expect(f.properties!._color).toBe(colors[rows(density)[i].class!]));
    const group = m.legend.find((g) => g.title === `Counts per area #${density.id}: incidents per 100 km²`)!;
    expect(group.entries.map((e) => [e.color, e.count])).toEqual(classes.map((c, i) => [colors[i], c.count]));
    const twoDecimals = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 2 });
    expect(group.entries.at(-1)!.label).toBe(`${twoDecimals(classes.at(-1)!.lower)} – ${twoDecimals(classes.at(-1)!.upper)}`);
    const figures = m.keyFigures.find((s) => s.title === `Counts per area #${density.id}`)!;
    expect(figures.rows[0]).toMatchObject({ label: 'Incidents in the areas', value: backend.workspace.getLayer('incidents').featureCount.toLocaleString('en-US') });
    expect(figures.rows[1].label).toBe('Mexicali');
    const es = await briefingModel(backend.store, { analyses: [density.id], at: '2026-12-06T12:00:00Z', language: 'es' });
    expect(es.legend.map((g) => g.title)).toContain(`Conteo por área #${density.id}: incidentes por 100 km²`);
    expect(es.keyFigures.find((s) => s.title === `Conteo por área #${density.id}`)!.rows[0].label).toBe('Incidentes en las áreas');
  });

  it('exports as a polygon layer with a column per count that GDAL reads back', async () => {
    const out = path.join(t.dir, 'areas.gpkg');
    await backend['export.analysis']({ id: counts.id, out });
    const json = execFileSync('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', out], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const gdal = (JSON.parse(json) as { features: Feature[] }).features;
    expect(gdal).toHaveLength(85);
    expect(new Set(gdal.map((f) => f.geometry!.type))).toEqual(new Set(['Polygon']));
    gdal.forEach((f, i) => {
      const p = f.properties!;
      const r = rows(counts)[i];
      expect([p.source_index, p.name, p.count, p.class]).toEqual([r.source_index, r.name, r.count, r.class]);
      for (const [cat, n] of Object.entries(r.countsByCategory)) expect(p[`n_${cat}`]).toBe(n);
      expect(Object.keys(p).filter((k) => k.startsWith('n_')).reduce((s, k) => s + (p[k] as number), 0)).toBe(r.count);
      for (const [unit, q] of Object.entries(r.quantityByUnit)) expect(p[`q_${unit}`]).toBeCloseTo(q, 6);
    });
  });
});
