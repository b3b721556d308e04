/**
 * Bandwidth tools on a network, with spNetwork's definitions so its published values are the
 * oracle: Abramson adaptive bandwidths, leave-one-out likelihood cross-validation, and the CVL
 * criterion of Bowman & Azzalini as spNetwork applies it to networks.
 */
import type { LineNetwork } from './lineNetwork.ts';
import type { EdgePoints } from './lixels.ts';
import { networkKde } from './networkKde.ts';
import type { KernelName, NkdeMethod } from './types.ts';

export interface BandwidthToolOptions {
  method?: NkdeMethod;
  kernel?: KernelName;
  weights?: Float64Array;
  maxDepth?: number;
}

/** Density at each event from every event including itself, no division by bw. */
function densityAtEvents(net: LineNetwork, events: EdgePoints, bw: number, o: BandwidthToolOptions, div: 'bw' | 'none'): Float64Array {
  return networkKde(net, events, events, { bandwidth: bw, method: o.method, kernel: o.kernel, weights: o.weights, maxDepth: o.maxDepth, div }).density;
}

/** Each event's own contribution at its own position (K(0) plus any backfire it receives). */
function selfDensity(net: LineNetwork, events: EdgePoints, bw: number, o: BandwidthToolOptions, div: 'bw' | 'none'): Float64Array {
  const out = new Float64Array(events.edge.length);
  for (let i = 0; i < events.edge.length; i++) {
    const one: EdgePoints = {
      edge: events.edge.subarray(i, i + 1),
      offset: events.offset.subarray(i, i + 1),
      edgeStart: new Int32Array(net.edgeCount + 1).map((_, e) => (e > events.edge[i] ? 1 : 0)),
    };
    const w = o.weights ? o.weights.subarray(i, i + 1) : undefined;
    out[i] = networkKde(net, one, one, { bandwidth: bw, method: o.method, kernel: o.kernel, weights: w, maxDepth: o.maxDepth, div }).density[0];
  }
  return out;
}

/**
 * Abramson's adaptive bandwidths: h_i = h0 / sqrt(f(e_i)) / γ with the pilot density f at each
 * event (self included, no division by bw) and γ the geometric mean of 1/sqrt(f); capped at `trim`.
 */
export function adaptiveBandwidths(net: LineNetwork, events: EdgePoints, h0: number, trim = Infinity, o: BandwidthToolOptions = {}): Float64Array {
  const f = densityAtEvents(net, events, h0, o, 'none');
  let logSum = 0;
  for (let i = 0; i < f.length; i++) logSum += Math.log(1 / Math.sqrt(f[i]));
  const gamma = Math.exp(logSum / f.length);
  return f.map((fi) => Math.min(trim, h0 / Math.sqrt(fi) / gamma));
}

/**
 * Leave-one-out likelihood: mean over events of log f₋ᵢ(eᵢ) (density divided by bw). Events with
 * no neighbour within bw have f₋ᵢ = 0; 'remove' drops them, 'min_double' uses the smallest double.
 */
export function cvLikelihood(net: LineNetwork, events: EdgePoints, bw: number, zeroStrategy: 'remove' | 'min_double' = 'min_double', o: BandwidthToolOptions = {}): number {
  const all = densityAtEvents(net, events, bw, o, 'bw');
  const self = selfDensity(net, events, bw, o, 'bw');
  let sum = 0;
  let n = 0;
  for (let i = 0; i < all.length; i++) {
    const loo = all[i] - self[i];
    if (loo > 1e-15) {
      sum += Math.log(loo);
      n++;
    } else if (zeroStrategy === 'min_double') {
      sum += Math.log(Number.MIN_VALUE);
      n++;
    }
  }
  return n > 0 ? sum / n : -Infinity;
}

/** CVL: (Σ 1/f(eᵢ) − total network length)², f with the self term, divided by bw; smaller is better. */
export function cvlScore(net: LineNetwork, events: EdgePoints, bw: number, o: BandwidthToolOptions = {}): number {
  const f = densityAtEvents(net, events, bw, o, 'bw');
  let s = 0;
  for (let i = 0; i < f.length; i++) s += 1 / Math.max(f[i], Number.MIN_VALUE);
  const d = s - net.totalLength;
  return d * d;
}
