/**
 * Counts over time for the charts: bins by day, ISO week or month per category, and the
 * weekday × hour table (date-only incidents in their own "unknown hour" row), in the
 * workspace time zone. Aoristic (aoristicChoice.ts: on by default when the layer has time
 * windows): each record spread over its window's bins and hours instead.
 */
import type { TimelineRequest } from '../../../shared/api/analysisInputs.ts';
import type { TimelineResult } from '../../../shared/api/contract.ts';
import { windowEnds, windowLength } from '../../../shared/analysis/aoristic.ts';
import { dayHourAoristic, dayHourMatrix, timelineCounts, type TimeBinUnit } from '../../../shared/analysis/timeline.ts';
import type { WorkspaceStore } from '../store/store.ts';
import { aoristicChoice, aoristicNote } from './aoristicChoice.ts';
import { selectPoints } from './selectPoints.ts';

const DAY = 86_400_000;

/** Days for up to half a year, weeks up to three years, months beyond. */
export function autoBin(min: number, max: number): TimeBinUnit {
  const span = max - min;
  if (!(span >= 0)) return 'day';
  return span <= 183 * DAY ? 'day' : span <= 3 * 366 * DAY ? 'week' : 'month';
}

export async function runTimeline(ws: WorkspaceStore, req: TimelineRequest): Promise<TimelineResult> {
  const aoristic = aoristicChoice(await ws.getLayer(req.layer), req.aoristic);
  const sel = await selectPoints(ws, req.layer, req.selection, { windowReach: aoristic.reach });
  const { time, timePrecision, category, categories, count } = sel.points;
  const tz = await ws.timezone();
  const ends = aoristic.on ? windowEnds(time, timePrecision, sel.points.timeEnd, tz) : null;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < count; i++) {
    const t = time[i];
    if (t < min) min = t;
    if (t > max) max = t;
    if (ends && ends[i] > max) max = ends[i];
  }
  const bin = req.bin ?? autoBin(sel.window.from ?? min, sel.window.to ?? max);
  const timeline = timelineCounts(time, category, categories, {
    bin,
    tz,
    ...(sel.window.from !== null ? { from: sel.window.from } : {}),
    ...(sel.window.to !== null ? { to: sel.window.to } : {}),
    ...(ends ? { ends } : {}),
  });
  const dayHour = ends
    ? dayHourAoristic(time, ends, tz, { ...(sel.window.from !== null ? { from: sel.window.from } : {}), ...(sel.window.to !== null ? { to: sel.window.to } : {}) })
    : dayHourMatrix(time, Uint8Array.from(timePrecision, (p) => (p === 1 ? 1 : 0)), tz);
  const note = aoristicNote(sel.layer, aoristic);
  const result: TimelineResult = { timeline, dayHour, total: count };
  if (note !== null) {
    // As the layer counts them (a date-only end on the time's own day is no window).
    let windowed = 0;
    const timeEnd = sel.points.timeEnd;
    if (timeEnd) for (let i = 0; i < count; i++) if (windowLength(time[i], timeEnd[i], timePrecision[i] === 2, timePrecision[i] === 2) > 0) windowed++;
    result.aoristic = { on: aoristic.on, by: aoristic.by, windowed, note };
  }
  return result;
}
