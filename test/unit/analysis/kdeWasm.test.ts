import { afterAll, describe, expect, it } from 'vitest';
import { kde, type KdeOptions } from '../../../shared/analysis/kde.ts';
import { KDE_SWEEP_WASM_BASE64 } from '../../../shared/analysis/wasm/kdeSweepWasm.ts';
import { startKdeRowHelper } from '../../../electron/backend/analysis/kdeRowHelper.ts';
import { compileKdeSweep } from '../../../scripts/build-wasm.ts';
import { claimingHelper } from '../../support/claimingHelper.ts';
import { clusteredPoints } from '../../support/clusteredPoints.ts';

const sameBits = (a: Float64Array, b: Float64Array) => a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

describe('the WebAssembly row sweep', () => {
  it('is the binary its AssemblyScript source compiles to (npm run build:wasm)', async () => {
    const fresh = Buffer.from(await compileKdeSweep()).toString('base64');
    expect(fresh === KDE_SWEEP_WASM_BASE64, 'kdeSweepWasm.ts is stale: run npm run build:wasm').toBe(true);
  }, 60_000);

  // Bandwidths from under one cell to a hundred: blocks from the smallest to the largest.
  const cases: [string, KdeOptions, boolean][] = [
    ['h/cell 0.7', { bandwidth: 70, cellSize: 100 }, true],
    ['h/cell 12, weighted', { bandwidth: 600, cellSize: 50 }, true],
    ['h/cell 12, unweighted', { bandwidth: 600, cellSize: 50 }, false],
    ['h/cell 110', { bandwidth: 3300, cellSize: 30 }, true],
    ['default bandwidth and cell', {}, false],
    ['an extent that cuts through the points', { bandwidth: 900, cellSize: 60, extent: { minX: 5000, minY: 2000, maxX: 15_000, maxY: 9000 } }, true],
  ];
  const { x, y, w } = clusteredPoints(11, 30_000);
  for (const [name, opts, weighted] of cases) {
    it(`gives the JavaScript sweep's grid bit for bit: ${name}`, () => {
      const js = kde(x, y, weighted ? w : null, { ...opts, engine: 'js' });
      const wasm = kde(x, y, weighted ? w : null, { ...opts, engine: 'wasm' });
      expect([wasm.cols, wasm.rows]).toEqual([js.cols, js.rows]);
      expect(js.values.some((v) => v > 0)).toBe(true);
      expect(sameBits(wasm.values, js.values)).toBe(true);
    });
  }

  describe('on two threads', () => {
    const helper = startKdeRowHelper();
    afterAll(() => helper?.close());
    it('gives the same grid with a helper thread sweeping in WebAssembly', () => {
      const opts = { bandwidth: 800, cellSize: 40 };
      const alone = kde(x, y, w, { ...opts, engine: 'js' });
      let reports = 0;
      const both = kde(x, y, w, { ...opts, rowHelper: claimingHelper((job) => helper!.start(job)), onProgress: () => void reports++ });
      expect(sameBits(both.values, alone.values)).toBe(true);
      // The caller swept fewer than all the chunks: the thread did the rest.
      expect(reports - 1).toBeLessThan(Math.ceil(alone.rows / 8));
    });
  });
});
