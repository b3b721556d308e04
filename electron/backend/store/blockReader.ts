/**
 * Reads point layers stored as column blocks (pointBlocks.ts) with the same results the row
 * store gives for the same FeatureFilter: the same features, in the same order, the same pages,
 * counts and point columns. Where the row store leans on SQL semantics, they are kept here:
 * `search` is frontera_fold's containment (case and accents set aside, over category, unit and
 * the properties' JSON text), sorting puts NULLs first in ascending order, numbers before text, text by code
 * unit, and a property sorts by its json_extract value (true 1, false 0, objects as JSON text).
 * A bbox or time window skips every block whose stored extent or time range misses it.
 */
import type Database from 'better-sqlite3';
import type { PointColumns } from '../../../shared/model/points.ts';
import type { FeatureFilter } from './featureFilter.ts';
import type { StoredFeature } from './featureRows.ts';
import { foldText } from '../../../shared/analysis/attributeFilter.ts';
import { BLOCK_COLUMNS, blockColumns, blockFeature, blockPropertiesText, lineStarts, type BlockColumns, type BlockRow } from './pointBlocks.ts';

type Prepare = (sql: string) => Database.Statement;


function blockQuery(prepare: Prepare, layerId: number, f: FeatureFilter, columns: string, desc = false): Iterable<BlockRow> {
  const parts = ['layer_id = ?'];
  const params: number[] = [layerId];
  if (f.bbox) {
    parts.push('max_lon >= ? AND min_lon <= ? AND max_lat >= ? AND min_lat <= ?');
    params.push(f.bbox[0], f.bbox[2], f.bbox[1], f.bbox[3]);
  }
  if (f.from !== undefined) {
    parts.push('time_max >= ?');
    params.push(f.from);
  }
  if (f.to !== undefined) {
    parts.push('time_min < ?');
    params.push(f.to);
  }
  const sql = `SELECT ${columns} FROM point_blocks WHERE ${parts.join(' AND ')} ORDER BY first_id${desc ? ' DESC' : ''}`;
  return prepare(sql).iterate(...params) as Iterable<BlockRow>;
}

/** Which features of one block pass the filter. */
interface BlockMatch {
  c: BlockColumns;
  /** Indexes within the block, ascending. */
  hits: Uint32Array;
  properties: string | null;
  starts: Uint32Array | null;
}

/**
 * Reads the properties an attribute filter needs from one record's JSON line without parsing the
 * rest: JSON.parse of a million records is most of a filtered read, while a filter reads one or
 * two fields. Sound where the block's JSON (written by JSON.stringify) holds no nested object or
 * array — no `":{` or `":[` in it — and the key is plain (no quote, backslash or control
 * character): there `"key":` occurs only as a top-level key, a quote inside a string being
 * escaped. Elsewhere the line is parsed whole.
 */
class PropertyPicker {
  private readonly patterns: string[];
  private readonly plainKeys: boolean;
  /**
   * Per pattern, where it occurs next at or after the last line read (-1: nowhere further, -2:
   * not searched yet in this block): lines are read in order, so a key most records lack is not
   * searched for again from every line.
   */
  private readonly next: number[];

  constructor(private readonly fields: readonly string[]) {
    this.patterns = fields.map((f) => `${JSON.stringify(f)}:`);
    this.plainKeys = fields.every((f) => /^[^"\\\u0000-\u001f]*$/.test(f));
    this.next = fields.map(() => -2);
  }

  /** Starts a block: whether its properties can be picked (flat JSON, plain keys). */
  begin(text: string): boolean {
    this.next.fill(-2);
    return this.plainKeys && !text.includes('":{') && !text.includes('":[');
  }

  /** The record's values of the filter's fields; its line is text[from, to), after the lines read before. */
  pick(text: string, from: number, to: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (let k = 0; k < this.patterns.length; k++) {
      let at = this.next[k];
      if (at === -2 || (at >= 0 && at < from)) this.next[k] = at = text.indexOf(this.patterns[k], from);
      if (at < 0 || at >= to) continue;
      out[this.fields[k]] = jsonValueAt(text, at + this.patterns[k].length);
    }
    return out;
  }
}

/** The JSON value (flat: text, number, true, false, null) starting at `v`. */
function jsonValueAt(text: string, v: number): unknown {
  if (text.charCodeAt(v) === 34 /* " */) {
    let end = v;
    for (;;) {
      end = text.indexOf('"', end + 1);
      let slashes = 0;
      while (text.charCodeAt(end - 1 - slashes) === 92 /* \ */) slashes++;
      if (slashes % 2 === 0) break;
    }
    const raw = text.slice(v, end + 1);
    return raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
  }
  let end = v;
  for (let c = text.charCodeAt(end); c !== 44 /* , */ && c !== 125 /* } */; c = text.charCodeAt(++end));
  const token = text.slice(v, end);
  return token === 'null' ? null : token === 'true' ? true : token === 'false' ? false : Number(token);
}

class Matcher {
  private readonly categories: Set<string> | null;
  private readonly needle: string | null;
  private readonly picker: PropertyPicker | null;

  constructor(private readonly f: FeatureFilter) {
    this.categories = f.categories ? new Set(f.categories) : null;
    this.needle = f.search ? foldText(f.search) : null;
    this.picker = f.where ? new PropertyPicker(f.where.fields) : null;
  }

  /** The block's properties are needed to decide (search, where) or to answer (features, property sort). */
  get needsProperties(): boolean {
    return this.needle !== null || this.f.where !== undefined;
  }

  /** `properties`: the block's property text when the filter searches (else null). */
  match(properties: string | null, c: BlockColumns, onlyPoints: boolean): BlockMatch {
    const f = this.f;
    const n = c.count;
    const allowCat = this.codeFilter(c.categories, this.categories);
    let propHit: Uint8Array | null = null;
    let catText: Uint8Array | null = null;
    let unitText: Uint8Array | null = null;
    let starts: Uint32Array | null = null;
    if (this.needle !== null) {
      const needle = this.needle;
      catText = Uint8Array.from(c.categories, (s) => (foldText(s).includes(needle) ? 1 : 0));
      unitText = Uint8Array.from(c.units, (s) => (foldText(s).includes(needle) ? 1 : 0));
      propHit = new Uint8Array(n);
      // JSON text holds no raw newline, so a needle with one matches no line.
      if (!needle.includes('\n')) {
        // Folding changes the text's length (NFD) but not its lines: the folded text's own line starts.
        const text = foldText(properties!);
        const foldedStarts = lineStarts(text, n);
        let line = 0;
        for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
          while (foldedStarts[line + 1] <= at) line++;
          propHit[line] = 1;
        }
      }
    }
    const { bbox, from, to, where } = f;
    if (where) starts = lineStarts(properties!, n);
    const picker = where && this.picker!.begin(properties!) ? this.picker : null;
    const hits = new Uint32Array(n);
    let m = 0;
    for (let i = 0; i < n; i++) {
      const x = c.lon[i];
      if ((onlyPoints || bbox) && x !== x) continue;
      if (bbox) {
        const y = c.lat[i];
        if (x < bbox[0] || x > bbox[2] || y < bbox[1] || y > bbox[3]) continue;
      }
      if (from !== undefined || to !== undefined) {
        const t = c.time[i];
        if (t !== t || (from !== undefined && t < from) || (to !== undefined && t >= to)) continue;
      }
      if (allowCat && (c.category[i] < 0 || !allowCat[c.category[i]])) continue;
      if (propHit && !(propHit[i] || (c.category[i] >= 0 && catText![c.category[i]]) || (c.unit[i] >= 0 && unitText![c.unit[i]]))) continue;
      // Last: only the records every cheaper test kept have their properties parsed.
      if (where) {
        const props = picker
          ? picker.pick(properties!, starts![i], starts![i + 1] - 1)
          : (JSON.parse(properties!.slice(starts![i], starts![i + 1] - 1)) as Record<string, unknown>);
        if (!where.matches(props)) continue;
      }
      hits[m++] = i;
    }
    return { c, hits: hits.subarray(0, m), properties, starts };
  }

  private codeFilter(values: string[], allowed: Set<string> | null): Uint8Array | null {
    return allowed ? Uint8Array.from(values, (v) => (allowed.has(v) ? 1 : 0)) : null;
  }
}

function* matches(prepare: Prepare, layerId: number, f: FeatureFilter, withProperties: boolean, onlyPoints: boolean, desc = false): Generator<BlockMatch> {
  const matcher = new Matcher(f);
  const props = withProperties || matcher.needsProperties;
  const columns = props ? BLOCK_COLUMNS : BLOCK_COLUMNS.replace(', properties', ', NULL AS properties');
  for (const r of blockQuery(prepare, layerId, f, columns, desc)) {
    const text = props ? blockPropertiesText(r.properties) : null;
    const m = matcher.match(matcher.needsProperties ? text : null, blockColumns(r), onlyPoints);
    if (m.hits.length === 0) continue;
    if (text !== null) {
      m.properties = text;
      m.starts ??= lineStarts(text, r.count);
    }
    yield m;
  }
}

function featureAt(m: BlockMatch, i: number): StoredFeature {
  const starts = m.starts!;
  return blockFeature(m.c, i, m.properties!.slice(starts[i], starts[i + 1] - 1));
}

export function countBlockFeatures(prepare: Prepare, layerId: number, f: FeatureFilter): number {
  let n = 0;
  for (const m of matches(prepare, layerId, f, false, false)) n += m.hits.length;
  return n;
}

type SortValue = number | string | null;

/** SQLite's order of storage classes: NULL, then numbers, then text. */
function compareSql(a: SortValue, b: SortValue): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  const ta = typeof a;
  const tb = typeof b;
  if (ta !== tb) return ta === 'number' ? -1 : 1;
  return a < b ? -1 : 1;
}

/** What json_extract(properties, '$."field"') gives for a parsed value. */
function jsonExtractValue(v: unknown): SortValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' || typeof v === 'string') return v;
  return JSON.stringify(v);
}

function sortKey(field: string, m: BlockMatch, i: number): SortValue {
  const c = m.c;
  switch (field) {
    case '$time':
      return c.time[i] === c.time[i] ? c.time[i] : null;
    case '$quantity':
      return c.quantity[i] === c.quantity[i] ? c.quantity[i] : null;
    case '$category':
      return c.category[i] < 0 ? null : c.categories[c.category[i]];
    case '$unit':
      return c.unit[i] < 0 ? null : c.units[c.unit[i]];
    case '$timeEnd':
      return c.timeEnd && c.timeEnd[i] === c.timeEnd[i] ? c.timeEnd[i] : null;
    case '$precision':
      return c.location && c.location[i] >= 0 ? c.locations[c.location[i]] : null;
    default: {
      const starts = m.starts!;
      const props = JSON.parse(m.properties!.slice(starts[i], starts[i + 1] - 1)) as Record<string, unknown>;
      return jsonExtractValue(Object.prototype.hasOwnProperty.call(props, field) ? props[field] : undefined);
    }
  }
}

/** Features of a block layer in the order and page the filter asks for. */
export function* iterateBlockFeatures(prepare: Prepare, layerId: number, f: FeatureFilter): Generator<StoredFeature> {
  const offset = Math.max(0, f.offset ?? 0);
  const limit = f.limit === undefined || f.limit < 0 ? Infinity : f.limit;
  if (limit === 0) return;
  const sort = f.sort && f.sort.field !== 'id' ? f.sort : null;
  const desc = f.sort?.desc === true;
  if (!sort) {
    let skip = offset;
    let left = limit;
    for (const m of matches(prepare, layerId, f, true, false, desc)) {
      const k = m.hits.length;
      if (skip >= k) {
        skip -= k;
        continue;
      }
      for (let j = desc ? k - 1 - skip : skip; desc ? j >= 0 : j < k; desc ? j-- : j++) {
        yield featureAt(m, m.hits[j]);
        if (--left === 0) return;
      }
      skip = 0;
    }
    return;
  }
  // Another order: every match's key first, then only the page's features are built.
  const byProperty = !sort.field.startsWith('$');
  const blocks: BlockMatch[] = [];
  const keys: { key: SortValue; block: number; i: number; id: number }[] = [];
  for (const m of matches(prepare, layerId, f, byProperty, false)) {
    const b = blocks.push(m) - 1;
    for (const i of m.hits) keys.push({ key: sortKey(sort.field, m, i), block: b, i, id: m.c.firstId + i });
  }
  keys.sort((a, b) => compareSql(a.key, b.key) || a.id - b.id);
  if (desc) keys.reverse();
  const page = keys.slice(offset, limit === Infinity ? undefined : offset + limit);
  if (!page.length) return;
  if (!byProperty) {
    // Only the page's blocks are read again, now with their properties.
    const load = prepare('SELECT properties FROM point_blocks WHERE layer_id = ? AND first_id = ?');
    for (const b of new Set(page.map((k) => k.block))) {
      const m = blocks[b];
      m.properties = blockPropertiesText((load.get(layerId, m.c.firstId) as { properties: Buffer }).properties);
      m.starts = lineStarts(m.properties, m.c.count);
    }
  }
  for (const k of page) yield featureAt(blocks[k.block], k.i);
}

/** Codes strings in order of first appearance, as readPointColumns does. */
class Codes {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();

  /** Global codes for a block's dictionary, filled on first use (-2: not yet seen). */
  forBlock(dict: string[]): (k: number) => number {
    const map = new Int32Array(dict.length).fill(-2);
    return (k) => {
      if (k < 0) return -1;
      let g = map[k];
      if (g === -2) {
        const s = dict[k];
        g = this.index.get(s) ?? -1;
        if (g < 0) {
          g = this.values.push(s) - 1;
          this.index.set(s, g);
        }
        map[k] = g;
      }
      return g;
    };
  }
}

/** The layer's points (features with a geometry) that pass the filter, as typed columns. */
export function readBlockPoints(prepare: Prepare, layerId: number, f: FeatureFilter, expected: number): PointColumns {
  let cap = Math.max(16, expected);
  const cols = {
    ids: new Float64Array(cap),
    lon: new Float64Array(cap),
    lat: new Float64Array(cap),
    time: new Float64Array(cap),
    timePrecision: new Uint8Array(cap),
    category: new Int32Array(cap),
    quantity: new Float64Array(cap),
    unit: new Int32Array(cap),
    sourceIndex: new Float64Array(cap),
  };
  // Read only once a block has them: NaN / -1 for the records before.
  let timeEnd: Float64Array | null = null;
  let location: Int32Array | null = null;
  // Whether a record read has one: as the row store, no column when none has.
  let anyEnd = false;
  let anyLocation = false;
  const cats = new Codes();
  const units = new Codes();
  const locations = new Codes();
  let n = 0;
  for (const m of matches(prepare, layerId, f, false, true)) {
    const c = m.c;
    const k = m.hits.length;
    if (n + k > cap) {
      cap = Math.max(2 * cap, n + k);
      for (const key of Object.keys(cols) as (keyof typeof cols)[]) {
        const a = cols[key];
        const b = new (a.constructor as new (len: number) => typeof a)(cap);
        b.set(a as never);
        (cols as Record<string, unknown>)[key] = b;
      }
      if (timeEnd) timeEnd = grown(timeEnd, cap, NaN);
      if (location) location = grown(location, cap, -1);
    }
    if (c.timeEnd && !timeEnd) timeEnd = new Float64Array(cap).fill(NaN);
    if (c.location && !location) location = new Int32Array(cap).fill(-1);
    if (timeEnd) {
      const ends = c.timeEnd;
      for (let j = 0; j < k; j++) {
        const e = ends ? ends[m.hits[j]] : NaN;
        timeEnd[n + j] = e;
        if (e === e) anyEnd = true;
      }
    }
    if (location) {
      const codes = c.location;
      const loc = locations.forBlock(c.locations);
      for (let j = 0; j < k; j++) {
        const code = codes ? loc(codes[m.hits[j]]) : -1;
        location[n + j] = code;
        if (code >= 0) anyLocation = true;
      }
    }
    const cat = cats.forBlock(c.categories);
    const unit = units.forBlock(c.units);
    const whole = k === c.count;
    if (whole) {
      // Every feature of the block: column copies instead of a loop per value.
      cols.lon.set(c.lon, n);
      cols.lat.set(c.lat, n);
      cols.time.set(c.time, n);
      cols.timePrecision.set(c.precision, n);
      cols.quantity.set(c.quantity, n);
      cols.sourceIndex.set(c.sourceIndex, n);
    }
    for (let j = 0; j < k; j++) {
      const i = m.hits[j];
      const o = n + j;
      cols.ids[o] = c.firstId + i;
      cols.category[o] = cat(c.category[i]);
      cols.unit[o] = unit(c.unit[i]);
      if (whole) continue;
      cols.lon[o] = c.lon[i];
      cols.lat[o] = c.lat[i];
      cols.time[o] = c.time[i];
      cols.timePrecision[o] = c.precision[i];
      cols.quantity[o] = c.quantity[i];
      cols.sourceIndex[o] = c.sourceIndex[i];
    }
    n += k;
  }
  const fit = <T extends Float64Array | Int32Array | Uint8Array>(a: T): T => (a.length === n ? a : (a.slice(0, n) as T));
  return {
    count: n,
    ids: fit(cols.ids),
    lon: fit(cols.lon),
    lat: fit(cols.lat),
    time: fit(cols.time),
    timePrecision: fit(cols.timePrecision),
    category: fit(cols.category),
    categories: cats.values,
    quantity: fit(cols.quantity),
    unit: fit(cols.unit),
    units: units.values,
    sourceIndex: fit(cols.sourceIndex),
    ...(timeEnd && anyEnd ? { timeEnd: fit(timeEnd) } : {}),
    ...(location && anyLocation ? { precision: fit(location), precisions: locations.values } : {}),
  };
}

/** `a` in a longer array, the new places set to `fill`. */
function grown<T extends Float64Array | Int32Array>(a: T, length: number, fill: number): T {
  const b = new (a.constructor as new (len: number) => T)(length);
  b.set(a);
  b.fill(fill, a.length);
  return b;
}
