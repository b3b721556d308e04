import { UserError } from '../errors.ts';

/**
 * Import problems name the file, the record and the reason, so an analyst can fix the source.
 * `index` is the 0-based source index (row without header, or feature/record index);
 * `location` is the human form of it ("row 12", "feature 3", "record 7", "byte 1024").
 */
export interface ImportProblem {
  file: string;
  location: string | null;
  index: number | null;
  reason: string;
}

export const MAX_REPORTED_PROBLEMS = 20;

export function formatProblem(p: ImportProblem): string {
  return p.location ? `${p.file}: ${p.location}: ${p.reason}` : `${p.file}: ${p.reason}`;
}

/** Thrown when an import must stop; carries up to MAX_REPORTED_PROBLEMS problems. */
export class ImportError extends UserError {
  readonly problems: ImportProblem[];
  /** Total number of problems found, which may exceed problems.length. */
  readonly total: number;

  constructor(problems: ImportProblem[], total = problems.length) {
    const shown = problems.slice(0, MAX_REPORTED_PROBLEMS);
    const more = total > shown.length ? `\n… and ${total - shown.length} more problems` : '';
    super(shown.map(formatProblem).join('\n') + more);
    this.name = 'ImportError';
    this.problems = shown;
    this.total = total;
  }
}

/** A problem found with the whole file rather than one record (unreadable, missing sibling, bad .prj). */
export function fileProblem(file: string, reason: string): ImportError {
  return new ImportError([{ file, location: null, index: null, reason }]);
}
