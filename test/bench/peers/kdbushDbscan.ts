/**
 * Reference DBSCAN for tests and benches only: the textbook algorithm (Ester et al. 1996) with
 * kdbush range queries, written independently of shared/analysis/dbscan.ts (no grid, no
 * union-find). Seeds in input order, each cluster fully expanded before the next, so a border
 * point goes to the first cluster that reaches it — the lowest-numbered one.
 */
import KDBush from 'kdbush';

export function kdbushDbscan(
  x: Float64Array,
  y: Float64Array,
  eps: number,
  minPoints: number,
): { labels: Int32Array; core: Uint8Array; clusterCount: number } {
  const n = x.length;
  const index = new KDBush(n);
  for (let i = 0; i < n; i++) index.add(x[i], y[i]);
  index.finish();
  const labels = new Int32Array(n).fill(-1);
  const core = new Uint8Array(n);
  const visited = new Uint8Array(n);
  let cluster = 0;
  for (let i = 0; i < n; i++) {
    if (visited[i]) continue;
    visited[i] = 1;
    const seeds = index.within(x[i], y[i], eps);
    if (seeds.length < minPoints) continue; // noise for now; a later cluster may claim it
    core[i] = 1;
    labels[i] = cluster;
    const queue: number[] = seeds.slice();
    for (let q = 0; q < queue.length; q++) {
      const j = queue[q];
      if (labels[j] === -1) labels[j] = cluster;
      if (visited[j]) continue;
      visited[j] = 1;
      const nb = index.within(x[j], y[j], eps);
      if (nb.length >= minPoints) {
        core[j] = 1;
        for (const t of nb) if (!visited[t] || labels[t] === -1) queue.push(t);
      }
    }
    cluster++;
  }
  return { labels, core, clusterCount: cluster };
}
