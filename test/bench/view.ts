/**
 * The map's aggregate of a big point layer (shared/geo/viewBins.ts): a million points binned for
 * one view, and for a view after a pan (the layer's columns already in memory, as the back end's
 * point cache holds them), beside supercluster — the clustering MapLibre itself uses for GeoJSON
 * point sources — indexing the same points and answering the same view, in the same run.
 *
 *   npm run bench -- view
 */
import Supercluster from 'supercluster';
import { binPoints, mercatorX, mercatorY, type BinnablePoints } from '../../shared/geo/viewBins.ts';
import { mulberry32 } from './peers/synthPoints.ts';

const N = 1_000_000;
const BBOX: [number, number, number, number] = [-116, 31, -114, 33];
const ZOOM = 7;
const RUNS = 7;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function timed<T>(fn: () => T): [number, T] {
  const t = performance.now();
  const r = fn();
  return [performance.now() - t, r];
}

export function bench(): void {
  const rnd = mulberry32(20240601);
  const lon = new Float64Array(N);
  const lat = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    // A quarter in a hot spot by San Luis Río Colorado, the rest over the border zone.
    const hot = i % 4 === 0;
    lon[i] = hot ? -114.77 + 0.05 * (rnd() - 0.5) : -117 + 5 * rnd();
    lat[i] = hot ? 32.46 + 0.05 * (rnd() - 0.5) : 30.5 + 3 * rnd();
  }
  const p: BinnablePoints = { count: N, mx: new Float64Array(N), my: new Float64Array(N), time: new Float64Array(N).fill(NaN), category: new Int32Array(N).fill(-1), categories: [] };
  for (let i = 0; i < N; i++) {
    p.mx[i] = mercatorX(lon[i]);
    p.my[i] = mercatorY(lat[i]);
  }
  const ours: number[] = [];
  let cells = 0;
  for (let k = 0; k < RUNS; k++) {
    const [ms, b] = timed(() => binPoints(p, { bbox: BBOX, zoom: ZOOM }));
    ours.push(ms);
    cells = b.cells.length / 4;
  }
  const features = Array.from({ length: N }, (_, i) => ({ type: 'Feature' as const, properties: {}, geometry: { type: 'Point' as const, coordinates: [lon[i], lat[i]] } }));
  const [indexMs, index] = timed(() => new Supercluster({ radius: 16, maxZoom: 16 }).load(features));
  const peer: number[] = [];
  let clusters = 0;
  for (let k = 0; k < RUNS; k++) {
    const [ms, c] = timed(() => index.getClusters(BBOX, ZOOM));
    peer.push(ms);
    clusters = c.length;
  }
  const fmt = (xs: number[]) => `median ${median(xs).toFixed(1)} ms  [${xs.map((x) => x.toFixed(1)).join(' / ')}]`;
  process.stdout.write(`  frontera binPoints, 1M points, one view (zoom ${ZOOM}): ${fmt(ours)}, ${cells} cells, no index to build\n`);
  process.stdout.write(`  supercluster (MapLibre's clustering): index ${indexMs.toFixed(0)} ms once, then per view ${fmt(peer)}, ${clusters} clusters\n`);
  process.stdout.write(`  a view binned from scratch vs supercluster's index + one view: ${(median(ours) / (indexMs + median(peer))).toFixed(3)}×\n`);
}
