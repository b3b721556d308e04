/**
 * The back end's import messages as the import dialog shows them: the dialog's controls where
 * the command line has flags (one mapping, controls.ts, through plainOptions), files by their
 * own name, and the advice to skip invalid records only where that would help.
 */
import type { ImportProblem } from '../../shared/import/problems.ts';
import type { ImportSummary } from '../../shared/api/contract.ts';
import { stackSentence } from '../../shared/analysis/stackedPoints.ts';
import { plainOptions } from '../analysis/errors.ts';
import { ApiCallError } from '../api/client.ts';
import { IMPORT_CONTROLS, type ImportControls } from './controls.ts';

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

export interface ImportFailure {
  message: string;
  /** Problems to list (file, row/feature, reason); none when the message says it all. */
  problems: ImportProblem[];
}

/**
 * What the dialog shows when a preview or an import fails. Problems of single records can be
 * skipped: the dialog says so only where the box is on screen and not yet ticked. A problem of
 * the whole file (no coordinate columns, no CRS, a broken header) is shown as the message itself.
 */
export function importFailure(e: unknown, skipBox: 'absent' | 'unticked' | 'ticked', controls: ImportControls = IMPORT_CONTROLS): ImportFailure {
  if ((e as Error)?.name === 'AbortError' || (e instanceof ApiCallError && e.status === 499)) return { message: 'Cancelled.', problems: [] };
  if (!(e instanceof ApiCallError)) return { message: (e as Error)?.message ?? String(e), problems: [] };
  if (!e.userFacing) return { message: 'The import failed because of an internal error.', problems: [] };
  const problems = e.problems.map((p) => ({ ...p, file: baseName(p.file), reason: inDialogWords(p.reason, controls) }));
  if (problems.some((p) => p.index !== null)) {
    const n = Math.max(e.total, problems.length);
    const advice = skipBox === 'unticked' ? `Fix the file, or tick “${controls['skip-invalid']}”.` : 'Fix the file.';
    return { message: `${n} problem${n === 1 ? '' : 's'} found, nothing was imported. ${advice}`, problems };
  }
  return { message: inDialogWords(e.message.split('\n')[0], controls), problems: problems.length > 1 ? problems : [] };
}

/**
 * The status line after an import: the features and skipped records, the stacked points the
 * import found (the largest named with its town) and the reader's notes (a repeated column name
 * renamed), as `frontera import` prints them.
 */
export function importedMessage(summaries: ImportSummary[]): string {
  const n = (v: number) => v.toLocaleString('en-US');
  const total = summaries.reduce((k, s) => k + s.featureCount, 0);
  const skipped = summaries.reduce((k, s) => k + s.skippedCount, 0);
  const stacks = summaries.flatMap((s) => s.stackedPoints ?? []).sort((a, b) => b.count - a.count);
  let message = `Imported ${n(total)} features${skipped ? `, skipped ${n(skipped)}` : ''}.`;
  if (stacks.length) {
    const records = stacks.reduce((k, p) => k + p.count, 0);
    const which = stacks.length === 1 ? 'Stacked point' : `${stacks.length} stacked points hold ${n(records)} records; the largest`;
    message += ` ${which}: ${stackSentence(stacks[0])}. “Exclude stacked points” in an analysis leaves them out.`;
  }
  const notes = summaries.flatMap((s) => s.notes ?? []);
  if (notes.length) message += ` Note: ${notes.join('; ')}.`;
  return message;
}
