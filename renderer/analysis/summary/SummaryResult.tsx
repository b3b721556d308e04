/** The summary's figures: incidents, first and last time, quantities by unit, counts by category. */
import type { LayerSummary } from '../../../shared/api/contract.ts';
import { categoryLabel } from '../../../shared/analysis/categoryLabels.ts';
import type { CategoryLabels } from '../../../shared/api/categoryLabels.ts';
import { localParts } from '../../../shared/time/zone.ts';
import { useWords } from '../../i18n/language.tsx';

/** Local day (as the language writes a day) and 24 h time. */
function localDateTime(ms: number | null, tz: string, day: (isoDay: string) => string): string {
  if (ms === null) return '—';
  const p = localParts(ms, tz);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${day(`${p.year}-${two(p.month)}-${two(p.day)}`)} ${two(p.hour)}:${two(p.minute)}`;
}

export function SummaryResult({ summary, timezone, busy, labels }: { summary: LayerSummary; timezone: string; busy: boolean; labels?: CategoryLabels }) {
  const { t, num, day, language } = useWords();
  const quantity = (n: number) => num(n, 3);
  return (
    <div data-testid="summary-result" aria-busy={busy}>
      <div>
        <span className="summary-count" data-testid="summary-count" data-value={summary.count}>
          {num(summary.count)}
        </span>{' '}
        {t('params.summary.incidents', { count: summary.count })}
      </div>
      <div className="muted">
        {t('params.summary.first')} <span data-testid="summary-first">{localDateTime(summary.firstTime, timezone, day)}</span>, {t('params.summary.last')}{' '}
        <span data-testid="summary-last">{localDateTime(summary.lastTime, timezone, day)}</span>
      </div>
      {summary.quantityByUnit.length > 0 && (
        <>
          <h4>{t('params.summary.quantities')}</h4>
          <table>
            <tbody>
              {summary.quantityByUnit.map((u) => (
                <tr key={u.unit}>
                  <td>{u.unit || t('params.summary.noUnit')}</td>
                  <td className="num" data-testid={`summary-unit-${u.unit || 'none'}`} data-value={u.total}>
                    {quantity(u.total)}
                  </td>
                  <td className="num muted">{t('params.summary.records', { n: num(u.records) })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {summary.byCategory.length > 0 && (
        <>
          <h4>{t('params.summary.byCategory')}</h4>
          <table>
            <tbody>
              {summary.byCategory.map((c) => {
                const q = summary.quantityByCategory.filter((x) => x.category === c.category);
                return (
                  <tr key={c.category}>
                    <td>{categoryLabel(c.category, language, labels)}</td>
                    <td className="num" data-testid={`summary-cat-${c.category}`} data-value={c.count}>
                      {num(c.count)}
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
