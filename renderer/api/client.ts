/**
 * The renderer's only way to the back end: one client built from `apiMethods`, over either the
 * Electron preload bridge or the loopback web server. A method added to the contract appears
 * here with its types and needs no code.
 */
import {
  apiMethods,
  validateInput,
  type ApiInput,
  type ApiName,
  type ApiOutput,
  type Progress,
} from '../../shared/api/contract.ts';
import type { ImportProblem } from '../../shared/import/problems.ts';
import type { Language } from '../../shared/i18n/languages.ts';
import type { ApiEnvelope, ApiErrorBody, FronteraBridge } from './bridge.ts';

interface CallOptions {
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
}

export type ApiClient = {
  [K in ApiName]: (input: ApiInput<K>, options?: CallOptions) => Promise<ApiOutput<K>>;
};

export interface Transport {
  call(method: ApiName, input: unknown, options: CallOptions): Promise<unknown>;
}

/** A failed call. `userFacing` errors carry a message meant for the analyst (bad input, file problems). */
export class ApiCallError extends Error {
  readonly status: number;
  readonly problems: ImportProblem[];
  readonly total: number;
  readonly messages: Partial<Record<Language, string>>;
  constructor(body: ApiErrorBody) {
    super(body.message);
    this.name = body.name ?? 'ApiCallError';
    this.status = body.status ?? 500;
    this.problems = body.problems ?? [];
    this.total = body.total ?? this.problems.length;
    this.messages = body.messages ?? {};
  }
  /** The back end's message in `language` where it sent one, else as it wrote it. */
  textIn(language: Language): string {
    return this.messages[language] ?? this.message;
  }
  get userFacing(): boolean {
    return this.status >= 400 && this.status < 500;
  }
}

export function createApiClient(transport: Transport): ApiClient {
  const client = {} as Record<ApiName, (input: unknown, options?: CallOptions) => Promise<unknown>>;
  for (const name of Object.keys(apiMethods) as ApiName[]) {
    client[name] = (input, options = {}) => {
      // Validating here too turns a wrong call into an immediate, readable error in the UI
      // instead of a round trip; the host validates again because it trusts no renderer.
      try {
        validateInput(name, input);
      } catch (e) {
        return Promise.reject(new ApiCallError({ status: 400, name: 'ApiInputError', message: (e as Error).message }));
      }
      return transport.call(name, input, options);
    };
  }
  return client as unknown as ApiClient;
}

function unwrap(envelope: ApiEnvelope): unknown {
  if (envelope.error) throw new ApiCallError(envelope.error);
  return envelope.result;
}

export const TOKEN_HEADER = 'x-frontera-token';

/** The loopback web server: JSON, or an NDJSON stream of progress lines ending in the result. */
export function httpTransport(token: string, base = ''): Transport {
  return {
    async call(method, input, { onProgress, signal }) {
      const response = await fetch(`${base}/api/${method}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: onProgress ? 'application/x-ndjson, application/json' : 'application/json',
          [TOKEN_HEADER]: token,
        },
        body: JSON.stringify(input ?? {}),
        signal,
      });
      const type = response.headers.get('content-type') ?? '';
      if (type.includes('application/x-ndjson') && response.body) {
        return unwrap(await readStream(response.body, onProgress));
      }
      let body: ApiEnvelope;
      try {
        body = (await response.json()) as ApiEnvelope;
      } catch {
        throw new ApiCallError({ status: response.status, message: `${method}: the server answered ${response.status}` });
      }
      if (body.error) body.error.status ??= response.status;
      return unwrap(body);
    },
  };
}

async function readStream(stream: ReadableStream<Uint8Array>, onProgress?: (p: Progress) => void): Promise<ApiEnvelope> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  let last: ApiEnvelope | null = null;
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffered += decoder.decode(value, { stream: true });
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl).trim();
      buffered = buffered.slice(nl + 1);
      if (!line) continue;
      const msg = JSON.parse(line) as { progress?: Progress } & Partial<ApiEnvelope>;
      if (msg.progress) onProgress?.(msg.progress);
      else last = msg as ApiEnvelope;
    }
    if (done) break;
  }
  if (!last) throw new ApiCallError({ status: 500, message: 'the server closed the connection before answering' });
  return last;
}

let callCounter = 0;

/** The Electron preload bridge; progress events are matched to calls by id. */
export function bridgeTransport(bridge: FronteraBridge): Transport {
  const listeners = new Map<string, (p: Progress) => void>();
  bridge.onProgress((callId, p) => listeners.get(callId)?.(p));
  return {
    async call(method, input, { onProgress, signal }) {
      const callId = `c${++callCounter}-${Date.now().toString(36)}`;
      if (onProgress) listeners.set(callId, onProgress);
      const onAbort = () => bridge.cancel(callId);
      signal?.addEventListener('abort', onAbort);
      try {
        return unwrap(await bridge.call(method, input, callId));
      } finally {
        listeners.delete(callId);
        signal?.removeEventListener('abort', onAbort);
      }
    },
  };
}

function randomId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Browser only: sends the files to the server's per-run upload folder (one folder per batch,
 * so a shapefile's parts stay together) and returns their server-side paths.
 */
export async function uploadFiles(
  token: string,
  files: File[],
  onProgress?: (p: Progress) => void,
  base = '',
): Promise<string[]> {
  const batch = randomId();
  const total = files.reduce((n, f) => n + f.size, 0);
  let done = 0;
  const paths: string[] = [];
  for (const file of files) {
    onProgress?.({ phase: 'upload', done, total, message: file.name });
    const response = await fetch(
      `${base}/upload?batch=${batch}&name=${encodeURIComponent(file.name)}`,
      { method: 'POST', headers: { [TOKEN_HEADER]: token, 'Content-Type': 'application/octet-stream' }, body: file },
    );
    const body = (await response.json()) as ApiEnvelope;
    if (body.error) throw new ApiCallError({ ...body.error, status: response.status });
    paths.push((body.result as { path: string }).path);
    done += file.size;
  }
  onProgress?.({ phase: 'upload', done, total });
  return paths;
}
