import { UserError } from '../../../shared/errors.ts';

/** better-sqlite3 error codes that mean another connection holds the write lock. */
const BUSY_CODES = new Set(['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_RECOVERY', 'SQLITE_BUSY_TIMEOUT', 'SQLITE_LOCKED']);

export function isBusyError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && BUSY_CODES.has(code);
}

export class WorkspaceBusyError extends UserError {
  constructor(path: string) {
    super(`workspace busy: another process is writing ${path}; try again when it finishes`);
    this.name = 'WorkspaceBusyError';
  }
}

/** Runs `fn`, turning a lock timeout into the message the user can act on. */
export function translateBusy<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (isBusyError(e)) throw new WorkspaceBusyError(path);
    throw e;
  }
}
