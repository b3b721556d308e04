/**
 * A team workspace's failure in the words of the dialog (and its language): the back end words
 * its errors for the command line, in English; the cases an analyst meets when publishing or
 * opening are told apart here and said in the catalogue's words. Anything else is the back end's
 * message as it is (it never holds a password: connection.ts).
 */
import { describeError } from '../analysis/errors.ts';
import type { Words } from '../i18n/language.tsx';

const CASES: { test: RegExp; key: string }[] = [
  { test: /read-only team workspace/i, key: 'team.errors.readOnly' },
  { test: /connection was refused/i, key: 'team.errors.refused' },
  { test: /refused the password|asks for a password/i, key: 'team.errors.password' },
  { test: /already has a layer named "([^"]*)"/, key: 'team.errors.exists' },
];

export function teamError(e: unknown, words: Pick<Words, 't' | 'language'>): string {
  // The cases are told apart by the back end's English, whatever the dialog's language.
  const english = describeError(e, { ...words, language: 'en' });
  for (const { test, key } of CASES) {
    const m = test.exec(english);
    if (m) return words.t(key, { name: m[1] ?? '' });
  }
  return describeError(e, words);
}
