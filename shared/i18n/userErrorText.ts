/**
 * A UserError in the analyst's language, one way for every host: an error that says itself
 * (ImportError, SaidError, CrsError: `textIn`), else one that carries its catalogue words
 * (UserError.words), else its English as written. The command line says it in its --lang; the
 * app's back end sends it in every language with the error (userErrorTexts), and the window
 * shows the one it speaks.
 */
import type { UserError } from '../errors.ts';
import { LANGUAGES, type Language } from './languages.ts';
import { translator } from './translator.ts';

interface SaysItself {
  textIn(language: Language): string;
}

export function userErrorText(e: UserError, language: Language): string {
  const says = (e as Partial<SaysItself>).textIn;
  if (typeof says === 'function') return says.call(e, language);
  return e.words ? translator(language, 'cli')(e.words.key, e.words.values) : e.message;
}

/** The error's message in each language, as the web server and IPC send it to the window. */
export function userErrorTexts(e: UserError): Record<Language, string> {
  return Object.fromEntries(LANGUAGES.map((l) => [l, userErrorText(e, l)])) as Record<Language, string>;
}
