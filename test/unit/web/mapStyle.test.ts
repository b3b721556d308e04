/**
 * The style the map is given — offline basemap plus data layers of every geometry type — passes
 * MapLibre's own style validator, references no remote resource, and aggregates big point layers.
 */
import { describe, expect, it } from 'vitest';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import type { StyleSpecification } from 'maplibre-gl';
import { BASEMAP_LAYER_IDS, basemapStyle } from '../../../renderer/map/basemapStyle.ts';
import { AGGREGATE_THRESHOLD, binsSourceId, kindsFor, layerSpec, sourceId, type LayerView } from '../../../renderer/map/layerStyle.ts';
import type { GeometryType } from '../../../shared/model/feature.ts';

const base = 'http://127.0.0.1:4321/basemap/';

function view(id: number, geometryType: GeometryType, featureCount: number): LayerView {
  return { id, geometryType, featureCount, visible: true, opacity: 0.8, color: '#d55e00' };
}

function styleWith(views: LayerView[]): StyleSpecification {
  const style = basemapStyle(base);
  for (const v of views) {
    style.sources[sourceId(v.id)] = { type: 'geojson', data: { type: 'FeatureCollection', features: [] } };
    style.sources[binsSourceId(v.id)] = { type: 'geojson', data: { type: 'FeatureCollection', features: [] } };
    for (const k of kindsFor(v)) style.layers.push(layerSpec(k, v));
  }
  return style;
}

describe('map style', () => {
  it('is valid for the style spec with data layers of every geometry type', () => {
    const types: GeometryType[] = ['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'Mixed', 'GeometryCollection'];
    const style = styleWith(types.flatMap((t, i) => [view(2 * i + 1, t, 10), view(2 * i + 2, t, 1_000_000)]));
    expect(validateStyleMin(style)).toEqual([]);
    // A broken layer is caught, so the empty list above means something.
    const broken = styleWith([view(1, 'Point', 10)]);
    (broken.layers.at(-1)!.paint as Record<string, unknown>)['circle-radius'] = 'big';
    expect(validateStyleMin(broken).length).toBeGreaterThan(0);
  });

  it('draws the basemap layers in the declared order, the Mexican side and ports with their sources attributed', () => {
    const style = basemapStyle(base);
    expect(style.layers.map((l) => l.id)).toEqual([...BASEMAP_LAYER_IDS]);
    const attributions = Object.values(style.sources).map((s) => (s as { attribution?: string }).attribution ?? '');
    for (const source of ['Natural Earth', 'US Census', 'INEGI', 'CBP']) expect(attributions.join(' | ')).toContain(source);
    for (const file of ['mx-states', 'mx-state-labels', 'rivers', 'railroads', 'ports-of-entry']) {
      expect(Object.values(style.sources).some((s) => (s as { data?: unknown }).data === `${base}${file}.geojson`), file).toBe(true);
    }
  });

  it('loads everything from the given same-origin folder: no glyph, sprite or tile server', () => {
    const style = basemapStyle(base);
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    const urls = Object.values(style.sources).map((s) => (s as { data?: unknown }).data);
    expect(urls.length).toBeGreaterThanOrEqual(4);
    for (const u of urls) expect(String(u).startsWith(base)).toBe(true);
    expect(JSON.stringify(style)).not.toMatch(/"tiles"|mapbox:|maptiler|openstreetmap/i);
  });

  it('draws big point layers from the view bins (their own source) and circles; big mixed layers as a heatmap at low zoom', () => {
    expect(kindsFor(view(1, 'Point', AGGREGATE_THRESHOLD))).toEqual(['circle']);
    const bigPoints = view(1, 'Point', AGGREGATE_THRESHOLD + 1);
    expect(kindsFor(bigPoints)).toEqual(['bins', 'circle']);
    expect(layerSpec('bins', bigPoints)).toMatchObject({ type: 'fill', source: binsSourceId(1) });
    // The view loader decides what the circles get; they are not hidden by zoom.
    expect(layerSpec('circle', bigPoints).minzoom).toBeUndefined();
    const big = view(1, 'Mixed', AGGREGATE_THRESHOLD + 1);
    expect(kindsFor(big)).toEqual(['fill', 'line', 'heat', 'circle']);
    const heat = layerSpec('heat', big);
    const circle = layerSpec('circle', big);
    expect(heat.type).toBe('heatmap');
    expect(heat.maxzoom).toBeGreaterThan(circle.minzoom!);
    expect(layerSpec('circle', view(1, 'Point', 10)).minzoom).toBeUndefined();
    expect(kindsFor(view(1, 'Polygon', 5))).toEqual(['fill', 'line']);
    expect(kindsFor(view(1, 'None', 5))).toEqual([]);
  });
});
