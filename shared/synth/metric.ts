/**
 * Local metric approximations for generating and checking synthetic data over a ~200 km
 * region: an equirectangular plane per latitude (error well under 1 % at these scales), which
 * is all a generator needs and keeps it free of a projection library.
 */
import type { LonLat } from './region.ts';

/** Mean Earth radius (IUGG), metres. */
const EARTH_RADIUS_M = 6_371_008.8;
export const M_PER_DEG_LAT = (Math.PI / 180) * EARTH_RADIUS_M;

export function mPerDegLon(lat: number): number {
  return M_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180);
}

/** Distance in metres between two nearby points (equirectangular at their mean latitude). */
export function distanceM(a: LonLat, b: LonLat): number {
  const kx = mPerDegLon((a[1] + b[1]) / 2);
  return Math.hypot((b[0] - a[0]) * kx, (b[1] - a[1]) * M_PER_DEG_LAT);
}

/** Distance in metres from a point to a polyline (nearest point on any segment). */
export function distanceToLineM(lon: number, lat: number, line: readonly LonLat[]): number {
  const kx = mPerDegLon(lat);
  const ky = M_PER_DEG_LAT;
  let best = Infinity;
  for (let i = 0; i + 1 < line.length; i++) {
    const ax = (line[i][0] - lon) * kx;
    const ay = (line[i][1] - lat) * ky;
    const bx = (line[i + 1][0] - lon) * kx;
    const by = (line[i + 1][1] - lat) * ky;
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
    const d = Math.hypot(ax + t * dx, ay + t * dy);
    if (d < best) best = d;
  }
  return line.length === 1 ? distanceM([lon, lat], line[0]) : best;
}

/**
 * The line shifted sideways by `offsetM` metres: positive to the left of the direction of
 * travel, negative to the right. Inner vertices move along the bisector of the two segment
 * normals (mitre join), so the shifted segments stay parallel to the originals.
 */
export function offsetLine(line: readonly LonLat[], offsetM: number): LonLat[] {
  if (line.length < 2) throw new RangeError('offsetLine needs at least two vertices');
  const normals: [number, number][] = [];
  for (let i = 0; i + 1 < line.length; i++) {
    const kx = mPerDegLon((line[i][1] + line[i + 1][1]) / 2);
    const dx = (line[i + 1][0] - line[i][0]) * kx;
    const dy = (line[i + 1][1] - line[i][1]) * M_PER_DEG_LAT;
    const len = Math.hypot(dx, dy);
    if (len === 0) throw new RangeError(`offsetLine: vertices ${i} and ${i + 1} coincide`);
    normals.push([-dy / len, dx / len]);
  }
  return line.map((p, i) => {
    const n0 = normals[Math.max(0, i - 1)];
    const n1 = normals[Math.min(normals.length - 1, i)];
    let nx = n0[0] + n1[0];
    let ny = n0[1] + n1[1];
    const nl = Math.hypot(nx, ny);
    nx /= nl;
    ny /= nl;
    // Mitre length: the offset along the bisector that keeps both segments at offsetM.
    const cos = nx * n1[0] + ny * n1[1];
    const d = offsetM / Math.max(cos, 0.25);
    return [p[0] + (nx * d) / mPerDegLon(p[1]), p[1] + (ny * d) / M_PER_DEG_LAT];
  });
}

/** Even–odd ray casting; points on the boundary may go either way. */
export function pointInRing(lon: number, lat: number, ring: readonly LonLat[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i][0];
    const yi = ring[i][1];
    const xj = ring[j][0];
    const yj = ring[j][1];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** The part of `line` between two longitudes, cut by linear interpolation (line must be monotonic in lon there). */
export function sliceByLon(line: readonly LonLat[], lonA: number, lonB: number): LonLat[] {
  const lo = Math.min(lonA, lonB);
  const hi = Math.max(lonA, lonB);
  const at = (lon: number): LonLat | null => {
    for (let i = 0; i + 1 < line.length; i++) {
      const [x0, y0] = line[i];
      const [x1, y1] = line[i + 1];
      if ((x0 - lon) * (x1 - lon) <= 0 && x0 !== x1) return [lon, y0 + ((lon - x0) / (x1 - x0)) * (y1 - y0)];
    }
    return null;
  };
  const a = at(lonA);
  const b = at(lonB);
  if (!a || !b) throw new RangeError(`line does not span longitudes ${lonA}..${lonB}`);
  const inner = line.filter((p) => p[0] > lo && p[0] < hi);
  const out = [a, ...(lonA < lonB ? inner.sort((p, q) => p[0] - q[0]) : inner.sort((p, q) => q[0] - p[0])), b];
  return out;
}
