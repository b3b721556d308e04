import { ApiCallError } from '../api/client.ts';

/** An error as the analyst should read it: the back end's message for their input, never a stack. */
export function describeError(e: unknown): string {
  if (e instanceof ApiCallError) {
    if (e.status === 499) return 'Cancelled.';
    return e.userFacing ? e.message : 'Internal error in the back end (see its log).';
  }
  if ((e as Error)?.name === 'AbortError') return 'Cancelled.';
  return (e as Error)?.message ?? String(e);
}
