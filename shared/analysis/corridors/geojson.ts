import type { Feature, FeatureCollection, LineString, Polygon } from 'geojson';
import type { Corridor, CorridorResult } from './types.ts';

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
