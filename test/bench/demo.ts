/**
 * The demo workspace (SYNTHETIC) is built on first start of the app and of `npm run web`: its
 * layers should come in well under a second (the earlier demo issue's budget). CPU time of
 * building the layers and of writing the workspace file, beside Node's own start-up (`node -e 0`)
 * measured in the same run as the scale for this machine.
 *
 *   npm run bench -- demo
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_SEED } from '../../shared/demo/layers.ts';
import { demoLayers, writeDemoWorkspace } from '../../electron/backend/demoWorkspace.ts';

const RUNS = 5;
const cpuMs = (fn: () => void): number => {
  const before = process.cpuUsage();
  fn();
  const u = process.cpuUsage(before);
  return (u.user + u.system) / 1000;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function bench(): void {
  const layers: number[] = [];
  const files: number[] = [];
  const nodes: number[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-bench-demo-'));
  try {
    for (let i = 0; i < RUNS; i++) {
      layers.push(cpuMs(() => demoLayers(DEMO_SEED)));
      const file = path.join(dir, `demo-${i}.frontera`);
      files.push(cpuMs(() => writeDemoWorkspace(file, { seed: DEMO_SEED, actor: 'bench' })));
      const t = performance.now();
      spawnSync(process.execPath, ['-e', '0']);
      nodes.push(performance.now() - t);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const fmt = (xs: number[]) => `median ${median(xs).toFixed(0)} ms  [${xs.map((x) => x.toFixed(0)).join(' / ')}]`;
  process.stdout.write(`  demo layers built (CPU)          ${fmt(layers)}  (first run includes JIT warm-up)\n`);
  process.stdout.write(`  demo workspace written (CPU)     ${fmt(files)}\n`);
  process.stdout.write(`  node -e 0 (wall), for scale      ${fmt(nodes)}\n`);
  process.stdout.write(`  target: layers ≤ 1000 ms: ${median(layers) <= 1000 ? 'met' : 'not met'}\n`);
}
