import type { KernelName } from './types.ts';

/**
 * Kernel values K(d, bw) with spNetwork's conventions: already divided by bw once, so each
 * integrates to 1 over the line [-bw, bw]; zero at and beyond the bandwidth.
 */
export type KernelFn = (d: number, bw: number) => number;

/**
 * Each kernel as a polynomial in u = |d| / bw on [0, 1): K(d, bw) = Σ c[p]·u^p / bw. Every kernel
 * spNetwork offers is one, which lets the spread estimators sum many events at once from their
 * power sums (networkKde.ts) instead of one kernel value per event and sample.
 */
export const kernelPolynomials: Record<KernelName, readonly number[]> = {
  quartic: [15 / 16, 0, -30 / 16, 0, 15 / 16],
  triangle: [1, -1],
  epanechnikov: [0.75, 0, -0.75],
  uniform: [0.5],
};

function fromPolynomial(c: readonly number[]): KernelFn {
  // Unrolled Horner: these run once per event and sample in the simple estimator's inner loop.
  const [c0, c1 = 0, c2 = 0, c3 = 0, c4 = 0] = c;
  return (d, bw) => {
    const u = Math.abs(d / bw);
    return u >= 1 ? 0 : (c0 + u * (c1 + u * (c2 + u * (c3 + u * c4)))) / bw;
  };
}

export const kernels: Record<KernelName, KernelFn> = {
  quartic: fromPolynomial(kernelPolynomials.quartic),
  triangle: fromPolynomial(kernelPolynomials.triangle),
  epanechnikov: fromPolynomial(kernelPolynomials.epanechnikov),
  uniform: fromPolynomial(kernelPolynomials.uniform),
};
