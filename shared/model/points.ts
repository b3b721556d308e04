/**
 * A point layer (or a selection of it) as typed arrays. Analyses over a million points want
 * numbers in flat arrays, not a million objects; the store reads straight into these columns.
 */
export interface PointColumns {
  count: number;
  /** Feature ids (features.id), to link results back to rows. */
  ids: Float64Array;
  lon: Float64Array;
  lat: Float64Array;
  /** Epoch ms; NaN = no time. */
  time: Float64Array;
  /** 0 = no time, 1 = instant, 2 = date only (never to be read as midnight). */
  timePrecision: Uint8Array;
  /** Index into `categories`; -1 = none. */
  category: Int32Array;
  categories: string[];
  /** NaN = none. */
  quantity: Float64Array;
  /** Index into `units`; -1 = none. */
  unit: Int32Array;
  units: string[];
  /** 0-based row/feature index in the source file. */
  sourceIndex: Float64Array;
  /**
   * End of each record's time window, epoch ms, end-exclusive (a date-only end is the start of
   * the next local day); NaN = no window. Absent when no record read has a time_end.
   */
  timeEnd?: Float64Array;
  /** The location-precision code of each record: index into `precisions`, -1 = none. Absent when no record read has one. */
  precision?: Int32Array;
  /** The source's location-precision codes as text ('1' … '7', 'exacta' …). */
  precisions?: string[];
}

/** The points whose `keep` flag is set, in the same order; lookup tables are shared. */
export function subsetPoints(p: PointColumns, keep: (i: number) => boolean): PointColumns {
  const idx: number[] = [];
  for (let i = 0; i < p.count; i++) if (keep(i)) idx.push(i);
  if (idx.length === p.count) return p;
  const n = idx.length;
  const pick = <T extends Float64Array | Int32Array | Uint8Array>(src: T, make: (n: number) => T): T => {
    const out = make(n);
    for (let k = 0; k < n; k++) out[k] = src[idx[k]];
    return out;
  };
  return {
    count: n,
    ids: pick(p.ids, (m) => new Float64Array(m)),
    lon: pick(p.lon, (m) => new Float64Array(m)),
    lat: pick(p.lat, (m) => new Float64Array(m)),
    time: pick(p.time, (m) => new Float64Array(m)),
    timePrecision: pick(p.timePrecision, (m) => new Uint8Array(m)),
    category: pick(p.category, (m) => new Int32Array(m)),
    categories: p.categories,
    quantity: pick(p.quantity, (m) => new Float64Array(m)),
    unit: pick(p.unit, (m) => new Int32Array(m)),
    units: p.units,
    sourceIndex: pick(p.sourceIndex, (m) => new Float64Array(m)),
    ...(p.timeEnd ? { timeEnd: pick(p.timeEnd, (m) => new Float64Array(m)) } : {}),
    ...(p.precision ? { precision: pick(p.precision, (m) => new Int32Array(m)), precisions: p.precisions ?? [] } : {}),
  };
}
