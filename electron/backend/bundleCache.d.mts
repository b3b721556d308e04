import type { BuildOptions } from 'esbuild';

export interface CachedBuild {
  /** The checkout whose node_modules/.cache/frontera holds the build; esbuild resolves from here. */
  repoRoot: string;
  /** Names the build among the others in the cache (a file-name-safe word). */
  name: string;
  /** The esbuild options of each bundle of the build, written into `outdir`. */
  builds: (outdir: string) => BuildOptions[];
  /** Files that define `builds` (absolute paths): a change there also calls for a new build. */
  inputs?: string[];
}

/** The folder of an up-to-date build, built first when there is none or an input changed. */
export function cachedBuild(build: CachedBuild): string;
