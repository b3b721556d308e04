/**
 * `npm run bench` runs every benchmark module in this folder (each exports `bench()`), one after
 * the other so they do not compete for the CPU; `npm run bench -- import parse` runs just those.
 * Each bench prints our figure and a peer's from the same run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const self = path.basename(fileURLToPath(import.meta.url));

const available = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== self && !f.endsWith('.d.ts'))
  .map((f) => f.slice(0, -3))
  .sort();

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((w) => !available.includes(w));
if (unknown.length) {
  process.stderr.write(`unknown bench: ${unknown.join(', ')} (available: ${available.join(', ')})\n`);
  process.exit(1);
}

let failed = 0;
for (const name of wanted.length ? wanted : available) {
  const mod = (await import(pathToFileURL(path.join(here, `${name}.ts`)).href)) as { bench?: () => Promise<void> | void };
  if (typeof mod.bench !== 'function') {
    process.stdout.write(`\n== ${name}: no bench() export, skipped\n`);
    continue;
  }
  process.stdout.write(`\n== ${name}\n`);
  const t0 = performance.now();
  try {
    await mod.bench();
    process.stdout.write(`== ${name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  } catch (e) {
    failed++;
    process.stdout.write(`== ${name} FAILED: ${(e as Error).stack ?? String(e)}\n`);
  }
}
process.exitCode = failed ? 1 : 0;
