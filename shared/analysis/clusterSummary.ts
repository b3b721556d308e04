/**
 * Per-cluster facts for the map and the briefing, from a dbscan result.
 *
 * Inputs: x, y (metres, as given to dbscan), labels and clusterCount (dbscan), the projection
 * used (for lon/lat output), and optional per-point columns: time (epoch ms, NaN = unknown),
 * category (index into categoryNames, −1 = none), quantity (NaN = none) with unit (index into
 * unitNames, −1 = none). Options: hull 'convex' (default) or 'concave' (Turf's concave hull of
 * the members, no triangle edge longer than concaveMaxEdgeM, default 1000 m — pass about
 * 2 × eps; falls back to convex when no concave hull can be formed).
 * Output per cluster, 0..k−1: count, centroid [lon, lat] (mean of members), hull (GeoJSON
 * Polygon/MultiPolygon in lon/lat), areaKm2 (of that hull, in the local metric CRS),
 * densityPerKm2 (count / area; null when the hull has no area), countsByCategory, quantityByUnit,
 * firstTime/lastTime (epoch ms or null). A cluster whose hull has fewer than three corners —
 * its members on one spot (a town-centre geocode: stackedPoints.ts) or on one line — has no
 * area to draw: its hull is the Point of its centroid, and `locations` says on how many distinct
 * spots its members lie (null for clusters with an area), so the map draws a sized point.
 */
import { concave } from '@turf/concave';
import { featureCollection, point } from '@turf/helpers';
import type { MultiPolygon, Point, Polygon } from 'geojson';
import { UserError } from '../errors.ts';
import { convexHull, ringArea } from './hull.ts';
import type { LocalProjection } from './localProjection.ts';

export interface ClusterColumns {
  time?: Float64Array | null;
  category?: Int32Array | null;
  categoryNames?: readonly string[];
  quantity?: Float64Array | null;
  unit?: Int32Array | null;
  unitNames?: readonly string[];
}

export interface ClusterSummaryOptions {
  hull?: 'convex' | 'concave';
  /** Longest edge of the concave hull, metres. */
  concaveMaxEdgeM?: number;
}

export interface ClusterSummary {
  cluster: number;
  count: number;
  centroid: [number, number];
  hull: Polygon | MultiPolygon | Point;
  /** Clusters without an area (hull a Point): the distinct spots its members lie on; null otherwise. */
  locations: number | null;
  areaKm2: number;
  densityPerKm2: number | null;
  countsByCategory: Record<string, number>;
  quantityByUnit: Record<string, number>;
  firstTime: number | null;
  lastTime: number | null;
}

export function clusterSummary(
  x: Float64Array,
  y: Float64Array,
  labels: Int32Array,
  clusterCount: number,
  projection: Pick<LocalProjection, 'forward' | 'inverse'>,
  columns: ClusterColumns = {},
  options: ClusterSummaryOptions = {},
): ClusterSummary[] {
  const n = labels.length;
  if (x.length !== n || y.length !== n) throw new UserError(`cluster summary: ${n} labels for ${x.length} points`);
  for (const [name, col] of Object.entries(columns)) {
    if (col && ArrayBuffer.isView(col) && (col as Float64Array).length !== n) {
      throw new UserError(`cluster summary: the ${name} column has ${(col as Float64Array).length} values for ${n} points`);
    }
  }
  const maxEdge = options.concaveMaxEdgeM ?? 1000;
  if (options.hull === 'concave' && !(maxEdge > 0)) throw new UserError(`cluster summary: the concave hull's edge must be > 0 m, got ${maxEdge}`);
  // Members per cluster, CSR.
  const start = new Int32Array(clusterCount + 1);
  for (let i = 0; i < n; i++) {
    const l = labels[i];
    if (l >= clusterCount) throw new UserError(`cluster summary: point ${i} has cluster ${l} but there are ${clusterCount} clusters`);
    if (l >= 0) start[l + 1]++;
  }
  for (let c = 0; c < clusterCount; c++) start[c + 1] += start[c];
  const fill = start.slice(0, clusterCount);
  const members = new Int32Array(start[clusterCount]);
  for (let i = 0; i < n; i++) if (labels[i] >= 0) members[fill[labels[i]]++] = i;

  const { time, category, categoryNames = [], quantity, unit, unitNames = [] } = columns;
  // Counts and sums go to arrays by key slot, reset between clusters: a property increment on a
  // record per incident took ~20 ms of a 200k-incident run. The records are built after each
  // cluster, keys in the order each first appears among its members, as they always were.
  const cats = keySlots(category, 0, (k) => categoryNames[k] ?? String(k));
  // Unit index −1 (none) is key '', slot of index + 1.
  const units = keySlots(unit, 1, (k) => (k < 0 ? '' : (unitNames[k] ?? String(k))));
  const catCount = new Int32Array(cats.keys.length);
  const unitSum = new Float64Array(units.keys.length);
  const unitSeen = new Uint8Array(units.keys.length);
  const order: number[] = [];
  const out: ClusterSummary[] = [];
  for (let c = 0; c < clusterCount; c++) {
    const idx = members.subarray(start[c], start[c + 1]);
    const count = idx.length;
    let sx = 0;
    let sy = 0;
    let first = Infinity;
    let last = -Infinity;
    const countsByCategory: Record<string, number> = {};
    const quantityByUnit: Record<string, number> = {};
    for (let k = 0; k < count; k++) {
      const i = idx[k];
      sx += x[i];
      sy += y[i];
      if (time && Number.isFinite(time[i])) {
        if (time[i] < first) first = time[i];
        if (time[i] > last) last = time[i];
      }
      if (category && category[i] >= 0) {
        const slot = cats.slot[category[i]];
        if (catCount[slot]++ === 0) order.push(slot);
      }
    }
    for (const slot of order) {
      countsByCategory[cats.keys[slot]] = catCount[slot];
      catCount[slot] = 0;
    }
    order.length = 0;
    if (quantity) {
      for (let k = 0; k < count; k++) {
        const i = idx[k];
        if (!Number.isFinite(quantity[i])) continue;
        const slot = units.slot[unit && unit[i] >= 0 ? unit[i] + 1 : 0];
        if (!unitSeen[slot]) {
          unitSeen[slot] = 1;
          order.push(slot);
        }
        unitSum[slot] += quantity[i];
      }
      for (const slot of order) {
        quantityByUnit[units.keys[slot]] = unitSum[slot];
        unitSum[slot] = 0;
        unitSeen[slot] = 0;
      }
      order.length = 0;
    }
    const ringM = convexHull(x, y, idx);
    const centroid = projection.inverse(sx / count, sy / count);
    // The ring is closed: its corners are one fewer than its positions.
    const degenerate = ringM.length - 1 < 3;
    let hull: Polygon | MultiPolygon | Point = degenerate
      ? { type: 'Point', coordinates: centroid }
      : { type: 'Polygon', coordinates: [ringM.map(([a, b]) => projection.inverse(a, b))] };
    let areaM2 = degenerate ? 0 : ringArea(ringM);
    if (options.hull === 'concave' && count >= 4 && areaM2 > 0) {
      const pts = featureCollection(Array.from(idx, (i) => point(projection.inverse(x[i], y[i]))));
      const cc = concave(pts, { maxEdge: maxEdge / 1000, units: 'kilometers' });
      if (cc) {
        hull = cc.geometry;
        const polys = hull.type === 'Polygon' ? [hull.coordinates] : hull.coordinates;
        areaM2 = 0;
        for (const poly of polys) {
          poly.forEach((ring, k) => {
            const a = ringArea(ring.map(([lo, la]) => projection.forward(lo, la)));
            areaM2 += k === 0 ? a : -a;
          });
        }
      }
    }
    const areaKm2 = areaM2 / 1e6;
    out.push({
      cluster: c,
      count,
      centroid,
      hull,
      locations: degenerate ? distinctSpots(x, y, idx) : null,
      areaKm2,
      densityPerKm2: areaKm2 > 0 ? count / areaKm2 : null,
      countsByCategory,
      quantityByUnit,
      firstTime: first <= last ? first : null,
      lastTime: first <= last ? last : null,
    });
  }
  return out;
}

/** How many distinct (x, y) the members have: a cluster without an area has one or a few. */
function distinctSpots(x: Float64Array, y: Float64Array, idx: Int32Array): number {
  const seen = new Set<string>();
  for (const i of idx) seen.add(`${x[i]},${y[i]}`);
  return seen.size;
}

/**
 * Record keys of a column of indices: `slot[index + offset]` is the slot of the index's key in
 * `keys`, indices with the same key sharing a slot (0..max index of the column; offset 1 also
 * covers index −1).
 */
function keySlots(col: Int32Array | null | undefined, offset: number, keyOf: (index: number) => string): { slot: Int32Array; keys: string[] } {
  let max = -1;
  if (col) for (let i = 0; i < col.length; i++) if (col[i] > max) max = col[i];
  const slot = new Int32Array(max + 1 + offset);
  const keys: string[] = [];
  const byKey = new Map<string, number>();
  for (let j = 0; j < slot.length; j++) {
    const key = keyOf(j - offset);
    let s = byKey.get(key);
    if (s === undefined) {
      s = keys.length;
      keys.push(key);
      byKey.set(key, s);
    }
    slot[j] = s;
  }
  return { slot, keys };
}
