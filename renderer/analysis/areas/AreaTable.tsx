/**
 * The table of a counts-per-area run: a row per area, sorted by any column (click its head), and
 * the Export dialog for the whole result (every format: a polygon layer with the counts as fields,
 * or a CSV). Rows come from the result already on the map, not from a second request.
 */
import { useState } from 'react';
import type { AnalysisRun } from '../../../shared/api/contract.ts';
import type { AreaRow } from '../../../shared/analysis/areaRows.ts';
import { categoryLabel } from '../../../shared/analysis/categoryLabels.ts';
import type { ToolContext } from '../registry.ts';

const TEXT = {
  area: 'Area',
  count: 'Incidents',
  areaKm2: 'km²',
  density: 'per 100 km²',
  per100k: 'per 100,000',
  top: 'Top category',
  export: 'Export table…',
  exportTitle: (id: number) => `Export analysis #${id}: the areas with their counts`,
  loading: 'Loading the table…',
  outside: (n: string) => `${n} incidents in none of the areas.`,
  sort: 'Sort',
};

type Key = 'name' | 'count' | 'areaKm2' | 'density' | 'per100k';

const fixed = (v: number | null | undefined, digits: number) =>
  v === null || v === undefined ? '—' : v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function topCategory(counts: Record<string, number>): string {
  const [best] = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  return best ? `${categoryLabel(best[0])} (${best[1].toLocaleString('en-US')})` : '—';
}

function compare(a: AreaRow, b: AreaRow, key: Key): number {
  if (key === 'name') return (a.name ?? '').localeCompare(b.name ?? '', 'es');
  const x = a[key] ?? -Infinity;
  const y = b[key] ?? -Infinity;
  return x - y;
}

export function AreaTable({ run, ctx }: { run: AnalysisRun; ctx: ToolContext }) {
  const [sort, setSort] = useState<{ key: Key; desc: boolean }>({ key: 'count', desc: true });
  const detail = ctx.results.shown.find((r) => r.detail.id === run.id)?.detail;
  if (!detail) return <p className="muted">{TEXT.loading}</p>;
  const rows = detail.geojson.features.map((f) => f.properties as unknown as AreaRow);
  const withPer = rows.some((r) => r.per100k !== undefined);
  const sorted = [...rows].sort((a, b) => (sort.desc ? -1 : 1) * compare(a, b, sort.key) || a.source_index - b.source_index);
  const columns: [Key, string][] = [
    ['name', TEXT.area],
    ['count', TEXT.count],
    ['areaKm2', TEXT.areaKm2],
    ['density', TEXT.density],
    ...(withPer ? ([['per100k', TEXT.per100k]] as [Key, string][]) : []),
  ];
  const head = (key: Key, label: string) => (
    <th
      key={key}
      className={key === 'name' ? 'sortable' : 'sortable num'}
      title={TEXT.sort}
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
          <button type="button" onClick={() => ctx.onExport?.(run.id)} title={TEXT.exportTitle(run.id)} data-testid="area-table-export">
            {TEXT.export}
          </button>
        )}
        {outside > 0 && <span className="muted">{TEXT.outside(outside.toLocaleString('en-US'))}</span>}
      </div>
      <div className="area-table-scroll">
        <table>
          <thead>
            <tr>
              {columns.map(([k, l]) => head(k, l))}
              <th>{TEXT.top}</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((r) => (
              <tr key={r.source_index} data-testid="area-row">
                <td title={`record ${r.source_index}`}>{r.name ?? `#${r.source_index}`}</td>
                <td className="num">{r.count.toLocaleString('en-US')}</td>
                <td className="num">{fixed(r.areaKm2, 1)}</td>
                <td className="num">{fixed(r.density, 2)}</td>
                {withPer && <td className="num">{fixed(r.per100k, 1)}</td>}
                <td>{topCategory(r.countsByCategory)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
