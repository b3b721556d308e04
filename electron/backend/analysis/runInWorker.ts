/**
 * Runs an analysis on a worker thread. From the sources (CLI, web server, tests) the worker starts
 * at a bootstrap that registers tsx; in the packaged app the bundled `analysisWorker.cjs` beside the
 * main bundle. Cancelling terminates the thread: the core is synchronous by design (no await
 * in hot loops), so termination is the immediate and reliable way to stop it.
 */
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { AnalysisRequest } from '../../../shared/api/analysisInputs.ts';
import type { AnalysisInputData, AnalysisOutput, RunOptions } from '../../../shared/analysis/run/types.ts';
import { UserError } from '../../../shared/errors.ts';
import { CancelledError } from '../store/workspace.ts';
import type { WorkerReply, WorkerRequest } from './analysisWorker.ts';

function workerEntry(): { file: string | URL; execArgv: string[] } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    return { file: new URL('./analysisWorker.bootstrap.mjs', here), execArgv: [] };
  }
  const bundled = path.join(path.dirname(fileURLToPath(here)), 'analysisWorker.cjs');
  if (!existsSync(bundled)) throw new Error(`analysis worker bundle missing: ${bundled}`);
  return { file: bundled, execArgv: [] };
}

function transferables(input: AnalysisInputData): ArrayBuffer[] {
  const p = input.points;
  const arrays = [p.ids, p.lon, p.lat, p.time, p.timePrecision, p.category, p.quantity, p.unit, p.sourceIndex, p.timeEnd, p.precision].filter(
    (a) => a !== undefined,
  );
  const seen = new Set<ArrayBuffer>();
  for (const a of arrays) if (a.buffer instanceof ArrayBuffer && a.byteLength === a.buffer.byteLength) seen.add(a.buffer);
  return [...seen];
}

export function runInWorker(req: AnalysisRequest, input: AnalysisInputData, opts: RunOptions = {}): Promise<AnalysisOutput> {
  if (opts.signal?.aborted) return Promise.reject(new CancelledError('analysis'));
  const { file, execArgv } = workerEntry();
  const worker = new Worker(file, { execArgv });
  return new Promise<AnalysisOutput>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      fn();
    };
    const onAbort = () => finish(() => reject(new CancelledError('analysis')));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (msg: WorkerReply) => {
      if (msg.type === 'progress') opts.onProgress?.(msg.progress);
      else if (msg.type === 'done') finish(() => resolve(msg.output));
      else {
        const err = msg.user ? new UserError(msg.message) : new Error(msg.message);
        finish(() => reject(err));
      }
    });
    worker.on('error', (e) => finish(() => reject(e)));
    worker.on('exit', (code) => finish(() => reject(new Error(`analysis worker stopped (exit code ${code})`))));
    worker.postMessage({ type: 'run', req, input } satisfies WorkerRequest, transferables(input));
  });
}
