/**
 * Print a briefing from the window: title, classification banner (remembered per workspace),
 * paper and orientation, which analyses and layers, the extent (this view by default, or a
 * layer's), the time window in force, the page's language, PDF or PNG — with a live preview of
 * the page. The back end prints the same page with the host's own engine (Electron's window, or
 * the browser shell's Chromium) and the file goes to a save dialog or the downloads.
 */
import { useEffect, useMemo, useState } from 'react';
import type { TFunction } from 'i18next';
import type { LayerInfo } from '../../shared/api/contract.ts';
import type { MapViewState, PrintDefaults, Symbology } from '../../shared/api/mapState.ts';
import { LANGUAGES, type Language } from '../../shared/i18n/languages.ts';
import type { BriefingModel } from '../../shared/report/model.ts';
import { PAGE_SIZES, type PageSize } from '../../shared/report/options.ts';
import type { ApiClient } from '../api/client.ts';
import type { OutputSink } from '../api/outputs.ts';
import { describeError } from '../analysis/errors.ts';
import { useStoredAnalyses } from '../analysis/useStoredAnalyses.ts';
import { analysisTitle } from '../export/ExportDialog.tsx';
import { safeFileName } from '../export/fileNames.ts';
import { useWords } from '../i18n/language.tsx';
import { formatWindow, type TimeWindow } from '../timeline/timeWindow.ts';
import { PrintPreview } from './PrintPreview.tsx';
import { briefingOptionsOf, defaultsOf, initialForm, type PrintForm } from './printOptions.ts';

export interface PrintDialogProps {
  api: ApiClient;
  outputs: OutputSink;
  /** In panel order. */
  layers: LayerInfo[];
  visibleLayerIds: number[];
  /** Results drawn on the map, top first. */
  shownAnalysisIds: number[];
  view: MapViewState | null;
  timeWindow: TimeWindow | null;
  /** The layers' attribute filters by layer id: the briefing's incidents follow their layer's. */
  filters?: ReadonlyMap<number, string>;
  /** The layers' styles by attribute and labels by layer id: the page draws the printed layers as the map does. */
  styles?: ReadonlyMap<number, { symbology?: Symbology; labels?: string }>;
  timezone: string;
  defaults: PrintDefaults;
  onDefaults: (d: PrintDefaults) => void;
  basemapBase: string;
  onDone: (message: string) => void;
  onClose: () => void;
}

/** The North American sizes are named in the language; ISO sizes are the same in every language (A4). */
const pageLabel = (p: string, t: TFunction) => t(`print.page.${p}`, { defaultValue: p.toUpperCase() });
/** The preview follows the form once the analyst pauses typing. */
const PREVIEW_DELAY_MS = 500;

function toggled(list: number[], id: number, on: boolean): number[] {
  return on ? (list.includes(id) ? list : [...list, id]) : list.filter((x) => x !== id);
}

export function PrintDialog(props: PrintDialogProps) {
  const { api, outputs, layers, view, timeWindow, timezone } = props;
  const { t, language } = useWords();
  const [form, setForm] = useState<PrintForm>(() => initialForm(props.defaults, props.visibleLayerIds, props.shownAnalysisIds, timeWindow, language));
  const { list, error: listError } = useStoredAnalyses(api);
  const analyses = list ?? [];
  const [model, setModel] = useState<BriefingModel | null>(null);
  /** The request itself is wrong (the back end refused the model): nothing to print. */
  const [modelError, setModelError] = useState<string | null>(null);
  /** The preview could not draw its map: the print may still work, so it is only said. */
  const [drawError, setDrawError] = useState<string | null>(null);
  const [updating, setUpdating] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = (patch: Partial<PrintForm>) => setForm((f) => ({ ...f, ...patch }));

  const { filters, styles } = props;
  const options = useMemo(() => {
    const o = briefingOptionsOf(form, { view, layers, timeWindow, filters });
    // Always sent (empty: none), so the page draws the window's styles rather than the last saved ones.
    o.styles = layers.flatMap(({ id }) => {
      const s = styles?.get(id);
      return s && (s.symbology || s.labels) ? [{ layer: id, ...(s.symbology ? { symbology: s.symbology } : {}), ...(s.labels ? { labels: s.labels } : {}) }] : [];
    });
    return o;
  }, [form, view, layers, timeWindow, filters, styles]);
  const optionsKey = JSON.stringify(options);

  useEffect(() => {
    let stale = false;
    setUpdating(true);
    const timer = setTimeout(() => {
      api['briefing.model'](options).then(
        (m) => {
          if (stale) return;
          setModel(m);
          setModelError(null);
          setDrawError(null);
          setUpdating(false);
        },
        (e: unknown) => {
          if (stale) return;
          setModelError(describeError(e, { t, language }));
          setUpdating(false);
        },
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
    // The options object is new on every render; its content is what matters.
  }, [api, optionsKey]);

  async function print() {
    setBusy(true);
    setError(null);
    props.onDefaults(defaultsOf(form));
    try {
      const ext = form.format;
      const name = safeFileName(form.title.trim() || model?.title || 'briefing');
      const out = await outputs.choose({
        title: t('print.saveTitle'),
        defaultName: `${name}.${ext}`,
        filterName: ext === 'pdf' ? t('print.pdfFilter') : t('print.pngFilter'),
        extensions: [ext],
      });
      if (out === null) return;
      const r = await api['briefing.print']({ options, format: form.format, out });
      const done = t('print.done', { count: r.pages, size: pageLabel(r.pageSize, t), orientation: t(`print.${r.orientation}`).toLowerCase() });
      props.onDone(`${done} ${await outputs.deliver([r.out])}`);
    } catch (e) {
      setError(describeError(e, { t, language }));
    } finally {
      setBusy(false);
    }
  }

  const withExtent = layers.filter((l) => l.bbox);
  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label={t('print.title')}>
      <div className="modal print-dialog">
        <header className="panel-header">
          <h2>{t('print.title')}</h2>
          <button onClick={props.onClose} title={t('common.close')} aria-label={t('common.close')}>
            ✕
          </button>
        </header>
        <div className="print-body">
          <div className="print-form">
            <label className="field">
              <span>{t('print.heading')}</span>
              <input value={form.title} placeholder={model?.title ?? ''} onChange={(e) => set({ title: e.target.value })} maxLength={200} />
            </label>
            <label className="field">
              <span>{t('print.subtitle')}</span>
              <input value={form.subtitle} onChange={(e) => set({ subtitle: e.target.value })} maxLength={300} />
            </label>
            <label className="field">
              <span>{t('print.banner')}</span>
              <input
                value={form.banner}
                placeholder={t('print.bannerExample')}
                onChange={(e) => set({ banner: e.target.value })}
                maxLength={120}
              />
            </label>
            <div className="field-row">
              <label className="field">
                <span>{t('print.paper')}</span>
                <select value={form.page} onChange={(e) => set({ page: e.target.value as PageSize })}>
                  {PAGE_SIZES.map((p) => (
                    <option key={p} value={p}>
                      {pageLabel(p, t)}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                <span>{t('print.orientation')}</span>
                <select value={form.orientation} onChange={(e) => set({ orientation: e.target.value as PrintForm['orientation'] })}>
                  <option value="portrait">{t('print.portrait')}</option>
                  <option value="landscape">{t('print.landscape')}</option>
                </select>
              </label>
            </div>
            <div className="field-row">
              <label className="field">
                <span>{t('print.language')}</span>
                <select value={form.language} onChange={(e) => set({ language: e.target.value as Language })}>
                  {LANGUAGES.map((l) => (
                    <option key={l} value={l} lang={l}>
                      {t(`language.${l}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                <span>{t('common.format')}</span>
                <select value={form.format} onChange={(e) => set({ format: e.target.value as PrintForm['format'] })}>
                  <option value="pdf">{t('print.pdf')}</option>
                  <option value="png">{t('print.png')}</option>
                </select>
              </label>
            </div>
            <label className="field">
              <span>{t('print.extent')}</span>
              <select
                value={form.extent.kind === 'layer' ? `layer:${form.extent.layerId}` : form.extent.kind}
                onChange={(e) => {
                  const v = e.target.value;
                  set({ extent: v.startsWith('layer:') ? { kind: 'layer', layerId: Number(v.slice(6)) } : { kind: v as 'view' | 'fit' } });
                }}
              >
                <option value="view">{t('print.extentView')}</option>
                <option value="fit">{t('print.extentFit')}</option>
                {withExtent.map((l) => (
                  <option key={l.id} value={`layer:${l.id}`}>
                    {t('print.extentLayer', { name: l.name })}
                  </option>
                ))}
              </select>
            </label>
            <label className="field checkbox">
              <input type="checkbox" checked={form.useTimeWindow} disabled={!timeWindow} onChange={(e) => set({ useTimeWindow: e.target.checked })} />
              <span>{timeWindow ? t('print.onlyWindow', { window: formatWindow(timeWindow, timezone) }) : t('print.noWindow')}</span>
            </label>
            <label className="field checkbox">
              <input type="checkbox" checked={form.timeline} onChange={(e) => set({ timeline: e.target.checked })} />
              <span>{t('print.timeline')}</span>
            </label>
            <fieldset className="choice-list">
              <legend>{t('common.layers')}</legend>
              {layers.map((l) => (
                <label key={l.id} className="field checkbox">
                  <input type="checkbox" checked={form.layers.includes(l.id)} onChange={(e) => set({ layers: toggled(form.layers, l.id, e.target.checked) })} />
                  <span>{l.name}</span>
                </label>
              ))}
            </fieldset>
            <fieldset className="choice-list">
              <legend>{t('common.storedAnalyses')}</legend>
              {analyses.length === 0 && <p className="muted">{t('print.noneStored')}</p>}
              {analyses.map((a) => (
                <label key={a.id} className="field checkbox">
                  <input
                    type="checkbox"
                    checked={form.analyses.includes(a.id)}
                    onChange={(e) => set({ analyses: toggled(form.analyses, a.id, e.target.checked) })}
                  />
                  <span>{analysisTitle(a, layers, t)}</span>
                </label>
              ))}
            </fieldset>
          </div>
          <div className="print-preview-pane">
            <div className="muted preview-status" aria-live="polite">
              {modelError ? '' : updating ? t('print.updating') : t('print.preview')}
            </div>
            {(modelError ?? drawError) && (
              <div className="error" role="alert">
                {modelError ?? t('print.previewFailed', { error: drawError })}
              </div>
            )}
            {model && !modelError && <PrintPreview model={model} basemapBase={props.basemapBase} onError={(e) => setDrawError(describeError(e, { t, language }))} />}
          </div>
        </div>
        {(error ?? listError) && (
          <div className="error" role="alert">
            {error ?? listError}
          </div>
        )}
        <footer className="modal-footer">
          <button onClick={props.onClose}>{t('common.cancel')}</button>
          <button className="primary" disabled={busy || modelError !== null} onClick={() => void print()} data-testid="print-run">
            {busy ? t('print.printing') : t('print.save', { format: form.format.toUpperCase() })}
          </button>
        </footer>
      </div>
    </div>
  );
}
