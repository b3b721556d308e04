/**
 * Reads the times analysts' sources write: ISO 8601, day-first Mexican spreadsheet dates, explicit
 * format strings, and a date plus a separate time-of-day column.
 *
 * Rules, chosen to be predictable rather than clever:
 * - A time with `Z` or an offset is an instant. A time without one is wall-clock time in the
 *   given IANA zone (shared/time/zone.ts), so 2023-07-14 10:00 in America/Tijuana is 17:00Z.
 * - A date without a clock time has precision 'date' and stands for the start of that local day;
 *   as the end of a window (parseTimeEnd), for its end: the start of the next local day.
 * - Year-first dates (2023-07-14, 2023/7/14) are year-month-day. Slash, dash and dot dates
 *   with the year last are always DAY first (dd/mm/yyyy), the
 *   convention of Mexican sources; a month above 12 is an error that points to a format
 *   string such as 'MM/DD/YYYY' rather than a silent switch to month-first for some rows.
 * - Only four-digit years are recognised without a format string (a 'YY' token reads 20yy).
 * - Numbers: an 8-digit integer that is a calendar date is YYYYMMDD (dBASE and INEGI tables
 *   write dates so); a number of magnitude ≥ 1e11 is epoch milliseconds (an instant). Anything
 *   else (epoch seconds included) is an error saying so, rather than a guess.
 * - Time of day as a number: an integer 0–2359 is HHMM (930 → 09:30), a fraction in [0, 1)
 *   is a spreadsheet day fraction (0.5 → 12:00).
 */
import { zonedTimeToUtc } from '../time/zone.ts';
import { DEFAULT_LANGUAGE } from '../i18n/languages.ts';
import { sayIn, type ImportKey, type ImportValue, type ImportWords } from './problems.ts';

/** Why a value is no time: its English, and its words to say it in another language (shared/import/problems.ts). */
export interface Failed {
  error: string;
  words: ImportWords;
}
export type ParsedTime = { time: number; precision: 'instant' | 'date' } | Failed;

/**
 * The English is composed only when read: the field-mapping suggestion tries parseTime on every
 * sampled cell of every column, and composing each failure's sentence up front made 50,000 failed
 * cells cost 0.5 s instead of a few milliseconds.
 */
function fail(key: ImportKey, values?: Record<string, ImportValue>): Failed {
  const words: ImportWords = values ? { key, values } : { key };
  return {
    words,
    get error() {
      return sayIn(words, DEFAULT_LANGUAGE);
    },
  };
}

export interface ParseTimeOptions {
  /** Tokens YYYY YY MM M DD D HH H mm ss SSS and A (am/pm); anything else is literal. */
  format?: string;
  timezone: string;
  /** Clock time from a separate column, combined with a date-only `value`. */
  timeOfDay?: string | number;
}

interface Fields {
  year: number;
  month: number;
  day: number;
  /** null when the source gave a date only. */
  hour: number | null;
  minute: number;
  second: number;
  millis: number;
  /** Minutes east of UTC when the source wrote an offset or Z. */
  offset: number | null;
}

const MONTHS = [
  'time.months.january', 'time.months.february', 'time.months.march', 'time.months.april', 'time.months.may', 'time.months.june',
  'time.months.july', 'time.months.august', 'time.months.september', 'time.months.october', 'time.months.november', 'time.months.december',
] as const;

export function parseTime(value: string | number, o: ParseTimeOptions): ParsedTime {
  const fields = readFields(value, o);
  return 'error' in fields ? fields : toInstant(fields, o.timezone);
}

/**
 * The end of a time window, end-exclusive: an instant as parseTime reads it, and a date-only
 * value as the instant its NEXT local day begins, so a window ending 2017-02-02 holds all of
 * that day (precision stays 'date': the source wrote a date).
 */
export function parseTimeEnd(value: string | number, o: Omit<ParseTimeOptions, 'timeOfDay'>): ParsedTime {
  const fields = readFields(value, o);
  if ('error' in fields) return fields;
  if (fields.hour === null) {
    const next = new Date(Date.UTC(fields.year, fields.month - 1, fields.day + 1));
    fields.year = next.getUTCFullYear();
    fields.month = next.getUTCMonth() + 1;
    fields.day = next.getUTCDate();
  }
  return toInstant(fields, o.timezone);
}

function readFields(value: string | number, o: ParseTimeOptions): Fields | Failed {
  const fields = typeof value === 'number' ? fromNumber(value) : fromString(value.trim(), o.format);
  if ('error' in fields) return fields;
  if (o.timeOfDay !== undefined && !(typeof o.timeOfDay === 'string' && o.timeOfDay.trim() === '')) {
    if (fields.hour !== null) return fail('time.hasClock', { value: String(value) });
    const tod = parseTimeOfDay(o.timeOfDay);
    if ('error' in tod) return tod;
    fields.hour = tod.hour;
    fields.minute = tod.minute;
    fields.second = tod.second;
  }
  const bad = checkFields(fields, value);
  return bad ?? fields;
}

/** Clock time of a separate time column: 'HH:mm', 'HH:mm:ss', with optional am/pm; or a number (see header). */
export function parseTimeOfDay(v: string | number): { hour: number; minute: number; second: number } | Failed {
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0) return fail('time.notClockNumber', { value: String(v) });
    if (v < 1) {
      const s = Math.round(v * 86_400);
      return { hour: Math.floor(s / 3600), minute: Math.floor(s / 60) % 60, second: s % 60 };
    }
    if (Number.isInteger(v) && v <= 2359 && v % 100 < 60) return { hour: Math.floor(v / 100), minute: v % 100, second: 0 };
    return fail('time.notClockNumberForm', { value: String(v) });
  }
  const m = TIME_RE.exec(v.trim());
  if (!m) return fail('time.notClockForm', { value: v });
  const hour = applyMeridiem(Number(m[1]), m[5]);
  const minute = Number(m[2]);
  const second = m[3] ? Number(m[3]) : 0;
  if (hour === null || hour > 23 || minute > 59 || second > 59) return fail('time.notClock', { value: v });
  return { hour, minute, second };
}

// HH:mm[:ss[.fff]] [am|pm|a.m.|p.m.]
const TIME_RE = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([ap]\.?\s?m\.?)?$/i;
const ISO_RE =
  /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const COMPACT_RE = /^(\d{4})(\d{2})(\d{2})$/;
const DAY_FIRST_RE =
  /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([ap]\.?\s?m\.?)?)?$/i;

function fromString(s: string, format: string | undefined): Fields | Failed {
  if (s === '') return fail('time.empty');
  if (format) return withFormat(s, format);
  const quick = plainIso(s);
  if (quick !== null) return quick;
  let m = ISO_RE.exec(s);
  if (m) {
    const offset = m[9] ? parseOffset(m[9]) : null;
    return {
      year: Number(m[1]), month: Number(m[3]), day: Number(m[4]),
      hour: m[5] ? Number(m[5]) : null, minute: m[6] ? Number(m[6]) : 0, second: m[7] ? Number(m[7]) : 0,
      millis: m[8] ? fractionToMillis(m[8]) : 0, offset,
    };
  }
  m = COMPACT_RE.exec(s);
  if (m) return dateOnly(Number(m[1]), Number(m[2]), Number(m[3]));
  m = DAY_FIRST_RE.exec(s);
  if (m) {
    let hour: number | null = m[5] ? Number(m[5]) : null;
    if (hour !== null && m[9]) {
      hour = applyMeridiem(hour, m[9]);
      if (hour === null) return fail('time.meridiem', { value: s });
    }
    return {
      year: Number(m[4]), month: Number(m[3]), day: Number(m[1]),
      hour, minute: m[6] ? Number(m[6]) : 0, second: m[7] ? Number(m[7]) : 0,
      millis: m[8] ? fractionToMillis(m[8]) : 0, offset: null,
    };
  }
  return fail('time.unrecognised', { value: s });
}

const DATE_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9];
const digit = (s: string, i: number): number => s.charCodeAt(i) - 48;
const isDigit = (s: string, i: number): boolean => {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
};

/**
 * 'YYYY-MM-DD', 'YYYY-MM-DD HH:mm' and 'YYYY-MM-DD HH:mm:ss' (space or T) read by hand, null for
 * anything else (which then takes ISO_RE). Why: the regex and its Number() calls were a third of
 * the time of normalising a million-row CSV, and these are the forms exports write. Gives exactly
 * what ISO_RE gives for the same text.
 */
function plainIso(s: string): Fields | null {
  const n = s.length;
  if (n !== 10 && n !== 16 && n !== 19) return null;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return null; // '-'
  for (let k = 0; k < DATE_DIGITS.length; k++) if (!isDigit(s, DATE_DIGITS[k])) return null;
  const year = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3);
  const month = digit(s, 5) * 10 + digit(s, 6);
  const day = digit(s, 8) * 10 + digit(s, 9);
  if (n === 10) return dateOnly(year, month, day);
  const sep = s.charCodeAt(10);
  if (sep !== 32 && sep !== 84 && sep !== 116) return null; // ' ', 'T', 't'
  if (!isDigit(s, 11) || !isDigit(s, 12) || s.charCodeAt(13) !== 58 || !isDigit(s, 14) || !isDigit(s, 15)) return null;
  let second = 0;
  if (n === 19) {
    if (s.charCodeAt(16) !== 58 || !isDigit(s, 17) || !isDigit(s, 18)) return null;
    second = digit(s, 17) * 10 + digit(s, 18);
  }
  return {
    year, month, day, hour: digit(s, 11) * 10 + digit(s, 12), minute: digit(s, 14) * 10 + digit(s, 15), second, millis: 0, offset: null,
  };
}

function dateOnly(year: number, month: number, day: number): Fields {
  return { year, month, day, hour: null, minute: 0, second: 0, millis: 0, offset: null };
}

function fromNumber(n: number): Fields | Failed {
  if (Number.isInteger(n) && n >= 10_000_101 && n <= 99_991_231) {
    const f = dateOnly(Math.floor(n / 10_000), Math.floor(n / 100) % 100, n % 100);
    if (!checkFields(f, n)) return f;
  }
  if (Number.isFinite(n) && Math.abs(n) >= 1e11 && Math.abs(n) <= 8.64e15) {
    const d = new Date(n);
    return {
      year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(),
      minute: d.getUTCMinutes(), second: d.getUTCSeconds(), millis: d.getUTCMilliseconds(), offset: 0,
    };
  }
  return fail('time.number', { value: String(n) });
}

const TOKEN_RE = /YYYY|YY|MM|M|DD|D|HH|H|mm|ss|SSS|A/g;

interface CompiledFormat {
  re: RegExp;
  tokens: string[];
}
const compiled = new Map<string, CompiledFormat>();

function compileFormat(format: string): CompiledFormat {
  let c = compiled.get(format);
  if (c) return c;
  const tokens: string[] = [];
  let src = '';
  let last = 0;
  for (const m of format.matchAll(TOKEN_RE)) {
    src += escapeRe(format.slice(last, m.index));
    tokens.push(m[0]);
    src += TOKEN_PATTERN[m[0]];
    last = m.index + m[0].length;
  }
  src += escapeRe(format.slice(last));
  c = { re: new RegExp(`^${src}$`, 'i'), tokens };
  compiled.set(format, c);
  return c;
}

const TOKEN_PATTERN: Record<string, string> = {
  YYYY: '(\\d{4})', YY: '(\\d{2})', MM: '(\\d{1,2})', M: '(\\d{1,2})', DD: '(\\d{1,2})', D: '(\\d{1,2})',
  HH: '(\\d{1,2})', H: '(\\d{1,2})', mm: '(\\d{2})', ss: '(\\d{2})', SSS: '(\\d{1,9})', A: '([ap]\\.?\\s?m\\.?)',
};

/** A literal part of a format; whitespace in it matches any run of whitespace in the value. */
function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
}

function withFormat(s: string, format: string): Fields | Failed {
  const { re, tokens } = compileFormat(format);
  const m = re.exec(s);
  if (!m) return fail('time.format', { value: s, format });
  const f: Fields = { year: NaN, month: NaN, day: NaN, hour: null, minute: 0, second: 0, millis: 0, offset: null };
  let meridiem: string | null = null;
  tokens.forEach((t, i) => {
    const v = m[i + 1];
    const n = Number(v);
    switch (t) {
      case 'YYYY': f.year = n; break;
      case 'YY': f.year = 2000 + n; break;
      case 'MM': case 'M': f.month = n; break;
      case 'DD': case 'D': f.day = n; break;
      case 'HH': case 'H': f.hour = n; break;
      case 'mm': f.minute = n; break;
      case 'ss': f.second = n; break;
      case 'SSS': f.millis = fractionToMillis(v); break;
      case 'A': meridiem = v; break;
    }
  });
  if (Number.isNaN(f.year) || Number.isNaN(f.month) || Number.isNaN(f.day)) {
    return fail('time.formatFields', { format });
  }
  if (meridiem !== null && f.hour !== null) {
    f.hour = applyMeridiem(f.hour, meridiem);
    if (f.hour === null) return fail('time.meridiem', { value: s });
  }
  return f;
}

function applyMeridiem(hour: number, meridiem: string | undefined): number | null {
  if (!meridiem) return hour;
  if (hour < 1 || hour > 12) return null;
  const pm = meridiem.toLowerCase().startsWith('p');
  return (hour % 12) + (pm ? 12 : 0);
}

function fractionToMillis(digits: string): number {
  return Math.round(Number(`0.${digits}`) * 1000);
}

function parseOffset(s: string): number {
  if (s === 'Z' || s === 'z') return 0;
  const sign = s[0] === '-' ? -1 : 1;
  const digits = s.slice(1).replace(':', '');
  const h = Number(digits.slice(0, 2));
  const m = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  return sign * (h * 60 + m);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return DAYS_IN_MONTH[month - 1];
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/** The value as messages show it; built only for a message (per record it was a trim and a concatenation for nothing). */
function shown(value: string | number): string {
  return typeof value === 'string' ? `"${value.trim()}"` : String(value);
}

/** The reason the fields are no real date and time, or null. */
function checkFields(f: Fields, value: string | number): Failed | null {
  const v = shown(value);
  if (f.year < 1000 || f.year > 9999) return fail('time.year', { value: v, year: f.year });
  if (f.month < 1 || f.month > 12) return fail('time.month', { value: v, month: f.month });
  const dim = daysInMonth(f.year, f.month);
  if (f.day < 1 || f.day > dim) return fail('time.day', { value: v, month: { key: MONTHS[f.month - 1] }, year: f.year, days: dim });
  if (f.hour !== null && (f.hour > 23 || f.minute > 59 || f.second > 59)) {
    return fail('time.clock', { value: v, clock: `${f.hour}:${String(f.minute).padStart(2, '0')}:${String(f.second).padStart(2, '0')}` });
  }
  if (f.offset !== null && Math.abs(f.offset) > 18 * 60) return fail('time.offset', { value: v });
  return null;
}

// Offsets of whole local days in each zone, so a million rows do not each cost three Intl calls;
// NaN marks a day with a DST change. On such a day the offset is kept per hour (NaN again for
// the hour of the change itself, which takes the exact, slow path): a month of rows on the
// day of a change otherwise cost several Intl calls each.
interface ZoneCache {
  days: Map<number, number>;
  hours: Map<number, number>;
}
const zoneCaches = new Map<string, ZoneCache>();
const DAY_CACHE_LIMIT = 200_000;
// The zone of the previous call: an import asks for one zone a million times in a row.
let lastZone = '';
let lastCache: ZoneCache | null = null;

function zoneCache(tz: string): ZoneCache {
  if (tz === lastZone && lastCache) return lastCache;
  let c = zoneCaches.get(tz);
  if (!c) {
    c = { days: new Map(), hours: new Map() };
    zoneCaches.set(tz, c);
  }
  lastZone = tz;
  lastCache = c;
  return c;
}

/** Stores an offset; a cache that has grown to DAY_CACHE_LIMIT starts over, so memory stays bounded. */
function remember(cache: Map<number, number>, key: number, off: number): void {
  if (cache.size >= DAY_CACHE_LIMIT) cache.clear();
  cache.set(key, off);
}

function toInstant(f: Fields, tz: string): ParsedTime {
  const precision = f.hour === null ? 'date' : 'instant';
  const hour = f.hour ?? 0;
  const naive = Date.UTC(f.year, f.month - 1, f.day, hour, f.minute, f.second, f.millis);
  if (f.offset !== null) return { time: naive - f.offset * 60_000, precision };
  const dayKey = (f.year * 16 + f.month) * 32 + f.day;
  const cache = zoneCache(tz);
  let off = cache.days.get(dayKey);
  if (off === undefined) {
    const startNaive = Date.UTC(f.year, f.month - 1, f.day);
    off = constantOffset(startNaive, f.year, f.month, f.day, 0, 23, tz);
    remember(cache.days, dayKey, off);
  }
  if (!Number.isNaN(off)) return { time: naive - off, precision };
  const hourKey = dayKey * 32 + hour;
  off = cache.hours.get(hourKey);
  if (off === undefined) {
    const startNaive = Date.UTC(f.year, f.month - 1, f.day, hour);
    off = constantOffset(startNaive, f.year, f.month, f.day, hour, hour, tz);
    remember(cache.hours, hourKey, off);
  }
  if (!Number.isNaN(off)) return { time: naive - off, precision };
  return { time: zonedTimeToUtc(f.year, f.month, f.day, hour, f.minute, f.second, f.millis, tz), precision };
}

/** The zone's offset from `fromHour`:00 to `toHour`:59:59.999 local on that day, or NaN when it is not one offset. */
function constantOffset(startNaive: number, year: number, month: number, day: number, fromHour: number, toHour: number, tz: string): number {
  const start = zonedTimeToUtc(year, month, day, fromHour, 0, 0, 0, tz);
  const end = zonedTimeToUtc(year, month, day, toHour, 59, 59, 999, tz);
  const offStart = startNaive - start;
  const offEnd = startNaive + (toHour - fromHour + 1) * 3_600_000 - 1 - end;
  return offStart === offEnd ? offStart : NaN;
}
