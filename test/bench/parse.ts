/**
 * Streaming parse of 1,000,000 points: our CSV reader against papaparse, our GeoJSON reader
 * against stream-json (parser → pick('features') → streamArray), all reading the same files in
 * .bench/ (generated once, seeded) from disk in 4 MiB chunks. Each run happens in a child process
 * so its peak RSS is its own. Run alone: node --import tsx test/bench/parse.ts
 */
import { spawnSync } from 'node:child_process';
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Papa from 'papaparse';
import { createCsvParser } from '../../shared/import/csv.ts';
import { createGeoJsonParser } from '../../shared/import/geojson.ts';
import type { StreamParser } from '../../shared/import/types.ts';
import { createRng } from '../../shared/synth/random.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const dir = path.join(repoRoot, '.bench');
const N = 1_000_000;
const CHUNK = 4 << 20;
const HEAP_LIMIT_MB = 48;
const csvFile = path.join(dir, `points-${N}.csv`);
const geojsonFile = path.join(dir, `points-${N}.geojson`);

const TIPOS = ['homicidio', 'enfrentamiento armado', 'aseguramiento de droga', 'aseguramiento de armas'];

/** Seeded points around San Luis Río Colorado and the Mexicali Valley, with incident attributes. */
function generate(): void {
  mkdirSync(dir, { recursive: true });
  if (existsSync(csvFile) && existsSync(geojsonFile)) return;
  const rng = createRng(20230714);
  const csv = openSync(csvFile, 'w');
  const gj = openSync(geojsonFile, 'w');
  writeSync(csv, 'id,fecha,tipo,cantidad,unidad,lat,lon\n');
  writeSync(gj, '{"type":"FeatureCollection","name":"incidentes","features":[\n');
  let c = '';
  let g = '';
  for (let i = 0; i < N; i++) {
    const lon = (-115.6 + rng.uniform(0, 1.0)).toFixed(6);
    const lat = (32.1 + rng.uniform(0, 0.7)).toFixed(6);
    const day = 1 + rng.int(28);
    const fecha = `2023-${String(1 + rng.int(12)).padStart(2, '0')}-${String(day).padStart(2, '0')} ${String(rng.int(24)).padStart(2, '0')}:${String(rng.int(60)).padStart(2, '0')}`;
    const tipo = TIPOS[rng.int(TIPOS.length)];
    const cantidad = (rng.uniform(0, 50)).toFixed(1);
    c += `${i},${fecha},${tipo},${cantidad},kg,${lat},${lon}\n`;
    g += `${i ? ',\n' : ''}{"type":"Feature","properties":{"id":${i},"fecha":"${fecha}","tipo":"${tipo}","cantidad":${cantidad},"unidad":"kg"},"geometry":{"type":"Point","coordinates":[${lon},${lat}]}}`;
    if (c.length > 1 << 20) {
      writeSync(csv, c);
      writeSync(gj, g);
      c = '';
      g = '';
    }
  }
  writeSync(csv, c);
  writeSync(gj, `${g}\n]}\n`);
  closeSync(csv);
  closeSync(gj);
}

function feed(file: string, p: StreamParser): void {
  const fd = openSync(file, 'r');
  const buf = new Uint8Array(CHUNK);
  for (;;) {
    const n = readSync(fd, buf, 0, CHUNK, null);
    if (n === 0) break;
    // Parsers may keep slices: hand over a copy, as the back end's fresh read buffers are.
    p.push(buf.slice(0, n));
  }
  closeSync(fd);
  p.end();
}

type Which = 'ours-csv' | 'papaparse' | 'ours-geojson' | 'stream-json';

async function runOne(which: Which): Promise<number> {
  let count = 0;
  const sink = { onRecord: () => void count++, onProblem: (p: { reason: string }) => { throw new Error(p.reason); } };
  switch (which) {
    case 'ours-csv':
      feed(csvFile, createCsvParser({ fileName: csvFile }, sink));
      return count;
    case 'ours-geojson':
      feed(geojsonFile, createGeoJsonParser({ fileName: geojsonFile }, sink));
      return count;
    case 'papaparse':
      await new Promise<void>((resolve, reject) => {
        Papa.parse(createReadStream(csvFile, { highWaterMark: CHUNK }) as unknown as File, {
          header: true,
          dynamicTyping: true,
          skipEmptyLines: true,
          chunk: (r: Papa.ParseResult<unknown>) => void (count += r.data.length),
          complete: () => resolve(),
          error: (e: Error) => reject(e),
        });
      });
      return count;
    case 'stream-json': {
      const { parser } = await import('stream-json');
      const { pick } = await import('stream-json/filters/pick.js');
      const { streamArray } = await import('stream-json/streamers/stream-array.js');
      const chain = (await import('stream-chain')).default;
      await new Promise<void>((resolve, reject) => {
        const pipeline = chain([createReadStream(geojsonFile, { highWaterMark: CHUNK }), parser(), pick({ filter: 'features' }), streamArray()]);
        pipeline.on('data', () => void count++);
        pipeline.on('end', () => resolve());
        pipeline.on('error', reject);
      });
      return count;
    }
  }
}

interface Measure {
  ms: number;
  /** CPU time of the run: steadier than wall time on a shared machine. */
  cpuMs: number;
  records: number;
  peakRssMb: number;
}

function measure(which: Which, heapMb?: number): Measure {
  const heap = heapMb ? [`--max-old-space-size=${heapMb}`] : [];
  const r = spawnSync(process.execPath, [...heap, '--import', 'tsx', fileURLToPath(import.meta.url), '--one', which], {
    encoding: 'utf8',
    cwd: repoRoot,
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`${which} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() as string) as Measure;
}

export async function bench(): Promise<void> {
  generate();
  const mb = (f: string) => (statSync(f).size / 1e6).toFixed(0);
  console.log(`parse: ${N.toLocaleString('en')} points streamed from disk in 4 MiB chunks, one child process per run`);
  const pairs: [string, string, Which, Which][] = [
    [`CSV (${mb(csvFile)} MB)`, 'papaparse', 'ours-csv', 'papaparse'],
    [`GeoJSON (${mb(geojsonFile)} MB)`, 'stream-json', 'ours-geojson', 'stream-json'],
  ];
  for (const [label, peerName, ours, peer] of pairs) {
    const a = measure(ours);
    const b = measure(peer);
    if (a.records !== N || b.records !== N) throw new Error(`${label}: ${a.records} records here, ${b.records} from ${peerName}`);
    const fmt = (m: Measure) =>
      `${(m.ms / 1000).toFixed(2).padStart(6)} s wall, ${(m.cpuMs / 1000).toFixed(2).padStart(6)} s CPU, peak RSS ${m.peakRssMb.toFixed(0).padStart(4)} MB`;
    console.log(`  ${label}`);
    console.log(`    ours        ${fmt(a)}`);
    console.log(`    ${peerName.padEnd(11)} ${fmt(b)}   ${peerName}/ours CPU ${(b.cpuMs / a.cpuMs).toFixed(2)}×`);
    // Memory bounded by the record, not the file: the same run must finish in a heap far smaller than the file.
    const small = measure(ours, HEAP_LIMIT_MB);
    if (small.records !== N) throw new Error(`${label}: ${small.records} records with a ${HEAP_LIMIT_MB} MB heap`);
    console.log(`    ours, --max-old-space-size=${HEAP_LIMIT_MB}: completes, ${fmt(small)}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const k = process.argv.indexOf('--one');
  if (k !== -1) {
    const which = process.argv[k + 1] as Which;
    const t = performance.now();
    const cpu0 = process.cpuUsage();
    const records = await runOne(which);
    const ms = performance.now() - t;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    console.log(JSON.stringify({ ms, cpuMs, records, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
  } else {
    await bench();
  }
}
