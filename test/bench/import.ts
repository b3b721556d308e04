/**
 * Import speed: a 1,000,000-point CSV and the same points as GeoJSON, each imported into a fresh
 * workspace by the real CLI in a child process (wall time, peak RSS, the importer's own stage
 * timings), then — in the same run — GDAL's ogr2ogr writing the same file into a GeoPackage
 * when it is installed. Target: ≤ 5 s wall and ≤ 1.5 GB peak RSS per file. Then the CSV's points
 * exported as a shapefile (`frontera export`), beside ogr2ogr writing them from its GeoPackage.
 *
 *   npm run bench -- import            (BENCH_POINTS=200000 for a quicker look)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writePoints } from '../../scripts/gen-points.ts';
import { previewFile } from '../../electron/backend/importer.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BENCH_DIR = path.join(repoRoot, '.bench');
const BIN = path.join(repoRoot, 'bin', 'frontera.js');
const SEED = 20240601;

interface Measure {
  wallS: number;
  /** User + system CPU seconds (GNU time, else the CLI's own report); wall time is noise on a shared machine. */
  cpuS: number | null;
  maxRssMB: number | null;
  code: number;
  stderr: string;
  stdout: string;
}

const hasTime = fs.existsSync('/usr/bin/time');

function which(cmd: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Runs a command, measuring wall time and peak RSS (GNU time, else the CLI's own report). */
export function measure(cmd: string, args: string[]): Measure {
  const full = hasTime ? ['/usr/bin/time', ['-f', 'maxrss-kb %M cpu-s %U %S', cmd, ...args]] : [cmd, args];
  const t0 = performance.now();
  const r = spawnSync(full[0] as string, full[1] as string[], {
    encoding: 'utf8',
    env: { ...process.env, FRONTERA_STATS: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallS = (performance.now() - t0) / 1000;
  const stderr = r.stderr ?? '';
  const gnu = /maxrss-kb (\d+) cpu-s ([\d.]+) ([\d.]+)/.exec(stderr);
  const ownMatch = /frontera-stats (\{.*\})/.exec(stderr);
  const own = ownMatch ? (JSON.parse(ownMatch[1]) as { maxRssKB: number; userMs: number; systemMs: number }) : null;
  const kb = gnu ? Number(gnu[1]) : own ? own.maxRssKB : null;
  const cpuS = gnu ? Number(gnu[2]) + Number(gnu[3]) : own ? (own.userMs + own.systemMs) / 1000 : null;
  return { wallS, cpuS, maxRssMB: kb === null ? null : kb / 1024, code: r.status ?? -1, stderr, stdout: r.stdout ?? '' };
}

function ensureInput(file: string, n: number): void {
  if (fs.existsSync(file)) return;
  const t0 = performance.now();
  const bytes = writePoints(file, n, SEED);
  process.stdout.write(`  generated ${path.basename(file)}: ${n} points, ${(bytes / 1e6).toFixed(0)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}

function fresh(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
}

export const fmt = (m: Measure): string =>
  `${m.wallS.toFixed(2)} s wall, ${m.cpuS === null ? '?' : m.cpuS.toFixed(2)} s CPU, peak RSS ${m.maxRssMB === null ? '?' : `${m.maxRssMB.toFixed(0)} MB`}`;

// ---------- GeoPackage import ----------

/**
 * The CSV's points as a GeoPackage — written once by ogr2ogr, outside the timing, as a QGIS shop
 * would send them — imported by `frontera import` beside ogr2ogr copying the same file into
 * another GeoPackage, in the same run. Target: in the spirit of the CSV, a few seconds.
 */
function benchGeoPackage(csv: string, n: number, ogr: string): void {
  const source = csv.replace(/\.csv$/, '.gpkg');
  if (!fs.existsSync(source)) {
    const t0 = performance.now();
    const w = spawnSync(ogr, ['-f', 'GPKG', source, csv, '-oo', 'X_POSSIBLE_NAMES=lon', '-oo', 'Y_POSSIBLE_NAMES=lat', '-oo', 'AUTODETECT_TYPE=YES', '-a_srs', 'EPSG:4326', '-nln', 'points'], { encoding: 'utf8' });
    if (w.status !== 0) throw new Error(`ogr2ogr could not write ${source}: ${w.stderr.slice(-500)}`);
    process.stdout.write(`  generated ${path.basename(source)} with ogr2ogr in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  process.stdout.write(`\n${path.basename(source)} (${n} points, ${(fs.statSync(source).size / 1e6).toFixed(0)} MB)\n`);
  const ws = path.join(BENCH_DIR, 'bench-gpkg.frontera');
  fresh(ws);
  if (measure(process.execPath, [BIN, 'init', ws]).code !== 0) throw new Error('init failed');
  const imp = measure(process.execPath, [BIN, 'import', ws, source, '--json']);
  if (imp.code !== 0) throw new Error(`import failed (${imp.code}): ${imp.stderr.slice(-2000)}`);
  const [summary] = JSON.parse(imp.stdout) as { featureCount: number; millis: number }[];
  const [layer] = JSON.parse(measure(process.execPath, [BIN, 'layers', ws, '--json']).stdout) as { metadata: { timings?: Record<string, number> } }[];
  const t = layer.metadata.timings ?? {};
  process.stdout.write(
    `  frontera import: ${fmt(imp)}; ${summary.featureCount} features; in-process ${(summary.millis / 1000).toFixed(2)} s ` +
      `(${t.readers ?? 0} reader${t.readers === 1 ? '' : 's'}; reading ${t.parseNormalizeMs} ms, insert ${t.insertMs} ms, R*Tree + indexes ${t.rtreeMs} ms)\n`,
  );
  process.stdout.write(`  target ≤ 5 s and ≤ 1536 MB: ${imp.wallS <= 5 && (imp.maxRssMB ?? 0) <= 1536 ? 'met' : 'NOT met'}\n`);
  const copy = path.join(BENCH_DIR, 'bench-copy.gpkg');
  fs.rmSync(copy, { force: true });
  const g = measure(ogr, ['-f', 'GPKG', copy, source]);
  if (g.code !== 0) {
    process.stdout.write(`  ogr2ogr GeoPackage → GeoPackage failed: ${g.stderr.slice(-500)}\n`);
    return;
  }
  process.stdout.write(`  ogr2ogr GeoPackage → GeoPackage: ${fmt(g)}\n`);
  const cpu = imp.cpuS !== null && g.cpuS !== null ? `, CPU ${(imp.cpuS / g.cpuS).toFixed(2)}×` : '';
  process.stdout.write(`  frontera / ogr2ogr, same run: wall ${(imp.wallS / g.wallS).toFixed(2)}×${cpu} (${imp.wallS <= g.wallS ? 'not slower than' : 'SLOWER than'} ogr2ogr)\n`);
}

// ---------- FlatGeobuf, Excel and KML import ----------

/**
 * The CSV's points written once by ogr2ogr (outside the timing) as a FlatGeobuf file (every point),
 * as an Excel sheet (the first tenth: a sheet is for tables people keep, not millions of rows)
 * and as KML (the first 100,000 placemarks, 60 MB: the size the brief asks of the KML reader),
 * each imported by `frontera import` beside ogr2ogr reading the same file into a GeoPackage, in
 * the same run.
 */
function benchWrittenByGdal(csv: string, n: number, ogr: string, driver: 'FlatGeobuf' | 'XLSX' | 'KML'): void {
  const rows = driver === 'XLSX' ? Math.floor(n / 10) : driver === 'KML' ? Math.min(n, 100_000) : n;
  const source = path.join(BENCH_DIR, `import-incidents-${rows}.${{ FlatGeobuf: 'fgb', XLSX: 'xlsx', KML: 'kml' }[driver]}`);
  if (!fs.existsSync(source)) {
    const coordinates = driver === 'XLSX' ? [] : ['-oo', 'X_POSSIBLE_NAMES=lon', '-oo', 'Y_POSSIBLE_NAMES=lat', '-a_srs', 'EPSG:4326'];
    const layer = ['-oo', 'AUTODETECT_TYPE=YES', '-nln', 'points', ...(rows < n ? ['-limit', String(rows)] : []), ...coordinates];
    const w = spawnSync(ogr, ['-f', driver, source, csv, ...layer], { encoding: 'utf8' });
    if (w.status !== 0) throw new Error(`ogr2ogr could not write ${source}: ${w.stderr.slice(-500)}`);
  }
  process.stdout.write(`\n${path.basename(source)} (${rows} points, ${(fs.statSync(source).size / 1e6).toFixed(0)} MB, written by ogr2ogr -f ${driver})\n`);
  const ws = path.join(BENCH_DIR, 'bench-written.frontera');
  fresh(ws);
  if (measure(process.execPath, [BIN, 'init', ws]).code !== 0) throw new Error('init failed');
  const imp = measure(process.execPath, [BIN, 'import', ws, source, '--json']);
  if (imp.code !== 0) throw new Error(`import failed (${imp.code}): ${imp.stderr.slice(-2000)}`);
  const [summary] = JSON.parse(imp.stdout) as { featureCount: number }[];
  process.stdout.write(`  frontera import: ${fmt(imp)}; ${summary.featureCount} features\n`);
  const gpkg = path.join(BENCH_DIR, 'bench-written.gpkg');
  fs.rmSync(gpkg, { force: true });
  const g = measure(ogr, ['-f', 'GPKG', gpkg, source, ...(driver === 'XLSX' ? ['-oo', 'HEADERS=FORCE'] : [])]);
  if (g.code !== 0) {
    process.stdout.write(`  ogr2ogr → GeoPackage failed: ${g.stderr.slice(-500)}\n`);
    return;
  }
  process.stdout.write(`  ogr2ogr → GeoPackage: ${fmt(g)}\n`);
  const cpu = imp.cpuS !== null && g.cpuS !== null ? `, CPU ${(imp.cpuS / g.cpuS).toFixed(2)}×` : '';
  process.stdout.write(`  frontera / ogr2ogr, same run: wall ${(imp.wallS / g.wallS).toFixed(2)}×${cpu} (${imp.wallS <= g.wallS ? 'not slower than' : 'SLOWER than'} ogr2ogr)\n`);
}

export async function bench(): Promise<void> {
  const n = Number(process.env.BENCH_POINTS ?? 1_000_000);
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  const inputs = [path.join(BENCH_DIR, `import-incidents-${n}.csv`), path.join(BENCH_DIR, `import-incidents-${n}.geojson`)];
  for (const f of inputs) ensureInput(f, n);
  const ogr = which('ogr2ogr');
  await benchPreview(inputs, ogr);

  for (const input of inputs) {
    const size = fs.statSync(input).size;
    process.stdout.write(`\n${path.basename(input)} (${n} points, ${(size / 1e6).toFixed(0)} MB)\n`);
    const ws = path.join(BENCH_DIR, 'bench.frontera');
    fresh(ws);
    const init = measure(process.execPath, [BIN, 'init', ws]);
    if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
    // CLI start-up (tsx transpiling the sources) is part of what a user waits for, so it is
    // included; it is also shown on its own.
    const startup = measure(process.execPath, [BIN, 'import', '--help']);
    const imp = measure(process.execPath, [BIN, 'import', ws, input, '--json']);
    if (imp.code !== 0) throw new Error(`import failed (${imp.code}): ${imp.stderr.slice(-2000)}`);
    const [summary] = JSON.parse(imp.stdout) as { featureCount: number; millis: number }[];
    const layers = JSON.parse(measure(process.execPath, [BIN, 'layers', ws, '--json']).stdout) as {
      metadata: { timings?: Record<string, number> };
    }[];
    const t = layers[0].metadata.timings ?? {};
    const dbMB = (fs.statSync(ws).size + (fs.existsSync(`${ws}-wal`) ? fs.statSync(`${ws}-wal`).size : 0)) / 1e6;
    process.stdout.write(
      `  frontera import: ${fmt(imp)}; ${summary.featureCount} features; in-process ${(summary.millis / 1000).toFixed(2)} s ` +
        // With import workers (readers; 0: in-process), parsing overlaps the inserts: "reading" is
        // the time the writer waited for rows on top of its inserts. COMMIT and the WAL checkpoint at close come after.
        `(${t.readers ?? 0} reader${t.readers === 1 ? '' : 's'}; reading ${t.parseNormalizeMs} ms, insert ${t.insertMs} ms, R*Tree + indexes ${t.rtreeMs} ms, rest ${summary.millis - (t.parseNormalizeMs ?? 0) - (t.insertMs ?? 0) - (t.rtreeMs ?? 0)} ms; ` +
        `then commit, checkpoint and exit); ` +
        `CLI start-up alone (import --help) ${startup.wallS.toFixed(2)} s; workspace ${dbMB.toFixed(0)} MB\n`,
    );
    process.stdout.write(`  target ≤ 5 s and ≤ 1536 MB: ${imp.wallS <= 5 && (imp.maxRssMB ?? 0) <= 1536 ? 'met' : 'NOT met'}\n`);

    if (!ogr) {
      process.stdout.write('  ogr2ogr (GDAL): not installed — install gdal-bin to compare\n');
      continue;
    }
    const gpkg = path.join(BENCH_DIR, 'bench.gpkg');
    fs.rmSync(gpkg, { force: true });
    const args = input.endsWith('.csv')
      ? ['-f', 'GPKG', gpkg, input, '-oo', 'X_POSSIBLE_NAMES=lon', '-oo', 'Y_POSSIBLE_NAMES=lat', '-oo', 'AUTODETECT_TYPE=YES', '-a_srs', 'EPSG:4326', '-nln', 'points']
      : ['-f', 'GPKG', gpkg, input, '-nln', 'points'];
    const g = measure(ogr, args);
    if (g.code !== 0) process.stdout.write(`  ogr2ogr failed: ${g.stderr.slice(-500)}\n`);
    else {
      process.stdout.write(`  ogr2ogr → GeoPackage: ${fmt(g)}; ${(fs.statSync(gpkg).size / 1e6).toFixed(0)} MB\n`);
      const cpu = imp.cpuS !== null && g.cpuS !== null ? `, CPU ${(imp.cpuS / g.cpuS).toFixed(2)}×` : '';
      process.stdout.write(
        `  frontera / ogr2ogr, same run: wall ${(imp.wallS / g.wallS).toFixed(2)}×${cpu} ` +
          `(${imp.wallS <= g.wallS ? 'not slower than' : 'SLOWER than'} ogr2ogr)\n`,
      );
      if (input.endsWith('.csv')) benchShapefileExport(ws, (JSON.parse(imp.stdout) as { layer: string }[])[0].layer, gpkg, ogr);
    }
  }
  if (ogr) benchGeoPackage(inputs[0], n, ogr);
  else process.stdout.write('\nGeoPackage: ogr2ogr (GDAL) not installed — it writes the bench file; install gdal-bin\n');
  if (ogr) for (const driver of ['FlatGeobuf', 'XLSX', 'KML'] as const) benchWrittenByGdal(inputs[0], n, ogr, driver);
  else process.stdout.write('\nFlatGeobuf, Excel and KML: ogr2ogr (GDAL) not installed — it writes the bench files; install gdal-bin\n');
}

// ---------- shapefile export ----------

/**
 * The imported points written as a shapefile by `frontera export` (from the workspace, with the
 * stored fields added), beside ogr2ogr writing the same points from its GeoPackage: each reads a
 * SQLite file and writes .shp, .shx and .dbf.
 */
function benchShapefileExport(ws: string, layer: string, gpkg: string, ogr: string): void {
  const dir = path.join(BENCH_DIR, 'shp-export');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir);
  const size = (stem: string) => (['shp', 'shx', 'dbf'].reduce((n, e) => n + fs.statSync(`${stem}.${e}`).size, 0) / 1e6).toFixed(0);
  const ours = measure(process.execPath, [BIN, 'export', ws, layer, '--out', path.join(dir, 'frontera.shp')]);
  if (ours.code !== 0) throw new Error(`export failed (${ours.code}): ${ours.stderr.slice(-2000)}`);
  process.stdout.write(`  frontera export → shapefile: ${fmt(ours)}; ${size(path.join(dir, 'frontera'))} MB\n`);
  const g = measure(ogr, ['-f', 'ESRI Shapefile', path.join(dir, 'gdal.shp'), gpkg, 'points', '-lco', 'ENCODING=UTF-8']);
  if (g.code !== 0) {
    process.stdout.write(`  ogr2ogr → shapefile failed: ${g.stderr.slice(-500)}\n`);
    return;
  }
  process.stdout.write(`  ogr2ogr GeoPackage → shapefile: ${fmt(g)}; ${size(path.join(dir, 'gdal'))} MB\n`);
  const cpu = ours.cpuS !== null && g.cpuS !== null ? `, CPU ${(ours.cpuS / g.cpuS).toFixed(2)}×` : '';
  process.stdout.write(`  frontera / ogr2ogr, same run: wall ${(ours.wallS / g.wallS).toFixed(2)}×${cpu}\n`);
}

// ---------- the import dialog's preview ----------

/**
 * The import dialog reads the preview again at every choice (coordinate columns, CRS, encoding,
 * the layer of a file of several), so its time must not grow with the file: the preview of each
 * bench file in-process, as the running back end serves it (median of 5), beside ogr2ogr reading
 * the same file's first 20 features (to GeoJSON on its stdout; its process start included).
 */
async function benchPreview(inputs: string[], ogr: string | null): Promise<void> {
  process.stdout.write('\nimport dialog preview (read again at every choice in the dialog)\n');
  for (const input of inputs) {
    const csv = input.endsWith('.csv');
    const ms: number[] = [];
    for (let k = 0; k < 5; k++) {
      const t0 = performance.now();
      const p = await previewFile(input, csv ? { lat: 'lat', lon: 'lon' } : {});
      ms.push(performance.now() - t0);
      if (p.sample.length === 0) throw new Error(`${input}: the preview read no rows`);
    }
    ms.sort((a, b) => a - b);
    let peer = 'ogr2ogr (GDAL) not installed';
    if (ogr) {
      const open = csv ? ['-oo', 'X_POSSIBLE_NAMES=lon', '-oo', 'Y_POSSIBLE_NAMES=lat'] : [];
      const g = measure(ogr, ['-f', 'GeoJSON', '/vsistdout/', input, ...open, '-limit', '20']);
      peer = g.code === 0 ? `ogr2ogr -limit 20: ${(g.wallS * 1000).toFixed(0)} ms wall` : `ogr2ogr failed: ${g.stderr.slice(-300)}`;
    }
    process.stdout.write(`  ${path.basename(input)}: frontera preview ${ms[2].toFixed(0)} ms (median of 5, ${ms[0].toFixed(0)}–${ms[4].toFixed(0)}); ${peer}\n`);
  }
}
