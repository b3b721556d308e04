import { UserError } from '../../errors.ts';
import type { LineString, MultiLineString } from 'geojson';
import { dataCentre, localProjection, type LocalProjection } from '../localProjection.ts';
import type { XY } from './polyline.ts';
import type { IncidentArrays } from './types.ts';

/** A distance option: absent → default; otherwise a finite number > 0 or a UserError naming it. */
export function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new UserError(`corridors: ${name} must be a number greater than 0, got ${String(value)}`);
  }
  return value;
}

export function checkIncidents(input: IncidentArrays, minimum: number): void {
  const n = input.lon.length;
  if (input.lat.length !== n) {
    throw new UserError(`corridors: ${n} longitudes but ${input.lat.length} latitudes`);
  }
  for (const [name, col] of [['time', input.time], ['category', input.category], ['quantity', input.quantity], ['unit', input.unit]] as const) {
    if (col && col.length !== n) throw new UserError(`corridors: the ${name} column has ${col.length} values for ${n} incidents`);
  }
  let valid = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(input.lon[i]) && Number.isFinite(input.lat[i])) valid++;
  if (valid < minimum) {
    throw new UserError(`corridors: need at least ${minimum} incidents with coordinates, got ${valid}`);
  }
}

/** Projects a lon/lat border (LineString or MultiLineString) into the analysis metres. */
export function projectBorder(border: LineString | MultiLineString | null | undefined, proj: LocalProjection): XY[] | null {
  if (!border) return null;
  const parts = border.type === 'LineString' ? [border.coordinates] : border.type === 'MultiLineString' ? border.coordinates : null;
  if (!parts) throw new UserError(`corridors: the border must be a LineString or MultiLineString, got ${(border as { type?: string }).type}`);
  return parts
    .filter((p) => p.length >= 2)
    .map((p) => {
      const x = new Float64Array(p.length);
      const y = new Float64Array(p.length);
      p.forEach((c, i) => {
        [x[i], y[i]] = proj.forward(c[0], c[1]);
      });
      return { x, y };
    });
}

/** Projected copies of the incident coordinates; invalid ones stay NaN. */
export function projectIncidents(input: IncidentArrays, proj: LocalProjection): XY {
  const { x, y } = proj.projectArrays(input.lon, input.lat);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(input.lon[i]) || !Number.isFinite(input.lat[i])) {
      x[i] = NaN;
      y[i] = NaN;
    }
  }
  return { x, y };
}

export function quantile(values: Float64Array, q: number): number {
  if (values.length === 0) return NaN;
  const s = Float64Array.from(values).sort();
  const pos = q * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(s.length - 1, lo + 1);
  return s[lo] + (pos - lo) * (s[hi] - s[lo]);
}

/** The local UTM projection for the incidents with coordinates (the others are ignored). */
export function projectionFor(input: IncidentArrays): LocalProjection {
  const n = input.lon.length;
  let valid = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(input.lon[i]) && Number.isFinite(input.lat[i])) valid++;
  if (valid === n) {
    const [cl, ct] = dataCentre(input.lon, input.lat);
    return localProjection(cl, ct);
  }
  const lon = new Float64Array(valid);
  const lat = new Float64Array(valid);
  for (let i = 0, k = 0; i < n; i++) {
    if (Number.isFinite(input.lon[i]) && Number.isFinite(input.lat[i])) {
      lon[k] = input.lon[i];
      lat[k++] = input.lat[i];
    }
  }
  const [cl, ct] = dataCentre(lon, lat);
  return localProjection(cl, ct);
}
