/**
 * Point layers stored as column blocks: BLOCK_POINTS features per `point_blocks` row, each column
 * a typed array in a BLOB, properties as JSON lines. A million points one row each cost over 12 s
 * of SQLite work at import (row inserts, an R*Tree entry and two index entries per point, and the
 * WAL written twice) and ~0.3 µs per value to read back; 62–123 blocks are a few hundred ms to write and
 * are read back as memcpy. The blocks keep file order (ids ascend with the source records) and
 * carry their extent and time range, so filters skip whole blocks.
 *
 * Properties are deflated (zlib level 1, ~320 MB/s): repeated keys and values shrink 8×, and a
 * million incidents' properties (~140 MB of JSON) would otherwise be most of what the commit
 * writes to the WAL and then again to the file — about 1.4 s of a 1M import.
 *
 * Columns are written in the platform's byte order, which is little-endian on every platform
 * Frontera ships for (x64, arm64); the module refuses to load elsewhere rather than misread.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Geometry } from 'geojson';
import type { NormalizedFeature, TimePrecision } from '../../../shared/model/feature.ts';
import { PRECISIONS, precisionCode, withWindowAndPrecision } from './featureRows.ts';

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error('point blocks need a little-endian machine');

export const BLOCK_POINTS = 16_384;

/** A block as stored: the `point_blocks` row. */
export interface BlockRow {
  first_id: number;
  count: number;
  min_lon: number | null;
  min_lat: number | null;
  max_lon: number | null;
  max_lat: number | null;
  time_min: number | null;
  time_max: number | null;
  /** Float64 lon[count] then lat[count]; NaN for a feature without geometry. */
  coords: Buffer;
  /** Float64 time, quantity, source_index (NaN = null), then Int32 category, unit (-1 = null), then Uint8 precision. */
  attrs: Buffer;
  /**
   * JSON {"categories": [...], "units": [...]}: what the codes in `attrs` index; and
   * "precisions" [...], what the codes in `precision` index, when the block has that column.
   */
  dictionary: string;
  /** Each feature's properties as JSON, joined by '\n' (JSON text never holds a raw newline), UTF-8, deflated (raw). */
  properties: Buffer;
  /** Float64 time_end (NaN = none), then Uint8 its precision (as the time's); null when no feature of the block has one. */
  time_end: Buffer | null;
  /** Int32 location-precision codes into the dictionary's "precisions" (-1 = none); null when no feature has one. */
  precision: Buffer | null;
}

export const BLOCK_COLUMNS =
  'first_id, count, min_lon, min_lat, max_lon, max_lat, time_min, time_max, dictionary, coords, attrs, properties, time_end, precision';

/** Collects up to BLOCK_POINTS features (points or no geometry) into the columns of one block. */
export class BlockBuilder {
  readonly lon = new Float64Array(BLOCK_POINTS);
  readonly lat = new Float64Array(BLOCK_POINTS);
  readonly time = new Float64Array(BLOCK_POINTS);
  readonly quantity = new Float64Array(BLOCK_POINTS);
  readonly sourceIndex = new Float64Array(BLOCK_POINTS);
  readonly category = new Int32Array(BLOCK_POINTS);
  readonly unit = new Int32Array(BLOCK_POINTS);
  readonly precision = new Uint8Array(BLOCK_POINTS);
  readonly timeEnd = new Float64Array(BLOCK_POINTS);
  readonly timeEndPrecision = new Uint8Array(BLOCK_POINTS);
  readonly location = new Int32Array(BLOCK_POINTS);
  private readonly categories = new Map<string, number>();
  private readonly units = new Map<string, number>();
  private readonly locations = new Map<string, number>();
  /** Whether a feature of the block has a time_end, a location precision: else the column is not written. */
  private hasEnd = false;
  private hasLocation = false;
  // One growing string (a rope in V8, flattened once when the block is written).
  private properties = '';
  count = 0;

  /**
   * Adds one feature; `lon` NaN for one without geometry, `time`/`quantity`/`timeEnd` NaN for
   * null; `precision` the location precision. Returns true when the block is full.
   */
  add(
    sourceIndex: number,
    lon: number,
    lat: number,
    time: number,
    timePrecision: TimePrecision | null,
    category: string | null,
    quantity: number,
    unit: string | null,
    propertiesJson: string,
    timeEnd = NaN,
    timeEndPrecision: TimePrecision | null = null,
    precision: string | null = null,
  ): boolean {
    const i = this.count;
    this.timeEnd[i] = timeEnd;
    this.timeEndPrecision[i] = precisionCode(timeEndPrecision);
    if (timeEnd === timeEnd) this.hasEnd = true;
    this.location[i] = precision === null ? -1 : code(this.locations, precision);
    if (precision !== null) this.hasLocation = true;
    this.sourceIndex[i] = sourceIndex;
    this.lon[i] = lon;
    this.lat[i] = lat;
    this.time[i] = time;
    this.precision[i] = precisionCode(timePrecision);
    this.category[i] = category === null ? -1 : code(this.categories, category);
    this.quantity[i] = quantity;
    this.unit[i] = unit === null ? -1 : code(this.units, unit);
    this.properties = i === 0 ? propertiesJson : `${this.properties}\n${propertiesJson}`;
    return ++this.count === BLOCK_POINTS;
  }

  /** The block as a row (ids from `firstId`); the builder is empty again afterwards. */
  take(firstId: number): BlockRow {
    const n = this.count;
    let minLon = Infinity;
    let minLat = Infinity;
    let maxLon = -Infinity;
    let maxLat = -Infinity;
    let tMin = Infinity;
    let tMax = -Infinity;
    for (let i = 0; i < n; i++) {
      const x = this.lon[i];
      if (x === x) {
        const y = this.lat[i];
        if (x < minLon) minLon = x;
        if (x > maxLon) maxLon = x;
        if (y < minLat) minLat = y;
        if (y > maxLat) maxLat = y;
      }
      const t = this.time[i];
      if (t < tMin) tMin = t;
      if (t > tMax) tMax = t;
    }
    const coords = Buffer.alloc(16 * n);
    const c = new Float64Array(coords.buffer, coords.byteOffset, 2 * n);
    c.set(this.lon.subarray(0, n), 0);
    c.set(this.lat.subarray(0, n), n);
    const attrs = Buffer.alloc(33 * n);
    new Float64Array(attrs.buffer, attrs.byteOffset, 3 * n).set(this.time.subarray(0, n), 0);
    new Float64Array(attrs.buffer, attrs.byteOffset + 8 * n, n).set(this.quantity.subarray(0, n));
    new Float64Array(attrs.buffer, attrs.byteOffset + 16 * n, n).set(this.sourceIndex.subarray(0, n));
    new Int32Array(attrs.buffer, attrs.byteOffset + 24 * n, n).set(this.category.subarray(0, n));
    new Int32Array(attrs.buffer, attrs.byteOffset + 28 * n, n).set(this.unit.subarray(0, n));
    attrs.set(this.precision.subarray(0, n), 32 * n);
    let timeEnd: Buffer | null = null;
    if (this.hasEnd) {
      timeEnd = Buffer.alloc(9 * n);
      new Float64Array(timeEnd.buffer, timeEnd.byteOffset, n).set(this.timeEnd.subarray(0, n));
      timeEnd.set(this.timeEndPrecision.subarray(0, n), 8 * n);
    }
    let location: Buffer | null = null;
    if (this.hasLocation) {
      location = Buffer.alloc(4 * n);
      new Int32Array(location.buffer, location.byteOffset, n).set(this.location.subarray(0, n));
    }
    const dictionary: { categories: string[]; units: string[]; precisions?: string[] } = {
      categories: [...this.categories.keys()],
      units: [...this.units.keys()],
    };
    if (location) dictionary.precisions = [...this.locations.keys()];
    const row: BlockRow = {
      first_id: firstId,
      count: n,
      min_lon: minLon <= maxLon ? minLon : null,
      min_lat: minLon <= maxLon ? minLat : null,
      max_lon: minLon <= maxLon ? maxLon : null,
      max_lat: minLon <= maxLon ? maxLat : null,
      time_min: tMin <= tMax ? tMin : null,
      time_max: tMin <= tMax ? tMax : null,
      coords,
      attrs,
      dictionary: JSON.stringify(dictionary),
      properties: deflateRawSync(Buffer.from(this.properties, 'utf8'), { level: 1 }),
      time_end: timeEnd,
      precision: location,
    };
    this.count = 0;
    this.properties = '';
    this.categories.clear();
    this.units.clear();
    this.locations.clear();
    this.hasEnd = false;
    this.hasLocation = false;
    return row;
  }
}

function code(dict: Map<string, number>, s: string): number {
  let k = dict.get(s);
  if (k === undefined) {
    k = dict.size;
    dict.set(s, k);
  }
  return k;
}

/** A Float64Array over `bytes` of a blob; copied when the blob is not 8-byte aligned. */
function f64(blob: Buffer, offset: number, n: number): Float64Array {
  const at = blob.byteOffset + offset;
  if (at % 8 === 0) return new Float64Array(blob.buffer, at, n);
  const out = new Float64Array(n);
  new Uint8Array(out.buffer).set(blob.subarray(offset, offset + 8 * n));
  return out;
}

function i32(blob: Buffer, offset: number, n: number): Int32Array {
  const at = blob.byteOffset + offset;
  if (at % 4 === 0) return new Int32Array(blob.buffer, at, n);
  const out = new Int32Array(n);
  new Uint8Array(out.buffer).set(blob.subarray(offset, offset + 4 * n));
  return out;
}

/** The columns of a stored block, as views where alignment allows. */
export interface BlockColumns {
  firstId: number;
  count: number;
  lon: Float64Array;
  lat: Float64Array;
  time: Float64Array;
  quantity: Float64Array;
  sourceIndex: Float64Array;
  category: Int32Array;
  unit: Int32Array;
  precision: Uint8Array;
  categories: string[];
  units: string[];
  /** Null when no feature of the block has a time_end / a location precision. */
  timeEnd: Float64Array | null;
  timeEndPrecision: Uint8Array | null;
  location: Int32Array | null;
  /** What the codes in `location` index. */
  locations: string[];
}

function blockCoords(r: Pick<BlockRow, 'coords' | 'count'>): { lon: Float64Array; lat: Float64Array } {
  return { lon: f64(r.coords, 0, r.count), lat: f64(r.coords, 8 * r.count, r.count) };
}

export function blockColumns(r: BlockRow): BlockColumns {
  const n = r.count;
  const { lon, lat } = blockCoords(r);
  const dict = JSON.parse(r.dictionary) as { categories: string[]; units: string[]; precisions?: string[] };
  return {
    firstId: r.first_id,
    count: n,
    lon,
    lat,
    time: f64(r.attrs, 0, n),
    quantity: f64(r.attrs, 8 * n, n),
    sourceIndex: f64(r.attrs, 16 * n, n),
    category: i32(r.attrs, 24 * n, n),
    unit: i32(r.attrs, 28 * n, n),
    precision: r.attrs.subarray(32 * n, 33 * n),
    categories: dict.categories,
    units: dict.units,
    timeEnd: r.time_end ? f64(r.time_end, 0, n) : null,
    timeEndPrecision: r.time_end ? r.time_end.subarray(8 * n, 9 * n) : null,
    location: r.precision ? i32(r.precision, 0, n) : null,
    locations: dict.precisions ?? [],
  };
}

/** The block's property lines as one text. */
export function blockPropertiesText(properties: Buffer): string {
  return inflateRawSync(properties).toString('utf8');
}

/** Start offsets of the block's property lines, plus the text's length at the end. */
export function lineStarts(text: string, count: number): Uint32Array {
  const starts = new Uint32Array(count + 1);
  let at = 0;
  for (let i = 1; i < count; i++) {
    at = text.indexOf('\n', at) + 1;
    starts[i] = at;
  }
  starts[count] = text.length + 1;
  return starts;
}

/** Feature i of a block, as the row store would return it. */
export function blockFeature(
  c: BlockColumns,
  i: number,
  propertiesJson: string,
): NormalizedFeature & { id: number } {
  const x = c.lon[i];
  const geometry: Geometry | null = x === x ? { type: 'Point', coordinates: [x, c.lat[i]] } : null;
  const t = c.time[i];
  const q = c.quantity[i];
  const end = c.timeEnd ? c.timeEnd[i] : NaN;
  const loc = c.location ? c.location[i] : -1;
  const f: NormalizedFeature & { id: number } = {
    id: c.firstId + i,
    sourceIndex: c.sourceIndex[i],
    geometry,
    properties: JSON.parse(propertiesJson) as Record<string, unknown>,
    time: t === t ? t : null,
    timePrecision: PRECISIONS[c.precision[i]],
    category: c.category[i] < 0 ? null : c.categories[c.category[i]],
    quantity: q === q ? q : null,
    unit: c.unit[i] < 0 ? null : c.units[c.unit[i]],
  };
  return withWindowAndPrecision(f, end === end ? end : null, end === end ? PRECISIONS[c.timeEndPrecision![i]] : null, loc < 0 ? null : c.locations[loc]);
}
