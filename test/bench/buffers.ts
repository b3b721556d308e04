/**
 * Buffers and distances (issue 18): the 5 km buffer of the US–Mexico border, and the distance
 * from a million incidents to the border, beside GDAL/SpatiaLite in the same run.
 *
 * The incidents: 1,000,000 seeded points uniform over Baja California and Sonora's border strip
 * (lon −117.1…−108.3, lat 30.8…32.7), generated once into .bench/buffers/ with a SpatiaLite copy
 * of them and of the basemap's border (built before any clock starts).
 *
 * Measured, each with wall and CPU time:
 * - ours: bufferGeometry (geodesic, per-150 km azimuthal equidistant pieces) of the border by 5 km;
 *   distanceIndex over the border and `nearest` for every incident (Karney's geodesic distance);
 *   `within(5 km)` for every incident (what --within-distance runs); the incidents inside our
 *   buffer polygon (the --within path);
 * - GDAL: ogr2ogr with SpatiaLite's ST_Buffer(ST_Transform(border, 32611), 5000) (GEOS in UTM 11N),
 *   the incidents inside that buffer (ST_Intersects through the points' R*Tree), and
 *   ST_Distance(point, border, 1) — SpatiaLite's ellipsoidal distance — for the first 100,000
 *   incidents (about 20 s of CPU; ours is timed on the same 100,000 too).
 * The counts within 5 km are compared (in all, and west of −114° where UTM 11N is true to 3·10⁻⁴),
 * and the distances on a sample of 1,000 incidents.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FeatureCollection, LineString } from 'geojson';
import { bufferGeometry } from '../../shared/geo/buffer.ts';
import { distanceIndex } from '../../shared/geo/geodesicDistance.ts';
import { polygonFilter } from '../../shared/analysis/selection.ts';
import { createRng } from '../../shared/synth/random.ts';
import { fmt, measure } from './import.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const DIR = path.join(repoRoot, '.bench', 'buffers');
const BORDER = path.join(repoRoot, 'data', 'basemap', 'borders.geojson');
const N = 1_000_000;
const BOX = [-117.1, 30.8, -108.3, 32.7] as const;
const SUBSET = 100_000;

function gdal(args: string[]): string {
  const r = spawnSync(args[0], args.slice(1), { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function ensureInputs(): { lon: Float64Array; lat: Float64Array; db: string } {
  fs.mkdirSync(DIR, { recursive: true });
  const csv = path.join(DIR, `points-${N}.csv`);
  const db = path.join(DIR, 'reference.sqlite');
  const rng = createRng('buffers-bench');
  const lon = new Float64Array(N);
  const lat = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    lon[i] = Number(rng.uniform(BOX[0], BOX[2]).toFixed(6));
    lat[i] = Number(rng.uniform(BOX[1], BOX[3]).toFixed(6));
  }
  if (!fs.existsSync(csv)) {
    const lines = ['pid,lon,lat'];
    for (let i = 0; i < N; i++) lines.push(`${i},${lon[i]},${lat[i]}`);
    fs.writeFileSync(csv, lines.join('\n') + '\n');
  }
  if (!fs.existsSync(db)) {
    gdal(['ogr2ogr', '-f', 'SQLite', '-dsco', 'SPATIALITE=YES', db, BORDER, '-nln', 'border']);
    gdal(['ogr2ogr', '-update', db, csv, '-nln', 'pts', '-oo', 'X_POSSIBLE_NAMES=lon', '-oo', 'Y_POSSIBLE_NAMES=lat', '-a_srs', 'EPSG:4326']);
  }
  return { lon, lat, db };
}

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
function timed<T>(fn: () => T): { value: T; wallS: number; cpuS: number } {
  const c = process.cpuUsage();
  const w = performance.now();
  const value = fn();
  return { value, wallS: (performance.now() - w) / 1000, cpuS: cpuMs(process.cpuUsage(c)) / 1000 };
}
const line = (label: string, t: { wallS: number; cpuS: number }) => `  ${label.padEnd(52)} ${t.wallS.toFixed(2)} s wall, ${t.cpuS.toFixed(2)} s CPU`;

const BUFFER_SQL = `SELECT ST_Transform(ST_Buffer(ST_Transform(GEOMETRY, 32611), 5000), 4326) FROM border`;

export async function bench(): Promise<void> {
  const t0 = performance.now();
  const { lon, lat, db } = ensureInputs();
  process.stdout.write(`  inputs ready in ${((performance.now() - t0) / 1000).toFixed(1)} s (${DIR})\n`);
  const border = (JSON.parse(fs.readFileSync(BORDER, 'utf8')) as FeatureCollection<LineString>).features[0].geometry;

  const buffer = timed(() => bufferGeometry(border, 5000)!);
  process.stdout.write(line('ours, 5 km buffer of the border (geodesic):', buffer) + '\n');
  const index = timed(() => distanceIndex([border]));
  const nearest = timed(() => {
    const d = new Float64Array(N);
    for (let i = 0; i < N; i++) d[i] = index.value.nearest(lon[i], lat[i]).metres;
    return d;
  });
  process.stdout.write(line(`ours, distance to the border of ${N.toLocaleString('en-US')} incidents:`, { wallS: index.wallS + nearest.wallS, cpuS: index.cpuS + nearest.cpuS }) + '\n');
  const within = timed(() => {
    let n = 0;
    for (let i = 0; i < N; i++) if (index.value.within(lon[i], lat[i], 5000)) n++;
    return n;
  });
  process.stdout.write(line('ours, within 5 km (--within-distance):', within) + `; ${within.value.toLocaleString('en-US')} incidents\n`);
  const inPolygon = timed(() => {
    const inside = polygonFilter(buffer.value);
    let n = 0;
    for (let i = 0; i < N; i++) if (inside(lon[i], lat[i])) n++;
    return n;
  });
  process.stdout.write(line('ours, inside the 5 km buffer (--within):', inPolygon) + `; ${inPolygon.value.toLocaleString('en-US')} incidents\n`);

  const gBuffer = measure('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', db, '-dialect', 'SQLite', '-sql', BUFFER_SQL]);
  if (gBuffer.code !== 0) throw new Error(gBuffer.stderr);
  process.stdout.write(`  ${'GDAL, ST_Buffer in UTM 11N:'.padEnd(52)} ${fmt(gBuffer)}\n`);
  // UTM 11N's scale grows east of its meridian (−117°): 1.0003 at −114°, 1.02 at −105°, so GDAL's
  // buffer narrows there; west of −114° the two counts should agree but for points within metres of the edge.
  const inBufferSql = (extra: string) =>
    `SELECT COUNT(*) FROM pts p WHERE p.ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name = 'pts' AND search_frame = (${BUFFER_SQL})) ` +
    `AND ST_Intersects(p.GEOMETRY, (${BUFFER_SQL}))${extra}`;
  const gWithin = measure('ogrinfo', ['-q', db, '-sql', inBufferSql('')]);
  const count = (m: { stdout: string }) => Number(/= (\d+)/.exec(m.stdout)?.[1] ?? NaN);
  process.stdout.write(`  ${'GDAL, inside its buffer (R*Tree + ST_Intersects):'.padEnd(52)} ${fmt(gWithin)}; ${count(gWithin).toLocaleString('en-US')} incidents\n`);
  const gWest = count(measure('ogrinfo', ['-q', db, '-sql', inBufferSql(' AND X(p.GEOMETRY) < -114')]));
  let west = 0;
  for (let i = 0; i < N; i++) if (lon[i] < -114 && index.value.within(lon[i], lat[i], 5000)) west++;

  // SpatiaLite's ellipsoidal distance is slow: the first SUBSET incidents, ours timed on the same.
  const ours100k = timed(() => {
    let sum = 0;
    for (let i = 0; i < SUBSET; i++) sum += index.value.nearest(lon[i], lat[i]).metres;
    return sum;
  });
  process.stdout.write(line(`ours, distance to the border of the first ${SUBSET.toLocaleString('en-US')}:`, ours100k) + '\n');
  const gDist = measure('ogrinfo', ['-q', db, '-sql', `SELECT SUM(ST_Distance(p.GEOMETRY, b.GEOMETRY, 1)) FROM pts p, border b WHERE p.ROWID <= ${SUBSET}`]);
  process.stdout.write(`  ${`GDAL, ST_Distance(…, 1) of the first ${SUBSET.toLocaleString('en-US')}:`.padEnd(52)} ${fmt(gDist)}\n`);

  // The distances side by side on a sample. SpatiaLite's is not a reference: it measures on the
  // ellipsoid the shortest line GEOS finds in degrees, so it reads up to 17 % longer on slanting
  // stretches and, next to the line, shorter (26 m where PROJ + GEOS and ours say 46.1 m, at
  // −113.2906, 32.0256). test/unit/geo/geodesicDistance.test.ts checks ours against PROJ.
  const csv = gdal(['ogr2ogr', '-f', 'CSV', '/vsistdout/', db, '-sql', `SELECT p.ROWID - 1 AS i, ST_Distance(p.GEOMETRY, b.GEOMETRY, 1) AS d FROM pts p, border b WHERE p.ROWID % 1000 = 1`]);
  const rel = csv
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.replace(/"/g, '').split(',').map(Number))
    .map(([i, d]) => (d - nearest.value[i]) / nearest.value[i])
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  process.stdout.write(
    `  within 5 km: ours ${within.value} by distance, ${inPolygon.value} in our buffer; GDAL ${count(gWithin)} in its UTM 11N buffer; ` +
      `west of −114°: ours ${west}, GDAL ${gWest}\n` +
      `  SpatiaLite's distance − ours, relative, over ${rel.length} incidents: median ${(rel[rel.length >> 1] * 100).toFixed(3)} %, ` +
      `largest ${(rel[rel.length - 1] * 100).toFixed(2)} %, smallest ${(rel[0] * 100).toFixed(3)} %\n` +
      `  ours / GDAL: distances ${(ours100k.cpuS / (gDist.cpuS ?? NaN)).toFixed(3)}× CPU, ${(ours100k.wallS / gDist.wallS).toFixed(3)}× wall; ` +
      `buffer ${(buffer.wallS / gBuffer.wallS).toFixed(3)}× wall\n`,
  );
}
