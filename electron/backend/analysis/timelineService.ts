/**
 * Counts over time for the charts: bins by day, ISO week or month per category, and the
 * weekday × hour table (date-only incidents in their own "unknown hour" row), in the
 * workspace time zone.
 */
import type { TimelineRequest } from '../../../shared/api/analysisInputs.ts';
import type { TimelineResult } from '../../../shared/api/contract.ts';
import { dayHourMatrix, timelineCounts, type TimeBinUnit } from '../../../shared/analysis/timeline.ts';
import type { WorkspaceStore } from '../store/store.ts';
import { selectPoints } from './selectPoints.ts';

const DAY = 86_400_000;

/** Days for up to half a year, weeks up to three years, months beyond. */
export function autoBin(min: number, max: number): TimeBinUnit {
  const span = max - min;
  if (!(span >= 0)) return 'day';
  return span <= 183 * DAY ? 'day' : span <= 3 * 366 * DAY ? 'week' : 'month';
}

export async function runTimeline(ws: WorkspaceStore, req: TimelineRequest): Promise<TimelineResult> {
  const sel = await selectPoints(ws, req.layer, req.selection);
  const tz = await ws.timezone();
  const { time, timePrecision, category, categories, count } = sel.points;
  let min = Infinity;
  let max = -Infinity;
  for (const t of time) {
    if (t < min) min = t;
    if (t > max) max = t;
  }
  const bin = req.bin ?? autoBin(sel.window.from ?? min, sel.window.to ?? max);
  const timeline = timelineCounts(time, category, categories, {
    bin,
    tz,
    ...(sel.window.from !== null ? { from: sel.window.from } : {}),
    ...(sel.window.to !== null ? { to: sel.window.to } : {}),
  });
  const hasClock = Uint8Array.from(timePrecision, (p) => (p === 1 ? 1 : 0));
  return { timeline, dayHour: dayHourMatrix(time, hasClock, tz), total: count };
}
