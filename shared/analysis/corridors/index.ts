/** Corridor detection: network corridors (hot routes along lines) and free corridors (no lines). */
export { networkCorridors } from './networkCorridors.ts';
export { freeCorridors, type FreeCorridorTuning } from './freeCorridors.ts';
export { toCorridorGeoJSON, lixelsToGeoJSON, type CorridorFeatureProperties, type LixelFeatureProperties } from './geojson.ts';
export { networkKde, neighbourhoodLength, type NkdeOptions, type NkdeResult } from './networkKde.ts';
export { adaptiveBandwidths, cvLikelihood, cvlScore } from './bandwidthSelection.ts';
export { edgeCorrectionFactors, pointInRing } from './edgeCorrection.ts';
export { buildLineNetwork, type LineNetwork } from './lineNetwork.ts';
export { snapToNetwork, type SnappedEvents } from './snapToNetwork.ts';
export { lixelize, groupByEdge, type EdgePoints, type Lixels } from './lixels.ts';
export { borderMetrics } from './borderMetrics.ts';
export { principalCurve } from './principalCurve.ts';
export type {
  BorderMetrics,
  Corridor,
  CorridorResult,
  FreeCorridorOptions,
  IncidentArrays,
  KernelName,
  LixelLayer,
  NetworkCorridorOptions,
  NkdeMethod,
} from './types.ts';
