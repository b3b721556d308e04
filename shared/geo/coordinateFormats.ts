/**
 * Coordinates as analysts write them: decimal degrees, degrees-minutes-seconds, UTM (WGS 84, the
 * zone the point lies in) and MGRS — formatted for the cursor read-out and the feature popup,
 * and parsed from what is typed into the go-to box.
 *
 * UTM comes from the analysis core's own transverse Mercator (localProjection), so the read-out
 * agrees with the metric CRS every analysis uses; MGRS from the `mgrs` package (the grid's
 * letter scheme and band rules are its business, not ours).
 */
import * as mgrsModule from 'mgrs';
import { localProjection, type LocalProjection } from '../analysis/localProjection.ts';
import { UserError } from '../errors.ts';
import { SaidError, type Sentence } from '../i18n/saidError.ts';

export type CoordinateFormat = 'DD' | 'DMS' | 'UTM' | 'MGRS';
export const COORDINATE_FORMATS: readonly CoordinateFormat[] = ['DD', 'DMS', 'UTM', 'MGRS'];

interface UtmPosition {
  zone: number;
  hemisphere: 'N' | 'S';
  easting: number;
  northing: number;
}

// Bundlers take mgrs's ES module; Node's own loader (the CLI under tsx) sees its UMD main only as a default export.
const mgrs: typeof mgrsModule = (mgrsModule as { default?: typeof mgrsModule }).default ?? mgrsModule;

const projections = new Map<string, LocalProjection>();

/** The UTM projection of a zone and hemisphere (cached: the read-out calls this per mouse move). */
function zoneProjection(zone: number, south: boolean): LocalProjection {
  const key = `${zone}${south ? 'S' : 'N'}`;
  let p = projections.get(key);
  if (!p) {
    p = localProjection(-183 + 6 * zone, south ? -1 : 1);
    projections.set(key, p);
  }
  return p;
}

/** UTM's (and MGRS's) latitudes; the poles are UPS, which neither mgrs nor Frontera writes. */
const inUtmRange = (lat: number) => lat >= -80 && lat <= 84;

/** WGS84 lon/lat → UTM in the point's own zone. */
export function toUtm(lon: number, lat: number): UtmPosition {
  const zone = Math.min(60, Math.floor(((((lon + 180) % 360) + 360) % 360) / 6) + 1);
  if (!inUtmRange(lat)) throw new UserError(`latitude ${lat.toFixed(2)} is outside UTM's range (80° S to 84° N)`);
  const p = zoneProjection(zone, lat < 0);
  const [easting, northing] = p.forward(lon, lat);
  return { zone: p.zone, hemisphere: p.south ? 'S' : 'N', easting, northing };
}

/** `west`: the letter of west longitudes, W, or O (oeste) in Spanish as the briefing writes it; parseCoordinate reads both. */
export function formatDegrees(lon: number, lat: number, west = 'W'): string {
  const ns = lat >= 0 ? 'N' : 'S';
  const ew = lon >= 0 ? 'E' : west;
  return `${Math.abs(lat).toFixed(5)}° ${ns}, ${Math.abs(lon).toFixed(5)}° ${ew}`;
}

/** One angle as d°mm′ss.s″ (tenths of a second: ~3 m, the read-out's precision). */
function dms(v: number): string {
  const tenths = Math.round(Math.abs(v) * 36000);
  const d = Math.floor(tenths / 36000);
  const m = Math.floor((tenths % 36000) / 600);
  const s = (tenths % 600) / 10;
  return `${d}°${String(m).padStart(2, '0')}'${s.toFixed(1).padStart(4, '0')}"`;
}

export function formatDms(lon: number, lat: number, west = 'W'): string {
  return `${dms(lat)} ${lat >= 0 ? 'N' : 'S'}, ${dms(lon)} ${lon >= 0 ? 'E' : west}`;
}

export function formatUtm(u: UtmPosition): string {
  const group = (n: number) => Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `UTM ${u.zone}${u.hemisphere} ${group(u.easting)} E ${group(u.northing)} N`;
}

/** MGRS to the metre, spaced as printed on maps: "11S QR 09448 93179". */
export function formatMgrs(lon: number, lat: number): string {
  const m = /^(\d{1,2}[A-Z])([A-Z]{2})(\d{5})(\d{5})$/.exec(mgrs.forward([lon, lat], 5));
  if (!m) throw new UserError(`latitude ${lat.toFixed(2)} is outside MGRS's UTM range (80° S to 84° N)`);
  return `${m[1]} ${m[2]} ${m[3]} ${m[4]}`;
}

/**
 * A position in the chosen format; UTM and MGRS say so beyond their latitudes rather than fail.
 * `words`: the window's letter for west and its sentence for "no UTM here" (English by default).
 */
export function formatCoordinate(
  format: CoordinateFormat,
  lon: number,
  lat: number,
  words: { west: string; beyondUtm: (format: CoordinateFormat) => string } = { west: 'W', beyondUtm: (f) => `no ${f} beyond 80° S and 84° N (UPS)` },
): string {
  const { west } = words;
  if (format === 'DD') return formatDegrees(lon, lat, west);
  if (format === 'DMS') return formatDms(lon, lat, west);
  if (!inUtmRange(lat)) return words.beyondUtm(format);
  return format === 'UTM' ? formatUtm(toUtm(lon, lat)) : formatMgrs(lon, lat);
}

interface ParsedCoordinate {
  lon: number;
  lat: number;
  /** The form the text was read as. */
  form: CoordinateFormat;
}

/** Text the go-to box cannot read: why, in the catalogue's coordinates section, for the box to say in the analyst's language. */
export class CoordinateError extends SaidError {
  constructor(said: Sentence) {
    super('coordinates', said);
    this.name = 'CoordinateError';
  }
}

/** The refusal of `input` read as `form` (the catalogue's notDegrees, notUtm or notMgrs) for `reason`. */
const refused = (form: 'notDegrees' | 'notUtm' | 'notMgrs', input: string, reason: string, values?: Sentence['values']) =>
  new CoordinateError({ key: form, values: { input: input.trim(), reason: values ? { key: reason, values } : { key: reason } } });

/** MGRS latitude bands, 8° each from 80° S (X is 12°). */
const BANDS = 'CDEFGHJKLMNPQRSTUVWX';

/**
 * What an analyst types into the go-to box → WGS84 lon/lat. Degrees are read latitude first
 * ("32.4561, -114.7717", as Google Maps and GPS units give them) unless hemisphere letters say
 * otherwise or the first number cannot be a latitude (|v| > 90, e.g. "-114.7717, 32.4561").
 */
export function parseCoordinate(input: string): ParsedCoordinate {
  const text = input.trim().toUpperCase();
  if (!text) throw new CoordinateError({ key: 'none', values: { expected: { key: 'expected' } } });
  const compact = text.replace(/\s+/g, '');
  if (/^\d{1,2}[A-Z]{3}\d*$/.test(compact)) return parseMgrs(input, compact);
  const utm = /^(?:UTM\s*)?(\d{1,2})\s*([C-HJ-NP-X])\s+(.+)$/.exec(text);
  if (utm) {
    const en = utmNumbers(utm[3]);
    if (en) return parseUtm(input, Number(utm[1]), utm[2], en[0], en[1]);
  }
  return parseDegrees(input, text);
}

function parseMgrs(input: string, compact: string): ParsedCoordinate {
  const digits = compact.replace(/^\d{1,2}[A-Z]{3}/, '');
  if (digits.length % 2 !== 0 || digits.length > 10) {
    throw refused('notMgrs', input, 'mgrsDigits');
  }
  let lonLat: [number, number];
  try {
    lonLat = mgrs.toPoint(compact);
  } catch {
    lonLat = [NaN, NaN];
  }
  const [lon, lat] = lonLat;
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) {
    throw refused('notMgrs', input, 'mgrsSquare');
  }
  return { lon, lat, form: 'MGRS' };
}

/** The easting and northing after the zone: "709449 3593179", "709 449 E 3 593 179 N" (the read-out's), "709449mE, 3593179mN". */
function utmNumbers(rest: string): [number, number] | null {
  const marked = /^([\d\s.]+?)\s*M?E\s*[,;]?\s*([\d\s.]+?)\s*M?N$/.exec(rest.trim());
  const parts = marked ? [marked[1].replace(/\s+/g, ''), marked[2].replace(/\s+/g, '')] : rest.trim().split(/\s*[\s,;]\s*/);
  if (parts.length !== 2 || !parts.every((p) => /^\d+(\.\d+)?$/.test(p))) return null;
  return [Number(parts[0]), Number(parts[1])];
}

function parseUtm(input: string, zone: number, letter: string, easting: number, northing: number): ParsedCoordinate {
  if (zone < 1 || zone > 60) throw refused('notUtm', input, 'utmZone', { zone });
  if (easting < 100_000 || easting > 900_000) throw refused('notUtm', input, 'utmEasting', { easting });
  if (northing > 10_000_000) throw refused('notUtm', input, 'utmNorthing', { northing });
  // The letter is a latitude band (C–X, MGRS style: "11S" at the border), or N after the read-out's
  // "11N" (north either way). S stays band S: a southern point gives its band (C–M), since a
  // hemisphere S would put a mistyped band-S northing some 7,000 km away without a word.
  const band = BANDS.indexOf(letter);
  const [lon, lat] = zoneProjection(zone, band < BANDS.indexOf('N')).inverse(easting, northing);
  if (letter === 'N') return { lon, lat, form: 'UTM' };
  const bandOf = (v: number) => BANDS[Math.min(BANDS.length - 1, Math.max(0, Math.floor((v + 80) / 8)))];
  const south = -80 + 8 * band;
  const north = south + (letter === 'X' ? 12 : 8);
  if (lat < south - 0.05 || lat > north + 0.05) {
    const fmt = (v: number) => `${Math.abs(v)}° ${v < 0 ? 'S' : 'N'}`;
    throw refused('notUtm', input, 'utmBand', { northing, at: fmt(Number(lat.toFixed(2))), band: bandOf(lat), letter, south: fmt(south), north: fmt(north) });
  }
  return { lon, lat, form: 'UTM' };
}

interface Part {
  nums: string[];
  marks: string[];
  hemi: string | null;
  hemiFirst: boolean;
}

/** Degrees: signed decimals, degrees-minutes(-seconds) with marks, hemisphere letters before or after (O for oeste). */
function parseDegrees(input: string, text: string): ParsedCoordinate {
  const why = (reason: string, values?: Sentence['values']) => refused('notDegrees', input, reason, values);
  const norm = text
    .replace(/[º˚]/g, '°')
    .replace(/[′’]/g, "'")
    .replace(/[″”]|''/g, '"');
  const tokens = norm.match(/[+-]?\d+(?:\.\d+)?|[°'"NSEWO]|[,;]|\S/g) ?? [];
  const parts: Part[] = [];
  const fresh = (): Part => {
    const p: Part = { nums: [], marks: [], hemi: null, hemiFirst: false };
    parts.push(p);
    return p;
  };
  let cur = fresh();
  let separated = false;
  // Whether hemisphere letters lead their numbers ("N 32 27 22 W 114 46 18"), set by the first.
  let lettersLead: boolean | null = null;
  const bad = () => why('expected');
  tokens.forEach((t, i) => {
    if (t === ',' || t === ';') {
      if (separated || cur.nums.length === 0) throw bad();
      separated = true;
      cur = fresh();
    } else if (/^[NSEWO]$/.test(t)) {
      if (cur.hemi !== null || (lettersLead && cur.nums.length > 0)) {
        if (cur.nums.length === 0) throw bad();
        cur = fresh();
      }
      cur.hemi = t === 'O' ? 'W' : t;
      cur.hemiFirst = cur.nums.length === 0;
      lettersLead ??= cur.hemiFirst;
    } else if (/^[°'"]$/.test(t)) {
      if (cur.marks.length !== cur.nums.length - 1) throw bad();
      cur.marks.push(t);
    } else if (/\d/.test(t)) {
      // A new coordinate begins after a trailing letter, at a sign, or at a second "d°".
      const closed = cur.hemi !== null && !cur.hemiFirst;
      if (cur.nums.length > 0 && (closed || /^[+-]/.test(t) || (tokens[i + 1] === '°' && cur.marks[0] === '°'))) cur = fresh();
      if (cur.marks.length > 0 && cur.marks.length < cur.nums.length) throw bad();
      cur.nums.push(t);
    } else {
      throw bad();
    }
  });
  let groups = parts.filter((p) => p.nums.length > 0 || p.hemi !== null);
  // "32 27 22 -114 46 18" and "32.4561 -114.7717" without marks or letters: split in half.
  if (groups.length === 1 && groups[0].hemi === null && groups[0].marks.length === 0 && [2, 4, 6].includes(groups[0].nums.length)) {
    const n = groups[0].nums;
    groups = [
      { nums: n.slice(0, n.length / 2), marks: [], hemi: null, hemiFirst: false },
      { nums: n.slice(n.length / 2), marks: [], hemi: null, hemiFirst: false },
    ];
  }
  if (groups.length !== 2) throw bad();
  const values = groups.map((g) => angle(g, why));
  const axis = groups.map((g) => (g.hemi === null ? null : g.hemi === 'N' || g.hemi === 'S' ? 'lat' : 'lon'));
  let latFirst: boolean;
  if (axis[0] && axis[1]) {
    if (axis[0] === axis[1]) throw why(axis[0] === 'lat' ? 'bothLatitudes' : 'bothLongitudes');
    latFirst = axis[0] === 'lat';
  } else if (axis[0] || axis[1]) {
    latFirst = axis[0] === 'lat' || axis[1] === 'lon';
  } else {
    latFirst = !(Math.abs(values[0]) > 90 && Math.abs(values[1]) <= 90);
  }
  const [lat, lon] = latFirst ? values : [values[1], values[0]];
  if (Math.abs(lat) > 90) throw why('latitudeBeyond', { lat });
  if (Math.abs(lon) > 180) throw why('longitudeBeyond', { lon });
  return { lon, lat, form: groups.some((g) => g.nums.length > 1) ? 'DMS' : 'DD' };
}

function angle(g: Part, why: (reason: string) => CoordinateError): number {
  const [d, m = '0', s = '0'] = g.nums;
  if (g.nums.length > 3) throw why('expected');
  const expectedMarks = ['°', "'", '"'];
  if (g.marks.some((mk, i) => mk !== expectedMarks[i])) throw why('markOrder');
  if (/^[+-]/.test(m) || /^[+-]/.test(s)) throw why('signedParts');
  const mins = Number(m);
  const secs = Number(s);
  if (mins >= 60 || secs >= 60) throw why('below60');
  if (g.nums.length > 1 && !/^[+-]?\d+$/.test(d)) throw why('wholeDegrees');
  const negative = d.startsWith('-');
  if (negative && (g.hemi === 'S' || g.hemi === 'W')) throw why('signAndHemisphere');
  const v = Math.abs(Number(d)) + mins / 60 + secs / 3600;
  return negative || g.hemi === 'S' || g.hemi === 'W' ? -v : v;
}
