import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { load as loadYaml } from 'js-yaml';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const require = createRequire(import.meta.url);
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration: (config: unknown, logger: unknown) => Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

function loadConfig(): Record<string, unknown> {
  return loadYaml(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
}

describe('electron-builder packaging config', () => {
  it('passes electron-builder\'s own schema validation', async () => {
    await expect(validateConfiguration(loadConfig(), new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('is rejected by the same validation when it holds an unknown option (the check can fail)', async () => {
    await expect(validateConfiguration({ ...loadConfig(), autoUpdateFeed: 'x' }, new DebugLogger(false))).rejects.toThrow(
      /configuration/i,
    );
  });

  it('targets offline installers, never updates, and sets the Electron fuses', () => {
    const c = loadConfig() as {
      publish: unknown;
      asar: boolean;
      electronFuses: Record<string, boolean>;
      linux: { target: string[] };
      win: { target: string[] };
      mac: { target: string[] };
      npmRebuild: boolean;
    };
    expect(c.publish).toBeNull();
    expect(c.asar).toBe(true);
    expect(c.npmRebuild).toBe(true);
    expect(c.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(c.win.target).toEqual(expect.arrayContaining(['nsis', 'portable']));
    expect(c.mac.target).toContain('dmg');
    expect(c.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
    });
  });

  it('installs the app binary as the frontera command: named frontera on Linux, a frontera.cmd beside it on Windows', () => {
    const c = loadConfig() as { linux: { executableName: string }; win: { extraFiles: { from: string; to: string }[] } };
    expect(c.linux.executableName).toBe('frontera');
    const launcher = c.win.extraFiles.find((f) => f.to === 'frontera.cmd')!;
    const text = readFileSync(path.join(root, launcher.from), 'utf8');
    // Runs the installed Frontera.exe beside it with every argument, waits, and passes the exit code on.
    expect(text).toMatch(/start "" \/b \/wait "%~dp0Frontera\.exe" %\*/);
    expect(text).toMatch(/exit \/b %ERRORLEVEL%/);
  });

  it('electron-builder --help runs', () => {
    const out = execFileSync(process.execPath, [require.resolve('electron-builder/cli.js'), '--help'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(out).toMatch(/--linux/);
  });
});
