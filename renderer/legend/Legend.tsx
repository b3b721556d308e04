/**
 * The legend of every analysis result on the map: its classes (the same colours resultLayers.ts
 * draws), the parameters and the time window it was made with, and show/hide/remove.
 */
import type { ShownResult } from '../analysis/results.ts';
import { describeParams, describeSelection } from '../analysis/describeParams.ts';
import { kindTitle } from '../analysis/kindTitle.ts';
import { useWords } from '../i18n/language.tsx';
import { KDE_RAMP, legendClasses, type LegendClass } from '../map/resultLayers.ts';

export interface LegendProps {
  results: ShownResult[];
  timezone: string;
  layerName: (id: number | null) => string;
  onToggle: (id: number) => void;
  onRemove: (id: number) => void;
  /** Frames the result on the map. */
  onZoom?: (id: number) => void;
}

const rampCss = `linear-gradient(to right, ${KDE_RAMP.map(([v, [r, g, b]]) => `rgb(${r},${g},${b}) ${Math.round((v / 255) * 100)}%`).join(', ')})`;

function Swatch({ c }: { c: LegendClass }) {
  if (c.shape === 'ramp') return <span className="swatch ramp" style={{ background: rampCss }} />;
  if (c.shape === 'line') return <span className="swatch line" style={{ borderTopColor: c.color }} />;
  if (c.shape === 'point') return <span className="swatch point" style={{ background: c.color }} />;
  return <span className="swatch" style={{ background: c.color }} />;
}

export function Legend({ results, timezone, layerName, onToggle, onRemove, onZoom }: LegendProps) {
  const words = useWords();
  const { t, num } = words;
  if (results.length === 0) return null;
  return (
    <section className="legend" aria-label={t('legend.name')} data-testid="legend">
      <h3>{t('legend.onTheMap')}</h3>
      {results.map(({ detail, visible }) => (
        <div key={detail.id} className={visible ? 'legend-entry' : 'legend-entry hidden'} data-testid="legend-entry">
          <div className="legend-title">
            <input type="checkbox" checked={visible} onChange={() => onToggle(detail.id)} title={t('legend.showOnMap')} aria-label={t('legend.showAnalysis', { id: detail.id })} />
            <strong>
              {kindTitle(detail.kind, t)} #{detail.id}
            </strong>
            <span className="grow" />
            {onZoom && (
              <button className="icon" title={t('legend.zoom')} onClick={() => onZoom(detail.id)}>
                ⤢
              </button>
            )}
            <button className="icon" title={t('legend.remove')} onClick={() => onRemove(detail.id)}>
              ✕
            </button>
          </div>
          <div className="legend-meta">
            {layerName(detail.layerId)} · {describeSelection(detail.params, timezone, words)}
          </div>
          <div className="legend-meta">{describeParams(detail.params, layerName, words).join(' · ')}</div>
          <ul className="legend-classes">
            {legendClasses(detail, { t, num }).map((c, i) => (
              <li key={i}>
                <Swatch c={c} />
                <span className="grow">{c.label}</span>
                {c.count !== undefined && <span className="muted num">{num(c.count)}</span>}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
