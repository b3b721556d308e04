/**
 * Work an engine can do where the data is, for selections too big to bring into this process
 * (PostGIS: postgis/pushdown.ts). The analyses ask for it above a size (analysis/pushdownRuns.ts);
 * what comes back is what the in-process run computes from the points themselves: counts, the
 * selection's centre and extent, its stacked points, DBSCAN's clustered incidents, Gi*'s cells.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import type { PointColumns } from '../../../shared/model/points.ts';
import type { Lattice } from '../../../shared/analysis/aggregateGrid.ts';
import type { Extent } from '../../../shared/analysis/pointsExtent.ts';
import type { PlanarArea } from '../../../shared/analysis/planarArea.ts';
import type { FeatureFilter } from './featureFilter.ts';

export interface PointSelection {
  layerId: number;
  filter: FeatureFilter;
  within?: Polygon | MultiPolygon;
}

/** Takes the selection's feature ids as they stream, in id order (the run's input fingerprint hashes them). */
export type IdSink = (ids: Float64Array) => void;

/** The coordinates (first record's) and record count of each stacked point, as stackedPoints.ts finds them. */
export interface EngineStacks {
  /** Records with coordinates. */
  total: number;
  stacks: { lon: number; lat: number; count: number }[];
}

/** What the engine's DBSCAN leaves to cluster exactly: the selection without its noise. */
export interface DbscanCandidates {
  /** Every selected incident's source index, in id order (the run's labels). */
  sourceIndex: Float64Array;
  /** For each selected incident, its index in `points`, or −1 when the engine found it noise. */
  member: Int32Array;
  /** The clustered incidents (core and border), in id order. */
  points: PointColumns;
  /** The engine's cluster number of each of `points`. */
  engineCluster: Int32Array;
  /** The selection's distinct locations (1 m cells of the projection). */
  locations: number;
}

/** Incidents counted per cell of a lattice (keys as aggregateGrid gives them; −1 off the lattice). */
interface CellCounts {
  keys: Float64Array;
  count: Int32Array;
  value: Float64Array;
  /** Of the cells whose centre lies outside the study area, those holding an incident inside it (aggregateGrid keeps them). */
  inside: Float64Array;
}

export interface Pushdown {
  /** How many points a selection holds. */
  countPoints(sel: PointSelection): Promise<number>;
  /** Its centre as localProjection.ts dataCentre computes it (the analyses' projection is chosen from it). */
  centre(sel: PointSelection): Promise<[number, number]>;
  /** Its extent in the projection `epsg` (metres). */
  extent(sel: PointSelection, epsg: number): Promise<Extent>;
  /** Its stacked points: coordinates rounded to 1 m cells of the plate carrée at `metres` per degree. */
  stacks(sel: PointSelection, minCount: number, metres: { x: number; y: number }): Promise<EngineStacks>;
  /** The mean latitude (stacked points round their cells by it). */
  meanLatitude(sel: PointSelection): Promise<number>;
  /** ST_ClusterDBSCAN in the projection `epsg`. */
  dbscanCandidates(sel: PointSelection, epsg: number, eps: number, minPoints: number, onIds: IdSink): Promise<DbscanCandidates>;
  // Gi* on cells (an engine without them leaves Gi* to the points).
  /** Records beyond `coverage` (lon/lat) and on each side of the border ring `mexicoSide`. */
  landSides?(sel: PointSelection, coverage: Extent, mexicoSide: readonly (readonly [number, number])[]): Promise<{ n: number; beyond: number; bySide: Map<string, number> }>;
  /** Each point's distance to its nearest other point in the projection `epsg`: their mean and median. */
  nearestNeighbourStats?(sel: PointSelection, epsg: number): Promise<{ mean: number; median: number }>;
  /** Incidents (or their quantities) per cell of `lattice` in the projection `epsg`, `area` the study area's cells. */
  cellCounts?(sel: PointSelection, epsg: number, lattice: Lattice, weightByQuantity: boolean, onIds: IdSink, area: PlanarArea): Promise<CellCounts>;
}
