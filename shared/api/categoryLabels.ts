/**
 * A layer's table of category labels (issue 18): the words an analyst sets once per layer for the
 * codes its category field holds ("2" → "Homicidio doloso" / "Intentional homicide"), as ArcGIS
 * Pro's domain descriptions or a QGIS value map do. Kept in the layer's metadata JSON under
 * `categoryLabels`, so both stores, `frontera copy` and derived layers carry it as they carry the
 * rest of the metadata; `layers.labels` reads it with the layer's codes and counts,
 * `layers.setLabels` changes it (audited as `layer.labels`).
 */
import * as z from 'zod';
import { LayerRefInput } from './analysisInputs.ts';

/** The metadata key the table is kept under. */
export const LABELS_METADATA_KEY = 'categoryLabels';

const LabelText = z.string().trim().max(200, 'a label is at most 200 characters');
const CodeText = z.string().trim().min(1, 'a category code cannot be empty').max(200);

/** One code's label per language; either may be absent (the other is shown, then the code's own phrase). */
const LabelEntry = z.object({ en: LabelText.optional(), es: LabelText.optional() }).strict();
export type CategoryLabel = z.infer<typeof LabelEntry>;

/** code → its labels. */
export type CategoryLabels = Record<string, CategoryLabel>;
const CategoryLabelsSchema = z.record(CodeText, LabelEntry);

/** The labels kept in a layer's metadata; none (or a table an older or hand edit left unreadable) is undefined. */
export function layerCategoryLabels(layer: { metadata?: Record<string, unknown> } | null | undefined): CategoryLabels | undefined {
  const raw = layer?.metadata?.[LABELS_METADATA_KEY];
  if (raw === undefined) return undefined;
  const parsed = CategoryLabelsSchema.safeParse(raw);
  return parsed.success && Object.keys(parsed.data).length ? parsed.data : undefined;
}

export const LayerLabelsInput = z.object({ layer: LayerRefInput }).strict();

/**
 * Changes to a layer's table: `set` gives a code's label in one or both languages (an empty label
 * removes that language's), `clear` removes a code's labels altogether.
 */
export const SetLabelsInput = z
  .object({
    layer: LayerRefInput,
    set: z.array(z.object({ code: CodeText, en: LabelText.optional(), es: LabelText.optional() }).strict()).max(10_000).optional(),
    clear: z.array(CodeText).max(10_000).optional(),
  })
  .strict()
  .refine((i) => (i.set?.length ?? 0) + (i.clear?.length ?? 0) > 0, 'name at least one label to set or clear');

/** `layers.labels`: every category of the layer (most frequent first) with its count and labels. */
export interface LabelTable {
  layerId: number;
  layer: string;
  /** The source field the categories come from (the import's mapping); null when none was mapped. */
  categoryField: string | null;
  rows: ({ code: string; count: number } & CategoryLabel)[];
}

