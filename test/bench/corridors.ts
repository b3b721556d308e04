/**
 * Network corridors at 100k and 1M incidents on a ~10k-segment network: a jittered grid of roads
 * (each block side its own line, ~1.4 km) over ~100 × 100 km around the Mexicali Valley, plus
 * three planted corridor roads (straight, curved, one along the border latitude). Incidents: 40 %
 * along the planted roads, 40 % along the grid, 20 % anywhere (many beyond the snap tolerance).
 * Every run happens in a child process so its peak RSS is its own; "data" is the RSS once the
 * inputs exist. Wall time is reported with CPU time, because the machine may be shared. The peer:
 * the textbook simple NKDE (one Dijkstra per event, as spNetwork runs it) against our per-edge
 * grouping, on the same snapped events and lixels, with the largest difference between the two.
 * Free corridors run at 100k for scale. The whole network run has its own peer: the same run
 * with the code as it was before the density's peaks and their Monte Carlo envelope (commit
 * BEFORE_PEAKS, extracted with git archive into the OS temp dir), on the same incidents, each
 * in its own child process one after the other. Each network line also says how much of each
 * corridor's incidents the generator drew along a planted road (the smallest share among the
 * corridors), so a corridor of noise would show. Run alone: node --import tsx test/bench/corridors.ts
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { LineString, Point } from 'geojson';
import { freeCorridors } from '../../shared/analysis/corridors/freeCorridors.ts';
import { networkCorridors } from '../../shared/analysis/corridors/networkCorridors.ts';
import { kernels } from '../../shared/analysis/corridors/kernels.ts';
import { buildLineNetwork, type LineNetwork } from '../../shared/analysis/corridors/lineNetwork.ts';
import { groupByLixel, lixelize, type EdgePoints } from '../../shared/analysis/corridors/lixels.ts';
import { networkKde } from '../../shared/analysis/corridors/networkKde.ts';
import { BoundedDijkstra } from '../../shared/analysis/corridors/shortestPaths.ts';
import { snapToNetwork } from '../../shared/analysis/corridors/snapToNetwork.ts';
import { localProjectionFor } from '../../shared/analysis/localProjection.ts';
import { generateIncidents } from '../../shared/synth/incidents.ts';
import { projectionFor } from '../../shared/analysis/corridors/validate.ts';
import { groupByEdge } from '../../shared/analysis/corridors/lixels.ts';
import { libpysalLayer } from '../support/libpysalExamples.ts';
import { borderZoneSpec } from '../../shared/synth/presets.ts';
import { createRng } from '../../shared/synth/random.ts';

const LON0 = -115.3;
const LAT0 = 31.95;
const M_LAT = 111_195;
const M_LON = M_LAT * Math.cos((32.4 * Math.PI) / 180);
const toLonLat = (x: number, y: number): [number, number] => [LON0 + x / M_LON, LAT0 + y / M_LAT];

function buildNetwork(): { lines: LineString[]; planted: [number, number][][] } {
  const rng = createRng(7);
  const n = 71;
  const spacing = 1400;
  const jitter = (): number => (rng.next() - 0.5) * 400;
  const nodes: [number, number][][] = [];
  for (let i = 0; i < n; i++) {
    nodes.push([]);
    for (let j = 0; j < n; j++) nodes[i].push([i * spacing + jitter(), j * spacing + jitter()]);
  }
  const lines: LineString[] = [];
  const seg = (a: [number, number], b: [number, number]): void => {
    lines.push({ type: 'LineString', coordinates: [toLonLat(...a), toLonLat(...b)] });
  };
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i + 1 < n) seg(nodes[i][j], nodes[i + 1][j]);
      if (j + 1 < n) seg(nodes[i][j], nodes[i][j + 1]);
    }
  }
  const planted: [number, number][][] = [];
  const straight: [number, number][] = [];
  const curved: [number, number][] = [];
  const border: [number, number][] = [];
  for (let k = 0; k <= 120; k++) {
    const t = k / 120;
    straight.push([10_000 + t * 60_000, 15_000 + t * 45_000]);
    curved.push([50_000 + 30_000 * Math.cos(Math.PI * t), 20_000 + 25_000 * Math.sin(Math.PI * t)]);
    border.push([5_000 + t * 85_000, 92_000 + 1_500 * Math.sin(6 * t)]);
  }
  for (const line of [straight, curved, border]) {
    planted.push(line);
    lines.push({ type: 'LineString', coordinates: line.map(([x, y]) => toLonLat(x, y)) });
  }
  return { lines, planted };
}

function incidents(n: number, net: { lines: LineString[]; planted: [number, number][][] }) {
  const rng = createRng(n);
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  const time = new Float64Array(n);
  const category = new Int32Array(n);
  const planted = new Uint8Array(n);
  const grid = net.lines.length - net.planted.length;
  for (let i = 0; i < n; i++) {
    const r = rng.next();
    let x: number;
    let y: number;
    if (r < 0.4) {
      planted[i] = 1;
      const line = net.planted[rng.int(net.planted.length)];
      const k = rng.int(line.length - 1);
      const f = rng.next();
      x = line[k][0] + f * (line[k + 1][0] - line[k][0]) + rng.normal() * 60;
      y = line[k][1] + f * (line[k + 1][1] - line[k][1]) + rng.normal() * 60;
      [lon[i], lat[i]] = toLonLat(x, y);
    } else if (r < 0.8) {
      const c = net.lines[rng.int(grid)].coordinates;
      const f = rng.next();
      lon[i] = c[0][0] + f * (c[1][0] - c[0][0]) + (rng.normal() * 40) / M_LON;
      lat[i] = c[0][1] + f * (c[1][1] - c[0][1]) + (rng.normal() * 40) / M_LAT;
    } else {
      [lon[i], lat[i]] = toLonLat(rng.next() * 100_000, rng.next() * 100_000);
    }
    time[i] = Date.UTC(2023, 0, 1) + rng.next() * 365 * 86_400_000;
    category[i] = rng.int(4);
  }
  return { lon, lat, time, category, categoryNames: ['homicide', 'armed_confrontation', 'drug_seizure', 'weapon_seizure'], planted };
}

interface RunResult {
  ms: number;
  /** CPU time of the call (user + system): the machine is shared, so wall time alone misleads. */
  cpuMs: number;
  dataRssMb: number;
  peakRssMb: number;
  note: string;
}

/**
 * The textbook simple NKDE (what spNetwork does per event): one bounded Dijkstra from each event,
 * then every lixel on every reached edge. Same graph and kernel code as ours, so the difference
 * is the per-edge grouping alone.
 */
function textbookNkde(net: LineNetwork, events: EdgePoints, samples: EdgePoints, bw: number): Float64Array {
  const K = kernels.quartic;
  const out = new Float64Array(samples.edge.length);
  const dij = new BoundedDijkstra(net);
  for (let i = 0; i < events.edge.length; i++) {
    const e = events.edge[i];
    const s = events.offset[i];
    const L = net.edgeLength[e];
    dij.runFrom([[net.edgeFrom[e], s], [net.edgeTo[e], L - s]], bw);
    const seen = new Set<number>([e]);
    for (let r = 0; r < dij.reachedCount; r++) {
      const u = dij.reached[r];
      for (let k = net.nodeEdgeStart[u]; k < net.nodeEdgeStart[u + 1]; k++) seen.add(net.nodeEdges[k]);
    }
    for (const f of seen) {
      const du = dij.dist[net.edgeFrom[f]];
      const dv = dij.dist[net.edgeTo[f]];
      for (let j = samples.edgeStart[f]; j < samples.edgeStart[f + 1]; j++) {
        const t = samples.offset[j];
        let d = Math.min(du + t, dv + net.edgeLength[f] - t);
        if (f === e) d = Math.min(d, Math.abs(t - s));
        if (d < bw) out[j] += K(d, bw);
      }
    }
  }
  return out;
}

function runKdePeer(n: number): RunResult {
  const net = buildNetwork();
  const input = incidents(n, net);
  const proj = localProjectionFor(input.lon, input.lat);
  const lines = net.lines.map((l) => l.coordinates.map((c) => proj.forward(c[0], c[1])));
  const g = buildLineNetwork(lines, { nodeTolerance: 5 });
  const { x, y } = proj.projectArrays(input.lon, input.lat);
  const snapped = snapToNetwork(g, x, y, 250);
  const lix = lixelize(g, 100);
  const events = groupByLixel(g, lix, snapped.edge, snapped.offset);
  const dataRssMb = process.memoryUsage().rss / 2 ** 20;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const ours = networkKde(g, events, lix, { bandwidth: 1000, div: 'none' }).density;
  const oursMs = performance.now() - t0;
  const oursCpu = process.cpuUsage(c0);
  const c1 = process.cpuUsage();
  const t1 = performance.now();
  const peer = textbookNkde(g, events, lix, 1000);
  const peerMs = performance.now() - t1;
  const peerCpu = process.cpuUsage(c1);
  let maxRel = 0;
  for (let k = 0; k < ours.length; k++) maxRel = Math.max(maxRel, Math.abs(ours[k] - peer[k]) / Math.max(peer[k], 1e-12));
  return {
    ms: oursMs,
    cpuMs: (oursCpu.user + oursCpu.system) / 1000,
    dataRssMb,
    peakRssMb: 0,
    note: `NKDE step only, ${events.edge.length} events × ${lix.edge.length} lixels; textbook per-event Dijkstra: wall ${(peerMs / 1000).toFixed(2)} s, cpu ${((peerCpu.user + peerCpu.system) / 1e6).toFixed(2)} s; max relative difference ${maxRel.toExponential(1)}`,
  };
}

/**
 * The discontinuous NKDE (bandwidth 300 m, lixels 100 m) on the real Mesa street network and its
 * 287 crimes, beside the plain-Python reference (test/support/nkde_reference.py, timed inside its
 * own process, so Python's start-up and the JSON are left out) and the whole corridor run.
 */
function runRealPeer(): RunResult {
  const streets = libpysalLayer<LineString>('geodanet/streets');
  const crimes = libpysalLayer<Point>('geodanet/crimes');
  const lines = streets.features.map((f) => f.geometry.coordinates);
  const lon = Float64Array.from(crimes.features, (f) => f.geometry.coordinates[0]);
  const lat = Float64Array.from(crimes.features, (f) => f.geometry.coordinates[1]);
  const proj = projectionFor({ lon, lat });
  const projected = lines.map((l) => l.map((c) => proj.forward(c[0], c[1])));
  const xy = Array.from(lon, (x, i) => proj.forward(x, lat[i]));
  const dataRssMb = process.memoryUsage().rss / 2 ** 20;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const g = buildLineNetwork(projected, { nodeTolerance: 5 });
  const snapped = snapToNetwork(g, Float64Array.from(xy, (p) => p[0]), Float64Array.from(xy, (p) => p[1]), 250);
  const lix = lixelize(g, 100);
  networkKde(g, groupByEdge(g, snapped.edge, snapped.offset), lix, { bandwidth: 300, method: 'discontinuous', div: 'bw' });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  const job = JSON.stringify({ lines: projected, events: xy, bw: 300, lixel: 100, node_tol: 5, snap_tol: 250, method: 'discontinuous', max_depth: 15 });
  const timed = `import runpy,sys,time,io,json\ndata=sys.stdin.read()\nt=time.process_time();w=time.perf_counter()\nsys.stdin=io.StringIO(data);sys.stdout=io.StringIO()\nsys.argv=['nkde_reference.py']\nrunpy.run_path(${JSON.stringify(fileURLToPath(new URL('../support/nkde_reference.py', import.meta.url)))}, run_name='__main__')\nsys.stdout=sys.__stdout__\nprint(json.dumps([time.perf_counter()-w,time.process_time()-t]))`;
  const py = spawnSync('/usr/bin/python3', ['-c', timed], { input: job, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (py.status !== 0) throw new Error(`nkde_reference.py: ${py.stderr}`);
  const [pyWall, pyCpu] = JSON.parse(py.stdout) as [number, number];
  const c1 = process.cpuUsage();
  const t1 = performance.now();
  const r = networkCorridors({ lon, lat }, streets.features.map((f) => f.geometry), { bandwidthM: 300, lixelLengthM: 100 });
  const corrMs = performance.now() - t1;
  const corrCpu = process.cpuUsage(c1);
  return {
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    dataRssMb,
    peakRssMb: 0,
    note: `Mesa geodanet, discontinuous NKDE (network, snapping, ${lix.edge.length} lixels, ${snapped.edge.length} crimes); Python reference: wall ${pyWall.toFixed(2)} s, cpu ${pyCpu.toFixed(2)} s; whole corridor run (with the 19-pattern envelope): wall ${(corrMs / 1000).toFixed(2)} s, cpu ${((corrCpu.user + corrCpu.system) / 1e6).toFixed(2)} s, ${r.corridors.length} corridors`,
  };
}

/** The commit that brought the density's peaks: its parent is the network corridors before them. */
const BEFORE_PEAKS = '3e2e88f';

/** The shared/ tree of BEFORE_PEAKS^ in the OS temp dir (node_modules linked), or why not. */
function beforePeaksTree(): { dir: string } | { error: string } {
  const repo = fileURLToPath(new URL('../..', import.meta.url));
  const dir = path.join(os.tmpdir(), `frontera-bench-corridors-${BEFORE_PEAKS}`);
  if (!fs.existsSync(path.join(dir, 'shared', 'analysis', 'corridors', 'networkCorridors.ts'))) {
    fs.mkdirSync(dir, { recursive: true });
    const tar = spawnSync('sh', ['-c', `git archive ${BEFORE_PEAKS}^ shared | tar -x -C "${dir}"`], { cwd: repo, encoding: 'utf8' });
    if (tar.status !== 0) return { error: `git archive ${BEFORE_PEAKS}^ failed: ${tar.stderr.trim()}` };
  }
  if (!fs.existsSync(path.join(dir, 'node_modules'))) fs.symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'));
  return { dir };
}

async function runNetwork(n: number, before: boolean): Promise<RunResult> {
  const net = buildNetwork();
  const input = incidents(n, net);
  let run = networkCorridors;
  if (before) {
    const tree = beforePeaksTree();
    if ('error' in tree) throw new Error(tree.error);
    const mod = (await import(pathToFileURL(path.join(tree.dir, 'shared', 'analysis', 'corridors', 'networkCorridors.ts')).href)) as {
      networkCorridors: typeof networkCorridors;
    };
    run = mod.networkCorridors;
  }
  const dataRssMb = process.memoryUsage().rss / 2 ** 20;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = run(input, net.lines, {});
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  const segs = net.lines.reduce((s, l) => s + l.coordinates.length - 1, 0);
  let leastPlanted = 1;
  for (const c of r.corridors) {
    let p = 0;
    for (const m of c.members) p += input.planted[m];
    leastPlanted = Math.min(leastPlanted, c.members.length > 0 ? p / c.members.length : 0);
  }
  return {
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    dataRssMb,
    peakRssMb: 0,
    note:
      `${before ? `before the peaks (${BEFORE_PEAKS}^): ` : ''}${segs} segments, ${r.lixels?.count.length} lixels, ${r.unsnapped.length} unsnapped, ` +
      `${r.corridors.length} corridors (${r.corridors.map((c) => c.lengthKm.toFixed(0) + ' km').join(', ')}); ` +
      `every corridor's incidents ≥ ${(leastPlanted * 100).toFixed(0)} % drawn along a planted road`,
  };
}

async function runOne(mode: string, n: number): Promise<RunResult> {
  if (mode === 'nkde') return runKdePeer(n);
  if (mode === 'nkde-real') return runRealPeer();
  if (mode === 'network' || mode === 'network-before') return runNetwork(n, mode === 'network-before');
  const g = generateIncidents(borderZoneSpec(n), 20240601);
  const dataRssMb = process.memoryUsage().rss / 2 ** 20;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = freeCorridors(g, {});
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, dataRssMb, peakRssMb: 0, note: `borderZoneSpec, ${r.corridors.length} corridors` };
}

function spawnRun(mode: string, n: number): RunResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--one', mode, String(n)], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`bench child failed: ${r.stderr}`);
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as RunResult;
}

export async function bench(): Promise<void> {
  console.log('corridors: grid road network + planted corridors, one child process per run');
  for (const [mode, n] of [
    ['nkde', 100_000],
    ['nkde-real', 287],
    ['network', 100_000],
    ['network-before', 100_000],
    ['network', 1_000_000],
    ['network-before', 1_000_000],
    ['free', 100_000],
  ] as const) {
    const r = spawnRun(mode, n);
    console.log(
      `  ${mode.padEnd(14)} ${String(n).padStart(9)}  wall ${(r.ms / 1000).toFixed(2).padStart(6)} s  cpu ${(r.cpuMs / 1000).toFixed(2).padStart(6)} s  data ${r.dataRssMb.toFixed(0)} MB  peak RSS ${r.peakRssMb.toFixed(0)} MB  ${r.note}`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const k = process.argv.indexOf('--one');
  if (k >= 0) {
    const [mode, n] = process.argv.slice(k + 1);
    const r = await runOne(mode, Number(n));
    console.log(JSON.stringify({ ...r, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
  } else {
    await bench();
  }
}
