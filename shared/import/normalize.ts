/**
 * Turns a parser's RawRecord into a workspace feature: geometry reprojected to WGS84 and checked
 * (finite, in lon/lat range, lines ≥ 2 positions, rings closed with ≥ 4), and the analysis fields
 * read from the mapped columns. A record that fails comes back as an ImportProblem naming the
 * value, the column and the reason; the caller decides whether to skip it or stop.
 *
 * Empty cells in mapped columns give null (an undated incident is still an incident); values
 * that are present but unreadable are problems, never silently null.
 */
import type { Geometry, Position } from 'geojson';
import type { FieldMapping } from '../api/contract.ts';
import type { NormalizedFeature, RawRecord, TimePrecision } from '../model/feature.ts';
import { UserError } from '../errors.ts';
import { assertTimeZone } from '../time/zone.ts';
import { importProblem, said, type ImportProblem, type Reason } from './problems.ts';
import { parseTime, parseTimeEnd } from './time.ts';

export interface NormalizerOptions {
  fileName: string;
  /** Source CRS → WGS84 lon/lat; null when the source already is lon/lat. */
  project: ((x: number, y: number) => [number, number]) | null;
  mapping: FieldMapping;
  timezone: string;
  locationLabel: (sourceIndex: number) => string;
}

export function isImportProblem(r: NormalizedFeature | ImportProblem): r is ImportProblem {
  return 'reason' in r;
}

class Invalid {
  constructor(readonly reason: Reason) {}
}

export function createNormalizer(o: NormalizerOptions): (rec: RawRecord) => NormalizedFeature | ImportProblem {
  assertTimeZone(o.timezone);
  const m = o.mapping;
  const [timeCol, clockCol] = m.time ?? [];
  return (rec) => {
    try {
      const geometry = rec.geometry === null ? null : checkGeometry(rec.geometry, o.project);
      const props = rec.properties;
      let time: number | null = null;
      let timePrecision: TimePrecision | null = null;
      if (timeCol !== undefined) {
        const r = readTime(props[timeCol], timeCol, clockCol === undefined ? undefined : props[clockCol], clockCol, m.timeFormat, o.timezone);
        if (r) {
          time = r.time;
          timePrecision = r.precision;
        }
      }
      const f: NormalizedFeature = {
        sourceIndex: rec.sourceIndex,
        geometry,
        properties: props,
        time,
        timePrecision,
        category: m.category === undefined ? null : text(props[m.category]),
        quantity: m.quantity === undefined ? null : quantity(props[m.quantity], m.quantity),
        unit: (m.unit === undefined ? null : text(props[m.unit])) ?? m.unitValue ?? null,
      };
      if (m.timeEnd !== undefined) {
        const end = readTimeEnd(props[m.timeEnd], m.timeEnd, props[timeCol!], timeCol!, time, m.timeFormat, o.timezone);
        f.timeEnd = end?.time ?? null;
        f.timeEndPrecision = end?.precision ?? null;
      }
      if (m.precision !== undefined) f.precision = text(props[m.precision]);
      return f;
    } catch (e) {
      if (!(e instanceof Invalid)) throw e;
      return importProblem(o.fileName, o.locationLabel(rec.sourceIndex), rec.sourceIndex, e.reason);
    }
  };
}

function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

function show(v: unknown): string {
  const s = typeof v === 'string' ? v : String(v);
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);
}

/** A time cell as parseTime takes it; `what` names the field in messages. */
function timeValue(v: unknown, what: string, col: string): string | number {
  if (v instanceof Date) {
    // Readers build dBASE dates at local midnight of the machine; only the calendar date counts.
    if (Number.isNaN(v.getTime())) throw new Invalid(said('record.invalidDate', { what, column: col }));
    return `${v.getFullYear()}-${pad(v.getMonth() + 1)}-${pad(v.getDate())}`;
  }
  if (typeof v === 'string' || typeof v === 'number') return v;
  throw new Invalid(said('record.notTextOrNumber', { what, column: col, type: typeof v }));
}

function readTime(
  v: unknown,
  col: string,
  clock: unknown,
  clockCol: string | undefined,
  format: string | undefined,
  tz: string,
): { time: number; precision: TimePrecision } | null {
  if (isEmpty(v)) return null;
  const value = timeValue(v, 'time', col);
  let timeOfDay: string | number | undefined;
  if (clockCol !== undefined && !isEmpty(clock)) {
    if (typeof clock !== 'string' && typeof clock !== 'number') {
      throw new Invalid(said('record.clockNotText', { column: clockCol }));
    }
    timeOfDay = clock;
  }
  const r = parseTime(value, { format, timezone: tz, timeOfDay });
  if ('error' in r) {
    const columns = said(timeOfDay === undefined ? 'record.timeColumn' : 'record.timeColumns', { column: col, clock: clockCol ?? '', value: show(timeOfDay) }).words;
    throw new Invalid(said('record.timeUnreadable', { value: show(value), columns, reason: r.words }));
  }
  return r;
}

/**
 * The end of the record's window (parseTimeEnd: a date-only end ends with its local day); it
 * may not come before the time, nor stand without one.
 */
function readTimeEnd(
  v: unknown,
  col: string,
  start: unknown,
  startCol: string,
  time: number | null,
  format: string | undefined,
  tz: string,
): { time: number; precision: TimePrecision } | null {
  if (isEmpty(v)) return null;
  const value = timeValue(v, 'time_end', col);
  const r = parseTimeEnd(value, { format, timezone: tz });
  if ('error' in r) throw new Invalid(said('record.endUnreadable', { value: show(value), column: col, reason: r.words }));
  if (time === null) throw new Invalid(said('record.endWithoutStart', { value: show(value), column: col, start: startCol }));
  // A date-only end is stored end-exclusive: the day before the time's day ends where it begins.
  if (r.time < time || (r.precision === 'date' && r.time === time)) {
    throw new Invalid(said('record.endBeforeStart', { value: show(value), column: col, time: show(start), start: startCol }));
  }
  return r;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function text(v: unknown): string | null {
  if (isEmpty(v)) return null;
  const s = (v instanceof Date ? v.toISOString() : String(v)).trim();
  return s === '' ? null : s;
}

function quantity(v: unknown, col: string): number | null {
  if (isEmpty(v)) return null;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Invalid(said('record.quantityNotFinite', { value: String(v), column: col }));
    return v;
  }
  const t = String(v).trim();
  // A decimal comma is read as such only when it is the one separator ("12,5"); "1,234.5" is not a number here.
  const m = /^[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)(?:[eE][+-]?\d+)?$/.exec(t);
  if (!m) throw new Invalid(said('record.quantityNotNumber', { value: show(v), column: col }));
  return Number(t.replace(',', '.'));
}

// ---------- geometry ----------

function fmt(n: number): string {
  // Two decimals unless rounding would hide why the value is out of range (90.004 → "90.004").
  let s = n.toFixed(2);
  for (let d = 3; d <= 8 && (Math.abs(Number(s)) === 90 || Math.abs(Number(s)) === 180); d++) s = n.toFixed(d);
  s = s.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
  return s.replace(/^-/, '\u2212');
}


function checkPosition(p: Position, project: NormalizerOptions['project'], where: string): Position {
  const x = p[0];
  const y = p[1];
  if (!Number.isFinite(x) || !Number.isFinite(y)) {
    throw new Invalid(said('record.coordinateNotFinite', { where: { path: where }, x: String(x), y: String(y) }));
  }
  let lon = x;
  let lat = y;
  if (project) {
    let q: [number, number];
    try {
      q = project(x, y);
    } catch (e) {
      // Transformers say which coordinate failed and why; anything else is a bug, not bad input.
      if (e instanceof UserError) throw new Invalid(e.message);
      throw e;
    }
    lon = q[0];
    lat = q[1];
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) {
      throw new Invalid(said('record.cannotProject', { where: { path: where }, x: String(x), y: String(y) }));
    }
  }
  const at = where ? said('record.at', { where: { path: where.trim() } }).words : '';
  if (lat < -90 || lat > 90) {
    const swap = lon >= -90 && lon <= 90 && lat >= -180 && lat <= 180;
    // Values beyond any angle in degrees are metres or feet of a projected CRS.
    const hint = swap ? said('record.swapped').words : project || Math.abs(lat) <= 360 ? '' : said('record.projected').words;
    throw new Invalid(said('record.latitudeRange', { value: fmt(lat), at, hint }));
  }
  if (lon < -180 || lon > 180) {
    const hint = project || Math.abs(lon) <= 360 ? '' : said('record.projected').words;
    throw new Invalid(said('record.longitudeRange', { value: fmt(lon), at, hint }));
  }
  if (!project) return p;
  return p.length > 2 ? [lon, lat, ...p.slice(2)] : [lon, lat];
}

/** Positions checked (and projected); returns the input array itself when nothing changed. */
function checkLine(ps: Position[], project: NormalizerOptions['project'], where: string): Position[] {
  let out: Position[] | null = project ? new Array<Position>(ps.length) : null;
  for (let k = 0; k < ps.length; k++) {
    const q = checkPosition(ps[k], project, `${where}position ${k + 1} `);
    if (out) out[k] = q;
  }
  out ??= ps;
  return out;
}

function checkRing(ring: Position[], project: NormalizerOptions['project'], where: string): Position[] {
  if (ring.length < 4) throw new Invalid(said('record.ringShort', { where: { path: where }, n: ring.length }));
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first[0] !== last[0] || first[1] !== last[1]) {
    throw new Invalid(said('record.ringOpen', { where: { path: where }, x0: first[0], y0: first[1], x1: last[0], y1: last[1] }));
  }
  return checkLine(ring, project, where);
}

function checkPolygon(rings: Position[][], project: NormalizerOptions['project'], where: string): Position[][] {
  if (rings.length === 0) throw new Invalid(said('record.noRings', { where: where ? { path: where } : said('record.thePolygon').words }));
  return rings.map((r, k) => checkRing(r, project, `${where}ring ${k + 1} `));
}

function checkGeometry(g: Geometry, project: NormalizerOptions['project']): Geometry {
  switch (g.type) {
    case 'Point':
      return { type: 'Point', coordinates: checkPosition(g.coordinates, project, '') };
    case 'MultiPoint':
      if (g.coordinates.length === 0) throw new Invalid(said('record.multiPointEmpty'));
      return { type: 'MultiPoint', coordinates: checkLine(g.coordinates, project, '') };
    case 'LineString':
      if (g.coordinates.length < 2) throw new Invalid(said('record.lineShort', { count: g.coordinates.length }));
      return { type: 'LineString', coordinates: checkLine(g.coordinates, project, '') };
    case 'MultiLineString':
      if (g.coordinates.length === 0) throw new Invalid(said('record.multiLineEmpty'));
      return {
        type: 'MultiLineString',
        coordinates: g.coordinates.map((line, k) => {
          if (line.length < 2) throw new Invalid(said('record.partShort', { k: k + 1, count: line.length }));
          return checkLine(line, project, `line ${k + 1} `);
        }),
      };
    case 'Polygon':
      return { type: 'Polygon', coordinates: checkPolygon(g.coordinates, project, '') };
    case 'MultiPolygon':
      if (g.coordinates.length === 0) throw new Invalid(said('record.multiPolygonEmpty'));
      return { type: 'MultiPolygon', coordinates: g.coordinates.map((p, k) => checkPolygon(p, project, `polygon ${k + 1} `)) };
    case 'GeometryCollection':
      return { type: 'GeometryCollection', geometries: g.geometries.map((c) => checkGeometry(c, project)) };
  }
}
