/**
 * The second thread of a kernel density run: takes jobs (in shared memory) and sweeps the chunks
 * of rows it claims, alongside the thread that posted them. See shared/analysis/kde.ts.
 */
import { parentPort } from 'node:worker_threads';
import { sweepClaimedChunks, type KdeRowJob } from '../../../shared/analysis/kde.ts';

parentPort?.on('message', (job: KdeRowJob) => sweepClaimedChunks(job));
