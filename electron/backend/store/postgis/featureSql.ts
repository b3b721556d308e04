/**
 * A team workspace's features in SQL: the FeatureFilter as a WHERE clause over a layer's rows
 * (the SQLite store's featureFilter.ts, in PostgreSQL's terms: the bounding box through the GiST
 * index, the search folding case and accents as foldText does), the columns a row is read with, and a row back into a
 * StoredFeature as featureRows.ts decodes the file's.
 */
import type { Geometry } from 'geojson';
import type { TimePrecision } from '../../../../shared/model/feature.ts';
import { foldText } from '../../../../shared/analysis/attributeFilter.ts';
import type { FeatureFilter } from '../featureFilter.ts';
import { withWindowAndPrecision, type StoredFeature } from '../featureRows.ts';

/** Bound values of a statement; `$n` placeholders are numbered as they are added. */
export class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/**
 * Whether `col` holds `needle` once folded as foldText folds (NFD, combining marks dropped, lower
 * case), so a search finds on PostGIS the rows it finds in a workspace file: normalize() and the
 * marks' class `marks` (a bound regular expression), then Unicode's lower case from ICU's root
 * collation, which every PostgreSQL built with ICU has (the database's own may be "C", whose
 * lower() leaves "Í" as it is) — nothing an administrator installs, unlike the unaccent
 * extension, whose rules also differ from foldText's. Text all ASCII skips normalize() and the
 * expression: 0.8 s instead of 1.7 s for 300,000 rows, 3 in 10 accented (ILIKE: 0.07–0.3 s).
 */
function foldedContains(col: string, needle: string, marks: string): string {
  // strpos in each branch: the two lower()s carry collations a CASE could not join.
  const fold = `lower(regexp_replace(normalize(${col}, NFD), ${marks}, '', 'g') COLLATE "und-x-icu")`;
  return `CASE WHEN ${col} ~ '^[\\x01-\\x7f]*$' THEN strpos(lower(${col} COLLATE "C"), ${needle}) ELSE strpos(${fold}, ${needle}) END > 0`;
}

let marks: string | null = null;

/** A regular expression class of every combining mark (\p{M}, as foldText strips), as PostgreSQL reads one. */
function markClass(): string {
  if (marks === null) {
    const ranges: [number, number][] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp === 0xd800) cp = 0xe000;
      if (!/\p{M}/u.test(String.fromCodePoint(cp))) continue;
      const last = ranges[ranges.length - 1];
      if (last && last[1] === cp - 1) last[1] = cp;
      else ranges.push([cp, cp]);
    }
    marks = `[${ranges.map(([a, b]) => String.fromCodePoint(a) + (b > a ? `-${String.fromCodePoint(b)}` : '')).join('')}]`;
  }
  return marks;
}

/** WHERE over `features` for a layer and filter; values are bound, never written into the SQL. */
export function featureWhere(layerId: number, f: FeatureFilter, p: Params): string {
  const parts = [`layer_id = ${p.add(layerId)}`];
  if (f.bbox) {
    // && meets the features' boxes (as the file's R*Tree does), exactly for points.
    parts.push(`geom && ST_MakeEnvelope(${p.add(f.bbox[0])}, ${p.add(f.bbox[1])}, ${p.add(f.bbox[2])}, ${p.add(f.bbox[3])}, 4326)`);
  }
  if (f.from !== undefined) parts.push(`time >= ${p.add(f.from)}`);
  if (f.to !== undefined) parts.push(`time < ${p.add(f.to)}`);
  if (f.categories) parts.push(f.categories.length === 0 ? 'false' : `category = ANY(${p.add(f.categories)}::text[])`);
  if (f.search) {
    // Case and accents set aside as the file's search does ("rio" finds "Río"): the text folded as foldText folds it.
    const needle = p.add(foldText(f.search));
    const marks = p.add(markClass());
    const folded = (col: string) => foldedContains(col, needle, marks);
    parts.push(`(${folded('category')} OR ${folded('unit')} OR ${folded('properties::text')})`);
  }
  return parts.join(' AND ');
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

/**
 * ORDER BY (id breaks ties, so pages are stable). A property sorts as SQLite's json_extract
 * does: missing first, then numbers by value, then text.
 */
export function featureOrder(sort: FeatureFilter['sort'], p: Params): string {
  if (!sort || sort.field === 'id') return sort?.desc ? 'id DESC' : 'id';
  const dir = sort.desc ? 'DESC' : 'ASC';
  const column = SORT_COLUMNS[sort.field];
  if (column) return `${column} ${dir} NULLS ${sort.desc ? 'LAST' : 'FIRST'}, id ${dir}`;
  const key = p.add(sort.field);
  const nulls = sort.desc ? 'LAST' : 'FIRST';
  return (
    `(CASE WHEN json_typeof(properties -> ${key}) = 'number' THEN 0 WHEN properties -> ${key} IS NULL OR json_typeof(properties -> ${key}) = 'null' THEN -1 ELSE 1 END) ${dir}, ` +
    `(CASE WHEN json_typeof(properties -> ${key}) = 'number' THEN (properties ->> ${key})::float8 END) ${dir} NULLS ${nulls}, ` +
    `(properties ->> ${key}) ${dir} NULLS ${nulls}, id ${dir}`
  );
}

/** The columns a feature is read with, in decodeRow's order (a plain point's coordinates as numbers). */
export const FEATURE_SELECT =
  'id, source_index, CASE WHEN geometry_json IS NULL THEN ST_X(geom) END, CASE WHEN geometry_json IS NULL THEN ST_Y(geom) END, ' +
  'geometry_json, properties::text, time, time_precision, category, quantity, unit, time_end, time_end_precision, precision';

/** A row read with FEATURE_SELECT (array mode, int8 as numbers) as the feature it was. */
export function decodeRow(r: unknown[]): StoredFeature {
  let geometry: Geometry | null = null;
  if (r[4] !== null) geometry = JSON.parse(r[4] as string) as Geometry;
  else if (r[2] !== null) geometry = { type: 'Point', coordinates: [r[2] as number, r[3] as number] };
  const f: StoredFeature = {
    id: r[0] as number,
    sourceIndex: r[1] as number,
    geometry,
    properties: JSON.parse(r[5] as string) as Record<string, unknown>,
    time: r[6] as number | null,
    timePrecision: r[7] as TimePrecision | null,
    category: r[8] as string | null,
    quantity: r[9] as number | null,
    unit: r[10] as string | null,
  };
  return withWindowAndPrecision(f, r[11] as number | null, r[12] as TimePrecision | null, r[13] as string | null);
}
