/**
 * Before/after comparison over a layer of the workspace: counts the selected incidents in each
 * period (workspace time zone) and hands them to the exact test in shared/analysis/compare.ts;
 * optionally the same per zone (cluster hull, Gi* cell) of a stored analysis, with FDR.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import type { CompareRequest } from '../../../shared/api/analysisInputs.ts';
import type { CompareResult } from '../../../shared/api/contract.ts';
import {
  comparePeriods,
  compareZones,
  periodsFromRanges,
  periodsFromSplit,
  type ComparisonPeriods,
} from '../../../shared/analysis/compare.ts';
import { polygonFilter } from '../../../shared/analysis/selection.ts';
import { UserError } from '../../../shared/errors.ts';
import type { WorkspaceStore } from '../store/store.ts';
import { selectPoints } from './selectPoints.ts';
import { analysisGeoJson } from './analysisResults.ts';

const DEFAULT_DAYS = 28;

export function comparisonPeriods(req: CompareRequest, tz: string): ComparisonPeriods {
  const ranges = req.before !== undefined || req.after !== undefined;
  if (ranges && req.split !== undefined) {
    throw new UserError('give either --split (with --before-days/--after-days) or --before and --after ranges, not both');
  }
  if (ranges) {
    if (req.before === undefined || req.after === undefined) {
      throw new UserError('--before and --after go together (e.g. --before 2023-07-14..2023-07-21 --after 2023-07-22..2023-07-29)');
    }
    return periodsFromRanges(req.before, req.after, tz);
  }
  if (req.split === undefined) throw new UserError('missing --split DATE (or --before FROM..TO --after FROM..TO)');
  const beforeDays = req.beforeDays ?? req.afterDays ?? DEFAULT_DAYS;
  const afterDays = req.afterDays ?? req.beforeDays ?? DEFAULT_DAYS;
  return periodsFromSplit(req.split, beforeDays, afterDays, tz);
}

function countIn(times: Float64Array, keep: (i: number) => boolean, start: number, end: number): number {
  let n = 0;
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (t >= start && t < end && keep(i)) n++;
  }
  return n;
}

export async function runCompare(ws: WorkspaceStore, req: CompareRequest): Promise<CompareResult> {
  const periods = comparisonPeriods(req, await ws.timezone());
  const sel = await selectPoints(ws, req.layer, { categories: req.categories, within: req.within });
  const { time } = sel.points;
  const all = () => true;
  const before = countIn(time, all, periods.before.start, periods.before.end);
  const after = countIn(time, all, periods.after.start, periods.after.end);
  const label = sel.categories ?? undefined;
  const result: CompareResult = {
    layer: sel.layer.name,
    categories: sel.categories,
    within: sel.within,
    ...comparePeriods({
      before: { count: before, days: periods.before.days, from: periods.before.from, to: periods.before.to },
      after: { count: after, days: periods.after.days, from: periods.after.from, to: periods.after.to },
      label,
    }),
  };
  if (req.byAnalysis !== undefined) {
    const zones = await zonePolygons(ws, req.byAnalysis);
    const { lon, lat } = sel.points;
    const counts = zones.map((z) => {
      const inside = polygonFilter(z.geometry);
      const keep = (i: number) => inside(lon[i], lat[i]);
      return {
        id: z.id,
        before: countIn(time, keep, periods.before.start, periods.before.end),
        after: countIn(time, keep, periods.after.start, periods.after.end),
      };
    });
    result.zones = compareZones(counts, periods.before.days, periods.after.days, {
      label,
      beforeFrom: periods.before.from,
      beforeTo: periods.before.to,
      afterFrom: periods.after.from,
      afterTo: periods.after.to,
    });
  }
  return result;
}

/** The polygons of a stored analysis that count as zones: DBSCAN hulls or Gi* cells. */
async function zonePolygons(ws: WorkspaceStore, analysisId: number): Promise<{ id: string | number; geometry: Polygon | MultiPolygon }[]> {
  const analysis = await ws.getAnalysis(analysisId);
  if (analysis.kind !== 'dbscan' && analysis.kind !== 'gistar') {
    throw new UserError(`analysis ${analysisId} is ${analysis.kind}; zones come from a dbscan or gistar analysis`);
  }
  const fc = analysisGeoJson(analysis);
  const zones: { id: string | number; geometry: Polygon | MultiPolygon }[] = [];
  fc.features.forEach((f, k) => {
    const g = f.geometry;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) return;
    const p = f.properties ?? {};
    const id = (p.cluster_id ?? p.cell_id ?? p.id ?? k) as string | number;
    zones.push({ id, geometry: g });
  });
  if (!zones.length) throw new UserError(`analysis ${analysisId} has no zones (no cluster or cell polygons)`);
  return zones;
}
