/**
 * The back end's import messages as the import dialog shows them: the dialog's controls where
 * the command line has flags (one mapping, controls.ts, through plainOptions), files by their
 * own name, and the advice to skip invalid records only where that would help.
 */
import { formatProblem, locationIn, notesIn, reasonIn, type ImportProblem } from '../../shared/import/problems.ts';
import type { ImportSummary } from '../../shared/api/contract.ts';
import { stackSentence } from '../../shared/analysis/stackedPoints.ts';
import { plainOptions } from '../analysis/errors.ts';
import { ApiCallError } from '../api/client.ts';
import { wordsFor, type Words } from '../i18n/language.tsx';
import { IMPORT_CONTROLS, importControls, type ImportControls } from './controls.ts';

export function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

/** Upload folders are an implementation detail: messages name files by their own name. */
function withoutFolders(message: string): string {
  return message.replace(/(?:[A-Za-z]:)?[\\/][^\s:"]*[\\/]([^\\/\s:"]+)/g, '$1');
}

/** A back-end message in the dialog's words: its controls as labelled in the dialog's language. */
export function inDialogWords(message: string, controls: ImportControls = IMPORT_CONTROLS): string {
  return plainOptions(withoutFolders(message), controls);
}

/** Problems as the dialog lists them: files by their own name, location and reason in the dialog's language and words. */
export function shownProblems(problems: ImportProblem[], words: Pick<Words, 't' | 'language'>, controls: ImportControls = importControls(words.t)): ImportProblem[] {
  return problems.map((p) => ({
    file: baseName(p.file),
    location: locationIn(p, words.language),
    index: p.index,
    reason: inDialogWords(reasonIn(p, words.language), controls),
  }));
}

export interface ImportFailure {
  message: string;
  /** Problems to list (file, row/feature, reason); none when the message says it all. */
  problems: ImportProblem[];
}

/**
 * What the dialog shows when a preview or an import fails. Problems of single records can be
 * skipped: the dialog says so only where the box is on screen and not yet ticked. A problem of
 * the whole file (no coordinate columns, no CRS, a broken header) is shown as the message itself.
 * The dialog's own sentences are in the words of `words`; the back end's reasons stay as it wrote them.
 */
export function importFailure(e: unknown, skipBox: 'absent' | 'unticked' | 'ticked', words: Pick<Words, 't' | 'num' | 'language'> = wordsFor('en')): ImportFailure {
  const { t } = words;
  const controls = importControls(t);
  if ((e as Error)?.name === 'AbortError' || (e instanceof ApiCallError && e.status === 499)) return { message: t('layerTools.import.cancelled'), problems: [] };
  if (!(e instanceof ApiCallError)) return { message: (e as Error)?.message ?? String(e), problems: [] };
  if (!e.userFacing) return { message: t('layerTools.import.internal'), problems: [] };
  const problems = shownProblems(e.problems, words, controls);
  if (problems.some((p) => p.index !== null)) {
    const n = Math.max(e.total, problems.length);
    const advice = skipBox === 'unticked' ? t('layerTools.import.fixOrSkip', { skip: controls['skip-invalid'] }) : t('layerTools.import.fix');
    return { message: t('layerTools.import.problems', { count: n, n: words.num(n), advice }), problems };
  }
  const first = e.problems.length ? formatProblem(e.problems[0], words.language) : e.textIn(words.language).split('\n')[0];
  return { message: inDialogWords(first, controls), problems: problems.length > 1 ? problems : [] };
}

/**
 * The status line after an import: the features and skipped records, the stacked points the
 * import found (the largest named with its town) and the reader's notes (a repeated column name
 * renamed), as `frontera import` prints them.
 */
export function importedMessage(summaries: ImportSummary[], words: Pick<Words, 't' | 'num' | 'language'> = wordsFor('en')): string {
  const { t, num: n } = words;
  const total = summaries.reduce((k, s) => k + s.featureCount, 0);
  const skipped = summaries.reduce((k, s) => k + s.skippedCount, 0);
  const stacks = summaries.flatMap((s) => s.stackedPoints ?? []).sort((a, b) => b.count - a.count);
  let message = skipped ? t('layerTools.import.importedSkipped', { n: n(total), skipped: n(skipped) }) : t('layerTools.import.imported', { n: n(total) });
  if (stacks.length) {
    const records = stacks.reduce((k, p) => k + p.count, 0);
    const sentence = stackSentence(stacks[0], words.language);
    const which = stacks.length === 1 ? t('layerTools.import.stackedOne', { sentence }) : t('layerTools.import.stackedMany', { points: n(stacks.length), records: n(records), sentence });
    message += ` ${which} ${t('layerTools.import.stackedAdvice')}`;
  }
  const notes = summaries.flatMap((s) => notesIn(s, words.language));
  if (notes.length) message += ` ${t('layerTools.import.note', { notes: notes.join('; ') })}`;
  return message;
}
