/**
 * Reads what a briefing needs out of the workspace (layers, the incident selection, stored
 * analyses, the period comparison, the timeline) and hands it to the pure model builder.
 */
import type { FeatureCollection, Geometry } from 'geojson';
import type { LayerInfo } from '../../../shared/api/contract.ts';
import type { CompareRequest } from '../../../shared/api/analysisInputs.ts';
import { UserError } from '../../../shared/errors.ts';
import { buildBriefingModel, POINT_LIMIT, type BriefingFacts, type BriefingModel } from '../../../shared/report/model.ts';
import type { LayerStyling } from '../../../shared/api/symbology.ts';
import type { PointColumns } from '../../../shared/model/points.ts';
import { readSavedMapState } from '../savedMapState.ts';
import type { BriefingOptions } from '../../../shared/report/options.ts';
import type { WorkspaceStore } from '../store/store.ts';
import { workspaceName } from '../store/openStore.ts';
import { toDetail } from '../analysis/analysisResults.ts';
import { runCompare } from '../analysis/compareService.ts';
import { autoBin } from '../analysis/timelineService.ts';
import { resolvePolygon, selectPoints, type SelectedPoints } from '../analysis/selectPoints.ts';
import { timelineCounts } from '../../../shared/analysis/timeline.ts';
import { parseTimeWindow } from '../../../shared/analysis/selection.ts';

export const APP_VERSION = '0.1.0';

/** The timeline of the points already selected: a million incidents are read from SQLite once, not twice. */
function timelineOf(sel: SelectedPoints, tz: string): NonNullable<BriefingFacts['timeline']> {
  const { time, category, categories, count } = sel.points;
  let min = Infinity;
  let max = -Infinity;
  for (const t of time) {
    if (t < min) min = t;
    if (t > max) max = t;
  }
  const bin = autoBin(sel.window.from ?? min, sel.window.to ?? max);
  const timeline = timelineCounts(time, category, categories, {
    bin,
    tz,
    ...(sel.window.from !== null ? { from: sel.window.from } : {}),
    ...(sel.window.to !== null ? { to: sel.window.to } : {}),
  });
  return { timeline, total: count };
}

const isPointLayer = (l: LayerInfo) => l.geometryType === 'Point' || l.geometryType === 'MultiPoint';

/**
 * The layers' styles by attribute and labels: those the request carries (the print dialog sends
 * the window's), else the workspace's saved map state's (`frontera brief`), so the page draws
 * the layers as the map does. Layers in their plain colour and unlabelled are left out.
 */
async function briefingStyles(ws: WorkspaceStore, options: BriefingOptions): Promise<Map<number, LayerStyling>> {
  const saved = options.styles ?? (await readSavedMapState(ws)).state?.layers.map(({ id, symbology, labels }) => ({ layer: id, symbology, labels })) ?? [];
  return new Map(saved.filter((s) => s.symbology || s.labels).map((s) => [s.layer, s]));
}

/** The properties a styling reads: its field and its labels field. */
function pickStyled(properties: Record<string, unknown>, styling: LayerStyling): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of [styling.symbology?.field, styling.labels]) if (f !== undefined && f in properties) out[f] = properties[f];
  return out;
}

/** The styled fields of each selected point, in the selection's order: read over the points' extent, matched by feature id. */
async function pointProperties(ws: WorkspaceStore, layerId: number, points: PointColumns, styling: LayerStyling): Promise<Record<string, unknown>[]> {
  const at = new Map<number, number>();
  let box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < points.count; i++) {
    at.set(points.ids[i], i);
    box = [Math.min(box[0], points.lon[i]), Math.min(box[1], points.lat[i]), Math.max(box[2], points.lon[i]), Math.max(box[3], points.lat[i])];
  }
  const out: Record<string, unknown>[] = Array.from({ length: points.count }, () => ({}));
  for await (const batch of ws.featureBatches(layerId, box[0] <= box[2] ? { bbox: box } : {})) {
    for (const f of batch) {
      const i = at.get(f.id);
      if (i !== undefined) out[i] = pickStyled(f.properties, styling);
    }
  }
  return out;
}

async function briefingFacts(ws: WorkspaceStore, options: BriefingOptions, now: Date = new Date()): Promise<BriefingFacts> {
  const tz = await ws.timezone();
  const analyses: BriefingFacts['analyses'] = [];
  for (const id of options.analyses ?? []) analyses.push(toDetail(await ws.getAnalysis(id)));
  let chosen: LayerInfo[] = [];
  if (options.layers?.length) {
    for (const ref of options.layers) chosen.push(await ws.getLayer(ref));
  } else {
    for (const id of new Set(analyses.map((a) => a.layerId).filter((id): id is number => id !== null))) {
      const layer = await ws.getLayer(id);
      if (isPointLayer(layer)) chosen.push(layer);
    }
    if (!chosen.length) chosen = (await ws.listLayers()).filter(isPointLayer).slice(0, 1);
  }
  const incidentLayer = chosen.find(isPointLayer) ?? null;
  const styles = await briefingStyles(ws, options);
  const selection = { from: options.from, to: options.to, categories: options.categories, within: options.within, withinDistance: options.withinDistance, where: options.where };
  let incidents: BriefingFacts['incidents'] = null;
  let timeline: BriefingFacts['timeline'] = null;
  let comparison: BriefingFacts['comparison'] = null;
  if (incidentLayer) {
    const sel = await selectPoints(ws, incidentLayer.id, selection);
    incidents = {
      layer: sel.layer,
      points: sel.points,
      selection: {
        from: options.from ?? null,
        to: options.to ?? null,
        categories: sel.categories,
        within: sel.within,
        ...(sel.description.withinDistance ? { withinDistance: sel.description.withinDistance } : {}),
        where: sel.where,
      },
    };
    const styling = styles.get(incidentLayer.id);
    // Styled points are drawn one by one up to POINT_LIMIT; beyond, the density surface keeps its ramp (as the map's aggregated cells).
    if (styling && sel.points.count <= POINT_LIMIT) {
      incidents.styling = styling;
      incidents.properties = await pointProperties(ws, incidentLayer.id, sel.points, styling);
    }
    if (options.timeline !== false && sel.points.count > 0) timeline = timelineOf(sel, tz);
    if (options.compare) {
      const request: CompareRequest = {
        layer: incidentLayer.name,
        split: options.compare.split,
        beforeDays: options.compare.days,
        afterDays: options.compare.days,
        ...(sel.categories ? { categories: sel.categories } : {}),
        ...(sel.within ? { within: sel.within } : {}),
        ...(options.withinDistance ? { withinDistance: options.withinDistance } : {}),
        ...(options.where ? { where: options.where } : {}),
      };
      comparison = { request, result: await runCompare(ws, request) };
    }
  } else if (options.compare) {
    throw new UserError('a period comparison needs an incident (point) layer among the briefing layers');
  }
  const layers: BriefingFacts['layers'] = [];
  for (const info of chosen.filter((l) => l.id !== incidentLayer?.id)) {
    if (isPointLayer(info)) {
      layers.push({ info });
      continue;
    }
    const features: FeatureCollection<Geometry | null> = { type: 'FeatureCollection', features: [] };
    const styling = styles.get(info.id);
    for await (const batch of ws.featureBatches(info.id)) {
      for (const f of batch) features.features.push({ type: 'Feature', geometry: f.geometry, properties: styling ? pickStyled(f.properties, styling) : {} });
    }
    layers.push({ info, features, ...(styling ? { styling } : {}) });
  }
  return {
    workspace: { file: workspaceName(ws.location), fingerprint: await ws.fingerprint(), timezone: tz },
    generatedAt: options.at ? new Date(options.at).toISOString() : now.toISOString(),
    appVersion: APP_VERSION,
    layers,
    layerNames: Object.fromEntries((await ws.listLayers()).map((l) => [l.id, l.name])),
    incidents,
    analyses,
    comparison,
    timeline,
  };
}

/**
 * The user's mistakes a briefing can contain (unknown analysis or layer, a bad date), found
 * without reading a single incident: the CLI checks before it starts a browser.
 */
export async function checkBriefingOptions(ws: WorkspaceStore, options: BriefingOptions): Promise<void> {
  const known = new Set((await ws.listAnalyses()).map((a) => a.id));
  for (const id of options.analyses ?? []) if (!known.has(id)) throw new UserError(`no analysis ${id} in ${ws.location} (list them with \`frontera analyses\`)`);
  for (const ref of options.layers ?? []) await ws.getLayer(ref);
  const tz = await ws.timezone();
  parseTimeWindow(options.from, options.to, tz);
  if (options.within) await resolvePolygon(ws, options.within);
  if (options.compare) parseTimeWindow(options.compare.split, undefined, tz);
}

export async function briefingModel(ws: WorkspaceStore, options: BriefingOptions, now?: Date): Promise<BriefingModel> {
  return buildBriefingModel(await briefingFacts(ws, options, now), options);
}

export interface BriefingPrintRecord {
  out: string;
  format: 'pdf' | 'png';
  pages: number;
  model: Pick<BriefingModel, 'title' | 'banner' | 'page' | 'extent' | 'dtg' | 'provenance' | 'incidentCount'>;
  options: BriefingOptions;
  host: string;
}

/** Every printed briefing leaves an audit row with its settings and what it showed. */
export function recordBriefingPrint(ws: WorkspaceStore, actor: string, r: BriefingPrintRecord): Promise<number | null> {
  return ws.audit(actor, 'briefing.print', r.out, {
    format: r.format,
    pages: r.pages,
    host: r.host,
    options: r.options,
    title: r.model.title,
    banner: r.model.banner?.text ?? null,
    page: r.model.page,
    extent: r.model.extent,
    dtg: r.model.dtg,
    analysisIds: r.model.provenance.analyses.map((a) => a.id),
    workspaceFingerprint: r.model.provenance.workspace.fingerprint,
    incidentCount: r.model.incidentCount,
  });
}
