/**
 * A stored analysis's summary for people: its figures as `key: value` lines, then the ranked
 * lists (DBSCAN's top clusters, corridors, contour levels, emerging patterns) as tables. Keys this
 * file does not know still print, in words (formatValue), never as JSON.
 */
import { type Cell, formatEntry, formatNumber, formatValue, isRecord, keyValues, table } from './table.ts';
import type { Language } from '../shared/i18n/languages.ts';
import { translator } from '../shared/i18n/translator.ts';
import { nniSentence, type NniPattern } from '../shared/analysis/nni.ts';
import { emergingSummary, type EmergingCategory } from '../shared/analysis/emerging.ts';
import { codeWithLabel } from '../shared/analysis/categoryLabels.ts';
import type { CategoryLabels } from '../shared/api/categoryLabels.ts';
import { formatInstant } from '../shared/i18n/format.ts';

type Row = Record<string, unknown>;

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** `2023-01-01T08:12:00.000Z` or epoch ms in the workspace's zone, as the summary command writes instants. */
function instant(v: unknown, tz: string, language: Language): string {
  const ms = typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isFinite(ms) ? formatInstant(ms, tz, language) : '—';
}

function period(r: Row, first: string, last: string, tz: string, language: Language): string {
  return r[first] === null && r[last] === null ? '—' : `${instant(r[first], tz, language)} – ${instant(r[last], tz, language)}`;
}

/** The most frequent category and its count, e.g. `homicide 1,122` (`Homicidio doloso (2) 1,122` where the layer labels the code). */
function topCategory(counts: unknown, language: Language, labels: CategoryLabels | undefined): string {
  if (!isRecord(counts)) return '—';
  const best = Object.entries(counts).reduce<[string, number] | null>((b, [k, v]) => (typeof v === 'number' && (!b || v > b[1]) ? [k, v] : b), null);
  return best ? `${codeWithLabel(best[0], language, labels)} ${formatNumber(best[1], language)}` : '—';
}

const lonLat = (v: unknown, language: Language): string =>
  Array.isArray(v) && v.length === 2 ? `${Number(v[0]).toFixed(4)}, ${Number(v[1]).toFixed(4)}` : formatValue(v, language);

/** Tables for the summary keys that hold lists, by key; headings from the catalogue's analyze.<key>. */
const TABLES: Record<string, (v: unknown, language: Language, labels: CategoryLabels | undefined, tz: string) => string | null> = {
  top: (v, lang, labels, tz) =>
    rows(
      v,
      (r) => [num(r.rank), num(r.cluster_id), num(r.count), num(r.areaKm2), lonLat(r.centroid, lang), period(r, 'firstTime', 'lastTime', tz, lang), topCategory(r.countsByCategory, lang, labels)],
      // The period's heading names the zone its times are in.
      ['top.rank', 'top.cluster', 'top.incidents', 'top.area', 'top.centroid', `${translator(lang, 'cli')('analyze.top.period')} (${tz})`, 'top.category'],
      lang,
    ),
  list: (v, lang, labels) =>
    rows(
      v,
      (r) => [
        formatValue(r.corridor_id, lang),
        num(r.count),
        num(r.lengthKm),
        num(r.perKm),
        num(r.meanWidthM),
        num(r.bearing),
        num(r.borderDistanceM),
        r.crossesBorder === undefined ? null : formatValue(r.crossesBorder, lang),
        num(r.pValue),
        topCategory(r.countsByCategory, lang, labels),
      ],
      ['list.corridor', 'list.incidents', 'list.length', 'list.perKm', 'list.width', 'list.bearing', 'list.border', 'list.crosses', 'p', 'list.category'],
      lang,
    ),
  contourLevels: (v, lang) => rows(v, (r) => [num(r.percent), num(r.level)], ['contour.percent', 'contour.level'], lang),
  patterns: (v, lang) => {
    if (!isRecord(v)) return null;
    const t = translator(lang, 'cli');
    // The patterns' names as the emerging sentence says them (plural); codes only where it has none.
    const name = (k: string) =>
      k === 'no_pattern' ? t('analyze.pattern.noPattern') : translator(lang, 'analysis')(`emerging.patterns.${k}`, { count: 2, defaultValue: k.replace(/_/g, ' ') });
    const found = Object.entries(v).filter(([, n]) => n !== 0);
    return table(
      [t('analyze.pattern.pattern'), t('analyze.pattern.locations')],
      found.length ? found.map(([k, n]) => [name(k), n as Cell]) : [[t('common.none'), null]],
      lang,
    );
  },
};

/** A table of `v` (an array of records) with the given columns (catalogue keys under analyze., or a symbol as it is); null when `v` is something else. */
function rows(v: unknown, row: (r: Row) => Cell[], header: string[], language: Language): string | null {
  if (!Array.isArray(v) || !v.every(isRecord)) return null;
  const t = translator(language, 'cli');
  if (!v.length) return `  ${t('common.none')}\n`;
  return table(header.map((h) => (h.includes('.') ? t(`analyze.${h}`) : h)), v.map(row), language);
}

/** Any other array of records: one column per key. */
function genericTable(v: unknown, language: Language): string | null {
  if (!Array.isArray(v) || !v.length || !v.every(isRecord)) return null;
  const keys = [...new Set(v.flatMap((r) => Object.keys(r)))];
  return table(
    keys,
    v.map((r) => keys.map((k) => (typeof r[k] === 'number' || r[k] === null ? (r[k] as Cell) : formatValue(r[k], language)))),
    language,
  );
}

/** `unsnapped: {count, sourceIndex}` and the like: the count, the list left to --json. */
function counted(v: unknown, language: Language): string | null {
  if (!isRecord(v) || typeof v.count !== 'number' || !Array.isArray(v.sourceIndex)) return null;
  const t = translator(language, 'cli');
  const count = t('analyze.unsnapped', { count: v.count, n: formatNumber(v.count, language) });
  return v.count ? t('analyze.sourceIndexes', { what: count }) : count;
}

/**
 * The sentence of a summary in the language, composed again from its figures (nearest-neighbour:
 * pattern, ratio, z, p; emerging: the tally of patterns); as stored when they are not there.
 */
function sentence(summary: Record<string, unknown>, stored: unknown, language: Language): unknown {
  const { pattern, ratio, z, p, patterns } = summary;
  if (typeof pattern === 'string' && typeof ratio === 'number' && typeof z === 'number' && typeof p === 'number') {
    return nniSentence({ pattern: pattern as NniPattern, ratio, z, p }, language);
  }
  if (isRecord(patterns)) return emergingSummary(patterns as Record<EmergingCategory, number>, language);
  return stored;
}

/** The summary's lines, every one indented by two spaces. `skip`: keys printed elsewhere; `labels`: the incident layer's category labels. */
/** `tz`: the workspace's time zone, which instants are written in. */
export function summaryText(summary: Record<string, unknown>, language: Language, tz: string, skip: string[] = [], labels?: CategoryLabels): string {
  const t = translator(language, 'cli');
  // A key the catalogue does not name prints as stored.
  const label = (k: string) => t(`analyze.keys.${k}`, { defaultValue: k });
  const pairs: [string, Cell][] = [];
  const tables: string[] = [];
  for (const [k, raw] of Object.entries(summary)) {
    if (skip.includes(k)) continue;
    const v = k === 'sentence' ? sentence(summary, raw, language) : raw;
    const tab = TABLES[k]?.(v, language, labels, tz) ?? genericTable(v, language);
    if (tab !== null) tables.push(`  ${label(k)}:\n${tab.replace(/^(?=.)/gm, '  ')}`);
    else pairs.push([label(k), counted(v, language) ?? (v === null ? v : formatEntry(k, v, language))]);
  }
  return keyValues(pairs, language) + tables.join('');
}
