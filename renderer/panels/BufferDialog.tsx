/**
 * Buffer…: a new polygon layer of the area within a distance of a layer, one of its features, or
 * the basemap's US–Mexico border or ports of entry (`layers.buffer`, geodesic; shared/geo/buffer.ts).
 */
import { useState } from 'react';
import type { LayerInfo } from '../../shared/api/contract.ts';
import { BASEMAP_LAYERS } from '../../shared/api/bufferInput.ts';
import type { ApiClient } from '../api/client.ts';
import { describeError } from '../analysis/errors.ts';

export interface BufferDialogProps {
  api: ApiClient;
  layers: LayerInfo[];
  /** Preselected source: a layer id or a basemap layer's name. */
  source: number | string | null;
  onBuffered: (layer: LayerInfo) => void;
  onClose: () => void;
}

const sourceName = (layers: LayerInfo[], source: string): string =>
  source.startsWith('layer:') ? (layers.find((l) => `layer:${l.id}` === source)?.name ?? '') : (BASEMAP_LAYERS[source as keyof typeof BASEMAP_LAYERS] ?? source).replace(/ \(basemap\)$/, '');

export function BufferDialog({ api, layers, source: initial, onBuffered, onClose }: BufferDialogProps) {
  const [source, setSource] = useState(typeof initial === 'number' ? `layer:${initial}` : (initial ?? 'basemap:border'));
  const [feature, setFeature] = useState('');
  const [distance, setDistance] = useState('5000');
  const [dissolve, setDissolve] = useState(true);
  const [name, setName] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const metres = Number(distance);
  const defaultName = `${sourceName(layers, source)} ${Number.isFinite(metres) && metres > 0 ? `${(metres / 1000).toLocaleString('en-US')} km` : ''} buffer`.replace(/\s+/g, ' ');
  const layerName = name ?? defaultName;

  async function submit() {
    setError(null);
    if (!Number.isFinite(metres) || metres <= 0) return setError('Distance must be a positive number of metres.');
    const featureIndex = feature.trim() === '' ? undefined : Number(feature);
    if (featureIndex !== undefined && !(Number.isInteger(featureIndex) && featureIndex >= 0)) return setError('Only feature must be a record number (0, 1, 2 …) or empty.');
    if (!layerName.trim()) return setError('Name the new layer.');
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
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label="Buffer">
      <div className="modal buffer-dialog">
        <header className="panel-header">
          <h2>Buffer</h2>
          <button onClick={onClose} title="Close" aria-label="Close">
            ✕
          </button>
        </header>
        <div className="form-grid">
          <label className="field">
            <span>Around</span>
            <select value={source} onChange={(e) => setSource(e.target.value)} data-testid="buffer-source">
              <optgroup label="Basemap">
                {Object.entries(BASEMAP_LAYERS).map(([id, label]) => (
                  <option key={id} value={id}>
                    {label}
                  </option>
                ))}
              </optgroup>
              <optgroup label="Layers">
                {layers.map((l) => (
                  <option key={l.id} value={`layer:${l.id}`}>
                    {l.name}
                  </option>
                ))}
              </optgroup>
            </select>
          </label>
          <label className="field">
            <span>Only feature</span>
            <input type="text" inputMode="numeric" placeholder="all (or a record #)" value={feature} onChange={(e) => setFeature(e.target.value)} data-testid="buffer-feature" />
          </label>
          <label className="field">
            <span>Distance (m)</span>
            <input type="number" min={1} step="any" value={distance} onChange={(e) => setDistance(e.target.value)} data-testid="buffer-distance" />
          </label>
          <label className="field">
            <span>New layer</span>
            <input type="text" value={layerName} onChange={(e) => setName(e.target.value)} data-testid="buffer-name" />
          </label>
          <label className="field checkbox">
            <input type="checkbox" checked={dissolve} onChange={(e) => setDissolve(e.target.checked)} data-testid="buffer-dissolve" />
            <span>One polygon for all features (dissolve)</span>
          </label>
        </div>
        <p className="muted">Geodesic distance on the WGS 84 ellipsoid. Without dissolve, each feature gets its own polygon with its attributes.</p>
        {error && (
          <p className="error" role="alert" data-testid="buffer-error">
            {error}
          </p>
        )}
        <footer className="modal-footer">
          <button onClick={onClose}>Cancel</button>
          <button className="primary" disabled={busy} onClick={() => void submit()} data-testid="buffer-run">
            {busy ? 'Buffering…' : 'Buffer'}
          </button>
        </footer>
      </div>
    </div>
  );
}
