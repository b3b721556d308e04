/**
 * Before/after comparison over a layer of the workspace: counts the selected incidents in each
 * period (workspace time zone) and hands them to the exact test in shared/analysis/compare.ts;
 * optionally the same per zone (cluster hull, Gi* cell) of a stored analysis, with FDR.
 *
 * Records known only to a time window (aoristic, on by default when the layer has windows,
 * aoristicChoice.ts): the test counts whole records, those whose window lies entirely inside a
 * period; the records straddling the split or lying partly outside the periods are counted and
 * said, and the aoristic expected counts (each record's share of its window in each period) go
 * beside the test, never into it.
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
import { WiderCounter, widerSentence, windowEnds, windowInside, windowShare, type WiderWindows } from '../../../shared/analysis/aoristic.ts';
import { UserError } from '../../../shared/errors.ts';
import { ownCategoryLabel } from '../../../shared/analysis/categoryLabels.ts';
import { layerCategoryLabels } from '../../../shared/api/categoryLabels.ts';
import { DEFAULT_LANGUAGE } from '../../../shared/i18n/languages.ts';
import type { WorkspaceStore } from '../store/store.ts';
import { selectPoints } from './selectPoints.ts';
import { aoristicChoice, aoristicNote } from './aoristicChoice.ts';
import { analysisGeoJson } from './analysisResults.ts';

const DEFAULT_DAYS = 28;

function comparisonPeriods(req: CompareRequest, tz: string): ComparisonPeriods {
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

/** Records `inside` a period and kept by `keep`. */
function countIn(n: number, keep: (i: number) => boolean, inside: (i: number, start: number, end: number) => boolean, start: number, end: number): number {
  let count = 0;
  for (let i = 0; i < n; i++) if (inside(i, start, end) && keep(i)) count++;
  return count;
}

export async function runCompare(ws: WorkspaceStore, req: CompareRequest): Promise<CompareResult> {
  const tz = await ws.timezone();
  const periods = comparisonPeriods(req, tz);
  const aoristic = aoristicChoice(await ws.getLayer(req.layer), req.aoristic);
  const sel = await selectPoints(ws, req.layer, { categories: req.categories, within: req.within, withinDistance: req.withinDistance, where: req.where });
  const { time, count } = sel.points;
  const ends = aoristic.on ? windowEnds(time, sel.points.timePrecision, sel.points.timeEnd, tz) : null;
  // Aoristic: whole records only, their window entirely inside the period; else each at its time.
  const inside = ends
    ? (i: number, start: number, end: number) => windowInside(time[i], ends[i], start, end)
    : (i: number, start: number, end: number) => time[i] >= start && time[i] < end;
  const all = () => true;
  const before = countIn(count, all, inside, periods.before.start, periods.before.end);
  const after = countIn(count, all, inside, periods.after.start, periods.after.end);
  // The sentence names the categories as the layer's labels do (English first: it is the stored
  // sentence's language; comparisonSentence says it in another with the same labels).
  const labels = layerCategoryLabels(sel.layer);
  const label = sel.categories?.map((c) => ownCategoryLabel(c, DEFAULT_LANGUAGE, labels) ?? c) ?? undefined;
  const result: CompareResult = {
    layer: sel.layer.name,
    categories: sel.categories,
    within: sel.within,
    ...(sel.description.withinDistance ? { withinDistance: sel.description.withinDistance } : {}),
    ...(sel.where ? { where: sel.where } : {}),
    ...comparePeriods({
      before: { count: before, days: periods.before.days, from: periods.before.from, to: periods.before.to },
      after: { count: after, days: periods.after.days, from: periods.after.from, to: periods.after.to },
      label,
    }),
  };
  const note = aoristicNote(sel.layer, aoristic);
  if (note !== null) result.aoristic = ends ? { on: true, by: aoristic.by, ...aoristicCounts(time, ends, periods), note } : { on: false, by: aoristic.by, note };
  if (req.byAnalysis !== undefined) {
    const zones = await zonePolygons(ws, req.byAnalysis);
    const { lon, lat } = sel.points;
    const counts = zones.map((z) => {
      const inside = polygonFilter(z.geometry);
      const keep = (i: number) => inside(lon[i], lat[i]);
      return {
        id: z.id,
        before: countIn(count, keep, inside, periods.before.start, periods.before.end),
        after: countIn(count, keep, inside, periods.after.start, periods.after.end),
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

/**
 * Beside the test: the aoristic expected counts of the two periods, the records whose window
 * overlaps both (straddling the split) or overlaps a period without lying inside one (partly
 * outside), and those wider than the period they overlap, by width.
 */
function aoristicCounts(
  time: Float64Array,
  ends: Float64Array,
  p: ComparisonPeriods,
): { before: number; after: number; straddling: number; partlyOutside: number; wider: WiderWindows; widerSentence: string } {
  let before = 0;
  let after = 0;
  let straddling = 0;
  let partlyOutside = 0;
  const wider = new WiderCounter();
  const b = p.before;
  const a = p.after;
  for (let i = 0; i < time.length; i++) {
    const s = time[i];
    const e = ends[i];
    const inB = windowShare(s, e, b.start, b.end);
    const inA = windowShare(s, e, a.start, a.end);
    if (!inB && !inA) continue;
    before += inB;
    after += inA;
    if (inB && inA) straddling++;
    else if (!windowInside(s, e, b.start, b.end) && !windowInside(s, e, a.start, a.end)) partlyOutside++;
    const period = Math.min(inB ? b.end - b.start : Infinity, inA ? a.end - a.start : Infinity);
    if (e - s > period) wider.add(e - s);
  }
  const w = wider.result();
  return { before, after, straddling, partlyOutside, wider: w, widerSentence: widerSentence(w) };
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
