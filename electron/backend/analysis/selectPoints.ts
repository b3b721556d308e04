/**
 * Turns an API selection (layer, time window, categories, `within`) into the typed point
 * columns an analysis runs on, and describes it for provenance. The time window and categories
 * are applied in SQL; the polygon test runs on the loaded columns (a team workspace narrows the
 * read by it in SQL first: PostGIS reads only the points inside).
 */
import crypto from 'node:crypto';
import type { MultiPolygon, Polygon } from 'geojson';
import type { LayerInfo } from '../../../shared/api/contract.ts';
import type { Selection } from '../../../shared/api/analysisInputs.ts';
import { parseTimeWindow, polygonFilter, type TimeWindow } from '../../../shared/analysis/selection.ts';
import { subsetPoints, type PointColumns } from '../../../shared/model/points.ts';
import { UserError } from '../../../shared/errors.ts';
import type { WorkspaceStore } from '../store/store.ts';
import type { FeatureFilter } from '../store/featureFilter.ts';

export interface SelectedPoints {
  layer: LayerInfo;
  points: PointColumns;
  window: TimeWindow;
  categories: string[] | null;
  within: string | null;
  /** What was selected, in words and numbers, for the provenance of every result. */
  description: {
    layer: string;
    layerFingerprint: string;
    from: string | null;
    to: string | null;
    categories: string[] | null;
    within: string | null;
    count: number;
  };
}

/** `area.bbox` ([minLon, minLat, maxLon, maxLat], e.g. the map's extent) narrows the read in SQL (R*Tree). */
export async function selectPoints(
  ws: WorkspaceStore,
  layerRef: number | string,
  sel: Selection = {},
  area: { bbox?: FeatureFilter['bbox'] } = {},
): Promise<SelectedPoints> {
  const { layer, filter, window, categories } = await selectionFilter(ws, layerRef, sel, area);
  const within = sel.within ?? null;
  const polygon = within ? await resolvePolygon(ws, within) : null;
  let points = await ws.readPoints(layer.id, filter, polygon ? { within: polygon } : {});
  if (polygon) {
    const inside = polygonFilter(polygon);
    const pts = points;
    points = subsetPoints(pts, (i) => inside(pts.lon[i], pts.lat[i]));
  }
  return {
    layer,
    points,
    window,
    categories,
    within,
    description: selectionDescription(layer, sel, categories, within, points.count),
  };
}

/** What a selection asks of the store: its layer (checked to hold points) and the filter of its time window and categories. */
export async function selectionFilter(
  ws: WorkspaceStore,
  layerRef: number | string,
  sel: Selection = {},
  area: { bbox?: FeatureFilter['bbox'] } = {},
): Promise<{ layer: LayerInfo; filter: FeatureFilter; window: TimeWindow; categories: string[] | null }> {
  const layer = await ws.getLayer(layerRef);
  if (layer.geometryType !== 'Point' && layer.geometryType !== 'MultiPoint' && layer.geometryType !== 'None') {
    throw new UserError(`layer "${layer.name}" holds ${layer.geometryType} features; this analysis needs incident points`);
  }
  const window = parseTimeWindow(sel.from, sel.to, await ws.timezone());
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
  return { layer, filter, window, categories };
}

export function selectionDescription(
  layer: LayerInfo,
  sel: Selection,
  categories: string[] | null,
  within: string | null,
  count: number,
): SelectedPoints['description'] {
  return { layer: layer.name, layerFingerprint: layer.fingerprint, from: sel.from ?? null, to: sel.to ?? null, categories, within, count };
}

/**
 * `LAYER` (all its polygons), `LAYER:N` (the record with source index N — the row/record number
 * shown in the attribute table) or `LAYER:field=value` (e.g. `municipalities:NOMGEO=Mexicali`).
 */
export async function resolvePolygon(ws: WorkspaceStore, spec: string): Promise<Polygon | MultiPolygon> {
  const colon = spec.indexOf(':');
  const layerName = colon < 0 ? spec : spec.slice(0, colon);
  const pick = colon < 0 ? null : spec.slice(colon + 1);
  const layer = await ws.getLayer(layerName);
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
  for await (const batch of ws.featureBatches(layer.id)) {
    for (const f of batch) {
      if (!f.geometry || !match(f)) continue;
      if (f.geometry.type === 'Polygon') polygons.push(f.geometry.coordinates);
      else if (f.geometry.type === 'MultiPolygon') polygons.push(...f.geometry.coordinates);
    }
  }
  if (!polygons.length) throw new UserError(`--within ${spec}: no polygon matches in layer "${layer.name}"`);
  return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons };
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
