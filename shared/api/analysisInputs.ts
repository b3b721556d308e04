/**
 * Inputs of the analysis methods of the typed API (see contract.ts). Distances are metres.
 * A layer is named by id or by name. The selection is the one every analysis shares.
 */
import * as z from 'zod';
import { LANGUAGES } from '../i18n/languages.ts';

export const LayerRefInput = z.union([z.number().int().positive(), z.string().min(1).max(200)]);

/**
 * Method parameters that refer to a layer (corridors' network and border, counts per area's
 * polygons): the app sends the layer's id, which legends and briefings show by its name.
 */
export const LAYER_REF_PARAMS: ReadonlySet<string> = new Set(['network', 'border', 'by']);
/** An attribute filter's text form; parsed and typed against the layer's fields by the back end. */
export const AttributeFilterText = z.string().trim().min(1).max(4000);

/** Largest distance to measure within, m: a buffer's azimuthal equidistant projection per part is geodesically right well beyond it. */
export const MAX_DISTANCE_M = 500_000;

export const SelectionInput = z
  .object({
    /** 'YYYY-MM-DD' (a whole local day in the workspace zone, inclusive) or an ISO instant with zone. */
    from: z.string().min(1).optional(),
    /** Inclusive for dates ('YYYY-MM-DD' keeps all of that day); exclusive for instants. */
    to: z.string().min(1).optional(),
    categories: z.array(z.string().min(1)).optional(),
    /** 'LAYER' (any of its polygons), 'LAYER:N' (its record with source index N) or 'LAYER:field=value'. */
    within: z.string().min(1).optional(),
    /**
     * Keep the records within `metres` (geodesic) of a layer's features — any geometry, named as
     * `within` names them — or of 'basemap:border' / 'basemap:ports-of-entry' (shared/api/bufferInput.ts).
     */
    withinDistance: z.object({ layer: z.string().min(1), metres: z.number().finite().positive().max(MAX_DISTANCE_M) }).strict().optional(),
    /** Leave out the records on a stacked point of this selection (shared/analysis/stackedPoints.ts). */
    excludeStacked: z.boolean().optional(),
    /** Keep the records whose location-precision code (the layer's `precision` field) is a number ≤ this; records without one are left out. */
    precisionMax: z.number().finite().optional(),
    /** The attribute filter, e.g. `tipo = "homicidio" and victimas >= 2` (shared/analysis/attributeFilter.ts). */
    where: AttributeFilterText.optional(),
  })
  .strict();
export type Selection = z.infer<typeof SelectionInput>;

const positive = z.number().finite().positive();
/**
 * Where incidents could happen, for the statistics on cells and areas (Gi*, kernel density,
 * nearest-neighbour index, emerging hot spots): 'LAYER', 'LAYER:N' or 'LAYER:field=value' as
 * `within` reads them; 'extent' for the incidents' bounding box; default the basemap's land on
 * the incidents' side of the US–Mexico border within their bounding box (shared/analysis/studyArea.ts).
 */
const studyArea = z.string().min(1).optional();
/**
 * The language of the sentences the run writes into its result (warnings, notes): the app's;
 * English when absent. Not a parameter of the analysis: the same run in either language is one.
 */
const language = z.enum(LANGUAGES).optional();
const common = {
  layer: LayerRefInput,
  selection: SelectionInput.optional(),
  /** Weight each incident by its mapped quantity. */
  weight: z.literal('quantity').optional(),
  language,
};

export const DbscanParams = z
  .object({
    kind: z.literal('dbscan'),
    ...common,
    eps: positive,
    minPoints: z.number().int().min(1),
    hull: z.enum(['convex', 'concave']).optional(),
  })
  .strict();

export const KdeParams = z
  .object({
    kind: z.literal('kde'),
    ...common,
    /** Metres, or 'auto' for the spatial Silverman rule. */
    bandwidth: z.union([positive, z.literal('auto')]).optional(),
    cellSize: positive.optional(),
    /** Percent of cells enclosed by each contour, e.g. [1, 5, 10]. */
    contours: z.array(z.number().positive().max(100)).max(10).optional(),
    studyArea,
  })
  .strict();

export const GistarParams = z
  .object({
    kind: z.literal('gistar'),
    ...common,
    cellSize: positive.optional(),
    grid: z.enum(['hex', 'square']).optional(),
    /** Use the layer's own features and this numeric field instead of aggregating points. */
    field: z.string().min(1).optional(),
    distanceBand: positive.optional(),
    fdr: z.boolean().optional(),
    studyArea,
  })
  .strict();

export const NniParams = z
  .object({
    kind: z.literal('nni'),
    ...common,
    /** The study area's earlier name, read as studyArea (give one or the other). */
    area: z.string().min(1).optional(),
    studyArea,
  })
  .strict();

export const CorridorParams = z
  .object({
    kind: z.literal('corridors'),
    ...common,
    network: LayerRefInput.optional(),
    snap: positive.optional(),
    lixel: positive.optional(),
    bandwidth: positive.optional(),
    minLength: positive.optional(),
    border: LayerRefInput.optional(),
  })
  .strict();

export const EmergingParams = z
  .object({
    kind: z.literal('emerging'),
    ...common,
    cellSize: positive,
    step: z.enum(['day', 'week', 'month']).optional(),
    grid: z.enum(['hex', 'square']).optional(),
    /** Spread each incident over the steps its time window covers (default: on when the layer has windows). */
    aoristic: z.boolean().optional(),
    studyArea,
  })
  .strict();

/**
 * Counts per area: every polygon of `by` with the incidents inside it (each counted in one area
 * only: shared/analysis/pointInAreas.ts), per category and unit, per 100 km² and, with `per`, per
 * 100,000 people; drawn as a choropleth of `mapValue` in classes.
 */
export const AreasParams = z
  .object({
    kind: z.literal('areas'),
    layer: LayerRefInput,
    selection: SelectionInput.optional(),
    language,
    /** The polygon layer (municipalities …). */
    by: LayerRefInput,
    /** The field that names each area; default the layer's first text field. */
    nameField: z.string().min(1).optional(),
    /** A numeric population field: adds the rate per 100,000 people. */
    per: z.string().min(1).optional(),
    /** What the choropleth shows; default the count. */
    mapValue: z.enum(['count', 'density', 'per100k']).optional(),
    classify: z.enum(['natural-breaks', 'quantiles', 'equal-interval', 'manual']).optional(),
    /** Number of classes, default 5 (manual: its limits plus one). */
    classes: z.number().int().min(2).max(9).optional(),
    /** Manual class limits between classes, ascending. */
    breaks: z.array(z.number().finite()).min(1).max(8).optional(),
  })
  .strict();

export const AnalysisRunInput = z.discriminatedUnion('kind', [
  DbscanParams,
  KdeParams,
  GistarParams,
  NniParams,
  CorridorParams,
  EmergingParams,
  AreasParams,
]);
export type AnalysisRequest = z.infer<typeof AnalysisRunInput>;
export type AnalysisKind = AnalysisRequest['kind'];

export const CompareInput = z
  .object({
    layer: LayerRefInput,
    /** Split date: before = the N whole days ending the day before it; after = it and N−1 more. */
    split: z.string().min(1).optional(),
    beforeDays: z.number().int().min(1).max(3660).optional(),
    afterDays: z.number().int().min(1).max(3660).optional(),
    /** 'FROM..TO' ranges instead of a split. */
    before: z.string().min(1).optional(),
    after: z.string().min(1).optional(),
    categories: z.array(z.string().min(1)).optional(),
    within: z.string().min(1).optional(),
    /** As SelectionInput.withinDistance. */
    withinDistance: SelectionInput.shape.withinDistance,
    /** The attribute filter (as SelectionInput.where). */
    where: AttributeFilterText.optional(),
    /** Compare per zone of a stored DBSCAN or Gi* analysis, with FDR across zones. */
    byAnalysis: z.number().int().positive().optional(),
    /**
     * Records known only to a time window (default: on when the layer has windows): the test
     * counts whole records, entirely inside a period; the aoristic expected counts go beside it.
     */
    aoristic: z.boolean().optional(),
  })
  .strict();
export type CompareRequest = z.infer<typeof CompareInput>;

export const TimelineInput = z
  .object({
    layer: LayerRefInput,
    selection: SelectionInput.optional(),
    bin: z.enum(['day', 'week', 'month']).optional(),
    /** Spread each record over the bins its time window covers (default: on when the layer has windows). */
    aoristic: z.boolean().optional(),
  })
  .strict();
export type TimelineRequest = z.infer<typeof TimelineInput>;

export const SuggestEpsInput = z
  .object({ layer: LayerRefInput, selection: SelectionInput.optional(), minPoints: z.number().int().min(1) })
  .strict();
