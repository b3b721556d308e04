/**
 * Guesses which columns hold the analysis fields (time and its window's end, category, quantity,
 * unit, location precision) and the
 * coordinates, from English and Spanish names (case- and accent-insensitive), and keeps only
 * guesses the sample values bear out: a time column must parse, a quantity must be numeric.
 * A guess is a suggestion shown in the import dialog; the analyst confirms or changes it.
 */
import type { FieldSuggestions } from '../api/contract.ts';
import type { FieldInfo } from '../model/feature.ts';
import { parseTime, parseTimeOfDay } from './time.ts';
import { DEFAULT_TIMEZONE } from '../time/zone.ts';

/** Lower case, accents removed, runs of anything but letters and digits as one '_'. */
export function normalizeName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

export const LAT_NAMES = ['lat', 'latitude', 'latitud', 'y', 'lat_dd', 'latitud_dd', 'coord_y', 'y_coord'];
export const LON_NAMES = ['lon', 'lng', 'long', 'longitude', 'longitud', 'x', 'lon_dd', 'longitud_dd', 'coord_x', 'x_coord'];
export const WKT_NAMES = ['wkt', 'geometry', 'geom', 'the_geom', 'geometria', 'wkt_geom', 'shape'];

// In order of preference; whole-name matches beat word matches ("fecha_del_hecho" has the word "fecha").
const DATETIME_NAMES = ['fecha_hora', 'fechahora', 'fecha_y_hora', 'datetime', 'date_time', 'timestamp', 'time_stamp', 'fh'];
const DATE_NAMES = ['fecha', 'date', 'dia', 'fecha_evento', 'fecha_incidente', 'fecha_hecho', 'fecha_del_hecho', 'event_date', 'incident_date'];
const TIMEOFDAY_NAMES = ['hora', 'time', 'hour', 'hora_evento', 'hora_incidente', 'hora_hecho', 'event_time', 'incident_time'];
const CATEGORY_NAMES = ['categoria', 'category', 'tipo', 'type', 'delito', 'tipo_delito', 'incidente', 'tipo_incidente', 'incident_type', 'clase', 'class', 'evento', 'tipo_evento'];
const QUANTITY_NAMES = ['cantidad', 'quantity', 'kg', 'peso', 'peso_kg', 'amount', 'monto', 'qty', 'cantidad_kg', 'volumen', 'count', 'numero', 'total'];
const UNIT_NAMES = ['unidad', 'unit', 'units', 'unidades', 'unidad_medida', 'uom'];
// The end of a time window (UCDP's date_end, KML's TimeSpan end): never taken as the time itself.
const TIME_END_NAMES = [
  'time_end', 'date_end', 'end_date', 'end_time', 'fecha_fin', 'fecha_final', 'fecha_termino', 'fecha_hasta', 'hasta', 'fin', 'date_to', 'until',
];
// Location precision (UCDP's where_prec, 1 exact … 7 country); a time's precision is not one.
const PRECISION_NAMES = [
  'precision', 'where_prec', 'precision_code', 'precision_ubicacion', 'geo_precision', 'geoprecision', 'location_precision', 'loc_precision',
  'precision_geo', 'precision_geografica', 'geo_prec', 'loc_prec',
];
const TIME_WORDS = ['time', 'date', 'fecha', 'hora', 'tiempo', 'dia'];

const WORD_SETS = {
  datetime: ['timestamp', 'datetime'],
  date: ['fecha', 'date'],
  timeOfDay: ['hora', 'time'],
  category: ['categoria', 'category', 'tipo', 'type', 'delito'],
  quantity: ['cantidad', 'quantity', 'peso', 'kg'],
  unit: ['unidad', 'unit'],
  timeEnd: ['end', 'fin', 'hasta'],
  precision: ['precision', 'prec'],
};

/** Fields ranked by how well their names match: whole names in list order, then names containing one of `words`. */
function candidates(fields: FieldInfo[], names: string[], words: string[] = []): string[] {
  const norm = fields.map((f) => ({ name: f.name, n: normalizeName(f.name) }));
  const out: string[] = [];
  for (const want of names) for (const f of norm) if (f.n === want && !out.includes(f.name)) out.push(f.name);
  for (const f of norm) {
    if (out.includes(f.name)) continue;
    if (f.n.split('_').some((w) => words.includes(w))) out.push(f.name);
  }
  return out;
}

/** Non-empty sample values of a column. */
function values(sample: Record<string, unknown>[], col: string): unknown[] {
  return sample.map((r) => r[col]).filter((v) => v !== null && v !== undefined && v !== '');
}

function allParse(vals: unknown[], test: (v: unknown) => boolean): boolean {
  return vals.length > 0 && vals.every(test);
}

function timeParses(v: unknown, timeOfDay?: unknown): 'instant' | 'date' | null {
  if (typeof v !== 'string' && typeof v !== 'number') return null;
  const tod = typeof timeOfDay === 'string' || typeof timeOfDay === 'number' ? timeOfDay : undefined;
  const r = parseTime(v, { timezone: DEFAULT_TIMEZONE, timeOfDay: tod });
  return 'error' in r ? null : r.precision;
}

/** A number, or text that is one (decimal comma accepted). */
function numericValue(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string') return null;
  const t = v.trim();
  if (!/^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?$/.test(t)) return null;
  const n = Number(t.replace(',', '.'));
  return Number.isFinite(n) ? n : null;
}

export function suggestMapping(fields: FieldInfo[], sample: Record<string, unknown>[]): FieldSuggestions {
  const out: FieldSuggestions = {};
  const used = new Set<string>();
  const take = (col: string): string => {
    used.add(col);
    return col;
  };

  const lat = candidates(fields, LAT_NAMES).find((c) => allParse(values(sample, c), (v) => numericValue(v) !== null));
  const lon = candidates(fields, LON_NAMES).find((c) => allParse(values(sample, c), (v) => numericValue(v) !== null));
  if (lat && lon) {
    out.lat = take(lat);
    out.lon = take(lon);
  }
  const wkt = candidates(fields, WKT_NAMES).find((c) =>
    allParse(values(sample, c), (v) => typeof v === 'string' && /^\s*(?:SRID=\d+;\s*)?(?:MULTI)?(?:POINT|LINESTRING|POLYGON)|^\s*GEOMETRYCOLLECTION/i.test(v)),
  );
  if (wkt) out.wkt = take(wkt);

  const ends = candidates(fields, TIME_END_NAMES, WORD_SETS.timeEnd);
  out.time = suggestTime(fields.filter((f) => !ends.includes(f.name)), sample, take);
  if (!out.time) delete out.time;
  else {
    const timeEnd = ends.find((c) => !used.has(c) && allParse(values(sample, c), (v) => timeParses(v) !== null));
    if (timeEnd) out.timeEnd = take(timeEnd);
  }

  const category = candidates(fields, CATEGORY_NAMES, WORD_SETS.category).find(
    (c) => !used.has(c) && allParse(values(sample, c), (v) => typeof v === 'string' && numericValue(v) === null),
  );
  if (category) out.category = take(category);

  const quantity = candidates(fields, QUANTITY_NAMES, WORD_SETS.quantity).find(
    (c) => !used.has(c) && allParse(values(sample, c), (v) => numericValue(v) !== null),
  );
  if (quantity) out.quantity = take(quantity);

  const unit = candidates(fields, UNIT_NAMES, WORD_SETS.unit).find(
    (c) => !used.has(c) && allParse(values(sample, c), (v) => typeof v === 'string' && numericValue(v) === null),
  );
  if (unit) out.unit = take(unit);

  const precision = candidates(fields, PRECISION_NAMES, WORD_SETS.precision).find(
    (c) =>
      !used.has(c) &&
      !normalizeName(c).split('_').some((w) => TIME_WORDS.includes(w)) &&
      allParse(values(sample, c), (v) => typeof v === 'number' || (typeof v === 'string' && v.trim() !== '')),
  );
  if (precision) out.precision = take(precision);
  return out;
}

function suggestTime(
  fields: FieldInfo[],
  sample: Record<string, unknown>[],
  take: (c: string) => string,
): string[] | undefined {
  // A column that carries date and clock time on its own wins.
  const single = [
    ...candidates(fields, DATETIME_NAMES, WORD_SETS.datetime),
    ...candidates(fields, DATE_NAMES, WORD_SETS.date),
    ...candidates(fields, TIMEOFDAY_NAMES, WORD_SETS.timeOfDay),
  ];
  const parsesAll = (c: string): boolean => allParse(values(sample, c), (v) => timeParses(v) !== null);
  const instant = single.find((c) => parsesAll(c) && values(sample, c).every((v) => timeParses(v) === 'instant'));
  if (instant) return [take(instant)];
  // Otherwise a date column, joined with a separate clock-time column when one reads on every row.
  const date = single.find(parsesAll);
  if (!date) return undefined;
  const clock = candidates(fields, TIMEOFDAY_NAMES, WORD_SETS.timeOfDay).find(
    (c) =>
      c !== date &&
      allParse(values(sample, c), (v) => (typeof v === 'string' || typeof v === 'number') && !('error' in parseTimeOfDay(v))) &&
      sample.every((r) => {
        const d = r[date];
        return d === null || d === undefined || d === '' || timeParses(d, r[c]) !== null;
      }),
  );
  return clock ? [take(date), take(clock)] : [take(date)];
}
