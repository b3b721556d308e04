/**
 * A progress phase's name in the analyst's language. The phase strings stay as the back end's
 * onProgress writes them (the protocol, and what decides a count is bytes); only their display
 * goes through the catalogue (analysis.phases). A phase not in it yet is shown as written.
 */
import type { Language } from './languages.ts';
import { translator } from './translator.ts';

export function phaseName(phase: string, language: Language): string {
  // The phases hold spaces and "*" but never the key or namespace separators ("." and ":").
  return translator(language, 'analysis')(`phases.${phase}`, { defaultValue: phase });
}
