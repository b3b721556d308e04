import type { KdeRowHelper } from '../../shared/analysis/kde.ts';

/**
 * Wraps a KDE row helper so that handing a job over waits until the helper has claimed its first
 * chunk (claims[0] is the next chunk to hand out): a test then knows the other thread took part,
 * however busy the machine. Gives up after 20 s (the test's own assertions then fail).
 */
export function claimingHelper(start: (job: Parameters<KdeRowHelper['start']>[0]) => void): KdeRowHelper {
  return {
    start: (job) => {
      start(job);
      const nap = new Int32Array(new SharedArrayBuffer(4));
      const deadline = Date.now() + 20_000;
      while (Atomics.load(job.claims, 0) === 0 && Date.now() < deadline) Atomics.wait(nap, 0, 0, 2);
    },
  };
}
