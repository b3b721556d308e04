/**
 * How a run is kept in the workspace: the `analyses` row holds the resolved parameters, the
 * summary and, as its result, the map features plus the per-incident labels or the density grid.
 */
import type { FeatureCollection, Geometry } from 'geojson';
import type { AnalysisDetail, AnalysisListing } from '../../../shared/api/contract.ts';
import type { AnalysisKind } from '../../../shared/api/analysisInputs.ts';
import type { AnalysisOutput } from '../../../shared/analysis/run/types.ts';
import type { StoredAnalysis, AnalysisListing as StoreListing } from '../store/workspace.ts';

export interface StoredResult {
  geojson: FeatureCollection<Geometry | null>;
  warnings: string[];
  labels?: AnalysisOutput['labels'];
  asciiGrid?: string;
  projectionEpsg?: number;
  raster?: AnalysisOutput['raster'];
}

export function toStoredResult(out: AnalysisOutput): StoredResult {
  const r: StoredResult = { geojson: out.geojson, warnings: out.warnings };
  if (out.labels) r.labels = out.labels;
  if (out.asciiGrid !== undefined) r.asciiGrid = out.asciiGrid;
  if (out.projectionEpsg !== undefined) r.projectionEpsg = out.projectionEpsg;
  if (out.raster) r.raster = out.raster;
  return r;
}

export function analysisGeoJson(a: StoredAnalysis): FeatureCollection<Geometry | null> {
  const r = a.result as StoredResult | null;
  return r?.geojson ?? { type: 'FeatureCollection', features: [] };
}

export function toListing(a: StoreListing): AnalysisListing {
  return {
    id: a.id,
    kind: a.kind as AnalysisKind,
    layerId: a.layerId,
    params: (a.params ?? {}) as Record<string, unknown>,
    inputFingerprint: a.inputFingerprint,
    summary: (a.summary ?? {}) as Record<string, unknown>,
    createdAt: a.createdAt,
  };
}

export function toDetail(a: StoredAnalysis): AnalysisDetail {
  const r = a.result as StoredResult | null;
  return { ...toListing(a), geojson: analysisGeoJson(a), ...(r?.raster ? { raster: r.raster } : {}) };
}
