/**
 * `layers.fieldValues`: what a style by attribute needs of a field — its distinct values with
 * their counts (categorized), or the classes of its numbers (graduated, shared/analysis/classify.ts).
 */
import * as z from 'zod';
import type { ValueClass } from '../analysis/classify.ts';
import { AttributeFilterText } from './analysisInputs.ts';

export const FieldValuesInput = z
  .object({
    layerId: z.number().int().positive(),
    field: z.string().min(1).max(200),
    /** Most distinct values listed (most frequent first; 100 when absent); the rest are counted in `otherCount`. */
    limit: z.number().int().min(1).max(1000).optional(),
    /** The layer's attribute filter (attributeFilter.ts): values, counts and classes of the features passing it, as the map shows them. */
    where: AttributeFilterText.optional(),
    /** Classes of the field's numbers, for a graduated style. */
    classify: z
      .object({
        method: z.enum(['natural-breaks', 'quantiles', 'equal-interval', 'manual']),
        classes: z.number().int().min(1).max(12),
        manual: z.array(z.number().finite()).max(11).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export interface FieldValues {
  layerId: number;
  field: string;
  /** Distinct values as MapLibre's to-string writes them (3, "Tijuana", true), most frequent first, ties by value. */
  values: { value: string; count: number }[];
  /** Distinct values in all. */
  distinct: number;
  /** Features with a value beyond the listed ones. */
  otherCount: number;
  /** Features without the field or with null. */
  nulls: number;
  /** Features with a number in the field. */
  numbers: number;
  /** When asked: the classes of the field's numbers. */
  classes?: ValueClass[];
}
