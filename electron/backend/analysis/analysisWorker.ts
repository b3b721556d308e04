/**
 * Worker-thread side of an analysis run: receives the request and its plain inputs, runs the
 * shared core, posts progress and the result back. Keeps the host's event loop (the Electron
 * main process, the loopback server) free while a million points are clustered.
 */
import { parentPort } from 'node:worker_threads';
import { executeAnalysis } from '../../../shared/analysis/run/execute.ts';
import type { AnalysisRequest } from '../../../shared/api/analysisInputs.ts';
import type { AnalysisInputData, AnalysisOutput } from '../../../shared/analysis/run/types.ts';
import { isUserError } from '../../../shared/errors.ts';
import { withKdeRowHelper } from './kdeRowHelper.ts';

export type WorkerRequest = { type: 'run'; req: AnalysisRequest; input: AnalysisInputData };
export type WorkerReply =
  | { type: 'progress'; progress: { phase: string; done: number; total?: number } }
  | { type: 'done'; output: AnalysisOutput }
  | { type: 'error'; name: string; message: string; user: boolean };

if (parentPort) {
  const port = parentPort;
  // The run is synchronous, so cancelling is the host terminating this thread.
  port.on('message', async (msg: WorkerRequest) => {
    try {
      const output = await withKdeRowHelper(msg.req.kind, msg.input.points.count, (kdeRowHelper) =>
        executeAnalysis(msg.req, msg.input, {
          onProgress: (progress) => port.postMessage({ type: 'progress', progress } satisfies WorkerReply),
          kdeRowHelper,
        }),
      );
      port.postMessage({ type: 'done', output } satisfies WorkerReply);
    } catch (e) {
      const err = e as Error;
      port.postMessage({
        type: 'error',
        name: err?.name ?? 'Error',
        message: err?.message ?? String(e),
        user: isUserError(e),
      } satisfies WorkerReply);
    }
  });
}
