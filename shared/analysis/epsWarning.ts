/**
 * Warns when DBSCAN's eps is too large for the density: one cluster spreading over most of the
 * places incidents happened means the neighbourhoods chain across the whole area and the
 * "hotspot" is the data set.
 *
 * Places, not records: a town-centre geocode holding 60 % of the records is one cluster at any
 * eps — no eps is too large there; the stacked-point warning says what it is. So the share is of
 * the distinct locations (1 m cells, stackedPoints.ts groupByCell) in the largest cluster, the
 * same measure suggestEps checks its suggestion with: the suggestion never draws this warning,
 * and this warning names the suggestion (or says that no eps avoids it).
 */
import type { CellGroups } from './stackedPoints.ts';
import { DEFAULT_LANGUAGE, LOCALE, type Language } from '../i18n/languages.ts';
import { translator } from '../i18n/translator.ts';

/**
 * The largest cluster's share of all locations (noise included in the total); 0 without clusters.
 * A location belongs to the cluster of its first record (records on one spot have the same
 * neighbours, so the same cluster). Without `locations`, every record is a location.
 */
export function largestClusterShare(labels: Int32Array, clusterCount: number, locations?: Pick<CellGroups, 'groups' | 'first'>): number {
  const n = locations ? locations.groups : labels.length;
  if (n === 0 || clusterCount === 0) return 0;
  const sizes = new Int32Array(clusterCount);
  for (let j = 0; j < n; j++) {
    const l = labels[locations ? locations.first[j] : j];
    if (l >= 0) sizes[l]++;
  }
  let big = 0;
  for (let c = 0; c < clusterCount; c++) if (sizes[c] > sizes[big]) big = c;
  return sizes[big] / n;
}

/** The share above which one cluster is said to swallow the data. */
export const MAX_CLUSTER_SHARE = 0.5;

/**
 * The run's warning, or null when no cluster spreads over more than half of the locations.
 * `advice`: what Suggest says for this selection and min points — the eps it gives, or why no eps
 * helps (suggestEps.ts epsAdvice) — so the warning and the suggestion say the same.
 */
export function epsWarning(share: number, eps: number, advice: string, language: Language = DEFAULT_LANGUAGE): string | null {
  if (share <= MAX_CLUSTER_SHARE) return null;
  return translator(language, 'analysis')('eps.warning', { percent: Math.round(share * 100), eps: Math.round(eps).toLocaleString(LOCALE[language]), advice });
}
