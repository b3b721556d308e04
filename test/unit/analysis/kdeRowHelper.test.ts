import { afterAll, describe, expect, it } from 'vitest';
import { kde, sweepClaimedChunks, type KdeRowHelper, type KdeRowJob } from '../../../shared/analysis/kde.ts';
import { startKdeRowHelper } from '../../../electron/backend/analysis/kdeRowHelper.ts';
import { claimingHelper } from '../../support/claimingHelper.ts';
import { clusteredPoints } from '../../support/clusteredPoints.ts';

const { x, y, w } = clusteredPoints(2024, 60_000);
const opts = { bandwidth: 900, cellSize: 40 };
const alone = kde(x, y, w, opts);

const expectSameGrid = (g: typeof alone) => {
  expect([g.cols, g.rows, g.originX, g.originY, g.bandwidth, g.totalWeight]).toEqual([
    alone.cols,
    alone.rows,
    alone.originX,
    alone.originY,
    alone.bandwidth,
    alone.totalWeight,
  ]);
  // Every row is computed by the same code from the same inputs, whichever thread takes it.
  expect(Buffer.from(g.values.buffer).equals(Buffer.from(alone.values.buffer))).toBe(true);
  // The result is plain memory: it can be transferred to another thread.
  expect(g.values.buffer).toBeInstanceOf(ArrayBuffer);
};

describe('kde with a second thread sweeping rows', () => {
  const real = startKdeRowHelper();
  afterAll(() => real?.close());

  it('gives the same grid, bit for bit, with a real helper thread that sweeps some of the rows', () => {
    expect(real).toBeDefined();
    const handedOver = claimingHelper((job) => real!.start(job));
    const progress: number[] = [];
    expectSameGrid(kde(x, y, w, { ...opts, rowHelper: handedOver, onProgress: (d) => progress.push(d) }));
    // One report per chunk the caller swept, plus the final one: fewer than all the chunks.
    const chunks = Math.ceil(alone.rows / 8);
    expect(progress.length - 1).toBeLessThan(chunks);
    expect(progress.at(-1)).toBe(alone.rows);
  }, 30_000);

  it('uses the rows a helper sweeps: one that takes every chunk leaves the caller none', () => {
    let claimedByHelper = 0;
    const greedy: KdeRowHelper = {
      start: (job: KdeRowJob) => {
        sweepClaimedChunks(job, () => void claimedByHelper++);
      },
    };
    const progress: number[] = [];
    expectSameGrid(kde(x, y, w, { ...opts, rowHelper: greedy, onProgress: (d) => progress.push(d) }));
    expect(claimedByHelper).toBe(Math.ceil(alone.rows / 8));
    // The caller swept nothing: only the final report.
    expect(progress).toEqual([alone.rows]);
  });

  it('does all the rows itself when the helper never starts', () => {
    expectSameGrid(kde(x, y, w, { ...opts, rowHelper: { start: () => {} } }));
  });

  it('takes over a chunk a helper claimed and never finished (a helper that died)', () => {
    const dying: KdeRowHelper = {
      start: (job) => {
        try {
          sweepClaimedChunks(job, () => {
            throw new Error('helper died');
          });
        } catch {
          // The chunk stays claimed and unfinished.
        }
      },
    };
    const t = performance.now();
    expectSameGrid(kde(x, y, w, { ...opts, rowHelper: dying, helperTimeoutMs: 200 }));
    expect(performance.now() - t).toBeGreaterThanOrEqual(200);
  });

  it('stops handing out rows when cancelled', () => {
    const ctrl = new AbortController();
    let job: KdeRowJob | undefined;
    const late: KdeRowHelper = { start: (j) => void (job = j) };
    let calls = 0;
    expect(() =>
      kde(x, y, w, {
        ...opts,
        rowHelper: late,
        onProgress: () => {
          if (++calls === 3) ctrl.abort();
        },
        signal: ctrl.signal,
      }),
    ).toThrow(/cancelled/);
    // A helper arriving after the cancel finds nothing left to claim.
    let helperChunks = 0;
    sweepClaimedChunks(job!, () => void helperChunks++);
    expect(helperChunks).toBe(0);
  });
});
