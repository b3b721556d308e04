/**
 * Weekday × hour heat table (Monday first, local hours), with the column of records whose hour is
 * unknown; aoristic (timeline.ts dayHourAoristic), shares of records spread over the hours of
 * their windows, a date-only record over its day, and no unknown column.
 */
import type { DayHourMatrix } from '../../shared/analysis/timeline.ts';
import { useWords } from '../i18n/language.tsx';

/** Monday first, as the matrix's rows (keys of the catalogue's dayHour.days). */
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Background of a cell: white to dark red by share of the table's maximum. */
export function heatColor(v: number, max: number): string {
  if (!(max > 0) || v <= 0) return '#ffffff';
  const t = Math.min(1, v / max);
  const r = Math.round(255 - t * (255 - 165));
  const g = Math.round(255 - t * (255 - 15));
  const b = Math.round(255 - t * (255 - 21));
  return `rgb(${r},${g},${b})`;
}

/** A cell's count: whole, or a share of records to one decimal (aoristic); es-MX writes the decimal point too. */
function cellText(v: number): string {
  if (!v) return '';
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

export function DayHourTable({ matrix, aoristic = false }: { matrix: DayHourMatrix; aoristic?: boolean }) {
  const { t, num } = useWords();
  const day = (d: number) => t(`dayHour.days.${DAYS[d]}`);
  const max = Math.max(1, ...matrix.counts.flat());
  const unknownMax = Math.max(1, ...matrix.unknownHour);
  const unknownTotal = matrix.unknownHour.reduce((a, b) => a + b, 0);
  return (
    <table className="day-hour" data-testid="day-hour" aria-label={t('dayHour.name')}>
      <thead>
        <tr>
          <th />
          {Array.from({ length: 24 }, (_, h) => (
            <th key={h}>{h}</th>
          ))}
          {!aoristic && <th title={t('dayHour.unknownTitle')}>{t('dayHour.unknown')}</th>}
        </tr>
      </thead>
      <tbody>
        {matrix.counts.map((row, d) => (
          <tr key={d}>
            <th>{day(d)}</th>
            {row.map((v, h) => (
              <td key={h} style={{ background: heatColor(v, max), color: v / max > 0.6 ? '#fff' : undefined }} title={`${day(d)} ${h}:00–${h}:59: ${cellText(v) || 0}`}>
                {cellText(v)}
              </td>
            ))}
            {!aoristic && (
              <td className="unknown" style={{ background: heatColor(matrix.unknownHour[d], unknownMax) }}>
                {matrix.unknownHour[d] || ''}
              </td>
            )}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <td colSpan={aoristic ? 25 : 26} className="muted">
            {t('dayHour.total', { count: matrix.total, n: num(matrix.total), tz: matrix.tz })}{' '}
            {aoristic ? t('dayHour.spread') : t('dayHour.noHour', { n: num(unknownTotal) })}
            {matrix.undated ? t('dayHour.undated', { n: num(matrix.undated) }) : ''}.
          </td>
        </tr>
      </tfoot>
    </table>
  );
}
