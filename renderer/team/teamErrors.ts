/**
 * A team workspace's failure in the words of the dialog (and its language): the back end words
 * its errors for the command line, in English; the cases an analyst meets when publishing or
 * opening are told apart here and said in the catalogue's words. Anything else is the back end's
 * message as it is (it never holds a password: connection.ts).
 */
import type { TFunction } from 'i18next';
import { describeError } from '../analysis/errors.ts';

const CASES: { test: RegExp; key: string }[] = [
  { test: /read-only team workspace/i, key: 'team.errors.readOnly' },
  { test: /connection was refused/i, key: 'team.errors.refused' },
  { test: /refused the password|asks for a password/i, key: 'team.errors.password' },
  { test: /already has a layer named "([^"]*)"/, key: 'team.errors.exists' },
];

export function teamError(e: unknown, t: TFunction): string {
  const message = describeError(e, t);
  for (const { test, key } of CASES) {
    const m = test.exec(message);
    if (m) return t(key, { name: m[1] ?? '' });
  }
  return message;
}
