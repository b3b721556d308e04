/**
 * Counts per area: a million incidents over 2,500 areas, beside GDAL in the same run.
 *
 * The areas: the 85 INEGI municipalities of Baja California and Sonora cut by GDAL along a grid of
 * 0.126° squares into 2,500 pieces, every edge cut to at most 0.005° (about 500 m) so the cuts
 * carry as many vertices as a municipal boundary (test/support/gdalAreas.ts). The incidents:
 * 1,000,000 seeded points, each uniform in the box of an area drawn at random (most land inside
 * one, a few in the sea or over the border), with a category each. Generated once into
 * .bench/areas/ and imported into a workspace before any clock starts.
 *
 * Measured, each with wall and CPU time:
 * - ours, the core: runAreas on the points and polygons in memory (index, point in polygon,
 *   sums, geodesic areas, classes, the result's features), as the analysis worker runs it;
 * - ours, the command: `frontera summary WS --layer pts --by areas --json` in a child process,
 *   from reading the workspace to printing the rows (and storing the run), twice: the first run
 *   over the areas (the layer keeps none of their sizes: it measures and keeps them) and the next
 *   (it takes the kept sizes; electron/backend/analysis/areaSizes.ts);
 * - the library way we did not take: a flatbush index of the areas and Turf's
 *   booleanPointInPolygon on the candidates in layer order (first hit), in this process;
 * - GDAL: ogr2ogr running SpatiaLite's count per area (R*Tree candidates, GEOS ST_Intersects, the
 *   same first-area rule) over the same points and areas in a SpatiaLite database with spatial
 *   indexes (built before the clock), the way a GIS analyst would ask GDAL.
 * The counts of ours and GDAL's are compared area by area.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Flatbush from 'flatbush';
import { bbox as turfBbox } from '@turf/bbox';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { Workspace } from '../../electron/backend/store/workspace.ts';
import { SqliteStore } from '../../electron/backend/store/sqliteStore.ts';
import { areaInputs } from '../../electron/backend/analysis/areaInputs.ts';
import { runAreas } from '../../shared/analysis/run/runAreas.ts';
import { createRng } from '../../shared/synth/random.ts';
import { COUNTS_SQL, inegiSubdivided, parseCounts, spatialiteDb } from '../support/gdalAreas.ts';
import { fmt, measure } from './import.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const DIR = path.join(repoRoot, '.bench', 'areas');
const BIN = path.join(repoRoot, 'bin', 'frontera.js');
const N = 1_000_000;
const AREAS = 2_500;
const CATEGORIES = ['homicide', 'armed_confrontation', 'seizure_fentanyl', 'seizure_firearms', 'seizure_vehicles'];

function ensureInputs(): { areas: string; points: string; ws: string; db: string } {
  fs.mkdirSync(DIR, { recursive: true });
  const areas = path.join(DIR, 'areas.geojson');
  const points = path.join(DIR, `points-${N}.csv`);
  const ws = path.join(DIR, 'areas.frontera');
  const db = path.join(DIR, 'reference.sqlite');
  if (!fs.existsSync(areas)) inegiSubdivided(areas, 0.126, AREAS, 0.005);
  if (!fs.existsSync(points)) {
    // Each point in the box of an area drawn at random: most land inside one, every area gets some.
    const boxes = (JSON.parse(fs.readFileSync(areas, 'utf8')) as FeatureCollection<Polygon | MultiPolygon>).features.map((f) => turfBbox(f));
    const rng = createRng('areas-bench');
    const lines = ['id,lon,lat,categoria'];
    for (let i = 0; i < N; i++) {
      const b = boxes[rng.int(boxes.length)];
      lines.push(`${i},${rng.uniform(b[0], b[2]).toFixed(6)},${rng.uniform(b[1], b[3]).toFixed(6)},${CATEGORIES[rng.int(CATEGORIES.length)]}`);
    }
    fs.writeFileSync(points, lines.join('\n') + '\n');
  }
  if (!fs.existsSync(ws)) {
    Workspace.open(ws, { create: true }).close();
    for (const args of [[points, '--layer', 'pts', '--category', 'categoria'], [areas, '--layer', 'areas']]) {
      const r = measure(process.execPath, [BIN, 'import', ws, ...args]);
      if (r.code !== 0) throw new Error(`import ${args[0]}: ${r.stderr}`);
    }
  }
  if (!fs.existsSync(db)) spatialiteDb(DIR, areas, points, ['-oo', 'X_POSSIBLE_NAMES=lon', '-oo', 'Y_POSSIBLE_NAMES=lat', '-a_srs', 'EPSG:4326']);
  return { areas, points, ws, db };
}

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

export async function bench(): Promise<void> {
  const t0 = performance.now();
  const inputs = ensureInputs();
  process.stdout.write(`  inputs ready in ${((performance.now() - t0) / 1000).toFixed(1)} s (${DIR})\n`);

  // In memory, as the analysis worker gets them.
  const ws = Workspace.open(inputs.ws);
  const points = ws.readPoints(ws.getLayer('pts').id);
  const req = { kind: 'areas' as const, layer: 'pts', by: 'areas' };
  const by = (await areaInputs(new SqliteStore(ws), req)).input;
  // The core measures the areas, as on a layer that keeps none; the commands' first run too.
  for (const a of by.polygons) delete a.areaKm2;
  const areasLayer = ws.getLayer('areas').id;
  ws.setMetadataEntry(areasLayer, 'areaSizes', undefined, { actor: 'bench', action: 'layer.areaSizes', details: { layerId: areasLayer, cleared: true } });
  ws.close();
  const vertices = by.polygons.reduce((n, a) => n + JSON.stringify(a.geometry.coordinates).split('],[').length, 0);
  process.stdout.write(`  ${points.count.toLocaleString('en-US')} incidents × ${by.polygons.length.toLocaleString('en-US')} areas (${vertices.toLocaleString('en-US')} vertices)\n`);

  const cpu0 = process.cpuUsage();
  const w0 = performance.now();
  const out = runAreas(req, { points, tz: 'UTC', areas: by }, {});
  const coreMs = performance.now() - w0;
  const coreCpu = cpuMs(process.cpuUsage(cpu0));
  const ours = out.geojson.features.map((f) => (f.properties as { count: number }).count);
  process.stdout.write(`  ours, core (runAreas, one thread):      ${(coreMs / 1000).toFixed(2)} s wall, ${(coreCpu / 1000).toFixed(2)} s CPU; ${Number(out.summary.inAreas).toLocaleString('en-US')} in areas\n`);

  // Off the clock: builds the CLI's bundle if a source changed since the last run (as bench cli does).
  measure(process.execPath, [BIN, '--help']);
  const command = () => {
    const r = measure(process.execPath, [BIN, 'summary', inputs.ws, '--layer', 'pts', '--by', 'areas', '--json']);
    if (r.code !== 0) throw new Error(`frontera summary --by: ${r.stderr}`);
    return r;
  };
  const cold = command();
  process.stdout.write(`  ours, frontera summary --by --json, first run (measures the areas): ${fmt(cold)}\n`);
  const cli = command();
  process.stdout.write(`  ours, frontera summary --by --json, next run (areas kept):          ${fmt(cli)}\n`);
  if (cli.stdout !== cold.stdout) throw new Error('frontera summary --by: the run with the kept areas printed other rows than the first');
  const cliCounts = (JSON.parse(cli.stdout) as { count: number }[]).map((r) => r.count);

  // The library way: flatbush over the areas' boxes, Turf's test on the candidates in layer order.
  const geoms = by.polygons.map((a) => a.geometry as Polygon | MultiPolygon);
  const cpu1 = process.cpuUsage();
  const w1 = performance.now();
  const index = new Flatbush(geoms.length);
  for (const g of geoms) {
    const b = turfBbox(g);
    index.add(b[0], b[1], b[2], b[3]);
  }
  index.finish();
  const turfCounts = new Array<number>(geoms.length).fill(0);
  for (let i = 0; i < points.count; i++) {
    const x = points.lon[i];
    const y = points.lat[i];
    for (const k of index.search(x, y, x, y).sort((a, b) => a - b)) {
      if (booleanPointInPolygon([x, y], geoms[k])) {
        turfCounts[k]++;
        break;
      }
    }
  }
  const turfMs = performance.now() - w1;
  const turfCpu = cpuMs(process.cpuUsage(cpu1));
  process.stdout.write(`  flatbush + Turf booleanPointInPolygon:  ${(turfMs / 1000).toFixed(2)} s wall, ${(turfCpu / 1000).toFixed(2)} s CPU (point in polygon only)\n`);

  const gdal = measure('ogr2ogr', ['-f', 'CSV', '/vsistdout/', inputs.db, '-sql', COUNTS_SQL]);
  if (gdal.code !== 0) throw new Error(`ogr2ogr: ${gdal.stderr}`);
  const reference = parseCounts(gdal.stdout);
  process.stdout.write(`  GDAL, SpatiaLite ST_Intersects + R*Tree: ${fmt(gdal)}\n`);

  const cpuRatio = (m: typeof cli) => (m.cpuS !== null && gdal.cpuS !== null ? (m.cpuS / gdal.cpuS).toFixed(3) : '?');
  const differs = (counts: number[]) => counts.filter((n, i) => n !== (reference.get(i) ?? 0)).length;
  process.stdout.write(
    `  areas whose count differs from GDAL's: core ${differs(ours)}, command ${differs(cliCounts)}, flatbush + Turf ${differs(turfCounts)} (of ${ours.length})\n` +
      `  ours / GDAL: core ${(coreMs / 1000 / gdal.wallS).toFixed(3)}× wall, command ${(cold.wallS / gdal.wallS).toFixed(3)}× wall first run, ` +
      `${(cli.wallS / gdal.wallS).toFixed(3)}× next; ${cpuRatio(cold)}× CPU first run, ${cpuRatio(cli)}× next\n`,
  );
}
