/**
 * Production code imports only production dependencies. The installed app and the CLI run from
 * bundles, so what a bundle reads is exactly what production needs: here the CLI's bundle
 * (cli/bundle.mjs) and the app's (scripts/build-electron.ts) are built into test-output/ with
 * esbuild's metafile, and
 * - every input from node_modules must belong to a package `npm ci --omit=dev` installs: one in
 *   package.json `dependencies`, or a dependency of one of those, and so on;
 * - every package our own sources import by name must be in `dependencies` itself (relying on
 *   someone else's dependency breaks the day they drop it);
 * - what stays outside the bundles is Node's own modules and the declared externals only:
 *   better-sqlite3 (native), electron (the host), playwright-core (the development-only browser
 *   driver) — none of which may be an input.
 */
import { buildSync, type Metafile } from 'esbuild';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliBuilds } from '../../../cli/bundle.mjs';
import { EXTERNAL } from '../../../electron/backend/bundleOptions.mjs';
import { buildElectron } from '../../../scripts/build-electron.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const out = path.join(repoRoot, 'test-output', 'packaging');

interface PackageJson {
  name: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const readJson = (file: string): PackageJson => JSON.parse(fs.readFileSync(file, 'utf8')) as PackageJson;
const rootPackage = readJson(path.join(repoRoot, 'package.json'));

/** The folder `name` resolves to from package folder `from`, as Node looks it up. */
function resolvePackage(name: string, from: string): string | null {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}

/** Folders (relative to the checkout) of every package a production install holds. */
function productionPackages(): Set<string> {
  const found = new Set<string>();
  const visit = (dir: string): void => {
    // esbuild names inputs by their real path (a worktree's node_modules may be a link).
    const rel = path.relative(repoRoot, fs.realpathSync(dir));
    if (found.has(rel)) return;
    found.add(rel);
    const pkg = readJson(path.join(dir, 'package.json'));
    const peers = Object.keys(pkg.peerDependencies ?? {}).filter((p) => !pkg.peerDependenciesMeta?.[p]?.optional);
    for (const name of [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {}), ...peers]) {
      const child = resolvePackage(name, dir);
      // An optional dependency for another platform is not installed here.
      if (child) visit(child);
    }
  };
  for (const name of Object.keys(rootPackage.dependencies ?? {})) {
    const dir = resolvePackage(name, repoRoot);
    if (!dir) throw new Error(`dependency ${name} is not installed`);
    visit(dir);
  }
  found.delete('');
  return found;
}

/** `node_modules/@scope/name` or `node_modules/a/node_modules/b` of an input path, or null for our own files. */
function packageFolder(input: string): string | null {
  const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
  return m ? m[1] : null;
}

const packageName = (specifier: string): string => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
const isBuiltin = (specifier: string): boolean => specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]);

const bundles: Record<string, Metafile> = {};

beforeAll(async () => {
  fs.rmSync(out, { recursive: true, force: true });
  bundles.cli = { inputs: {}, outputs: {} };
  for (const options of cliBuilds(path.join(out, 'cli'))) {
    const { metafile } = buildSync({ ...options, absWorkingDir: repoRoot, logLevel: 'silent', metafile: true });
    Object.assign(bundles.cli.inputs, metafile.inputs);
    Object.assign(bundles.cli.outputs, metafile.outputs);
  }
  bundles.app = (await buildElectron(path.join(out, 'dist-electron'))).metafile;
}, 120_000);

describe.each(['cli', 'app'])('the %s bundles', (which) => {
  it('read only packages a production install holds', () => {
    const production = productionPackages();
    const inputs = Object.keys(bundles[which].inputs);
    expect(inputs.length).toBeGreaterThan(100);
    const outside = [...new Set(inputs.map(packageFolder).filter((p): p is string => p !== null && !production.has(p)))];
    expect(outside).toEqual([]);
  });

  it('import by name only packages in `dependencies`, Node built-ins and the declared externals', () => {
    const declared = new Set(Object.keys(rootPackage.dependencies ?? {}));
    const wrong: string[] = [];
    for (const [file, input] of Object.entries(bundles[which].inputs)) {
      for (const imp of input.imports) {
        const specifier = imp.original ?? imp.path;
        if (imp.external) {
          if (!isBuiltin(specifier) && !EXTERNAL.includes(packageName(specifier))) wrong.push(`${file} → ${specifier} (external)`);
        } else if (packageFolder(file) === null && !specifier.startsWith('.') && !path.isAbsolute(specifier) && !isBuiltin(specifier)) {
          if (!declared.has(packageName(specifier))) wrong.push(`${file} → ${specifier}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('never take in the externals', () => {
    const inside = Object.keys(bundles[which].inputs).filter((f) => EXTERNAL.some((e) => packageFolder(f)?.endsWith(`node_modules/${e}`)));
    expect(inside).toEqual([]);
  });
});
