import type { Geometry } from 'geojson';

/** A record as a format parser read it: geometry still in the source CRS, properties untouched. */
export interface RawRecord {
  /** 0-based row (CSV, header excluded) or feature/record index in the source file. */
  sourceIndex: number;
  geometry: Geometry | null;
  properties: Record<string, unknown>;
}

/** How an instant was written in the source: with a clock time, or a date only. */
export type TimePrecision = 'instant' | 'date';

/** A record ready for the workspace: WGS84 geometry plus the mapped analysis fields. */
export interface NormalizedFeature {
  sourceIndex: number;
  geometry: Geometry | null;
  properties: Record<string, unknown>;
  /** Epoch milliseconds (UTC). Naive source times were read in the workspace time zone. */
  time: number | null;
  /** 'date' when the source gave no clock time: such records never count as midnight. */
  timePrecision: TimePrecision | null;
  /**
   * End of the window the record is known to lie in, epoch ms, end-exclusive: a date-only end
   * is the instant its next local day begins. Absent or null: no window (`time` alone).
   */
  timeEnd?: number | null;
  /** How the source wrote the end: a date-only end is exported as a date again. */
  timeEndPrecision?: TimePrecision | null;
  category: string | null;
  quantity: number | null;
  unit: string | null;
  /** The source's location-precision code as text ('1' … '7', 'exacta' …); absent or null: none. */
  precision?: string | null;
}

export type FieldType = 'string' | 'number' | 'integer' | 'boolean' | 'date' | 'unknown';

export interface FieldInfo {
  name: string;
  type: FieldType;
}

export type GeometryType =
  | 'Point'
  | 'MultiPoint'
  | 'LineString'
  | 'MultiLineString'
  | 'Polygon'
  | 'MultiPolygon'
  | 'GeometryCollection'
  | 'Mixed'
  | 'None';

/** [minLon, minLat, maxLon, maxLat] */
export type BBox = [number, number, number, number];
