/**
 * The briefing draws the layers styled and labelled by attribute as the map does (issue 18): on
 * the demo workspace, incidents categorized by categoria, graduated by cantidad with manual class
 * limits, and municipalities labelled by nombre — from the print request's styles and, with none
 * in the request (`frontera brief`), from the saved map state. Every count is GDAL's, over the
 * layers exported to a GeoPackage (ogr2ogr -sql … GROUP BY / WHERE).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../../electron/backend/backend.ts';
import { briefingModel } from '../../../electron/backend/briefing/briefingModel.ts';
import { validateInput } from '../../../shared/api/contract.ts';
import type { Symbology } from '../../../shared/api/mapState.ts';
import type { BriefingModel } from '../../../shared/report/model.ts';
import { categorized, graduated } from '../../../renderer/map/symbology.ts';
import { AREA_NO_DATA_COLOR } from '../../../shared/report/resultStyle.ts';
import { gdal } from '../../support/gdalFiles.ts';
import { demoWorkspace, tempDir } from '../analysisService/helpers.ts';

const at = '2026-11-25T14:30:00Z';

/** GDAL's rows of an SQL query over a GeoPackage, as plain objects. */
function gdalRows<T>(gpkg: string, sql: string): T[] {
  const out = gdal('ogr2ogr', '-f', 'GeoJSON', '/vsistdout/', gpkg, '-sql', sql);
  return (JSON.parse(out) as { features: { properties: T }[] }).features.map((f) => f.properties);
}

const groupBy = (gpkg: string, where = '1') =>
  new Map(gdalRows<{ v: string; n: number }>(gpkg, `SELECT categoria AS v, COUNT(*) AS n FROM incidents WHERE ${where} GROUP BY categoria`).map((r) => [r.v, r.n]));

/** The legend group a style gives a layer: entry label → count. */
function legendCounts(m: BriefingModel, title: string): Map<string, number> {
  const g = m.legend.find((x) => x.title === title);
  if (!g) throw new Error(`no legend group "${title}" in ${m.legend.map((x) => x.title).join(' | ')}`);
  return new Map(g.entries.map((e) => [e.label, e.count ?? NaN]));
}

/** The drawn features per `_color`. */
function colorCounts(m: BriefingModel, id: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of m.layers.find((l) => l.id === id)!.data.features) {
    const c = String(f.properties!._color);
    out.set(c, (out.get(c) ?? 0) + 1);
  }
  return out;
}

describe('a briefing draws the styles and labels by attribute', () => {
  const tmp = tempDir('frontera-styled-brief-');
  let backend: Backend;
  let incidents: string;
  let municipalities: string;
  let munId: number;
  let byCategory: Symbology;

  beforeAll(async () => {
    const file = path.join(tmp.dir, 'demo.frontera');
    demoWorkspace(file).close();
    backend = openBackend(file);
    incidents = path.join(tmp.dir, 'incidents.gpkg');
    municipalities = path.join(tmp.dir, 'municipalities.gpkg');
    munId = backend.workspace.getLayer('municipalities').id;
    await backend['export.layer']({ layerId: 1, out: incidents });
    await backend['export.layer']({ layerId: munId, out: municipalities });
    byCategory = categorized(await backend['layers.fieldValues']({ layerId: 1, field: 'categoria', limit: 13 }));
  }, 120_000);

  afterAll(() => {
    backend?.close();
    tmp.cleanup();
  });

  it('colours each incident by its category and keys the categories with GDAL counts; labels the municipalities by nombre', async () => {
    const expected = groupBy(incidents);
    expect(expected.size).toBeGreaterThan(1);
    const styles = [
      { layer: 1, symbology: byCategory },
      { layer: munId, labels: 'nombre' },
    ];
    const m = await briefingModel(backend.store, validateInput('briefing.model', { layers: ['incidents', 'municipalities'], styles, at }));
    expect(legendCounts(m, 'incidents by categoria')).toEqual(expected);
    // The drawn points: as many in each category's colour as GDAL counts in that category.
    const colorOf = new Map(byCategory.mode === 'categorized' ? byCategory.categories.map((c) => [c.value, c.color]) : []);
    expect(colorCounts(m, 'layer-1')).toEqual(new Map([...expected].map(([v, n]) => [colorOf.get(v)!, n])));
    const incLayer = m.layers.find((l) => l.id === 'layer-1')!;
    expect(incLayer.styled).toBe(true);

    // Labels: one per municipality record at a point inside its polygon, the names GDAL reads.
    const names = gdalRows<{ nombre: string }>(municipalities, 'SELECT nombre FROM municipalities').map((r) => r.nombre);
    const mun = m.layers.find((l) => l.id === `layer-${munId}`)!;
    expect(mun.labels.map((l) => l.text).sort()).toEqual(names.filter(Boolean).sort());
    for (const l of mun.labels) {
      const inside = gdalRows<{ n: number }>(municipalities, `SELECT COUNT(*) AS n FROM municipalities WHERE nombre = '${l.text.replace(/'/g, "''")}' AND ST_Intersects(geom, MakePoint(${l.lon}, ${l.lat}, 4326))`);
      expect(inside[0].n, l.text).toBe(1);
    }
    expect(m.legend.find((g) => g.title === 'Reference')!.entries.map((e) => e.label)).toContain('municipalities (Labels: nombre)');
  }, 120_000);

  it("counts the legend over the briefing's own selection: the attribute filter municipio contains \"rio\"", async () => {
    const expected = groupBy(incidents, `municipio LIKE '%rio%' OR municipio LIKE '%río%'`);
    const m = await briefingModel(
      backend.store,
      validateInput('briefing.model', { layers: ['incidents'], styles: [{ layer: 1, symbology: byCategory }], where: 'municipio contains "rio"', at }),
    );
    const shown = new Map([...legendCounts(m, 'incidents by categoria')].filter(([, n]) => n > 0));
    expect(shown).toEqual(expected);
    expect(m.incidentCount).toBe([...expected.values()].reduce((a, b) => a + b, 0));
  }, 120_000);

  it('sizes the points by manual classes of cantidad, and the legend gives their bounds and GDAL counts', async () => {
    const r = await backend['layers.fieldValues']({ layerId: 1, field: 'cantidad', classify: { method: 'manual', classes: 4, manual: [1, 5, 20] } });
    const sized = graduated('cantidad', 'manual', 'size', r.classes!, '#1f77b4', [1, 5, 20]);
    const [row] = gdalRows<{ a: number; b: number; c: number; d: number; none: number; lo: number; hi: number }>(
      incidents,
      'SELECT SUM(cantidad <= 1) AS a, SUM(cantidad > 1 AND cantidad <= 5) AS b, SUM(cantidad > 5 AND cantidad <= 20) AS c, SUM(cantidad > 20) AS d, SUM(cantidad IS NULL) AS none, MIN(cantidad) AS lo, MAX(cantidad) AS hi FROM incidents',
    );
    const m = await briefingModel(backend.store, validateInput('briefing.model', { layers: ['incidents'], styles: [{ layer: 1, symbology: sized }], at }));
    const g = m.legend.find((x) => x.title === 'incidents by cantidad')!;
    expect(g.entries.map((e) => e.count)).toEqual([row.a, row.b, row.c, row.d]);
    // Quantities are not whole (0.3 t): the bounds print as computed, from the smallest value to the largest.
    expect(Number.isInteger(row.lo)).toBe(false);
    expect(g.entries.map((e) => e.label)).toEqual([`${row.lo} – 1`, '1 – 5', '5 – 20', `20 – ${row.hi.toLocaleString('en-US')}`]);
    // By size: the classes' radii rise, each drawn point carries its class's radius.
    const radii = g.entries.map((e) => e.radius!);
    expect(radii).toEqual([...radii].sort((a, b) => a - b));
    const drawn = m.layers.find((l) => l.id === 'layer-1')!.data.features.map((f) => f.properties!._radius as number);
    expect(radii.map((rad) => drawn.filter((d) => d === rad).length)).toEqual([row.a + row.none, row.b, row.c, row.d]);
    expect(sized.mode === 'graduated' && sized.limits).toEqual([1, 5, 20]);
  }, 120_000);

  it('takes the saved map state\'s styles when the request has none (frontera brief), and none when it sends an empty list', async () => {
    const byColor = graduated('cantidad', 'natural-breaks', 'color', (await backend['layers.fieldValues']({ layerId: 1, field: 'cantidad', classify: { method: 'natural-breaks', classes: 3 } })).classes!, '#1f77b4');
    const layer = (id: number, extra: object) => ({ id, visible: true, opacity: 1, color: '#1f77b4', ...extra });
    await backend['mapState.save'](
      validateInput('mapState.save', {
        layers: [layer(1, { symbology: byColor }), layer(munId, { labels: 'nombre' })],
        view: null,
        timeWindow: null,
        panels: { activeLayerId: null, tableLayerId: null, analysisTool: null, analysisPanelOpen: false, shownAnalyses: [], timeline: { layerId: null, bin: 'day', collapsed: false, dayHour: false } },
        print: {},
      }),
    );
    const saved = await briefingModel(backend.store, validateInput('briefing.model', { layers: ['incidents', 'municipalities'], at }));
    const g = saved.legend.find((x) => x.title === 'incidents by cantidad')!;
    const noValue = gdalRows<{ n: number }>(incidents, 'SELECT COUNT(*) AS n FROM incidents WHERE cantidad IS NULL')[0].n;
    expect(g.entries.slice(0, 3).map((e) => e.count)).toEqual(byColor.mode === 'graduated' ? byColor.classes.map((c) => c.count) : []);
    expect(noValue).toBeGreaterThan(0);
    expect(g.entries[3]).toMatchObject({ label: 'No value', color: AREA_NO_DATA_COLOR, count: noValue });
    expect(saved.layers.find((l) => l.id === `layer-${munId}`)!.labels.length).toBeGreaterThan(0);

    // In Spanish: the group's title, the class bounds as es-MX writes them, the features without a value.
    const es = await briefingModel(backend.store, validateInput('briefing.model', { layers: ['incidents'], language: 'es', at }));
    const esGroup = es.legend.find((x) => x.title === 'incidents por cantidad')!;
    expect(esGroup.entries.map((e) => e.count)).toEqual(g.entries.map((e) => e.count));
    expect(esGroup.entries[0].label).toMatch(/^de 0\.3 a \d/);
    expect(esGroup.entries[3].label).toBe('Sin valor');

    const plain = await briefingModel(backend.store, validateInput('briefing.model', { layers: ['incidents', 'municipalities'], styles: [], at }));
    expect(plain.legend.map((x) => x.title)).toEqual(['incidents', 'Reference']);
    expect(plain.layers.every((l) => l.labels.length === 0 && !l.styled)).toBe(true);
  }, 120_000);
});
