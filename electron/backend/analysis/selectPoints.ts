/**
 * Turns an API selection (layer, time window, categories, `within`, stacked points left out or
 * not) into the typed point columns an analysis runs on, and describes it for provenance. The time
 * window and categories are applied in SQL; the polygon test and the stacked points run on the
 * loaded columns. Stacks are found on the selection as filtered (so --exclude-stacked drops what
 * the warning names), before any is left out. A team workspace narrows the read by the polygon
 * in SQL first: PostGIS reads only the points inside.
 */
import crypto from 'node:crypto';
import type { MultiPolygon, Polygon } from 'geojson';
import type { LayerInfo } from '../../../shared/api/contract.ts';
import type { Selection } from '../../../shared/api/analysisInputs.ts';
import { parseTimeWindow, polygonFilter, type TimeWindow } from '../../../shared/analysis/selection.ts';
import { subsetPoints, type PointColumns } from '../../../shared/model/points.ts';
import { compileFilter, type CompiledFilter } from '../../../shared/analysis/attributeFilter.ts';
import { windowEnds } from '../../../shared/analysis/aoristic.ts';
import { detectStackedPoints, excludeStackedLabel, stackSentence, stackWarning, type CellGroups, type StackDetection } from '../../../shared/analysis/stackedPoints.ts';
import { DEFAULT_LANGUAGE, LOCALE, type Language } from '../../../shared/i18n/languages.ts';
import { translator } from '../../../shared/i18n/translator.ts';
import { gazetteer } from '../gazetteer.ts';
import { resolveFeatures } from './featureSpec.ts';
import { distanceIndex } from '../../../shared/geo/geodesicDistance.ts';
import { UserError } from '../../../shared/errors.ts';
import type { WorkspaceStore } from '../store/store.ts';
import type { FeatureFilter } from '../store/featureFilter.ts';

export interface SelectedPoints {
  layer: LayerInfo;
  points: PointColumns;
  window: TimeWindow;
  categories: string[] | null;
  within: string | null;
  /** The attribute filter in its canonical text form (formatFilter), or null. */
  where: string | null;
  /** The stacked points of the selection, when asked for (SelectOptions.stacks) or left out. */
  stacks: StackDetection | null;
  /** The distinct 1 m locations of `points`, when the stacked-points pass found them on these very records. */
  locations: CellGroups | null;
  /** What the analysis's warnings say of the selection: its stacked points, or those left out. */
  warnings: string[];
  /** What was selected, in words and numbers, for the provenance of every result. */
  description: {
    layer: string;
    layerFingerprint: string;
    from: string | null;
    to: string | null;
    categories: string[] | null;
    within: string | null;
    /** --within-distance LAYER:METRES, as typed on the command line. */
    withinDistance?: string;
    count: number;
    /** --where: the attribute filter, in its canonical text form. */
    where?: string;
    /** --precision-max N: the largest location-precision code kept. */
    precisionMax?: number;
    /** --exclude-stacked. */
    excludeStacked?: true;
    /** Records the two filters left out: above the precision bound, without a code, on how many stacked points. */
    leftOut?: { precision?: number; noPrecision?: number; stacked?: number; stackedPoints?: number };
  };
}

export interface SelectOptions {
  /** `bbox` ([minLon, minLat, maxLon, maxLat], e.g. the map's extent) narrows the read in SQL (R*Tree). */
  bbox?: FeatureFilter['bbox'];
  /** Find the selection's stacked points (for an analysis's warnings) even when none is left out. */
  stacks?: boolean;
  /**
   * Aoristic counts (aoristicChoice.ts): also the records that start up to this many ms before
   * the time window and whose window reaches into it.
   */
  windowReach?: number;
  /** The language of the warnings (English when absent). */
  language?: Language;
}

export async function selectPoints(ws: WorkspaceStore, layerRef: number | string, sel: Selection = {}, area: SelectOptions = {}): Promise<SelectedPoints> {
  const { layer, filter, window, categories, where } = await selectionFilter(ws, layerRef, sel, area);
  const within = sel.within ?? null;
  const polygon = within ? await resolvePolygon(ws, within) : null;
  let points = await ws.readPoints(layer.id, filter, polygon ? { within: polygon } : {});
  if (area.windowReach && window.from !== null) {
    const from = window.from;
    const read = points;
    const ends = windowEnds(read.time, read.timePrecision, read.timeEnd, await ws.timezone());
    points = subsetPoints(read, (i) => read.time[i] >= from || ends[i] > from);
  }
  if (polygon) {
    const inside = polygonFilter(polygon);
    const pts = points;
    points = subsetPoints(pts, (i) => inside(pts.lon[i], pts.lat[i]));
  }
  if (sel.withinDistance) {
    const withinDistance = withinDistanceSpec(sel.withinDistance);
    const { layer: spec, metres } = sel.withinDistance;
    const source = await resolveFeatures(ws, spec, '--within-distance');
    if (!source.features.length) throw new UserError(`--within-distance ${withinDistance}: no feature matches in layer "${source.layer}"`);
    const index = distanceIndex(source.features.map((f) => f.geometry));
    const pts = points;
    points = subsetPoints(pts, (i) => index.within(pts.lon[i], pts.lat[i], metres));
  }
  const warnings: string[] = [];
  const leftOut: NonNullable<SelectedPoints['description']['leftOut']> = {};
  if (sel.precisionMax !== undefined) {
    const kept = keepPrecise(points, sel.precisionMax, layer, area.language ?? DEFAULT_LANGUAGE);
    points = kept.points;
    leftOut.precision = kept.above;
    leftOut.noPrecision = kept.noCode;
    if (kept.warning) warnings.push(kept.warning);
  }
  const stacks = sel.excludeStacked || area.stacks ? detectStackedPoints(points.lon, points.lat, gazetteer()) : null;
  if (stacks && sel.excludeStacked) {
    leftOut.stacked = stacks.stacked;
    leftOut.stackedPoints = stacks.stacks.length;
    if (stacks.stacked) {
      const stackOf = stacks.stackOf;
      points = subsetPoints(points, (i) => stackOf[i] < 0);
      const language = area.language ?? DEFAULT_LANGUAGE;
      warnings.push(
        translator(language, 'analysis')('stacked.leftOut', {
          count: stacks.stacks.length,
          points: stacks.stacks.length,
          n: stacks.stacked.toLocaleString(LOCALE[language]),
          control: excludeStackedLabel(language),
          sentence: stackSentence(stacks.stacks[0], language),
        }),
      );
    }
  } else if (stacks) {
    const w = stackWarning(stacks, undefined, area.language);
    if (w) warnings.push(w);
  }
  return {
    layer,
    points,
    window,
    categories,
    within,
    where: where?.text ?? null,
    stacks,
    // Leaving the stacked records out renumbers the rest: their cells no longer fit.
    locations: stacks && !(sel.excludeStacked && stacks.stacked) ? stacks.locations : null,
    warnings,
    description: selectionDescription(layer, sel, categories, within, points.count, leftOut),
  };
}

/**
 * What a selection asks of the store: its layer (checked to hold points) and the filter of its
 * time window (from `windowReach` earlier, for aoristic counts), categories and attribute filter.
 */
export async function selectionFilter(
  ws: WorkspaceStore,
  layerRef: number | string,
  sel: Selection = {},
  area: SelectOptions = {},
): Promise<{ layer: LayerInfo; filter: FeatureFilter; window: TimeWindow; categories: string[] | null; where: CompiledFilter | null }> {
  const layer = await ws.getLayer(layerRef);
  if (layer.geometryType !== 'Point' && layer.geometryType !== 'MultiPoint' && layer.geometryType !== 'None') {
    throw new UserError(`layer "${layer.name}" holds ${layer.geometryType} features; this analysis needs incident points`);
  }
  const window = parseTimeWindow(sel.from, sel.to, await ws.timezone());
  const filter: FeatureFilter = {};
  if (area.bbox) filter.bbox = area.bbox;
  if (window.from !== null) filter.from = window.from - (area.windowReach ?? 0);
  if (window.to !== null) filter.to = window.to;
  const categories = sel.categories && sel.categories.length ? [...new Set(sel.categories)] : null;
  if (categories) {
    const known = new Set(layer.categories.map((c) => c.category));
    const unknown = categories.filter((c) => !known.has(c));
    if (unknown.length) {
      throw new UserError(
        `layer "${layer.name}" has no category ${unknown.map((c) => `"${c}"`).join(', ')}` +
          (known.size ? ` (its categories: ${[...known].join(', ')})` : ' (it has no category field mapped)'),
      );
    }
    filter.categories = categories;
  }
  // Tested on each record's properties as the store reads it (blocks: after the cheaper tests).
  const where = sel.where ? compileFilter(sel.where, layer.fields, layer.name) : null;
  if (where) filter.where = where;
  return { layer, filter, window, categories, where };
}

export function selectionDescription(
  layer: LayerInfo,
  sel: Selection,
  categories: string[] | null,
  within: string | null,
  count: number,
  leftOut: NonNullable<SelectedPoints['description']['leftOut']> = {},
): SelectedPoints['description'] {
  const withinDistance = sel.withinDistance ? withinDistanceSpec(sel.withinDistance) : null;
  return {
    layer: layer.name,
    layerFingerprint: layer.fingerprint,
    from: sel.from ?? null,
    to: sel.to ?? null,
    categories,
    within,
    ...(withinDistance ? { withinDistance } : {}),
    count,
    ...(sel.where ? { where: compileFilter(sel.where, layer.fields, layer.name).text } : {}),
    ...(sel.precisionMax !== undefined ? { precisionMax: sel.precisionMax } : {}),
    ...(sel.excludeStacked ? { excludeStacked: true as const } : {}),
    ...(Object.keys(leftOut).length ? { leftOut } : {}),
  };
}

/**
 * --precision-max N: the records whose location-precision code is a number ≤ N. Records without
 * a code, or with one that is not a number ("exacta"), are left out too — a bound on precision
 * cannot vouch for a record that states none — and counted apart, so the warning says which.
 */
function keepPrecise(points: PointColumns, max: number, layer: LayerInfo, language: Language): { points: PointColumns; above: number; noCode: number; warning: string | null } {
  if (!layer.mapping.precision) {
    throw new UserError(`--precision-max ${max}: layer "${layer.name}" has no location-precision field mapped (import it with --precision COL)`);
  }
  const codes = (points.precisions ?? []).map((t) => (t.trim() === '' ? NaN : Number(t)));
  const col = points.precision;
  let above = 0;
  let noCode = 0;
  const aboveBy = new Map<string, number>();
  const keep = new Uint8Array(points.count);
  for (let i = 0; i < points.count; i++) {
    const c = col ? col[i] : -1;
    const v = c >= 0 ? codes[c] : NaN;
    if (Number.isNaN(v)) noCode++;
    else if (v > max) {
      above++;
      const t = points.precisions![c];
      aboveBy.set(t, (aboveBy.get(t) ?? 0) + 1);
    } else keep[i] = 1;
  }
  const n = (v: number) => v.toLocaleString(LOCALE[language]);
  const t = translator(language, 'analysis');
  const coded = [...aboveBy].sort((a, b) => Number(a[0]) - Number(b[0])).map(([code, k]) => t('precision.coded', { n: n(k), code }));
  const parts = [
    ...(above ? [t('precision.above', { n: n(above), max, coded: coded.join(', ') })] : []),
    ...(noCode ? [t('precision.noCode', { n: n(noCode) })] : []),
  ];
  return {
    points: subsetPoints(points, (i) => keep[i] === 1),
    above,
    noCode,
    warning: parts.length ? t('precision.leftOut', { max, control: translator(language, 'app')('selection.precision'), n: n(above + noCode), parts: parts.join('; ') }) : null,
  };
}

/**
 * `LAYER` (all its polygons), `LAYER:N` (the record with source index N — the row/record number
 * shown in the attribute table) or `LAYER:field=value` (e.g. `municipalities:NOMGEO=Mexicali`).
 * `flag` names the option in messages (--within, --study-area).
 */
export async function resolvePolygon(ws: WorkspaceStore, spec: string, flag = '--within'): Promise<Polygon | MultiPolygon> {
  const source = await resolveFeatures(ws, spec, flag, (layer) => {
    if (layer.geometryType !== 'Polygon' && layer.geometryType !== 'MultiPolygon' && layer.geometryType !== 'Mixed') {
      throw new UserError(`${flag} ${spec}: layer "${layer.layer}" holds ${layer.geometryType} features, not polygons`);
    }
  });
  const polygons: Polygon['coordinates'][] = [];
  for (const f of source.features) {
    if (f.geometry.type === 'Polygon') polygons.push(f.geometry.coordinates);
    else if (f.geometry.type === 'MultiPolygon') polygons.push(...f.geometry.coordinates);
  }
  if (!polygons.length) throw new UserError(`${flag} ${spec}: no polygon matches in layer "${source.layer}"`);
  return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons };
}

/** The selection's withinDistance as `--within-distance` takes it: LAYER:METRES. */
function withinDistanceSpec(w: { layer: string; metres: number }): string {
  return `${w.layer}:${w.metres}`;
}

/** Identifies the exact input of a run: the layer's source, the selected rows (their ids) and the parameters. */
export function inputFingerprint(layer: Pick<LayerInfo, 'fingerprint'>, ids: Float64Array, params: unknown): string {
  const h = fingerprintHasher(layer);
  h.ids(ids);
  return h.digest(params);
}

/** inputFingerprint with the ids fed as they stream in, in order (a selection never held whole). */
export function fingerprintHasher(layer: Pick<LayerInfo, 'fingerprint'>): { ids(ids: Float64Array): void; digest(params: unknown): string } {
  const h = crypto.createHash('sha256');
  h.update(layer.fingerprint);
  return {
    ids: (ids) => void h.update(new Uint8Array(ids.buffer, ids.byteOffset, ids.length * 8)),
    digest: (params) => h.update(JSON.stringify(params)).digest('hex'),
  };
}
