/**
 * Stacked-point detection on 1M incidents (issue 17: "fast on 1M points, not O(n²)"): seeded
 * records over the Sonora–Baja California border zone, 12 % of them on 12 town-centre stacks (the
 * largest twice the smallest) and 2 % on coordinates shared by a few records (below the threshold). Ours:
 * detectStackedPoints with the gazetteer, as the import runs it (one pass into a typed hash, the
 * nearest town named). Peers in the same run: numpy (test/bench/peers/stacked_numpy.py:
 * np.unique over the rounded cells, timed inside Python) and the obvious JavaScript — a Map keyed
 * by the rounded cell's text. The three must find the same stacks (compared outside the clocks).
 * Run alone: npm run bench -- stackedPoints
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectStackedPoints, metresPerDegree } from '../../shared/analysis/stackedPoints.ts';
import { createRng } from '../../shared/synth/random.ts';
import { gazetteer } from '../../electron/backend/gazetteer.ts';

const N = 1_000_000;
const PYTHON = '/usr/bin/python3';
const PEER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'peers', 'stacked_numpy.py');

function records(n: number): { lon: Float64Array; lat: Float64Array } {
  const rng = createRng(20_231_206);
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  // 12 stacks holding 12 % of the records (about 6,700 to 13,300 each: all over the 5,000 threshold).
  const stacks = Array.from({ length: 12 }, (_, k) => ({ lon: -116.9 + k * 0.45, lat: 31.4 + (k % 4) * 0.35, weight: 2 - k / 11 }));
  const weightSum = stacks.reduce((a, s) => a + s.weight, 0);
  // 2,000 spots each shared by about ten records: 2 %, under the 5,000-record threshold.
  const spots = Array.from({ length: 2000 }, () => [-117 + rng.next() * 8, 30.5 + rng.next() * 2] as const);
  for (let i = 0; i < n; i++) {
    const u = rng.next();
    if (u < 0.12) {
      let pick = rng.next() * weightSum;
      let k = 0;
      while (pick > stacks[k].weight && k < stacks.length - 1) pick -= stacks[k++].weight;
      lon[i] = stacks[k].lon;
      lat[i] = stacks[k].lat;
    } else if (u < 0.14) {
      const s = spots[rng.int(spots.length)];
      lon[i] = s[0];
      lat[i] = s[1];
    } else {
      lon[i] = -117 + rng.next() * 8;
      lat[i] = 30.5 + rng.next() * 2;
    }
  }
  return { lon, lat };
}

/** The obvious way: a Map from the rounded cell's text to its count, then the cells over the threshold. */
function mapPeer(lon: Float64Array, lat: Float64Array): { count: number; lon: number; lat: number }[] {
  let n = 0;
  let latSum = 0;
  for (let i = 0; i < lon.length; i++) {
    if (Number.isFinite(lon[i]) && Number.isFinite(lat[i])) {
      n++;
      latSum += lat[i];
    }
  }
  const m = metresPerDegree(Math.round(latSum / n));
  const cells = new Map<string, { count: number; lon: number; lat: number }>();
  for (let i = 0; i < lon.length; i++) {
    if (!Number.isFinite(lon[i]) || !Number.isFinite(lat[i])) continue;
    const key = `${Math.round(lon[i] * m.x)},${Math.round(lat[i] * m.y)}`;
    const c = cells.get(key);
    if (c) c.count++;
    else cells.set(key, { count: 1, lon: lon[i], lat: lat[i] });
  }
  const min = Math.max(10, Math.ceil(n / 200));
  return [...cells.values()].filter((c) => c.count >= min).sort((a, b) => b.count - a.count);
}

interface NumpyRun {
  ms: number;
  cpuMs: number;
  peakRssMb: number;
  stacks: { lon: number; lat: number; count: number }[];
}

function numpyPeer(lon: Float64Array, lat: Float64Array): NumpyRun | string {
  if (spawnSync(PYTHON, ['-c', 'import numpy'], { encoding: 'utf8' }).status !== 0) return `numpy not importable by ${PYTHON}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-stacked-bench-'));
  try {
    const prefix = path.join(dir, 'p');
    fs.writeFileSync(`${prefix}.lon`, new Uint8Array(lon.buffer));
    fs.writeFileSync(`${prefix}.lat`, new Uint8Array(lat.buffer));
    const out = spawnSync(PYTHON, [PEER, prefix], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (out.status !== 0) throw new Error(`numpy peer failed: ${out.stderr}`);
    return JSON.parse(out.stdout) as NumpyRun;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function timed<T>(f: () => T): { value: T; ms: number; cpuMs: number } {
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  const value = f();
  const ms = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  return { value, ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

const counts = (s: { count: number }[]) => s.map((x) => x.count).join(',');

export async function bench(): Promise<void> {
  const { lon, lat } = records(N);
  const towns = gazetteer();
  console.log(`stacked points: ${N.toLocaleString('en-US')} seeded records, 12 planted stacks (12 %), 2,000 small groups (2 %); load average ${os.loadavg()[0].toFixed(1)} — on a busy machine read the cpu column`);
  const row = (who: string, ms: number, cpuMs: number, note: string) =>
    console.log(`  ${who.padEnd(10)} wall ${ms.toFixed(0).padStart(6)} ms  cpu ${cpuMs.toFixed(0).padStart(6)} ms  ${note}`);
  const ours = timed(() => detectStackedPoints(lon, lat, towns));
  const map = timed(() => mapPeer(lon, lat));
  const peer = numpyPeer(lon, lat);
  // Outside the clocks: the same stacks, in the same order, with the same counts.
  if (counts(ours.value.stacks) !== counts(map.value)) throw new Error(`ours ${counts(ours.value.stacks)} ≠ Map ${counts(map.value)}`);
  if (typeof peer !== 'string' && counts(ours.value.stacks) !== counts(peer.stacks)) throw new Error(`ours ${counts(ours.value.stacks)} ≠ numpy ${counts(peer.stacks)}`);
  row('ours', ours.ms, ours.cpuMs, `${ours.value.stacks.length} stacks, ${ours.value.stacked.toLocaleString('en-US')} records, nearest of ${towns.length} towns named`);
  row('JS Map', map.ms, map.cpuMs, 'the same stacks (no town named)');
  if (typeof peer === 'string') console.log(`  numpy      not run: ${peer}`);
  else row('numpy', peer.ms, peer.cpuMs, `the same stacks; peak RSS ${peer.peakRssMb.toFixed(0)} MB`);
  console.log(`  JS Map / ours, cpu: ${(map.cpuMs / ours.cpuMs).toFixed(2)}×` + (typeof peer === 'string' ? '' : `; numpy / ours, cpu: ${(peer.cpuMs / ours.cpuMs).toFixed(2)}×`));
}
