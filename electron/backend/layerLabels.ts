/**
 * `layers.labels` and `layers.setLabels`: a layer's table of category labels
 * (shared/api/categoryLabels.ts) with the layer's codes and counts, and its changes — kept in the
 * layer's metadata, audited as `layer.labels`, refused on a read-only team workspace by the store.
 */
import type { ApiInput, LayerInfo } from '../../shared/api/contract.ts';
import {
  LABELS_METADATA_KEY,
  layerCategoryLabels,
  type CategoryLabel,
  type CategoryLabels,
  type LabelTable,
} from '../../shared/api/categoryLabels.ts';
import { UserError } from '../../shared/errors.ts';
import type { WorkspaceStore } from './store/store.ts';

function labelTable(layer: LayerInfo): LabelTable {
  const labels = layerCategoryLabels(layer) ?? {};
  const counted = new Set(layer.categories.map((c) => c.category));
  const rows = layer.categories.map((c) => ({ code: c.category, count: c.count, ...labels[c.category] }));
  // A label kept for a code the layer no longer holds (re-imported since) is listed, with no records.
  for (const code of Object.keys(labels).sort()) if (!counted.has(code)) rows.push({ code, count: 0, ...labels[code] });
  return { layerId: layer.id, layer: layer.name, categoryField: layer.mapping.category ?? null, rows };
}

export async function layerLabels(store: WorkspaceStore, input: ApiInput<'layers.labels'>): Promise<LabelTable> {
  return labelTable(await store.getLayer(input.layer));
}

/** A quoted list of at most ten codes, for messages. */
const someCodes = (codes: string[]) => codes.slice(0, 10).map((c) => `"${c}"`).join(', ') + (codes.length > 10 ? ` … (${codes.length} in all)` : '');

export async function setLayerLabels(store: WorkspaceStore, input: ApiInput<'layers.setLabels'>, actor: string): Promise<LabelTable> {
  const layer = await store.getLayer(input.layer);
  const labels: CategoryLabels = { ...layerCategoryLabels(layer) };
  const codes = new Set(layer.categories.map((c) => c.category));
  if (codes.size === 0) {
    throw new UserError(`layer "${layer.name}" has no categories to label (no category field was mapped when it was imported)`);
  }
  const unknown = (input.set ?? []).map((s) => s.code).filter((c) => !codes.has(c));
  if (unknown.length) {
    throw new UserError(`layer "${layer.name}" has no category ${someCodes(unknown)} (its categories: ${someCodes([...codes])}); nothing was changed`);
  }
  const unlabelled = (input.clear ?? []).filter((c) => !Object.hasOwn(labels, c));
  if (unlabelled.length) throw new UserError(`layer "${layer.name}" has no label for ${someCodes(unlabelled)} to clear; nothing was changed`);
  for (const code of input.clear ?? []) delete labels[code];
  for (const { code, ...given } of input.set ?? []) {
    const entry: CategoryLabel = { ...labels[code] };
    for (const lang of ['en', 'es'] as const) {
      const text = given[lang];
      if (text === undefined) continue;
      if (text === '') delete entry[lang];
      else entry[lang] = text;
    }
    if (entry.en || entry.es) labels[code] = entry;
    else delete labels[code];
  }
  await store.setMetadataEntry(layer.id, LABELS_METADATA_KEY, Object.keys(labels).length ? labels : undefined, {
    actor,
    action: 'layer.labels',
    details: { layerId: layer.id, ...(input.set?.length ? { set: input.set } : {}), ...(input.clear?.length ? { cleared: input.clear } : {}) },
  });
  return labelTable(await store.getLayer(layer.id));
}
