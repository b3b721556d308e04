/**
 * How the command line prints briefings (`brief`, and the browser UI of `serve`): with the host's
 * printer (the installed app prints with its own Chromium), else, run from a source checkout, with
 * a local Chromium through playwright-core — a development dependency, loaded only then.
 */
import path from 'node:path';
import type { CliHost } from './command.ts';
import type { BriefingPrinter } from '../electron/backend/briefing/printer.ts';
import { installRoot } from '../electron/backend/installRoot.ts';
import { UserError } from '../shared/errors.ts';

/** The built renderer: the host's, else $FRONTERA_RENDERER_DIR, else dist-renderer in the install. */
export function rendererDir(host: CliHost | undefined): string {
  return host?.rendererDir ?? process.env.FRONTERA_RENDERER_DIR ?? path.join(installRoot(), 'dist-renderer');
}

/** `staticRoot`: the renderer a local Chromium prints from (the app prints from its own). */
export async function briefingPrinter(host: CliHost | undefined, opts: { browserPath?: string; staticRoot?: string } = {}): Promise<BriefingPrinter> {
  if (host) return host.briefingPrinter({ browserPath: opts.browserPath });
  try {
    const { chromiumPrinter } = await import('../electron/backend/briefing/printWithChromium.ts');
    return chromiumPrinter({ staticRoot: opts.staticRoot ?? rendererDir(host), browserPath: opts.browserPath, host: 'cli' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw e;
    throw new UserError('this installation cannot print from a terminal: the Frontera app prints (`frontera brief …` with the installed app, see docs/packaging.md)');
  }
}

/** A printer that loads the real one at its first print (a server that never prints never loads it). */
export function printerOnDemand(host: CliHost | undefined, staticRoot: string): BriefingPrinter {
  let loading: Promise<BriefingPrinter> | null = null;
  return async (backend, req) => (await (loading ??= briefingPrinter(host, { staticRoot })))(backend, req);
}
