/** Cancellation and progress plumbing shared by the long loops of the analysis core. */

export interface LongRunOptions {
  /** Called now and then with work done so far and the total, in the operation's own unit. */
  onProgress?: (done: number, total: number) => void;
  /** Aborting makes the operation throw an Error named 'AbortError' at its next check. */
  signal?: AbortSignal;
}

function abortError(): Error {
  const e = new Error('analysis cancelled');
  e.name = 'AbortError';
  return e;
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError();
}

