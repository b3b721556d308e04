/**
 * Before/after comparison of incident counts, exact for small counts.
 *
 * `comparePeriods({ before: { count, days, from, to }, after: { … }, label? })` treats each count
 * as Poisson with exposure `days` and tests equal daily rates with the exact conditional test:
 * given n = a + b incidents in all, H0 says b ~ Binomial(n, tb / (ta + tb)). Two-sided as
 * scipy.stats.binomtest / R's poisson.test. The rate ratio's 95 % interval is the Clopper–Pearson
 * interval for p = b / n carried to RR = p / (1 − p) · ta / tb (R's poisson.test does the same).
 *
 * Output keys (the contract the API and CLI serialise):
 *   before, after   {count, days, from, to} echoed
 *   percentChange   (after rate / before rate − 1) · 100; null when the before count is 0
 *   rateRatio       after rate / before rate; null when the before count is 0
 *   rateRatioCI95   [lo, hi]; an end that is unbounded is null (JSON has no Infinity): hi is null
 *                   when the before count is 0, both are null when both counts are 0
 *   pValue          two-sided exact p; null when both counts are 0 (nothing to test)
 *   significant     pValue < 0.05
 *   test            the name of the test
 *   sentence        one plain briefing sentence, e.g. "Homicides fell from 13 to 6 (−54 %); with
 *                   counts this small the change is not statistically significant (exact test,
 *                   p = 0.17)."
 * `label` is a category code (`homicide`), several codes, or the analyst's own text (kept as is).
 * The sentence is English; `comparisonSentence` says it in another language
 * (shared/i18n/analysis.<language>.ts).
 *
 * `compareZones` runs the same comparison per zone and adds Benjamini–Hochberg q-values across
 * the zones; there `significant` means q < 0.05, because with many zones some raw p < 0.05 are
 * expected by chance alone.
 */
import { UserError } from '../errors.ts';
import { binomialTestTwoSided } from '../stats/binomial.ts';
import { clopperPearson } from '../stats/clopperPearson.ts';
import { formatCount } from '../i18n/format.ts';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages.ts';
import { translator } from '../i18n/translator.ts';
import { categoriesPhrase } from './categoryLabels.ts';
import type { CategoryLabels } from '../api/categoryLabels.ts';
import { fdr } from './fdr.ts';

export { periodsFromRanges, periodsFromSplit } from './comparePeriods.ts';
export type { ComparisonPeriods } from './comparePeriods.ts';

export interface PeriodCount {
  count: number;
  /** Exposure in days (> 0); periods of unequal length are compared per day. */
  days: number;
  /** Labels for people: first day / last day (inclusive), or instants. */
  from: string;
  to: string;
}

export interface CompareInput {
  before: PeriodCount;
  after: PeriodCount;
  label?: string | string[];
}

export interface Comparison {
  before: PeriodCount;
  after: PeriodCount;
  percentChange: number | null;
  rateRatio: number | null;
  rateRatioCI95: [number | null, number | null];
  pValue: number | null;
  significant: boolean;
  test: string;
  sentence: string;
}

const ALPHA = 0.05;
const TEST_NAME = translator(DEFAULT_LANGUAGE, 'analysis')('compare.testName');
// Below this many incidents in both periods together, a non-significant change is most often a
// matter of too few events rather than of no change; the sentence says so.
const SMALL_TOTAL = 50;

function checkPeriod(p: PeriodCount, which: string): PeriodCount {
  if (!Number.isInteger(p.count) || p.count < 0) {
    throw new UserError(`${which} count must be a whole number ≥ 0, got ${String(p.count)}`);
  }
  if (!Number.isFinite(p.days) || p.days <= 0) {
    throw new UserError(`${which} period must last more than 0 days, got ${String(p.days)}`);
  }
  return { count: p.count, days: p.days, from: String(p.from ?? ''), to: String(p.to ?? '') };
}

interface Stats {
  percentChange: number | null;
  rateRatio: number | null;
  rateRatioCI95: [number | null, number | null];
  pValue: number | null;
}

function computeStats(a: number, ta: number, b: number, tb: number): Stats {
  const n = a + b;
  if (n === 0) return { percentChange: null, rateRatio: null, rateRatioCI95: [null, null], pValue: null };
  const rateRatio = a === 0 ? null : b / tb / (a / ta);
  const [pl, pu] = clopperPearson(b, n, 0.95);
  const scale = ta / tb;
  return {
    percentChange: rateRatio === null ? null : (rateRatio - 1) * 100,
    rateRatio,
    rateRatioCI95: [(pl / (1 - pl)) * scale, pu >= 1 ? null : (pu / (1 - pu)) * scale],
    pValue: binomialTestTwoSided(b, n, tb / (ta + tb)),
  };
}

export function comparePeriods(input: CompareInput): Comparison {
  const before = checkPeriod(input.before, 'before');
  const after = checkPeriod(input.after, 'after');
  const s = computeStats(before.count, before.days, after.count, after.days);
  const significant = s.pValue !== null && s.pValue < ALPHA;
  const labels = typeof input.label === 'string' ? [input.label] : input.label;
  return {
    before,
    after,
    ...s,
    significant,
    test: TEST_NAME,
    sentence: briefingSentence(before, after, s, significant, labels),
  };
}

// ---------- zones ----------

export interface ZoneCounts {
  id: string | number;
  before: number;
  after: number;
}

export interface ZoneComparison extends Comparison {
  id: string | number;
  /** Benjamini–Hochberg adjusted p across the zones; null where pValue is null. */
  qValue: number | null;
}

export interface CompareZonesOptions {
  label?: string | string[];
  /** Labels of the periods, echoed in each zone's before/after. */
  beforeFrom?: string;
  beforeTo?: string;
  afterFrom?: string;
  afterTo?: string;
}

export function compareZones(
  zones: readonly ZoneCounts[],
  beforeDays: number,
  afterDays: number,
  options: CompareZonesOptions = {},
): ZoneComparison[] {
  const labels = typeof options.label === 'string' ? [options.label] : options.label;
  const rows = zones.map((z) => {
    const before = checkPeriod(
      { count: z.before, days: beforeDays, from: options.beforeFrom ?? '', to: options.beforeTo ?? '' },
      `zone ${z.id}: before`,
    );
    const after = checkPeriod(
      { count: z.after, days: afterDays, from: options.afterFrom ?? '', to: options.afterTo ?? '' },
      `zone ${z.id}: after`,
    );
    return { id: z.id, before, after, stats: computeStats(before.count, before.days, after.count, after.days) };
  });
  const testedIdx = rows.flatMap((r, i) => (r.stats.pValue === null ? [] : [i]));
  const { q } = fdr(testedIdx.map((i) => rows[i].stats.pValue as number));
  const qValues: (number | null)[] = rows.map(() => null);
  testedIdx.forEach((rowIndex, k) => (qValues[rowIndex] = q[k]));
  return rows.map((r, i) => {
    const qValue = qValues[i];
    const significant = qValue !== null && qValue < ALPHA;
    return {
      id: r.id,
      before: r.before,
      after: r.after,
      ...r.stats,
      significant,
      test: `${TEST_NAME}; Benjamini–Hochberg across ${testedIdx.length} zones`,
      sentence: briefingSentence(r.before, r.after, r.stats, significant, labels, DEFAULT_LANGUAGE, {
        q: qValue,
        zones: testedIdx.length,
      }),
      qValue,
    };
  });
}

// ---------- the sentence ----------

const MINUS = '\u2212';

function formatPercent(pct: number): string {
  const a = Math.abs(pct);
  const digits = a >= 10 ? 0 : a >= 1 ? 1 : 2;
  const text = a >= 1 ? a.toFixed(digits) : Number(a.toPrecision(2)).toString();
  return `${pct < 0 ? MINUS : '+'}${text} %`;
}

function formatRate(r: number): string {
  if (r === 0) return '0';
  if (r >= 10) return formatCount(Math.round(r));
  if (r >= 1) return Number(r.toFixed(1)).toString();
  return Number(r.toPrecision(2)).toString();
}

/** "p = 0.17"; three decimals where two would put the printed value on the wrong side of 0.05. */
export function formatP(p: number, name = 'p'): string {
  if (p < 0.001) return `${name} < 0.001`;
  if (p < 0.01) return `${name} = ${p.toFixed(3)}`;
  const two = p.toFixed(2);
  if (two === '0.05') return `${name} = ${p.toFixed(3)}`;
  return `${name} = ${two}`;
}

/** The sentence of a comparison already made (of `categories`, named by the layer's `categoryLabels`), in another language: the briefing's. */
export function comparisonSentence(c: Comparison, categories: string[] | undefined, language: Language, categoryLabels?: CategoryLabels): string {
  return briefingSentence(c.before, c.after, c, c.significant, categories, language, undefined, categoryLabels);
}

function briefingSentence(
  before: PeriodCount,
  after: PeriodCount,
  s: Stats,
  significant: boolean,
  labels: string[] | undefined,
  language: Language = DEFAULT_LANGUAGE,
  zoneFdr?: { q: number | null; zones: number },
  categoryLabels?: CategoryLabels,
): string {
  const t = translator(language, 'analysis');
  const subject = categoriesPhrase(labels, language, categoryLabels);
  // The subject as the language needs it: the phrase itself, in lower case, or the analyst's label.
  const words = { context: subject.generated ? 'generated' : 'label', text: subject.text, lower: subject.generated ? subject.text.toLowerCase() : subject.text };
  const days = (d: number) => t('compare.days', { count: d, n: Number.isInteger(d) ? formatCount(d) : d.toFixed(1) });
  const a = before.count;
  const b = after.count;
  const equal = before.days === after.days;
  if (s.pValue === null) {
    const span = equal ? t('compare.spanEach', { days: days(before.days) }) : t('compare.spanBoth', { before: days(before.days), after: days(after.days) });
    return t('compare.none', { ...words, span });
  }
  const p = formatP(s.pValue);
  const evidence = zoneFdr
    ? t('compare.evidenceZones', { count: zoneFdr.zones, n: zoneFdr.zones, p, q: zoneFdr.q === null ? t('compare.noQ') : formatP(zoneFdr.q, 'q') })
    : t('compare.evidence', { p });
  const who = t('compare.subject', words);
  // Cross-multiplied so equal rates compare equal exactly.
  const diff = b * before.days - a * after.days;
  const rateA = formatRate(a / before.days);
  const rateB = formatRate(b / after.days);
  const detail = equal ? '' : t('compare.detail', { a: formatCount(a), daysA: days(before.days), b: formatCount(b), daysB: days(after.days) });
  if (diff === 0) {
    return equal
      ? t('compare.unchangedCounts', { subject: who, a: formatCount(a), evidence })
      : t('compare.unchangedRates', { subject: who, rate: rateA, detail, evidence });
  }
  const pct = s.percentChange === null ? null : formatPercent(s.percentChange);
  const change = equal
    ? t(pct ? 'compare.changeCountsPct' : 'compare.changeCounts', { a: formatCount(a), b: formatCount(b), pct })
    : t(pct ? 'compare.changeRatesPct' : 'compare.changeRates', { rateA, rateB, detail, pct });
  let clause: string;
  if (significant) clause = t('compare.significant');
  else if (a + b < SMALL_TOTAL) clause = t('compare.notSignificantSmall');
  else clause = t('compare.notSignificant');
  return t('compare.changed', { context: diff > 0 ? 'rose' : 'fell', subject: who, change, clause, evidence });
}
