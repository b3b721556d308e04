import { ApiCallError } from '../api/client.ts';

/** An error as the analyst should read it: the back end's message for their input, never a stack. */
export function describeError(e: unknown): string {
  if (e instanceof ApiCallError) {
    if (e.status === 499) return 'Cancelled.';
    return e.userFacing ? plainOptions(e.message) : 'Internal error in the back end (see its log).';
  }
  if ((e as Error)?.name === 'AbortError') return 'Cancelled.';
  return (e as Error)?.message ?? String(e);
}

/**
 * The back end words some messages for the command line ("--min-points 100000"); in the app
 * the same option is a field, so "--min-points" reads "min points".
 */
export function plainOptions(message: string): string {
  return message.replace(/(^|[\s(])--([a-z][a-z-]*)/g, (_m, pre: string, name: string) => `${pre}${name.replace(/-/g, ' ')}`);
}
