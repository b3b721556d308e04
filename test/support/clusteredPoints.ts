import { mulberry32 } from '../bench/peers/synthPoints.ts';

/**
 * Seeded test points in metres: a quarter in one tight hot spot, the rest spread over 25 × 18 km,
 * with weights (one in twenty 0). Rows of a density grid then differ a lot in work.
 */
export function clusteredPoints(seed: number, n: number): { x: Float64Array; y: Float64Array; w: Float64Array } {
  const rnd = mulberry32(seed);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const hot = i % 4 === 0;
    x[i] = hot ? 7000 + 500 * (rnd() + rnd() + rnd() - 1.5) : 25_000 * rnd();
    y[i] = hot ? 4000 + 500 * (rnd() + rnd() + rnd() - 1.5) : 18_000 * rnd();
    w[i] = rnd() < 0.05 ? 0 : 100 * rnd() * rnd();
  }
  return { x, y, w };
}
