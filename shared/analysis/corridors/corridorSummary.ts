import { buffer } from '@turf/buffer';
import type { LineString, Polygon } from 'geojson';
import type { LocalProjection } from '../localProjection.ts';
import { borderMetrics } from './borderMetrics.ts';
import { axialBearing, polylineLength, simplify, type XY } from './polyline.ts';
import type { Corridor, IncidentArrays } from './types.ts';

export interface CorridorDraft {
  mode: 'network' | 'free';
  /** Centreline in the analysis projection's metres. */
  center: XY;
  /** Robust half width, metres. */
  halfWidthM: number;
  /** Input indices of the incidents the corridor holds. */
  members: Int32Array;
  pValue: number | null;
}

/** Fills in a corridor's geometry (lon/lat), attribute tallies and border metrics. */
export function summarizeCorridor(
  draft: CorridorDraft,
  id: string,
  input: IncidentArrays,
  proj: LocalProjection,
  border: XY[] | null,
  borderNearM: number,
): Corridor {
  // Lixel cuts and bin means leave collinear vertices; a metre of tolerance drops them unseen.
  const center = simplify(draft.center, 1);
  const toLonLat = (c: XY): [number, number][] =>
    Array.from(c.x, (x, i) => {
      const [lon, lat] = proj.inverse(x, c.y[i]);
      return [round7(lon), round7(lat)];
    });
  const coords = toLonLat(center);
  const centerline: LineString = { type: 'LineString', coordinates: coords };
  const lengthM = polylineLength(draft.center);
  // The outline needs no detail finer than a fifth of the half width; the buffer's cost grows with vertices.
  const outline: LineString = { type: 'LineString', coordinates: toLonLat(simplify(center, draft.halfWidthM / 5)) };
  const polygon = corridorPolygon(outline, draft.halfWidthM);

  const countsByCategory: Record<string, number> = {};
  const quantityByUnit: Record<string, number> = {};
  let first = Infinity;
  let last = -Infinity;
  for (const i of draft.members) {
    if (input.category && input.category[i] >= 0) {
      const name = input.categoryNames?.[input.category[i]] ?? String(input.category[i]);
      countsByCategory[name] = (countsByCategory[name] ?? 0) + 1;
    }
    if (input.quantity && Number.isFinite(input.quantity[i])) {
      const u = input.unit ? input.unit[i] : -1;
      const name = u >= 0 ? (input.unitNames?.[u] ?? String(u)) : '';
      quantityByUnit[name] = (quantityByUnit[name] ?? 0) + input.quantity[i];
    }
    if (input.time) {
      const t = input.time[i];
      if (Number.isFinite(t)) {
        if (t < first) first = t;
        if (t > last) last = t;
      }
    }
  }
  const bm = border && border.length > 0 ? borderMetrics(draft.center, border, borderNearM) : null;
  const lengthKm = lengthM / 1000;
  return {
    corridor_id: id,
    mode: draft.mode,
    centerline,
    polygon,
    lengthKm,
    meanWidthM: 2 * draft.halfWidthM,
    count: draft.members.length,
    perKm: lengthKm > 0 ? draft.members.length / lengthKm : 0,
    countsByCategory,
    quantityByUnit,
    firstTime: Number.isFinite(first) ? first : null,
    lastTime: Number.isFinite(last) ? last : null,
    bearing: axialBearing(coords),
    borderDistanceM: bm ? bm.borderDistanceM : null,
    shareWithin5km: bm ? bm.shareWithin5km : null,
    crossesBorder: bm ? bm.crossesBorder : null,
    members: draft.members,
    pValue: draft.pValue,
  };
}

function round7(v: number): number {
  return Math.round(v * 1e7) / 1e7;
}

/** The centreline buffered by the half width, with round ends (Turf's geodesic-aware buffer). */
function corridorPolygon(line: LineString, halfWidthM: number): Polygon {
  const b = buffer({ type: 'Feature', properties: {}, geometry: line }, Math.max(halfWidthM, 1), { units: 'meters', steps: 6 });
  const g = b?.geometry;
  if (g && g.type === 'Polygon') return g;
  if (g && g.type === 'MultiPolygon') {
    // A buffer of one line is one piece; keep the largest if rounding split off slivers.
    let best = g.coordinates[0];
    for (const p of g.coordinates) if (p[0].length > best[0].length) best = p;
    return { type: 'Polygon', coordinates: best };
  }
  return { type: 'Polygon', coordinates: [] };
}
