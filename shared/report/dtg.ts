/**
 * Military date-time group, always in Zulu (UTC): DDHHMMZMONYY, e.g. 251430ZNOV26. A briefing
 * carries one so readers in different zones agree on when it was produced. The month is
 * abbreviated in the briefing's language (NOV, DIC …; shared/i18n/briefing.<language>.ts).
 */
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages.ts';
import { translator } from '../i18n/translator.ts';

const two = (n: number) => String(n).padStart(2, '0');

export function dateTimeGroup(at: Date, language: Language = DEFAULT_LANGUAGE): string {
  if (!Number.isFinite(at.getTime())) throw new RangeError('dateTimeGroup: invalid date');
  const months = translator(language, 'briefing')('dtg.months').split(' ');
  return (
    two(at.getUTCDate()) +
    two(at.getUTCHours()) +
    two(at.getUTCMinutes()) +
    'Z' +
    months[at.getUTCMonth()] +
    two(at.getUTCFullYear() % 100)
  );
}
