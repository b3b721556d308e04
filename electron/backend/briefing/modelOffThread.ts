/**
 * The briefing model, built on a worker thread when running from the sources (the CLI and the
 * bench do), else in this thread. See briefingModelWorker.ts.
 */
import { Worker } from 'node:worker_threads';
import { UserError } from '../../../shared/errors.ts';
import type { BriefingModel } from '../../../shared/report/model.ts';
import type { BriefingOptions } from '../../../shared/report/options.ts';
import type { WorkspaceStore } from '../store/store.ts';
import { briefingModel } from './briefingModel.ts';
import type { ModelWorkerData, ModelWorkerReply } from './briefingModelWorker.ts';

export interface PendingModel {
  model: Promise<BriefingModel>;
  /** Stops the thread if the print gives up before the model is in. */
  cancel: () => void;
}

export function briefingModelOffThread(ws: WorkspaceStore, options: BriefingOptions, now: Date = new Date()): PendingModel {
  // The bundled app has no worker entry for this; there the model is built in this thread. So is
  // a read-only team workspace's: its runs of this session live in this thread's store only.
  if (!import.meta.url.endsWith('.ts') || ws.readOnly) {
    return { model: briefingModel(ws, options, now), cancel: () => {} };
  }
  // The thread opens the workspace itself: a file by its path, a team workspace by its URL (the
  // password, from PGPASSWORD or ~/.pgpass, is found there again, never passed along).
  const worker = new Worker(new URL('./briefingModelWorker.bootstrap.mjs', import.meta.url), {
    workerData: { location: ws.location, options, now: now.toISOString() } satisfies ModelWorkerData,
  });
  let cancelled = false;
  const model = new Promise<BriefingModel>((resolve, reject) => {
    let settled = false;
    // A thread that could not start or died is no reason to fail the print: build it here.
    const inThread = () => {
      if (settled || cancelled) return;
      settled = true;
      briefingModel(ws, options, now).then(resolve, reject);
    };
    worker.once('message', (msg: ModelWorkerReply) => {
      settled = true;
      if (msg.type === 'done') resolve(msg.model);
      else reject(msg.user ? new UserError(msg.message) : new Error(msg.message));
      void worker.terminate();
    });
    worker.once('error', inThread);
    worker.once('exit', inThread);
  });
  // The print awaits it later (or not at all, if it fails first): no unhandled rejection meanwhile.
  model.catch(() => {});
  return {
    model,
    cancel: () => {
      cancelled = true;
      void worker.terminate();
    },
  };
}
