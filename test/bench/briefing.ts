/**
 * Briefing print time on a 1,000,000-incident workspace: the incidents go to the page as a
 * binned heatmap (≤ 25 600 weighted cells, never a million circles) with a Gi* result over
 * them, printed to PDF by headless Chromium exactly as `frontera brief` does (browser launch
 * included). Target: ≤ 10 s. The workspace is built once under .bench/ and reused.
 *
 *   npm run bench -- briefing            (BENCH_POINTS=200000 for a quicker look)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Workspace } from '../../electron/backend/store/workspace.ts';
import { SqliteStore } from '../../electron/backend/store/sqliteStore.ts';
import { insertSyntheticIncidents } from '../support/syntheticLayer.ts';
import { openBackend } from '../../electron/backend/backend.ts';
import { runAnalysis } from '../../electron/backend/analysis/analysisService.ts';
import { briefingModel } from '../../electron/backend/briefing/briefingModel.ts';
import { printBriefing } from '../../electron/backend/briefing/printWithChromium.ts';
import { ensureBriefingBuilt } from '../e2e/briefingBuild.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BENCH_DIR = path.join(repoRoot, '.bench');
const SEED = 20240601;
const TARGET_S = 10;

/** The bench workspace with its Gi* run; built when missing or of another size. */
async function benchWorkspace(n: number): Promise<{ file: string; gistarId: number }> {
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  const file = path.join(BENCH_DIR, `briefing-${n}.frontera`);
  if (fs.existsSync(file)) {
    const ws = Workspace.open(file);
    try {
      const layer = ws.findLayer('incidents');
      const gi = ws.listAnalyses().find((a) => a.kind === 'gistar');
      if (layer?.featureCount === n && gi) return { file, gistarId: gi.id };
    } finally {
      ws.close();
    }
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  }
  const t0 = performance.now();
  const ws = Workspace.open(file, { create: true });
  try {
    insertSyntheticIncidents(ws, n, SEED, `bench-${n}-${SEED}`, 'SYNTHETIC — benchmark data');
    const { run } = await runAnalysis(new SqliteStore(ws), { kind: 'gistar', layer: 'incidents', cellSize: 2000 });
    process.stdout.write(`built ${file} (${n.toLocaleString('en-US')} incidents + Gi* #${run.id}) in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    return { file, gistarId: run.id };
  } finally {
    ws.close();
  }
}

export async function bench(): Promise<void> {
  const n = Number(process.env.BENCH_POINTS ?? 1_000_000);
  const staticRoot = await ensureBriefingBuilt();
  const { file, gistarId } = await benchWorkspace(n);
  const backend = openBackend(file);
  try {
    const options = { analyses: [gistarId], title: 'Benchmark briefing', banner: 'UNCLASSIFIED' };
    let t = performance.now();
    const modelCpu0 = process.cpuUsage();
    const model = await briefingModel(backend.store, options);
    const modelS = (performance.now() - t) / 1000;
    const modelCpu = process.cpuUsage(modelCpu0);
    const heat = model.layers.find((l) => l.kind === 'heatmap');
    process.stdout.write(
      `model alone: ${modelS.toFixed(2)} s, CPU ${((modelCpu.user + modelCpu.system) / 1e6).toFixed(2)} s (${model.incidentCount.toLocaleString('en-US')} incidents → ${heat?.data.features.length.toLocaleString('en-US') ?? 0} heat cells, ` +
        `${JSON.stringify(model).length.toLocaleString('en-US')} bytes of JSON)\n`,
    );
    const out = path.join(BENCH_DIR, `briefing-${n}.pdf`);
    t = performance.now();
    const cpu0 = process.cpuUsage();
    const r = await printBriefing({ backend, staticRoot, options, out, format: 'pdf', actor: 'bench', host: 'bench' });
    const totalS = (performance.now() - t) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const phases = r.info.map.phases;
    process.stdout.write(
      `print (browser launch, model over HTTP, map at ${Math.round(r.info.map.pixelRatio * 96)} dpi, PDF): ${totalS.toFixed(1)} s, ` +
        `${r.pages} page, ${(fs.statSync(out).size / 1024).toFixed(0)} KiB → ${out}\n` +
        `  of which: model over the API ${(r.info.timings.modelMs / 1000).toFixed(1)} s (page side, after its own load), drawing the page ${(r.info.timings.drawMs / 1000).toFixed(1)} s ` +
        `(map: sources ${(phases.loadMs / 1000).toFixed(1)} s, print frame ${(phases.drawMs / 1000).toFixed(1)} s, image ${(phases.encodeMs / 1000).toFixed(1)} s); ` +
        `CPU in this process ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s\n`,
    );
    process.stdout.write(`target ≤ ${TARGET_S} s: ${totalS <= TARGET_S ? 'met' : 'MISSED'}\n`);
  } finally {
    backend.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await bench();
