/**
 * How a NormalizedFeature maps onto a `features` row and back. Points go to lon/lat columns and
 * leave `geometry` NULL: that keeps a million-point layer free of geometry text on both sides.
 */
import type { Geometry } from 'geojson';
import type { NormalizedFeature, TimePrecision } from '../../../shared/model/feature.ts';

/** Column order of every features INSERT (layer_id first). */
export const FEATURE_COLUMNS = [
  'layer_id',
  'source_index',
  'lon',
  'lat',
  'geometry',
  'properties',
  'time',
  'time_precision',
  'category',
  'quantity',
  'unit',
] as const;
export const FEATURE_COLUMN_COUNT = FEATURE_COLUMNS.length;

export type RowValue = number | string | null;

/** Writes the row of `f` into `out` from `at`; returns true when it is a point (lon/lat set). */
export function encodeFeature(f: NormalizedFeature, layerId: number, out: RowValue[], at: number): boolean {
  const g = f.geometry;
  const isPoint = g !== null && g.type === 'Point';
  out[at] = layerId;
  out[at + 1] = f.sourceIndex;
  out[at + 2] = isPoint ? g.coordinates[0] : null;
  out[at + 3] = isPoint ? g.coordinates[1] : null;
  out[at + 4] = isPoint || g === null ? null : JSON.stringify(g);
  out[at + 5] = JSON.stringify(f.properties);
  out[at + 6] = f.time;
  out[at + 7] = f.timePrecision;
  out[at + 8] = f.category;
  out[at + 9] = f.quantity;
  out[at + 10] = f.unit;
  return isPoint;
}

export interface FeatureRow {
  id: number;
  source_index: number;
  lon: number | null;
  lat: number | null;
  geometry: string | null;
  properties: string;
  time: number | null;
  time_precision: string | null;
  category: string | null;
  quantity: number | null;
  unit: string | null;
}

export type StoredFeature = NormalizedFeature & { id: number };

export function decodeFeature(r: FeatureRow): StoredFeature {
  let geometry: Geometry | null = null;
  if (r.lon !== null && r.lat !== null) geometry = { type: 'Point', coordinates: [r.lon, r.lat] };
  else if (r.geometry !== null) geometry = JSON.parse(r.geometry) as Geometry;
  return {
    id: r.id,
    sourceIndex: r.source_index,
    geometry,
    properties: JSON.parse(r.properties) as Record<string, unknown>,
    time: r.time,
    timePrecision: r.time_precision as TimePrecision | null,
    category: r.category,
    quantity: r.quantity,
    unit: r.unit,
  };
}
