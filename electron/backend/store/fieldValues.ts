/**
 * The values of one attribute of a layer, for style by attribute (layers.fieldValues): each
 * distinct value with its count, and the field's numbers for a graduated style's classes. Row
 * layers are grouped by SQLite (json_extract … GROUP BY); block layers (pointBlocks.ts) keep their
 * properties as deflated JSON lines SQLite cannot read, so their blocks are inflated and each line
 * parsed here, in the back end, as blockReader.ts does for a sort by property.
 */
import type Database from 'better-sqlite3';
import { blockPropertiesText } from './pointBlocks.ts';
import { featureFilterSql, type FeatureFilter } from './featureFilter.ts';

type Prepare = (sql: string) => Database.Statement;

export interface RawFieldValues {
  /** Distinct values (numbers, text, booleans; objects as JSON text) with their counts. */
  counts: Map<string | number | boolean, number>;
  /** Features where the field is missing or null. */
  nulls: number;
  /** The field's numeric values, when asked. */
  numbers?: number[];
}

/** A JSON path naming `field` whatever characters it holds ('$."a b"', quotes escaped). */
const jsonPath = (field: string): string => `$."${field.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** Of the features that pass the layer's attribute filter, when it has one: the legend counts what the map shows. */
type Where = FeatureFilter['where'];

export function rowFieldValues(prepare: Prepare, layerId: number, field: string, numbers: boolean, where?: Where): RawFieldValues {
  const path = jsonPath(field);
  const counts = new Map<string | number | boolean, number>();
  let nulls = 0;
  const filter = featureFilterSql(layerId, where ? { where } : {});
  const rows = prepare(
    `SELECT json_type(properties, ?) AS t, json_extract(properties, ?) AS v, count(*) AS n FROM features WHERE ${filter.where} GROUP BY t, v`,
  ).all(path, path, ...filter.params) as { t: string | null; v: string | number | null; n: number }[];
  for (const r of rows) {
    if (r.t === null || r.t === 'null') nulls += r.n;
    else if (r.t === 'true' || r.t === 'false') counts.set(r.t === 'true', (counts.get(r.t === 'true') ?? 0) + r.n);
    else counts.set(r.v as string | number, (counts.get(r.v as string | number) ?? 0) + r.n);
  }
  if (!numbers) return { counts, nulls };
  const values = prepare(
    `SELECT json_extract(properties, ?) AS v FROM features WHERE ${filter.where} AND json_type(properties, ?) IN ('integer', 'real')`,
  )
    .raw()
    .all(path, ...filter.params, path) as [number][];
  return { counts, nulls, numbers: values.map((r) => r[0]) };
}

/** Counts one record's value of `field` into `into`, as the row store's GROUP BY does: objects as their JSON, numbers kept when asked. */
export function tallyFieldValue(into: RawFieldValues, properties: Record<string, unknown>, field: string): void {
  const v = properties[field];
  if (v === undefined || v === null) {
    into.nulls++;
    return;
  }
  const key = typeof v === 'object' ? JSON.stringify(v) : (v as string | number | boolean);
  into.counts.set(key, (into.counts.get(key) ?? 0) + 1);
  if (into.numbers && typeof v === 'number') into.numbers.push(v);
}

export function blockFieldValues(prepare: Prepare, layerId: number, field: string, numbers: boolean, where?: Where): RawFieldValues {
  const out: RawFieldValues = { counts: new Map(), nulls: 0, ...(numbers ? { numbers: [] } : {}) };
  const blocks = prepare('SELECT properties FROM point_blocks WHERE layer_id = ? ORDER BY first_id').iterate(layerId) as Iterable<{ properties: Buffer }>;
  for (const b of blocks) {
    for (const line of blockPropertiesText(b.properties).split('\n')) {
      const properties = JSON.parse(line) as Record<string, unknown>;
      if (!where || where.matches(properties)) tallyFieldValue(out, properties, field);
    }
  }
  return out;
}
