/**
 * Reads a point layer into the typed columns of shared/model/points.ts: one raw SELECT straight
 * into preallocated arrays, since analyses over a million points want no per-row objects.
 *
 * What a million rows cost is the access path, not the copying: through the (layer_id, …)
 * indexes every row is a random b-tree lookup and `ORDER BY id` a temporary sort (≈ 10 s CPU
 * for a million points), while the rows of a layer lie in one id range (a layer is written
 * once, at import), so a scan in rowid order reads them sequentially, already sorted (≈ 1 s).
 * Small layers in a big workspace still go through the index. Text columns that repeat
 * (time precision, category, unit) are turned into numbers in SQL, so no per-row strings reach
 * JavaScript; the location precision, rarer, is coded as it comes.
 */
import type Database from 'better-sqlite3';
import { featureFilterSql, type FeatureFilter } from './featureFilter.ts';
import type { PointColumns } from '../../../shared/model/points.ts';

export type { PointColumns };

type Prepare = (sql: string) => Database.Statement;

/** The rowid scan wins while the layer holds at least this share of the table's id span. */
const SCAN_SHARE = 1 / 16;
/** Up to this many known values are mapped to numbers by a CASE in SQL; beyond it, in JS. */
const MAX_CASE_VALUES = 64;
/** Rows fetched per statement step: `.all()` on a slice costs less per row than `.iterate()`. */
const BATCH = 16_384;

/** `CASE col WHEN ? THEN 0 … END`: the known values as their index, others as the text itself. */
function codeExpr(col: string, known: string[]): { sql: string; params: string[] } {
  if (!known.length || known.length > MAX_CASE_VALUES) return { sql: col, params: [] };
  return { sql: `CASE ${col} ${known.map((_, k) => `WHEN ? THEN ${k}`).join(' ')} ELSE ${col} END`, params: known };
}

/**
 * Numbers for the strings of one column, in order of first appearance among the rows read:
 * `code` takes what the SQL returned (an index into `known`, a string, or null).
 */
export class Lookup {
  readonly values: string[] = [];
  private readonly byKnown: Int32Array;
  private readonly byText = new Map<string, number>();

  constructor(private readonly known: string[]) {
    this.byKnown = new Int32Array(known.length).fill(-1);
  }

  code(v: unknown): number {
    if (v === null) return -1;
    if (typeof v === 'number') {
      let k = this.byKnown[v];
      if (k < 0) {
        k = this.text(this.known[v]);
        this.byKnown[v] = k;
      }
      return k;
    }
    return this.text(String(v));
  }

  private text(s: string): number {
    let k = this.byText.get(s);
    if (k === undefined) {
      k = this.values.length;
      this.byText.set(s, k);
      this.values.push(s);
    }
    return k;
  }
}

function knownValues(json: unknown, key: string): string[] {
  try {
    const list = JSON.parse(typeof json === 'string' ? json : '[]') as unknown;
    if (!Array.isArray(list)) return [];
    return list.map((e) => (e && typeof e === 'object' ? (e as Record<string, unknown>)[key] : e)).filter((v): v is string => typeof v === 'string');
  } catch {
    return [];
  }
}

export function readPointColumns(
  prepare: Prepare,
  prepareRaw: Prepare,
  layerId: number,
  filter: FeatureFilter,
): PointColumns {
  const { where, params } = featureFilterSql(layerId, filter);
  const pointWhere = `${where} AND lon IS NOT NULL AND lat IS NOT NULL`;
  const layer = prepare('SELECT feature_count AS n, categories FROM layers WHERE id = ?').get(layerId) as
    | { n: number; categories: string }
    | undefined;
  const layerRows = layer?.n ?? 0;
  const span = prepare('SELECT max(id) - min(id) + 1 AS n FROM features').get() as { n: number | null };
  // A bounding box goes through the R*Tree; otherwise a big layer is read in rowid order.
  const scan = !filter.bbox && layerRows > 0 && layerRows >= (span.n ?? 0) * SCAN_SHARE;

  const knownCategories = knownValues(layer?.categories, 'category');
  const cat = codeExpr('category', knownCategories);
  const catLookup = new Lookup(cat.params);
  const unitLookup = new Lookup([]);
  const sql =
    `SELECT id, lon, lat, time, CASE time_precision WHEN 'instant' THEN 1 WHEN 'date' THEN 2 ELSE 0 END, ` +
    `${cat.sql}, quantity, unit, source_index, time_end, precision FROM features${scan ? ' NOT INDEXED' : ''} ` +
    // Batches continue after the last id read: cheap on the rowid scan; through an index each
    // batch would sort again, so a small layer comes in one.
    (scan ? `WHERE ${pointWhere} AND id > ? ORDER BY id LIMIT ${BATCH}` : `WHERE ${pointWhere} ORDER BY id`);
  const stmt = prepareRaw(sql);

  let cap = Math.max(layerRows, 16);
  let ids = new Float64Array(cap);
  let lon = new Float64Array(cap);
  let lat = new Float64Array(cap);
  let time = new Float64Array(cap);
  let timePrecision = new Uint8Array(cap);
  let category = new Int32Array(cap);
  let quantity = new Float64Array(cap);
  let unit = new Int32Array(cap);
  let sourceIndex = new Float64Array(cap);
  // Allocated at the first record that has one: NaN / -1 for those before.
  let timeEnd: Float64Array | null = null;
  let location: Int32Array | null = null;
  const locationLookup = new Lookup([]);
  const grow = () => {
    // Only if the layer's stored count were wrong: typed arrays double like a vector.
    cap *= 2;
    const more = <T extends Float64Array | Int32Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(cap);
      b.set(a);
      return b;
    };
    [ids, lon, lat, time, quantity, sourceIndex] = [ids, lon, lat, time, quantity, sourceIndex].map(more);
    timePrecision = more(timePrecision);
    category = more(category);
    unit = more(unit);
    if (timeEnd) timeEnd = more(timeEnd).fill(NaN, cap / 2);
    if (location) location = more(location).fill(-1, cap / 2);
  };

  let i = 0;
  let after = -Infinity;
  for (;;) {
    const rows = (scan ? stmt.all(...cat.params, ...params, after) : stmt.all(...cat.params, ...params)) as unknown[][];
    for (const row of rows) {
      if (i === cap) grow();
      ids[i] = row[0] as number;
      lon[i] = row[1] as number;
      lat[i] = row[2] as number;
      time[i] = row[3] === null ? NaN : (row[3] as number);
      timePrecision[i] = row[4] as number;
      category[i] = catLookup.code(row[5]);
      quantity[i] = row[6] === null ? NaN : (row[6] as number);
      unit[i] = unitLookup.code(row[7]);
      sourceIndex[i] = row[8] as number;
      if (row[9] !== null) (timeEnd ??= new Float64Array(cap).fill(NaN))[i] = row[9] as number;
      else if (timeEnd) timeEnd[i] = NaN;
      if (row[10] !== null) (location ??= new Int32Array(cap).fill(-1))[i] = locationLookup.code(row[10]);
      else if (location) location[i] = -1;
      i++;
    }
    if (!scan || rows.length < BATCH) break;
    after = ids[i - 1];
  }
  const fit = <T extends Float64Array | Int32Array | Uint8Array>(a: T): T => (a.length === i ? a : (a.slice(0, i) as T));
  return {
    count: i,
    ids: fit(ids),
    lon: fit(lon),
    lat: fit(lat),
    time: fit(time),
    timePrecision: fit(timePrecision),
    category: fit(category),
    categories: catLookup.values,
    quantity: fit(quantity),
    unit: fit(unit),
    units: unitLookup.values,
    sourceIndex: fit(sourceIndex),
    ...(timeEnd ? { timeEnd: fit(timeEnd) } : {}),
    ...(location ? { precision: fit(location), precisions: locationLookup.values } : {}),
  };
}
