/**
 * What prints a briefing: each host brings its own browser engine — the Electron app a hidden
 * window of its own Chromium (electron/main/printBriefing.ts), a source checkout's CLI and web
 * shell a local Chromium through playwright-core (printWithChromium.ts). The back end only asks.
 */
import type { BriefingPrintResult } from '../../../shared/api/contract.ts';
import type { BriefingOptions } from '../../../shared/report/options.ts';
import type { Backend } from '../backend.ts';

interface BriefingPrintRequest {
  options: BriefingOptions;
  out: string;
  format: 'pdf' | 'png';
  /** Who printed, for the audit row. */
  actor: string;
}

export type BriefingPrinter = (backend: Backend, req: BriefingPrintRequest) => Promise<BriefingPrintResult>;
