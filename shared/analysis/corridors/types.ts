import type { LineString, MultiLineString, Polygon } from 'geojson';
import type { LongRunOptions } from '../cancel.ts';

/**
 * Incidents as parallel typed arrays (the layout every analysis takes): index i is one incident.
 * Optional columns may be absent; within a column, "unknown" is NaN (time, quantity) or -1
 * (category, unit).
 */
export interface IncidentArrays {
  lon: Float64Array;
  lat: Float64Array;
  /** Epoch milliseconds. */
  time?: Float64Array | null;
  category?: Int32Array | null;
  categoryNames?: readonly string[];
  quantity?: Float64Array | null;
  unit?: Int32Array | null;
  unitNames?: readonly string[];
}

/** onProgress(done, total) and signal, as every long analysis takes them. */
interface CommonCorridorOptions extends LongRunOptions {
  /** Shortest corridor reported, metres. */
  minLengthM?: number;
  /**
   * The border to measure against (lon/lat). Hosts pass the bundled basemap's US–MX line when
   * the user gives none; without it the border metrics are null.
   */
  border?: LineString | MultiLineString | null;
  /** Distance from the border within which a corridor's length counts as "near", metres. */
  borderNearM?: number;
}

export type NkdeMethod = 'simple' | 'discontinuous' | 'continuous';
export type KernelName = 'quartic' | 'triangle' | 'epanechnikov' | 'uniform';

export interface NetworkCorridorOptions extends CommonCorridorOptions {
  /** Incidents farther than this from every line are not snapped (reported in `unsnapped`). */
  snapToleranceM?: number;
  /** Line ends closer than this become one node. */
  nodeToleranceM?: number;
  lixelLengthM?: number;
  bandwidthM?: number;
  method?: NkdeMethod;
  kernel?: KernelName;
  /** False discovery rate across lixels (Benjamini–Hochberg). */
  fdr?: number;
  /** Spread below which a significant stretch is not worth reporting: observed / expected count. */
  minRatio?: number;
}

export interface FreeCorridorOptions extends CommonCorridorOptions {
  /** DBSCAN radius, metres; derived from the data's density when absent. */
  epsM?: number;
  minPoints?: number;
  /** Minimum length / width of a cluster to call it a corridor. */
  minElongation?: number;
  /** Quantile of perpendicular distances that sets the corridor's half width. */
  widthQuantile?: number;
}

export interface BorderMetrics {
  /** Minimum distance between the centreline and the border, metres (0 when they cross). */
  borderDistanceM: number;
  /** Share of the centreline's length within `borderNearM` (default 5 km) of the border. */
  shareWithin5km: number;
  crossesBorder: boolean;
}

export interface Corridor {
  corridor_id: string;
  mode: 'network' | 'free';
  centerline: LineString;
  polygon: Polygon;
  lengthKm: number;
  /** Width of the corridor polygon (twice the robust half width), metres. */
  meanWidthM: number;
  count: number;
  perKm: number;
  countsByCategory: Record<string, number>;
  quantityByUnit: Record<string, number>;
  firstTime: number | null;
  lastTime: number | null;
  /** Axial mean direction of the centreline, degrees clockwise from north in [0, 180). */
  bearing: number;
  borderDistanceM: number | null;
  shareWithin5km: number | null;
  crossesBorder: boolean | null;
  /** Indices (into the input arrays) of the incidents counted in this corridor. */
  members: Int32Array;
  /** Smallest FDR-adjusted p-value along the corridor (network mode), else null. */
  pValue: number | null;
}

/** Per-lixel output of network mode, for drawing hot routes. */
export interface LixelLayer {
  /**
   * Lixel geometry, flat: lixel k is the lon/lat polyline coords[2·coordStart[k] .. 2·coordStart[k+1])
   * (pairs). Typed arrays cross IPC and workers cheaply; lixelsToGeoJSON builds features on demand.
   */
  coordStart: Int32Array;
  coords: Float64Array;
  lengthM: Float64Array;
  /** Incidents snapped onto the lixel. */
  count: Float64Array;
  /** Incidents per km on the lixel itself (hot routes). */
  perKm: Float64Array;
  /** Network kernel density at the lixel's midpoint, incidents per km. */
  density: Float64Array;
  /** Incidents within one bandwidth along the network, and their expectation under the null. */
  neighbourhoodCount: Float64Array;
  expected: Float64Array;
  /** Benjamini–Hochberg adjusted p-values. */
  qValue: Float64Array;
  significant: Uint8Array;
}

export interface CorridorResult {
  mode: 'network' | 'free';
  corridors: Corridor[];
  /** Network mode: indices of incidents beyond the snap tolerance. Free mode: empty. */
  unsnapped: Int32Array;
  lixels: LixelLayer | null;
  /** The parameters actually used (defaults filled in, data-derived values resolved). */
  parameters: Record<string, number | string | boolean | null>;
  /** Free mode: how far the search got, so a run that finds nothing can say why. */
  search?: FreeCorridorSearch;
}

interface FreeCorridorSearch {
  /** Incidents in neighbourhoods both dense and linear: the candidates DBSCAN joins. */
  candidates: number;
  /** Strands tried: DBSCAN groups of at least 3 × minPoints candidates, each given a principal curve. */
  strands: number;
  /** The longest strand's curve, metres, and its length / width (0 when none). */
  longestM: number;
  longestElongation: number;
}
