/**
 * What the process running the `frontera` command line lends it: the installed app (Electron,
 * no window) or Node from a source checkout. Declared here, beside the back end both drive, so
 * neither the CLI nor Electron's main process depends on the other.
 */
import type { BriefingPrinter } from './briefing/printer.ts';

export interface CliHost {
  /** The built renderer: the UI `serve` shows and the page `brief` prints. */
  rendererDir: string;
  /** Prints briefings; loaded on first use, since a browser driver is slow to load. */
  briefingPrinter(options: { browserPath?: string }): Promise<BriefingPrinter>;
}
