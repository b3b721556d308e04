/**
 * Stacked points: one coordinate shared by many records. Event data geocoded to a town's (or a
 * municipality's, a state's) centre puts thousands of records on one point, which every
 * density method then reads as "the hot spot". A stack is a coordinate, after rounding to 1 m,
 * shared by at least max(10, 0.5 % of the records) — the rule: 10 keeps a small selection
 * from calling a handful of repeats a stack, 0.5 % scales it with the data.
 *
 * Rounding: in a local metric frame, the plate carrée scaled at the data's mean latitude
 * (rounded to a whole degree, so a layer and the selections of it round alike): x = lon · metres
 * per degree of longitude there, y = lat · metres per degree of latitude (WGS 84 ellipsoid), each
 * rounded to the metre. Over the border zone (30.5–33.5° N) a cell is within 2 % of 1 m × 1 m;
 * across all of Mexico the east–west side ranges over 0.85–1.15 m, still a metre's rounding. As
 * any rounding onto cells, two records a few centimetres apart can fall either side of a cell
 * edge; geocoded stacks share their coordinate exactly, so this never splits one.
 *
 * Cost: one pass over the points into an open-addressing hash of the integer cells (typed arrays,
 * no string keys, no O(n²)); `npm run bench -- analysis` times it on a million points beside
 * numpy grouping the same rounded cells.
 *
 * Input: lon, lat (degrees; records without finite coordinates are not counted) and optionally a
 * gazetteer to name the nearest town. Output: the stacks by size (ties by the first record),
 * each with its first record's coordinates, count, share of the counted records and nearest
 * town; and each record's stack (−1 none).
 */
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages.ts';
import { translator } from '../i18n/translator.ts';

/** The fewest records a stack can have, whatever the data's size. */
const STACK_MIN_COUNT = 10;
/** A stack holds at least this share of the records (0.5 %): count ≥ total / STACK_SHARE_DIVISOR. */
const STACK_SHARE_DIVISOR = 200;
/** A stack within this distance of a town's centre is said to be likely geocoded to the town. */
const TOWN_CENTRE_KM = 5;

export interface GazetteerTown {
  name: string;
  state: string;
  lon: number;
  lat: number;
}

interface NearTown {
  town: string;
  state: string;
  /** Great-circle distance from the stack to the town's point, km. */
  km: number;
}

/** One stack, as `frontera layers --json` lists it under `stackedPoints`. */
export interface StackedPoint {
  lon: number;
  lat: number;
  count: number;
  /** count / records counted (0..1). */
  share: number;
  near: NearTown | null;
}

export interface StackDetection {
  /** Records with coordinates: what the 0.5 % is of. */
  total: number;
  /** The smallest count that makes a stack here: max(10, ⌈total / 200⌉). */
  minCount: number;
  stacks: StackedPoint[];
  /** Records on a stack, all stacks together. */
  stacked: number;
  /** Per record: its stack's index in `stacks`, −1 when it is on none. */
  stackOf: Int32Array;
  /**
   * The records' distinct locations (their 1 m cells), which DBSCAN's chaining warning counts
   * too (runDbscan.ts); null when there are too few records to look for stacks.
   */
  locations: CellGroups | null;
}

// WGS 84
const A_AXIS = 6378137;
const E2 = 0.00669437999014;
const DEG = Math.PI / 180;

/** Metres per degree of longitude and of latitude at latitude `phi` (degrees) on WGS 84. */
export function metresPerDegree(phi: number): { x: number; y: number } {
  const s = Math.sin(phi * DEG);
  const w = 1 - E2 * s * s;
  return { x: (DEG * A_AXIS * Math.cos(phi * DEG)) / Math.sqrt(w), y: (DEG * A_AXIS * (1 - E2)) / (w * Math.sqrt(w)) };
}

export function stackMinCount(total: number): number {
  return Math.max(STACK_MIN_COUNT, Math.ceil(total / STACK_SHARE_DIVISOR));
}

export interface CellGroups {
  /** Per point: its group (0 … groups − 1, in order of first appearance); −1 without finite coordinates. */
  groupOf: Int32Array;
  groups: number;
  /** Per group: how many points, and the first of them. */
  size: Int32Array;
  first: Int32Array;
}

/**
 * Points grouped by the cell of the unit grid they round to: (round(a · ka), round(b · kb)) — with
 * metres in, the 1 m cells of stacked points and the distinct locations of suggestEps. One pass
 * into an open-addressing hash on the two integers.
 */
export function groupByCell(a: Float64Array, b: Float64Array, ka = 1, kb = 1): CellGroups {
  const n = a.length;
  if (b.length !== n) throw new Error(`cell groups: ${n} x values but ${b.length} y values`);
  let cap = 16;
  while (cap < 2 * n) cap *= 2;
  const mask = cap - 1;
  const keyA = new Int32Array(cap);
  const keyB = new Int32Array(cap);
  /** Group + 1 in the slot; 0 = an empty slot. */
  const slot = new Int32Array(cap);
  const groupOf = new Int32Array(n);
  const size = new Int32Array(n);
  const first = new Int32Array(n);
  let groups = 0;
  for (let i = 0; i < n; i++) {
    const va = a[i];
    const vb = b[i];
    if (!Number.isFinite(va) || !Number.isFinite(vb)) {
      groupOf[i] = -1;
      continue;
    }
    const ia = Math.round(va * ka);
    const ib = Math.round(vb * kb);
    let h = Math.imul(ia, 0x9e3779b1) ^ Math.imul(ib, 0x85ebca77);
    h = (h ^ (h >>> 15)) & mask;
    while (slot[h] !== 0 && (keyA[h] !== ia || keyB[h] !== ib)) h = (h + 1) & mask;
    if (slot[h] === 0) {
      keyA[h] = ia;
      keyB[h] = ib;
      first[groups] = i;
      slot[h] = ++groups;
    }
    const g = slot[h] - 1;
    size[g]++;
    groupOf[i] = g;
  }
  return { groupOf, groups, size: size.subarray(0, groups), first: first.subarray(0, groups) };
}

export function detectStackedPoints(lon: Float64Array, lat: Float64Array, towns: readonly GazetteerTown[] = []): StackDetection {
  const n = lon.length;
  if (lat.length !== n) throw new Error(`stacked points: ${n} longitudes but ${lat.length} latitudes`);
  let total = 0;
  let latSum = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(lon[i]) && Number.isFinite(lat[i])) {
      total++;
      latSum += lat[i];
    }
  }
  const stackOf = new Int32Array(n).fill(-1);
  const minCount = stackMinCount(total);
  if (total < minCount) return { total, minCount, stacks: [], stacked: 0, stackOf, locations: null };
  const k = metresPerDegree(Math.round(latSum / total));
  const g = groupByCell(lon, lat, k.x, k.y);
  const big: number[] = [];
  for (let j = 0; j < g.groups; j++) if (g.size[j] >= minCount) big.push(j);
  // Groups are numbered in order of first appearance: ties go to the earlier first record.
  big.sort((a, b) => g.size[b] - g.size[a] || a - b);
  const stacks: StackedPoint[] = [];
  let stacked = 0;
  const stackOfGroup = new Int32Array(g.groups).fill(-1);
  big.forEach((j, s) => {
    const c = g.size[j];
    stacked += c;
    const lo = lon[g.first[j]];
    const la = lat[g.first[j]];
    stacks.push({ lon: lo, lat: la, count: c, share: c / total, near: nearestTown(lo, la, towns) });
    stackOfGroup[j] = s;
  });
  if (stacks.length) {
    for (let i = 0; i < n; i++) if (g.groupOf[i] >= 0) stackOf[i] = stackOfGroup[g.groupOf[i]];
  }
  return { total, minCount, stacks, stacked, stackOf, locations: g };
}

/** Great-circle distance, km (mean Earth radius, as Turf measures). */
function haversineKm(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * DEG;
  const dLon = (lon2 - lon1) * DEG;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * DEG) * Math.cos(lat2 * DEG) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** The gazetteer town nearest a point (brute force: a few hundred towns for a few stacks). */
export function nearestTown(lon: number, lat: number, towns: readonly GazetteerTown[]): NearTown | null {
  let best: GazetteerTown | null = null;
  let bestKm = Infinity;
  for (const t of towns) {
    const km = haversineKm(lon, lat, t.lon, t.lat);
    if (km < bestKm) {
      bestKm = km;
      best = t;
    }
  }
  return best ? { town: best.name, state: best.state, km: Math.round(bestKm * 10) / 10 } : null;
}

const fmtCount = (v: number) => v.toLocaleString('en-US');
const percent = (share: number) => (share >= 0.1 ? `${Math.round(share * 100)} %` : `${(Math.round(share * 1000) / 10).toLocaleString('en-US')} %`);

/** "1,204 records (41 %) share one point 0.3 km from Tijuana's centre: likely geocoded to the town". */
export function stackSentence(s: StackedPoint, language: Language = DEFAULT_LANGUAGE): string {
  const t = translator(language, 'analysis');
  const head = t('stacked.share', { n: fmtCount(s.count), percent: percent(s.share) });
  if (!s.near) return `${head} (${s.lon.toFixed(5)}, ${s.lat.toFixed(5)})`;
  const town = `${s.near.town} (${s.near.state})`;
  return t(s.near.km <= TOWN_CENTRE_KM ? 'stacked.centre' : 'stacked.nearest', { head, km: s.near.km.toFixed(1), town });
}

/** The warning every analysis gives on a selection with stacks: the largest few, then how many more. */
export function stackWarning(d: Pick<StackDetection, 'stacks' | 'stacked' | 'total'>, shown = 3, language: Language = DEFAULT_LANGUAGE): string | null {
  if (!d.stacks.length) return null;
  const t = translator(language, 'analysis');
  const values = {
    points: d.stacks.length,
    stacked: fmtCount(d.stacked),
    total: fmtCount(d.total),
    percent: percent(d.stacked / d.total),
    listed: d.stacks.slice(0, shown).map((s) => stackSentence(s, language)).join('; '),
    more: d.stacks.length > shown ? t('stacked.more', { n: d.stacks.length - shown }) : '',
    control: excludeStackedLabel(language),
  };
  return t(d.stacks.length === 1 ? 'stacked.warningOne' : 'stacked.warningMany', values);
}

/** The app's checkbox that leaves stacked points out, as it is labelled in the language. */
export function excludeStackedLabel(language: Language): string {
  return translator(language, 'app')('selection.excludeStacked');
}
