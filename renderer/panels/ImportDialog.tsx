import { useEffect, useState } from 'react';
import { extensionOf, importExtensions } from '../../shared/api/formats.ts';
import type { FieldMapping, ImportOptions, ImportPreview, ImportSummary, Progress } from '../../shared/api/contract.ts';
import type { ImportProblem } from '../../shared/import/problems.ts';
import { ApiCallError, type ApiClient } from '../api/client.ts';

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

/** Upload folders are an implementation detail: messages name files by their own name. */
function withoutFolders(message: string): string {
  return message.replace(/(?:[A-Za-z]:)?[\\/][^\s:"]*[\\/]([^\\/\s:"]+)/g, '$1');
}

function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

function percent(p: Progress | null): number | null {
  return p && p.total ? Math.min(100, Math.round((100 * p.done) / p.total)) : null;
}

export function ImportDialog({ api, files, onImported, onClose }: ImportDialogProps) {
  const [step, setStep] = useState<Step>('choose');
  const [paths, setPaths] = useState<string[]>([]);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [options, setOptions] = useState<ImportOptions>({});
  const [mapping, setMapping] = useState<FieldMapping>({});
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<ImportProblem[]>([]);
  const [dragging, setDragging] = useState(false);
  const [abort, setAbort] = useState<AbortController | null>(null);
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

  function fail(e: unknown) {
    if (e instanceof ApiCallError) {
      if (!e.userFacing) setError('The import failed because of an internal error.');
      else if (e.problems.length > 0) {
        const n = Math.max(e.total, e.problems.length);
        setError(`${n} problem${n === 1 ? '' : 's'} found, nothing was imported. Fix the file, or tick “Skip invalid records”.`);
      } else setError(withoutFolders(e.message.split('\n')[0]));
      setProblems(e.problems);
    } else if ((e as Error)?.name === 'AbortError') {
      setError('Cancelled.');
    } else {
      setError((e as Error)?.message ?? String(e));
    }
  }

  async function startWith(allPaths: string[]) {
    // The list may still be on its way when the first files are chosen: then wait for it.
    let primary: string[];
    try {
      primary = (readable ?? importExtensions(await api['formats.list']({}))).primary;
    } catch (e) {
      fail(e);
      return;
    }
    const primaries = allPaths.filter((p) => primary.includes(extensionOf(p)));
    if (primaries.length === 0) {
      setStep('choose');
      setError(`None of the chosen files can be imported: choose a file of a format Frontera reads (${primary.map((e) => `.${e}`).join(', ')}; a .shp with its .dbf, .shx and .prj).`);
      return;
    }
    setPaths(primaries);
    setStep('previewing');
    setError(null);
    setProblems([]);
    try {
      const p = await api['import.preview']({ path: primaries[0] });
      setPreview(p);
      const s = p.suggestions;
      setOptions({
        // One layer name per import: with several files each layer is named after its file.
        ...(primaries.length === 1 ? { layer: baseName(primaries[0]).replace(/\.[^.]+$/, '') } : {}),
        ...(s.lat ? { lat: s.lat } : {}),
        ...(s.lon ? { lon: s.lon } : {}),
        ...(s.wkt ? { wkt: s.wkt } : {}),
      });
      setMapping({
        ...(s.time?.length ? { time: s.time } : {}),
        ...(s.category ? { category: s.category } : {}),
        ...(s.quantity ? { quantity: s.quantity } : {}),
        ...(s.unit ? { unit: s.unit } : {}),
      });
      setProblems(p.problems);
      setStep('mapping');
    } catch (e) {
      fail(e);
      setStep('choose');
    }
  }

  async function chooseBrowserFiles(list: FileList | File[]) {
    const chosen = Array.from(list);
    if (chosen.length === 0) return;
    if (files.pathsOf) return startWith(files.pathsOf(chosen));
    if (!files.upload) return;
    setStep('uploading');
    setError(null);
    try {
      const uploaded = await files.upload(chosen, setProgress);
      await startWith(uploaded);
    } catch (e) {
      fail(e);
      setStep('choose');
    }
  }

  async function run() {
    const controller = new AbortController();
    setAbort(controller);
    setStep('running');
    setError(null);
    setProblems([]);
    setProgress(null);
    const clean = Object.fromEntries(Object.entries(mapping).filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)));
    const opts: ImportOptions = {
      ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined && v !== '')),
      ...(Object.keys(clean).length ? { mapping: clean as FieldMapping } : {}),
    };
    try {
      const summaries = await api['import.run']({ paths, options: opts }, { onProgress: setProgress, signal: controller.signal });
      onImported(summaries);
    } catch (e) {
      fail(e);
      setStep('mapping');
    } finally {
      setAbort(null);
    }
  }

  const fieldNames = preview?.fields.map((f) => f.name) ?? [];
  const select = (value: string | undefined, onChange: (v: string | undefined) => void, label: string, testId: string) => (
    <label className="field">
      <span>{label}</span>
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)} data-testid={testId}>
        <option value="">—</option>
        {fieldNames.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </label>
  );
  const pct = percent(progress);

  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label="Import data">
      <div className="modal import-dialog">
        <header className="panel-header">
          <h2>Import data</h2>
          <button onClick={() => (abort?.abort(), onClose())} title="Close">✕</button>
        </header>

        {step === 'choose' && (
          <div
            className={dragging ? 'drop-zone dragging' : 'drop-zone'}
            onDragOver={(e) => (e.preventDefault(), setDragging(true))}
            onDragLeave={() => setDragging(false)}
            onDrop={(e) => {
              e.preventDefault();
              setDragging(false);
              void chooseBrowserFiles(e.dataTransfer.files);
            }}
          >
            <p>Drop a shapefile (all its parts: .shp .dbf .shx .prj .cpg), a GeoJSON or a CSV here, or</p>
            {files.pickPaths ? (
              <button className="primary" onClick={async () => startWith(await files.pickPaths!())}>
                Choose files…
              </button>
            ) : (
              <input
                type="file"
                multiple
                data-testid="import-files"
                accept={readable ? [...readable.primary, ...readable.companions].map((e) => `.${e}`).join(',') : undefined}
                onChange={(e) => e.target.files && void chooseBrowserFiles(e.target.files)}
              />
            )}
          </div>
        )}

        {(step === 'uploading' || step === 'previewing') && (
          <p className="muted">{step === 'uploading' ? `Uploading… ${pct ?? 0}%` : 'Reading the file…'}</p>
        )}

        {(step === 'mapping' || step === 'running') && preview && (
          <div className="mapping">
            <p>
              <strong>{paths.map(baseName).join(', ')}</strong> — {preview.format}, {preview.fields.length} fields,{' '}
              CRS: {preview.crs ?? 'none declared'}
            </p>
            <div className="form-grid">
              {paths.length === 1 && <label className="field">
                <span>Layer name</span>
                <input
                  value={options.layer ?? ''}
                  data-testid="import-layer-name"
                  onChange={(e) => setOptions({ ...options, layer: e.target.value || undefined })}
                />
              </label>}
              {preview.crsNeeded && (
                <label className="field">
                  <span>CRS (EPSG code or proj string)</span>
                  <input value={options.crs ?? ''} placeholder="EPSG:4326" onChange={(e) => setOptions({ ...options, crs: e.target.value || undefined })} />
                </label>
              )}
              {preview.format === 'csv' && (
                <>
                  {select(options.lat, (v) => setOptions({ ...options, lat: v }), 'Latitude column', 'map-lat')}
                  {select(options.lon, (v) => setOptions({ ...options, lon: v }), 'Longitude column', 'map-lon')}
                  {select(options.wkt, (v) => setOptions({ ...options, wkt: v }), 'WKT geometry column', 'map-wkt')}
                </>
              )}
              {select(mapping.time?.[0], (v) => setMapping({ ...mapping, time: v ? [v, ...(mapping.time?.slice(1) ?? [])] : undefined }), 'Date / time', 'map-time')}
              {select(mapping.time?.[1], (v) => setMapping({ ...mapping, time: mapping.time?.[0] ? (v ? [mapping.time[0], v] : [mapping.time[0]]) : undefined }), 'Separate time column', 'map-time2')}
              <label className="field">
                <span>Time format (optional)</span>
                <input value={mapping.timeFormat ?? ''} placeholder="e.g. DD/MM/YYYY HH:mm" onChange={(e) => setMapping({ ...mapping, timeFormat: e.target.value || undefined })} />
              </label>
              {select(mapping.category, (v) => setMapping({ ...mapping, category: v }), 'Category (incident type)', 'map-category')}
              {select(mapping.quantity, (v) => setMapping({ ...mapping, quantity: v }), 'Quantity', 'map-quantity')}
              {select(mapping.unit, (v) => setMapping({ ...mapping, unit: v }), 'Unit column', 'map-unit')}
              <label className="field">
                <span>Fixed unit (optional)</span>
                <input value={mapping.unitValue ?? ''} placeholder="kg" onChange={(e) => setMapping({ ...mapping, unitValue: e.target.value || undefined })} />
              </label>
              <label className="field checkbox">
                <input type="checkbox" checked={options.skipInvalid ?? false} onChange={(e) => setOptions({ ...options, skipInvalid: e.target.checked || undefined })} />
                <span>Skip invalid records instead of stopping</span>
              </label>
            </div>
            {preview.sample.length > 0 && (
              <div className="sample">
                <table>
                  <thead>
                    <tr>
                      {fieldNames.map((n) => (
                        <th key={n}>{n}</th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {preview.sample.slice(0, 5).map((row, i) => (
                      <tr key={i}>
                        {fieldNames.map((n) => (
                          <td key={n}>{row[n] === null || row[n] === undefined ? '' : String(row[n])}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </div>
        )}

        {step === 'running' && (
          <div className="progress" data-testid="import-progress">
            <progress max={100} value={pct ?? undefined} />
            <span className="muted">
              {progress ? `${progress.phase}${progress.message ? `: ${progress.message}` : ''}${pct !== null ? ` ${pct}%` : ''}` : 'Starting…'}
            </span>
          </div>
        )}

        {error && (
          <div className="error" role="alert" data-testid="import-error">
            {error}
          </div>
        )}
        {problems.length > 0 && (
          <table className="problems" data-testid="import-problems">
            <thead>
              <tr>
                <th>File</th>
                <th>Row / feature</th>
                <th>Reason</th>
              </tr>
            </thead>
            <tbody>
              {problems.map((p, i) => (
                <tr key={i}>
                  <td>{baseName(p.file)}</td>
                  <td>{p.location ?? '—'}</td>
                  <td>{p.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}

        <footer className="modal-footer">
          {step === 'running' ? (
            <button onClick={() => abort?.abort()}>Cancel</button>
          ) : (
            <button onClick={onClose}>Close</button>
          )}
          {step === 'mapping' && (
            <button className="primary" onClick={() => void run()} data-testid="import-run">
              Import
            </button>
          )}
        </footer>
      </div>
    </div>
  );
}
