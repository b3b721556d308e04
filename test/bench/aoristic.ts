/**
 * Aoristic timeline of 1M records with time windows (issue 17): seeded records over 2023 in
 * America/Tijuana — 40 % instants, 10 % windows of a few hours (e.g. "between 22:00 and 06:00"),
 * 20 % date-only days, 20 % windows of a week, 10 % of a calendar month — spread over local ISO
 * weeks (timelineCounts with ends) and over the weekday × hour table (dayHourAoristic), the ends
 * found as the timeline service finds them (windowEnds). Peer in the same run: the same weights
 * with numpy (test/bench/peers/aoristic_numpy.py: cumulative weights by bincount/cumsum,
 * zoneinfo for the local days), timed inside Python; both results compared outside the clocks.
 * Run alone: npm run bench -- aoristic
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { windowEnds } from '../../shared/analysis/aoristic.ts';
import { dayHourAoristic, timelineCounts } from '../../shared/analysis/timeline.ts';
import { createRng } from '../../shared/synth/random.ts';
import { addDays, startOfLocalDay } from '../../shared/time/zone.ts';

const TZ = 'America/Tijuana';
const YEAR = 2023;
const N = 1_000_000;
const PYTHON = '/usr/bin/python3';
const PEER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'peers', 'aoristic_numpy.py');

interface Records {
  time: Float64Array;
  end: Float64Array;
  precision: Uint8Array;
}

function records(n: number): Records {
  const rng = createRng(20_231_117);
  // Local midnights of every day of the year and the month starts (and one after each).
  const days: number[] = [];
  for (let d = `${YEAR}-01-01`; d <= `${YEAR + 1}-01-07`; d = addDays(d, 1)) days.push(startOfLocalDay(d, TZ));
  const months = Array.from({ length: 13 }, (_, m) => startOfLocalDay(m < 12 ? `${YEAR}-${String(m + 1).padStart(2, '0')}-01` : `${YEAR + 1}-01-01`, TZ));
  const yearLen = days[365] - days[0];
  const time = new Float64Array(n);
  const end = new Float64Array(n).fill(NaN);
  const precision = new Uint8Array(n).fill(1);
  for (let i = 0; i < n; i++) {
    const u = rng.next();
    if (u < 0.4) time[i] = days[0] + Math.floor(rng.next() * yearLen);
    else if (u < 0.5) {
      time[i] = days[0] + Math.floor(rng.next() * yearLen);
      end[i] = time[i] + 3_600_000 + Math.floor(rng.next() * 9 * 3_600_000);
    } else if (u < 0.9) {
      const d = rng.int(365);
      time[i] = days[d];
      precision[i] = 2;
      if (u >= 0.7) end[i] = days[d + 7];
    } else {
      const m = rng.int(12);
      time[i] = months[m];
      end[i] = months[m + 1];
      precision[i] = 2;
    }
  }
  return { time, end, precision };
}

interface PeerRun {
  ms: number;
  cpuMs: number;
  weekEdges: number[];
  weeks: number[];
  table: number[][];
  peakRssMb: number;
}

function numpyPeer(r: Records): PeerRun | string {
  if (spawnSync(PYTHON, ['-c', 'import numpy'], { encoding: 'utf8' }).status !== 0) return `numpy not importable by ${PYTHON}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-aoristic-bench-'));
  try {
    const prefix = path.join(dir, 'r');
    fs.writeFileSync(`${prefix}.time`, new Uint8Array(r.time.buffer));
    fs.writeFileSync(`${prefix}.end`, new Uint8Array(r.end.buffer));
    fs.writeFileSync(`${prefix}.dateonly`, Uint8Array.from(r.precision, (p) => (p === 2 ? 1 : 0)));
    const out = spawnSync(PYTHON, [PEER, prefix, TZ, String(YEAR)], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (out.status !== 0) throw new Error(`numpy peer failed: ${out.stderr}`);
    return JSON.parse(out.stdout) as PeerRun;
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

export async function bench(): Promise<void> {
  const { loadavg } = await import('node:os');
  const r = records(N);
  const windows = r.end.reduce((n, e, i) => n + (e > r.time[i] ? 1 : 0), 0);
  console.log(
    `aoristic: ${N.toLocaleString('en-US')} seeded records over ${YEAR} (${TZ}), ${windows.toLocaleString('en-US')} with a time_end and ` +
      `${r.precision.filter((p) => p === 2).length.toLocaleString('en-US')} date-only; load average ${loadavg()[0].toFixed(1)} — on a busy machine read the cpu column`,
  );
  const peer = numpyPeer(r);
  const from = typeof peer === 'string' ? undefined : peer.weekEdges[0];
  const to = typeof peer === 'string' ? undefined : peer.weekEdges[peer.weekEdges.length - 1];
  const empty = new Int32Array(N).fill(-1);
  const ours = timed(() => {
    const ends = windowEnds(r.time, r.precision, r.end, TZ);
    const weeks = timelineCounts(r.time, empty, [], { bin: 'week', tz: TZ, ends, ...(from !== undefined ? { from, to } : {}) });
    const table = dayHourAoristic(r.time, ends, TZ);
    return { weeks, table };
  });
  const row = (who: string, ms: number, cpuMs: number, note: string) =>
    console.log(`  ${who.padEnd(8)} 1M  wall ${ms.toFixed(0).padStart(6)} ms  cpu ${cpuMs.toFixed(0).padStart(6)} ms  ${note}`);
  const total = ours.value.weeks.bins.reduce((a, b) => a + b.total, 0) + ours.value.weeks.outside;
  row('ours', ours.ms, ours.cpuMs, `${ours.value.weeks.bins.length} weeks + weekday × hour; weights total ${total.toFixed(6)}`);
  if (typeof peer === 'string') {
    console.log(`  numpy    not run: ${peer}`);
    return;
  }
  // Outside the clocks: the same weights either way.
  let weekDiff = 0;
  ours.value.weeks.bins.forEach((b, k) => {
    if (b.start !== peer.weekEdges[k]) throw new Error(`week ${k}: ours starts ${b.start}, numpy ${peer.weekEdges[k]}`);
    weekDiff = Math.max(weekDiff, Math.abs(b.total - peer.weeks[k]));
  });
  let tableDiff = 0;
  for (let d = 0; d < 7; d++) for (let h = 0; h < 24; h++) tableDiff = Math.max(tableDiff, Math.abs(ours.value.table.counts[d][h] - peer.table[d][h]));
  row('numpy', peer.ms, peer.cpuMs, `peak RSS ${peer.peakRssMb.toFixed(0)} MB; max |ours − numpy| ${weekDiff.toExponential(1)} per week, ${tableDiff.toExponential(1)} per weekday × hour cell`);
  console.log(`  numpy / ours, cpu: ${(peer.cpuMs / ours.cpuMs).toFixed(2)}×`);
}
