/**
 * Seeded synthetic incidents for tests and benches (not a peer implementation; lives here so it
 * stays out of the product): Gaussian hotspots, line-shaped corridors and uniform noise over
 * ~150 × 100 km around Mexicali / San Luis Río Colorado, in UTM 11N metres and in lon/lat.
 */
import { localProjection } from '../../../shared/analysis/localProjection.ts';

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SynthPoints {
  x: Float64Array;
  y: Float64Array;
  lon: Float64Array;
  lat: Float64Array;
  /** 0 = hotspot, 1 = corridor, 2 = noise: which process drew the point. */
  kind: Uint8Array;
}

export function synthPoints(n: number, seed = 1, opts: { withLonLat?: boolean } = {}): SynthPoints {
  const rnd = mulberry32(seed);
  const gauss = () => {
    const u = 1 - rnd();
    const v = rnd();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const proj = localProjection(-115.1, 32.45);
  const [cx, cy] = proj.forward(-115.1, 32.45);
  const W = 150_000;
  const H = 100_000;
  const x0 = cx - W / 2;
  const y0 = cy - H / 2;
  const hotspots = Array.from({ length: 40 }, () => ({
    x: x0 + W * (0.05 + 0.9 * rnd()),
    y: y0 + H * (0.05 + 0.9 * rnd()),
    sd: 150 + 1500 * rnd() * rnd(),
    w: 0.2 + rnd(),
  }));
  const corridors = Array.from({ length: 8 }, () => {
    const ax = x0 + W * rnd();
    const ay = y0 + H * rnd();
    const ang = 2 * Math.PI * rnd();
    const len = 10_000 + 40_000 * rnd();
    return { ax, ay, bx: ax + len * Math.cos(ang), by: ay + len * Math.sin(ang), sd: 80 + 200 * rnd() };
  });
  const wsum = hotspots.reduce((s, h) => s + h.w, 0);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const kind = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const r = rnd();
    if (r < 0.6) {
      let pick = rnd() * wsum;
      let h = hotspots[0];
      for (const c of hotspots) {
        pick -= c.w;
        h = c;
        if (pick <= 0) break;
      }
      x[i] = h.x + h.sd * gauss();
      y[i] = h.y + h.sd * gauss();
      kind[i] = 0;
    } else if (r < 0.85) {
      const c = corridors[Math.floor(rnd() * corridors.length)];
      const t = rnd();
      x[i] = c.ax + t * (c.bx - c.ax) + c.sd * gauss();
      y[i] = c.ay + t * (c.by - c.ay) + c.sd * gauss();
      kind[i] = 1;
    } else {
      x[i] = x0 + W * rnd();
      y[i] = y0 + H * rnd();
      kind[i] = 2;
    }
  }
  const lon = new Float64Array(opts.withLonLat === false ? 0 : n);
  const lat = new Float64Array(opts.withLonLat === false ? 0 : n);
  if (opts.withLonLat !== false) {
    for (let i = 0; i < n; i++) {
      const [a, b] = proj.inverse(x[i], y[i]);
      lon[i] = a;
      lat[i] = b;
    }
  }
  return { x, y, lon, lat, kind };
}
