/**
 * Work an engine can do where the data is, for selections too big to bring into this process
 * (PostGIS: postgis/pushdown.ts). The analyses ask for it above a size (analysis/pushdownRuns.ts);
 * what comes back is what the in-process run would have computed from the points themselves.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import type { PointColumns } from '../../../shared/model/points.ts';
import type { CellShape } from '../../../shared/analysis/aggregateGrid.ts';
import type { FeatureFilter } from './featureFilter.ts';

export interface PointSelection {
  layerId: number;
  filter: FeatureFilter;
  within?: Polygon | MultiPolygon;
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
  /** The selection's centre as dataCentre computes it (the projection is chosen from it). */
  centre: [number, number];
}

/** Incidents counted per cell of the analysis lattice, keyed as shared/analysis/aggregateGrid.ts keys them. */
export interface CellCounts {
  total: number;
  centre: [number, number];
  /** The projected extent of the selection (metres). */
  extent: { minX: number; minY: number; maxX: number; maxY: number };
  cellSize: number;
  keys: Float64Array;
  count: Int32Array;
  value: Float64Array;
}

/** Takes the selection's feature ids as they stream, in id order (the run's input fingerprint hashes them). */
export type IdSink = (ids: Float64Array) => void;

export interface Pushdown {
  /** How many points a selection holds, counted where the data is. */
  countPoints(sel: PointSelection): Promise<number>;
  /** ST_ClusterDBSCAN in the UTM zone of the selection's centre. */
  dbscanCandidates(sel: PointSelection, eps: number, minPoints: number, onIds: IdSink): Promise<DbscanCandidates>;
  /** Incidents per cell of the Gi* lattice (the default cell size computed there too when none is given). */
  cellCounts(sel: PointSelection, opts: { shape: CellShape; cellSize?: number; weightByQuantity: boolean }, onIds: IdSink): Promise<CellCounts>;
}
