import type { Feature, FeatureCollection, LineString, Polygon } from 'geojson';
import type { Corridor, CorridorResult, LixelLayer } from './types.ts';

export type CorridorFeatureProperties = Omit<Corridor, 'centerline' | 'polygon' | 'members'> & {
  part: 'centerline' | 'polygon';
};

/**
 * Per corridor one LineString (the centreline) and one Polygon (its extent) that share
 * `corridor_id` and every metric, so either can be styled, labelled or joined on its own.
 */
export function toCorridorGeoJSON(result: CorridorResult): FeatureCollection<LineString | Polygon, CorridorFeatureProperties> {
  const features: Feature<LineString | Polygon, CorridorFeatureProperties>[] = [];
  for (const c of result.corridors) {
    const { centerline, polygon, members: _members, ...metrics } = c;
    features.push({ type: 'Feature', id: `${c.corridor_id}-line`, geometry: centerline, properties: { ...metrics, part: 'centerline' } });
    features.push({ type: 'Feature', id: `${c.corridor_id}-polygon`, geometry: polygon, properties: { ...metrics, part: 'polygon' } });
  }
  return { type: 'FeatureCollection', features };
}

export interface LixelFeatureProperties {
  lixel: number;
  count: number;
  perKm: number;
  density: number;
  neighbourhoodCount: number;
  expected: number;
  qValue: number;
  significant: boolean;
}

/**
 * The hot-routes layer as GeoJSON: one LineString per lixel with its figures. `minDensity` drops
 * lixels below it (incidents per km of kernel density), which keeps quiet network out of the map.
 */
export function lixelsToGeoJSON(layer: LixelLayer, minDensity = 0): FeatureCollection<LineString, LixelFeatureProperties> {
  const features: Feature<LineString, LixelFeatureProperties>[] = [];
  for (let k = 0; k + 1 < layer.coordStart.length; k++) {
    if (layer.density[k] < minDensity) continue;
    const coordinates: [number, number][] = [];
    for (let i = layer.coordStart[k]; i < layer.coordStart[k + 1]; i++) coordinates.push([layer.coords[2 * i], layer.coords[2 * i + 1]]);
    features.push({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates },
      properties: {
        lixel: k,
        count: layer.count[k],
        perKm: layer.perKm[k],
        density: layer.density[k],
        neighbourhoodCount: layer.neighbourhoodCount[k],
        expected: layer.expected[k],
        qValue: layer.qValue[k],
        significant: layer.significant[k] === 1,
      },
    });
  }
  return { type: 'FeatureCollection', features };
}
