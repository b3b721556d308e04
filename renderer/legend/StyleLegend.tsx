/**
 * Key to the layers styled by attribute (StyleEditor.tsx): each category's colour and count, or
 * each class's bounds with its colour or circle size and count, as the map draws them
 * (symbology.ts), counted over the features the layer's filter lets through (restyle.ts). A big
 * point layer says that its aggregated cells keep their count colours.
 */
import type { LayerInfo } from '../../shared/api/contract.ts';
import { legendBounds } from '../../shared/analysis/classify.ts';
import { AREA_NO_DATA_COLOR } from '../../shared/report/resultStyle.ts';
import { useWords } from '../i18n/language.tsx';
import { isViewportLayer } from '../map/layerStyle.ts';
import type { LayerStyle } from '../panels/LayerPanel.tsx';
import { ownCategoryLabel } from '../../shared/analysis/categoryLabels.ts';
import { layerCategoryLabels } from '../../shared/api/categoryLabels.ts';

/** Classes of whole numbers (counts, victims) print as "0 – 3", "4 – 10". */
const whole = (classes: readonly { lower: number; upper: number }[]): boolean => classes.every((c) => Number.isInteger(c.lower) && Number.isInteger(c.upper));

export function StyleLegend({ layers, styles }: { layers: LayerInfo[]; styles: Map<number, LayerStyle> }) {
  const { t, num, language } = useWords();
  const shown = layers.filter((l) => styles.get(l.id)?.visible && styles.get(l.id)?.symbology);
  if (shown.length === 0) return null;
  return (
    <section className="style-legend" aria-label={t('layerTools.legend.name')} data-testid="style-legend">
      {shown.map((l) => {
        const st = styles.get(l.id)!;
        const s = st.symbology!;
        // Styled by the category field: its codes read as the layer's labels.
        const labels = s.field === l.mapping.category ? layerCategoryLabels(l) : undefined;
        return (
          <div key={l.id} data-testid="style-legend-layer">
            <div>
              <strong>{l.name}</strong>: {s.field} ({s.mode === 'categorized' ? t('layerTools.style.categorized') : t('layerTools.style.graduated')})
            </div>
            <ul className="legend-classes">
              {s.mode === 'categorized' ? (
                <>
                  {s.categories.map((c) => (
                    <li key={c.value}>
                      <span className="swatch" style={{ background: c.color }} />
                      <span className="grow">{ownCategoryLabel(c.value, language, labels) ?? c.value}</span>
                      <span className="muted num">{num(c.count)}</span>
                    </li>
                  ))}
                  {s.otherCount > 0 && (
                    <li>
                      <span className="swatch" style={{ background: s.other }} />
                      <span className="grow">{t('layerTools.legend.other')}</span>
                      <span className="muted num">{num(s.otherCount)}</span>
                    </li>
                  )}
                </>
              ) : (
                legendBounds(s.classes, whole(s.classes)).map(([lo, hi], i) => {
                  const c = s.classes[i];
                  return (
                    <li key={i}>
                      {s.by === 'size' ? (
                        <span className="swatch point" style={{ background: st.color, width: c.radius * 2, height: c.radius * 2 }} />
                      ) : (
                        <span className="swatch" style={{ background: c.color }} />
                      )}
                      <span className="grow">
                        {num(lo, whole(s.classes) ? 0 : 2)} – {num(hi, whole(s.classes) ? 0 : 2)}
                      </span>
                      <span className="muted num">{num(c.count)}</span>
                    </li>
                  );
                })
              )}
              {s.mode === 'graduated' && s.by === 'color' && s.noValueCount !== 0 && (
                <li>
                  <span className="swatch" style={{ background: AREA_NO_DATA_COLOR }} />
                  <span className="grow">{t('layerTools.legend.noData')}</span>
                  {s.noValueCount !== undefined && <span className="muted num">{num(s.noValueCount)}</span>}
                </li>
              )}
            </ul>
            {st.labels && <div className="muted">{t('layerTools.legend.labels', { field: st.labels })}</div>}
            {st.filter && <div className="muted">{t('layerTools.legend.filtered')}</div>}
            {isViewportLayer(l) && <div className="muted">{t('layerTools.legend.bins')}</div>}
          </div>
        );
      })}
    </section>
  );
}
