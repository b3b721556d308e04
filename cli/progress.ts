/**
 * Progress on stderr: a redrawn bar on a terminal, a plain line every few seconds otherwise
 * (logs and CI keep a readable trace without a flood of carriage returns).
 */
import type { Progress } from '../shared/api/contract.ts';
import type { CliIO } from './command.ts';
import { LOCALE, type Language } from '../shared/i18n/languages.ts';
import { translator } from '../shared/i18n/translator.ts';
import { phaseName } from '../shared/i18n/phaseName.ts';

const LINE_EVERY_MS = 2000;
const BAR_EVERY_MS = 100;
const BAR_WIDTH = 30;

function amount(n: number, phase: string, language: Language): string {
  if (phase === 'read' || phase.endsWith('bytes')) {
    if (n >= 1 << 30) return `${(n / (1 << 30)).toFixed(2)} GB`;
    if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MB`;
    if (n >= 1 << 10) return `${(n / (1 << 10)).toFixed(0)} KB`;
    return `${n} B`;
  }
  return n.toLocaleString(LOCALE[language]);
}

export interface ProgressReporter {
  report(p: Progress): void;
  /** Clears the bar (terminal) so the next output starts on a clean line. */
  done(): void;
}

/** `language`: of the phase names, the counts and the words between them. */
export function createProgress(io: CliIO, label: string, language: Language): ProgressReporter {
  const t = translator(language, 'cli');
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
      const phase = phaseName(p.phase, language);
      if (io.isTTY) {
        if (now - last < BAR_EVERY_MS) return;
        last = now;
        const filled = pct === null ? 0 : Math.round((pct / 100) * BAR_WIDTH);
        const bar = pct === null ? '' : `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${String(pct).padStart(3)}% `;
        const count = p.total ? `${amount(p.done, p.phase, language)}/${amount(p.total, p.phase, language)}` : amount(p.done, p.phase, language);
        io.stderr(`\r\x1b[2K${label} ${phase} ${bar}${count}`);
        drawn = true;
      } else {
        if (now - last < LINE_EVERY_MS && !(phaseChanged && drawn)) return;
        last = now;
        const count = p.total ? t('common.progressOf', { done: amount(p.done, p.phase, language), total: amount(p.total, p.phase, language) }) : amount(p.done, p.phase, language);
        io.stderr(`${label}: ${phase}${pct === null ? '' : ` ${pct}%`} (${count})${what}\n`);
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
export function interruptSignal(io: CliIO, language: Language): { signal: AbortSignal; dispose(): void } {
  const ac = new AbortController();
  const onSigint = (): void => {
    if (ac.signal.aborted) process.exit(130);
    io.stderr(`\n${translator(language, 'cli')('common.interrupted')}\n`);
    ac.abort();
  };
  process.on('SIGINT', onSigint);
  return { signal: ac.signal, dispose: () => process.off('SIGINT', onSigint) };
}
