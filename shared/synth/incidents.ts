/**
 * Seeded incident generator with planted patterns: round Gaussian hotspots, corridors along
 * polylines, uniform background noise. It returns the truth it planted next to the points, so
 * hotspot and corridor detection can be scored against it. Columns are typed arrays: a million
 * points take a fraction of a second and a few tens of MB.
 */
import type { BBox } from '../model/feature.ts';
import { createRng, permutation, weightedPicker, type Rng } from './random.ts';
import { M_PER_DEG_LAT, mPerDegLon } from './metric.ts';
import type { LonLat } from './region.ts';

type CorridorKind = 'straight' | 'curved' | 'border-parallel';

export interface CategorySpec {
  name: string;
  /** Relative frequency among points that do not set their own weights. */
  weight: number;
  /** Unit of `quantity`; categories without one get quantity NaN. */
  unit?: string;
  /** Log-normal quantity: median, log-scale spread (σ of ln), rounded to `step` (≥ step). */
  quantity?: { median: number; sigmaLog: number; step: number };
}

export interface HotspotSpec {
  center: LonLat;
  /** Standard deviation of the round Gaussian, metres (same in every direction). */
  sigmaM: number;
  count: number;
  /** Overrides the category weights for this component (same order as spec.categories). */
  categoryWeights?: number[];
}

export interface CorridorSpec {
  id: string;
  kind: CorridorKind;
  /** The true centreline. */
  line: LonLat[];
  /**
   * Standard deviation of the perpendicular offset, metres. Offsets are Gaussian truncated at
   * ±3·widthM, so every point lies within 3·widthM of the centreline.
   */
  widthM: number;
  count: number;
  categoryWeights?: number[];
}

export interface IncidentSpec {
  /** Background noise is uniform in lon/lat over this box. */
  bbox: BBox;
  /** Epoch ms [start, end): times are uniform over it. */
  timeRange: [number, number];
  categories: CategorySpec[];
  hotspots: HotspotSpec[];
  corridors: CorridorSpec[];
  noiseCount: number;
  /**
   * Optional acceptance mask (e.g. "inside Mexico"): a point it rejects is drawn again from the
   * same component, so component counts stay exact. Must accept a fair share of each component.
   */
  within?: (lon: number, lat: number) => boolean;
  /** Shuffle the output so the order does not reveal the component (default true). */
  shuffle?: boolean;
}

interface HotspotTruth {
  center: LonLat;
  sigmaM: number;
  count: number;
}

interface CorridorTruth {
  id: string;
  kind: CorridorKind;
  line: LonLat[];
  widthM: number;
  count: number;
}

interface IncidentTruth {
  hotspots: HotspotTruth[];
  corridors: CorridorTruth[];
  noiseCount: number;
}

export interface GeneratedIncidents {
  count: number;
  lon: Float64Array;
  lat: Float64Array;
  /** Epoch ms (UTC). */
  time: Float64Array;
  /** Index into categoryNames. */
  category: Int32Array;
  categoryNames: string[];
  /** NaN when the category has no quantity. */
  quantity: Float64Array;
  /** Index into unitNames, −1 when none. */
  unit: Int32Array;
  unitNames: string[];
  /**
   * Which planted component made each point: hotspot i → i, corridor j → hotspots.length + j,
   * noise → −1. Lets tests score detection per point.
   */
  component: Int32Array;
  truth: IncidentTruth;
}

const MAX_REJECTIONS = 10_000;

export function generateIncidents(spec: IncidentSpec, seed: number | string): GeneratedIncidents {
  validate(spec);
  const rng = createRng(seed);
  // Attributes and order come from their own streams, so a mask that rejects more or fewer
  // draws changes the positions only, not times, categories or quantities.
  const attrRng = rng.fork();
  const orderRng = rng.fork();
  const nHot = spec.hotspots.reduce((s, h) => s + h.count, 0);
  const nCor = spec.corridors.reduce((s, c) => s + c.count, 0);
  const n = nHot + nCor + spec.noiseCount;

  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  const component = new Int32Array(n);
  const within = spec.within;
  // Writing each point straight to its shuffled slot costs nothing extra; a gather afterwards
  // would touch every column again in random order.
  const slot = spec.shuffle === false ? null : permutation(orderRng, n);
  let k = 0;

  const place = (draw: (out: Float64Array) => void, label: string, comp: number, count: number) => {
    const p = new Float64Array(2);
    for (let i = 0; i < count; i++) {
      let tries = 0;
      do {
        if (++tries > MAX_REJECTIONS) {
          throw new RangeError(`${label}: the 'within' mask rejected ${MAX_REJECTIONS} draws in a row`);
        }
        draw(p);
      } while (within && !within(p[0], p[1]));
      const at = slot ? slot[k] : k;
      lon[at] = p[0];
      lat[at] = p[1];
      component[at] = comp;
      k++;
    }
  };

  spec.hotspots.forEach((h, i) => {
    const [cx, cy] = h.center;
    const sx = h.sigmaM / mPerDegLon(cy);
    const sy = h.sigmaM / M_PER_DEG_LAT;
    place(
      (p) => {
        p[0] = cx + rng.normal() * sx;
        p[1] = cy + rng.normal() * sy;
      },
      `hotspot ${i}`,
      i,
      h.count,
    );
  });

  spec.corridors.forEach((c, j) => {
    const sampler = corridorSampler(c.line, c.widthM);
    place((p) => sampler(rng, p), `corridor ${c.id}`, spec.hotspots.length + j, c.count);
  });

  const [x0, y0, x1, y1] = spec.bbox;
  const w = x1 - x0;
  const hgt = y1 - y0;
  place(
    (p) => {
      p[0] = x0 + w * rng.next();
      p[1] = y0 + hgt * rng.next();
    },
    'noise',
    -1,
    spec.noiseCount,
  );

  const categoryNames = spec.categories.map((c) => c.name);
  const unitNames = [...new Set(spec.categories.map((c) => c.unit).filter((u): u is string => !!u))];
  const unitOfCategory = spec.categories.map((c) => (c.unit ? unitNames.indexOf(c.unit) : -1));
  const quantityOf = spec.categories.map((c) => (c.quantity ? quantityDraw(c.quantity) : null));
  const defaultPick = weightedPicker(spec.categories.map((c) => c.weight));
  const componentPick = [...spec.hotspots, ...spec.corridors].map((c) =>
    c.categoryWeights ? weightedPicker(c.categoryWeights) : defaultPick,
  );
  const [t0, t1] = spec.timeRange;
  const time = new Float64Array(n);
  const category = new Int32Array(n);
  const quantity = new Float64Array(n);
  const unit = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    time[i] = Math.floor(t0 + (t1 - t0) * attrRng.next());
    const comp = component[i];
    const cat = (comp < 0 ? defaultPick : componentPick[comp])(attrRng);
    category[i] = cat;
    unit[i] = unitOfCategory[cat];
    const q = quantityOf[cat];
    quantity[i] = q ? q(attrRng) : NaN;
  }

  const out: GeneratedIncidents = {
    count: n,
    lon,
    lat,
    time,
    category,
    categoryNames,
    quantity,
    unit,
    unitNames,
    component,
    truth: {
      hotspots: spec.hotspots.map((h) => ({ center: [h.center[0], h.center[1]], sigmaM: h.sigmaM, count: h.count })),
      corridors: spec.corridors.map((c) => ({
        id: c.id,
        kind: c.kind,
        line: c.line.map((p) => [p[0], p[1]] as LonLat),
        widthM: c.widthM,
        count: c.count,
      })),
      noiseCount: spec.noiseCount,
    },
  };
  return out;
}

/**
 * Log-normal draw rounded to a multiple of `step`; decimal steps (0.1) come out as the nearest
 * double of their decimal form (12.3, not 12.299999999999999).
 */
function quantityDraw(q: NonNullable<CategorySpec['quantity']>): (rng: Rng) => number {
  const f = 10 ** Math.max(0, -Math.floor(Math.log10(q.step) + 1e-9));
  const { median, sigmaLog, step } = q;
  return (rng) => {
    const raw = median * Math.exp(sigmaLog * rng.normal());
    return Math.max(step, Math.round(Math.round(raw / step) * step * f) / f);
  };
}

/**
 * Uniform along the line by arc length, Gaussian across it. Arc length is measured in the local
 * metric of each segment so a degree of longitude is not mistaken for a degree of latitude.
 */
function corridorSampler(line: readonly LonLat[], widthM: number): (rng: Rng, out: Float64Array) => void {
  const m = line.length - 1;
  const cum = new Float64Array(m + 1);
  const ux = new Float64Array(m);
  const uy = new Float64Array(m);
  const kx = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    kx[i] = mPerDegLon((line[i][1] + line[i + 1][1]) / 2);
    const dx = (line[i + 1][0] - line[i][0]) * kx[i];
    const dy = (line[i + 1][1] - line[i][1]) * M_PER_DEG_LAT;
    const len = Math.hypot(dx, dy);
    cum[i + 1] = cum[i] + len;
    ux[i] = len > 0 ? dx / len : 0;
    uy[i] = len > 0 ? dy / len : 0;
  }
  const total = cum[m];
  const ky = M_PER_DEG_LAT;
  return (rng, out) => {
    const s = rng.next() * total;
    let lo = 0;
    let hi = m - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (cum[mid] <= s) lo = mid;
      else hi = mid - 1;
    }
    const along = s - cum[lo];
    let off: number;
    do off = rng.normal();
    while (off > 3 || off < -3);
    off *= widthM;
    // Left normal of the segment (−uy, ux) in metres, back to degrees with the segment's scale.
    const xM = ux[lo] * along - uy[lo] * off;
    const yM = uy[lo] * along + ux[lo] * off;
    out[0] = line[lo][0] + xM / kx[lo];
    out[1] = line[lo][1] + yM / ky;
  };
}

function validate(spec: IncidentSpec): void {
  const nonNegInt = (v: number, what: string) => {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`${what} must be a whole number ≥ 0, got ${v}`);
  };
  const nc = spec.categories.length;
  if (nc === 0) throw new RangeError('at least one category is needed');
  const [x0, y0, x1, y1] = spec.bbox;
  if (!(x0 < x1 && y0 < y1)) throw new RangeError(`bbox ${JSON.stringify(spec.bbox)} is empty`);
  if (!(spec.timeRange[0] <= spec.timeRange[1])) throw new RangeError('timeRange must be [start, end] with start ≤ end');
  nonNegInt(spec.noiseCount, 'noiseCount');
  spec.hotspots.forEach((h, i) => {
    nonNegInt(h.count, `hotspot ${i} count`);
    if (!(h.sigmaM > 0)) throw new RangeError(`hotspot ${i} sigmaM must be > 0`);
    if (h.categoryWeights && h.categoryWeights.length !== nc) throw new RangeError(`hotspot ${i}: one weight per category`);
  });
  spec.corridors.forEach((c) => {
    nonNegInt(c.count, `corridor ${c.id} count`);
    if (c.line.length < 2) throw new RangeError(`corridor ${c.id} needs at least two vertices`);
    if (!(c.widthM > 0)) throw new RangeError(`corridor ${c.id} widthM must be > 0`);
    if (c.categoryWeights && c.categoryWeights.length !== nc) throw new RangeError(`corridor ${c.id}: one weight per category`);
  });
}
