/** Weekday × hour heat table (Monday first, local hours), with the row of records whose hour is unknown. */
import type { DayHourMatrix } from '../../shared/analysis/timeline.ts';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Background of a cell: white to dark red by share of the table's maximum. */
export function heatColor(v: number, max: number): string {
  if (!(max > 0) || v <= 0) return '#ffffff';
  const t = Math.min(1, v / max);
  const r = Math.round(255 - t * (255 - 165));
  const g = Math.round(255 - t * (255 - 15));
  const b = Math.round(255 - t * (255 - 21));
  return `rgb(${r},${g},${b})`;
}

export function DayHourTable({ matrix }: { matrix: DayHourMatrix }) {
  const max = Math.max(1, ...matrix.counts.flat());
  const unknownMax = Math.max(1, ...matrix.unknownHour);
  const unknownTotal = matrix.unknownHour.reduce((a, b) => a + b, 0);
  return (
    <table className="day-hour" data-testid="day-hour" aria-label="Incidents by weekday and hour">
      <thead>
        <tr>
          <th />
          {Array.from({ length: 24 }, (_, h) => (
            <th key={h}>{h}</th>
          ))}
          <th title="Date-only records: their hour is unknown, not midnight">hour unknown</th>
        </tr>
      </thead>
      <tbody>
        {matrix.counts.map((row, d) => (
          <tr key={d}>
            <th>{DAYS[d]}</th>
            {row.map((v, h) => (
              <td key={h} style={{ background: heatColor(v, max), color: v / max > 0.6 ? '#fff' : undefined }} title={`${DAYS[d]} ${h}:00–${h}:59: ${v}`}>
                {v || ''}
              </td>
            ))}
            <td className="unknown" style={{ background: heatColor(matrix.unknownHour[d], unknownMax) }}>
              {matrix.unknownHour[d] || ''}
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <td colSpan={26} className="muted">
            {matrix.total.toLocaleString('en-US')} incidents, times in {matrix.tz}; {unknownTotal.toLocaleString('en-US')} with a date but no hour
            {matrix.undated ? `, ${matrix.undated.toLocaleString('en-US')} undated` : ''}.
          </td>
        </tr>
      </tfoot>
    </table>
  );
}
