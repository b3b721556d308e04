/**
 * `npm test` runs `npm run deadcode` (knip over the repository's exports, knip.json naming the
 * entries): here the same command, on a small project of two files, fails naming an export no
 * module imports, and passes once it is gone.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../scripts/web.ts';

const script = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-knip-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function deadcode(lib: string) {
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'caso', version: '1.0.0', type: 'module' }));
  fs.writeFileSync(path.join(dir, 'knip.json'), JSON.stringify({ entry: ['index.ts'], project: ['*.ts'] }));
  fs.writeFileSync(path.join(dir, 'index.ts'), "import { usada } from './lib.ts';\nconsole.log(usada());\n");
  fs.writeFileSync(path.join(dir, 'lib.ts'), lib);
  const [cmd, ...args] = script.deadcode.split(' ');
  expect(cmd).toBe('knip');
  return spawnSync(path.join(repoRoot, 'node_modules', '.bin', 'knip'), args, { cwd: dir, encoding: 'utf8', timeout: 120_000 });
}

describe('the unused-export check', () => {
  it('is part of npm test', () => {
    expect(script.test).toMatch(/npm run deadcode/);
  });

  it('fails on an export nothing imports, naming it and its file', () => {
    const r = deadcode('export function usada(): number {\n  return 1;\n}\nexport function olvidada(): number {\n  return 2;\n}\n');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/Unused exports \(1\)\n\s*olvidada\s+function\s+lib\.ts:4:17/);
  });

  it('passes when every export is imported', () => {
    const r = deadcode('export function usada(): number {\n  return 1;\n}\n');
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
