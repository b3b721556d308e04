/**
 * How a data layer is drawn: which MapLibre layers it becomes and their paint. Plain data, so
 * the style can be checked against the style spec without a map.
 */
import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import type { GeometryType } from '../../shared/model/feature.ts';
import type { Symbology } from '../../shared/api/mapState.ts';
import { LABEL_PAINT, colorExpression, labelLayout, radiusExpression } from './symbology.ts';

export interface LayerView {
  id: number;
  geometryType: GeometryType;
  featureCount: number;
  visible: boolean;
  /** 0..1 */
  opacity: number;
  color: string;
  /** Style by attribute; absent: every feature in `color`. */
  symbology?: Symbology;
  /** Labels by this field. */
  labels?: string;
}

/**
 * Above this many points a layer is drawn as a heatmap until the analyst zooms in. MapLibre draws
 * tens of thousands of circles without strain; it is the hundreds of thousands that turn a
 * regional view into a smear and a slow frame, so a year of incidents in one zone stays points.
 */
export const AGGREGATE_THRESHOLD = 20_000;
/** Zoom from which aggregated point layers switch to individual circles. */
const AGGREGATE_MAX_ZOOM = 11;

/**
 * 'bins' is the aggregate of a viewport layer (a point layer above AGGREGATE_THRESHOLD): the
 * back end's counts per screen-sized cell for the view (renderer/map/viewportLoader.ts), drawn
 * as square cells coloured by count from their own source; its points reach `circle` only when
 * the view holds few enough of them.
 */
export type Kind = 'fill' | 'line' | 'circle' | 'heat' | 'bins' | 'label';

export const sourceId = (id: number) => `lyr-${id}`;
export const binsSourceId = (id: number) => `lyr-${id}-bins`;

/** A point layer too big to load whole: the map asks the back end for the view's bins or points. */
export function isViewportLayer(l: { geometryType: GeometryType; featureCount: number }): boolean {
  return (l.geometryType === 'Point' || l.geometryType === 'MultiPoint') && l.featureCount > AGGREGATE_THRESHOLD;
}

/** The bins' colour ramp (YlOrRd) over the cell's share of the view's largest cell, on a log scale. */
export const BINS_RAMP: [number, string][] = [
  [0, '#ffffb2'],
  [0.25, '#fecc5c'],
  [0.5, '#fd8d3c'],
  [0.75, '#f03b20'],
  [1, '#bd0026'],
];
export const layerId = (id: number, kind: Kind) => `lyr-${id}-${kind}`;
export const isOurs = (id: string) => id.startsWith('lyr-');
/** Data layers go under the town names (readable) but over the town dots (incidents in a town stay visible). */
export const LABELS = 'town-labels';

const polygonTypes: ExpressionSpecification = ['match', ['geometry-type'], ['Polygon', 'MultiPolygon'], true, false];
const lineOrPolygonTypes: ExpressionSpecification = [
  'match',
  ['geometry-type'],
  ['Polygon', 'MultiPolygon', 'LineString', 'MultiLineString'],
  true,
  false,
];
const pointTypes: ExpressionSpecification = ['match', ['geometry-type'], ['Point', 'MultiPoint'], true, false];

export function kindsFor(view: LayerView): Kind[] {
  const kinds = geometryKinds(view);
  return view.labels && kinds.length ? [...kinds, 'label'] : kinds;
}

function geometryKinds(view: LayerView): Kind[] {
  switch (view.geometryType) {
    case 'Polygon':
    case 'MultiPolygon':
      return ['fill', 'line'];
    case 'LineString':
    case 'MultiLineString':
      return ['line'];
    case 'Point':
    case 'MultiPoint':
      return isViewportLayer(view) ? ['bins', 'circle'] : ['circle'];
    case 'None':
      return [];
    default:
      return view.featureCount > AGGREGATE_THRESHOLD ? ['fill', 'line', 'heat', 'circle'] : ['fill', 'line', 'circle'];
  }
}

export function paintFor(kind: Kind, view: LayerView): Record<string, unknown> {
  const o = view.opacity;
  const s = view.symbology;
  // Graduated by size keeps the layer's colour and sizes its circles; anything else colours by attribute.
  const color = s && !(s.mode === 'graduated' && s.by === 'size') ? colorExpression(s) : view.color;
  const sized = s?.mode === 'graduated' && s.by === 'size' ? radiusExpression(s) : null;
  switch (kind) {
    case 'fill':
      // A styled polygon layer is read by its fill: opaque enough to tell the classes apart.
      return { 'fill-color': color, 'fill-opacity': (s ? 0.65 : 0.3) * o };
    case 'line':
      return {
        // A styled polygon's outline stays the layer colour; a styled line takes the attribute's.
        'line-color': view.geometryType.includes('Polygon') ? view.color : color,
        'line-opacity': o,
        'line-width': view.geometryType.includes('Polygon') ? 1.2 : 2,
      };
    case 'circle':
      return {
        'circle-color': color,
        'circle-opacity': o,
        'circle-radius': sized ?? ['interpolate', ['linear'], ['zoom'], 5, 3, 12, 5, 16, 7],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1,
        'circle-stroke-opacity': o,
      };
    case 'bins':
      return {
        'fill-color': ['interpolate', ['linear'], ['get', 'level'], ...BINS_RAMP.flat()],
        'fill-opacity': 0.75 * o,
        'fill-outline-color': 'rgba(0,0,0,0)',
        'fill-antialias': false,
      };
    case 'heat':
      return {
        'heatmap-opacity': ['interpolate', ['linear'], ['zoom'], AGGREGATE_MAX_ZOOM - 1, o, AGGREGATE_MAX_ZOOM, 0],
        'heatmap-radius': ['interpolate', ['linear'], ['zoom'], 4, 6, 10, 18],
        'heatmap-color': [
          'interpolate',
          ['linear'],
          ['heatmap-density'],
          0,
          'rgba(255,255,178,0)',
          0.2,
          '#fecc5c',
          0.5,
          '#fd8d3c',
          0.8,
          '#f03b20',
          1,
          '#bd0026',
        ],
      };
    case 'label':
      return { ...LABEL_PAINT, 'text-opacity': o };
  }
}

export function layerSpec(kind: Kind, view: LayerView): LayerSpecification {
  const base = { id: layerId(view.id, kind), source: sourceId(view.id), layout: { visibility: view.visible ? 'visible' : 'none' } } as const;
  const paint = paintFor(kind, view);
  const aggregated = kindsFor(view).includes('heat');
  switch (kind) {
    case 'fill':
      return { ...base, type: 'fill', filter: polygonTypes, paint } as LayerSpecification;
    case 'line':
      return { ...base, type: 'line', filter: lineOrPolygonTypes, paint } as LayerSpecification;
    case 'circle':
      return {
        ...base,
        type: 'circle',
        filter: pointTypes,
        ...(aggregated ? { minzoom: AGGREGATE_MAX_ZOOM - 1 } : {}),
        paint,
      } as LayerSpecification;
    case 'heat':
      return { ...base, type: 'heatmap', filter: pointTypes, maxzoom: AGGREGATE_MAX_ZOOM, paint } as LayerSpecification;
    case 'bins':
      return { ...base, source: binsSourceId(view.id), type: 'fill', paint } as LayerSpecification;
    case 'label': {
      const g = view.geometryType.includes('Polygon') ? 'polygon' : view.geometryType.includes('Line') ? 'line' : 'point';
      const layout = { ...base.layout, ...labelLayout(view.labels ?? '', g) };
      return { ...base, layout, type: 'symbol', paint } as LayerSpecification;
    }
  }
}
