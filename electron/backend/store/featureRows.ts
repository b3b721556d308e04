/**
 * How a NormalizedFeature maps onto a `features` row and back. Points go to lon/lat columns and
 * leave `geometry` NULL: that keeps a million-point layer free of geometry text on both sides.
 */
import type { Geometry } from 'geojson';
import type { NormalizedFeature, TimePrecision } from '../../../shared/model/feature.ts';

/**
 * Column order of every features INSERT. Ids are given, not left to SQLite: block layers
 * (pointBlocks.ts) hold ids the features table never sees, and a rowid of max + 1 would reuse them.
 */
export const FEATURE_COLUMNS = [
  'id',
  'layer_id',
  'source_index',
  'lon',
  'lat',
  'geometry',
  'properties',
  'time',
  'time_precision',
  'category',
  'quantity',
  'unit',
  'time_end',
  'time_end_precision',
  'precision',
] as const;
export const FEATURE_COLUMN_COUNT = FEATURE_COLUMNS.length;

export type RowValue = number | string | null;

/** Writes the row of `f` into `out` from `at`; returns true when it is a point (lon/lat set). */
export function encodeFeature(f: NormalizedFeature, id: number, layerId: number, out: RowValue[], at: number): boolean {
  const g = f.geometry;
  const isPoint = g !== null && g.type === 'Point';
  out[at] = id;
  out[at + 1] = layerId;
  out[at + 2] = f.sourceIndex;
  out[at + 3] = isPoint ? g.coordinates[0] : null;
  out[at + 4] = isPoint ? g.coordinates[1] : null;
  out[at + 5] = isPoint || g === null ? null : JSON.stringify(g);
  out[at + 6] = JSON.stringify(f.properties);
  out[at + 7] = f.time;
  out[at + 8] = f.timePrecision;
  out[at + 9] = f.category;
  out[at + 10] = f.quantity;
  out[at + 11] = f.unit;
  out[at + 12] = f.timeEnd ?? null;
  out[at + 13] = f.timeEndPrecision ?? null;
  out[at + 14] = f.precision ?? null;
  return isPoint;
}

export interface FeatureRow {
  id: number;
  source_index: number;
  lon: number | null;
  lat: number | null;
  geometry: string | null;
  properties: string;
  time: number | null;
  time_precision: string | null;
  category: string | null;
  quantity: number | null;
  unit: string | null;
  time_end: number | null;
  time_end_precision: string | null;
  precision: string | null;
}

/** The columns decodeFeature reads, in FeatureRow's order. */
export const FEATURE_ROW_COLUMNS =
  'id, source_index, lon, lat, geometry, properties, time, time_precision, category, quantity, unit, time_end, time_end_precision, precision';

export type StoredFeature = NormalizedFeature & { id: number };

export function decodeFeature(r: FeatureRow): StoredFeature {
  let geometry: Geometry | null = null;
  if (r.lon !== null && r.lat !== null) geometry = { type: 'Point', coordinates: [r.lon, r.lat] };
  else if (r.geometry !== null) geometry = JSON.parse(r.geometry) as Geometry;
  const f: StoredFeature = {
    id: r.id,
    sourceIndex: r.source_index,
    geometry,
    properties: JSON.parse(r.properties) as Record<string, unknown>,
    time: r.time,
    timePrecision: r.time_precision as TimePrecision | null,
    category: r.category,
    quantity: r.quantity,
    unit: r.unit,
  };
  return withWindowAndPrecision(f, r.time_end, r.time_end_precision as TimePrecision | null, r.precision);
}

/** Sets the optional fields a record has (time_end, location precision), as the normaliser gave them. */
export function withWindowAndPrecision(
  f: StoredFeature,
  timeEnd: number | null,
  timeEndPrecision: TimePrecision | null,
  precision: string | null,
): StoredFeature {
  if (timeEnd !== null) {
    f.timeEnd = timeEnd;
    f.timeEndPrecision = timeEndPrecision;
  }
  if (precision !== null) f.precision = precision;
  return f;
}

/**
 * Rows packed for the trip from the import worker to the writer. Posting row arrays would
 * structured-clone eleven values a row (seconds for a million rows, on the writer's thread);
 * one Float64Array and one string per batch are a copy each.
 */
export interface PackedRows {
  count: number;
  /**
   * PACKED_NUMS per row: source_index, lon, lat (NaN: not a point), time, time precision (0 none,
   * 1 instant, 2 date), quantity, then the bbox of a non-point geometry (NaN: none), time_end and
   * its precision (coded as the time's). NaN stands for null: the normaliser lets no NaN through.
   */
  nums: Float64Array;
  /** PACKED_TEXTS per row: lengths in `text` of geometry, properties, category, unit and precision; -1 is null. */
  lens: Int32Array;
  text: string;
  /** Geometry types of the batch's non-point features. */
  types: string[];
}

export const PACKED_NUMS = 12;
export const PACKED_TEXTS = 5;

/** A time precision as a number (PackedRows, point blocks): 0 none, 1 instant, 2 date. */
export function precisionCode(p: TimePrecision | null | undefined): number {
  return p === 'instant' ? 1 : p === 'date' ? 2 : 0;
}
export const PRECISIONS = [null, 'instant', 'date'] as const;

/** Collects normalised features into PackedRows (the import worker's side). */
export class RowPacker {
  private nums: Float64Array;
  private lens: Int32Array;
  // One growing string: V8 appends to a rope, flattened once when the batch is posted — cheaper
  // than joining 16,000 small parts per batch.
  private texts = '';
  private types = new Set<string>();
  count = 0;

  constructor(readonly capacity: number) {
    this.nums = new Float64Array(capacity * PACKED_NUMS);
    this.lens = new Int32Array(capacity * PACKED_TEXTS);
  }

  /** Adds `f` with the bbox of a non-point geometry; true when the batch is full. */
  add(f: NormalizedFeature, box: readonly number[] | null): boolean {
    const o = this.count * PACKED_NUMS;
    const t = this.count * PACKED_TEXTS;
    const nums = this.nums;
    const g = f.geometry;
    const isPoint = g !== null && g.type === 'Point';
    nums[o] = f.sourceIndex;
    nums[o + 1] = isPoint ? g.coordinates[0] : NaN;
    nums[o + 2] = isPoint ? g.coordinates[1] : NaN;
    nums[o + 3] = f.time ?? NaN;
    nums[o + 4] = precisionCode(f.timePrecision);
    nums[o + 5] = f.quantity ?? NaN;
    nums[o + 6] = box ? box[0] : NaN;
    nums[o + 7] = box ? box[1] : NaN;
    nums[o + 8] = box ? box[2] : NaN;
    nums[o + 9] = box ? box[3] : NaN;
    nums[o + 10] = f.timeEnd ?? NaN;
    nums[o + 11] = precisionCode(f.timeEndPrecision);
    if (g !== null && !isPoint) this.types.add(g.type);
    this.text(t, isPoint || g === null ? null : JSON.stringify(g));
    this.text(t + 1, JSON.stringify(f.properties));
    this.text(t + 2, f.category);
    this.text(t + 3, f.unit);
    this.text(t + 4, f.precision ?? null);
    return ++this.count === this.capacity;
  }

  private text(at: number, s: string | null): void {
    if (s === null) this.lens[at] = -1;
    else {
      this.lens[at] = s.length;
      this.texts += s;
    }
  }

  /** The batch so far (its arrays transferable), and a fresh one started. */
  take(): PackedRows {
    const out: PackedRows = {
      count: this.count,
      nums: this.nums.slice(0, this.count * PACKED_NUMS),
      lens: this.lens.slice(0, this.count * PACKED_TEXTS),
      text: this.texts,
      types: [...this.types],
    };
    this.texts = '';
    this.types = new Set();
    this.count = 0;
    return out;
  }
}
