/**
 * Hotspot analysis core on seeded border-zone incidents (shared/synth borderZoneSpec: town
 * hotspots, four corridors, uniform noise over ~150 × 100 km around Mexicali / San Luis Río
 * Colorado), 10k / 100k / 1M points. Every measurement runs in its own child process so its
 * peak RSS is its own (the figure includes the input arrays; "data" is the RSS once they exist).
 * Peers in the same run: Turf clustersDbscan (10k; 100k with FULL=1, it takes minutes),
 * scikit-learn's DBSCAN at 200k when Debian's python3-sklearn is installed (test/bench/peers),
 * density-clustering's DBSCAN (10k, O(n²)), our textbook kdbush DBSCAN (test/bench/peers),
 * textbook kernel density (every point stamps its kernel into every cell within h, full-sort
 * median for the bandwidth: test/bench/peers/kdeStamp.ts; same surface, checked) and proj4 for
 * the projection. KDE runs three ways: ours (the row sweep in WebAssembly, one thread), ours-js
 * (the same sweep in JavaScript) and ours-2threads (WebAssembly, with the helper thread the app
 * lends from 200k incidents on). Run alone: node --import tsx test/bench/analysis.ts
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { aggregateGrid } from '../../shared/analysis/aggregateGrid.ts';
import { dbscan } from '../../shared/analysis/dbscan.ts';
import { densityContours } from '../../shared/analysis/densityContours.ts';
import { distanceBand } from '../../shared/analysis/distanceBand.ts';
import { giBins, gistar } from '../../shared/analysis/gistar.ts';
import { convexHullArea } from '../../shared/analysis/hull.ts';
import { kde } from '../../shared/analysis/kde.ts';
import { localProjectionFor } from '../../shared/analysis/localProjection.ts';
import { nni } from '../../shared/analysis/nni.ts';
import { pointsExtent } from '../../shared/analysis/pointsExtent.ts';
import { suggestEps } from '../../shared/analysis/suggestEps.ts';
import { generateIncidents } from '../../shared/synth/incidents.ts';
import { borderZoneSpec } from '../../shared/synth/presets.ts';
import { kdbushDbscan } from './peers/kdbushDbscan.ts';
import { sklearnDbscan, sklearnMissing } from './peers/sklearnDbscan.ts';
import { KDE_HELPER_MIN_POINTS, startKdeRowHelper } from '../../electron/backend/analysis/kdeRowHelper.ts';
import { stampKde } from './peers/kdeStamp.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');

interface Result {
  ms: number;
  /** CPU time of the measured section (user + system): on a shared machine, wall time also counts waiting for a core. */
  cpuMs: number;
  dataRssMb: number;
  peakRssMb: number;
  note: string;
}

function points(n: number) {
  const g = generateIncidents(borderZoneSpec(n), 20240601);
  const proj = localProjectionFor(g.lon, g.lat);
  const { x, y } = proj.projectArrays(g.lon, g.lat);
  return { lon: g.lon, lat: g.lat, x, y, proj };
}

async function runOne(
  method: string,
  impl: string,
  n: number,
): Promise<{ ms: number; cpuMs: number; note: string; dataRssMb: number; peakRssMb?: number }> {
  // As the app does: the helper thread starts when the run is asked for and boots while the
  // points are read and projected (here: generated).
  const rowHelper = impl === 'ours-2threads' ? startKdeRowHelper() : undefined;
  const p = points(n);
  // Peers are loaded before the clock starts: module loading is not clustering.
  const turf = impl === 'turf' ? await import('@turf/turf') : null;
  const dcName = 'density-clustering'; // untyped package: imported by name
  const dc = impl === 'density-clustering' ? ((await import(dcName)).default as { DBSCAN: new () => { run(d: number[][], e: number, m: number): number[][] } }) : null;
  const proj4 = impl === 'proj4' ? (await import('proj4')).default : null;
  const turfInput = turf ? turf.featureCollection(Array.from(p.lon, (lo, i) => turf.point([lo, p.lat[i]]))) : null;
  const dcInput = dc ? Array.from(p.x, (xv, i) => [xv, p.y[i]]) : null;
  const dataRssMb = process.memoryUsage().rss / 2 ** 20;
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  let note = '';
  // Set where a case does unmeasured work (a cross-check) after its measured section.
  let stop: { ms: number; cpu: NodeJS.CpuUsage } | undefined;
  // Set where the work ran in another process (scikit-learn).
  let peakRssMb: number | undefined;
  const eps = n >= 1_000_000 ? 150 : 500;
  const minPoints = n >= 1_000_000 ? 10 : 5;
  if (method === 'project') {
    if (impl === 'ours') {
      const r = p.proj.projectArrays(p.lon, p.lat);
      note = `UTM ${p.proj.zone}${p.proj.south ? 'S' : 'N'}, x[0] ${r.x[0].toFixed(3)}`;
    } else if (proj4) {
      const conv = proj4('EPSG:4326', `+proj=utm +zone=${p.proj.zone} +datum=WGS84 +units=m +no_defs`);
      const x = new Float64Array(n);
      for (let i = 0; i < n; i++) x[i] = conv.forward([p.lon[i], p.lat[i]])[0];
      note = `x[0] ${x[0].toFixed(3)}`;
    }
  } else if (method === 'dbscan') {
    if (impl === 'ours') {
      const r = dbscan(p.x, p.y, { eps, minPoints });
      note = `eps ${eps} m, minPoints ${minPoints}: ${r.clusterCount} clusters, ${r.labels.filter((l) => l < 0).length} noise`;
    } else if (impl === 'kdbush') {
      const r = kdbushDbscan(p.x, p.y, eps, minPoints);
      note = `${r.clusterCount} clusters, ${r.labels.filter((l) => l < 0).length} noise`;
    } else if (turf && turfInput) {
      const out = turf.clustersDbscan(turfInput, eps / 1000, { units: 'kilometers', minPoints, mutate: true });
      const ids = new Set(out.features.map((f) => f.properties.cluster).filter((c) => c !== undefined));
      note = `${ids.size} clusters (great-circle distance on lon/lat)`;
    } else if (impl === 'scikit-learn') {
      // Its own process times fit() alone; that, its CPU and its peak RSS are the figures.
      const r = sklearnDbscan(p.x, p.y, eps, minPoints);
      stop = { ms: r.ms, cpu: { user: r.cpuMs * 1000, system: 0 } };
      peakRssMb = r.peakRssMb;
      note = `${r.clusters} clusters, ${r.noise} noise (fit() alone, in Python)`;
    } else if (dc && dcInput) {
      const clusters = new dc.DBSCAN().run(dcInput, eps, minPoints);
      note = `${clusters.length} clusters`;
    }
  } else if (method === 'kde') {
    // ~1000 cells along the longer side of the data (the default bandwidth grows the extent a
    // little): 1026 × 700 cells for the border zone.
    const e = pointsExtent(p.x, p.y);
    const cellSize = Math.max(e.maxX - e.minX, e.maxY - e.minY) / 1000;
    const g =
      impl === 'stamp'
        ? { ...stampKde(p.x, p.y, { cellSize }), totalWeight: n }
        : kde(p.x, p.y, null, { cellSize, rowHelper, engine: impl === 'ours-js' ? 'js' : 'wasm' });
    const t2 = performance.now();
    const c = densityContours(g, [1, 5, 10]);
    const t3 = performance.now();
    stop = { ms: t3 - t, cpu: process.cpuUsage(cpu0) };
    note = `${g.cols}×${g.rows} cells of ${g.cellSize.toFixed(0)} m, bandwidth ${g.bandwidth.toFixed(0)} m: grid ${(t2 - t).toFixed(0)} ms + contours ${(t3 - t2).toFixed(0)} ms (${c.length} levels)`;
    if (impl === 'stamp') {
      // Outside the clock: the same surface from kde(), to show the two agree.
      const o = kde(p.x, p.y, null, { cellSize });
      let peak = 0;
      let diff = 0;
      for (let i = 0; i < o.values.length; i++) {
        peak = Math.max(peak, o.values[i]);
        diff = Math.max(diff, Math.abs(o.values[i] - g.values[i]));
      }
      note += `; max |kde − stamp| = ${(diff / peak).toExponential(1)} of the peak`;
    }
  } else if (method === 'gistar') {
    const a = aggregateGrid(p.x, p.y, null, { cellSize: 1000, shape: 'hex' });
    const t1 = performance.now();
    const adj = distanceBand(a.cx, a.cy);
    const t2 = performance.now();
    const { z, p: pv } = gistar(Float64Array.from(a.count), adj);
    const bins = giBins(z, pv);
    const t3 = performance.now();
    const hot = bins.filter((b) => b === 3).length;
    note = `${a.cx.length} hex cells of 1 km (aggregate ${(t1 - t).toFixed(0)} ms, band ${adj.band.toFixed(0)} m ${(t2 - t1).toFixed(0)} ms, Gi*+FDR bins ${(t3 - t2).toFixed(0)} ms), ${hot} hot at 99 %`;
  } else if (method === 'nni') {
    const area = convexHullArea(p.x, p.y);
    const r = nni(p.x, p.y, area);
    note = `R = ${r.ratio.toFixed(3)}, z = ${r.z.toFixed(1)}`;
  } else if (method === 'suggestEps') {
    const s = suggestEps(p.x, p.y, minPoints);
    note = `k = ${minPoints}: eps ${s.eps.toFixed(0)} m from ${s.curve.length} k-distances`;
  } else {
    throw new Error(`unknown bench case ${method}`);
  }
  const ms = stop?.ms ?? performance.now() - t;
  const cpu = stop?.cpu ?? process.cpuUsage(cpu0);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, note, dataRssMb, ...(peakRssMb !== undefined ? { peakRssMb } : {}) };
}

function measure(method: string, impl: string, n: number): Result {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--one', method, impl, String(n)], {
    encoding: 'utf8',
    cwd: repoRoot,
    maxBuffer: 1 << 22,
  });
  if (r.status !== 0) throw new Error(`${method}/${impl}/${n} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() as string) as Result;
}

const fmtN = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);

/**
 * One bench line. runs > 1: that many runs, the one with the median wall time reported and every
 * wall time listed (on a shared virtual machine one run can be 20 % off either way).
 */
function line(method: string, impl: string, n: number, vs?: Result, runs = 1): Result {
  const all = Array.from({ length: runs }, () => measure(method, impl, n)).sort((a, b) => a.ms - b.ms);
  const r = all[(runs - 1) >> 1];
  const ratio = vs ? `  ${impl}/ours ${(r.cpuMs / vs.cpuMs).toFixed(1)}× (cpu)` : '';
  const spread = runs > 1 ? `  [median of ${runs}: ${all.map((a) => a.ms.toFixed(0)).join(' / ')} ms]` : '';
  console.log(
    `  ${method.padEnd(10)} ${impl.padEnd(18)} ${fmtN(n).padStart(5)}  wall ${r.ms.toFixed(0).padStart(6)} ms  cpu ${r.cpuMs.toFixed(0).padStart(6)} ms  peak RSS ${r.peakRssMb.toFixed(0).padStart(5)} MB (data ${r.dataRssMb.toFixed(0)} MB)${ratio}  ${r.note}${spread}`,
  );
  return r;
}

export async function bench(): Promise<void> {
  const full = process.env.FULL === '1';
  const { loadavg } = await import('node:os');
  console.log(
    `analysis: seeded border-zone incidents (shared/synth), one child process per run; load average ${loadavg()[0].toFixed(1)} — on a busy machine read the cpu column`,
  );
  const p1 = line('project', 'ours', 1_000_000);
  line('project', 'proj4', 1_000_000, p1);
  for (const n of [10_000, 100_000, 1_000_000]) {
    const ours = line('dbscan', 'ours', n);
    if (n <= 100_000) line('dbscan', 'kdbush', n, ours);
    if (n === 10_000 || (n === 100_000 && full)) line('dbscan', 'turf', n, ours);
    if (n === 10_000) line('dbscan', 'density-clustering', n, ours);
  }
  const o200 = line('dbscan', 'ours', 200_000);
  line('dbscan', 'kdbush', 200_000, o200);
  const noSklearn = sklearnMissing();
  if (noSklearn) console.log(`  dbscan     scikit-learn        200k  not run: ${noSklearn}`);
  else {
    const sk = line('dbscan', 'scikit-learn', 200_000, o200);
    console.log(`  dbscan     scikit-learn / ours at 200k, wall: ${(sk.ms / o200.ms).toFixed(1)}× (target ≥ 5×)`);
  }
  for (const n of [10_000, 100_000, 1_000_000]) {
    const runs = n >= 1_000_000 ? 3 : 1;
    const ours = line('kde', 'ours', n, undefined, runs);
    const js = line('kde', 'ours-js', n, undefined, runs);
    console.log(`  kde        row sweep in JavaScript / WebAssembly, wall: ${(js.ms / ours.ms).toFixed(2)}`);
    const two = line('kde', 'ours-2threads', n, undefined, runs);
    console.log(
      `  kde        1 thread / 2 threads, wall: ${(ours.ms / two.ms).toFixed(2)} (the app lends the second thread from ${KDE_HELPER_MIN_POINTS / 1000}k incidents on)`,
    );
    line('kde', 'stamp', n, ours);
  }
  for (const method of ['gistar', 'nni', 'suggestEps']) {
    for (const n of [10_000, 100_000, 1_000_000]) line(method, 'ours', n);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const k = process.argv.indexOf('--one');
  if (k !== -1) {
    const [method, impl, n] = process.argv.slice(k + 1);
    const r = await runOne(method, impl, Number(n));
    // The helper thread is unref'd: the process ends without closing it.
    console.log(JSON.stringify({ peakRssMb: process.resourceUsage().maxRSS / 1024, ...r }));
  } else {
    await bench();
  }
}
