/**
 * The selection every analysis and view shares: a time window, categories and an optional
 * polygon. Dates given without a clock are whole local days in the workspace zone, and `to` is
 * inclusive (`--to 2023-07-21` keeps all of the 21st), as analysts write periods.
 */
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Polygon } from 'geojson';
import { UserError } from '../errors.ts';
import { addDays, startOfLocalDay } from '../time/zone.ts';

export interface TimeWindow {
  /** Inclusive start, epoch ms. */
  from: number | null;
  /** Exclusive end, epoch ms. */
  to: number | null;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Parses `--from`/`--to` values: 'YYYY-MM-DD' (local day) or an ISO instant with offset/Z. */
export function parseTimeWindow(from: string | undefined, to: string | undefined, tz: string): TimeWindow {
  const w: TimeWindow = {
    from: from === undefined ? null : parseBound(from, tz, 'from'),
    to: to === undefined ? null : parseBound(to, tz, 'to'),
  };
  if (w.from !== null && w.to !== null && w.to <= w.from) {
    throw new UserError(`empty time window: --to ${to} is not after --from ${from}`);
  }
  return w;
}

function parseBound(value: string, tz: string, which: 'from' | 'to'): number {
  const v = value.trim();
  if (DATE_ONLY.test(v)) {
    return which === 'from' ? startOfLocalDay(v, tz) : startOfLocalDay(addDays(v, 1), tz);
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v)) {
    const ms = Date.parse(v);
    if (Number.isFinite(ms)) return ms;
  }
  throw new UserError(
    `--${which} "${value}" is neither a date (YYYY-MM-DD, a whole local day) nor an instant with a zone (e.g. 2023-07-22T06:00:00-07:00)`,
  );
}

/** A point-in-polygon test with a bounding-box shortcut, for filtering many points. */
export function polygonFilter(geometry: Polygon | MultiPolygon): (lon: number, lat: number) => boolean {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const rings = geometry.type === 'Polygon' ? [geometry.coordinates[0]] : geometry.coordinates.map((p) => p[0]);
  for (const ring of rings) {
    for (const [x, y] of ring) {
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  return (lon, lat) =>
    lon >= minX && lon <= maxX && lat >= minY && lat <= maxY && booleanPointInPolygon([lon, lat], geometry);
}
