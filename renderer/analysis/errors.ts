import { ApiCallError } from '../api/client.ts';
import { wordsFor, type Words } from '../i18n/language.tsx';

/**
 * An error as the analyst should read it: the back end's message for their input, never a stack.
 * Frontera's own words (cancelled, internal error) in the language of `words`; the back end's
 * message too where it gave its words (ApiCallError.textIn), else as it wrote it.
 */
export function describeError(e: unknown, words: Pick<Words, 't' | 'language'> = wordsFor('en')): string {
  const { t } = words;
  if (e instanceof ApiCallError) {
    if (e.status === 499) return t('params.common.cancelled');
    return e.userFacing ? plainOptions(e.textIn(words.language)) : t('params.common.internal');
  }
  if ((e as Error)?.name === 'AbortError') return t('params.common.cancelled');
  return (e as Error)?.message ?? String(e);
}

/** A view's controls by the command-line option that sets the same thing: 'lat' → 'Latitude column'. */
export type ControlLabels = Readonly<Record<string, string>>;

/**
 * The back end words its messages for the command line ("--min-points 100000", "give the CRS
 * with --crs (e.g. --crs EPSG:32611)"); in the app the same option is a control. An option the
 * view names in `controls` reads as that control's label, in quotes, without the placeholder the
 * CLI shows ("--layer NAME" → “Layer name”), and an example keeps only its value ("e.g. --crs
 * EPSG:32611" → "e.g. EPSG:32611"); any other option reads as words ("--min-points" → "min points").
 */
export function plainOptions(message: string, controls: ControlLabels = {}): string {
  const label = (name: string): string | undefined => (Object.hasOwn(controls, name) ? controls[name] : undefined);
  return message
    .replace(/(^|[\s(])e\.g\. --([a-z][a-z-]*) (?=\S)/g, (m, pre: string, name: string) => (label(name) === undefined ? m : `${pre}e.g. `))
    .replace(/(^|[\s(])--([a-z][a-z-]*)(?: ([A-Z][A-Z_]*)(?![\w:]))?/g, (_m, pre: string, name: string, placeholder: string | undefined) => {
      const control = label(name);
      if (control !== undefined) return `${pre}“${control}”`;
      return `${pre}${name.replace(/-/g, ' ')}${placeholder ? ` ${placeholder}` : ''}`;
    });
}
