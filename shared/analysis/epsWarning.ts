/**
 * Warns when DBSCAN's eps is too large for the density: one cluster swallowing most points
 * means the neighbourhoods chain across the whole area and the "hotspot" is the data set.
 *
 * Input: dbscan labels and clusterCount, eps used (metres); maxShare (default 0.5).
 * Output: a sentence for the analyst, or null when the result looks sane.
 */

/** The largest cluster's share of all points (noise included in the total); 0 without clusters. */
export function largestClusterShare(labels: Int32Array, clusterCount: number): number {
  const n = labels.length;
  if (n === 0 || clusterCount === 0) return 0;
  const sizes = new Int32Array(clusterCount);
  for (let i = 0; i < n; i++) if (labels[i] >= 0) sizes[labels[i]]++;
  let big = 0;
  for (let c = 0; c < clusterCount; c++) if (sizes[c] > sizes[big]) big = c;
  return sizes[big] / n;
}

/** The share above which one cluster is said to swallow the data. */
export const MAX_CLUSTER_SHARE = 0.5;

export function epsWarning(labels: Int32Array, clusterCount: number, eps: number, options: { maxShare?: number } = {}): string | null {
  const share = largestClusterShare(labels, clusterCount);
  if (share <= (options.maxShare ?? MAX_CLUSTER_SHARE)) return null;
  return (
    `one cluster holds ${Math.round(share * 100)} % of the points: eps ${Math.round(eps)} m is too large for the density ` +
    `of this data, the neighbourhoods chain across it; try a smaller eps (Suggest gives the largest one on the k-distance curve that does not) or a larger minPoints`
  );
}
