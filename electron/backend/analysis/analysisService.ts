/**
 * Runs an analysis over the workspace: selects the incidents (and any reference layers the
 * method needs), runs the shared core inline (CLI) or on a worker thread (app hosts), stores the
 * run with its resolved parameters and an input fingerprint, and writes the audit entry.
 */
import type { LineString, MultiLineString } from 'geojson';
import type { AnalysisRequest } from '../../../shared/api/analysisInputs.ts';
import type { AnalysisRun, CallContext } from '../../../shared/api/contract.ts';
import { executeAnalysis } from '../../../shared/analysis/run/execute.ts';
import { withKdeRowHelper } from './kdeRowHelper.ts';
import type { AnalysisInputData, AnalysisOutput } from '../../../shared/analysis/run/types.ts';
import { UserError } from '../../../shared/errors.ts';
import type { WorkspaceStore } from '../store/store.ts';
import { toListing, toStoredResult } from './analysisResults.ts';
import { inputFingerprint, selectPoints, type SelectedPoints } from './selectPoints.ts';
import { pushdownRun } from './pushdownRuns.ts';
import { studyAreaInput } from './studyAreaInput.ts';
import { runInWorker } from './runInWorker.ts';
import { basemapBorder } from './defaultBorder.ts';
import { areaInputs } from './areaInputs.ts';
import { keepAreaSizes } from './areaSizes.ts';
import { aoristicChoice, aoristicNote } from './aoristicChoice.ts';
import { DEFAULT_LANGUAGE, type Language } from '../../../shared/i18n/languages.ts';
import { translator } from '../../../shared/i18n/translator.ts';

export interface RunMode {
  /** Run the core on a worker thread (keeps a UI host responsive). */
  inWorker?: boolean;
}

export interface PreparedRun {
  req: AnalysisRequest;
  input: AnalysisInputData;
  /** What was selected, for the run's provenance and warnings; null for Gi* on a layer's own features. */
  selection: Pick<SelectedPoints, 'description' | 'warnings'> | null;
  layerId: number;
  fingerprint: string;
  /** Emerging hot spots: how records known only to a time window were counted (aoristicChoice.ts). */
  aoristicNote?: string;
  /** The language of the run's sentences (warnings, notes); English when absent. */
  language?: Language;
}

/** Reads everything the run needs from the workspace (the only part that touches the store). */
/**
 * `language`: of the sentences the run composes (its warnings and notes), the request's own
 * (the app's) before the caller's; English by default. It is no parameter of the run: taken off
 * the request, it changes neither the fingerprint nor the stored parameters.
 */
export async function prepareRun(ws: WorkspaceStore, asked: AnalysisRequest, callerLanguage: Language = DEFAULT_LANGUAGE): Promise<PreparedRun> {
  const { language = callerLanguage, ...req } = asked;
  const tz = await ws.timezone();
  if (req.kind === 'gistar' && req.field !== undefined) {
    const layer = await ws.getLayer(req.layer);
    const field = layer.fields.find((f) => f.name === req.field);
    if (!field) {
      throw new UserError(`layer "${layer.name}" has no field "${req.field}" (fields: ${layer.fields.map((f) => f.name).join(', ')})`);
    }
    const features: NonNullable<AnalysisInputData['features']> = [];
    for await (const batch of ws.featureBatches(layer.id)) {
      for (const f of batch) {
        if (!f.geometry) continue;
        const raw = f.properties[req.field];
        const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
        if (!Number.isFinite(value)) {
          throw new UserError(
            `layer "${layer.name}", record ${f.sourceIndex}: field "${req.field}" is not a number (${JSON.stringify(raw ?? null)})`,
          );
        }
        features.push({ id: f.id, sourceIndex: f.sourceIndex, geometry: f.geometry, value });
      }
    }
    const empty = selectPointsEmpty();
    return {
      req,
      input: { points: empty, tz, features, language },
      selection: null,
      layerId: layer.id,
      fingerprint: inputFingerprint(layer, empty.ids, req),
      language,
    };
  }
  // Emerging hot spots: aoristic as asked, else on when the layer has time windows (aoristicChoice.ts).
  // The choice is made here and stored with the run (a new const: reassigning req would lose the
  // narrowing of req.kind that the callbacks above rely on).
  const aoristic = req.kind === 'emerging' ? aoristicChoice(await ws.getLayer(req.layer), req.aoristic) : null;
  const run: AnalysisRequest = req.kind === 'emerging' ? { ...req, aoristic: aoristic!.on } : req;
  // A team workspace clusters or counts a big selection where the data is.
  const pushed = await pushdownRun(ws, run, tz, language);
  if (pushed) return pushed;
  const selection = await selectPoints(ws, run.layer, run.selection, { stacks: true, windowReach: aoristic?.reach ?? 0, language });
  // Under the summary's key "aoristic", without the note's own "aoristic: ".
  const note = aoristic && aoristicNote(selection.layer, aoristic, language, { prefixed: false });
  const input: AnalysisInputData = { points: selection.points, tz, language };
  if (run.kind === 'dbscan' && selection.locations) input.locations = selection.locations;
  const ids = selection.points.ids;
  if (run.kind === 'areas') {
    const by = await areaInputs(ws, run);
    input.areas = by.input;
    // The areas are an input too: the same incidents over redrawn polygons are another run.
    return { req: run, input, selection, layerId: selection.layer.id, fingerprint: inputFingerprint(selection.layer, ids, { ...run, byFingerprint: by.layer.fingerprint }), language };
  }
  const studyArea = await studyAreaInput(ws, run);
  if (studyArea) input.studyArea = studyArea;
  if (run.kind === 'corridors') {
    if (run.network !== undefined) input.network = await lineGeometries(ws, run.network, '--network');
    // Without --border, the US–Mexico line of the bundled basemap.
    input.border = run.border !== undefined ? await lineGeometries(ws, run.border, '--border') : basemapBorder();
  }
  return { req: run, input, selection, layerId: selection.layer.id, fingerprint: inputFingerprint(selection.layer, ids, run), language, ...(note ? { aoristicNote: note } : {}) };
}

export function selectPointsEmpty(): AnalysisInputData['points'] {
  return {
    count: 0,
    ids: new Float64Array(0),
    lon: new Float64Array(0),
    lat: new Float64Array(0),
    time: new Float64Array(0),
    timePrecision: new Uint8Array(0),
    category: new Int32Array(0),
    categories: [],
    quantity: new Float64Array(0),
    unit: new Int32Array(0),
    units: [],
    sourceIndex: new Float64Array(0),
  };
}

/** The lines of a layer, for a network or a border; a layer of anything else is refused. */
async function lineGeometries(ws: WorkspaceStore, ref: number | string, flag: string): Promise<(LineString | MultiLineString)[]> {
  const layer = await ws.getLayer(ref);
  if (layer.geometryType !== 'LineString' && layer.geometryType !== 'MultiLineString') {
    throw new UserError(`${flag} ${layer.name}: the layer holds ${layer.geometryType} features; it must hold lines`);
  }
  const lines: (LineString | MultiLineString)[] = [];
  for await (const batch of ws.featureBatches(layer.id)) {
    for (const f of batch) if (f.geometry && (f.geometry.type === 'LineString' || f.geometry.type === 'MultiLineString')) lines.push(f.geometry);
  }
  if (!lines.length) throw new UserError(`${flag} ${layer.name}: the layer has no lines`);
  return lines;
}

/**
 * Stores a finished run and audits it. A role that may only read a team workspace keeps the run
 * for this session (the store gives it a negative id) and is told so.
 */
export async function saveRun(ws: WorkspaceStore, prep: PreparedRun, out: AnalysisOutput, actor: string): Promise<AnalysisRun> {
  const params = { ...out.params, selection: prep.selection?.description ?? null };
  // The selection's own (its stacked points) first: they bear on every figure after them.
  const warnings = [...(prep.selection?.warnings ?? []), ...out.warnings];
  if (ws.readOnly) warnings.push(translator(prep.language ?? DEFAULT_LANGUAGE, 'analysis')('run.readOnly', { location: ws.location, role: ws.role }));
  const summary = { ...out.summary, ...(prep.aoristicNote ? { aoristic: prep.aoristicNote } : {}), warnings };
  const id = await ws.saveAnalysis({
    kind: prep.req.kind,
    layerId: prep.layerId,
    params,
    inputFingerprint: prep.fingerprint,
    result: toStoredResult(out),
    summary,
  });
  await ws.audit(actor, 'analysis.run', `${prep.req.kind} #${id}`, { analysisId: id, params, inputFingerprint: prep.fingerprint });
  if (prep.input.areas) await keepAreaSizes(ws, prep.input.areas, out, actor);
  const listing = (await ws.listAnalyses()).find((a) => a.id === id);
  if (!listing) throw new Error(`analysis ${id} was not stored`);
  return { ...toListing(listing), warnings };
}

export async function runAnalysis(
  ws: WorkspaceStore,
  req: AnalysisRequest,
  ctx: CallContext = {},
  mode: RunMode = {},
): Promise<{ run: AnalysisRun; output: AnalysisOutput }> {
  const prep = await prepareRun(ws, req, ctx.language);
  const opts = { onProgress: ctx.onProgress, signal: ctx.signal };
  const output = mode.inWorker
    ? await runInWorker(prep.req, prep.input, opts)
    : await withKdeRowHelper(prep.req.kind, prep.input.points.count, (kdeRowHelper) => executeAnalysis(prep.req, prep.input, { ...opts, kdeRowHelper }));
  return { run: await saveRun(ws, prep, output, ctx.actor ?? 'system'), output };
}
