/**
 * The command line as a function (cli/main.ts): a host (the Electron app) imports it and runs
 * commands in its own process, so importing it must run nothing; `frontera --help` lists the
 * commands from the summaries kept beside their loaders, which must say what each command says.
 */
import { expect, it } from 'vitest';
import type { CliIO } from '../../../cli/command.ts';
import { commandLoaders } from '../../../cli/commands/index.ts';

function capture(): CliIO & { out: string; err: string } {
  const io = { out: '', err: '', isTTY: false, stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  return io;
}

it('runs nothing on import, then runs a command with the io it is given', async () => {
  const before = process.exitCode;
  const { runCli, commandNames } = await import('../../../cli/main.ts');
  expect(process.exitCode).toBe(before);
  expect(commandNames).toEqual(commandLoaders.map((c) => c.name));
  const io = capture();
  expect(await runCli(['--help'], io)).toBe(0);
  expect(io.out).toMatch(/^ {2}analyze +Run a hotspot/m);
  const bad = capture();
  expect(await runCli(['frobnicate'], bad)).toBe(1);
  expect(bad.err).toMatch(/unknown command "frobnicate"/);
  expect(process.exitCode).toBe(before);
});

it('lists each command with its own summary', async () => {
  for (const entry of commandLoaders) {
    const command = await entry.load();
    expect({ name: command.name, summary: command.summary }).toEqual({ name: entry.name, summary: entry.summary });
  }
});
