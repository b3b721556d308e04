/**
 * Builds a briefing model on a worker thread with its own (reading) connection to the
 * workspace: while a million incidents are read and binned, the printing host's event loop
 * stays free to start Chromium and serve it the page, so the two overlap instead of queueing.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isUserError } from '../../../shared/errors.ts';
import type { BriefingModel } from '../../../shared/report/model.ts';
import type { BriefingOptions } from '../../../shared/report/options.ts';
import { openStore } from '../store/openStore.ts';
import { briefingModel } from './briefingModel.ts';

export interface ModelWorkerData {
  /** The workspace's path or team workspace URL. */
  location: string;
  options: BriefingOptions;
  /** ISO instant the briefing is dated (the host's clock, not the thread's start). */
  now: string;
}

export type ModelWorkerReply = { type: 'done'; model: BriefingModel } | { type: 'error'; message: string; user: boolean };

if (parentPort) {
  const { location, options, now } = workerData as ModelWorkerData;
  const port = parentPort;
  void (async (): Promise<ModelWorkerReply> => {
    const ws = await openStore(location);
    try {
      return { type: 'done', model: await briefingModel(ws, options, new Date(now)) };
    } finally {
      await ws.close();
    }
  })().then(
    (reply) => port.postMessage(reply),
    (e: unknown) => port.postMessage({ type: 'error', message: (e as Error)?.message ?? String(e), user: isUserError(e) } satisfies ModelWorkerReply),
  );
}
