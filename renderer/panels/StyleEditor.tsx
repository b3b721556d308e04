/**
 * The layer's "Style…" editor (QGIS's Symbology "Categorized" / "Graduated" and its Labels tab):
 * a single colour, a colour per value of a field, or classes of a number field by colour or, for
 * points, by size; and labels by a field. The values and classes come from the back end
 * (layers.fieldValues), so styling a million incidents never loops over them here.
 */
import { useState } from 'react';
import type { LayerInfo } from '../../shared/api/contract.ts';
import type { Symbology } from '../../shared/api/mapState.ts';
import type { ClassMethod } from '../../shared/analysis/classify.ts';
import type { ApiClient } from '../api/client.ts';
import { describeError } from '../analysis/errors.ts';
import { isViewportLayer } from '../map/layerStyle.ts';
import { MAX_CATEGORIES, categorized, graduated } from '../map/symbology.ts';
import type { LayerStyle } from './LayerPanel.tsx';

/** Every string the editor shows, in one place (the panel's button too). */
export const STYLE_TEXT = {
  button: 'Style…',
  buttonTitle: (layer: string) => `Colour or label the features of ${layer} by an attribute`,
  title: (layer: string) => `Style ${layer}`,
  mode: 'Style',
  single: 'Single colour',
  categorized: 'Categorized',
  graduated: 'Graduated',
  field: 'Field',
  method: 'Classification',
  classes: 'Classes',
  by: 'Vary',
  byColor: 'Colour',
  bySize: 'Size',
  labels: 'Labels',
  noLabels: 'No labels',
  apply: 'Apply style',
  cancel: 'Cancel',
  noNumbers: 'This layer has no number field to grade.',
  binsNote: 'Big layers are styled where the map shows their points; the aggregated cells keep their count colours.',
};

const METHODS: [ClassMethod, string][] = [
  ['natural-breaks', 'Natural breaks (Jenks)'],
  ['quantiles', 'Quantiles'],
  ['equal-interval', 'Equal interval'],
];

type Mode = 'single' | Symbology['mode'];

export interface StyleEditorProps {
  layer: LayerInfo;
  api: ApiClient;
  style: LayerStyle;
  onApply: (patch: Pick<LayerStyle, 'symbology' | 'labels'>) => void;
  onClose: () => void;
}

export function StyleEditor({ layer, api, style, onApply, onClose }: StyleEditorProps) {
  const T = STYLE_TEXT;
  const numeric = layer.fields.filter((f) => f.type === 'number' || f.type === 'integer');
  const points = layer.geometryType === 'Point' || layer.geometryType === 'MultiPoint';
  const s = style.symbology;
  const [mode, setMode] = useState<Mode>(s?.mode ?? 'single');
  const [field, setField] = useState(s?.field ?? layer.fields[0]?.name ?? '');
  const [method, setMethod] = useState<ClassMethod>(s?.mode === 'graduated' ? s.method : 'natural-breaks');
  const [classes, setClasses] = useState(s?.mode === 'graduated' ? s.classes.length : 5);
  const [by, setBy] = useState<'color' | 'size'>(s?.mode === 'graduated' ? s.by : 'color');
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
      if (mode === 'categorized') {
        symbology = categorized(await api['layers.fieldValues']({ layerId: layer.id, field: chosen, limit: MAX_CATEGORIES + 1 }));
      } else if (mode === 'graduated') {
        const r = await api['layers.fieldValues']({ layerId: layer.id, field: chosen, limit: 1, classify: { method, classes } });
        symbology = graduated(chosen, method, points ? by : 'color', r.classes ?? [], style.color);
      }
      onApply({ symbology, labels: labels || undefined });
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="filter-builder style-editor" role="dialog" aria-label={T.title(layer.name)} onClick={(e) => e.stopPropagation()}>
      <strong>{T.title(layer.name)}</strong>
      <label>
        {T.mode}{' '}
        <select aria-label={T.mode} value={mode} onChange={(e) => setMode(e.target.value as Mode)}>
          <option value="single">{T.single}</option>
          <option value="categorized">{T.categorized}</option>
          <option value="graduated" disabled={numeric.length === 0}>
            {T.graduated}
          </option>
        </select>
      </label>
      {mode !== 'single' && (
        <label>
          {T.field}{' '}
          <select aria-label={T.field} value={chosen} onChange={(e) => setField(e.target.value)}>
            {fields.map((f) => (
              <option key={f.name} value={f.name}>
                {f.name} ({f.type})
              </option>
            ))}
          </select>
        </label>
      )}
      {mode === 'graduated' && numeric.length === 0 && <p className="muted">{T.noNumbers}</p>}
      {mode === 'graduated' && (
        <div className="filter-row">
          <select aria-label={T.method} value={method} onChange={(e) => setMethod(e.target.value as ClassMethod)}>
            {METHODS.map(([m, label]) => (
              <option key={m} value={m}>
                {label}
              </option>
            ))}
          </select>
          <input aria-label={T.classes} type="number" min={2} max={9} value={classes} onChange={(e) => setClasses(Math.max(2, Math.min(9, Math.round(Number(e.target.value)) || 5)))} />
          {points && (
            <select aria-label={T.by} value={by} onChange={(e) => setBy(e.target.value as 'color' | 'size')}>
              <option value="color">{T.byColor}</option>
              <option value="size">{T.bySize}</option>
            </select>
          )}
        </div>
      )}
      <label>
        {T.labels}{' '}
        <select aria-label={T.labels} value={labels} onChange={(e) => setLabels(e.target.value)}>
          <option value="">{T.noLabels}</option>
          {layer.fields.map((f) => (
            <option key={f.name} value={f.name}>
              {f.name}
            </option>
          ))}
        </select>
      </label>
      {isViewportLayer(layer) && mode !== 'single' && <p className="muted">{T.binsNote}</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="filter-row">
        <button disabled={busy || (mode !== 'single' && !chosen)} onClick={() => void apply()}>
          {T.apply}
        </button>
        <button onClick={onClose}>{T.cancel}</button>
      </div>
    </div>
  );
}
