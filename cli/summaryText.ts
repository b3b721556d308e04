/**
 * A stored analysis's summary for people: its figures as `key: value` lines, then the ranked
 * lists (DBSCAN's top clusters, corridors, contour levels, emerging patterns) as tables. Keys this
 * file does not know still print, in words (formatValue), never as JSON.
 */
import { type Cell, formatEntry, formatNumber, formatValue, isRecord, keyValues, table } from './table.ts';

type Row = Record<string, unknown>;

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** `2023-01-01T08:12:00.000Z` or epoch ms → `2023-01-01 08:12 UTC`. */
function utc(v: unknown): string {
  const ms = typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isFinite(ms) ? `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC` : '—';
}

function period(r: Row, first: string, last: string): string {
  return r[first] === null && r[last] === null ? '—' : `${utc(r[first])} – ${utc(r[last])}`;
}

/** The most frequent category and its count, e.g. `homicide 1,122`. */
function topCategory(counts: unknown): string {
  if (!isRecord(counts)) return '—';
  const best = Object.entries(counts).reduce<[string, number] | null>((b, [k, v]) => (typeof v === 'number' && (!b || v > b[1]) ? [k, v] : b), null);
  return best ? `${best[0]} ${formatNumber(best[1])}` : '—';
}

const lonLat = (v: unknown): string => (Array.isArray(v) && v.length === 2 ? `${Number(v[0]).toFixed(4)}, ${Number(v[1]).toFixed(4)}` : formatValue(v));

/** Tables for the summary keys that hold lists, by key. */
const TABLES: Record<string, (v: unknown) => string | null> = {
  top: (v) =>
    rows(v, (r) => [num(r.rank), num(r.cluster_id), num(r.count), num(r.areaKm2), lonLat(r.centroid), period(r, 'firstTime', 'lastTime'), topCategory(r.countsByCategory)], [
      'rank',
      'cluster',
      'incidents',
      'area km²',
      'centroid lon, lat',
      'period',
      'top category',
    ]),
  list: (v) =>
    rows(
      v,
      (r) => [
        formatValue(r.corridor_id),
        num(r.count),
        num(r.lengthKm),
        num(r.perKm),
        num(r.meanWidthM),
        num(r.bearing),
        num(r.borderDistanceM),
        r.crossesBorder === undefined ? null : formatValue(r.crossesBorder),
        num(r.pValue),
        topCategory(r.countsByCategory),
      ],
      ['corridor', 'incidents', 'length km', 'per km', 'width m', 'bearing °', 'to border m', 'crosses border', 'p', 'top category'],
    ),
  contourLevels: (v) => rows(v, (r) => [num(r.percent), num(r.level)], ['contour %', 'density level']),
  patterns: (v) => {
    if (!isRecord(v)) return null;
    const found = Object.entries(v).filter(([, n]) => n !== 0);
    return table(['pattern', 'locations'], found.length ? found.map(([k, n]) => [k.replace(/_/g, ' '), n as Cell]) : [['(none)', null]]);
  },
};

/** A table of `v` (an array of records) with the given columns; null when `v` is something else. */
function rows(v: unknown, row: (r: Row) => Cell[], header: string[]): string | null {
  if (!Array.isArray(v) || !v.every(isRecord)) return null;
  if (!v.length) return '  (none)\n';
  return table(header, v.map(row));
}

/** Any other array of records: one column per key. */
function genericTable(v: unknown): string | null {
  if (!Array.isArray(v) || !v.length || !v.every(isRecord)) return null;
  const keys = [...new Set(v.flatMap((r) => Object.keys(r)))];
  return table(
    keys,
    v.map((r) => keys.map((k) => (typeof r[k] === 'number' || r[k] === null ? (r[k] as Cell) : formatValue(r[k])))),
  );
}

/** `unsnapped: {count, sourceIndex}` and the like: the count, the list left to --json. */
function counted(v: unknown): string | null {
  if (!isRecord(v) || typeof v.count !== 'number' || !Array.isArray(v.sourceIndex)) return null;
  return `${formatNumber(v.count)} incidents${v.count ? ' (their source indexes: --json)' : ''}`;
}

/** The summary's lines, every one indented by two spaces. `skip`: keys printed elsewhere. */
export function summaryText(summary: Record<string, unknown>, skip: string[] = []): string {
  const pairs: [string, Cell][] = [];
  const tables: string[] = [];
  for (const [k, v] of Object.entries(summary)) {
    if (skip.includes(k)) continue;
    const t = TABLES[k]?.(v) ?? genericTable(v);
    if (t !== null) tables.push(`  ${k}:\n${t.replace(/^(?=.)/gm, '  ')}`);
    else pairs.push([k, counted(v) ?? (v === null ? v : formatEntry(k, v))]);
  }
  return keyValues(pairs) + tables.join('');
}
