import { useEffect, useRef } from 'react';
import { useWords } from '../i18n/language.tsx';
import { Legend } from '../legend/Legend.tsx';
import { analysisTools, type AnalysisContext, type ToolContext } from './registry.ts';
import { resultBounds } from '../map/resultLayers.ts';
import type { ResultsApi } from './results.ts';
import { StoredAnalyses } from './StoredAnalyses.tsx';
import './tools.ts';

export interface AnalysisPanelProps extends AnalysisContext {
  /** The results drawn on the map (kept by the app, which saves them with the map). */
  results: ResultsApi;
  /** The tool open in the panel, or null; one at a time. */
  openTool: string | null;
  onOpenTool: (id: string | null) => void;
  /** Collapsed to a strip at the map's right edge, or open. */
  expanded: boolean;
  onExpanded: (open: boolean) => void;
  /** Bumped by the app's "Show Analysis Panel" command: the panel takes the keyboard focus. */
  focusKey: number;
  onExport: (analysisId: number) => void;
}

/** Right-hand panel: the registered analysis tools, one open at a time; the legend of the results on the map; past runs. */
export function AnalysisPanel({ results, openTool, onOpenTool, expanded, onExpanded, focusKey, onExport, ...props }: AnalysisPanelProps) {
  const { t } = useWords();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusKey > 0) heading.current?.focus();
  }, [focusKey, expanded]);
  const ctx: ToolContext = { ...props, results, onExport };
  const open = analysisTools.find((t) => t.id === openTool) ?? null;
  if (!expanded) {
    return (
      <aside className="panel analysis-panel collapsed" aria-label={t('analysis.title')}>
        <button className="icon" onClick={() => onExpanded(true)} title={t('analysis.show')} aria-label={t('analysis.show')}>
          ◂
        </button>
      </aside>
    );
  }
  return (
    <aside className="panel analysis-panel" aria-label={t('analysis.title')}>
      <header className="panel-header">
        <h2 tabIndex={-1} ref={heading}>
          {t('analysis.title')}
        </h2>
        <button className="icon" onClick={() => onExpanded(false)} title={t('analysis.hide')} aria-label={t('analysis.hide')}>
          ▸
        </button>
      </header>
      {analysisTools.length === 0 ? (
        <p className="muted">{t('analysis.noTools')}</p>
      ) : (
        <ul className="tool-list">
          {analysisTools.map((tool) => (
            <li key={tool.id}>
              <button
                className={tool.id === openTool ? 'tool active' : 'tool'}
                onClick={() => onOpenTool(tool.id === openTool ? null : tool.id)}
                title={t(`tools.${tool.id}.description`, { defaultValue: tool.description })}
                data-testid={`open-tool-${tool.id}`}
              >
                {t(`tools.${tool.id}.title`, { defaultValue: tool.title })}
              </button>
            </li>
          ))}
        </ul>
      )}
      {open && (
        <section className="tool-body">
          <open.Panel {...ctx} />
        </section>
      )}
      <Legend
        results={results.shown}
        timezone={props.timezone ?? 'UTC'}
        layerName={(id) => props.layers.find((l) => l.id === id)?.name ?? (id === null ? '' : t('common.layerN', { id }))}
        onToggle={results.toggle}
        onRemove={results.remove}
        onZoom={(id) => {
          const r = results.shown.find((x) => x.detail.id === id);
          const b = r ? resultBounds(r.detail) : null;
          if (b && props.controller) props.controller.fitBounds(b);
        }}
      />
      <StoredAnalyses ctx={ctx} refreshKey={results.runs} onExport={onExport} />
    </aside>
  );
}
