/** The summary's figures: incidents, first and last time, quantities by unit, counts by category. */
import type { LayerSummary } from '../../../shared/api/contract.ts';
import { categoryLabel } from '../../../shared/analysis/categoryLabels.ts';
import { localParts } from '../../../shared/time/zone.ts';

function localDateTime(ms: number | null, tz: string): string {
  if (ms === null) return '—';
  const p = localParts(ms, tz);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`;
}

function quantity(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 3 });
}

export function SummaryResult({ summary, timezone, busy }: { summary: LayerSummary; timezone: string; busy: boolean }) {
  return (
    <div data-testid="summary-result" aria-busy={busy}>
      <div>
        <span className="summary-count" data-testid="summary-count" data-value={summary.count}>
          {summary.count.toLocaleString('en-US')}
        </span>{' '}
        incidents
      </div>
      <div className="muted">
        First <span data-testid="summary-first">{localDateTime(summary.firstTime, timezone)}</span>, last{' '}
        <span data-testid="summary-last">{localDateTime(summary.lastTime, timezone)}</span>
      </div>
      {summary.quantityByUnit.length > 0 && (
        <>
          <h4>Quantities by unit</h4>
          <table>
            <tbody>
              {summary.quantityByUnit.map((u) => (
                <tr key={u.unit}>
                  <td>{u.unit || '(no unit)'}</td>
                  <td className="num" data-testid={`summary-unit-${u.unit || 'none'}`} data-value={u.total}>
                    {quantity(u.total)}
                  </td>
                  <td className="num muted">{u.records.toLocaleString('en-US')} rec.</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {summary.byCategory.length > 0 && (
        <>
          <h4>By category</h4>
          <table>
            <tbody>
              {summary.byCategory.map((c) => {
                const q = summary.quantityByCategory.filter((x) => x.category === c.category);
                return (
                  <tr key={c.category}>
                    <td>{categoryLabel(c.category)}</td>
                    <td className="num" data-testid={`summary-cat-${c.category}`} data-value={c.count}>
                      {c.count.toLocaleString('en-US')}
                    </td>
                    <td className="num muted">{q.map((x) => `${quantity(x.total)} ${x.unit}`.trim()).join(', ')}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
