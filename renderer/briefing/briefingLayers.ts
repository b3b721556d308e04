/**
 * The model's layers as MapLibre layers. Colours travel in each feature's `_color`, so this file
 * holds geometry rules only (which MapLibre layer types a result becomes), not a second palette.
 */
import type { LayerSpecification, SourceSpecification } from 'maplibre-gl';
import type { BriefingLayer } from '../../shared/report/model.ts';
import { POINT_CLUSTER_RADIUS } from '../map/resultLayers.ts';

const color = ['get', '_color'] as unknown as string;

export function briefingSources(layers: BriefingLayer[]): Record<string, SourceSpecification> {
  const out: Record<string, SourceSpecification> = {};
  for (const l of layers) out[l.id] = { type: 'geojson', data: l.data as GeoJSON.FeatureCollection };
  return out;
}

/** Paper is read at arm's length: lines and dots a little heavier than on screen. */
export function briefingLayerSpecs(l: BriefingLayer): LayerSpecification[] {
  const src = { source: l.id };
  switch (l.kind) {
    case 'heatmap': {
      const ramp = (l.ramp ?? []).flatMap(([stop, c]) => [stop, c]);
      return [
        {
          id: `${l.id}-heat`,
          type: 'heatmap',
          ...src,
          paint: {
            'heatmap-weight': ['get', '_weight'],
            'heatmap-radius': 14,
            'heatmap-intensity': 1,
            'heatmap-opacity': 0.85,
            'heatmap-color': ['interpolate', ['linear'], ['heatmap-density'], ...ramp] as never,
          },
        },
      ];
    }
    case 'incidents':
      return [
        {
          id: `${l.id}-circle`,
          type: 'circle',
          ...src,
          paint:
            l.emphasis === 'context'
              ? { 'circle-color': color, 'circle-radius': 1.5, 'circle-opacity': 0.55 }
              : {
                  'circle-color': color,
                  // A style graduated by size gives each point its class's radius, as on the map.
                  'circle-radius': l.styled ? ['coalesce', ['get', '_radius'], 2.6] : 2.6,
                  'circle-stroke-color': '#ffffff',
                  'circle-stroke-width': 0.6,
                  'circle-opacity': 0.9,
                },
        },
      ];
    case 'areas':
      return [
        { id: `${l.id}-fill`, type: 'fill', ...src, paint: { 'fill-color': color, 'fill-opacity': 0.75 } },
        { id: `${l.id}-line`, type: 'line', ...src, paint: { 'line-color': '#636363', 'line-width': 0.5 } },
      ];
    case 'gistar':
      return [
        { id: `${l.id}-fill`, type: 'fill', ...src, paint: { 'fill-color': color, 'fill-opacity': 0.8 } },
        { id: `${l.id}-line`, type: 'line', ...src, paint: { 'line-color': color, 'line-width': 0.4 } },
      ];
    case 'dbscan':
      return [
        { id: `${l.id}-fill`, type: 'fill', ...src, paint: { 'fill-color': color, 'fill-opacity': 0.08 } },
        { id: `${l.id}-line`, type: 'line', ...src, paint: { 'line-color': color, 'line-width': 1.8 } },
        // A cluster without an area (its incidents on one spot) is a Point: sized as on screen.
        {
          id: `${l.id}-point`,
          type: 'circle',
          ...src,
          filter: ['==', ['geometry-type'], 'Point'],
          paint: { 'circle-color': color, 'circle-opacity': 0.25, 'circle-radius': POINT_CLUSTER_RADIUS, 'circle-stroke-color': color, 'circle-stroke-width': 1.8 },
        },
      ];
    case 'polygons':
      // Styled by attribute: filled as the map fills a styled layer (0.65), outlined in grey as the choropleth.
      return l.styled
        ? [
            { id: `${l.id}-fill`, type: 'fill', ...src, paint: { 'fill-color': color, 'fill-opacity': 0.65 } },
            { id: `${l.id}-line`, type: 'line', ...src, paint: { 'line-color': '#636363', 'line-width': 0.5 } },
          ]
        : [
            { id: `${l.id}-fill`, type: 'fill', ...src, paint: { 'fill-color': color, 'fill-opacity': 0.06 } },
            { id: `${l.id}-line`, type: 'line', ...src, paint: { 'line-color': color, 'line-width': 1 } },
          ];
    case 'kde':
      return [{ id: `${l.id}-line`, type: 'line', ...src, paint: { 'line-color': color, 'line-width': 1.6 } }];
    case 'lines':
      return [{ id: `${l.id}-line`, type: 'line', ...src, paint: { 'line-color': color, 'line-width': 1.2 } }];
    case 'corridors':
      return [
        { id: `${l.id}-casing`, type: 'line', ...src, paint: { 'line-color': '#ffffff', 'line-width': 5 } },
        { id: `${l.id}-line`, type: 'line', ...src, paint: { 'line-color': color, 'line-width': 3 } },
      ];
  }
}
