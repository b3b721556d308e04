/**
 * Turns an API selection (layer, time window, categories, `within`, stacked points left out or
 * not) into the typed point columns an analysis runs on, and describes it for provenance. The time
 * window and categories are applied in SQL; the polygon test and the stacked points run on the
 * loaded columns. Stacks are found on the selection as filtered (so --exclude-stacked drops what
 * the warning names), before any is left out.
 */
import crypto from 'node:crypto';
import type { MultiPolygon, Polygon } from 'geojson';
import type { LayerInfo } from '../../../shared/api/contract.ts';
import type { Selection } from '../../../shared/api/analysisInputs.ts';
import { parseTimeWindow, polygonFilter, type TimeWindow } from '../../../shared/analysis/selection.ts';
import { subsetPoints, type PointColumns } from '../../../shared/model/points.ts';
import { detectStackedPoints, stackSentence, stackWarning, type StackDetection } from '../../../shared/analysis/stackedPoints.ts';
import { gazetteer } from '../gazetteer.ts';
import { UserError } from '../../../shared/errors.ts';
import type { Workspace } from '../store/workspace.ts';
import type { FeatureFilter } from '../store/featureFilter.ts';

export interface SelectedPoints {
  layer: LayerInfo;
  points: PointColumns;
  window: TimeWindow;
  categories: string[] | null;
  within: string | null;
  /** The stacked points of the selection, when asked for (SelectOptions.stacks) or left out. */
  stacks: StackDetection | null;
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
    count: number;
    /** With --exclude-stacked: true, and the records left out on how many stacked points. */
    excludeStacked?: true;
    leftOut?: { stacked: number; stackedPoints: number };
  };
}

export interface SelectOptions {
  /** `bbox` ([minLon, minLat, maxLon, maxLat], e.g. the map's extent) narrows the read in SQL (R*Tree). */
  bbox?: FeatureFilter['bbox'];
  /** Find the selection's stacked points (for an analysis's warnings) even when none is left out. */
  stacks?: boolean;
}

export function selectPoints(ws: Workspace, layerRef: number | string, sel: Selection = {}, area: SelectOptions = {}): SelectedPoints {
  const layer = ws.getLayer(layerRef);
  if (layer.geometryType !== 'Point' && layer.geometryType !== 'MultiPoint' && layer.geometryType !== 'None') {
    throw new UserError(`layer "${layer.name}" holds ${layer.geometryType} features; this analysis needs incident points`);
  }
  const window = parseTimeWindow(sel.from, sel.to, ws.timezone);
  const filter: FeatureFilter = {};
  if (area.bbox) filter.bbox = area.bbox;
  if (window.from !== null) filter.from = window.from;
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
  let points = ws.readPoints(layer.id, filter);
  const within = sel.within ?? null;
  if (within) {
    const inside = polygonFilter(resolvePolygon(ws, within));
    const pts = points;
    points = subsetPoints(pts, (i) => inside(pts.lon[i], pts.lat[i]));
  }
  const stacks = sel.excludeStacked || area.stacks ? detectStackedPoints(points.lon, points.lat, gazetteer()) : null;
  const warnings: string[] = [];
  let leftOut: SelectedPoints['description']['leftOut'];
  if (stacks && sel.excludeStacked) {
    leftOut = { stacked: stacks.stacked, stackedPoints: stacks.stacks.length };
    if (stacks.stacked) {
      const stackOf = stacks.stackOf;
      points = subsetPoints(points, (i) => stackOf[i] < 0);
      warnings.push(
        `${stacks.stacked.toLocaleString('en-US')} records on ${stacks.stacks.length} stacked point${stacks.stacks.length === 1 ? '' : 's'} left out ` +
          `(--exclude-stacked), the largest: ${stackSentence(stacks.stacks[0])}`,
      );
    }
  } else if (stacks) {
    const w = stackWarning(stacks);
    if (w) warnings.push(w);
  }
  return {
    layer,
    points,
    window,
    categories,
    within,
    stacks,
    warnings,
    description: {
      layer: layer.name,
      layerFingerprint: layer.fingerprint,
      from: sel.from ?? null,
      to: sel.to ?? null,
      categories,
      within,
      count: points.count,
      ...(sel.excludeStacked ? { excludeStacked: true as const, leftOut } : {}),
    },
  };
}

/**
 * `LAYER` (all its polygons), `LAYER:N` (the record with source index N — the row/record number
 * shown in the attribute table) or `LAYER:field=value` (e.g. `municipalities:NOMGEO=Mexicali`).
 */
export function resolvePolygon(ws: Workspace, spec: string): Polygon | MultiPolygon {
  const colon = spec.indexOf(':');
  const layerName = colon < 0 ? spec : spec.slice(0, colon);
  const pick = colon < 0 ? null : spec.slice(colon + 1);
  const layer = ws.getLayer(layerName);
  if (layer.geometryType !== 'Polygon' && layer.geometryType !== 'MultiPolygon' && layer.geometryType !== 'Mixed') {
    throw new UserError(`--within ${spec}: layer "${layer.name}" holds ${layer.geometryType} features, not polygons`);
  }
  let match: (f: { sourceIndex: number; properties: Record<string, unknown> }) => boolean = () => true;
  if (pick !== null) {
    const eq = pick.indexOf('=');
    if (eq > 0) {
      const field = pick.slice(0, eq);
      const value = pick.slice(eq + 1);
      if (!layer.fields.some((f) => f.name === field)) {
        throw new UserError(`--within ${spec}: layer "${layer.name}" has no field "${field}"`);
      }
      match = (f) => String(f.properties[field] ?? '') === value;
    } else if (/^\d+$/.test(pick)) {
      const n = Number(pick);
      match = (f) => f.sourceIndex === n;
    } else {
      throw new UserError(`--within ${spec}: expected LAYER, LAYER:N (source index) or LAYER:field=value`);
    }
  }
  const polygons: Polygon['coordinates'][] = [];
  for (const f of ws.iterateFeatures(layer.id)) {
    if (!f.geometry || !match(f)) continue;
    if (f.geometry.type === 'Polygon') polygons.push(f.geometry.coordinates);
    else if (f.geometry.type === 'MultiPolygon') polygons.push(...f.geometry.coordinates);
  }
  if (!polygons.length) throw new UserError(`--within ${spec}: no polygon matches in layer "${layer.name}"`);
  return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons };
}

/** Identifies the exact input of a run: the layer's source, the selected rows and the parameters. */
export function inputFingerprint(sel: SelectedPoints, params: unknown): string {
  const h = crypto.createHash('sha256');
  h.update(sel.layer.fingerprint);
  h.update(new Uint8Array(sel.points.ids.buffer, sel.points.ids.byteOffset, sel.points.count * 8));
  h.update(JSON.stringify(params));
  return h.digest('hex');
}
