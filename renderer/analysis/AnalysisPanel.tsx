import { useState } from 'react';
import { analysisTools, type AnalysisContext } from './registry.ts';

/** Right-hand panel: the registered analysis tools, one open at a time. */
export function AnalysisPanel(props: AnalysisContext) {
  const [openId, setOpenId] = useState<string | null>(null);
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
              >
                {t.title}
              </button>
            </li>
          ))}
        </ul>
      )}
      {open && (
        <section className="tool-body">
          <open.Panel {...props} />
        </section>
      )}
    </aside>
  );
}
