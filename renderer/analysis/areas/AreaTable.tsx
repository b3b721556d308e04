/**
 * The table of a counts-per-area run: a row per area, sorted by any column (click its head), and
 * the Export dialog for the whole result (every format: a polygon layer with the counts as fields,
 * or a CSV). Rows come from the result already on the map, not from a second request.
 */
import { useState } from 'react';
import type { AnalysisRun } from '../../../shared/api/contract.ts';
import type { AreaRow } from '../../../shared/analysis/areaRows.ts';
import { categoryLabel } from '../../../shared/analysis/categoryLabels.ts';
import { layerCategoryLabels, type CategoryLabels } from '../../../shared/api/categoryLabels.ts';
import { LOCALE } from '../../../shared/i18n/languages.ts';
import { useWords, type Words } from '../../i18n/language.tsx';
import type { ToolContext } from '../registry.ts';

type Key = 'name' | 'count' | 'areaKm2' | 'density' | 'per100k';

/** A figure to `digits` decimals, trailing zeros kept so a column's decimals line up. */
const fixed = (v: number | null | undefined, digits: number, w: Words) =>
  v === null || v === undefined ? '—' : v.toLocaleString(LOCALE[w.language], { minimumFractionDigits: digits, maximumFractionDigits: digits });

function topCategory(counts: Record<string, number>, w: Words, labels: CategoryLabels | undefined): string {
  const [best] = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  return best ? `${categoryLabel(best[0], w.language, labels)} (${w.num(best[1])})` : '—';
}

function compare(a: AreaRow, b: AreaRow, key: Key): number {
  if (key === 'name') return (a.name ?? '').localeCompare(b.name ?? '', 'es');
  const x = a[key] ?? -Infinity;
  const y = b[key] ?? -Infinity;
  return x - y;
}

export function AreaTable({ run, ctx }: { run: AnalysisRun; ctx: ToolContext }) {
  const words = useWords();
  const { t, num } = words;
  const [sort, setSort] = useState<{ key: Key; desc: boolean }>({ key: 'count', desc: true });
  const detail = ctx.results.shown.find((r) => r.detail.id === run.id)?.detail;
  if (!detail) return <p className="muted">{t('params.areaTable.loading')}</p>;
  const rows = detail.geojson.features.map((f) => f.properties as unknown as AreaRow);
  // The incidents' layer names the categories.
  const labels = layerCategoryLabels(ctx.layers.find((l) => l.id === run.layerId));
  const withPer = rows.some((r) => r.per100k !== undefined);
  const sorted = [...rows].sort((a, b) => (sort.desc ? -1 : 1) * compare(a, b, sort.key) || a.source_index - b.source_index);
  const columns: [Key, string][] = [
    ['name', t('params.areaTable.area')],
    ['count', t('params.areaTable.count')],
    ['areaKm2', t('params.areaTable.areaKm2')],
    ['density', t('params.areaTable.density')],
    ...(withPer ? ([['per100k', t('params.areaTable.per100k')]] as [Key, string][]) : []),
  ];
  const head = (key: Key, label: string) => (
    <th
      key={key}
      className={key === 'name' ? 'sortable' : 'sortable num'}
      title={t('params.areaTable.sort')}
      aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}
      onClick={() => setSort((s) => ({ key, desc: s.key === key ? !s.desc : key !== 'name' }))}
    >
      {label}
      {sort.key === key ? (sort.desc ? ' ▾' : ' ▴') : ''}
    </th>
  );
  const outside = Number(run.summary.outside ?? 0);
  return (
    <div className="area-table" data-testid="area-table">
      <div className="run-row">
        {ctx.onExport && (
          <button type="button" onClick={() => ctx.onExport?.(run.id)} title={t('params.areaTable.exportTitle', { id: run.id })} data-testid="area-table-export">
            {t('params.areaTable.export')}
          </button>
        )}
        {outside > 0 && <span className="muted">{t('params.areaTable.outside', { n: num(outside) })}</span>}
      </div>
      <div className="area-table-scroll">
        <table>
          <thead>
            <tr>
              {columns.map(([k, l]) => head(k, l))}
              <th>{t('params.areaTable.top')}</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((r) => (
              <tr key={r.source_index} data-testid="area-row">
                <td title={t('params.common.record', { n: r.source_index })}>{r.name ?? `#${r.source_index}`}</td>
                <td className="num">{num(r.count)}</td>
                <td className="num">{fixed(r.areaKm2, 1, words)}</td>
                <td className="num">{fixed(r.density, 2, words)}</td>
                {withPer && <td className="num">{fixed(r.per100k, 1, words)}</td>}
                <td>{topCategory(r.countsByCategory, words, labels)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
