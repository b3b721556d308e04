/**
 * Shapefile parse time: our synchronous .shx-indexed reader against the `shapefile` npm library
 * (promise per record), both from bytes already in memory, on Natural Earth's world rivers
 * (1455 lines, ~3.8 MB .shp) and the INEGI municipalities (85 polygons in LCC).
 * Run alone: node --import tsx test/bench/shapefile.ts
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as shapefileLib from 'shapefile';
import { parseShapefile } from '../../shared/import/shapefile/index.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = path.resolve(repoRoot, '..', 'shared', 'fixtures');

const CASES = [
  { label: 'Natural Earth rivers (1455 lines)', rel: 'natural-earth/full/ne_10m_rivers_lake_centerlines', runs: 15 },
  { label: 'INEGI municipalities (85 polygons)', rel: 'inegi-mun-lcc/sonora_bc/mun_02_26', runs: 30 },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function time(runs: number, fn: () => unknown): Promise<number> {
  for (let i = 0; i < 3; i++) await fn(); // warm-up: JIT and decoder caches
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  return median(ms);
}

export async function bench(): Promise<void> {
  console.log('shapefile: parse from memory, median ms (ours vs `shapefile` npm library)');
  for (const c of CASES) {
    const file = (ext: string) => new Uint8Array(readFileSync(path.join(fixtures, `${c.rel}.${ext}`)));
    const shp = file('shp');
    const shx = file('shx');
    const dbf = file('dbf');
    const prj = file('prj');
    const cpg = file('cpg');
    let ourCount = 0;
    const ours = await time(c.runs, () => {
      ourCount = 0;
      parseShapefile(
        { shp, shx, dbf, prj, cpg, names: { shp: `${path.basename(c.rel)}.shp` } },
        { fileName: `${c.rel}.shp` },
        { onRecord: () => ourCount++, onProblem: (p) => { throw new Error(p.reason); }, onCrs: () => {} },
      );
    });
    let libCount = 0;
    const lib = await time(c.runs, async () => {
      const fc = await shapefileLib.read(shp, dbf, { encoding: 'utf-8' });
      libCount = fc.features.length;
    });
    if (ourCount !== libCount) throw new Error(`${c.label}: ${ourCount} records here, ${libCount} from the library`);
    const mb = (shp.length + dbf.length) / 1e6;
    console.log(
      `  ${c.label.padEnd(38)} ours ${ours.toFixed(1).padStart(7)} ms   library ${lib.toFixed(1).padStart(7)} ms   ` +
        `library/ours ${(lib / ours).toFixed(1)}×   (${ourCount} records, ${mb.toFixed(1)} MB .shp+.dbf)`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await bench();
}
