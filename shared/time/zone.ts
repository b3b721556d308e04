/**
 * Wall-clock arithmetic in an IANA time zone with nothing but Intl, so naive source times and
 * day/week bins follow the workspace's zone (default America/Tijuana) across DST changes.
 */
import { UserError } from '../errors.ts';

export const DEFAULT_TIMEZONE = 'America/Tijuana';

export interface LocalParts {
  year: number;
  month: number; // 1..12
  day: number; // 1..31
  hour: number; // 0..23
  minute: number;
  second: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: tz,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        weekday: 'short',
      });
    } catch {
      throw new UserError(`unknown time zone "${tz}" (use an IANA name such as America/Tijuana)`);
    }
    formatters.set(tz, f);
  }
  return f;
}

export function assertTimeZone(tz: string): void {
  formatterFor(tz);
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** The wall-clock fields of instant `ms` in zone `tz`. */
export function localParts(ms: number, tz: string): LocalParts {
  const parts = formatterFor(tz).formatToParts(new Date(ms));
  const out: LocalParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, weekday: 0 };
  for (const p of parts) {
    switch (p.type) {
      case 'year': out.year = Number(p.value); break;
      case 'month': out.month = Number(p.value); break;
      case 'day': out.day = Number(p.value); break;
      case 'hour': out.hour = Number(p.value); break;
      case 'minute': out.minute = Number(p.value); break;
      case 'second': out.second = Number(p.value); break;
      case 'weekday': out.weekday = WEEKDAYS[p.value] ?? 0; break;
    }
  }
  return out;
}

/** Offset of `tz` from UTC at instant `ms`, in milliseconds (local = utc + offset). */
export function zoneOffset(ms: number, tz: string): number {
  const p = localParts(ms, tz);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

/**
 * The instant at which the wall clock in `tz` shows the given fields. In the hour skipped by a
 * DST change the later offset wins; in the repeated hour, the first occurrence.
 */
export function zonedTimeToUtc(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  millis = 0,
  tz: string = DEFAULT_TIMEZONE,
): number {
  const naive = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Two passes settle the offset on both sides of a transition.
  const first = naive - zoneOffset(naive, tz);
  const second2 = naive - zoneOffset(first, tz);
  if (first === second2) {
    // In a repeated hour both offsets fit; pick the earlier instant.
    const earlier = naive - zoneOffset(first - 3_600_000, tz);
    if (earlier < first && localMatches(earlier, naive, tz)) return earlier;
    return first;
  }
  return localMatches(second2, naive, tz) ? second2 : Math.max(first, second2);
}

function localMatches(ms: number, naive: number, tz: string): boolean {
  return ms + zoneOffset(ms, tz) === naive;
}

/** 'YYYY-MM-DD' of instant `ms` in zone `tz`. */
export function localDateOf(ms: number, tz: string): string {
  const p = localParts(ms, tz);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** The instant the local day 'YYYY-MM-DD' begins in zone `tz`. */
export function startOfLocalDay(date: string, tz: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new UserError(`"${date}" is not a date (expected YYYY-MM-DD)`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    throw new UserError(`"${date}" is not a calendar date`);
  }
  return zonedTimeToUtc(y, mo, d, 0, 0, 0, 0, tz);
}

/** 'YYYY-MM-DD' plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  const [y, mo, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, mo - 1, d + days));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
