/**
 * DBSCAN hot spots as the analyst runs them: clusters of the selected incidents (metres in the
 * local UTM zone), one hull per cluster with its counts, quantities, period and density, the
 * label of every incident, and a warning when eps is too large for the density.
 */
import type { z } from 'zod';
import type { DbscanParams } from '../../api/analysisInputs.ts';
import { clusterSummary } from '../clusterSummary.ts';
import { dbscan } from '../dbscan.ts';
import { epsWarning, largestClusterShare, MAX_CLUSTER_SHARE } from '../epsWarning.ts';
import { kthNeighbourDistances } from '../knn.ts';
import { localProjection, localProjectionFor } from '../localProjection.ts';
import { groupByCell } from '../stackedPoints.ts';
import { CHAIN_CHECK_MAX, epsAdvice, epsFallbackAdvice, suggestEps } from '../suggestEps.ts';
import { UserError, isUserError } from '../../errors.ts';
import type { AnalysisInputData, AnalysisOutput, RunOptions } from './types.ts';
import { DEFAULT_LANGUAGE, LOCALE, type Language } from '../../i18n/languages.ts';
import { translator } from '../../i18n/translator.ts';

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
  // The locations the selection's stacked-points pass found, else the projected points' 1 m cells:
  // either way, the distinct metre-rounded spots.
  const cells = input.locations ?? groupByCell(x, y);
  let share = largestClusterShare(r.labels, r.clusterCount, cells);
  // A database-clustered selection: the candidates hold every clustered location (the records of
  // one location share their neighbours), and the database counted all the locations.
  if (candidates) share = (share * cells.groups) / Math.max(1, candidates.locations);
  if (share > MAX_CLUSTER_SHARE) {
    // What Suggest would say for these records and min points: the two never disagree. Suggest
    // needs every record, which a database-clustered selection keeps where it is; above
    // CHAIN_CHECK_MAX the warning points to Suggest instead of running it (see there).
    const language = input.language ?? DEFAULT_LANGUAGE;
    let advice = epsFallbackAdvice(language);
    try {
      if (!candidates && total <= CHAIN_CHECK_MAX) {
        // Suggest's own cells (the projected points'), so the advice is word for word what Suggest says.
        advice = epsAdvice(suggestEps(x, y, req.minPoints, { signal: opts.signal, locations: input.locations ? undefined : cells }), req.eps, language);
      }
    } catch (e) {
      if (!isUserError(e)) throw e;
    }
    warnings.push(epsWarning(share, req.eps, advice, language)!);
  }
  return {
    params: { ...req, hull, projection: `EPSG:${proj.epsg}` },
    summary: {
      incidents: total,
      clusters: r.clusterCount,
      noise,
      corePoints: core,
      clusteredShare: total ? (total - noise) / total : 0,
      ...(r.clusterCount === 0 ? { explanation: noClusterExplanation(candidates ? null : { x, y }, req.eps, req.minPoints, input.language) } : {}),
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
          // A cluster without an area (a Point): on how many spots its incidents lie.
          ...(c.locations !== null ? { locations: c.locations } : {}),
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

/**
 * Why a run found no cluster, with the eps that would find one: the smallest distance within
 * which some incident has minPoints − 1 others (its (minPoints − 1)-th neighbour; KD-tree, O(n log n)).
 * Without the points (a database clustered them), the eps is not given.
 */
function noClusterExplanation(points: { x: Float64Array; y: Float64Array } | null, eps: number, minPoints: number, language: Language = DEFAULT_LANGUAGE): string {
  const t = translator(language, 'analysis');
  const m = (v: number) => `${Math.ceil(v).toLocaleString(LOCALE[language])} m`;
  const others = minPoints - 1;
  let closest = Infinity;
  if (points && others >= 1 && points.x.length > others) for (const d of kthNeighbourDistances(points.x, points.y, others)) if (d < closest) closest = d;
  return t('explain.noCluster', {
    others,
    eps: m(eps),
    minPoints,
    tightest: Number.isFinite(closest) ? t('explain.tightest', { minPoints, closest: m(closest) }) : '',
    suggest: translator(language, 'app')('params.dbscan.suggest'),
  });
}
