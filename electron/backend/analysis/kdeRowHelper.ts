/**
 * A second thread for kernel density's row sweep. Started when a KDE run begins, so the thread
 * boots while the points are projected and the bandwidth found; until it is up, the caller simply
 * claims every chunk itself. From the sources the thread starts at a bootstrap that registers
 * tsx; in the packaged app at the bundled `kdeRowWorker.cjs` beside the running bundle.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { KdeRowHelper, KdeRowJob } from '../../../shared/analysis/kde.ts';

export interface ClosableRowHelper extends KdeRowHelper {
  close(): Promise<void>;
}

function workerFile(): string | URL {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return new URL('./kdeRowWorker.bootstrap.mjs', here);
  const bundled = path.join(path.dirname(fileURLToPath(here)), 'kdeRowWorker.cjs');
  if (!existsSync(bundled)) throw new Error(`kernel density worker bundle missing: ${bundled}`);
  return bundled;
}

/** A helper thread, or none on a single core (where a second thread would only take turns). */
export function startKdeRowHelper(): ClosableRowHelper | undefined {
  if (availableParallelism() < 2) return undefined;
  const worker = new Worker(workerFile());
  // A helper that fails to start costs nothing: the caller claims the chunks it would have.
  worker.on('error', () => {});
  worker.unref();
  return {
    start: (job: KdeRowJob) => worker.postMessage(job),
    close: async () => {
      await worker.terminate();
    },
  };
}

/**
 * Below this many incidents a kernel density takes tens to a few hundred milliseconds, and a
 * thread's start-up costs more than it saves (npm run bench -- analysis, one thread's time over
 * two threads': 0.40 at 10k, 0.91 at 100k, 1.28 at 1M).
 */
export const KDE_HELPER_MIN_POINTS = 200_000;

/** The threshold; FRONTERA_KDE_HELPER_MIN_POINTS overrides it (tests run small layers through the thread). */
function helperMinPoints(): number {
  const v = Number(process.env.FRONTERA_KDE_HELPER_MIN_POINTS);
  return process.env.FRONTERA_KDE_HELPER_MIN_POINTS !== undefined && Number.isFinite(v) ? v : KDE_HELPER_MIN_POINTS;
}

/** Runs fn with a helper thread for a kernel density of many incidents, and stops the thread after. */
export async function withKdeRowHelper<T>(
  kind: string,
  pointCount: number,
  fn: (helper: KdeRowHelper | undefined) => T | Promise<T>,
): Promise<T> {
  const helper = kind === 'kde' && pointCount >= helperMinPoints() ? startKdeRowHelper() : undefined;
  try {
    return await fn(helper);
  } finally {
    await helper?.close();
  }
}
