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
import { createRng, type Rng } from '../../synth/random.ts';
import type { LineNetwork } from './lineNetwork.ts';
import type { EdgePoints } from './lixels.ts';
import { networkKde } from './networkKde.ts';
import { spreadDensity } from './spreadKde.ts';
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
  const events: EdgePoints = { edge: new Int32Array(n), offset: new Float64Array(n), edgeStart: new Int32Array(net.edgeCount + 1) };
  const maxima = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    throwIfAborted(options.signal);
    uniformPattern(net, rng, events);
    const { method, kernel, bandwidth, signal } = options;
    // Only the density's maximum is needed: the spread estimators run without the simple one's counts.
    const density =
      method === 'simple'
        ? networkKde(net, events, samples, { bandwidth, method, kernel, div: 'none', signal }).density
        : spreadDensity(net, events, samples, { bandwidth, method, kernel, div: 'none', signal });
    let max = 0;
    for (let k = 0; k < density.length; k++) if (density[k] > max) max = density[k];
    maxima[r] = max;
    options.onProgress?.(r + 1, R);
  }
  maxima.sort();
  return { maxima, level: R > 0 ? maxima[R - 1] : 0 };
}

/**
 * n positions uniform along the network (by length), written into `events` already grouped by
 * edge in increasing offset: the order statistics of n uniforms are the normalised partial sums
 * of n + 1 exponential spacings (Rényi), so no sort is needed and the edges are met in order.
 */
function uniformPattern(net: LineNetwork, rng: Rng, events: EdgePoints): void {
  const { edge, offset, edgeStart } = events;
  const n = edge.length;
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += rng.exponential();
    offset[i] = total;
  }
  const scale = net.totalLength / (total + rng.exponential());
  let e = 0;
  let edgeEnd = net.edgeLength[0];
  let base = 0;
  for (let i = 0; i < n; i++) {
    const x = offset[i] * scale;
    while (x >= edgeEnd && e < net.edgeCount - 1) {
      edgeStart[++e] = i;
      base = edgeEnd;
      edgeEnd += net.edgeLength[e];
    }
    edge[i] = e;
    offset[i] = Math.min(x - base, net.edgeLength[e]);
  }
  while (e < net.edgeCount) edgeStart[++e] = n;
}
