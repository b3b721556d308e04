import { useEffect, useRef } from 'react';
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
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusKey > 0) heading.current?.focus();
  }, [focusKey, expanded]);
  const ctx: ToolContext = { ...props, results, onExport };
  const open = analysisTools.find((t) => t.id === openTool) ?? null;
  if (!expanded) {
    return (
      <aside className="panel analysis-panel collapsed" aria-label="Analysis">
        <button className="icon" onClick={() => onExpanded(true)} title="Show the analysis panel" aria-label="Show the analysis panel">
          ◂
        </button>
      </aside>
    );
  }
  return (
    <aside className="panel analysis-panel" aria-label="Analysis">
      <header className="panel-header">
        <h2 tabIndex={-1} ref={heading}>
          Analysis
        </h2>
        <button className="icon" onClick={() => onExpanded(false)} title="Hide the analysis panel" aria-label="Hide the analysis panel">
          ▸
        </button>
      </header>
      {analysisTools.length === 0 ? (
        <p className="muted">No analysis tools are installed in this build.</p>
      ) : (
        <ul className="tool-list">
          {analysisTools.map((t) => (
            <li key={t.id}>
              <button
                className={t.id === openTool ? 'tool active' : 'tool'}
                onClick={() => onOpenTool(t.id === openTool ? null : t.id)}
                title={t.description}
                data-testid={`open-tool-${t.id}`}
              >
                {t.title}
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
        layerName={(id) => props.layers.find((l) => l.id === id)?.name ?? (id === null ? '' : `layer ${id}`)}
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
