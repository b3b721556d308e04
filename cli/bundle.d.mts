import type { BuildOptions } from 'esbuild';

/** The esbuild options of the CLI's bundles, written into `outdir` (its entry: `entry.mjs`). */
export function cliBuilds(outdir: string): BuildOptions[];
/** The path of an up-to-date bundle of the CLI's entry, built first when needed. */
export function cliBundle(): string;
