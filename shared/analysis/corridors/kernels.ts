import type { KernelName } from './types.ts';

/**
 * Kernel values K(d, bw) with spNetwork's conventions: already divided by bw once, so each
 * integrates to 1 over the line [-bw, bw]; zero at and beyond the bandwidth.
 */
export type KernelFn = (d: number, bw: number) => number;

export const kernels: Record<KernelName, KernelFn> = {
  quartic: (d, bw) => {
    if (d >= bw) return 0;
    const u = d / bw;
    const p = 1 - u * u;
    return ((15 / 16) * p * p) / bw;
  },
  triangle: (d, bw) => (d >= bw ? 0 : (1 - Math.abs(d / bw)) / bw),
  epanechnikov: (d, bw) => {
    if (d >= bw) return 0;
    const u = d / bw;
    return (0.75 * (1 - u * u)) / bw;
  },
  uniform: (d, bw) => (d >= bw ? 0 : 1 / (2 * bw)),
};
