/**
 * A small seeded PRNG (sfc32, seeded through splitmix32) with the draws the generators need.
 * Math.random cannot be seeded, and synthetic data is only useful for tests when a seed
 * reproduces it bit for bit on every platform: everything here is 32-bit integer arithmetic
 * plus IEEE doubles, so a seed gives the same sequence in Node, Electron and the browser.
 */
export interface Rng {
  /** Uniform in [0, 1), 32 bits of resolution. */
  next(): number;
  /** Uniform in [a, b). */
  uniform(a: number, b: number): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal N(0, 1). */
  normal(): number;
  /** Poisson draw with mean `lambda` (≥ 0). */
  poisson(lambda: number): number;
  /** Exponential with mean 1. */
  exponential(): number;
  /** A new independent stream derived from this one (for sub-generators that must not shift each other). */
  fork(): Rng;
}

/** splitmix32: spreads an arbitrary 32-bit seed over the state so seeds 1, 2, 3 do not start alike. */
function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Folds any finite number (or a string) into a 32-bit seed. */
function seedFrom(seed: number | string): number {
  if (typeof seed === 'number') {
    if (Number.isInteger(seed) && Math.abs(seed) < 2 ** 31) return seed | 0;
    // Non-integers and big integers: hash their decimal form rather than truncating to one value.
    seed = String(seed);
  }
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  return h | 0;
}

export function createRng(seed: number | string): Rng {
  const sm = { s: seedFrom(seed) };
  let a = splitmix32(sm) | 0;
  let b = splitmix32(sm) | 0;
  let c = splitmix32(sm) | 0;
  let d = 1;
  let spare = NaN;

  const nextU32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Discard the first outputs: sfc32 mixes its state in a dozen rounds.
  for (let i = 0; i < 12; i++) nextU32();

  const next = (): number => nextU32() / 4294967296;

  const normal = (): number => {
    if (spare === spare) {
      const s = spare;
      spare = NaN;
      return s;
    }
    // Marsaglia polar method: no trig, two values per accepted pair.
    let u: number, v: number, s: number;
    do {
      u = 2 * next() - 1;
      v = 2 * next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    spare = v * f;
    return u * f;
  };

  const rng: Rng = {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    int: (n) => Math.floor(next() * n),
    normal,
    exponential: () => -Math.log(1 - next()),
    poisson: (lambda) => poisson(rng, lambda),
    fork: () => createRng(nextU32() | 0),
  };
  return rng;
}

function logFactorial(k: number): number {
  if (k < LOG_FACT.length) return LOG_FACT[k];
  // Stirling series; error < 1e-10 for k ≥ 10.
  const x = k + 1;
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x * x * x);
}
const LOG_FACT = (() => {
  const t = [0];
  for (let i = 1; i < 10; i++) t.push(t[i - 1] + Math.log(i));
  return t;
})();

/**
 * Poisson draws: Knuth's product method for small means, Hörmann's PTRS (transformed
 * rejection with squeeze, 1993) above 10 so the cost stays constant for large means.
 */
function poisson(rng: Rng, lambda: number): number {
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError(`poisson mean must be finite and ≥ 0, got ${lambda}`);
  if (lambda === 0) return 0;
  if (lambda < 10) {
    const L = Math.exp(-lambda);
    let k = 0;
    let p = rng.next();
    while (p > L) {
      k++;
      p *= rng.next();
    }
    return k;
  }
  const slam = Math.sqrt(lambda);
  const loglam = Math.log(lambda);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const U = rng.next() - 0.5;
    const V = rng.next();
    const us = 0.5 - Math.abs(U);
    const k = Math.floor(((2 * a) / us + b) * U + lambda + 0.43);
    if (us >= 0.07 && V <= vr) return k;
    if (k < 0 || (us < 0.013 && V > us)) continue;
    if (Math.log(V) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - logFactorial(k)) {
      return k;
    }
  }
}

/** Fisher–Yates shuffle of the first `n` indices; returns a permutation array. */
export function permutation(rng: Rng, n: number): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

/** Draws an index with probability proportional to `weights` (cumulative table + binary search). */
export function weightedPicker(weights: readonly number[]): (rng: Rng) => number {
  const cum = new Float64Array(weights.length);
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i];
    if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`weight ${i} must be finite and ≥ 0, got ${w}`);
    total += w;
    cum[i] = total;
  }
  if (total <= 0) throw new RangeError('weights must not all be zero');
  return (rng) => {
    const x = rng.next() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}
