/**
 * CPU time of the read side of an import — what the import worker runs (openSources,
 * ReadPipeline, feedAll), minus SQLite — in three runs over the same file:
 *   parse      the format parser alone, records to a no-op sink
 *   +normalise the ReadPipeline with a no-op emit
 *   +pack      the ReadPipeline emitting into a RowPacker. The worker packs only lines and
 *              polygons so now; points it builds into column blocks (BlockBuilder, which also
 *              deflates the properties), so for a point file this stage is an approximation
 * Each stage is the difference to the run before. CPU time (process.cpuUsage), not wall time:
 * the build machine has two shared cores. `--hash` also prints a sha256 of every emitted feature
 * (its JSON, plus the bytes of its numbers so -0 and rounding show) and of the problems, fields
 * and mapping, to check that a change reads exactly the same.
 *
 *   node --import tsx scripts/profile-read.ts FILE [--runs N] [--only parse|normalize|pack] [--hash] [--shard K/N]
 * Add --cpu-prof before --import to write a .cpuprofile.
 */
import crypto from 'node:crypto';
import { geometryBBox } from '../shared/geo/bbox.ts';
import type { RecordSink } from '../shared/import/types.ts';
import { feedAll, ReadPipeline, type ReadSetup } from '../electron/backend/importer.ts';
import { openSources } from '../electron/backend/formats/registry.ts';
import { RowPacker } from '../electron/backend/store/featureRows.ts';

const args = process.argv.slice(2);
const file = args.find((a, k) => !a.startsWith('--') && !['--runs', '--only', '--shard'].includes(args[k - 1]));
if (!file) {
  console.error('usage: profile-read.ts FILE [--runs N] [--only parse|normalize|pack] [--hash]');
  process.exit(1);
}
const opt = (name: string): string | undefined => {
  const k = args.indexOf(name);
  return k === -1 ? undefined : args[k + 1];
};
const runs = Number(opt('--runs') ?? 1);
const only = opt('--only');
const hashing = args.includes('--hash');
// --shard K/N: one reader of a sharded read (importer.ts), converting every N-th range from the K-th.
const shardArg = opt('--shard')?.split('/').map(Number);
const shard = shardArg ? { index: shardArg[0], count: shardArg[1], range: 8192 } : undefined;

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

async function parseOnly(): Promise<number> {
  const [source] = openSources(file!);
  let n = 0;
  const sink: RecordSink = { onRecord: () => void n++, onProblem: () => {}, onFields: () => {}, onCrs: () => {} };
  const t = cpuSeconds();
  await source.feed(sink, { fileName: source.fileName }, async () => {});
  return cpuSeconds() - t;
}

async function pipeline(pack: boolean): Promise<{ cpu: number; hash: string; count: number }> {
  const [source] = openSources(file!);
  const setup: ReadSetup = {
    fileName: source.fileName,
    format: source.format,
    options: {},
    givenCrs: null,
    timezone: 'America/Tijuana',
    shard,
  };
  const h = crypto.createHash('sha256');
  const packer = new RowPacker(8192);
  let count = 0;
  const nums = new Float64Array(4);
  const p = new ReadPipeline(setup, source.locate, (f) => {
    count++;
    if (hashing) {
      h.update(JSON.stringify(f));
      const g = f.geometry;
      nums[0] = g?.type === 'Point' ? g.coordinates[0] : NaN;
      nums[1] = g?.type === 'Point' ? g.coordinates[1] : NaN;
      nums[2] = f.time ?? NaN;
      nums[3] = f.quantity ?? NaN;
      h.update(new Uint8Array(nums.buffer));
    }
    if (!pack) return;
    const g = f.geometry;
    if (packer.add(f, g !== null && g.type !== 'Point' ? geometryBBox(g) : null)) packer.take();
  });
  const t = cpuSeconds();
  await feedAll(source, p, async () => {});
  if (pack && packer.count > 0) packer.take();
  const cpu = cpuSeconds() - t;
  h.update(JSON.stringify([p.problems.total, p.problems.kept, p.fields(), p.mapping, p.crs]));
  return { cpu, hash: h.digest('hex').slice(0, 16), count };
}

const fmt = (s: number): string => s.toFixed(2).padStart(6);
for (let r = 0; r < runs; r++) {
  const parse = !only || only === 'parse' ? await parseOnly() : NaN;
  const norm = !only || only === 'normalize' ? await pipeline(false) : null;
  const pack = !only || only === 'pack' ? await pipeline(true) : null;
  const parts = [`parse ${fmt(parse)} s`];
  if (norm) parts.push(`parse+normalise ${fmt(norm.cpu)} s (normalise ${fmt(norm.cpu - parse)})`);
  if (pack) parts.push(`+pack ${fmt(pack.cpu)} s (pack ${fmt(pack.cpu - (norm?.cpu ?? NaN))})`);
  const done = pack ?? norm;
  if (done) parts.push(`${done.count} features`);
  if (hashing && done) parts.push(`hash ${done.hash}`);
  console.log(parts.join('  '));
}
