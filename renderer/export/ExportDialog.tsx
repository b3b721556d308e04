/**
 * Export a layer or a stored analysis: pick what and the format, then a save dialog (desktop)
 * or a download (browser shell). Results carry their provenance (method, parameters, input
 * fingerprints, time window) inside the file where the format has room, else beside it.
 */
import { useState } from 'react';
import type { AnalysisListing, LayerInfo } from '../../shared/api/contract.ts';
import {
  analysisExportFormats,
  formatInfo,
  layerExportFormats,
  type AnalysisExportFormat,
  type LayerExportFormat,
} from '../../shared/api/exportFormats.ts';
import type { ApiClient } from '../api/client.ts';
import type { OutputSink } from '../api/outputs.ts';
import { KIND_TITLES } from '../analysis/describeParams.ts';
import { describeError } from '../analysis/errors.ts';
import { useStoredAnalyses } from '../analysis/useStoredAnalyses.ts';
import { safeFileName } from './fileNames.ts';

/** What to export: a layer or a stored analysis. */
export type ExportTarget = { layerId: number } | { analysisId: number };

export interface ExportDialogProps {
  api: ApiClient;
  outputs: OutputSink;
  layers: LayerInfo[];
  /** Preselected; the dialog lets the analyst pick another. */
  target: ExportTarget | null;
  onDone: (message: string) => void;
  onClose: () => void;
}

const keyOf = (t: ExportTarget | null) => (t === null ? '' : 'layerId' in t ? `layer:${t.layerId}` : `analysis:${t.analysisId}`);

function targetOf(key: string): ExportTarget | null {
  const [kind, id] = key.split(':');
  if (!id) return null;
  return kind === 'layer' ? { layerId: Number(id) } : { analysisId: Number(id) };
}

export function analysisTitle(a: AnalysisListing, layers: LayerInfo[]): string {
  const layer = layers.find((l) => l.id === a.layerId)?.name;
  return `#${a.id} ${KIND_TITLES[a.kind] ?? a.kind}${layer ? ` — ${layer}` : ''}`;
}

export function ExportDialog({ api, outputs, layers, target, onDone, onClose }: ExportDialogProps) {
  const { list: analyses, error: listError } = useStoredAnalyses(api);
  const [key, setKey] = useState(keyOf(target) || (layers[0] ? `layer:${layers[0].id}` : ''));
  const [format, setFormat] = useState<string>('geojson');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const chosen = targetOf(key);
  const layer = chosen && 'layerId' in chosen ? layers.find((l) => l.id === chosen.layerId) : undefined;
  const analysis = chosen && 'analysisId' in chosen ? analyses?.find((a) => a.id === chosen.analysisId) : undefined;
  const formats: (LayerExportFormat | AnalysisExportFormat)[] = layer
    ? layerExportFormats(layer.geometryType)
    : analysis
      ? analysisExportFormats(analysis.kind)
      : [];
  const fmt = formats.includes(format as never) ? (format as LayerExportFormat | AnalysisExportFormat) : formats[0];
  const info = fmt ? formatInfo(fmt) : null;

  async function run() {
    if (!fmt || !info || (!layer && !analysis)) return;
    setBusy(true);
    setError(null);
    try {
      const base = layer ? layer.name : `${analysis!.kind}-${analysis!.id}`;
      const out = await outputs.choose({
        title: layer ? `Export ${layer.name}` : `Export analysis #${analysis!.id}`,
        defaultName: `${safeFileName(base)}.${info.extensions[0]}`,
        filterName: info.label,
        extensions: info.extensions,
      });
      if (out === null) return;
      const r = layer
        ? await api['export.layer']({ layerId: layer.id, out, format: fmt as LayerExportFormat })
        : await api['export.analysis']({ id: analysis!.id, out, format: fmt as AnalysisExportFormat });
      const unit = fmt === 'grid' ? 'cells' : fmt === 'labels' ? 'incidents' : 'features';
      onDone(`${r.count.toLocaleString('en-US')} ${unit} exported. ${await outputs.deliver(r.files)}`);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label="Export">
      <div className="modal export-dialog">
        <header className="panel-header">
          <h2>Export</h2>
          <button onClick={onClose} title="Close" aria-label="Close">
            ✕
          </button>
        </header>
        <div className="form-grid">
          <label className="field">
            <span>What</span>
            <select value={key} onChange={(e) => setKey(e.target.value)} data-testid="export-target">
              <optgroup label="Layers">
                {layers.map((l) => (
                  <option key={l.id} value={`layer:${l.id}`}>
                    {l.name}
                  </option>
                ))}
              </optgroup>
              {analyses && analyses.length > 0 && (
                <optgroup label="Stored analyses">
                  {analyses.map((a) => (
                    <option key={a.id} value={`analysis:${a.id}`}>
                      {analysisTitle(a, layers)}
                    </option>
                  ))}
                </optgroup>
              )}
            </select>
          </label>
          <label className="field">
            <span>Format</span>
            <select value={fmt ?? ''} onChange={(e) => setFormat(e.target.value)} data-testid="export-format">
              {formats.map((f) => (
                <option key={f} value={f}>
                  {formatInfo(f).label}
                </option>
              ))}
            </select>
          </label>
        </div>
        {info && analysis && (
          <p className="muted">
            {info.provenanceSidecar
              ? `The provenance (method, parameters, input fingerprints, time window) is written beside the file, as NAME.provenance.json.`
              : 'The provenance (method, parameters, input fingerprints, time window) is written inside the file.'}
          </p>
        )}
        {(error ?? listError) && (
          <div className="error" role="alert">
            {error ?? listError}
          </div>
        )}
        <footer className="modal-footer">
          <button onClick={onClose}>Cancel</button>
          <button className="primary" disabled={busy || !fmt} onClick={() => void run()} data-testid="export-run">
            {busy ? 'Exporting…' : 'Export'}
          </button>
        </footer>
      </div>
    </div>
  );
}
