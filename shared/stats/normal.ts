/**
 * Standard normal distribution tails in double precision.
 *
 * Inputs: a z value. Outputs: probabilities in [0, 1], never NaN for finite input.
 * The tail is computed directly (not as 1 − Φ) so p-values far in the tail keep their digits.
 * Algorithm: Hart (1968) as published by G. West, "Better approximations to cumulative normal
 * functions", Wilmott Magazine 2005 — absolute error below 1e-15 over the whole line.
 */

/** P(Z > x) for a standard normal Z. */
export function normalUpperTail(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  let c: number;
  if (ax > 37) {
    c = 0;
  } else {
    const e = Math.exp((-ax * ax) / 2);
    if (ax < 7.07106781186547) {
      let b = 3.52624965998911e-2 * ax + 0.700383064443688;
      b = b * ax + 6.37396220353165;
      b = b * ax + 33.912866078383;
      b = b * ax + 112.079291497871;
      b = b * ax + 221.213596169931;
      b = b * ax + 220.206867912376;
      c = e * b;
      b = 8.83883476483184e-2 * ax + 1.75566716318264;
      b = b * ax + 16.064177579207;
      b = b * ax + 86.7807322029461;
      b = b * ax + 296.564248779674;
      b = b * ax + 637.333633378831;
      b = b * ax + 793.826512519948;
      b = b * ax + 440.413735824752;
      c = c / b;
    } else {
      let b = ax + 0.65;
      b = ax + 4 / b;
      b = ax + 3 / b;
      b = ax + 2 / b;
      b = ax + 1 / b;
      c = e / b / 2.506628274631;
    }
  }
  return x > 0 ? c : 1 - c;
}

/** Φ(x) = P(Z ≤ x). */
export function normalCdf(x: number): number {
  return normalUpperTail(-x);
}

/** Two-sided p-value of a z score: P(|Z| ≥ |z|). */
export function twoSidedP(z: number): number {
  return Math.min(1, 2 * normalUpperTail(Math.abs(z)));
}
