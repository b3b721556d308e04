/**
 * The compiler holds the layers as lint does: each environment is its own TypeScript project
 * (tsconfig.base.json; shared/, renderer/, electron/, cli/ and the root's tests and scripts), and
 * each project sees only its environment's types. Small files are type-checked with a project's
 * own options, as if they were in it: what the environment lacks fails to compile, the good twin
 * compiles.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../scripts/web.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-projects-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The compiler's errors for `code` under the options of the project in `folder`. */
function compile(folder: string, code: string): string[] {
  const configFile = path.join(repoRoot, folder, 'tsconfig.json');
  const { config } = ts.readConfigFile(configFile, ts.sys.readFile) as { config: unknown };
  const { options, fileNames } = ts.parseJsonConfigFileContent(config, ts.sys, path.dirname(configFile));
  // The project's own declarations (shared/types/platform.d.ts …) come along, as in the project.
  const declarations = fileNames.filter((f) => f.endsWith('.d.ts'));
  const file = path.join(tmp, `probe-${Math.random().toString(36).slice(2)}.ts`);
  fs.writeFileSync(file, code);
  // Type-check only: no declarations, no build info, no composite bookkeeping.
  const program = ts.createProgram([file, ...declarations], { ...options, composite: false, declaration: false, emitDeclarationOnly: false, noEmit: true, incremental: false });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName === file)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('each environment compiles with its own types', () => {
  it('shared/: neither the DOM nor Node — document, window, fs, Buffer and process do not compile', () => {
    expect(compile('shared', 'export const t = () => document.title;')).toEqual([expect.stringMatching(/Cannot find name 'document'/)]);
    expect(compile('shared', 'export const w = () => window.innerWidth;')).toEqual([expect.stringMatching(/Cannot find name 'window'/)]);
    expect(compile('shared', "import fs from 'node:fs';\nexport const a = fs;")).toEqual([expect.stringMatching(/Cannot find module 'node:fs'/)]);
    expect(compile('shared', "export const a = () => import('events');")).toEqual([expect.stringMatching(/Cannot find module 'events'/)]);
    expect(compile('shared', "export const b = Buffer.from('x');")).toEqual([expect.stringMatching(/Cannot find name 'Buffer'/)]);
    expect(compile('shared', 'export const env = () => process.env.HOME;')).toEqual([expect.stringMatching(/Cannot find name 'process'/)]);
  });

  it('shared/: the web platform common to pages, Node and workers compiles (shared/types/platform.d.ts)', () => {
    expect(compile('shared', "export const s = new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array([104, 105]));\nexport const b = btoa(atob('aGk='));")).toEqual([]);
    expect(compile('shared', 'export const aborted = (s: AbortSignal) => s.aborted;')).toEqual([]);
  });

  it('renderer/: the DOM, not Node', () => {
    expect(compile('renderer', 'export const t = () => document.title;')).toEqual([]);
    expect(compile('renderer', "import fs from 'node:fs';\nexport const a = fs;")).toEqual([expect.stringMatching(/Cannot find module 'node:fs'/)]);
    expect(compile('renderer', "export const b = Buffer.from('x');")).toEqual([expect.stringMatching(/Cannot find name 'Buffer'/)]);
  });

  it('electron/ and cli/: Node, not the DOM', () => {
    for (const folder of ['electron', 'cli']) {
      expect(compile(folder, "import fs from 'node:fs';\nexport const a = fs.existsSync('.');"), folder).toEqual([]);
      expect(compile(folder, 'export const t = () => document.title;'), folder).toEqual([expect.stringMatching(/Cannot find name 'document'/)]);
    }
  });
});
