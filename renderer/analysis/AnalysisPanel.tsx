import { useState } from 'react';
import { Legend } from '../legend/Legend.tsx';
import { analysisTools, type AnalysisContext, type ToolContext } from './registry.ts';
import { resultBounds } from '../map/resultLayers.ts';
import { useAnalysisResults } from './results.ts';
import { StoredAnalyses } from './StoredAnalyses.tsx';
import './tools.ts';

/** Right-hand panel: the registered analysis tools, one open at a time; the legend of the results on the map; past runs. */
export function AnalysisPanel(props: AnalysisContext) {
  const [openId, setOpenId] = useState<string | null>(null);
  const results = useAnalysisResults(props.controller);
  const [runs, setRuns] = useState(0);
  const ctx: ToolContext = {
    ...props,
    results: {
      ...results,
      show: (d) => {
        results.show(d);
        setRuns((n) => n + 1);
      },
    },
  };
  const open = analysisTools.find((t) => t.id === openId) ?? null;
  return (
    <aside className="panel analysis-panel" aria-label="Analysis">
      <header className="panel-header">
        <h2>Analysis</h2>
      </header>
      {analysisTools.length === 0 ? (
        <p className="muted">No analysis tools are installed in this build.</p>
      ) : (
        <ul className="tool-list">
          {analysisTools.map((t) => (
            <li key={t.id}>
              <button
                className={t.id === openId ? 'tool active' : 'tool'}
                onClick={() => setOpenId(t.id === openId ? null : t.id)}
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
      <StoredAnalyses ctx={ctx} refreshKey={runs} />
    </aside>
  );
}
