import type { Rng } from '../synth/random.ts';

/**
 * Splits `total` whole units into `parts` positive integers that sum to `total` exactly, with
 * log-normal sizes (a few large seizures, many small ones). Largest-remainder rounding keeps the
 * sum exact; each part gets at least one unit.
 */
export function splitTotal(total: number, parts: number, rng: Rng, sigmaLog = 1): number[] {
  if (!Number.isInteger(total) || !Number.isInteger(parts) || parts < 1 || total < parts) {
    throw new RangeError(`cannot split ${total} units into ${parts} positive whole parts`);
  }
  const weights = Array.from({ length: parts }, () => Math.exp(sigmaLog * rng.normal()));
  const wsum = weights.reduce((s, w) => s + w, 0);
  const spare = total - parts;
  const exact = weights.map((w) => (spare * w) / wsum);
  const out = exact.map((x) => 1 + Math.floor(x));
  let rest = total - out.reduce((s, v) => s + v, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; rest > 0; k++, rest--) out[order[k][1]]++;
  return out;
}
