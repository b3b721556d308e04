/**
 * Buffer…: a new polygon layer of the area within a distance of a layer, one of its features, or
 * the basemap's US–Mexico border or ports of entry (`layers.buffer`, geodesic; shared/geo/buffer.ts).
 */
import { useState } from 'react';
import type { LayerInfo } from '../../shared/api/contract.ts';
import { BASEMAP_LAYERS } from '../../shared/api/bufferInput.ts';
import type { ApiClient } from '../api/client.ts';
import { describeError } from '../analysis/errors.ts';
import { useWords, type Words } from '../i18n/language.tsx';

export interface BufferDialogProps {
  api: ApiClient;
  layers: LayerInfo[];
  /** Preselected source: a layer id or a basemap layer's name. */
  source: number | string | null;
  onBuffered: (layer: LayerInfo) => void;
  onClose: () => void;
}

/** A basemap layer's name in the language (its id after "basemap:" keys the catalogue). */
const basemapName = (id: string, t: Words['t']): string => t(`layerTools.buffer.basemapLayers.${id.slice('basemap:'.length)}`);

const sourceName = (layers: LayerInfo[], source: string, t: Words['t']): string =>
  source.startsWith('layer:') ? (layers.find((l) => `layer:${l.id}` === source)?.name ?? '') : basemapName(source, t);

export function BufferDialog({ api, layers, source: initial, onBuffered, onClose }: BufferDialogProps) {
  const { t, num, language } = useWords();
  const [source, setSource] = useState(typeof initial === 'number' ? `layer:${initial}` : (initial ?? 'basemap:border'));
  const [feature, setFeature] = useState('');
  const [distance, setDistance] = useState('5000');
  const [dissolve, setDissolve] = useState(true);
  const [name, setName] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const metres = Number(distance);
  const from = sourceName(layers, source, t);
  const defaultName =
    Number.isFinite(metres) && metres > 0 ? t('layerTools.buffer.defaultName', { source: from, km: num(metres / 1000, 3) }) : t('layerTools.buffer.defaultNameNoDistance', { source: from });
  const layerName = name ?? defaultName;

  async function submit() {
    setError(null);
    if (!Number.isFinite(metres) || metres <= 0) return setError(t('layerTools.buffer.badDistance'));
    const featureIndex = feature.trim() === '' ? undefined : Number(feature);
    if (featureIndex !== undefined && !(Number.isInteger(featureIndex) && featureIndex >= 0)) return setError(t('layerTools.buffer.badFeature'));
    if (!layerName.trim()) return setError(t('layerTools.buffer.noName'));
    setBusy(true);
    try {
      const layer = source.startsWith('layer:') ? Number(source.slice('layer:'.length)) : source;
      const info = await api['layers.buffer']({
        layer,
        distance: metres,
        name: layerName.trim(),
        ...(featureIndex !== undefined ? { feature: featureIndex } : {}),
        ...(dissolve ? { dissolve: true } : {}),
      });
      onBuffered(info);
    } catch (e) {
      setError(describeError(e, { t, language }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label={t('layerTools.buffer.title')}>
      <div className="modal buffer-dialog">
        <header className="panel-header">
          <h2>{t('layerTools.buffer.title')}</h2>
          <button onClick={onClose} title={t('common.close')} aria-label={t('common.close')}>
            ✕
          </button>
        </header>
        <div className="form-grid">
          <label className="field">
            <span>{t('layerTools.buffer.around')}</span>
            <select value={source} onChange={(e) => setSource(e.target.value)} data-testid="buffer-source">
              <optgroup label={t('layerTools.buffer.basemap')}>
                {Object.keys(BASEMAP_LAYERS).map((id) => (
                  <option key={id} value={id}>
                    {t(`params.basemap.${id.slice('basemap:'.length)}`)}
                  </option>
                ))}
              </optgroup>
              <optgroup label={t('layerTools.buffer.layers')}>
                {layers.map((l) => (
                  <option key={l.id} value={`layer:${l.id}`}>
                    {l.name}
                  </option>
                ))}
              </optgroup>
            </select>
          </label>
          <label className="field">
            <span>{t('layerTools.buffer.onlyFeature')}</span>
            <input type="text" inputMode="numeric" placeholder={t('layerTools.buffer.onlyFeaturePlaceholder')} value={feature} onChange={(e) => setFeature(e.target.value)} data-testid="buffer-feature" />
          </label>
          <label className="field">
            <span>{t('layerTools.buffer.distance')}</span>
            <input type="number" min={1} step="any" value={distance} onChange={(e) => setDistance(e.target.value)} data-testid="buffer-distance" />
          </label>
          <label className="field">
            <span>{t('layerTools.buffer.newLayer')}</span>
            <input type="text" value={layerName} onChange={(e) => setName(e.target.value)} data-testid="buffer-name" />
          </label>
          <label className="field checkbox">
            <input type="checkbox" checked={dissolve} onChange={(e) => setDissolve(e.target.checked)} data-testid="buffer-dissolve" />
            <span>{t('layerTools.buffer.dissolve')}</span>
          </label>
        </div>
        <p className="muted">{t('layerTools.buffer.note')}</p>
        {error && (
          <p className="error" role="alert" data-testid="buffer-error">
            {error}
          </p>
        )}
        <footer className="modal-footer">
          <button onClick={onClose}>{t('common.cancel')}</button>
          <button className="primary" disabled={busy} onClick={() => void submit()} data-testid="buffer-run">
            {busy ? t('layerTools.buffer.running') : t('layerTools.buffer.run')}
          </button>
        </footer>
      </div>
    </div>
  );
}
