/**
 * Writes the bad-input corpus (test/corpus/generate.ts) to a folder, with its manifest, so the
 * cases can be looked at or fed to another tool. The corpus test writes its own copy to a temp
 * dir; nothing generated is committed except test/corpus/manifest.json.
 *
 *   npx tsx scripts/gen-bad-inputs.ts --out /tmp/corpus [--endless] [--update-manifest]
 *
 * --endless also streams the two 100 MB one-line CSV files; --update-manifest rewrites
 * test/corpus/manifest.json (review the diff: it is what the corpus test checks against).
 */
import fs from 'node:fs';
import path from 'node:path';
import { MANIFEST_PATH, generateCorpus, manifestOf } from '../test/corpus/generate.ts';

async function main(argv: string[]): Promise<void> {
  const at = argv.indexOf('--out');
  const out = at !== -1 ? argv[at + 1] : undefined;
  if (!out) {
    process.stderr.write('usage: gen-bad-inputs --out DIR [--endless] [--update-manifest]\n');
    process.exitCode = 1;
    return;
  }
  const started = performance.now();
  const corpus = generateCorpus(path.resolve(out));
  if (argv.includes('--endless')) await corpus.writeEndless();
  const manifest = manifestOf(corpus.cases);
  fs.writeFileSync(path.join(corpus.dir, 'manifest.json'), manifest);
  if (argv.includes('--update-manifest')) fs.writeFileSync(MANIFEST_PATH, manifest);
  const classes = new Map<string, number>();
  for (const c of corpus.cases) classes.set(`${c.format}: ${c.cls}`, (classes.get(`${c.format}: ${c.cls}`) ?? 0) + 1);
  for (const [k, n] of classes) process.stdout.write(`${String(n).padStart(4)}  ${k}\n`);
  process.stdout.write(`${corpus.cases.length} cases in ${corpus.dir} (${Math.round(performance.now() - started)} ms)\n`);
}

await main(process.argv.slice(2));
