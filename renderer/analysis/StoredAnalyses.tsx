/** Every stored analysis run (analysis.list), newest first, each re-openable on the map. */
import { useState } from 'react';
import { useWords } from '../i18n/language.tsx';
import { describeParams, describeSelection } from './describeParams.ts';
import { kindTitle } from './kindTitle.ts';
import { describeError } from './errors.ts';
import { useStoredAnalyses } from './useStoredAnalyses.ts';
import type { ToolContext } from './registry.ts';

export function StoredAnalyses({ ctx, refreshKey, onExport }: { ctx: ToolContext; refreshKey: number; onExport: (id: number) => void }) {
  const words = useWords();
  const { t, num, day } = words;
  const [open, setOpen] = useState(false);
  const { list, error: listError } = useStoredAnalyses(ctx.api, refreshKey, open);
  const [showError, setError] = useState<string | null>(null);
  const error = showError ?? listError;
  const tz = ctx.timezone ?? 'UTC';
  const name = (id: number | null) => ctx.layers.find((l) => l.id === id)?.name ?? (id === null ? '' : t('common.layerN', { id }));
  return (
    <details className="stored-analyses" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>{list ? t('analysis.storedCount', { n: num(list.length) }) : t('analysis.stored')}</summary>
      {error && <p className="error">{error}</p>}
      {list?.length === 0 && <p className="muted">{t('analysis.noneRun')}</p>}
      <ul>
        {list?.map((a) => (
          <li key={a.id} title={describeParams(a.params, name, words).join(' · ')}>
            <div className="layer-line">
              <strong>
                #{a.id} {kindTitle(a.kind, t)}
              </strong>
              <span className="grow" />
              <button
                type="button"
                onClick={() =>
                  ctx.api['analysis.get']({ id: a.id }).then(ctx.results.show, (e: unknown) => setError(describeError(e, words)))
                }
              >
                {t('common.show')}
              </button>
              <button type="button" onClick={() => onExport(a.id)} title={t('analysis.exportWithProvenance', { id: a.id })}>
                {t('common.exportEllipsis')}
              </button>
            </div>
            <div className="muted">
              {name(a.layerId)} · {describeSelection(a.params, tz, words)} · {day(a.createdAt.slice(0, 10))} {a.createdAt.slice(11, 16)}
            </div>
          </li>
        ))}
      </ul>
    </details>
  );
}
