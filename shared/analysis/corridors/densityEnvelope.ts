/**
 * The network-constrained random baseline of the network density: the same number of events
 * placed uniformly along the same network (by length), their density computed exactly as the
 * observed one (same estimator, kernel, bandwidth, lixels). The largest lixel density of each
 * simulated pattern gives a global envelope: an observed lixel above the largest of R simulated
 * maxima is denser than events spread at random reach anywhere on the network, at the
 * 1/(R+1) level (R = 19: 5 %), whatever the number of lixels — a Monte Carlo max test
 * (Besag & Diggle 1977; as in the network K-function and NKDE envelopes of spatstat and spNetwork).
 */
import { throwIfAborted } from '../cancel.ts';
import { createRng } from '../../synth/random.ts';
import type { LineNetwork } from './lineNetwork.ts';
import { groupByEdge, type EdgePoints } from './lixels.ts';
import { networkKde } from './networkKde.ts';
import type { KernelName, NkdeMethod } from './types.ts';

export interface EnvelopeOptions {
  bandwidth: number;
  method: NkdeMethod;
  kernel: KernelName;
  /** Simulated patterns; the envelope is the largest of their maxima (19: the 5 % level). */
  simulations?: number;
  /** Seed of the simulations: the same data give the same envelope on every run. */
  seed?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface DensityEnvelope {
  /** Largest lixel density of each simulated pattern, ascending. */
  maxima: Float64Array;
  /** The envelope: the largest of the maxima. */
  level: number;
}

export function densityEnvelope(net: LineNetwork, n: number, samples: EdgePoints, options: EnvelopeOptions): DensityEnvelope {
  const R = options.simulations ?? 19;
  const rng = createRng(options.seed ?? 20240917);
  // Cumulative edge lengths: a uniform draw on [0, Λ) falls on edge e with probability ℓe/Λ.
  const cum = new Float64Array(net.edgeCount + 1);
  for (let e = 0; e < net.edgeCount; e++) cum[e + 1] = cum[e] + net.edgeLength[e];
  const edge = new Int32Array(n);
  const offset = new Float64Array(n);
  const maxima = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    throwIfAborted(options.signal);
    for (let i = 0; i < n; i++) {
      const u = rng.next() * net.totalLength;
      let lo = 0;
      let hi = net.edgeCount;
      while (hi - lo > 1) {
        const mid = (lo + hi) >>> 1;
        if (cum[mid] <= u) lo = mid;
        else hi = mid;
      }
      edge[i] = lo;
      offset[i] = Math.min(u - cum[lo], net.edgeLength[lo]);
    }
    const events = groupByEdge(net, edge, offset);
    const { density } = networkKde(net, events, samples, {
      bandwidth: options.bandwidth,
      method: options.method,
      kernel: options.kernel,
      div: 'none',
      signal: options.signal,
    });
    let max = 0;
    for (let k = 0; k < density.length; k++) if (density[k] > max) max = density[k];
    maxima[r] = max;
    options.onProgress?.(r + 1, R);
  }
  maxima.sort();
  return { maxima, level: R > 0 ? maxima[R - 1] : 0 };
}
