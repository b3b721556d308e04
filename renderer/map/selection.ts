/**
 * The selected feature on the map: drawn over everything in a highlight colour (as QGIS draws
 * its selection yellow), brought into view when the attribute table selects it off screen, and
 * framed by "zoom to selection".
 */
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { Feature, Geometry } from 'geojson';
import type { BBox } from '../../shared/model/feature.ts';

const SELECTION_SOURCE = 'selection';
const SELECTION_LAYERS = { fill: 'selection-fill', line: 'selection-line', circle: 'selection-circle' } as const;
const SELECTION_COLOR = '#ffd400';
/** A single point is framed at this zoom at least (a street block), never zoomed out to. */
const POINT_MIN_ZOOM = 14;

export function geometryBBox(g: Geometry | null): BBox | null {
  if (!g) return null;
  let b: BBox | null = null;
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [x, y] = c as number[];
      b = b ? [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)] : [x, y, x, y];
    } else if (Array.isArray(c)) c.forEach(visit);
  };
  if (g.type === 'GeometryCollection') g.geometries.forEach((x) => visit((x as { coordinates?: unknown }).coordinates));
  else visit(g.coordinates);
  return b;
}

export function unionBBox(boxes: (BBox | null)[]): BBox | null {
  let out: BBox | null = null;
  for (const b of boxes) {
    if (!b) continue;
    out = out ? [Math.min(out[0], b[0]), Math.min(out[1], b[1]), Math.max(out[2], b[2]), Math.max(out[3], b[3])] : [...b];
  }
  return out;
}

/** Draws `features` as the selection (an empty list clears it). Layers go on top of everything. */
export function setSelectionHighlight(map: MapLibreMap, features: Feature<Geometry | null>[]): void {
  const data = {
    type: 'FeatureCollection' as const,
    features: features.filter((f) => f.geometry).map((f) => ({ type: 'Feature' as const, id: f.id, properties: { ...f.properties }, geometry: f.geometry! })),
  };
  const apply = () => {
    const src = map.getSource(SELECTION_SOURCE) as GeoJSONSource | undefined;
    if (src) src.setData(data);
    else map.addSource(SELECTION_SOURCE, { type: 'geojson', data });
    const polygons = ['match', ['geometry-type'], ['Polygon', 'MultiPolygon'], true, false] as never;
    const points = ['match', ['geometry-type'], ['Point', 'MultiPoint'], true, false] as never;
    if (!map.getLayer(SELECTION_LAYERS.fill)) {
      map.addLayer({ id: SELECTION_LAYERS.fill, type: 'fill', source: SELECTION_SOURCE, filter: polygons, paint: { 'fill-color': SELECTION_COLOR, 'fill-opacity': 0.35 } });
      map.addLayer({
        id: SELECTION_LAYERS.line,
        type: 'line',
        source: SELECTION_SOURCE,
        filter: ['!', points] as never,
        paint: { 'line-color': SELECTION_COLOR, 'line-width': 3 },
      });
      map.addLayer({
        id: SELECTION_LAYERS.circle,
        type: 'circle',
        source: SELECTION_SOURCE,
        filter: points,
        paint: { 'circle-radius': 9, 'circle-color': SELECTION_COLOR, 'circle-opacity': 0.9, 'circle-stroke-color': '#1f2328', 'circle-stroke-width': 2 },
      });
    } else {
      // Layers added after ours (new data layers, results) would hide the selection: back on top.
      for (const id of Object.values(SELECTION_LAYERS)) map.moveLayer(id);
    }
  };
  if (map.isStyleLoaded()) apply();
  else map.once('idle', apply);
}

/** Pans (at the same zoom) so the box is in view when it is not; zooms out only if it cannot fit. */
export function panIntoView(map: MapLibreMap, bbox: BBox): void {
  const view = map.getBounds();
  const inside = bbox[0] >= view.getWest() && bbox[2] <= view.getEast() && bbox[1] >= view.getSouth() && bbox[3] <= view.getNorth();
  if (inside) return;
  const fits = bbox[2] - bbox[0] < (view.getEast() - view.getWest()) * 0.8 && bbox[3] - bbox[1] < (view.getNorth() - view.getSouth()) * 0.8;
  if (fits) map.easeTo({ center: [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2], duration: 400 });
  else zoomToBBox(map, bbox);
}

/** Frames the box; a point (or a tiny box) is shown at POINT_MIN_ZOOM or closer, never farther. */
export function zoomToBBox(map: MapLibreMap, bbox: BBox): void {
  const [minX, minY, maxX, maxY] = bbox;
  const centre: [number, number] = [(minX + maxX) / 2, (minY + maxY) / 2];
  if (maxX - minX < 1e-6 && maxY - minY < 1e-6) {
    map.easeTo({ center: centre, zoom: Math.max(map.getZoom(), POINT_MIN_ZOOM), duration: 500 });
    return;
  }
  const cam = map.cameraForBounds([[minX, minY], [maxX, maxY]], { padding: 60, maxZoom: 16 });
  map.easeTo({ center: cam?.center ?? centre, zoom: cam?.zoom ?? POINT_MIN_ZOOM, duration: 500 });
}
