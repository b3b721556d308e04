/**
 * What a layer or a stored analysis can be written as, declared once: the exporter checks a
 * request against it, the app's Export dialog lists it, the save dialog filters by it. The
 * interchange formats (Shapefile, GeoPackage, KML …) join this table when their writers land.
 */
import { z } from 'zod';
import type { AnalysisKind } from './analysisInputs.ts';
import type { GeometryType } from '../model/feature.ts';

export const LAYER_EXPORT_FORMATS = ['geojson', 'csv'] as const;
export type LayerExportFormat = (typeof LAYER_EXPORT_FORMATS)[number];

/**
 * An analysis result as its map features (GeoJSON, or CSV with the geometry as WKT), DBSCAN's
 * cluster label per incident, or kernel density's grid as an ESRI ASCII grid with its .prj.
 */
export const ANALYSIS_EXPORT_FORMATS = ['geojson', 'csv', 'labels', 'grid'] as const;
export type AnalysisExportFormat = (typeof ANALYSIS_EXPORT_FORMATS)[number];

export const LayerExportFormatInput = z.enum(LAYER_EXPORT_FORMATS);
export const AnalysisExportFormatInput = z.enum(ANALYSIS_EXPORT_FORMATS);

export interface ExportFormatInfo {
  id: string;
  label: string;
  /** File extensions without the dot; the first is the one a new file gets. */
  extensions: string[];
  /** Where the format cannot hold the provenance of a result, it goes beside it in NAME.provenance.json. */
  provenanceSidecar: boolean;
}

const INFO: Record<LayerExportFormat | AnalysisExportFormat, ExportFormatInfo> = {
  geojson: { id: 'geojson', label: 'GeoJSON (RFC 7946)', extensions: ['geojson', 'json'], provenanceSidecar: false },
  csv: { id: 'csv', label: 'CSV', extensions: ['csv'], provenanceSidecar: true },
  labels: { id: 'labels', label: 'Cluster of each incident (CSV)', extensions: ['csv'], provenanceSidecar: true },
  grid: { id: 'grid', label: 'Density grid (ESRI ASCII grid + .prj)', extensions: ['asc'], provenanceSidecar: true },
};

export function formatInfo(id: LayerExportFormat | AnalysisExportFormat): ExportFormatInfo {
  return INFO[id];
}

const isPointType = (t: GeometryType) => t === 'Point' || t === 'None';

/** The formats a layer of this geometry can be written as (CSV holds points as lon, lat). */
export function layerExportFormats(geometryType: GeometryType): LayerExportFormat[] {
  return LAYER_EXPORT_FORMATS.filter((f) => f !== 'csv' || isPointType(geometryType));
}

/** The formats a stored analysis of this kind can be written as. */
export function analysisExportFormats(kind: AnalysisKind): AnalysisExportFormat[] {
  return ANALYSIS_EXPORT_FORMATS.filter((f) => (f === 'labels' ? kind === 'dbscan' : f === 'grid' ? kind === 'kde' : true));
}

/** The format a file name asks for, or null. */
export function formatOfPath<F extends LayerExportFormat | AnalysisExportFormat>(file: string, allowed: readonly F[]): F | null {
  const ext = /\.([^./\\]+)$/.exec(file)?.[1]?.toLowerCase();
  if (!ext) return null;
  return allowed.find((f) => INFO[f].extensions.includes(ext)) ?? null;
}

/** `out` with the format's extension added when it has none of the format's extensions. */
export function withExtension(file: string, format: LayerExportFormat | AnalysisExportFormat): string {
  const ext = /\.([^./\\]+)$/.exec(file)?.[1]?.toLowerCase();
  return ext && INFO[format].extensions.includes(ext) ? file : `${file}.${INFO[format].extensions[0]}`;
}
