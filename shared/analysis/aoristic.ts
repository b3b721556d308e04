/**
 * Aoristic counting: a record known only to lie somewhere in a time window spreads a weight of
 * one over the window, uniformly by time, so the bins it overlaps share it and the bins' total
 * stays the number of records (Ratcliffe 2002, "Aoristic signatures and the spatio-temporal
 * analysis of high volume crime patterns", J. Quantitative Criminology 18(1)).
 */

const DAY_SLACK_MS = 36 * 3_600_000;

/**
 * The length of a record's time window, ms, when it has one: a time_end later than the time's
 * own instant or, for a date-only time with a date-only end, than its own local day (which lasts
 * 23 to 25 hours, never 36); else 0. Zone-free, so the store counts windows as it writes.
 */
export function windowLength(time: number, timeEnd: number, timeDateOnly: boolean, endDateOnly: boolean): number {
  if (!(timeEnd > time)) return 0;
  const span = timeEnd - time;
  return timeDateOnly && endDateOnly && span <= DAY_SLACK_MS ? 0 : span;
}

/** A window's width for people: whole days from two days on ("31 days"), else hours ("36 h"). */
export function windowWidthText(ms: number): string {
  const days = ms / 86_400_000;
  if (days >= 2) return `${Math.round(days)} days`;
  return `${Math.round(ms / 3_600_000)} h`;
}

/** A layer's windows for people: "1,874 records known only to a window (the widest 366 days)". */
export function describeWindows(w: { count: number; widestMs: number | null }): string {
  if (!w.count) return 'none (every time_end is the time itself or its own day)';
  const n = w.count.toLocaleString('en-US');
  return `${n} record${w.count === 1 ? '' : 's'} known only to a window (the widest ${windowWidthText(w.widestMs ?? 0)})`;
}
