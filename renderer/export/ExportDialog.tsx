/**
 * Export a layer or a stored analysis: pick what and the format, then a save dialog (desktop)
 * or a download (browser shell). Results carry their provenance (method, parameters, input
 * fingerprints, time window) inside the file where the format has room, else beside it.
 */
import { useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import type { AnalysisListing, LayerInfo } from '../../shared/api/contract.ts';
import { ANALYSIS_OUTPUTS, type FormatInfo } from '../../shared/api/formats.ts';
import type { ApiClient } from '../api/client.ts';
import type { OutputSink } from '../api/outputs.ts';
import { describeError } from '../analysis/errors.ts';
import { kindTitle } from '../analysis/kindTitle.ts';
import { useStoredAnalyses } from '../analysis/useStoredAnalyses.ts';
import { useWords } from '../i18n/language.tsx';
import { safeFileName } from './fileNames.ts';

/** What to export: a layer or a stored analysis (and, for a format of several layers, others with it). */
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

/** One line of the format list: a file format of the registry, or an analysis's own output. */
interface Choice {
  id: string;
  label: string;
  extensions: string[];
  provenanceInFile: boolean;
  /** Several layers and results in one file (a GeoPackage, a KML). */
  multiple: boolean;
}

const isPoints = (t: string) => t === 'Point' || t === 'None';

/** What the target can be written as: the registry's writers it fits, and an analysis's own outputs. */
function choicesFor(registry: FormatInfo[], layer: LayerInfo | undefined, analysis: AnalysisListing | undefined): Choice[] {
  if (!layer && !analysis) return [];
  const files = registry.flatMap((f) =>
    f.export && (analysis || f.export.geometry === 'any' || isPoints(layer!.geometryType))
      ? [{ id: f.id, label: f.label, extensions: f.export.extensions, provenanceInFile: f.export.provenanceInFile, multiple: f.export.multiple }]
      : [],
  );
  if (!analysis) return files;
  const own = Object.entries(ANALYSIS_OUTPUTS)
    .filter(([, o]) => (o.kinds as readonly string[]).includes(analysis.kind))
    .map(([id, o]) => ({ id, label: o.label, extensions: [...o.extensions], provenanceInFile: false, multiple: false }));
  return [...files, ...own];
}

export function analysisTitle(a: AnalysisListing, layers: LayerInfo[], t: TFunction): string {
  const layer = layers.find((l) => l.id === a.layerId)?.name;
  return `#${a.id} ${kindTitle(a.kind, t)}${layer ? ` — ${layer}` : ''}`;
}

export function ExportDialog({ api, outputs, layers, target, onDone, onClose }: ExportDialogProps) {
  const { t, num, language } = useWords();
  const { list: analyses, error: listError } = useStoredAnalyses(api);
  const [registry, setRegistry] = useState<FormatInfo[] | null>(null);
  useEffect(() => {
    let stale = false;
    api['formats.list']({}).then(
      (f) => !stale && setRegistry(f),
      (e: unknown) => !stale && setError(describeError(e, { t, language })),
    );
    return () => {
      stale = true;
    };
  }, [api]);
  const [key, setKey] = useState(keyOf(target) || (layers[0] ? `layer:${layers[0].id}` : ''));
  const [format, setFormat] = useState<string>('geojson');
  /** Keys (as `key`) of the other layers and results written into the same file. */
  const [also, setAlso] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const chosen = targetOf(key);
  const layer = chosen && 'layerId' in chosen ? layers.find((l) => l.id === chosen.layerId) : undefined;
  const analysis = chosen && 'analysisId' in chosen ? analyses?.find((a) => a.id === chosen.analysisId) : undefined;
  const choices = choicesFor(registry ?? [], layer, analysis);
  const choice = choices.find((c) => c.id === format) ?? choices[0];
  const extra = choice?.multiple ? also.filter((k) => k !== key) : [];
  const toggleAlso = (k: string, on: boolean) => setAlso((cur) => (on ? [...cur, k] : cur.filter((x) => x !== k)));

  async function run() {
    if (!choice || (!layer && !analysis)) return;
    setBusy(true);
    setError(null);
    try {
      const base = layer ? layer.name : `${analysis!.kind}-${analysis!.id}`;
      const out = await outputs.choose({
        title: layer ? t('export.saveLayer', { name: layer.name }) : t('export.saveAnalysis', { id: analysis!.id }),
        defaultName: `${safeFileName(base)}.${choice.extensions[0]}`,
        filterName: choice.label,
        extensions: choice.extensions,
      });
      if (out === null) return;
      const items = [key, ...extra].map(targetOf).filter((t): t is ExportTarget => t !== null);
      const r = extra.length
        ? await api['export.items']({
            layers: items.flatMap((t) => ('layerId' in t ? [t.layerId] : [])),
            analyses: items.flatMap((t) => ('analysisId' in t ? [t.analysisId] : [])),
            out,
            format: choice.id,
          })
        : layer
          ? await api['export.layer']({ layerId: layer.id, out, format: choice.id })
          : await api['export.analysis']({ id: analysis!.id, out, format: choice.id });
      const unit = choice.id === 'grid' ? 'cells' : choice.id === 'labels' ? 'incidents' : 'features';
      // What the format changed (names cut to its limits, a layer split by geometry) is part of the result.
      const notes = r.notes?.length ? ` ${r.notes.join(' ')}` : '';
      const what = t(`export.unit.${unit}`, { count: r.count, n: num(r.count) });
      onDone(`${t('export.done', { what })} ${await outputs.deliver(r.files)}${notes}`);
    } catch (e) {
      setError(describeError(e, { t, language }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label={t('common.export')}>
      <div className="modal export-dialog">
        <header className="panel-header">
          <h2>{t('common.export')}</h2>
          <button onClick={onClose} title={t('common.close')} aria-label={t('common.close')}>
            ✕
          </button>
        </header>
        <div className="form-grid">
          <label className="field">
            <span>{t('export.what')}</span>
            <select value={key} onChange={(e) => setKey(e.target.value)} data-testid="export-target">
              <optgroup label={t('common.layers')}>
                {layers.map((l) => (
                  <option key={l.id} value={`layer:${l.id}`}>
                    {l.name}
                  </option>
                ))}
              </optgroup>
              {analyses && analyses.length > 0 && (
                <optgroup label={t('common.storedAnalyses')}>
                  {analyses.map((a) => (
                    <option key={a.id} value={`analysis:${a.id}`}>
                      {analysisTitle(a, layers, t)}
                    </option>
                  ))}
                </optgroup>
              )}
            </select>
          </label>
          <label className="field">
            <span>{t('common.format')}</span>
            <select value={choice?.id ?? ''} onChange={(e) => setFormat(e.target.value)} data-testid="export-format">
              {choices.map((c) => (
                <option key={c.id} value={c.id}>
                  {t(`import:formats.${c.id}`, { defaultValue: c.label })}
                </option>
              ))}
            </select>
          </label>
        </div>
        {choice?.multiple && (
          <fieldset className="choice-list" data-testid="export-also">
            <legend>{t('export.alsoInFile')}</legend>
            {layers
              .filter((l) => `layer:${l.id}` !== key)
              .map((l) => (
                <label key={l.id} className="field checkbox">
                  <input type="checkbox" checked={also.includes(`layer:${l.id}`)} onChange={(e) => toggleAlso(`layer:${l.id}`, e.target.checked)} />
                  <span>{l.name}</span>
                </label>
              ))}
            {(analyses ?? [])
              .filter((a) => `analysis:${a.id}` !== key)
              .map((a) => (
                <label key={a.id} className="field checkbox">
                  <input type="checkbox" checked={also.includes(`analysis:${a.id}`)} onChange={(e) => toggleAlso(`analysis:${a.id}`, e.target.checked)} />
                  <span>{analysisTitle(a, layers, t)}</span>
                </label>
              ))}
          </fieldset>
        )}
        {choice && (analysis || extra.some((k) => k.startsWith('analysis:'))) && (
          <p className="muted">
            {!choice.provenanceInFile
              ? t('export.provenanceBeside')
              : t('export.provenanceInside')}
          </p>
        )}
        {(error ?? listError) && (
          <div className="error" role="alert">
            {error ?? listError}
          </div>
        )}
        <footer className="modal-footer">
          <button onClick={onClose}>{t('common.cancel')}</button>
          <button className="primary" disabled={busy || !choice} onClick={() => void run()} data-testid="export-run">
            {busy ? t('export.exporting') : t('common.export')}
          </button>
        </footer>
      </div>
    </div>
  );
}
