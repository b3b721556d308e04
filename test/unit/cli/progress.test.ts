/**
 * The progress line's phase names in the analyst's language (issue 18): the phase strings of the
 * back end's onProgress are kept as the protocol, said at display through analysis.phases. Every
 * phase the back end writes must be in that catalogue (read from the sources, so a new phase
 * without a name fails here); English lines stay exactly as before.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createProgress } from '../../../cli/progress.ts';
import type { CliIO } from '../../../cli/command.ts';
import { RESOURCES } from '../../../shared/i18n/translator.ts';
import type { Language } from '../../../shared/i18n/languages.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The phase strings written as `phase: '…'` in the back end and the app's client. */
function phasesInSources(): Set<string> {
  const found = new Set<string>();
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name)) for (const m of fs.readFileSync(p, 'utf8').matchAll(/\bphase: '([^']+)'/g)) found.add(m[1]);
    }
  };
  for (const d of ['electron', 'shared', 'renderer']) walk(path.join(repoRoot, d));
  return found;
}

/** The non-terminal lines a run with these reports writes to stderr, the clock moved past each quiet interval. */
function lines(language: Language, reports: { phase: string; done: number; total?: number }[]): string[] {
  const out: string[] = [];
  const io = { isTTY: false, stdout: () => {}, stderr: (s: string) => out.push(s) } as unknown as CliIO;
  vi.useFakeTimers();
  vi.setSystemTime(0);
  const progress = createProgress(io, 'analyze', language);
  for (const r of reports) {
    vi.advanceTimersByTime(2500);
    progress.report(r);
  }
  return out;
}

afterEach(() => vi.useRealTimers());

describe('progress phase names', () => {
  it('names every phase the back end reports in both languages', () => {
    const phases = [...phasesInSources()];
    expect(phases).toContain('clustering');
    expect(phases).toContain('read');
    for (const phase of phases) {
      expect(RESOURCES.en.analysis.phases, phase).toHaveProperty([phase], phase);
      expect((RESOURCES.es.analysis.phases as Record<string, string>)[phase], phase).toBeTruthy();
    }
  });

  it('says the phase in Spanish with --lang es, and in English as before', () => {
    const reports = [
      { phase: 'clustering', done: 500, total: 1000 },
      { phase: 'summarising clusters', done: 3 },
    ];
    expect(lines('en', reports)).toEqual(['analyze: clustering 50% (500 of 1,000)\n', 'analyze: summarising clusters (3)\n']);
    const es = RESOURCES.es.analysis.phases;
    const of = RESOURCES.es.cli.common.progressOf.replace('{{done}}', '500').replace('{{total}}', '1,000');
    expect(lines('es', reports)).toEqual([`analyze: ${es.clustering} 50% (${of})\n`, `analyze: ${es['summarising clusters']} (3)\n`]);
  });
});
