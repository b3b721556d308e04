/**
 * A style by attribute resolved for the features a layer shows: its categories' counts, or its
 * classes computed from the values, of the features passing the layer's attribute filter — as
 * QGIS counts symbology by the layer's filter. Asked of the back end (layers.fieldValues with
 * the filter), both when the analyst applies a style and when the filter under it changes.
 */
import type { LayerInfo } from '../../shared/api/contract.ts';
import type { Symbology } from '../../shared/api/mapState.ts';
import type { ClassMethod } from '../../shared/analysis/classify.ts';
import type { ApiClient } from '../api/client.ts';
import type { FieldValues } from '../../shared/api/fieldValues.ts';
import { MAX_CATEGORIES, categorized, graduated } from './symbology.ts';

/** What the analyst chose in the style editor; the counts and classes follow from the data. */
type StyleRequest =
  | { mode: 'categorized'; field: string }
  | { mode: 'graduated'; field: string; method: ClassMethod; classes: number; by: 'color' | 'size'; limits?: number[] };

/** As many distinct values as the back end lists: a kept category is counted even when it is no longer among the most frequent. */
const ALL_VALUES = 1000;

/** Features passing the filter without a number in the field: empty, or text that is not one. */
function withoutNumber(v: FieldValues): number {
  return v.values.reduce((n, x) => n + x.count, 0) + v.otherCount + v.nulls - v.numbers;
}

/** The request a saved style was made from. */
function requestOf(s: Symbology): StyleRequest {
  return s.mode === 'categorized'
    ? { mode: 'categorized', field: s.field }
    : { mode: 'graduated', field: s.field, method: s.method, classes: s.classes.length, by: s.by, ...(s.limits ? { limits: s.limits } : {}) };
}

/** A new style for `request`, of the features passing `where`. */
export async function resolveSymbology(api: ApiClient, layer: LayerInfo, color: string, request: StyleRequest, where: string | undefined): Promise<Symbology> {
  const base = { layerId: layer.id, field: request.field, ...(where ? { where } : {}) };
  if (request.mode === 'categorized') return categorized(await api['layers.fieldValues']({ ...base, limit: MAX_CATEGORIES + 1 }));
  const classify = { method: request.method, classes: request.classes, ...(request.limits ? { manual: request.limits } : {}) };
  const r = await api['layers.fieldValues']({ ...base, limit: 1, classify });
  return graduated(request.field, request.method, request.by, r.classes ?? [], color, request.limits, withoutNumber(r));
}

/**
 * The same style counted again for a new filter: a categorized style keeps its categories and
 * colours (a colour must not jump to another value because the filter changed) with the
 * filtered counts; a graduated one is classified again from the filtered values, as its breaks
 * come from them (manual limits stay the analyst's). No number left: every class counts 0.
 */
export async function recount(api: ApiClient, layer: LayerInfo, color: string, s: Symbology, where: string | undefined): Promise<Symbology> {
  const values = await api['layers.fieldValues']({ layerId: layer.id, field: s.field, limit: ALL_VALUES, ...(where ? { where } : {}) });
  if (s.mode === 'categorized') {
    const counts = new Map(values.values.map((v) => [v.value, v.count]));
    const categories = s.categories.map((c) => ({ ...c, count: counts.get(c.value) ?? 0 }));
    const listed = categories.reduce((n, c) => n + c.count, 0);
    const all = values.values.reduce((n, v) => n + v.count, 0) + values.otherCount + values.nulls;
    return { ...s, categories, otherCount: all - listed };
  }
  if (values.numbers === 0) return { ...s, classes: s.classes.map((c) => ({ ...c, count: 0 })), noValueCount: withoutNumber(values) };
  return resolveSymbology(api, layer, color, requestOf(s), where);
}
