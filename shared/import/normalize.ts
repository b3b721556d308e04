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
import type { ImportProblem } from './problems.ts';
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
  constructor(readonly reason: string) {}
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
      return { file: o.fileName, location: o.locationLabel(rec.sourceIndex), index: rec.sourceIndex, reason: e.reason };
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
    if (Number.isNaN(v.getTime())) throw new Invalid(`${what} in column "${col}" is an invalid date`);
    return `${v.getFullYear()}-${pad(v.getMonth() + 1)}-${pad(v.getDate())}`;
  }
  if (typeof v === 'string' || typeof v === 'number') return v;
  throw new Invalid(`${what} in column "${col}" is not text or a number (found ${typeof v})`);
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
      throw new Invalid(`time of day in column "${clockCol}" is not text or a number`);
    }
    timeOfDay = clock;
  }
  const r = parseTime(value, { format, timezone: tz, timeOfDay });
  if ('error' in r) {
    const cols = timeOfDay === undefined ? `column "${col}"` : `columns "${col}" + "${clockCol}" (${show(timeOfDay)})`;
    throw new Invalid(`time ${show(value)} in ${cols} cannot be read: ${r.error}`);
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
  if ('error' in r) throw new Invalid(`time_end ${show(value)} in column "${col}" cannot be read: ${r.error}`);
  if (time === null) throw new Invalid(`time_end ${show(value)} in column "${col}" has no time to start from: column "${startCol}" is empty`);
  // A date-only end is stored end-exclusive: the day before the time's day ends where it begins.
  if (r.time < time || (r.precision === 'date' && r.time === time)) {
    throw new Invalid(`time_end ${show(value)} in column "${col}" is before the time ${show(start)} in column "${startCol}"`);
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
    if (!Number.isFinite(v)) throw new Invalid(`quantity ${v} in column "${col}" is not a finite number`);
    return v;
  }
  const t = String(v).trim();
  // A decimal comma is read as such only when it is the one separator ("12,5"); "1,234.5" is not a number here.
  const m = /^[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)(?:[eE][+-]?\d+)?$/.exec(t);
  if (!m) throw new Invalid(`quantity ${show(v)} in column "${col}" is not a number`);
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

// Values beyond any angle in degrees are metres or feet of a projected CRS.
const PROJECTED_HINT = ' — are the coordinates projected (give the source CRS with --crs)?';

function checkPosition(p: Position, project: NormalizerOptions['project'], where: string): Position {
  const x = p[0];
  const y = p[1];
  if (!Number.isFinite(x) || !Number.isFinite(y)) {
    throw new Invalid(`coordinate ${where}(${String(x)}, ${String(y)}) is not a finite number`);
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
      throw new Invalid(`coordinate ${where}(${x}, ${y}) cannot be projected from the source CRS to longitude/latitude`);
    }
  }
  if (lat < -90 || lat > 90) {
    const swap = lon >= -90 && lon <= 90 && lat >= -180 && lat <= 180 ? ' — latitude and longitude swapped?' : '';
    const crs = project || swap || Math.abs(lat) <= 360 ? '' : PROJECTED_HINT;
    throw new Invalid(`latitude ${fmt(lat)} out of range [\u221290, 90]${where ? ` at ${where.trim()}` : ''}${swap}${crs}`);
  }
  if (lon < -180 || lon > 180) {
    const crs = project || Math.abs(lon) <= 360 ? '' : PROJECTED_HINT;
    throw new Invalid(`longitude ${fmt(lon)} out of range [\u2212180, 180]${where ? ` at ${where.trim()}` : ''}${crs}`);
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
  if (ring.length < 4) throw new Invalid(`${where}has ${ring.length} positions; a polygon ring needs at least 4 (closed)`);
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first[0] !== last[0] || first[1] !== last[1]) {
    throw new Invalid(`${where}is not closed: it starts at (${first[0]}, ${first[1]}) and ends at (${last[0]}, ${last[1]})`);
  }
  return checkLine(ring, project, where);
}

function checkPolygon(rings: Position[][], project: NormalizerOptions['project'], where: string): Position[][] {
  if (rings.length === 0) throw new Invalid(`${where ? where : 'the polygon '}has no rings`);
  return rings.map((r, k) => checkRing(r, project, `${where}ring ${k + 1} `));
}

function checkGeometry(g: Geometry, project: NormalizerOptions['project']): Geometry {
  switch (g.type) {
    case 'Point':
      return { type: 'Point', coordinates: checkPosition(g.coordinates, project, '') };
    case 'MultiPoint':
      if (g.coordinates.length === 0) throw new Invalid('the MultiPoint has no points');
      return { type: 'MultiPoint', coordinates: checkLine(g.coordinates, project, '') };
    case 'LineString':
      if (g.coordinates.length < 2) throw new Invalid(`the LineString has ${g.coordinates.length} position${g.coordinates.length === 1 ? '' : 's'}; a line needs at least 2`);
      return { type: 'LineString', coordinates: checkLine(g.coordinates, project, '') };
    case 'MultiLineString':
      if (g.coordinates.length === 0) throw new Invalid('the MultiLineString has no lines');
      return {
        type: 'MultiLineString',
        coordinates: g.coordinates.map((line, k) => {
          if (line.length < 2) throw new Invalid(`line ${k + 1} has ${line.length} position${line.length === 1 ? '' : 's'}; a line needs at least 2`);
          return checkLine(line, project, `line ${k + 1} `);
        }),
      };
    case 'Polygon':
      return { type: 'Polygon', coordinates: checkPolygon(g.coordinates, project, '') };
    case 'MultiPolygon':
      if (g.coordinates.length === 0) throw new Invalid('the MultiPolygon has no polygons');
      return { type: 'MultiPolygon', coordinates: g.coordinates.map((p, k) => checkPolygon(p, project, `polygon ${k + 1} `)) };
    case 'GeometryCollection':
      return { type: 'GeometryCollection', geometries: g.geometries.map((c) => checkGeometry(c, project)) };
  }
}
