/**
 * Ready-made specs for tests and benchmarks over the Mexicali – San Luis Río Colorado zone.
 * Counts scale with n (10k, 100k, 1M all keep the same shares) and sum to n exactly.
 */
import { zonedTimeToUtc } from '../time/zone.ts';
import { INCIDENT_CATEGORIES } from './categories.ts';
import type { CategorySpec, CorridorSpec, HotspotSpec, IncidentSpec } from './incidents.ts';
import { offsetLine, sliceByLon } from './metric.ts';
import {
  BORDER_STRETCHES,
  BORDER_ZONE_BBOX,
  COLORADO_RIVER_MEXICO,
  HIGHWAY_2_MEXICALI_SLRC,
  PLACES,
  type LonLat,
} from './region.ts';

/** 2023 in the zone's wall time: [Jan 1 00:00, Jan 1 2024 00:00) America/Tijuana. */
const YEAR_2023: [number, number] = [zonedTimeToUtc(2023, 1, 1), zonedTimeToUtc(2024, 1, 1)];

const QUANTITY: Record<string, CategorySpec['quantity']> = {
  kg: { median: 5, sigmaLog: 1.2, step: 0.1 },
  units: { median: 3, sigmaLog: 1, step: 1 },
};

/** The eleven incident categories, events more frequent than seizures. */
function borderZoneCategories(): CategorySpec[] {
  return INCIDENT_CATEGORIES.map((c) => ({
    name: c.id,
    weight: c.id === 'homicide' ? 30 : c.id === 'armed_confrontation' ? 15 : 5,
    ...(c.unit ? { unit: c.unit, quantity: QUANTITY[c.unit] } : {}),
  }));
}

/** Distance from the border of the border-parallel corridor's centreline (on the Mexican side). */
const BORDER_CORRIDOR_OFFSET_M = 1000;

/**
 * The border-parallel corridor's centreline: the Baja California–California border between
 * lon −115.35 and −114.80, shifted 1 km south into Mexico.
 */
export function borderParallelLine(): LonLat[] {
  // The stretch runs east → west, so its left side is south.
  return offsetLine(sliceByLon(BORDER_STRETCHES.bajaCalifornia, -114.8, -115.35), BORDER_CORRIDOR_OFFSET_M);
}

/** Splits n by weights into whole counts that sum to n (largest remainder). */
export function splitCount(n: number, weights: readonly number[]): number[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`count must be a whole number ≥ 0, got ${n}`);
  const total = weights.reduce((s, w) => s + w, 0);
  const exact = weights.map((w) => (n * w) / total);
  const out = exact.map(Math.floor);
  let rest = n - out.reduce((s, v) => s + v, 0);
  const order = exact.map((v, i) => [v - Math.floor(v), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; rest > 0; k++, rest--) out[order[k % order.length][1]]++;
  return out;
}

const HOTSPOTS: { center: LonLat; sigmaM: number; share: number }[] = [
  { center: PLACES.sanLuisRioColorado, sigmaM: 1500, share: 0.3 },
  { center: PLACES.mexicali, sigmaM: 2500, share: 0.3 },
  { center: PLACES.ciudadGuadalupeVictoria, sigmaM: 1200, share: 0.12 },
  { center: PLACES.losAlgodones, sigmaM: 700, share: 0.08 },
  { center: PLACES.ejidoNuevoLeon, sigmaM: 1000, share: 0.1 },
  { center: PLACES.ejidoHermosillo, sigmaM: 900, share: 0.1 },
];

/**
 * Hotspots in the towns, four corridors (a straight stretch of Highway 5, the curved Highway 2
 * Mexicali → San Luis Río Colorado, the curved Colorado River, one 1 km south of the border)
 * and uniform noise over ~150 × 100 km. Shares: 45 % hotspots, 30 % corridors, 25 % noise.
 */
export function borderZoneSpec(n: number): IncidentSpec {
  const [nHot, nCor, nNoise] = splitCount(n, [45, 30, 25]);
  const hotCounts = splitCount(nHot, HOTSPOTS.map((h) => h.share));
  const hotspots: HotspotSpec[] = HOTSPOTS.map((h, i) => ({ center: h.center, sigmaM: h.sigmaM, count: hotCounts[i] }));
  const corridorDefs: Omit<CorridorSpec, 'count'>[] = [
    { id: 'highway-5', kind: 'straight', line: [[-115.37, 32.52], [-115.22, 32.05]], widthM: 200 },
    { id: 'highway-2', kind: 'curved', line: [...HIGHWAY_2_MEXICALI_SLRC], widthM: 250 },
    { id: 'colorado-river', kind: 'curved', line: [...COLORADO_RIVER_MEXICO], widthM: 300 },
    { id: 'border', kind: 'border-parallel', line: borderParallelLine(), widthM: 250 },
  ];
  const corCounts = splitCount(nCor, [1, 1.2, 1, 1]);
  return {
    bbox: BORDER_ZONE_BBOX,
    timeRange: YEAR_2023,
    categories: borderZoneCategories(),
    hotspots,
    corridors: corridorDefs.map((c, i) => ({ ...c, count: corCounts[i] })),
    noiseCount: nNoise,
  };
}

/**
 * Round Gaussian hotspots and uniform noise only, no corridors: a corridor detector run on it
 * should report nothing. 70 % hotspots (the town hotspots of borderZoneSpec), 30 % noise.
 */
export function blobsOnlySpec(n: number): IncidentSpec {
  const [nHot, nNoise] = splitCount(n, [70, 30]);
  const hotCounts = splitCount(nHot, HOTSPOTS.map((h) => h.share));
  return {
    bbox: BORDER_ZONE_BBOX,
    timeRange: YEAR_2023,
    categories: borderZoneCategories(),
    hotspots: HOTSPOTS.map((h, i) => ({ center: h.center, sigmaM: h.sigmaM, count: hotCounts[i] })),
    corridors: [],
    noiseCount: nNoise,
  };
}
