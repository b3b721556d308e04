import { formatDateText } from '../shared/i18n/format.ts';
import { DATE_STYLE, type Language } from '../shared/i18n/languages.ts';
import { localParts } from '../shared/time/zone.ts';

/** An instant as local day and 24 h time in `tz`: 2023-01-01 08:00 in English, 1 ene 2023, 08:00 in Spanish. */
export function localTime(ms: number | null, tz: string, language: Language): string {
  if (ms === null) return '—';
  if (DATE_STYLE[language] !== 'iso') return formatDateText(new Date(ms).toISOString(), tz, language);
  const p = localParts(ms, tz);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`;
}
