/**
 * The IPC side of the API: one `api` channel whose handler trusts nothing about its caller.
 * It answers only our own app:// main frame (not iframes, not a page that somehow navigated
 * elsewhere), checks the method against `apiMethods` and the input against its schema, and
 * returns an envelope instead of throwing, so the renderer gets the error's message and import
 * problems rather than Electron's "Error invoking remote method" wrapping.
 */
import { OUTPUT_METHODS, isApiName, validateInput, type Api, type ApiName, type Progress } from '../../shared/api/contract.ts';
import { isUserError } from '../../shared/errors.ts';
import type { Language } from '../../shared/i18n/languages.ts';
import { userErrorTexts } from '../../shared/i18n/userErrorText.ts';
import { ImportError } from '../../shared/import/problems.ts';
import { isAppUrl } from './guards.ts';

import { PROGRESS_CHANNEL } from './channels.ts';

/** The parts of Electron's IpcMainInvokeEvent / IpcMainEvent the handlers read. */
export interface IpcEventLike {
  senderFrame: { url: string; parent: unknown } | null;
  sender: { id?: number; send(channel: string, ...args: unknown[]): void; isDestroyed?(): boolean };
}

export type Envelope =
  | { result: unknown }
  | { error: { status: number; name?: string; message: string; problems?: unknown[]; total?: number; messages?: Record<Language, string> } };

const CALL_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Our own page, in the top frame. */
export function isTrustedSender(event: IpcEventLike): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame !== undefined && frame.parent === null && isAppUrl(frame.url);
}

class UntrustedSenderError extends Error {
  constructor(url: string | undefined) {
    super(`IPC from an untrusted frame (${url ?? 'no frame'}) was refused`);
    this.name = 'UntrustedSenderError';
  }
}

/** Who answers which sender, and which files the renderer may have the back end write. */
export interface IpcRouting {
  /**
   * The back end for this sender and the methods it may call (every one when absent), or null
   * to refuse it. A briefing print's hidden window gets its own back end and one method.
   */
  route?(event: IpcEventLike): { api: Api; methods?: readonly ApiName[] } | null;
  /**
   * True when `out` is a file the user chose in a save dialog of this session. Output methods are
   * refused without it: a page must never name a file to overwrite by itself.
   */
  mayWrite?(out: string): boolean;
}

const isOutputMethod = (m: ApiName) => (OUTPUT_METHODS as readonly string[]).includes(m);

export function createIpcHandlers(
  api: Api,
  log: (line: string) => void = (l) => process.stderr.write(l + '\n'),
  routing: IpcRouting = {},
) {
  const running = new Map<string, AbortController>();
  const key = (event: IpcEventLike, callId: string) => `${event.sender.id ?? 0}:${callId}`;

  async function call(event: IpcEventLike, method: unknown, input: unknown, callId: unknown): Promise<Envelope> {
    if (!isTrustedSender(event)) {
      log(new UntrustedSenderError(event.senderFrame?.url).message);
      return { error: { status: 403, message: 'forbidden' } };
    }
    if (!isApiName(method)) return { error: { status: 404, message: `unknown API method: ${String(method)}` } };
    if (typeof callId !== 'string' || !CALL_ID.test(callId)) return { error: { status: 400, message: 'bad call id' } };
    const target = routing.route ? routing.route(event) : { api };
    if (!target || (target.methods && !target.methods.includes(method))) {
      log(`IPC: ${method} from ${event.senderFrame?.url ?? 'no frame'} was refused`);
      return { error: { status: 403, message: 'forbidden' } };
    }
    let valid: unknown;
    try {
      valid = validateInput(method, input);
    } catch (e) {
      return { error: { status: 400, name: (e as Error).name, message: (e as Error).message } };
    }
    if (isOutputMethod(method)) {
      const out = (valid as { out: string }).out;
      if (!routing.mayWrite?.(out)) {
        log(`IPC: ${method} to a file no save dialog gave (${out}) was refused`);
        return { error: { status: 403, message: 'forbidden: choose the file in the save dialog' } };
      }
    }
    const abort = new AbortController();
    const k = key(event, callId);
    running.set(k, abort);
    const onProgress = (p: Progress) => {
      if (!event.sender.isDestroyed?.()) event.sender.send(PROGRESS_CHANNEL, callId, p);
    };
    try {
      const fn = target.api[method] as (i: unknown, ctx: object) => Promise<unknown>;
      const result = await fn.call(target.api, valid, { onProgress, signal: abort.signal, actor: 'app' });
      return { result };
    } catch (e) {
      if (e instanceof ImportError) {
        return { error: { status: 400, name: e.name, message: e.message, problems: e.problems, total: e.total } };
      }
      if (isUserError(e)) return { error: { status: 400, name: e.name, message: e.message, messages: userErrorTexts(e) } };
      if ((e as Error)?.name === 'AbortError') return { error: { status: 499, name: 'AbortError', message: 'cancelled' } };
      log(`${method}: ${(e as Error)?.stack ?? String(e)}`);
      return { error: { status: 500, message: 'internal error (details are in the application log)' } };
    } finally {
      running.delete(k);
    }
  }

  function cancel(event: IpcEventLike, callId: unknown): void {
    if (!isTrustedSender(event) || typeof callId !== 'string') return;
    running.get(key(event, callId))?.abort();
  }

  return { call, cancel, running };
}
