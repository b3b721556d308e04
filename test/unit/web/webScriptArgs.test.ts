/** `npm run web -- --help` prints its usage; an unknown option is named, with the usage, exit 1 — no stack trace. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../../scripts/web.ts';

const web = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts', 'web.ts'), ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });

describe('npm run web arguments', () => {
  it('--help prints the usage and exits 0 without opening a workspace', () => {
    const r = web('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: npm run web -- \[WORKSPACE\] \[--port N\]\n/);
    expect(r.stdout).toContain('127.0.0.1');
    expect(r.stderr).not.toMatch(/built the SYNTHETIC demo|at .*\.ts:\d+/);
  });

  it('an unknown option is named, with the usage, exit 1', () => {
    const r = web('--bogus');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^npm run web: Unknown option '--bogus'\n\nUsage: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
