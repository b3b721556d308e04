/**
 * The app-wide time window the timeline brush sets: epoch ms, `from` inclusive and `to`
 * exclusive, always on bin edges (local midnights of the workspace zone for day bins). It
 * filters the map's incident layers and is the default selection of every analysis.
 */
import type { ExpressionSpecification } from 'maplibre-gl';
import type { TimelineBin } from '../../shared/analysis/timeline.ts';
import { formatDay } from '../../shared/i18n/format.ts';
import type { Language } from '../../shared/i18n/languages.ts';
import { localDateOf } from '../../shared/time/zone.ts';

export interface TimeWindow {
  from: number;
  /** Exclusive. */
  to: number;
}

/** The API selection of a window: ISO instants (the API reads `to` as exclusive for instants). */
export function windowToSelection(w: TimeWindow | null): { from?: string; to?: string } {
  if (!w) return {};
  return { from: new Date(w.from).toISOString(), to: new Date(w.to).toISOString() };
}

/**
 * "2023-07-14 – 2023-07-21" in the workspace zone (the last day shown is the one before `to`);
 * in Spanish "14 jul 2023 – 21 jul 2023".
 */
export function formatWindow(w: TimeWindow, tz: string, language: Language = 'en'): string {
  const a = formatDay(localDateOf(w.from, tz), language);
  const b = formatDay(localDateOf(w.to - 1, tz), language);
  return a === b ? a : `${a} – ${b}`;
}

/** The bins the window covers: bins starting at or after `from` and ending at or before `to`. */
export function binsInWindow(bins: TimelineBin[], w: TimeWindow | null): TimelineBin[] {
  if (!w) return bins;
  return bins.filter((b) => b.start >= w.from && b.end <= w.to);
}

/** Incidents in the window (sum of the covered bins; every bin edge is a window edge). */
export function countInWindow(bins: TimelineBin[], w: TimeWindow | null): number {
  return binsInWindow(bins, w).reduce((n, b) => n + b.total, 0);
}

/**
 * Snaps a brushed span [t0, t1] to whole bins: every bin the span touches by more than half
 * of its length, at least the one under the span's middle. Null when there are no bins.
 */
export function snapToBins(bins: TimelineBin[], t0: number, t1: number): TimeWindow | null {
  if (bins.length === 0) return null;
  const lo = Math.min(t0, t1);
  const hi = Math.max(t0, t1);
  const picked = bins.filter((b) => Math.min(hi, b.end) - Math.max(lo, b.start) > (b.end - b.start) / 2);
  if (picked.length) return { from: picked[0].start, to: picked[picked.length - 1].end };
  const mid = (lo + hi) / 2;
  const hit = bins.find((b) => b.start <= mid && mid < b.end) ?? (mid < bins[0].start ? bins[0] : bins[bins.length - 1]);
  return { from: hit.start, to: hit.end };
}

const pointTypes: ExpressionSpecification = ['match', ['geometry-type'], ['Point', 'MultiPoint'], true, false];

/** The MapLibre filter of a point layer in the window: incidents without a time are outside any window. */
export function timeFilter(w: TimeWindow | null): ExpressionSpecification {
  if (!w) return pointTypes;
  const t: ExpressionSpecification = ['to-number', ['get', '$time'], -1];
  return ['all', pointTypes, ['>=', t, w.from], ['<', t, w.to]];
}
