/**
 * Output for people at a terminal: aligned tables, `key  value` lines and numbers written for
 * reading. Scripts read `--json`; the human output never dumps JSON (a test runs every command
 * and fails on an object or array printed raw).
 */

export type Cell = string | number | boolean | null | undefined;

/** Whole numbers grouped in thousands; others to four significant digits, never in exponent form from 1e-4 on. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  return String(Number(v.toPrecision(4)));
}

/** Keys whose numbers name something (an EPSG code, a seed, an id) rather than count it: not grouped. */
const NAMING_KEY = /projection|epsg|seed|(^|_)id$|Id$/i;

/** A value under `key`, as formatValue writes it, numbers of naming keys as they are. */
export function formatEntry(key: string, v: unknown): string {
  return typeof v === 'number' && NAMING_KEY.test(key) ? String(v) : formatValue(v);
}

/**
 * A value of any shape as one line of words: numbers for reading, lists comma-separated, records as
 * `key value` pairs, nested ones in parentheses; null as an em dash.
 */
export function formatValue(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (Array.isArray(v)) return v.length ? v.map((x) => (isRecord(x) || Array.isArray(x) ? `(${formatValue(x)})` : formatValue(x))).join(', ') : '(none)';
  if (isRecord(v)) {
    const entries = Object.entries(v);
    if (!entries.length) return '(none)';
    return entries.map(([k, x]) => `${k} ${isRecord(x) || Array.isArray(x) ? `(${formatValue(x)})` : formatEntry(k, x)}`).join(', ');
  }
  return String(v);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const cellText = (c: Cell): string => (typeof c === 'string' ? c : formatValue(c));

/**
 * Rows under a header, columns padded to their widest cell; numbers (and headers of number
 * columns) right-aligned. Every line starts with `indent`.
 */
export function table(header: string[], rows: Cell[][], indent = '  '): string {
  const text = rows.map((r) => header.map((_, k) => cellText(r[k])));
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
export function keyValues(pairs: [string, Cell][], indent = '  '): string {
  const width = Math.max(0, ...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${indent}${`${k}:`.padEnd(width + 1)}  ${cellText(v)}`.trimEnd() + '\n').join('');
}
