/**
 * Progress on stderr: a redrawn bar on a terminal, a plain line every few seconds otherwise
 * (logs and CI keep a readable trace without a flood of carriage returns).
 */
import type { Progress } from '../shared/api/contract.ts';
import type { CliIO } from './command.ts';

const LINE_EVERY_MS = 2000;
const BAR_EVERY_MS = 100;
const BAR_WIDTH = 30;

function amount(n: number, phase: string): string {
  if (phase === 'read' || phase.endsWith('bytes')) {
    if (n >= 1 << 30) return `${(n / (1 << 30)).toFixed(2)} GB`;
    if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MB`;
    if (n >= 1 << 10) return `${(n / (1 << 10)).toFixed(0)} KB`;
    return `${n} B`;
  }
  return n.toLocaleString('en-US');
}

export interface ProgressReporter {
  report(p: Progress): void;
  /** Clears the bar (terminal) so the next output starts on a clean line. */
  done(): void;
}

export function createProgress(io: CliIO, label: string): ProgressReporter {
  // Quick work shows nothing: the first line or bar comes only once the work has taken a while.
  const quietUntil = Date.now() + (io.isTTY ? 3 * BAR_EVERY_MS : LINE_EVERY_MS);
  let last = 0;
  let drawn = false;
  let lastPhase = '';
  return {
    report(p) {
      const now = Date.now();
      if (now < quietUntil) return;
      const phaseChanged = p.phase !== lastPhase;
      lastPhase = p.phase;
      const pct = p.total ? Math.min(100, Math.floor((p.done / p.total) * 100)) : null;
      const what = p.message ? ` ${p.message}` : '';
      if (io.isTTY) {
        if (now - last < BAR_EVERY_MS) return;
        last = now;
        const filled = pct === null ? 0 : Math.round((pct / 100) * BAR_WIDTH);
        const bar = pct === null ? '' : `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${String(pct).padStart(3)}% `;
        const count = p.total ? `${amount(p.done, p.phase)}/${amount(p.total, p.phase)}` : amount(p.done, p.phase);
        io.stderr(`\r\x1b[2K${label} ${p.phase} ${bar}${count}`);
        drawn = true;
      } else {
        if (now - last < LINE_EVERY_MS && !(phaseChanged && drawn)) return;
        last = now;
        const count = p.total ? `${amount(p.done, p.phase)} of ${amount(p.total, p.phase)}` : amount(p.done, p.phase);
        io.stderr(`${label}: ${p.phase}${pct === null ? '' : ` ${pct}%`} (${count})${what}\n`);
        drawn = true;
      }
    },
    done() {
      if (drawn && io.isTTY) io.stderr('\r\x1b[2K');
      drawn = false;
    },
  };
}

/** An AbortSignal fired by Ctrl-C, so long work rolls back instead of dying mid-write. */
export function interruptSignal(io: CliIO): { signal: AbortSignal; dispose(): void } {
  const ac = new AbortController();
  const onSigint = (): void => {
    if (ac.signal.aborted) process.exit(130);
    io.stderr('\ninterrupted: rolling back (Ctrl-C again to quit at once)\n');
    ac.abort();
  };
  process.on('SIGINT', onSigint);
  return { signal: ac.signal, dispose: () => process.off('SIGINT', onSigint) };
}
