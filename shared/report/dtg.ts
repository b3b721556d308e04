/**
 * Military date-time group, always in Zulu (UTC): DDHHMMZMONYY, e.g. 251430ZNOV26. A briefing
 * carries one so readers in different zones agree on when it was produced.
 */
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

const two = (n: number) => String(n).padStart(2, '0');

export function dateTimeGroup(at: Date): string {
  if (!Number.isFinite(at.getTime())) throw new RangeError('dateTimeGroup: invalid date');
  return (
    two(at.getUTCDate()) +
    two(at.getUTCHours()) +
    two(at.getUTCMinutes()) +
    'Z' +
    MONTHS[at.getUTCMonth()] +
    two(at.getUTCFullYear() % 100)
  );
}
