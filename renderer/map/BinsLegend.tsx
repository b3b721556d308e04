import type { LayerInfo } from '../../shared/api/contract.ts';
import { useWords } from '../i18n/language.tsx';
import { BINS_RAMP } from './layerStyle.ts';
import type { ViewportState } from './viewportLoader.ts';

/** Key to the view bins of big point layers: the ramp from 1 to the view's largest cell, log scale. */
export function BinsLegend({ states, layers }: { states: ViewportState[]; layers: LayerInfo[] }) {
  const { t, num } = useWords();
  const shown = states.filter((s) => s.mode === 'bins' && layers.some((l) => l.id === s.layerId));
  if (shown.length === 0) return null;
  const gradient = `linear-gradient(to right, ${BINS_RAMP.map(([at, c]) => `${c} ${at * 100}%`).join(', ')})`;
  return (
    <div className="bins-legend" data-testid="bins-legend">
      {shown.map((s) => (
        <div key={s.layerId}>
          <div>
            <strong>{layers.find((l) => l.id === s.layerId)?.name}</strong>: {t('legend.bins', { n: num(s.total) })}
          </div>
          <div className="bins-ramp" style={{ background: gradient }} />
          <div className="bins-scale">
            <span>1</span>
            <span>{num(Math.sqrt(s.max))}</span>
            <span>{num(s.max)}</span>
          </div>
        </div>
      ))}
    </div>
  );
}
