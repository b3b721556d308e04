/**
 * The study area (shared/analysis/studyArea.ts, planarArea.ts) beside the general tools an
 * implementation would otherwise take, in the same run:
 *  - the default area on the demo: the basemap's land cut to Mexico's side of the treaty line
 *    within the incidents' window. Ours: planarArea's row stretches (planarArea + combineAreas),
 *    and the whole resolveStudyArea; the peer: Turf's intersect (polyclip-ts) on the very same
 *    projected polygons, its km² by the shoelace formula. Both km² printed.
 *  - which cells are inside: the 10 km hexagon lattice over INEGI's 85 municipalities of Sonora
 *    and Baja California (../shared/fixtures, GDAL to lon/lat). Ours: the lattice through the
 *    area's rows (aggregateGrid with the area); the peer: Turf's booleanPointInPolygon of every
 *    centre against every municipality whose box holds it. Both counts printed (ours tests in metres, Turf in degrees: a centre on an edge may differ).
 *
 *   npm run bench -- studyArea
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bboxClip, booleanPointInPolygon, featureCollection, intersect, multiPolygon } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { basemapLand } from '../../electron/backend/analysis/basemapLand.ts';
import { demoLayers } from '../../electron/backend/demoWorkspace.ts';
import { aggregateGrid } from '../../shared/analysis/aggregateGrid.ts';
import { localProjectionFor, type LocalProjection } from '../../shared/analysis/localProjection.ts';
import { combineAreas, planarArea } from '../../shared/analysis/planarArea.ts';
import { pointsExtent } from '../../shared/analysis/pointsExtent.ts';
import { grown, resolveStudyArea } from '../../shared/analysis/studyArea.ts';
import { DEMO_SEED } from '../../shared/demo/layers.ts';
import { MEXICO_SIDE } from '../../shared/geo/usMexicoBorder.ts';
import { FIXTURES, gdal } from '../support/gdalFiles.ts';

const RUNS = 5;
const MUN = path.join(FIXTURES, 'inegi-mun-lcc', 'sonora_bc', 'mun_02_26.shp');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** Median wall and CPU milliseconds of RUNS calls (the machine may be shared: CPU is the steadier). */
function timed<T>(fn: () => T): { ms: number; cpu: number; value: T; text: string } {
  let value!: T;
  const times: number[] = [];
  const cpus: number[] = [];
  for (let k = 0; k < RUNS; k++) {
    const t = performance.now();
    const c = process.cpuUsage();
    value = fn();
    const d = process.cpuUsage(c);
    times.push(performance.now() - t);
    cpus.push((d.user + d.system) / 1000);
  }
  const [ms, cpu] = [median(times), median(cpus)];
  return { ms, cpu, value, text: `${ms.toFixed(1)} ms wall / ${cpu.toFixed(1)} ms CPU` };
}

type Polys = Position[][][];
/** The polygons of a geometry, less the empty rings a clip leaves (as studyArea.ts reads them). */
const polysOf = (g: Polygon | MultiPolygon): Polys =>
  (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).map((p) => p.filter((r) => r.length >= 4)).filter((p) => p.length > 0);
const project = (polys: Polys, proj: LocalProjection): Polys => polys.map((p) => p.map((r) => r.map(([x, y]) => proj.forward(x, y))));

/** Shoelace km² of polygons (outer rings counter-clockwise or not: rings of one polygon by sign against the outer). */
function shoelaceKm2(polys: Polys): number {
  const ringArea = (r: Position[]) => {
    let a = 0;
    for (let i = 0; i + 1 < r.length; i++) a += r[i][0] * r[i + 1][1] - r[i + 1][0] * r[i][1];
    return a / 2;
  };
  let sum = 0;
  for (const [outer, ...holes] of polys) sum += Math.abs(ringArea(outer)) - holes.reduce((s, h) => s + Math.abs(ringArea(h)), 0);
  return sum / 1e6;
}

function defaultArea(): void {
  const incidents = demoLayers(DEMO_SEED).find((l) => l.name === 'incidents')!;
  const lon = Float64Array.from(incidents.features, (f) => (f.geometry as { coordinates: number[] }).coordinates[0]);
  const lat = Float64Array.from(incidents.features, (f) => (f.geometry as { coordinates: number[] }).coordinates[1]);
  const proj = localProjectionFor(lon, lat);
  const { x, y } = proj.projectArrays(lon, lat);
  const window = grown(pointsExtent(x, y), 2000);
  const land = basemapLand()!;
  // The same inputs for both: the land (both countries: their outlines need not meet on the
  // treaty line) and Mexico's side of the line, cut to a lon/lat box
  // around the window (0.5° wider), the side's edges split every 0.01° as studyArea.ts does, projected.
  const [w, s] = proj.inverse(window.minX, window.minY);
  const [e, n] = proj.inverse(window.maxX, window.maxY);
  const box: [number, number, number, number] = [w - 0.5, s - 0.5, e + 0.5, n + 0.5];
  const clip = (g: Polygon | MultiPolygon) => polysOf(bboxClip(multiPolygon(polysOf(g)), box).geometry as Polygon | MultiPolygon);
  const densify = (ring: Position[]) =>
    ring.flatMap((p, i) => {
      if (i + 1 === ring.length) return [p];
      const q = ring[i + 1];
      const k = Math.max(1, Math.ceil(Math.max(Math.abs(q[0] - p[0]), Math.abs(q[1] - p[1])) / 0.01));
      return Array.from({ length: k }, (_, j) => [p[0] + ((q[0] - p[0]) * j) / k, p[1] + ((q[1] - p[1]) * j) / k]);
    });
  const landM = project(land.flatMap((f) => clip(f.geometry)), proj);
  const sideM = project(clip({ type: 'Polygon', coordinates: [[...MEXICO_SIDE, MEXICO_SIDE[0]].map(([a, b]) => [a, b])] }).map((p) => p.map(densify)), proj);
  const windowM: Polys = [[[[window.minX, window.minY], [window.maxX, window.minY], [window.maxX, window.maxY], [window.minX, window.maxY], [window.minX, window.minY]]]];
  const vertices = [...landM, ...sideM].reduce((sum, p) => sum + p.reduce((t, r) => t + r.length, 0), 0);

  const ours = timed(() => combineAreas(combineAreas(planarArea(landM), planarArea(sideM), 'and'), planarArea(windowM), 'and').areaM2 / 1e6);
  const whole = timed(() => resolveStudyArea({ kind: 'land', land }, proj, lon, lat, { extent: window, name: 'w' }).areaKm2);
  const peer = timed(() => {
    const cut = intersect(featureCollection([multiPolygon(landM), multiPolygon(sideM)]));
    const inWindow = cut && intersect(featureCollection([cut as Feature<Polygon | MultiPolygon>, multiPolygon(windowM)]));
    return inWindow ? shoelaceKm2(polysOf(inWindow.geometry)) : 0;
  });
  console.log(`default study area on the demo (${incidents.features.length} incidents; ${vertices} vertices of land and side; median of ${RUNS}):`);
  console.log(`  ours, row stretches:               ${ours.text}  ${ours.value.toFixed(4)} km²`);
  console.log(`  ours, resolveStudyArea whole:      ${whole.text}  ${whole.value.toFixed(4)} km² (with the clips, the sides of the incidents)`);
  console.log(`  Turf intersect (polyclip-ts):      ${peer.text}  ${peer.value.toFixed(4)} km² (relative difference ${(Math.abs(peer.value - ours.value) / ours.value).toExponential(1)})`);
}

function cellsInside(): void {
  if (!fs.existsSync(MUN)) {
    console.log(`cells inside: ${MUN} is not there (../shared/fixtures), not measured`);
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-bench-study-area-'));
  try {
    const file = path.join(dir, 'mun.geojson');
    gdal('ogr2ogr', '-f', 'GeoJSON', '-t_srs', 'EPSG:4326', file, MUN);
    const fc = JSON.parse(fs.readFileSync(file, 'utf8')) as FeatureCollection<Polygon | MultiPolygon>;
    const all = fc.features.flatMap((f) => polysOf(f.geometry));
    const lon = Float64Array.from(all.flatMap((p) => p[0].map((q) => q[0])));
    const lat = Float64Array.from(all.flatMap((p) => p[0].map((q) => q[1])));
    const proj = localProjectionFor(lon, lat);
    const polysM = project(all, proj);
    const vertices = polysM.reduce((sum, p) => sum + p.reduce((t, r) => t + r.length, 0), 0);
    const anchor = new Float64Array([0]);
    const build = timed(() => planarArea(polysM));
    const area = build.value;
    const muns = fc.features.map((f) => {
      const b = { w: Infinity, s: Infinity, e: -Infinity, n: -Infinity };
      for (const p of polysOf(f.geometry)) for (const [x, y] of p[0]) [b.w, b.s, b.e, b.n] = [Math.min(b.w, x), Math.min(b.s, y), Math.max(b.e, x), Math.max(b.n, y)];
      return { f, b };
    });
    console.log(`cells inside INEGI's ${fc.features.length} municipalities (${vertices} vertices; median of ${RUNS}); building the area's rows once: ${build.text}`);
    for (const cellSize of [10_000, 2_000]) {
      const ours = timed(() => aggregateGrid(anchor, anchor, null, { cellSize, keepEmpty: true, area, extent: area.extent }).cx.length);
      // The lattice itself (every centre), laid over the same extent, for the peer to test.
      const lattice = aggregateGrid(anchor, anchor, null, { cellSize, keepEmpty: true, extent: area.extent });
      const peer = timed(() => {
        let inside = 0;
        for (let i = 0; i < lattice.cx.length; i++) {
          const [x, y] = proj.inverse(lattice.cx[i], lattice.cy[i]);
          if (muns.some(({ f, b }) => x >= b.w && x <= b.e && y >= b.s && y <= b.n && booleanPointInPolygon([x, y], f))) inside++;
        }
        return inside;
      });
      console.log(`  ${cellSize / 1000} km, ${lattice.cx.length} lattice cells:`);
      console.log(`    ours, the area's rows:           ${ours.text}  ${ours.value} cells inside (+ the build above)`);
      console.log(`    Turf booleanPointInPolygon:      ${peer.text}  ${peer.value} cells inside (with each municipality's box first)`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function bench(): void {
  defaultArea();
  cellsInside();
}
