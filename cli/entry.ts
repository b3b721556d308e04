/**
 * `frontera` in this process: runs the CLI on the process's arguments and stdio and exits with its
 * code. bin/frontera.js loads the bundle of this module.
 */
import { runCli } from './main.ts';
import type { CliIO } from './command.ts';

// A reader that stops early (`frontera layers ws | head -3`) closes the pipe: the rest of the
// output has nowhere to go, which is no failure of the command.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
});

const io: CliIO = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  isTTY: Boolean(process.stderr.isTTY),
};

process.exitCode = await runCli(process.argv.slice(2), io);
// For benchmarks on machines without /usr/bin/time: the peak memory of this very process.
if (process.env.FRONTERA_STATS) {
  const u = process.resourceUsage();
  io.stderr(`frontera-stats ${JSON.stringify({ maxRssKB: u.maxRSS, userMs: u.userCPUTime / 1000, systemMs: u.systemCPUTime / 1000 })}\n`);
}
