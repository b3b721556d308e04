/**
 * The back end's API, declared once. Electron's IPC handlers, the preload bridge, the loopback
 * web server and the renderer's client are all built from `apiMethods`; the back end implements
 * `Api`. A method added here and not implemented fails the type-check; inputs are validated at
 * every process boundary with the method's zod schema.
 */
import * as z from 'zod';
import { es as zodSpanish } from 'zod/locales';
import { UserError } from '../errors.ts';
import type { BBox, FieldInfo, GeometryType } from '../model/feature.ts';
import type { ViewBins } from '../geo/viewBins.ts';
import type { ImportProblem, ImportWords } from '../import/problems.ts';
import type { FeatureCollection, Geometry } from 'geojson';
import {
  AnalysisRunInput,
  AttributeFilterText,
  CompareInput,
  LayerRefInput,
  SelectionInput,
  SuggestEpsInput,
  TimelineInput,
  type AnalysisKind,
} from './analysisInputs.ts';
import type { Comparison, ZoneComparison } from '../analysis/compare.ts';
import type { WiderWindows } from '../analysis/aoristic.ts';
import type { Timeline, DayHourMatrix } from '../analysis/timeline.ts';
import type { PointSummary } from '../analysis/summary.ts';
import type { DisplayRaster } from '../analysis/run/raster.ts';
import type { StackedPoint } from '../analysis/stackedPoints.ts';
import type { Language } from '../i18n/languages.ts';
import { BriefingOptionsInput } from '../report/options.ts';
import { FieldValuesInput, type FieldValues } from './fieldValues.ts';
import type { BriefingModel } from '../report/model.ts';
import { ANALYSIS_OUTPUTS, type FormatInfo } from './formats.ts';
import { MapStateInput, type SavedMapState } from './mapState.ts';
import { BufferInput, DistancesInput } from './bufferInput.ts';
import { LayerLabelsInput, SetLabelsInput, type LabelTable } from './categoryLabels.ts';
import { TeamPublishInput, type TeamPublishResult } from './teamWorkspace.ts';

/** Declares a method: `m<Output>()(inputSchema)`. The output type is compile-time only. */
const m =
  <O>() =>
  <I extends z.ZodType>(input: I) => ({ input, output: undefined as unknown as O });

// ---------- shared input pieces ----------

const FieldMappingInput = z
  .object({
    /** One column, or date + time columns. */
    time: z.array(z.string().min(1)).max(2).optional(),
    timeFormat: z.string().min(1).optional(),
    /**
     * End of the window the record is known to lie in, [time, timeEnd]: read as `time` is (a
     * date-only end ends with its local day). Aoristic counts spread the record over it.
     */
    timeEnd: z.string().min(1).optional(),
    category: z.string().min(1).optional(),
    quantity: z.string().min(1).optional(),
    /** Column holding the unit, or a fixed unit for every record. */
    unit: z.string().min(1).optional(),
    unitValue: z.string().min(1).optional(),
    /** The source's location-precision code (e.g. 1 exact … 7 country, or text), kept as written. */
    precision: z.string().min(1).optional(),
  })
  .strict();
export type FieldMapping = z.infer<typeof FieldMappingInput>;

const ImportOptionsInput = z
  .object({
    layer: z.string().min(1).max(200).optional(),
    lat: z.string().min(1).optional(),
    lon: z.string().min(1).optional(),
    wkt: z.string().min(1).optional(),
    crs: z.string().min(1).optional(),
    encoding: z.string().min(1).optional(),
    /** Time zone for naive times; defaults to the workspace's. */
    tz: z.string().min(1).optional(),
    mapping: FieldMappingInput.optional(),
    skipInvalid: z.boolean().optional(),
    /**
     * One layer of a file of several: a GeoPackage's feature table, a GPX's waypoints, routes or
     * tracks, a KMZ's .kml, a .zip's shapefile (default: every one, a layer each).
     */
    table: z.string().min(1).max(200).optional(),
    /** A workbook's sheet to import (default: the first). */
    sheet: z.string().min(1).max(200).optional(),
  })
  .strict();
export type ImportOptions = z.infer<typeof ImportOptionsInput>;

const LayerRef = z.object({ layerId: z.number().int().positive() }).strict();

const FeatureQueryInput = z
  .object({
    layerId: z.number().int().positive(),
    bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
    from: z.number().optional(),
    to: z.number().optional(),
    categories: z.array(z.string()).optional(),
    limit: z.number().int().positive().max(2_000_000).optional(),
    offset: z.number().int().nonnegative().optional(),
    /** Row order (attribute table): `id`, `$time`, `$category`, `$quantity`, `$unit` or a property name; default id. */
    sort: z.object({ field: z.string().min(1).max(200), desc: z.boolean().optional() }).strict().optional(),
    /** Text the category, unit or any property value contains, case and accents set aside ("rio" finds "Río"). */
    search: z.string().max(200).optional(),
    /** The layer's attribute filter (shared/analysis/attributeFilter.ts). */
    where: AttributeFilterText.optional(),
  })
  .strict();

/** A point layer binned for one map view (shared/geo/viewBins.ts). */
const BinsQueryInput = z
  .object({
    layerId: z.number().int().positive(),
    bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
    zoom: z.number().min(0).max(24),
    /** Cell width in screen pixels at the grid's (integer) zoom; default 16. */
    cellPx: z.number().min(2).max(512).optional(),
    from: z.number().optional(),
    to: z.number().optional(),
    categories: z.array(z.string()).optional(),
    where: AttributeFilterText.optional(),
  })
  .strict();

/** A format of the back end's registry, by id ('geojson', 'csv' …); the back end checks it exists. */
const FormatIdInput = z.string().regex(/^[a-z][a-z0-9-]{0,19}$/, 'a format id such as geojson or csv');

// ---------- outputs ----------

export interface WorkspaceInfo {
  path: string;
  timezone: string;
  layerCount: number;
  /** Hash over every layer's fingerprint and every stored analysis id: identifies the content. */
  fingerprint: string;
  schemaVersion: number;
  /** 'postgis' for a team workspace (a schema of a PostGIS database), else a workspace file. */
  engine?: 'sqlite' | 'postgis';
  /** A team workspace opened by a role that may only read: analyses run but are not stored. */
  readOnly?: boolean;
  /** The database role a team workspace is opened as. */
  role?: string;
}

export interface LayerInfo {
  id: number;
  name: string;
  geometryType: GeometryType;
  featureCount: number;
  bbox: BBox | null;
  fields: FieldInfo[];
  sourceFile: string;
  sourceFormat: string;
  sourceCrs: string;
  fingerprint: string;
  importedAt: string;
  mapping: FieldMapping;
  /** Free-form metadata, e.g. { synthetic: true, note: 'SYNTHETIC — demonstration data' }. */
  metadata: Record<string, unknown>;
  /** Categories present, with counts (empty for layers without a category field). */
  categories: { category: string; count: number }[];
  timeRange: [number, number] | null;
  /**
   * Coordinates shared by at least max(10, 0.5 %) of the records (shared/analysis/stackedPoints.ts),
   * found when the layer was imported; absent for layers imported before Frontera looked for them.
   */
  stackedPoints?: StackedPoint[];
  /**
   * Records with a time window (a time_end later than their time's own instant or day) and the
   * widest window, ms (null when none). Set for every stored layer.
   */
  timeWindows?: { count: number; widestMs: number | null };
}

export interface FieldSuggestions {
  lat?: string;
  lon?: string;
  wkt?: string;
  time?: string[];
  timeEnd?: string;
  category?: string;
  quantity?: string;
  unit?: string;
  precision?: string;
}

export interface ImportPreview {
  file: string;
  format: string;
  /** The name the layer gets unless one is given: the file's, a GeoPackage table's. */
  layerName: string;
  fields: FieldInfo[];
  /** First rows/features' properties, as read. */
  sample: Record<string, unknown>[];
  crs: string | null;
  /** True when the file has no CRS and one must be chosen (or coordinates fit lon/lat). */
  crsNeeded: boolean;
  suggestions: FieldSuggestions;
  problems: ImportProblem[];
  /**
   * A table (CSV) in which no coordinate columns were found: why, in the CLI's words. The fields
   * and the sample are there all the same; the import needs `lat` and `lon`, or `wkt`, chosen.
   */
  coordinatesMissing?: string;
  /** Its words (shared/import/problems.ts), for the dialog to say it in the analyst's language. */
  coordinatesMissingWords?: ImportWords;
  /** A file of several layers (a GeoPackage's tables, a workbook's sheets): their names, the previewed one first. */
  layers?: string[];
}

export interface ImportSummary {
  layerId: number;
  layer: string;
  file: string;
  format: string;
  featureCount: number;
  skipped: ImportProblem[];
  skippedCount: number;
  sourceCrs: string;
  geometryType: GeometryType;
  bbox: BBox | null;
  fingerprint: string;
  mapping: FieldMapping;
  millis: number;
  /** A point layer's stacked points (as LayerInfo.stackedPoints); [] when none. */
  stackedPoints?: StackedPoint[];
  /** With a time_end mapped: the records with a time window and the widest (LayerInfo.timeWindows). */
  timeWindows?: { count: number; widestMs: number | null };
  /** What the reader left out or changed (a GeoPackage's BLOB columns), for the user. */
  notes?: string[];
  /** The notes' words (shared/import/problems.ts notesOf), index for index, to say them in the analyst's language; null for a note not in the catalogue. */
  noteWords?: (ImportWords | null)[];
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  /** The database role that did it (a team workspace's current_user); absent for a file's own entries. */
  role?: string;
}

export interface AnalysisListing {
  id: number;
  kind: AnalysisKind;
  layerId: number | null;
  /** The request as run, with every default filled in, so the run can be repeated. */
  params: Record<string, unknown>;
  inputFingerprint: string;
  summary: Record<string, unknown>;
  createdAt: string;
}

export interface AnalysisRun extends AnalysisListing {
  warnings: string[];
}

export interface AnalysisDetail extends AnalysisListing {
  /** The result as map features (clusters, cells, contours, corridors …) in WGS84. */
  geojson: FeatureCollection<Geometry | null>;
  /** Kernel density: a display raster of the surface (see shared/analysis/run/raster.ts). */
  raster?: DisplayRaster;
}

export interface CompareResult extends Comparison {
  layer: string;
  categories: string[] | null;
  within: string | null;
  /** --within-distance as LAYER:METRES, when asked. */
  withinDistance?: string;
  /** The attribute filter applied, canonical text; absent when none. */
  where?: string;
  zones?: ZoneComparison[];
  /**
   * Records known only to a time window, when the layer has any or it was asked: with `on` the
   * test (and the zones') counted whole records only, their window entirely inside a period;
   * `before`/`after` are the aoristic expected counts (each record's share of its window in the
   * period), shown beside the test and never in it; `straddling` records overlap both periods,
   * `partlyOutside` overlap one without lying inside it; `wider` those longer than the period.
   */
  aoristic?:
    | {
        on: true;
        by: 'asked' | 'default';
        before: number;
        after: number;
        straddling: number;
        partlyOutside: number;
        wider: WiderWindows;
        widerSentence: string;
        note: string;
      }
    | { on: false; by: 'asked' | 'default'; note: string };
}

/** `layers.summary`: the selection as applied, and what it holds (shared/analysis/summary.ts). */
export interface LayerSummary extends PointSummary {
  layer: string;
  layerId: number;
  /** The time window applied, epoch ms ([from, to)); null = open. */
  from: number | null;
  to: number | null;
  categories: string[] | null;
  within: string | null;
  /** --within-distance as LAYER:METRES, when asked. */
  withinDistance?: string;
  bbox: BBox | null;
}

const LayerSummaryInput = z
  .object({
    layer: LayerRefInput,
    /** Time window, categories and `within` polygon ('LAYER:N' = its record with source index N). */
    selection: SelectionInput.optional(),
    /** [minLon, minLat, maxLon, maxLat], e.g. the map's current extent. */
    bbox: z
      .tuple([z.number().min(-180).max(180), z.number().min(-90).max(90), z.number().min(-180).max(180), z.number().min(-90).max(90)])
      .refine((b) => b[0] <= b[2] && b[1] <= b[3], 'bbox must be [minLon, minLat, maxLon, maxLat]')
      .optional(),
  })
  .strict();

export interface TimelineResult {
  timeline: Timeline;
  dayHour: DayHourMatrix;
  total: number;
  /**
   * How records known only to a time window were counted, when the layer has any or it was
   * asked: `on` spread over their windows (aoristic), `by` 'asked' or 'default' (on when the layer
   * has windows), `windowed` the records of the selection with a time_end after their time.
   */
  aoristic?: { on: boolean; by: 'asked' | 'default'; windowed: number; note: string };
}

export interface EpsSuggestionOutput {
  /** The suggested eps, metres: the knee, or lower when the knee chains (see note). */
  eps: number;
  /** The knee of the k-distance curve, metres. */
  knee: number;
  k: number;
  /** The ascending k-distance curve, thinned for a chart, metres. */
  distances: number[];
  /** How the suggestion relates to the knee when it is not simply the knee. */
  note: string | null;
}

export interface ExportResult {
  /**
   * The main file written: the one asked for, or, where the format splits the export into
   * several (a shapefile of points and polygons: NAME_points.shp, NAME_polygons.shp), the first.
   */
  path: string;
  /** Features (or rows) written. */
  count: number;
  /** Every file written, `path` first: sidecars (a .prj, NAME.provenance.json) and further parts follow it. */
  files: string[];
  /** What the format changed and the user should know (a shapefile's field names cut to 10 characters …). */
  notes?: string[];
}

export interface BriefingPrintResult {
  out: string;
  pages: number;
  pageSize: string;
  orientation: string;
  analysisIds: number[];
  incidentCount: number;
  /** The notice printed over the map when it has nothing to show (no incident in the selection). */
  notice: string | null;
  /** The print's audit entry; null when a read-only team workspace's role may not write the audit log. */
  auditId: number | null;
  millis: number;
}

/** Methods whose `out` names a file the back end writes: hosts confine it (see webServer.ts, ipc.ts). */
export const OUTPUT_METHODS = ['export.layer', 'export.analysis', 'export.items', 'briefing.print'] as const;

// ---------- the method map ----------

export const apiMethods = {
  'workspace.info': m<WorkspaceInfo>()(z.object({}).strict()),
  'layers.list': m<LayerInfo[]>()(z.object({}).strict()),
  'layers.get': m<LayerInfo>()(LayerRef),
  'layers.remove': m<{ removed: number }>()(LayerRef),
  'layers.features': m<FeatureCollection<Geometry | null>>()(FeatureQueryInput),
  /** Incident count, counts by category, quantities by unit, first/last time for a selection and extent. */
  'layers.summary': m<LayerSummary>()(LayerSummaryInput),
  /** Features matching a query (limit/offset/sort ignored). */
  'layers.count': m<{ count: number }>()(FeatureQueryInput),
  /** Counts per screen-sized cell of a point layer in a view: the map's aggregate for big layers. */
  'layers.bins': m<ViewBins>()(BinsQueryInput),
  /** A field's distinct values with counts, or its numbers' classes: for style by attribute (fieldValues.ts). */
  'layers.fieldValues': m<FieldValues>()(FieldValuesInput),
  /** A layer's table of category labels (shared/api/categoryLabels.ts): each category with its count and labels. */
  'layers.labels': m<LabelTable>()(LayerLabelsInput),
  /** Sets or clears labels of a layer's categories, per language; audited (`layer.labels`). */
  'layers.setLabels': m<LabelTable>()(SetLabelsInput),
  /** A polygon layer of the area within a distance of a layer, a feature or a basemap layer (geodesic; shared/geo/buffer.ts); audited. */
  'layers.buffer': m<LayerInfo>()(BufferInput),
  /** A point layer's records with their geodesic distance to the border and the nearest port of entry, as a new layer; audited. */
  'layers.distances': m<LayerInfo>()(DistancesInput),
  'import.preview': m<ImportPreview>()(
    z.object({ path: z.string().min(1), options: ImportOptionsInput.optional() }).strict(),
  ),
  'import.run': m<ImportSummary[]>()(
    z.object({ paths: z.array(z.string().min(1)).min(1), options: ImportOptionsInput.optional() }).strict(),
  ),
  /** The formats the back end reads and writes (its registry), for the import and export dialogs. */
  'formats.list': m<FormatInfo[]>()(z.object({}).strict()),
  /** A layer to a file; the format (a `formats.list` id) follows `out`'s extension unless `format` says it. */
  'export.layer': m<ExportResult>()(
    z.object({ layerId: z.number().int().positive(), out: z.string().min(1), format: FormatIdInput.optional() }).strict(),
  ),
  /** Several layers and stored results into one file of a format that holds several (GeoPackage, KML). */
  'export.items': m<ExportResult>()(
    z
      .object({
        layers: z.array(z.number().int().positive()).max(200),
        analyses: z.array(z.number().int().positive()).max(200),
        out: z.string().min(1),
        format: FormatIdInput.optional(),
      })
      .strict()
      .refine((i) => i.layers.length + i.analyses.length > 0, 'name at least one layer or analysis'),
  ),
  /**
   * A stored analysis's result with its provenance (in the file where the format has room, else
   * beside it): its features in any format written, or `format` 'labels' (DBSCAN) or 'grid' (KDE).
   */
  'export.analysis': m<ExportResult>()(
    z
      .object({
        id: z.number().int().positive(),
        out: z.string().min(1),
        format: z.union([FormatIdInput, z.enum(Object.keys(ANALYSIS_OUTPUTS) as [keyof typeof ANALYSIS_OUTPUTS])]).optional(),
      })
      .strict(),
  ),
  'analysis.run': m<AnalysisRun>()(AnalysisRunInput),
  'analysis.list': m<AnalysisListing[]>()(z.object({}).strict()),
  'analysis.get': m<AnalysisDetail>()(z.object({ id: z.number().int().positive() }).strict()),
  'analysis.compare': m<CompareResult>()(CompareInput),
  'analysis.timeline': m<TimelineResult>()(TimelineInput),
  'analysis.suggestEps': m<EpsSuggestionOutput>()(SuggestEpsInput),
  /** Everything a printed briefing map shows (shared/report/model.ts); the briefing page lays it out. */
  'briefing.model': m<BriefingModel>()(BriefingOptionsInput),
  /** Prints the briefing page to `out` (PDF, or PNG at 300 dpi) with the host's own browser engine; audited. */
  'briefing.print': m<BriefingPrintResult>()(
    z.object({ options: BriefingOptionsInput, format: z.enum(['pdf', 'png']), out: z.string().min(1) }).strict(),
  ),
  /** The map as last saved in this workspace (layer order and styles, view, time window, panels). */
  'mapState.get': m<SavedMapState>()(z.object({}).strict()),
  'mapState.save': m<{ savedAt: string }>()(MapStateInput),
  /** Publish to team workspace…: layers (and their stored analyses) copied into a PostGIS workspace, as `frontera copy` does; audited there. */
  'team.publish': m<TeamPublishResult>()(TeamPublishInput),
  'audit.list': m<AuditEntry[]>()(
    z.object({ limit: z.number().int().positive().max(10_000).optional() }).strict(),
  ),
};

type ApiMethods = typeof apiMethods;
export type ApiName = keyof ApiMethods;
export type ApiInput<K extends ApiName> = z.infer<ApiMethods[K]['input']>;
export type ApiOutput<K extends ApiName> = ApiMethods[K]['output'];

/** Progress of long work: `done`/`total` in the unit the phase names (bytes, records, cells). */
export interface Progress {
  phase: string;
  done: number;
  total?: number;
  message?: string;
}

export interface CallContext {
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
  /** Who is acting, for the audit log ("cli:user", "app", "web"). */
  actor?: string;
  /** The language of the sentences a run composes (its warnings and notes); English when absent. */
  language?: Language;
}

export type Api = {
  [K in ApiName]: (input: ApiInput<K>, ctx?: CallContext) => Promise<ApiOutput<K>>;
};

/** Validates raw input for `name`; throws ApiInputError with a readable message. */
export function validateInput<K extends ApiName>(name: K, raw: unknown, language: Language = 'en'): ApiInput<K> {
  const method = apiMethods[name];
  if (!method) throw new ApiInputError(`unknown API method: ${String(name)}`);
  // Zod's own Spanish for what its checks find (the schemas' own messages stay as written).
  const parsed = method.input.safeParse(raw ?? {}, language === 'es' ? { error: zodSpanish().localeError } : undefined);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`);
    throw new ApiInputError(`invalid input for ${name}: ${issues.join('; ')}`);
  }
  return parsed.data as ApiInput<K>;
}

export function isApiName(name: unknown): name is ApiName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(apiMethods, name);
}

export class ApiInputError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'ApiInputError';
  }
}
