/**
 * Where a file the back end writes for the analyst (an export, a printed briefing) goes:
 * in the desktop app to a path chosen in the native save dialog; in the browser shell to an
 * output slot on the loopback server, then to the browser's downloads (several files — a grid
 * and its .prj, a CSV and its provenance — as one .zip).
 */
import { zipSync } from 'fflate';
import type { SavePathRequest } from '../../shared/api/saveDialog.ts';
import { ApiCallError, TOKEN_HEADER } from './client.ts';
import type { ApiEnvelope, FronteraBridge } from './bridge.ts';

type SaveRequest = SavePathRequest;

export interface OutputSink {
  /** The path the back end should write to, or null when the user cancelled. */
  choose(req: SaveRequest): Promise<string | null>;
  /** After the back end wrote `files` (the chosen one first): hands them over; says what happened. */
  deliver(files: string[]): Promise<string>;
}

const baseName = (p: string) => p.split(/[\\/]/).pop() ?? p;

export function desktopOutputs(bridge: FronteraBridge): OutputSink {
  return {
    choose: (req) => bridge.savePath(req),
    deliver: async (files) => `Saved ${files[0]}${files.length > 1 ? ` (and ${files.slice(1).map(baseName).join(', ')})` : ''}.`,
  };
}

/** Hands bytes to the browser as a download named `name`. */
function download(bytes: Uint8Array | Blob, name: string): void {
  const url = URL.createObjectURL(bytes instanceof Blob ? bytes : new Blob([bytes as BlobPart]));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own copy once it started; the object URL can go.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function browserOutputs(token: string, base = ''): OutputSink {
  const post = (url: string, body?: string) =>
    fetch(`${base}${url}`, { method: 'POST', headers: { [TOKEN_HEADER]: token, 'Content-Type': 'application/json' }, body });
  return {
    async choose(req) {
      const response = await post(`/output?name=${encodeURIComponent(req.defaultName)}`);
      const body = (await response.json()) as ApiEnvelope;
      if (body.error) throw new ApiCallError({ ...body.error, status: response.status });
      return (body.result as { path: string }).path;
    },
    async deliver(files) {
      const fetched: [string, Uint8Array][] = [];
      for (const file of files) {
        const response = await post('/download', JSON.stringify({ path: file }));
        if (!response.ok) {
          const body = (await response.json().catch(() => null)) as ApiEnvelope | null;
          throw new ApiCallError({ status: response.status, message: body?.error?.message ?? `download of ${baseName(file)} failed` });
        }
        fetched.push([baseName(file), new Uint8Array(await response.arrayBuffer())]);
      }
      if (fetched.length === 1) {
        download(fetched[0][1], fetched[0][0]);
        return `Downloaded ${fetched[0][0]}.`;
      }
      const name = `${fetched[0][0].replace(/\.[^.]*$/, '')}.zip`;
      download(zipSync(Object.fromEntries(fetched)), name);
      return `Downloaded ${name} (${fetched.map(([n]) => n).join(', ')}).`;
    },
  };
}
