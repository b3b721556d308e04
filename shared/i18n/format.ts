/**
 * Numbers, dates and lists as a language writes them (languages.ts says which conventions).
 * Intl does the locale work for the model builder, which runs in the back end; `formatCount`
 * alone avoids it, because the briefing page calls it and a page's first Intl number format
 * loads ICU data: a quarter of a second under software rendering's CPU load.
 */
import { localDateOf, localParts } from '../time/zone.ts';
import { DATE_STYLE, LIST_LOCALE, LOCALE, type Language } from './languages.ts';

/** 1,234,567: whole numbers with thousands separators, which en-US and es-MX write alike. */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.ListFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.ListFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) cache.set(key, (f = make()));
  return f;
}

/** 1,234.5: at most `maxDigits` decimals. */
export function formatNumber(n: number, language: Language, maxDigits = 1): string {
  const locale = LOCALE[language];
  return cached(`n|${locale}|${maxDigits}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: maxDigits })).format(n);
}

/** "a, b and c" / "a, b e incidentes". */
export function joinList(parts: readonly string[], language: Language): string {
  const locale = LIST_LOCALE[language];
  return cached(`l|${locale}`, () => new Intl.ListFormat(locale, { type: 'conjunction' })).format(parts);
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** An instant that says its own zone: 2023-07-14T08:00:00-07:00, …Z. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

function dateFormat(language: Language, options: Intl.DateTimeFormatOptions, tz: string): Intl.DateTimeFormat {
  const locale = LOCALE[language];
  // hourCycle h23: es-MX's default clock is 12-hour ("2:30 p.m."); Mexican briefings use 24 h.
  return cached(`d|${locale}|${tz}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, { ...options, hourCycle: 'h23', timeZone: tz }));
}

const DAY: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' };

/** A calendar day (YYYY-MM-DD) for people: 2023-07-14 in English, 14 jul 2023 in Spanish. */
export function formatDay(isoDay: string, language: Language): string {
  const m = ISO_DAY.exec(isoDay);
  if (!m || DATE_STYLE[language] === 'iso') return isoDay;
  return dateFormat(language, DAY, 'UTC').format(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

/** The local day of an instant in zone `tz`, as `formatDay` writes it. */
export function formatDayOf(ms: number, tz: string, language: Language): string {
  return formatDay(localDateOf(ms, tz), language);
}

/** The local month of an instant, named: jul 2023. */
export function formatMonthOf(ms: number, tz: string, language: Language): string {
  return dateFormat(language, { month: 'short', year: 'numeric' }, tz).format(ms);
}

/**
 * A date or instant as the analyst typed it (a time window's end): a day as `formatDay`, an
 * instant with a zone as local day and 24 h time in `tz` (14 jul 2023, 08:00). ISO-style
 * languages, and text that is neither, show it as typed.
 */
export function formatDateText(text: string, tz: string, language: Language): string {
  if (DATE_STYLE[language] === 'iso') return text;
  if (ISO_DAY.test(text)) return formatDay(text, language);
  const ms = ISO_INSTANT.test(text) ? Date.parse(text) : NaN;
  return Number.isFinite(ms) ? formatInstant(ms, tz, language) : text;
}

/**
 * An instant as its local day and 24 h clock time in zone `tz`: 2023-07-14 15:15 in English (ISO
 * day), 14 jul 2023, 15:15 in Spanish. The zone is the caller's to name.
 */
export function formatInstant(ms: number, tz: string, language: Language): string {
  if (DATE_STYLE[language] !== 'iso') return dateFormat(language, { ...DAY, hour: '2-digit', minute: '2-digit' }, tz).format(ms);
  const p = localParts(ms, tz);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`;
}

/** The first letter in upper case: a phrase that opens a sentence or a heading. */
export function capitalise(s: string): string {
  return s.length === 0 ? s : s[0].toUpperCase() + s.slice(1);
}
