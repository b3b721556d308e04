/**
 * An error the user can act on: bad input, bad parameters, unknown layer. Hosts show its message
 * as is (CLI: one line on stderr, exit code 1); anything else is an internal error (exit code 2).
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}
