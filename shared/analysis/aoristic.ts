/**
 * Aoristic counting: a record known only to lie somewhere in a time window spreads a weight of
 * one over the window, uniformly by time, so the bins it overlaps share it and the bins' total
 * stays the number of records (Ratcliffe 2002, "Aoristic signatures and the spatio-temporal
 * analysis of high volume crime patterns", J. Quantitative Criminology 18(1)).
 *
 * A record's window is [time, end): `end` its time_end (a date-only end is already the start of
 * the next local day); without one, a date-only time is its whole local day and an instant a
 * window of no length, all its weight in the bin that holds it (windowEnds).
 *
 * `spreadOverBins(edges, k, start, end, lo, hi, add)` gives each bin [edges[k], edges[k+1]) the
 * share of the window inside it and inside [lo, hi): add(k, share); returns the share outside.
 * Bins are calendar instants (timeline.ts calendarBins), so a 23-hour DST day gets 23/24 of a
 * day's share.
 */
import { addDays, localDateOf, startOfLocalDay } from '../time/zone.ts';
import { DEFAULT_LANGUAGE, LOCALE, type Language } from '../i18n/languages.ts';
import { translator } from '../i18n/translator.ts';

const DAY_SLACK_MS = 36 * 3_600_000;
const DAY = 86_400_000;
const HOUR = 3_600_000;

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
function windowWidthText(ms: number, language: Language): string {
  const days = ms / 86_400_000;
  if (days >= 2) return translator(language, 'analysis')('aoristic.widthDays', { n: Math.round(days) });
  return `${Math.round(ms / 3_600_000)} h`;
}

/** A layer's windows for people: "1,874 records known only to a window, the widest 366 days". */
export function describeWindows(w: { count: number; widestMs: number | null }, language: Language = DEFAULT_LANGUAGE): string {
  const t = translator(language, 'analysis');
  if (!w.count) return t('aoristic.noWindows');
  return t('aoristic.windows', { count: w.count, n: w.count.toLocaleString(LOCALE[language]), width: windowWidthText(w.widestMs ?? 0, language) });
}

/**
 * The end of each record's aoristic window (see the header): its time_end when it has one; a
 * date-only time without one, the start of its next local day in `tz`; an instant, itself.
 * NaN for a record without time. `timePrecision` codes as PointColumns': 2 = date only.
 */
export function windowEnds(
  time: ArrayLike<number>,
  timePrecision: ArrayLike<number>,
  timeEnd: ArrayLike<number> | undefined,
  tz: string,
): Float64Array {
  const n = time.length;
  const out = new Float64Array(n);
  // Date-only times are local midnights, shared by many records: one zone lookup per day.
  const nextDay = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const t = time[i];
    const e = timeEnd ? timeEnd[i] : NaN;
    if (e === e) out[i] = e;
    else if (timePrecision[i] === 2 && t === t) {
      let next = nextDay.get(t);
      if (next === undefined) {
        next = startOfLocalDay(addDays(localDateOf(t, tz), 1), tz);
        nextDay.set(t, next);
      }
      out[i] = next;
    } else out[i] = t;
  }
  return out;
}

/**
 * Spreads the weight of window [start, end) over bins [edges[k], edges[k+1]) from bin `k` (the
 * bin holding max(start, lo)) on, counting only the time inside [lo, hi): add(k, share). A window
 * of no length puts its whole weight in its bin when lo ≤ start < hi. Returns the weight outside
 * [lo, hi) and outside the bins. Callers find `k` (binIndexOf), so this module needs no bins.
 */
export function spreadOverBins(
  edges: ArrayLike<number>,
  k: number,
  start: number,
  end: number,
  lo: number,
  hi: number,
  add: (bin: number, share: number) => void,
): number {
  const length = end - start;
  if (!(length > 0)) {
    if (start >= lo && start < hi && k >= 0) {
      add(k, 1);
      return 0;
    }
    return 1;
  }
  const a = Math.max(start, lo);
  const b = Math.min(end, hi);
  if (!(b > a) || k < 0) return 1;
  // Summed in milliseconds, so a window wholly inside leaves exactly 0 outside.
  let inside = 0;
  const last = edges.length - 1;
  for (let j = k; j < last && edges[j] < b; j++) {
    const part = Math.min(b, edges[j + 1]) - Math.max(a, edges[j]);
    if (part > 0) {
      add(j, part / length);
      inside += part;
    }
  }
  return (length - inside) / length;
}

/** The share of window [start, end) inside [lo, hi); a window of no length: 1 when lo ≤ start < hi. */
export function windowShare(start: number, end: number, lo: number, hi: number): number {
  const length = end - start;
  if (!(length > 0)) return start >= lo && start < hi ? 1 : 0;
  return Math.max(0, Math.min(end, hi) - Math.max(start, lo)) / length;
}

/** Whether window [start, end) lies entirely inside [lo, hi) (a window of no length: its instant). */
export function windowInside(start: number, end: number, lo: number, hi: number): boolean {
  return start >= lo && (end > start ? end <= hi : start < hi);
}

/** How precisely a window knows its record: to a few days, the week, the month, the year, or less. */
export type WindowWidth = 'days' | 'week' | 'month' | 'year' | 'longer';
const WIDTHS: readonly WindowWidth[] = ['days', 'week', 'month', 'year', 'longer'];
// Upper bounds in days, with an hour of slack for a DST change inside the window.
const WIDTH_DAYS = [6, 7, 31, 366];

export function windowWidth(ms: number): WindowWidth {
  const days = (ms - HOUR) / DAY;
  const k = WIDTH_DAYS.findIndex((d) => days <= d);
  return WIDTHS[k < 0 ? WIDTHS.length - 1 : k];
}

/** Records whose window is wider than the bin (or period) they are counted in, by width. */
export interface WiderWindows {
  count: number;
  byWidth: Partial<Record<WindowWidth, number>>;
}

export class WiderCounter {
  readonly byWidth = new Map<WindowWidth, number>();
  count = 0;

  add(ms: number): void {
    const w = windowWidth(ms);
    this.byWidth.set(w, (this.byWidth.get(w) ?? 0) + 1);
    this.count++;
  }

  result(): WiderWindows {
    return { count: this.count, byWidth: Object.fromEntries(WIDTHS.filter((w) => this.byWidth.has(w)).map((w) => [w, this.byWidth.get(w)!])) };
  }
}

/**
 * "41 records known only to the month, 12 to the year" (widest classes last, as the issue words
 * it); '' when there are none.
 */
export function widerSentence(w: WiderWindows, language: Language = DEFAULT_LANGUAGE): string {
  const t = translator(language, 'analysis');
  const parts = WIDTHS.filter((k) => w.byWidth[k]).map((k, i) => {
    const count = w.byWidth[k]!;
    const values = { count, n: count.toLocaleString(LOCALE[language]), to: t(`aoristic.knownTo.${k}`) };
    return t(i === 0 ? 'aoristic.widerFirst' : 'aoristic.widerNext', values);
  });
  return parts.join(', ');
}
