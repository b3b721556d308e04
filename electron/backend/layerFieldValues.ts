/**
 * `layers.fieldValues`: a field's distinct values with their counts and, when asked, the classes
 * of its numbers (classify.ts), computed in the back end (store/fieldValues.ts) so the renderer
 * never loops over a layer to style it.
 */
import type { FieldValues } from '../../shared/api/fieldValues.ts';
import type { ApiInput } from '../../shared/api/contract.ts';
import { classify } from '../../shared/analysis/classify.ts';
import { compileFilter } from '../../shared/analysis/attributeFilter.ts';
import { UserError } from '../../shared/errors.ts';
import type { WorkspaceStore } from './store/store.ts';

const DEFAULT_LIMIT = 100;

/** A value as MapLibre's to-string writes it, so a style's `match` labels equal what it tests. */
const asText = (v: string | number | boolean): string => String(v);

export async function layerFieldValues(ws: WorkspaceStore, input: ApiInput<'layers.fieldValues'>): Promise<FieldValues> {
  const layer = await ws.getLayer(input.layerId);
  if (!layer.fields.some((f) => f.name === input.field)) {
    throw new UserError(`layer "${layer.name}" has no field "${input.field}" (fields: ${layer.fields.map((f) => f.name).join(', ') || 'none'})`);
  }
  // Compiled against the layer's fields: an unknown field or a bad value is refused naming the layer.
  const where = input.where ? compileFilter(input.where, layer.fields, layer.name) : undefined;
  const raw = await ws.fieldValues(layer.id, input.field, input.classify !== undefined, where);
  const merged = new Map<string, number>();
  for (const [v, n] of raw.counts) merged.set(asText(v), (merged.get(asText(v)) ?? 0) + n);
  const all = [...merged].map(([value, count]) => ({ value, count }));
  all.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  const limit = input.limit ?? DEFAULT_LIMIT;
  const values = all.slice(0, limit);
  const numbers = raw.numbers ?? [];
  if (input.classify && numbers.length === 0) throw new UserError(`field "${input.field}" of layer "${layer.name}" holds no numbers to classify`);
  return {
    layerId: layer.id,
    field: input.field,
    values,
    distinct: all.length,
    otherCount: all.slice(limit).reduce((n, v) => n + v.count, 0),
    nulls: raw.nulls,
    numbers: numbers.length,
    ...(input.classify ? { classes: classify(numbers, input.classify.method, input.classify.classes, input.classify.manual).classes } : {}),
  };
}
