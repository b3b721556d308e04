/**
 * Style and labels by attribute: the layers layerStyle.ts builds from a symbology, validated by
 * the MapLibre style spec and their paint evaluated by its expression engine for given features
 * (not compared as text): each value takes its category's colour, each number its class's colour
 * or radius at the class limits (lower exclusive, upper inclusive, as classify.ts counts them).
 */
import { describe, expect, it } from 'vitest';
import { expression, latest, validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import type { LayerSpecification, StyleSpecification } from 'maplibre-gl';
import { classify } from '../../../shared/analysis/classify.ts';
import { AREA_NO_DATA_COLOR, areaClassColors, categoryColor } from '../../../shared/report/resultStyle.ts';
import { kindsFor, layerSpec, type LayerView } from '../../../renderer/map/layerStyle.ts';
import { MAX_CATEGORIES, OTHER_COLOR, categorized, graduated, nextUp } from '../../../renderer/map/symbology.ts';
import { basemapStyle } from '../../../renderer/map/basemapStyle.ts';
import { savedLayerState, toSaved, type AppMapState } from '../../../renderer/mapState/mapStateModel.ts';
import { validateInput } from '../../../shared/api/contract.ts';
import type { LayerInfo } from '../../../shared/api/contract.ts';

type Spec = Record<string, Record<string, unknown>>;

/** MapLibre's evaluation of a layer's paint property for a feature with these properties. */
function evaluate(layer: LayerSpecification, prop: string, properties: Record<string, unknown>, type = 'Point'): unknown {
  const paint = (layer as { paint: Record<string, unknown> }).paint;
  const group = `paint_${layer.type}`;
  const compiled = expression.createPropertyExpression(paint[prop], prop, (latest as unknown as Spec)[group][prop] as never);
  if (compiled.result !== 'success') throw new Error(JSON.stringify(compiled.value));
  const v = (compiled.value as { evaluate: (g: { zoom: number }, f: unknown) => unknown }).evaluate({ zoom: 12 }, { type, properties, geometry: [] });
  return v;
}

/** A colour MapLibre evaluated, as #rrggbb. */
function hex(c: unknown): string {
  const { r, g, b, a } = c as { r: number; g: number; b: number; a: number };
  return '#' + [r, g, b].map((x) => Math.round((x / a) * 255).toString(16).padStart(2, '0')).join('');
}

const view = (v: Partial<LayerView>): LayerView => ({ id: 7, geometryType: 'Point', featureCount: 100, visible: true, opacity: 1, color: '#123456', ...v });

function validStyle(layers: LayerSpecification[]): void {
  const style: StyleSpecification = { version: 8, sources: { 'lyr-7': { type: 'geojson', data: { type: 'FeatureCollection', features: [] } } }, layers };
  expect(validateStyleMin(style)).toEqual([]);
}

describe('categorized style', () => {
  const counts = Array.from({ length: 15 }, (_, i) => ({ value: i === 3 ? '7' : `tipo ${i}`, count: 100 - i }));
  const s = categorized({ layerId: 7, field: 'tipo', values: counts, distinct: 15, otherCount: 0, nulls: 5, numbers: 0 });

  it('names the most frequent values up to the limit and counts the rest, and missing values, as other', () => {
    expect(s.categories).toHaveLength(MAX_CATEGORIES - 1);
    expect(s.otherCount).toBe(counts.slice(MAX_CATEGORIES - 1).reduce((n, c) => n + c.count, 0) + 5);
  });

  it('gives each value its colour in the circle, fill and line layers, other values the other colour', () => {
    for (const geometryType of ['Point', 'Polygon', 'LineString'] as const) {
      const v = view({ geometryType, symbology: s });
      const layers = kindsFor(v).map((k) => layerSpec(k, v));
      validStyle(layers);
      const prop = geometryType === 'Point' ? 'circle-color' : geometryType === 'Polygon' ? 'fill-color' : 'line-color';
      const layer = layers.find((l) => `${l.type}-color` === prop)!;
      s.categories.forEach((c, i) => expect(hex(evaluate(layer, prop, { tipo: c.value }))).toBe(categoryColor(i)));
      // A number field's 7 matches the category "7", as the back end lists it.
      expect(hex(evaluate(layer, prop, { tipo: 7 }))).toBe(categoryColor(3));
      for (const other of [{ tipo: 'tipo 14' }, { tipo: null }, {}, { tipo: 'TIPO 0' }]) expect(hex(evaluate(layer, prop, other))).toBe(OTHER_COLOR);
    }
  });
});

describe('graduated style', () => {
  // Victims per incident: the classes classify.ts makes, drawn by MapLibre.
  const values = [0, 0, 1, 1, 1, 2, 2, 3, 4, 5, 8, 13, 21];
  const c = classify(values, 'natural-breaks', 4);

  it('colours every value by the class classify.ts put it in, the limits included, no number in the no-data grey', () => {
    const s = graduated('victimas', 'natural-breaks', 'color', c.classes, '#123456');
    const v = view({ geometryType: 'MultiPolygon', symbology: s });
    const fill = layerSpec('fill', v);
    validStyle([fill]);
    const ramp = areaClassColors(c.classes.length);
    values.forEach((x, i) => expect(hex(evaluate(fill, 'fill-color', { victimas: x }, 'Polygon')), `${x}`).toBe(ramp[c.classOf[i]]));
    for (const b of c.breaks.slice(1, -1)) {
      const k = c.breaks.indexOf(b);
      expect(hex(evaluate(fill, 'fill-color', { victimas: b }, 'Polygon'))).toBe(ramp[k - 1]);
      expect(hex(evaluate(fill, 'fill-color', { victimas: nextUp(b) }, 'Polygon'))).toBe(ramp[k]);
    }
    for (const none of [{ victimas: null }, {}, { victimas: 'n/d' }]) expect(hex(evaluate(fill, 'fill-color', none, 'Polygon'))).toBe(AREA_NO_DATA_COLOR);
  });

  it('sizes circles by class for a point layer, keeping the layer colour', () => {
    const s = graduated('victimas', 'quantiles', 'size', classify(values, 'quantiles', 3).classes, '#123456');
    const v = view({ symbology: s });
    const circle = layerSpec('circle', v);
    validStyle([circle]);
    const radii = s.classes.map((k) => k.radius);
    expect(radii[0]).toBeLessThan(radii[radii.length - 1]);
    for (const k of s.classes) {
      expect(evaluate(circle, 'circle-radius', { victimas: k.upper })).toBe(k.radius);
    }
    expect(evaluate(circle, 'circle-radius', { victimas: s.classes[0].lower })).toBe(radii[0]);
    expect(hex(evaluate(circle, 'circle-color', { victimas: 21 }))).toBe('#123456');
  });
});

describe('labels by a field', () => {
  it('are a symbol layer above the geometry, in the basemap font, with collision handling and a halo', () => {
    const v = view({ geometryType: 'MultiPolygon', labels: 'NOMGEO' });
    expect(kindsFor(v)).toEqual(['fill', 'line', 'label']);
    const label = layerSpec('label', v);
    validStyle([label]);
    const layout = label.layout as Record<string, unknown>;
    const town = basemapStyle('http://x/').layers.find((l) => l.id === 'town-labels')!;
    expect(layout['text-font']).toEqual((town.layout as Record<string, unknown>)['text-font']);
    expect(layout['text-allow-overlap']).toBe(false);
    expect(layout['text-variable-anchor']).toBeDefined();
    expect(Number(evaluate(label, 'text-halo-width', {}))).toBeGreaterThan(0);
    const field = expression.createExpression(layout['text-field'], (latest as unknown as Spec).layout_symbol['text-field'] as never);
    expect(field.result).toBe('success');
    const text = (field.value as { evaluate: (g: unknown, f: unknown) => unknown }).evaluate({ zoom: 9 }, { type: 'Polygon', properties: { NOMGEO: 'Mexicali' }, geometry: [] });
    expect(String(text)).toBe('Mexicali');
    expect(kindsFor(view({ geometryType: 'LineString', labels: 'nombre' }))).toEqual(['line', 'label']);
    expect((layerSpec('label', view({ geometryType: 'LineString', labels: 'nombre' })).layout as Record<string, unknown>)['symbol-placement']).toBe('line');
  });
});

describe('a style saved with the map', () => {
  const symbology = graduated('cantidad', 'quantiles', 'size', classify([1, 2, 3, 5, 8, 13], 'quantiles', 3).classes, '#d55e00');
  const app = {
    order: [1],
    styles: new Map([[1, { visible: true, opacity: 0.9, color: '#D55E00', symbology, labels: 'folio' }]]),
    view: null,
    timeWindow: null,
    activeLayerId: null,
    tableLayerId: null,
    analysisTool: null,
    analysisPanelOpen: false,
    shownAnalyses: [],
    timeline: { layerId: null, bin: 'week', collapsed: false, dayHour: false },
    print: {},
  } as AppMapState;

  it('passes the API check and comes back as it was', () => {
    const saved = validateInput('mapState.save', toSaved(app));
    expect(saved.layers[0].symbology).toEqual(symbology);
    const back = savedLayerState(saved, [{ id: 1 } as LayerInfo]).styles.get(1)!;
    expect(back).toEqual({ visible: true, opacity: 0.9, color: '#d55e00', symbology, labels: 'folio' });
  });

  it('is refused with the path of what is wrong: a colour that is not #rrggbb, more than 12 categories', () => {
    const bad = (layer: Record<string, unknown>) => () => validateInput('mapState.save', { ...toSaved(app), layers: [{ ...toSaved(app).layers[0], ...layer }] });
    const cats = categorized({ layerId: 1, field: 'tipo', values: [{ value: 'a', count: 1 }], distinct: 1, otherCount: 0, nulls: 0, numbers: 0 });
    expect(bad({ symbology: { ...cats, other: 'grey' } })).toThrow(/layers\.0\.symbology\.other: a #rrggbb colour/);
    const many = Array.from({ length: 13 }, (_, i) => ({ value: `v${i}`, color: '#000000', count: 1 }));
    expect(bad({ symbology: { ...cats, categories: many } })).toThrow(/layers\.0\.symbology\.categories/);
  });
});
