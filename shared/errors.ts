/**
 * An error the user can act on: bad input, bad parameters, unknown layer. Hosts show its message
 * as is (CLI: one line on stderr, exit code 1); anything else is an internal error (exit code 2).
 */
export class UserError extends Error {
  /**
   * The message as a key of the command line's catalogue (shared/i18n/cli.*.ts) and its values,
   * for a host that says it in the analyst's language; `message` is its English.
   */
  readonly words?: { key: string; values: Record<string, string | number> };

  constructor(message: string, words?: { key: string; values: Record<string, string | number> }) {
    super(message);
    this.name = 'UserError';
    if (words) this.words = words;
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}
