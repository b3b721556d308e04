/**
 * Test-only oracle: exact binomial arithmetic with BigInt rationals, written independently of
 * shared/stats so the p-values our code computes can be checked against the definition itself.
 */

export function choose(n: number, k: number): bigint {
  let r = 1n;
  for (let i = 1; i <= k; i++) r = (r * BigInt(n - k + i)) / BigInt(i);
  return r;
}

/** Numerators N_j = C(n, j)·r^j·(s − r)^(n − j) of P(X = j) = N_j / s^n for p = r/s. */
export function pmfNumerators(n: number, r: number, s: number): bigint[] {
  const R = BigInt(r);
  const Q = BigInt(s - r);
  const powQ: bigint[] = [1n]; // powQ[m] = (s − r)^m
  for (let m = 1; m <= n; m++) powQ.push(powQ[m - 1] * Q);
  const out: bigint[] = [];
  let c = 1n; // C(n, j), updated as C(n, j+1) = C(n, j)·(n − j)/(j + 1)
  let powR = 1n; // r^j
  for (let j = 0; j <= n; j++) {
    out.push(c * powR * powQ[n - j]);
    c = (c * BigInt(n - j)) / BigInt(j + 1);
    powR *= R;
  }
  return out;
}

/** a / b as a double, to ~17 significant digits. */
export function ratio(a: bigint, b: bigint): number {
  if (a === 0n) return 0;
  const scale = 10n ** 40n;
  const q = (a * scale) / b;
  return Number(q) / 1e40;
}

/**
 * The two-sided p-value as scipy.stats.binomtest defines it: the total probability of outcomes j
 * with P(j) ≤ P(k)·(1 + 1e-7), for X ~ Binomial(n, r/s). Pure rational arithmetic.
 */
export function exactTwoSidedP(k: number, n: number, r: number, s: number): number {
  const num = pmfNumerators(n, r, s);
  const bound = num[k] * 10_000_001n; // compare N_j·10^7 ≤ N_k·(10^7 + 1)
  let sum = 0n;
  for (const v of num) if (v * 10_000_000n <= bound) sum += v;
  const p = ratio(sum, BigInt(s) ** BigInt(n));
  return Math.min(1, p);
}

/** P(X ≥ k) for X ~ Binomial(n, p), p a double: plain term-by-term sum in log space. */
export function upperTailDouble(k: number, n: number, p: number): number {
  let s = 0;
  for (let j = k; j <= n; j++) {
    let logc = 0;
    for (let i = 1; i <= j; i++) logc += Math.log(n - j + i) - Math.log(i);
    s += Math.exp(logc + j * Math.log(p) + (n - j) * Math.log(1 - p));
  }
  return s;
}

/** Φ(x) by composite Simpson integration of the normal density from 0 — slow but independent. */
export function phiBySimpson(x: number): number {
  const steps = 20_000;
  const h = Math.abs(x) / steps;
  const f = (t: number) => Math.exp((-t * t) / 2) / Math.sqrt(2 * Math.PI);
  let s = f(0) + f(Math.abs(x));
  for (let i = 1; i < steps; i++) s += (i % 2 ? 4 : 2) * f(i * h);
  const half = (s * h) / 3;
  return x >= 0 ? 0.5 + half : 0.5 - half;
}
