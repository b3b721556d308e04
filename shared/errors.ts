/**
 * A message as a key of the message catalogue and its values: `namespace:key`, or a key of the
 * command line's namespace (shared/i18n/cli.*.ts) without a prefix.
 */
export interface ErrorWords {
  key: string;
  values: Record<string, string | number>;
}

/**
 * An error the user can act on: bad input, bad parameters, unknown layer. Hosts show its message
 * as is (CLI: one line on stderr, exit code 1); anything else is an internal error (exit code 2).
 */
export class UserError extends Error {
  /** The message's words, for a host that says it in the analyst's language; `message` is its English. */
  readonly words?: ErrorWords;

  constructor(message: string, words?: ErrorWords) {
    super(message);
    this.name = 'UserError';
    if (words) this.words = words;
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}
