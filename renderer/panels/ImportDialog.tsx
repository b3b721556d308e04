/**
 * The import dialog: files chosen or dropped, a preview of the first (fields, rows, CRS, the
 * mapping it suggests), the analyst's choices, and the import with its progress. A choice that
 * changes what the file reads as — coordinate columns, CRS, encoding, the layer of a file of
 * several — reads the preview again, and Import waits until nothing the file needs is missing.
 * Each part the dialog shows is a component of its own under renderer/import/.
 */
import { useEffect, useRef, useState } from 'react';
import { extensionOf, importExtensions } from '../../shared/api/formats.ts';
import type { FieldMapping, ImportOptions, ImportPreview, ImportSummary, Progress } from '../../shared/api/contract.ts';
import type { ApiClient } from '../api/client.ts';
import { CoordinateFields } from '../import/CoordinateFields.tsx';
import { FileChooser } from '../import/FileChooser.tsx';
import { LayerPicker } from '../import/LayerPicker.tsx';
import { MappingFields } from '../import/MappingFields.tsx';
import { ProblemTable } from '../import/ProblemTable.tsx';
import { CrsField, EncodingField } from '../import/ReadingFields.tsx';
import { SampleTable } from '../import/SampleTable.tsx';
import { importControls } from '../import/controls.ts';
import { useWords } from '../i18n/language.tsx';
import { phaseName } from '../../shared/i18n/phaseName.ts';
import {
  layerPick,
  previewKey,
  previewOptions,
  runOptions,
  stillToChoose,
  suggestedColumns,
  suggestedMapping,
  takesCoordinateColumns,
} from '../import/importChoices.ts';
import { baseName, importFailure, shownProblems, type ImportFailure } from '../import/importMessages.ts';

/** How the dialog gets files to the back end: paths in Electron, uploads in the browser. */
export interface FileSource {
  /** Electron: a native dialog returning paths. Absent in the browser. */
  pickPaths?: () => Promise<string[]>;
  /** Electron: paths of files dropped on the dialog. */
  pathsOf?: (files: File[]) => string[];
  /** Browser: uploads the chosen files and returns their server-side paths. */
  upload?: (files: File[], onProgress: (p: Progress) => void) => Promise<string[]>;
}

export interface ImportDialogProps {
  api: ApiClient;
  files: FileSource;
  onImported: (summaries: ImportSummary[]) => void;
  onClose: () => void;
}

type Step = 'choose' | 'uploading' | 'previewing' | 'mapping' | 'running';

/** Wait after a change before reading the file again: a CRS typed key by key is read once. */
const REREAD_DELAY_MS = 300;

function percent(p: Progress | null): number | null {
  return p && p.total ? Math.min(100, Math.round((100 * p.done) / p.total)) : null;
}

export function ImportDialog({ api, files, onImported, onClose }: ImportDialogProps) {
  const words = useWords();
  const { t } = words;
  const c = importControls(t);
  const [step, setStep] = useState<Step>('choose');
  const [paths, setPaths] = useState<string[]>([]);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  /** What the shown preview was read with (previewKey): while the choices differ, it is being read again. */
  const [readWith, setReadWith] = useState('');
  const [rereadError, setRereadError] = useState<string | null>(null);
  /** A file of several layers: their names as the first preview listed them (a re-read puts the picked one first). */
  const [layers, setLayers] = useState<string[]>([]);
  /** The CRS the file itself declares, for the CRS field's default. */
  const [fileCrs, setFileCrs] = useState<string | null>(null);
  const [options, setOptions] = useState<ImportOptions>({});
  const [mapping, setMapping] = useState<FieldMapping>({});
  const [progress, setProgress] = useState<Progress | null>(null);
  const [failure, setFailure] = useState<ImportFailure | null>(null);
  const [abort, setAbort] = useState<AbortController | null>(null);
  /** Set when another layer of the file is picked: its preview brings its own suggestions. */
  const suggestNext = useRef(false);
  // What the back end reads (its format registry): the extensions that start an import, and the
  // files that travel along with them (a shapefile's .dbf, .shx, .prj, .cpg).
  const [readable, setReadable] = useState<{ primary: string[]; companions: string[] } | null>(null);
  useEffect(() => {
    let stale = false;
    api['formats.list']({}).then(
      (f) => !stale && setReadable(importExtensions(f)),
      () => {},
    );
    return () => {
      stale = true;
    };
  }, [api]);

  /** Shows a preview read with `o`; a first one (or another layer's) also brings its suggestions. */
  function show(p: ImportPreview, o: ImportOptions, suggest: boolean, single: boolean) {
    setPreview(p);
    setReadWith(previewKey(o));
    setRereadError(null);
    if (!o.crs) setFileCrs(p.crs);
    if (!suggest) return;
    const { lat: _lat, lon: _lon, wkt: _wkt, layer: _layer, ...kept } = o;
    setOptions({ ...kept, ...suggestedColumns(p), ...(single ? { layer: p.layerName } : {}) });
    setMapping(suggestedMapping(p));
  }

  const wanted = previewKey(options);
  useEffect(() => {
    if (step !== 'mapping' || wanted === readWith) return;
    let stale = false;
    setRereadError(null);
    const o = options;
    const timer = setTimeout(() => {
      api['import.preview']({ path: paths[0], options: previewOptions(o) }).then(
        (p) => {
          if (stale) return;
          const suggest = suggestNext.current;
          suggestNext.current = false;
          show(p, o, suggest, paths.length === 1);
        },
        (e: unknown) => !stale && setRereadError(importFailure(e, 'absent', words).message),
      );
    }, REREAD_DELAY_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
    // Read again when the choices that change what the file reads as change (`wanted` says so).
  }, [wanted, readWith, step]);

  async function startWith(allPaths: string[]) {
    // The list may still be on its way when the first files are chosen: then wait for it.
    let primary: string[];
    try {
      primary = (readable ?? importExtensions(await api['formats.list']({}))).primary;
    } catch (e) {
      setFailure(importFailure(e, 'absent', words));
      return;
    }
    const primaries = allPaths.filter((p) => primary.includes(extensionOf(p)));
    if (primaries.length === 0) {
      setStep('choose');
      setFailure({
        message: t('layerTools.import.noneReadable', { extensions: primary.map((e) => `.${e}`).join(', ') }),
        problems: [],
      });
      return;
    }
    setPaths(primaries);
    setStep('previewing');
    setFailure(null);
    try {
      const p = await api['import.preview']({ path: primaries[0] });
      setLayers(p.layers ?? []);
      // A file of several layers starts on the one previewed; a workbook must name its sheet.
      const first: ImportOptions = p.layers && p.layers.length > 1 ? { [layerPick(p.format).option]: p.layers[0] } : {};
      show(p, first, true, primaries.length === 1);
      setStep('mapping');
    } catch (e) {
      setFailure(importFailure(e, 'absent', words));
      setStep('choose');
    }
  }

  async function chooseBrowserFiles(list: FileList | File[]) {
    const chosen = Array.from(list);
    if (chosen.length === 0) return;
    if (files.pathsOf) return startWith(files.pathsOf(chosen));
    if (!files.upload) return;
    setStep('uploading');
    setFailure(null);
    try {
      const uploaded = await files.upload(chosen, setProgress);
      await startWith(uploaded);
    } catch (e) {
      setFailure(importFailure(e, 'absent', words));
      setStep('choose');
    }
  }

  const pick = preview ? layerPick(preview.format) : null;
  /** A file of several layers with none picked: each is imported with the mapping suggested for it. */
  const everyLayer = layers.length > 1 && pick !== null && pick.all && options[pick.option] === undefined;

  async function run() {
    const controller = new AbortController();
    setAbort(controller);
    setStep('running');
    setFailure(null);
    setProgress(null);
    const opts = everyLayer ? runOptions({ ...options, layer: undefined }, {}) : runOptions(options, mapping);
    try {
      const summaries = await api['import.run']({ paths, options: opts }, { onProgress: setProgress, signal: controller.signal });
      onImported(summaries);
    } catch (e) {
      setFailure(importFailure(e, options.skipInvalid ? 'ticked' : 'unticked', words));
      setStep('mapping');
    } finally {
      setAbort(null);
    }
  }

  const pct = percent(progress);
  const rereading = preview !== null && wanted !== readWith && rereadError === null;
  const missing = preview ? stillToChoose(preview, options, t) : [];
  const blocked = wanted !== readWith || missing.length > 0;
  const listed = failure ? failure.problems : shownProblems(preview?.problems ?? [], words, c);

  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label={t('import.title')}>
      <div className="modal import-dialog">
        <header className="panel-header">
          <h2>{t('import.title')}</h2>
          <button onClick={() => (abort?.abort(), onClose())} title={t('common.close')}>
            ✕
          </button>
        </header>

        {step === 'choose' && (
          <FileChooser
            accept={readable ? [...readable.primary, ...readable.companions] : null}
            pickPaths={files.pickPaths ? async () => startWith(await files.pickPaths!()) : undefined}
            onFiles={(list) => void chooseBrowserFiles(list)}
          />
        )}

        {(step === 'uploading' || step === 'previewing') && (
          <p className="muted">{step === 'uploading' ? t('import.uploading', { pct: pct ?? 0 }) : t('import.reading')}</p>
        )}

        {(step === 'mapping' || step === 'running') && preview && pick && (
          <div className="mapping">
            <p>
              <strong>{paths.map(baseName).join(', ')}</strong> —{' '}
              {t('import.summary', { format: preview.format, count: preview.fields.length, crs: preview.crs ?? t('import.noCrs') })}
            </p>
            <div className="form-grid">
              {paths.length === 1 && !everyLayer && (
                <label className="field">
                  <span>{c.layer}</span>
                  <input
                    value={options.layer ?? ''}
                    data-testid="import-layer-name"
                    onChange={(e) => setOptions({ ...options, layer: e.target.value || undefined })}
                  />
                </label>
              )}
              {layers.length > 1 && (
                <LayerPicker
                  format={preview.format}
                  layers={layers}
                  value={options[pick.option]}
                  onChange={(name) => {
                    suggestNext.current = true;
                    setOptions({ ...options, [pick.option]: name });
                  }}
                />
              )}
              <CrsField value={options.crs} needed={preview.crsNeeded} fileSays={fileCrs} onChange={(crs) => setOptions({ ...options, crs })} />
              <EncodingField value={options.encoding} onChange={(encoding) => setOptions({ ...options, encoding })} />
            </div>
            {takesCoordinateColumns(preview) && (
              <CoordinateFields
                preview={preview}
                value={options}
                onChange={({ lat, lon, wkt }) => setOptions({ ...options, lat, lon, wkt })}
              />
            )}
            <div className="form-grid">
              {everyLayer ? (
                <p className="muted">{t('import.everyLayer')}</p>
              ) : (
                <MappingFields columns={preview.fields.map((f) => f.name)} mapping={mapping} onChange={setMapping} />
              )}
              <label className="field checkbox">
                <input
                  type="checkbox"
                  checked={options.skipInvalid ?? false}
                  onChange={(e) => setOptions({ ...options, skipInvalid: e.target.checked || undefined })}
                />
                <span>{t('import.skipInvalid', { label: c['skip-invalid'] })}</span>
              </label>
            </div>
            {rereading && <p className="muted">{t('import.rereading')}</p>}
            {rereadError && (
              <div className="error" role="alert" data-testid="import-reread-error">
                {rereadError}
              </div>
            )}
            <SampleTable preview={preview} />
          </div>
        )}

        {step === 'running' && (
          <div className="progress" data-testid="import-progress">
            <progress max={100} value={pct ?? undefined} />
            <span className="muted">
              {progress ? `${phaseName(progress.phase, words.language)}${progress.message ? `: ${progress.message}` : ''}${pct !== null ? ` ${pct}%` : ''}` : t('import.starting')}
            </span>
          </div>
        )}

        {failure && (
          <div className="error" role="alert" data-testid="import-error">
            {failure.message}
          </div>
        )}
        <ProblemTable problems={listed} />
        {step === 'mapping' && missing.length > 0 && (
          <ul className="still-to-choose" data-testid="import-still-to-choose">
            {missing.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        )}

        <footer className="modal-footer">
          {step === 'running' ? <button onClick={() => abort?.abort()}>{t('common.cancel')}</button> : <button onClick={onClose}>{t('common.close')}</button>}
          {step === 'mapping' && (
            <button className="primary" onClick={() => void run()} disabled={blocked} data-testid="import-run">
              {t('import.run')}
            </button>
          )}
        </footer>
      </div>
    </div>
  );
}
