/**
 * DBSCAN hot spots as the analyst runs them: clusters of the selected incidents (metres in the
 * local UTM zone), one hull per cluster with its counts, quantities, period and density, the
 * label of every incident, and a warning when eps is too large for the density.
 */
import type { z } from 'zod';
import type { DbscanParams } from '../../api/analysisInputs.ts';
import { UserError } from '../../errors.ts';
import { clusterSummary } from '../clusterSummary.ts';
import { dbscan } from '../dbscan.ts';
import { epsWarning } from '../epsWarning.ts';
import { localProjection, localProjectionFor } from '../localProjection.ts';
import type { AnalysisInputData, AnalysisOutput, RunOptions } from './types.ts';

type Req = z.infer<typeof DbscanParams>;

const TOP = 10;

const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());

export function runDbscan(req: Req, input: AnalysisInputData, opts: RunOptions): AnalysisOutput {
  const pts = input.points;
  const candidates = input.dbscanCandidates;
  const total = candidates ? candidates.total : pts.count;
  if (total < req.minPoints) {
    throw new UserError(
      `DBSCAN with --min-points ${req.minPoints} needs at least that many incidents in the selection, got ${total}`,
    );
  }
  if (req.weight !== undefined) {
    throw new UserError('DBSCAN counts incidents; --weight quantity applies to kde and gistar');
  }
  // The projection of the whole selection, whose centre a database that clustered it gives.
  const proj = candidates ? localProjection(candidates.centre[0], candidates.centre[1]) : localProjectionFor(pts.lon, pts.lat);
  const { x, y } = proj.projectArrays(pts.lon, pts.lat);
  const r = dbscan(x, y, {
    eps: req.eps,
    minPoints: req.minPoints,
    signal: opts.signal,
    onProgress: (done, total) => opts.onProgress?.({ phase: 'clustering', done, total }),
  });
  opts.onProgress?.({ phase: 'summarising clusters', done: 0, total: r.clusterCount });
  const hull = req.hull ?? 'convex';
  const clusters = clusterSummary(
    x,
    y,
    r.labels,
    r.clusterCount,
    proj,
    {
      time: pts.time,
      category: pts.category,
      categoryNames: pts.categories,
      quantity: pts.quantity,
      unit: pts.unit,
      unitNames: pts.units,
    },
    { hull, concaveMaxEdgeM: 2 * req.eps },
  );
  // Rank 1 = the cluster with the most incidents: the order the map labels and the briefing use.
  const order = clusters.map((c) => c.cluster).sort((a, b) => clusters[b].count - clusters[a].count || a - b);
  const rank = new Int32Array(clusters.length);
  order.forEach((c, k) => (rank[c] = k + 1));
  let core = 0;
  for (let i = 0; i < pts.count; i++) if (r.core[i]) core++;
  // Every selected incident's label: those a database left out are noise.
  let labels = r.labels;
  if (candidates) {
    labels = new Int32Array(total);
    for (let i = 0; i < total; i++) labels[i] = candidates.member[i] < 0 ? -1 : r.labels[candidates.member[i]];
  }
  let noise = 0;
  for (let i = 0; i < total; i++) if (labels[i] < 0) noise++;
  const warnings: string[] = [];
  const w = epsWarning(labels, r.clusterCount, req.eps);
  if (w) warnings.push(w);
  if (r.clusterCount === 0) warnings.push(`no cluster: no incident has ${req.minPoints} others within ${req.eps} m`);
  return {
    params: { ...req, hull, projection: `EPSG:${proj.epsg}` },
    summary: {
      incidents: total,
      clusters: r.clusterCount,
      noise,
      corePoints: core,
      clusteredShare: total ? (total - noise) / total : 0,
      top: order.slice(0, TOP).map((c) => ({
        cluster_id: c,
        rank: rank[c],
        count: clusters[c].count,
        centroid: clusters[c].centroid,
        areaKm2: clusters[c].areaKm2,
        countsByCategory: clusters[c].countsByCategory,
        quantityByUnit: clusters[c].quantityByUnit,
        firstTime: iso(clusters[c].firstTime),
        lastTime: iso(clusters[c].lastTime),
      })),
    },
    geojson: {
      type: 'FeatureCollection',
      features: clusters.map((c) => ({
        type: 'Feature' as const,
        geometry: c.hull,
        properties: {
          cluster_id: c.cluster,
          rank: rank[c.cluster],
          count: c.count,
          label: `#${rank[c.cluster]}: ${c.count}`,
          centroid_lon: c.centroid[0],
          centroid_lat: c.centroid[1],
          area_km2: c.areaKm2,
          density_per_km2: c.densityPerKm2,
          first_time: iso(c.firstTime),
          last_time: iso(c.lastTime),
          counts_by_category: c.countsByCategory,
          quantity_by_unit: c.quantityByUnit,
        },
      })),
    },
    warnings,
    labels: { sourceIndex: Array.from(candidates ? candidates.sourceIndex : pts.sourceIndex), cluster: Array.from(labels) },
  };
}
