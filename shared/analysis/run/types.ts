/**
 * What an analysis run takes and gives, as plain data: the same objects cross a worker-thread
 * boundary (structured clone, typed arrays transferred) and land in the workspace as JSON.
 */
import type { FeatureCollection, Geometry, LineString, MultiLineString, MultiPolygon, Polygon } from 'geojson';
import type { PointColumns } from '../../model/points.ts';
import type { Progress } from '../../api/contract.ts';
import type { DisplayRaster } from './raster.ts';
import type { KdeRowHelper } from '../kde.ts';
import type { LandSides } from '../studyArea.ts';
import type { StudyAreaInput } from '../studyArea.ts';
import type { Language } from '../../i18n/languages.ts';
import type { CellGroups } from '../stackedPoints.ts';

export interface AnalysisInputData {
  /** The selected incidents (time window, categories and `within` already applied). */
  points: PointColumns;
  /** Workspace time zone, for anything binned by day/week/month. */
  tz: string;
  /** The language of the sentences the run writes (study area, warnings, explanations); English when absent. */
  language?: Language;
  /** Gi* on a layer's own features (`field` mode): geometry, value and row per feature. */
  features?: { id: number; sourceIndex: number; geometry: Geometry; value: number }[];
  /** Where incidents could happen (Gi*, kernel density, NNI, emerging): studyArea.ts. */
  studyArea?: StudyAreaInput;
  /** Network lines for corridors, when given. */
  network?: (LineString | MultiLineString)[] | null;
  /** The border line for corridor border metrics. */
  border?: (LineString | MultiLineString)[] | null;
  /**
   * DBSCAN on a selection a database has already clustered (a team workspace's big selections):
   * `points` then holds only the incidents it found in a cluster. Every neighbour of a core point
   * is in a cluster, so clustering these alone gives exactly the labels of the whole selection;
   * the rest is noise. `member`: each selected incident's index in `points`, or −1;
   * `locations`: the selection's distinct locations (1 m cells of the projection, stackedPoints.ts).
   */
  dbscanCandidates?: { total: number; sourceIndex: Float64Array; member: Int32Array; centre: [number, number]; locations: number };
  /**
   * Gi* on incidents a database has already counted per cell of the lattice runGistar lays
   * (gistarLattice: keys as aggregateGrid gives them); `points` is then empty. `extent`: the
   * selection's projected extent; `sides`: where it lies against the basemap's land; `inside`:
   * the cells, their centre outside the study area, that hold an incident inside it.
   */
  cellCounts?: {
    total: number;
    centre: [number, number];
    extent: { minX: number; minY: number; maxX: number; maxY: number };
    sides?: LandSides;
    cellSize: number;
    keys: Float64Array;
    count: Int32Array;
    value: Float64Array;
    inside: Float64Array;
  };
  /** Counts per area: the `by` layer's polygons. */
  areas?: AreaLayerInput;
  /**
   * The distinct 1 m locations of `points` (stackedPoints.ts groupByCell), when the selection's
   * stacked-points pass has grouped them already: DBSCAN's chaining warning counts them.
   */
  locations?: CellGroups;
}

export interface AreaLayerInput {
  layer: string;
  /** The field the areas are named by (given, or the layer's first text field). */
  nameField: string | null;
  /** Records without a polygon, left out. */
  skipped: number;
  /** In the layer's order: the tie-break order. */
  polygons: AreaInput[];
}

export interface AreaInput {
  sourceIndex: number;
  name: string | null;
  /** The `per` field's value; null when the record has none. */
  population: number | null;
  geometry: Polygon | MultiPolygon;
  /** The geodesic area, km², as an earlier run of the same polygons measured it (areaSizes.ts); measured when absent. */
  areaKm2?: number;
}

export interface AnalysisOutput {
  /** The request with every default resolved (the bandwidth actually used, the band, …). */
  params: Record<string, unknown>;
  summary: Record<string, unknown>;
  /** Result features in WGS84 for the map, the export and the briefing. */
  geojson: FeatureCollection<Geometry | null>;
  warnings: string[];
  /** DBSCAN: cluster per selected incident (−1 noise), in selection order. */
  labels?: { sourceIndex: number[]; cluster: number[] };
  /** KDE: the density grid as an ESRI ASCII grid, in the local UTM zone `projectionEpsg`. */
  asciiGrid?: string;
  projectionEpsg?: number;
  /** KDE: a small raster of the surface for the map. */
  raster?: DisplayRaster;
}

export interface RunOptions {
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
  /** A second thread the host lends to kernel density's row sweep. */
  kdeRowHelper?: KdeRowHelper;
}
