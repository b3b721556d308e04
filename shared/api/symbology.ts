/**
 * Style and labels by attribute of a layer, as the map state saves them (mapState.ts) and a
 * briefing prints them (report/options.ts `styles`): one schema, so the page draws what the map does.
 */
import * as z from 'zod';

export const hex = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a #rrggbb colour');
export const fieldName = z.string().min(1).max(200);

/**
 * Style by attribute (QGIS's Symbology "Categorized" and "Graduated"), with the classes resolved
 * when the analyst chose them, so a restored map draws without asking the back end again.
 * Categorized: a colour per listed value of a field, every other value `other`. Graduated: the
 * classes of classify.ts (lower exclusive but for the first, upper inclusive) drawn by colour or,
 * for points, by circle radius in pixels.
 */
export const Symbology = z.discriminatedUnion('mode', [
  z
    .object({
      mode: z.literal('categorized'),
      field: fieldName,
      categories: z.array(z.object({ value: z.string().max(500), color: hex, count: z.number().int().min(0) }).strict()).min(1).max(12),
      other: hex,
      /** Features whose value is none of the listed ones. */
      otherCount: z.number().int().min(0),
    })
    .strict(),
  z
    .object({
      mode: z.literal('graduated'),
      field: fieldName,
      by: z.enum(['color', 'size']),
      method: z.enum(['natural-breaks', 'quantiles', 'equal-interval', 'manual']),
      /** The analyst's class limits of a manual classification, to classify again when the filter changes; absent in states saved before they were kept. */
      limits: z.array(z.number().finite()).min(1).max(11).optional(),
      classes: z
        .array(z.object({ lower: z.number().finite(), upper: z.number().finite(), count: z.number().int().min(0), color: hex, radius: z.number().min(1).max(40) }).strict())
        .min(1)
        .max(12),
      /** Features without a number in the field (drawn in the no-data grey); absent in states saved before it was counted. */
      noValueCount: z.number().int().min(0).optional(),
    })
    .strict(),
]);
export type Symbology = z.infer<typeof Symbology>;

/** A layer's style by attribute and labels, for a briefing: absent ones draw in the layer's plain colour, unlabelled. */
export const LayerStyling = z
  .object({
    layer: z.number().int().positive(),
    symbology: Symbology.optional(),
    labels: fieldName.optional(),
  })
  .strict();
export type LayerStyling = z.infer<typeof LayerStyling>;
