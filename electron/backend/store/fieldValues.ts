/**
 * The values of one attribute of a layer, for style by attribute (layers.fieldValues): each
 * distinct value with its count, and the field's numbers for a graduated style's classes. Row
 * layers are grouped by SQLite (json_extract … GROUP BY); block layers (pointBlocks.ts) keep their
 * properties as deflated JSON lines SQLite cannot read, so their blocks are inflated and each line
 * parsed here, in the back end, as blockReader.ts does for a sort by property.
 */
import type Database from 'better-sqlite3';
import { blockPropertiesText } from './pointBlocks.ts';

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

export function rowFieldValues(prepare: Prepare, layerId: number, field: string, numbers: boolean): RawFieldValues {
  const path = jsonPath(field);
  const counts = new Map<string | number | boolean, number>();
  let nulls = 0;
  const rows = prepare(
    `SELECT json_type(properties, ?) AS t, json_extract(properties, ?) AS v, count(*) AS n FROM features WHERE layer_id = ? GROUP BY t, v`,
  ).all(path, path, layerId) as { t: string | null; v: string | number | null; n: number }[];
  for (const r of rows) {
    if (r.t === null || r.t === 'null') nulls += r.n;
    else if (r.t === 'true' || r.t === 'false') counts.set(r.t === 'true', (counts.get(r.t === 'true') ?? 0) + r.n);
    else counts.set(r.v as string | number, (counts.get(r.v as string | number) ?? 0) + r.n);
  }
  if (!numbers) return { counts, nulls };
  const values = prepare(
    `SELECT json_extract(properties, ?) AS v FROM features WHERE layer_id = ? AND json_type(properties, ?) IN ('integer', 'real')`,
  )
    .raw()
    .all(path, layerId, path) as [number][];
  return { counts, nulls, numbers: values.map((r) => r[0]) };
}

export function blockFieldValues(prepare: Prepare, layerId: number, field: string, numbers: boolean): RawFieldValues {
  const counts = new Map<string | number | boolean, number>();
  const nums: number[] = [];
  let nulls = 0;
  const blocks = prepare('SELECT properties FROM point_blocks WHERE layer_id = ? ORDER BY first_id').iterate(layerId) as Iterable<{ properties: Buffer }>;
  for (const b of blocks) {
    for (const line of blockPropertiesText(b.properties).split('\n')) {
      const v = (JSON.parse(line) as Record<string, unknown>)[field];
      if (v === undefined || v === null) {
        nulls++;
        continue;
      }
      const key = typeof v === 'object' ? JSON.stringify(v) : (v as string | number | boolean);
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (numbers && typeof v === 'number') nums.push(v);
    }
  }
  return numbers ? { counts, nulls, numbers: nums } : { counts, nulls };
}
