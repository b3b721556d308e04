import type { ParsedCommand } from './command.ts';
import { UsageError, cliWords, flag, language, str, strs } from './command.ts';
import type { Selection } from '../shared/api/analysisInputs.ts';
import { FilterSyntaxError, parseFilter } from '../shared/analysis/attributeFilter.ts';

/** The selection flags every analysis-like command takes. */
export const SELECTION_OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
  category: { type: 'string', multiple: true },
  within: { type: 'string' },
  'within-distance': { type: 'string' },
  'exclude-stacked': { type: 'boolean' },
  'precision-max': { type: 'string' },
  where: { type: 'string' },
} as const;

/** --from/--to/--category/--within/--exclude-stacked/--precision-max/--where as the API's selection (validated later with the API schema; --where's syntax here, its fields by the back end). */
export function selectionFromArgs(args: ParsedCommand): Selection {
  const selection: Selection = {};
  const from = str(args, 'from');
  const to = str(args, 'to');
  const within = str(args, 'within');
  if (from !== undefined) selection.from = from;
  if (to !== undefined) selection.to = to;
  if (strs(args, 'category').length) selection.categories = strs(args, 'category');
  if (within !== undefined) selection.within = within;
  const withinDistance = str(args, 'within-distance');
  if (withinDistance !== undefined) selection.withinDistance = withinDistanceFromArg(withinDistance, args);
  if (flag(args, 'exclude-stacked')) selection.excludeStacked = true;
  const precisionMax = str(args, 'precision-max');
  if (precisionMax !== undefined) {
    const v = Number(precisionMax);
    if (precisionMax.trim() === '' || !Number.isFinite(v)) {
      throw new UsageError(cliWords(args)('errors.precisionMax', { value: precisionMax }));
    }
    selection.precisionMax = v;
  }
  const where = str(args, 'where');
  if (where !== undefined) {
    try {
      parseFilter(where);
    } catch (e) {
      if (e instanceof FilterSyntaxError) throw new UsageError(`--where ${JSON.stringify(where)}: ${e.textIn(language(args))}`);
      throw e;
    }
    selection.where = where;
  }
  return selection;
}

/** --within-distance LAYER:METRES (LAYER as --within names it, or basemap:border / basemap:ports-of-entry). */
export function withinDistanceFromArg(text: string, args: ParsedCommand): { layer: string; metres: number } {
  const colon = text.lastIndexOf(':');
  const metres = colon > 0 ? Number(text.slice(colon + 1)) : NaN;
  if (colon <= 0 || text.slice(colon + 1).trim() === '' || !Number.isFinite(metres) || metres <= 0) {
    throw new UsageError(cliWords(args)('errors.withinDistance', { value: text }));
  }
  return { layer: text.slice(0, colon), metres };
}
