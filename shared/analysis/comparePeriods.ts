/**
 * The two periods a before/after comparison counts incidents in, in the workspace time zone.
 *
 * `periodsFromSplit('2023-07-22', 8, 8, 'America/Tijuana')` → before = the 8 whole local days that
 * end the day before the split (2023-07-14..2023-07-21), after = the split day and the 7 that
 * follow (2023-07-22..2023-07-29).
 * `periodsFromRanges('2023-06-01..2023-06-30', '2023-07-22..2023-08-21', tz)` → each side either
 * inclusive local dates, or instants with a zone (`2023-07-22T06:00:00-07:00..…`, end exclusive).
 *
 * Output per side: `start`/`end` instants (epoch ms, [start, end) — query counts with these),
 * `from`/`to` labels for people ('YYYY-MM-DD' inclusive, or the instants as given), and `days`,
 * the exposure: whole local days for dates (a 23-hour DST day is one day), else hours / 24.
 * Bad input throws UserError naming the value and the reason.
 */
import { UserError } from '../errors.ts';
import { addDays, assertTimeZone, startOfLocalDay } from '../time/zone.ts';
import { parseTimeWindow } from './selection.ts';

interface PeriodWindow {
  /** Inclusive start, epoch ms. */
  start: number;
  /** Exclusive end, epoch ms. */
  end: number;
  /** Human label of the first day (or instant). */
  from: string;
  /** Human label of the last day (inclusive) or the end instant. */
  to: string;
  /** Exposure in days. */
  days: number;
}

export interface ComparisonPeriods {
  before: PeriodWindow;
  after: PeriodWindow;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MS_PER_DAY = 86_400_000;

function wholeDays(first: string, days: number, tz: string): PeriodWindow {
  const last = addDays(first, days - 1);
  return {
    start: startOfLocalDay(first, tz),
    end: startOfLocalDay(addDays(first, days), tz),
    from: first,
    to: last,
    days,
  };
}

function checkDays(n: number, which: string): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new UserError(`${which} must be a whole number of days ≥ 1, got ${String(n)}`);
  }
}

export function periodsFromSplit(split: string, beforeDays: number, afterDays: number, tz: string): ComparisonPeriods {
  assertTimeZone(tz);
  if (!DATE.test(split)) throw new UserError(`split date "${split}" is not a date (expected YYYY-MM-DD)`);
  startOfLocalDay(split, tz); // rejects 2023-02-30 with a readable message
  checkDays(beforeDays, 'days before the split');
  checkDays(afterDays, 'days after the split');
  return {
    before: wholeDays(addDays(split, -beforeDays), beforeDays, tz),
    after: wholeDays(split, afterDays, tz),
  };
}

function daysBetween(first: string, last: string): number {
  const [y1, m1, d1] = first.split('-').map(Number);
  const [y2, m2, d2] = last.split('-').map(Number);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / MS_PER_DAY) + 1;
}

function parseRange(range: string, which: 'before' | 'after', tz: string): PeriodWindow {
  const parts = range.split('..');
  if (parts.length !== 2 || !parts[0].trim() || !parts[1].trim()) {
    throw new UserError(`${which} period "${range}" must be FROM..TO (e.g. 2023-06-01..2023-06-30)`);
  }
  const [a, b] = [parts[0].trim(), parts[1].trim()];
  let w;
  try {
    w = parseTimeWindow(a, b, tz);
  } catch (e) {
    if (e instanceof UserError) {
      throw new UserError(`${which} period "${range}": ${e.message.replace(/--(from|to) /g, '')}`);
    }
    throw e;
  }
  const start = w.from as number;
  const end = w.to as number;
  const days = DATE.test(a) && DATE.test(b) ? daysBetween(a, b) : (end - start) / MS_PER_DAY;
  return { start, end, from: a, to: b, days };
}

export function periodsFromRanges(before: string, after: string, tz: string): ComparisonPeriods {
  assertTimeZone(tz);
  const b = parseRange(before, 'before', tz);
  const a = parseRange(after, 'after', tz);
  if (b.start < a.end && a.start < b.end) {
    throw new UserError(
      `the periods overlap (${before} and ${after}): incidents in the overlap would be counted twice`,
    );
  }
  return { before: b, after: a };
}
