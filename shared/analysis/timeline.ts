/**
 * Incident counts over time in the workspace's time zone: calendar bins for the timeline chart,
 * and the weekday × hour matrix.
 *
 * `timelineCounts(times, categories, names, { bin, tz, from?, to? })`
 *   times       epoch ms per record; NaN = no time (counted in `undated`)
 *   categories  per record, an index into `names`; anything else (−1, NaN, out of range) counts in
 *               the bin's total and `uncategorized` only
 *   bin         'day' → label 'YYYY-MM-DD'; 'week' → ISO week 'YYYY-Www' (Monday start, ISO
 *               week-year); 'month' → 'YYYY-MM'. Bins are local calendar units: a DST day is 23 or
 *               25 hours long, and its `end − start` says so.
 *   from, to    instants [from, to); default: the first and last record. Records outside count in
 *               `outside`. Every bin between is present, empty ones with zeros.
 *   ends        aoristic counting (aoristic.ts): each record's window end; its weight is spread
 *               over the bins its window [time, end) covers, so counts are fractional, `outside`
 *               holds the weight outside [from, to) (default: to the last end), and `wider` the
 *               records whose window is longer than the bin they start in, by width.
 *   → { bin, tz, names, bins: [{ start, end, label, total, byCategory: {name: count},
 *       uncategorized }], undated, outside, wider? }
 *
 * `dayHourMatrix(times, precision, tz)` — precision per record: 1 = has a clock time, 0 = date
 *   only. → { counts[7][24] (rows Monday … Sunday, columns local hour 0 … 23), unknownHour[7]
 *   (date-only records by weekday: never counted as midnight), undated, total }.
 * `dayHourAoristic(times, ends, tz, within?)` — the same table with each record spread over the
 *   local hours its window covers (a date-only record over its day's hours); unknownHour stays
 *   zero. With `within` {from, to}, only the shares inside [from, to) (a time window).
 */
import { UserError } from '../errors.ts';
import { addDays, assertTimeZone, localDateOf, localParts, startOfLocalDay, zoneOffset } from '../time/zone.ts';
import { WiderCounter, spreadOverBins, type WiderWindows } from './aoristic.ts';

export type TimeBinUnit = 'day' | 'week' | 'month';

export interface TimelineOptions {
  bin: TimeBinUnit;
  tz: string;
  from?: number;
  to?: number;
  /** Aoristic counting: each record's window end (aoristic.ts windowEnds). */
  ends?: ArrayLike<number>;
}

export interface TimelineBin {
  start: number;
  end: number;
  label: string;
  total: number;
  byCategory: Record<string, number>;
  uncategorized: number;
}

export interface Timeline {
  bin: TimeBinUnit;
  tz: string;
  names: string[];
  bins: TimelineBin[];
  undated: number;
  outside: number;
  /** Aoristic counts: the records whose window is longer than the bin they start in. */
  wider?: WiderWindows;
}

// A chart with more bars than this is a mistake (a stray year-1900 record with daily bins).
const MAX_BINS = 100_000;
const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function ymd(date: string): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number);
  return [y, m, d];
}

/** ISO weekday of a calendar date, 1 = Monday … 7 = Sunday (no zone involved). */
function isoWeekday(date: string): number {
  const [y, m, d] = ymd(date);
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return wd === 0 ? 7 : wd;
}

/** 'YYYY-Www' of the ISO week starting on `monday`: the week belongs to its Thursday's year. */
function isoWeekLabel(monday: string): string {
  const thursday = addDays(monday, 3);
  const [y, m, d] = ymd(thursday);
  const dayOfYear = (Date.UTC(y, m - 1, d) - Date.UTC(y, 0, 1)) / MS_PER_DAY + 1;
  return `${y}-W${pad(Math.floor((dayOfYear - 1) / 7) + 1)}`;
}

function binStartDate(date: string, unit: TimeBinUnit): string {
  if (unit === 'day') return date;
  if (unit === 'week') return addDays(date, 1 - isoWeekday(date));
  return `${date.slice(0, 7)}-01`;
}

function nextBinDate(date: string, unit: TimeBinUnit): string {
  if (unit === 'day') return addDays(date, 1);
  if (unit === 'week') return addDays(date, 7);
  const [y, m] = ymd(date);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${pad(m + 1)}-01`;
}

function binLabel(date: string, unit: TimeBinUnit): string {
  if (unit === 'day') return date;
  if (unit === 'week') return isoWeekLabel(date);
  return date.slice(0, 7);
}

/**
 * Calendar bins covering [from, to) in zone `tz`: `edges` has one more entry than `labels`
 * (bin k is [edges[k], edges[k+1])); the first bin is the one containing `from`.
 */
export function calendarBins(
  from: number,
  to: number,
  bin: TimeBinUnit,
  tz: string,
): { edges: Float64Array; labels: string[] } {
  // Refuse before building anything: a month is at least 28 days, a week 7.
  const minBinDays = bin === 'day' ? 1 : bin === 'week' ? 7 : 28;
  if ((to - from) / MS_PER_DAY / minBinDays > MAX_BINS + 2) {
    throw new UserError(
      `the time range ${localDateOf(from, tz)} … ${localDateOf(to - 1, tz)} needs more than ${MAX_BINS} ${bin} bins; choose a coarser bin or a shorter period`,
    );
  }
  const starts: number[] = [];
  const labels: string[] = [];
  let date = binStartDate(localDateOf(from, tz), bin);
  let start = startOfLocalDay(date, tz);
  while (start < to) {
    starts.push(start);
    labels.push(binLabel(date, bin));
    date = nextBinDate(date, bin);
    start = startOfLocalDay(date, tz);
  }
  starts.push(start);
  return { edges: Float64Array.from(starts), labels };
}

/** Index k of the bin with edges[k] ≤ t < edges[k+1], or −1 when t is outside all bins. */
export function binIndexOf(edges: Float64Array, t: number): number {
  const nb = edges.length - 1;
  if (!(t >= edges[0] && t < edges[nb])) return -1;
  let lo = 0;
  let hi = nb - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (edges[mid] <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function timelineCounts(
  times: ArrayLike<number>,
  categories: ArrayLike<number>,
  names: readonly string[],
  options: TimelineOptions,
): Timeline {
  const { bin, tz } = options;
  if (bin !== 'day' && bin !== 'week' && bin !== 'month') {
    throw new UserError(`unknown time bin "${String(bin)}" (use day, week or month)`);
  }
  assertTimeZone(tz);
  if (categories.length !== times.length) {
    throw new UserError(`timeline: ${times.length} times but ${categories.length} categories`);
  }
  const ends = options.ends;
  let min = Infinity;
  let max = -Infinity;
  let undated = 0;
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (!Number.isFinite(t)) {
      undated++;
      continue;
    }
    if (t < min) min = t;
    if (t > max) max = t;
    // Aoristic: the range runs to the last window's end.
    if (ends && ends[i] - 1 > max) max = ends[i] - 1;
  }
  const from = options.from ?? min;
  const to = options.to ?? max + 1;
  const result: Timeline = { bin, tz, names: [...names], bins: [], undated, outside: 0 };
  if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) {
    result.outside = times.length - undated;
    return result;
  }

  const { edges, labels } = calendarBins(from, to, bin, tz);
  const nb = labels.length;
  const nc = names.length;
  const totals = new Float64Array(nb);
  const uncategorized = new Float64Array(nb);
  const byCat = new Float64Array(nb * nc);

  let outside = 0;
  const wider = ends ? new WiderCounter() : null;
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (!Number.isFinite(t)) continue;
    if (ends) {
      const e = ends[i];
      const k = binIndexOf(edges, Math.max(t, from));
      const c = categories[i];
      const cat = Number.isInteger(c) && c >= 0 && c < nc ? c : -1;
      const out = spreadOverBins(edges, k, t, e, from, to, (j, w) => {
        totals[j] += w;
        if (cat >= 0) byCat[j * nc + cat] += w;
        else uncategorized[j] += w;
      });
      outside += out;
      if (out < 1 && e - t > edges[k + 1] - edges[k]) wider!.add(e - t);
      continue;
    }
    if (t < from || t >= to) {
      outside++;
      continue;
    }
    const lo = binIndexOf(edges, t);
    totals[lo]++;
    const c = categories[i];
    if (Number.isInteger(c) && c >= 0 && c < nc) byCat[lo * nc + c]++;
    else uncategorized[lo]++;
  }

  result.outside = outside;
  if (wider) result.wider = wider.result();
  for (let k = 0; k < nb; k++) {
    const byCategory: Record<string, number> = {};
    for (let c = 0; c < nc; c++) byCategory[names[c]] = (byCategory[names[c]] ?? 0) + byCat[k * nc + c];
    result.bins.push({
      start: edges[k],
      end: edges[k + 1],
      label: labels[k],
      total: totals[k],
      byCategory,
      uncategorized: uncategorized[k],
    });
  }
  return result;
}

// ---------- weekday × hour ----------

export interface DayHourMatrix {
  tz: string;
  /** counts[weekday][hour]: weekday 0 = Monday … 6 = Sunday, local hour 0 … 23. */
  counts: number[][];
  /** Date-only records per weekday (Monday first): their hour is unknown, not midnight. */
  unknownHour: number[];
  undated: number;
  total: number;
}

/**
 * The weekday (0 = Monday) and local hour of instants in `tz`, for times within [minTime, maxTime]:
 * the offset is looked up once per UTC day (NaN when the zone changes offset that day: then each
 * instant asks Intl). A flat table indexed by day when the span is sane, a Map for stray
 * centuries-apart dates.
 */
function weekdayHourOf(tz: string, minTime: number, maxTime: number): (t: number) => { weekday: number; hour: number } {
  const minDay = Math.floor(minTime / MS_PER_DAY);
  const span = Math.floor(maxTime / MS_PER_DAY) - minDay + 1;
  const table = span > 0 && span <= 400_000 ? new Float64Array(span) : null;
  const known = table ? new Uint8Array(span) : null;
  const map = new Map<number, number>();
  const offsetOfDay = (utcDay: number): number => {
    const k = utcDay - minDay;
    if (table && known![k]) return table[k];
    if (!table && map.has(utcDay)) return map.get(utcDay)!;
    const a = zoneOffset(utcDay * MS_PER_DAY, tz);
    const b = zoneOffset(utcDay * MS_PER_DAY + MS_PER_DAY - 1, tz);
    const off = a === b ? a : NaN;
    if (table) {
      table[k] = off;
      known![k] = 1;
    } else map.set(utcDay, off);
    return off;
  };
  const out = { weekday: 0, hour: 0 };
  return (t) => {
    const off = offsetOfDay(Math.floor(t / MS_PER_DAY));
    if (Number.isNaN(off)) {
      const p = localParts(t, tz);
      out.weekday = p.weekday - 1;
      out.hour = p.hour;
    } else {
      const wall = t + off;
      const wallDay = Math.floor(wall / MS_PER_DAY);
      out.weekday = (((wallDay + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday (index 3)
      out.hour = Math.floor((wall - wallDay * MS_PER_DAY) / MS_PER_HOUR);
    }
    return out;
  };
}

export function dayHourMatrix(times: ArrayLike<number>, precision: ArrayLike<number>, tz: string): DayHourMatrix {
  assertTimeZone(tz);
  if (precision.length !== times.length) {
    throw new UserError(`day × hour: ${times.length} times but ${precision.length} precision flags`);
  }
  const counts = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  const unknownHour = new Array<number>(7).fill(0);
  let undated = 0;
  let total = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (!Number.isFinite(t)) continue;
    if (t < min) min = t;
    if (t > max) max = t;
  }
  const locate = weekdayHourOf(tz, min, max);
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (!Number.isFinite(t)) {
      undated++;
      continue;
    }
    total++;
    const { weekday, hour } = locate(t);
    if (precision[i] === 0) unknownHour[weekday]++;
    else counts[weekday][hour]++;
  }
  return { tz, counts, unknownHour, undated, total };
}

/**
 * The weekday × hour table of records known only to windows [times[i], ends[i]) (aoristic.ts):
 * each record's weight spread over the local hours the window covers, in proportion to its time
 * in each; a window of no length counts whole in its hour. The window is walked by local days:
 * a whole 24-hour day adds the same share to its 24 hours (summed per weekday, spread at the
 * end); a part of a day, or a DST day of 23 or 25 hours, hour by hour.
 */
export function dayHourAoristic(
  times: ArrayLike<number>,
  ends: ArrayLike<number>,
  tz: string,
  within: { from?: number; to?: number } = {},
): DayHourMatrix {
  const lo = within.from ?? -Infinity;
  const hi = within.to ?? Infinity;
  assertTimeZone(tz);
  if (ends.length !== times.length) throw new UserError(`day × hour: ${times.length} times but ${ends.length} window ends`);
  const counts = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  let undated = 0;
  let total = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (!Number.isFinite(t)) continue;
    if (t < min) min = t;
    if (ends[i] > max) max = ends[i];
    if (t > max) max = t;
  }
  const result = (): DayHourMatrix => ({ tz, counts, unknownHour: new Array<number>(7).fill(0), undated, total });
  if (!(max >= min)) {
    undated = times.length;
    return result();
  }
  const locate = weekdayHourOf(tz, min, max);
  const { edges, labels } = calendarBins(min, max + 1, 'day', tz);
  const firstWeekday = isoWeekday(labels[0]) - 1;
  // Share per millisecond of every whole regular day, by weekday.
  const wholeDays = new Float64Array(7);
  // The local hours of a day of 23 or 25 hours: their starts (and the day's end) and numbers.
  const irregular = new Map<number, { starts: number[]; hours: number[] }>();
  const irregularHours = (d: number): { starts: number[]; hours: number[] } => {
    let seg = irregular.get(d);
    if (seg) return seg;
    seg = { starts: [], hours: [] };
    for (let t = edges[d]; t < edges[d + 1]; ) {
      seg.starts.push(t);
      seg.hours.push(locate(t).hour);
      const wall = t + zoneOffset(t, tz);
      t += MS_PER_HOUR - (((wall % MS_PER_HOUR) + MS_PER_HOUR) % MS_PER_HOUR);
    }
    seg.starts.push(edges[d + 1]);
    irregular.set(d, seg);
    return seg;
  };
  for (let i = 0; i < times.length; i++) {
    const s = times[i];
    if (!Number.isFinite(s)) {
      undated++;
      continue;
    }
    total++;
    const e = ends[i];
    const length = e - s;
    if (!(length > 0)) {
      if (s < lo || s >= hi) continue;
      const { weekday, hour } = locate(s);
      counts[weekday][hour]++;
      continue;
    }
    const last = Math.min(e, hi);
    for (let d = binIndexOf(edges, Math.max(s, lo)); d >= 0 && d < labels.length && edges[d] < last; d++) {
      const dayStart = edges[d];
      const dayEnd = edges[d + 1];
      const weekday = (firstWeekday + d) % 7;
      const a = Math.max(s, dayStart, lo);
      const b = Math.min(last, dayEnd);
      if (!(b > a)) continue;
      const regular = dayEnd - dayStart === MS_PER_DAY;
      if (regular && a === dayStart && b === dayEnd) {
        wholeDays[weekday] += 1 / length;
        continue;
      }
      if (regular) {
        for (let t = a; t < b; ) {
          const hour = Math.floor((t - dayStart) / MS_PER_HOUR);
          const stop = Math.min(dayStart + (hour + 1) * MS_PER_HOUR, b);
          counts[weekday][hour] += (stop - t) / length;
          t = stop;
        }
        continue;
      }
      // A DST day: its local hours, asked of the zone once per day (many windows cross it).
      const seg = irregularHours(d);
      for (let j = 0; j < seg.hours.length && seg.starts[j] < b; j++) {
        const part = Math.min(b, seg.starts[j + 1]) - Math.max(a, seg.starts[j]);
        if (part > 0) counts[weekday][seg.hours[j]] += part / length;
      }
    }
  }
  for (let w = 0; w < 7; w++) {
    if (wholeDays[w]) for (let h = 0; h < 24; h++) counts[w][h] += wholeDays[w] * MS_PER_HOUR;
  }
  return result();
}
