/**
 * The dependency rules (eslint.config.js, docs/architecture.md) refuse what they should: the
 * project's own ESLint configuration run on small bad files placed, by name, where they would do
 * harm — and the same files' good twins pass.
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../../scripts/web.ts';

const eslint = new ESLint({ cwd: repoRoot });

/** The messages lint gives `code` as if it were the file `file` of the repository. */
async function lint(file: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
  return r.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('lint keeps the layers apart', () => {
  it('shared/ may not import a Node built-in, statically or dynamically, prefixed or not', async () => {
    for (const code of [
      "import fs from 'node:fs';\nexport const a = fs;",
      "import { EventEmitter } from 'events';\nexport const a = EventEmitter;",
      "import assert from 'assert';\nexport const a = assert;",
      "export async function f() { return import('buffer'); }",
      "export async function f() { return import('node:path'); }",
      "export { createHash } from 'crypto';",
    ]) {
      expect(await lint('shared/geo/bad.ts', code), code).toEqual([expect.stringMatching(/no-restricted-syntax: shared\/ is pure: no Node built-ins/)]);
    }
  });

  it('shared/ may not touch the page or the Node process', async () => {
    expect(await lint('shared/report/bad.ts', 'export const title = () => document.title;')).toEqual([
      expect.stringMatching(/no-restricted-globals: .*shared\/ runs in pages, Node and workers alike: no document/),
    ]);
    expect(await lint('shared/report/bad.ts', 'export const env = () => process.env.HOME;')).toEqual([
      expect.stringMatching(/no-restricted-globals: .*no process/),
    ]);
  });

  it('the renderer may not import the back end, the store or the CLI, however it imports', async () => {
    for (const code of [
      "import { openBackend } from '../electron/backend/backend.ts';\nexport const a = openBackend;",
      "export const load = () => import('../../electron/backend/store/workspace.ts');",
      "import Database from 'better-sqlite3';\nexport const a = Database;",
      "export const cli = () => import('../cli/main.ts');",
    ]) {
      expect(await lint('renderer/panels/Bad.tsx', code), code).toEqual([expect.stringMatching(/no-restricted-syntax: renderer\//)]);
    }
  });

  it('the back end may not import Electron; the CLI may import the back end but not Electron main', async () => {
    expect(await lint('electron/backend/bad.ts', "export const e = () => import('electron');")).toEqual([expect.stringMatching(/no Electron imports/)]);
    expect(await lint('cli/commands/bad.ts', "import { x } from '../../electron/main/main.ts';\nexport const a = x;")).toEqual([expect.stringMatching(/not Electron/)]);
  });

  it('what is allowed passes: shared/ with its own modules and pure packages, the CLI with the back end', async () => {
    expect(await lint('shared/geo/good.ts', "import { z } from 'zod';\nimport { geometryBBox } from './bbox.ts';\nexport const a = [z, geometryBBox];")).toEqual([]);
    expect(await lint('cli/commands/good.ts', "import { openBackend } from '../../electron/backend/backend.ts';\nexport const a = openBackend;")).toEqual([]);
    expect(await lint('electron/main/good.ts', "import { openBackend } from '../backend/backend.ts';\nexport const a = openBackend;")).toEqual([]);
  });
});
