/**
 * Child process of badInputs.test.ts: writes each 100 MB one-line CSV by streaming, imports it
 * into a workspace that holds a layer (both imports on the import worker: the parent sets
 * FRONTERA_IMPORT_WORKER_MIN_BYTES=0), and prints the outcome with the baseline and peak RSS
 * (process.resourceUsage().maxRSS), so the parent can check that nothing held the file whole.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openBackend } from '../../../electron/backend/backend.ts';
import { ENDLESS_BYTES, mismatch, writeEndlessLine, type CorpusCase } from '../../corpus/generate.ts';

const arg = JSON.parse(process.argv[2]) as { cases: CorpusCase[]; dir: string; work: string };
const backend = openBackend(path.join(arg.work, 'endless.frontera'), { create: true });
const seed = path.join(arg.work, 'seed.csv');
fs.writeFileSync(seed, 'id,lat,lon\n1,32.4561,-114.7717\n');
await backend['import.run']({ paths: [seed] });
const hash = backend.workspace.contentHash();
const mb = (kb: number): number => Math.round(kb / 1024);
const baselineMb = mb(process.resourceUsage().maxRSS);
const results = [];
for (const c of arg.cases) {
  const file = path.join(arg.dir, c.entry);
  await writeEndlessLine(file, ENDLESS_BYTES, c.id.endsWith('row') ? 'id,fecha,tipo,cantidad,unidad,municipio,lat,lon' : null);
  const size = fs.statSync(file).size;
  const t = performance.now();
  let err: unknown = null;
  try {
    await backend['import.run']({ paths: [file] });
  } catch (e) {
    err = e;
  }
  results.push({
    id: c.id,
    size,
    millis: Math.round(performance.now() - t),
    error: err instanceof Error ? err.message : null,
    mismatch: mismatch(c, err),
    unchanged: backend.workspace.contentHash() === hash,
  });
  fs.rmSync(file);
}
backend.close();
process.stdout.write(JSON.stringify({ results, baselineMb, peakMb: mb(process.resourceUsage().maxRSS) }) + '\n');
