/**
 * A starting eps for DBSCAN: the knee of the sorted k-distance curve (Ester et al. 1996, §4.2).
 *
 * Inputs: x, y in metres; k = the minPoints you will use. The k-distance of a location is the
 * distance to its (k − 1)-th nearest other location — with the location itself that makes k —
 * so at eps ≥ it a record there is a core point at (eps, minPoints = k).
 * Distinct locations, not records: records geocoded to one town centre (stackedPoints.ts) have
 * k-distance 0, and thousands of zeros push the knee out to the spacing between towns (UCDP GED
 * in Chihuahua: 3,310 records on 142 locations, knee 36 km, then a run at it warned that eps was
 * too large). Records are grouped by their 1 m cell (groupByCell) and each location counts once.
 * For more than `sample` locations (default 50 000) the k-distances of a seeded random sample are
 * used (against all locations), which keeps the curve's shape and the cost bounded.
 * Knee: Kneedle (Satopää et al. 2011) on the ascending curve up to its 99th percentile (the few
 * most isolated points would otherwise flatten everything before them): the point furthest
 * below the chord, both axes scaled to [0, 1].
 * Chaining: on data of several densities (a city core and a rural valley) the knee can be so
 * large that DBSCAN there chains most incidents into one cluster, which the run then warns about
 * (epsWarning). So the knee is checked with DBSCAN itself, on every record: when one cluster would
 * spread over more than half of the locations (the run's measure), the suggestion is the largest
 * k-distance below the knee at which none does, found by bisection on the curve (the largest
 * cluster only grows with eps), to within 2 %. Each step is one DBSCAN over all records, so the
 * check runs up to `chainCheckMax` records.
 * Output: eps (metres), knee (metres), kneeIndex into curve, curve (ascending k-distances,
 * metres), k, how the chaining check went, and the records and distinct locations it was made on.
 */
import { UserError } from '../errors.ts';
import type { LongRunOptions } from './cancel.ts';
import { checkPoints, dbscan } from './dbscan.ts';
import { largestClusterShare, MAX_CLUSTER_SHARE } from './epsWarning.ts';
import { kthNeighbourDistances } from './knn.ts';
import { groupByCell, type CellGroups } from './stackedPoints.ts';
import { DEFAULT_LANGUAGE, LOCALE, type Language } from '../i18n/languages.ts';
import { translator } from '../i18n/translator.ts';

export interface SuggestEpsOptions extends LongRunOptions {
  sample?: number;
  seed?: number;
  /** Records up to which the knee is checked for chaining (default 100 000); 0: never. */
  chainCheckMax?: number;
  /** The points' 1 m cells (groupByCell(x, y)) when the caller has them already: a DBSCAN run's warning does. */
  locations?: CellGroups;
}

type ChainCheck =
  /** DBSCAN at the knee leaves no cluster over more than half of the locations. */
  | { kind: 'ok' }
  /** At the knee one cluster spreads over `share` of the locations; eps is the largest curve value where none does. */
  | { kind: 'lowered'; share: number }
  /** Even at the smallest k-distance one cluster spreads over more than half (`share`: at the knee): eps stays the knee. */
  | { kind: 'unavoidable'; share: number }
  | { kind: 'unchecked'; points: number; limit: number };

export interface EpsSuggestion {
  eps: number;
  /** The knee of the curve; eps is lower when the knee chains (see chaining). */
  knee: number;
  k: number;
  kneeIndex: number;
  curve: Float64Array;
  chaining: ChainCheck;
  /** Records, and the distinct locations (1 m cells) they lie on: the curve is over locations. */
  points: number;
  locations: number;
}

/**
 * Records up to which the suggestion is checked for chaining, and up to which a DBSCAN run whose
 * eps chains runs the suggestion to name it (above, the run's warning points to Suggest: the
 * k-distance pass over every location is a third of a 200,000-incident run's CPU).
 */
export const CHAIN_CHECK_MAX = 100_000;

export function suggestEps(x: Float64Array, y: Float64Array, k: number, options: SuggestEpsOptions = {}): EpsSuggestion {
  checkPoints(x, y, 'eps suggestion');
  if (!Number.isInteger(k) || k < 2) throw new UserError(`eps suggestion: minPoints must be a whole number ≥ 2, got ${k}`);
  const n = x.length;
  if (n < k + 2) throw new UserError(`eps suggestion: needs at least ${k + 2} points for minPoints ${k}, got ${n}`);
  const loc = options.locations ?? groupByCell(x, y);
  const m = loc.groups;
  if (m < k + 2) {
    throw new UserError(
      `eps suggestion: needs at least ${k + 2} distinct locations for minPoints ${k}; the ${n.toLocaleString('en-US')} incidents lie on ${m} (see the stacked points)`,
    );
  }
  // Loops, not Float64Array.from with a mapping function: 200,000 calls of it cost ~15 ms in a fresh CLI process.
  const lx = new Float64Array(m);
  const ly = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    lx[j] = x[loc.first[j]];
    ly[j] = y[loc.first[j]];
  }
  const sample = options.sample ?? 50_000;
  let queries: Int32Array | undefined;
  if (m > sample) {
    // Partial Fisher–Yates with a seeded LCG: the same data always gives the same suggestion.
    const all = new Int32Array(m);
    for (let i = 0; i < m; i++) all[i] = i;
    let s = (options.seed ?? 1) >>> 0;
    for (let i = 0; i < sample; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      const j = i + Math.floor((s / 4294967296) * (m - i));
      const t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    queries = all.slice(0, sample);
  }
  const curve = kthNeighbourDistances(lx, ly, k - 1, { ...options, queries }).sort();
  const { index, eps: knee } = kneeOf(curve);
  const base = { knee, k, kneeIndex: index, curve, points: n, locations: m };
  const limit = options.chainCheckMax ?? CHAIN_CHECK_MAX;
  if (n > limit) return { ...base, eps: knee, chaining: { kind: 'unchecked', points: n, limit } };
  const shareAt = (eps: number): number => {
    const r = dbscan(x, y, { eps, minPoints: k, signal: options.signal });
    return largestClusterShare(r.labels, r.clusterCount, loc);
  };
  const share = shareAt(knee);
  if (share <= MAX_CLUSTER_SHARE) return { ...base, eps: knee, chaining: { kind: 'ok' } };
  // Bisection between the smallest positive k-distance (lo, must not chain) and the knee (hi, chains).
  let lo = 0;
  while (lo < index && !(curve[lo] > 0)) lo++;
  if (lo >= index || shareAt(curve[lo]) > MAX_CLUSTER_SHARE) {
    return { ...base, eps: knee, chaining: { kind: 'unavoidable', share } };
  }
  let hi = index;
  while (hi - lo > 1 && curve[hi] - curve[lo] > 0.02 * curve[lo]) {
    const mid = (lo + hi) >>> 1;
    if (shareAt(curve[mid]) > MAX_CLUSTER_SHARE) hi = mid;
    else lo = mid;
  }
  return { ...base, eps: curve[lo], chaining: { kind: 'lowered', share } };
}

/** Kneedle on the ascending curve up to its 99th percentile; see the top of the file. */
function kneeOf(curve: Float64Array): { index: number; eps: number } {
  const m = curve.length;
  const last = Math.max(2, Math.floor(0.99 * (m - 1)));
  const y0 = curve[0];
  const y1 = curve[last];
  if (!(y1 > y0)) {
    if (!(y1 > 0)) throw new UserError('eps suggestion: most points share their location with many others; choose eps by hand');
    return { index: last, eps: y1 };
  }
  let best = 0;
  let bestGap = -Infinity;
  for (let i = 0; i <= last; i++) {
    const gap = i / last - (curve[i] - y0) / (y1 - y0);
    if (gap > bestGap) {
      bestGap = gap;
      best = i;
    }
  }
  // A knee among duplicates (distance 0) is no radius: the 99th percentile is.
  return curve[best] > 0 ? { index: best, eps: curve[best] } : { index: last, eps: y1 };
}

const metres = (v: number, language: Language = DEFAULT_LANGUAGE) => `${Math.round(v).toLocaleString(LOCALE[language])} m`;
const pct = (v: number) => `${Math.round(v * 100)} %`;

/** One sentence on how the suggestion relates to the knee, for the CLI and the panel; null when it is the knee, checked. */
export function chainingNote(s: Pick<EpsSuggestion, 'eps' | 'knee' | 'chaining'>, language: Language = DEFAULT_LANGUAGE): string | null {
  const t = translator(language, 'analysis');
  switch (s.chaining.kind) {
    case 'ok':
      return null;
    case 'lowered':
      return t('suggestEps.lowered', { knee: metres(s.knee, language), share: pct(s.chaining.share), eps: metres(s.eps, language) });
    case 'unavoidable':
      return t('suggestEps.unavoidable', { share: pct(s.chaining.share) });
    case 'unchecked':
      return t('suggestEps.unchecked', { limit: s.chaining.limit.toLocaleString(LOCALE[language]), points: s.chaining.points.toLocaleString(LOCALE[language]) });
  }
}

/** The suggestion's note: the chaining, and that the curve is over locations when records share them; null when neither. */
export function suggestionNote(
  s: Pick<EpsSuggestion, 'eps' | 'knee' | 'chaining' | 'points' | 'locations'>,
  language: Language = DEFAULT_LANGUAGE,
): string | null {
  const locale = LOCALE[language];
  const shared =
    s.locations < s.points
      ? translator(language, 'analysis')('suggestEps.locations', { locations: s.locations.toLocaleString(locale), points: s.points.toLocaleString(locale) })
      : null;
  return [chainingNote(s, language), shared].filter((x) => x !== null).join('; ') || null;
}

/**
 * What a DBSCAN run whose eps chains says to do, in the words Suggest would use for the same
 * records and min points: the eps Suggest gives, or why no eps on the curve helps.
 */
export function epsAdvice(s: Pick<EpsSuggestion, 'eps' | 'k' | 'chaining'>, runEps: number, language: Language = DEFAULT_LANGUAGE): string {
  const t = translator(language, 'analysis');
  if (s.chaining.kind === 'unavoidable' || s.eps >= runEps) return t('eps.adviceNone');
  return t('eps.advice', { suggest: suggestName(language), eps: metres(s.eps, language), k: s.k });
}

/** What a run whose eps chains says when it did not run the suggestion (above CHAIN_CHECK_MAX records, or clustered by a database). */
export function epsFallbackAdvice(language: Language = DEFAULT_LANGUAGE): string {
  return translator(language, 'analysis')('eps.fallback', { suggest: suggestName(language) });
}

/** The app's Suggest button, as the panel labels it; `frontera suggest-eps` on the command line. */
function suggestName(language: Language): string {
  return translator(language, 'app')('params.dbscan.suggest');
}
