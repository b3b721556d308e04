/**
 * The layer's "Style…" editor (QGIS's Symbology "Categorized" / "Graduated" and its Labels tab):
 * a single colour, a colour per value of a field, or classes of a number field by colour or, for
 * points, by size; and labels by a field. The values and classes come from the back end
 * (layers.fieldValues), so styling a million incidents never loops over them here.
 */
import { useState } from 'react';
import type { LayerInfo } from '../../shared/api/contract.ts';
import type { Symbology } from '../../shared/api/mapState.ts';
import { parseClassLimits, type ClassMethod } from '../../shared/analysis/classify.ts';
import type { ApiClient } from '../api/client.ts';
import { describeError } from '../analysis/errors.ts';
import { useWords } from '../i18n/language.tsx';
import { isViewportLayer } from '../map/layerStyle.ts';
import { resolveSymbology } from '../map/restyle.ts';
import type { LayerStyle } from './LayerPanel.tsx';

const METHODS: ClassMethod[] = ['natural-breaks', 'quantiles', 'equal-interval', 'manual'];

type Mode = 'single' | Symbology['mode'];

export interface StyleEditorProps {
  layer: LayerInfo;
  api: ApiClient;
  style: LayerStyle;
  onApply: (patch: Pick<LayerStyle, 'symbology' | 'labels'>) => void;
  onClose: () => void;
}

export function StyleEditor({ layer, api, style, onApply, onClose }: StyleEditorProps) {
  const { t, language } = useWords();
  const numeric = layer.fields.filter((f) => f.type === 'number' || f.type === 'integer');
  const points = layer.geometryType === 'Point' || layer.geometryType === 'MultiPoint';
  const s = style.symbology;
  const [mode, setMode] = useState<Mode>(s?.mode ?? 'single');
  const [field, setField] = useState(s?.field ?? layer.fields[0]?.name ?? '');
  const [method, setMethod] = useState<ClassMethod>(s?.mode === 'graduated' ? s.method : 'natural-breaks');
  const [classes, setClasses] = useState(s?.mode === 'graduated' ? s.classes.length : 5);
  const [by, setBy] = useState<'color' | 'size'>(s?.mode === 'graduated' ? s.by : 'color');
  const [limits, setLimits] = useState(s?.mode === 'graduated' && s.limits ? s.limits.join(', ') : '');
  const [labels, setLabels] = useState(style.labels ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fields = mode === 'graduated' ? numeric : layer.fields;
  const chosen = fields.some((f) => f.name === field) ? field : (fields[0]?.name ?? '');

  const apply = async () => {
    setBusy(true);
    setError(null);
    try {
      let symbology: Symbology | undefined;
      // The values and classes of the features the layer's filter lets through, as the map shows them.
      if (mode === 'categorized') {
        symbology = await resolveSymbology(api, layer, style.color, { mode, field: chosen }, style.filter);
      } else if (mode === 'graduated') {
        const typed = method === 'manual' ? parseClassLimits(limits) : null;
        if (typed && 'problem' in typed) {
          setError(t(`layerTools.style.limitsProblem.${typed.problem}`, { ...typed }));
          return;
        }
        const request = { mode, field: chosen, method, classes, by: points ? by : 'color', ...(typed ? { limits: typed.limits } : {}) } as const;
        symbology = await resolveSymbology(api, layer, style.color, request, style.filter);
      }
      onApply({ symbology, labels: labels || undefined });
    } catch (e) {
      setError(describeError(e, { t, language }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="filter-builder style-editor" role="dialog" aria-label={t('layerTools.style.title', { layer: layer.name })} onClick={(e) => e.stopPropagation()}>
      <strong>{t('layerTools.style.title', { layer: layer.name })}</strong>
      <label>
        {t('layerTools.style.mode')}{' '}
        <select aria-label={t('layerTools.style.mode')} value={mode} onChange={(e) => setMode(e.target.value as Mode)}>
          <option value="single">{t('layerTools.style.single')}</option>
          <option value="categorized">{t('layerTools.style.categorized')}</option>
          <option value="graduated" disabled={numeric.length === 0}>
            {t('layerTools.style.graduated')}
          </option>
        </select>
      </label>
      {mode !== 'single' && (
        <label>
          {t('layerTools.style.field')}{' '}
          <select aria-label={t('layerTools.style.field')} value={chosen} onChange={(e) => setField(e.target.value)}>
            {fields.map((f) => (
              <option key={f.name} value={f.name}>
                {f.name} ({t(`layerTools.fieldTypes.${f.type}`)})
              </option>
            ))}
          </select>
        </label>
      )}
      {mode === 'graduated' && numeric.length === 0 && <p className="muted">{t('layerTools.style.noNumbers')}</p>}
      {mode === 'graduated' && (
        <div className="filter-row">
          <select aria-label={t('layerTools.style.method')} value={method} onChange={(e) => setMethod(e.target.value as ClassMethod)}>
            {METHODS.map((m) => (
              <option key={m} value={m}>
                {t(`layerTools.style.methods.${m}`)}
              </option>
            ))}
          </select>
          {method === 'manual' ? (
            <input aria-label={t('layerTools.style.limits')} title={t('layerTools.style.limitsHint')} value={limits} placeholder="5, 20, 50" onChange={(e) => setLimits(e.target.value)} />
          ) : (
            <input aria-label={t('layerTools.style.classes')} type="number" min={2} max={9} value={classes} onChange={(e) => setClasses(Math.max(2, Math.min(9, Math.round(Number(e.target.value)) || 5)))} />
          )}
          {points && (
            <select aria-label={t('layerTools.style.by')} value={by} onChange={(e) => setBy(e.target.value as 'color' | 'size')}>
              <option value="color">{t('layerTools.style.byColor')}</option>
              <option value="size">{t('layerTools.style.bySize')}</option>
            </select>
          )}
        </div>
      )}
      <label>
        {t('layerTools.style.labels')}{' '}
        <select aria-label={t('layerTools.style.labels')} value={labels} onChange={(e) => setLabels(e.target.value)}>
          <option value="">{t('layerTools.style.noLabels')}</option>
          {layer.fields.map((f) => (
            <option key={f.name} value={f.name}>
              {f.name}
            </option>
          ))}
        </select>
      </label>
      {isViewportLayer(layer) && mode !== 'single' && <p className="muted">{t('layerTools.style.binsNote')}</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="filter-row">
        <button disabled={busy || (mode !== 'single' && !chosen)} onClick={() => void apply()}>
          {t('layerTools.style.apply')}
        </button>
        <button onClick={onClose}>{t('common.cancel')}</button>
      </div>
    </div>
  );
}
