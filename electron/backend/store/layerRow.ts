/**
 * A row of the layers table as both stores read it (workspace.ts on SQLite, postgis/postgisStore.ts
 * on PostGIS: the same columns, migrations kept in step), and the LayerInfo it stands for.
 */
import type { FieldMapping, LayerInfo } from '../../../shared/api/contract.ts';
import type { StackedPoint } from '../../../shared/analysis/stackedPoints.ts';
import type { BBox, FieldInfo, GeometryType } from '../../../shared/model/feature.ts';

export interface LayerRow {
  id: number;
  name: string;
  source_file: string;
  source_format: string;
  source_crs: string;
  fields: string;
  geometry_type: string;
  feature_count: number;
  min_lon: number | null;
  min_lat: number | null;
  max_lon: number | null;
  max_lat: number | null;
  time_min: number | null;
  time_max: number | null;
  categories: string;
  fingerprint: string;
  imported_at: string;
  mapping: string;
  metadata: string;
  windowed_count: number;
  widest_window: number | null;
}

/** The metadata, with the stacked points the import found lifted out to a field of their own. */
function layerMetadata(text: string): Pick<LayerInfo, 'metadata' | 'stackedPoints'> {
  const { stackedPoints, ...metadata } = JSON.parse(text) as Record<string, unknown>;
  return stackedPoints === undefined ? { metadata } : { metadata, stackedPoints: stackedPoints as StackedPoint[] };
}

export function toLayerInfo(r: LayerRow): LayerInfo {
  const bbox: BBox | null =
    r.min_lon === null ? null : [r.min_lon, r.min_lat as number, r.max_lon as number, r.max_lat as number];
  return {
    id: r.id,
    name: r.name,
    geometryType: r.geometry_type as GeometryType,
    featureCount: r.feature_count,
    bbox,
    fields: JSON.parse(r.fields) as FieldInfo[],
    sourceFile: r.source_file,
    sourceFormat: r.source_format,
    sourceCrs: r.source_crs,
    fingerprint: r.fingerprint,
    importedAt: r.imported_at,
    mapping: JSON.parse(r.mapping) as FieldMapping,
    ...layerMetadata(r.metadata),
    categories: JSON.parse(r.categories) as { category: string; count: number }[],
    timeRange: r.time_min === null ? null : [r.time_min, r.time_max as number],
    timeWindows: { count: r.windowed_count, widestMs: r.widest_window },
  };
}
