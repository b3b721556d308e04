/**
 * Warns when DBSCAN's eps is too large for the density: one cluster swallowing most points
 * means the neighbourhoods chain across the whole area and the "hotspot" is the data set.
 *
 * Input: dbscan labels and clusterCount, eps used (metres); maxShare (default 0.5).
 * Output: a sentence for the analyst, or null when the result looks sane.
 */
export function epsWarning(labels: Int32Array, clusterCount: number, eps: number, options: { maxShare?: number } = {}): string | null {
  const maxShare = options.maxShare ?? 0.5;
  const n = labels.length;
  if (n === 0 || clusterCount === 0) return null;
  const sizes = new Int32Array(clusterCount);
  for (let i = 0; i < n; i++) if (labels[i] >= 0) sizes[labels[i]]++;
  let big = 0;
  for (let c = 0; c < clusterCount; c++) if (sizes[c] > sizes[big]) big = c;
  const share = sizes[big] / n;
  if (share <= maxShare) return null;
  return (
    `one cluster holds ${Math.round(share * 100)} % of the points: eps ${Math.round(eps)} m is too large for the density ` +
    `of this data; try a smaller eps (the suggested value is the knee of the k-distance curve) or a larger minPoints`
  );
}
