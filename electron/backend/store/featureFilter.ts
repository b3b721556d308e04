import { foldText } from '../../../shared/analysis/attributeFilter.ts';
import type { BBox } from '../../../shared/model/feature.ts';

export interface FeatureFilter {
  /** [minLon, minLat, maxLon, maxLat]: features whose extent meets the box (R*Tree). */
  bbox?: BBox;
  /** Epoch ms, inclusive. Features without time are left out when from or to is given. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  categories?: string[];
  limit?: number;
  offset?: number;
  /** Text that the category, the unit or the properties' JSON contains, case and accents set aside ("rio" finds "Río"). */
  search?: string;
  /** Row order: `id`, `$time`, `$timeEnd`, `$category`, `$quantity`, `$unit`, `$precision` or a property name (see featureOrderSql). */
  sort?: { field: string; desc?: boolean };
  /** The attribute filter (shared/analysis/attributeFilter.ts's compileFilter, for the layer). */
  where?: AttributeWhere;
}

interface AttributeWhere {
  /** The properties the filter reads (the block store reads only these when it can). */
  fields: readonly string[];
  /** Whether a record's properties (at least `fields`) pass. */
  matches: (properties: Record<string, unknown>) => boolean;
}

/**
 * The row store tests `where` in SQL through the connection's `frontera_where(id, properties)`
 * (Workspace registers it), so counts and LIMIT/OFFSET pages stay in SQL; the predicate is
 * bound by a number. The last few predicates stay registered: a statement runs right after its
 * filter is turned into SQL.
 */
const predicates = new Map<number, AttributeWhere>();
const predicateIds = new WeakMap<AttributeWhere, number>();
let nextPredicate = 1;
const KEPT_PREDICATES = 32;

function predicateId(where: AttributeWhere): number {
  let id = predicateIds.get(where);
  if (id === undefined || !predicates.has(id)) {
    id = nextPredicate++;
    predicateIds.set(where, id);
    predicates.set(id, where);
    while (predicates.size > KEPT_PREDICATES) predicates.delete(predicates.keys().next().value as number);
  }
  return id;
}

/** The SQL function `frontera_where(id, properties)`: 1 when the row's properties pass predicate `id`. */
export function sqlWhere(id: number, properties: string): number {
  const where = predicates.get(id);
  if (!where) throw new Error(`attribute filter ${id} is no longer registered`);
  return where.matches(JSON.parse(properties) as Record<string, unknown>) ? 1 : 0;
}

/** The SQL function `frontera_fold(text)`: the text as `search` compares it (shared foldText); NULL stays NULL. */
export function sqlFold(text: string | null): string | null {
  return text === null ? null : foldText(text);
}

/** WHERE clause over `features` for a layer and filter; only fixed SQL text, values are bound. */
export function featureFilterSql(layerId: number, f: FeatureFilter): { where: string; params: (number | string)[] } {
  const parts = ['layer_id = ?'];
  const params: (number | string)[] = [layerId];
  if (f.bbox) {
    parts.push(
      'id IN (SELECT id FROM features_rtree WHERE max_lon >= ? AND min_lon <= ? AND max_lat >= ? AND min_lat <= ?)',
    );
    params.push(f.bbox[0], f.bbox[2], f.bbox[1], f.bbox[3]);
    // The R*Tree keeps float32 boxes rounded outwards; points are checked exactly.
    parts.push('(lon IS NULL OR (lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?))');
    params.push(f.bbox[0], f.bbox[2], f.bbox[1], f.bbox[3]);
  }
  if (f.from !== undefined) {
    parts.push('time >= ?');
    params.push(f.from);
  }
  if (f.to !== undefined) {
    parts.push('time < ?');
    params.push(f.to);
  }
  if (f.categories) {
    // One placeholder per category; json_each would hide the index from the planner.
    if (f.categories.length === 0) parts.push('0');
    else {
      parts.push(`category IN (${f.categories.map(() => '?').join(', ')})`);
      params.push(...f.categories);
    }
  }
  if (f.search) {
    // LIKE folds only ASCII letters ('Í' and 'í' stay different): both sides folded by frontera_fold instead.
    const needle = foldText(f.search);
    parts.push('(instr(frontera_fold(category), ?) > 0 OR instr(frontera_fold(unit), ?) > 0 OR instr(frontera_fold(properties), ?) > 0)');
    params.push(needle, needle, needle);
  }
  if (f.where) {
    parts.push('frontera_where(?, properties)');
    params.push(predicateId(f.where));
  }
  return { where: parts.join(' AND '), params };
}

const SORT_COLUMNS: Record<string, string> = {
  id: 'id',
  $time: 'time',
  $category: 'category',
  $quantity: 'quantity',
  $unit: 'unit',
  $timeEnd: 'time_end',
  $precision: 'precision',
};

/** ORDER BY clause (id breaks ties, so pages are stable); a property is read with json_extract, its path bound. */
export function featureOrderSql(sort: FeatureFilter['sort']): { order: string; params: string[] } {
  if (!sort || sort.field === 'id') return { order: sort?.desc ? 'id DESC' : 'id', params: [] };
  const dir = sort.desc ? 'DESC' : 'ASC';
  const column = SORT_COLUMNS[sort.field];
  if (column) return { order: `${column} ${dir}, id ${dir}`, params: [] };
  return { order: `json_extract(properties, ?) ${dir}, id ${dir}`, params: [`$."${sort.field.replace(/"/g, '\\"')}"`] };
}
