/**
 * Output for people at a terminal: aligned tables, `key  value` lines and numbers written for
 * reading. Scripts read `--json`; the human output never dumps JSON (a test runs every command
 * and fails on an object or array printed raw).
 */

import type { Language } from '../shared/i18n/languages.ts';
import { LOCALE } from '../shared/i18n/languages.ts';
import { translator } from '../shared/i18n/translator.ts';

export type Cell = string | number | boolean | null | undefined;

/**
 * Whole numbers grouped in thousands as the language groups them (es-MX and en-US alike: 5,512);
 * others to four significant digits, never in exponent form from 1e-4 on.
 */
export function formatNumber(v: number, language: Language): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return v.toLocaleString(LOCALE[language]);
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString(LOCALE[language]);
  const small = Number(v.toPrecision(4));
  // Below 1e-6 JavaScript writes an exponent, which no locale format keeps at four digits.
  return Math.abs(small) < 1e-6 ? String(small) : small.toLocaleString(LOCALE[language], { maximumSignificantDigits: 4, useGrouping: false });
}

/** Keys whose numbers name something (an EPSG code, a seed, an id) rather than count it: not grouped. */
const NAMING_KEY = /projection|epsg|seed|(^|_)id$|Id$/i;

/** A value under `key`, as formatValue writes it, numbers of naming keys as they are. */
export function formatEntry(key: string, v: unknown, language: Language): string {
  return typeof v === 'number' && NAMING_KEY.test(key) ? String(v) : formatValue(v, language);
}

/**
 * A value of any shape as one line of words: numbers for reading, lists comma-separated, records as
 * `key value` pairs, nested ones in parentheses; null as an em dash.
 */
export function formatValue(v: unknown, language: Language): string {
  const t = translator(language, 'cli');
  const nested = (x: unknown): string => (isRecord(x) || Array.isArray(x) ? `(${formatValue(x, language)})` : formatValue(x, language));
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return formatNumber(v, language);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return t(v ? 'common.yes' : 'common.no');
  if (Array.isArray(v)) return v.length ? v.map(nested).join(', ') : t('common.none');
  if (isRecord(v)) {
    const entries = Object.entries(v);
    if (!entries.length) return t('common.none');
    return entries.map(([k, x]) => `${k} ${isRecord(x) || Array.isArray(x) ? nested(x) : formatEntry(k, x, language)}`).join(', ');
  }
  return String(v);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const cellText = (c: Cell, language: Language): string => (typeof c === 'string' ? c : formatValue(c, language));

/**
 * Rows under a header, columns padded to their widest cell; numbers (and headers of number
 * columns) right-aligned. Every line starts with `indent`.
 */
export function table(header: string[], rows: Cell[][], language: Language, indent = '  '): string {
  const text = rows.map((r) => header.map((_, k) => cellText(r[k], language)));
  const numeric = header.map((_, k) => rows.length > 0 && rows.every((r) => typeof r[k] === 'number' || r[k] === null || r[k] === undefined));
  const width = header.map((h, k) => Math.max(h.length, ...text.map((r) => r[k].length)));
  const line = (cells: string[]) =>
    indent +
    cells
      .map((c, k) => (numeric[k] ? c.padStart(width[k]) : k === cells.length - 1 ? c : c.padEnd(width[k])))
      .join('  ')
      .trimEnd();
  return [line(header), ...text.map(line)].join('\n') + '\n';
}

/** `key  value` lines, values aligned after the longest key. */
export function keyValues(pairs: [string, Cell][], language: Language, indent = '  '): string {
  const width = Math.max(0, ...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${indent}${`${k}:`.padEnd(width + 1)}  ${cellText(v, language)}`.trimEnd() + '\n').join('');
}
