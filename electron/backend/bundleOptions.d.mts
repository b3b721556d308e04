import type { BuildOptions } from 'esbuild';

export const EXTERNAL: string[];
export const WORKER_BUNDLES: [entry: string, file: string][];
export function cjsBundle(entry: string, outfile: string): BuildOptions;
export function esmChunks(entryPoints: string[], outdir: string): BuildOptions;
