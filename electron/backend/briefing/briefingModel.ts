/**
 * Reads what a briefing needs out of the workspace (layers, the incident selection, stored
 * analyses, the period comparison, the timeline) and hands it to the pure model builder.
 */
import path from 'node:path';
import type { FeatureCollection, Geometry } from 'geojson';
import type { LayerInfo } from '../../../shared/api/contract.ts';
import type { CompareRequest } from '../../../shared/api/analysisInputs.ts';
import { UserError } from '../../../shared/errors.ts';
import { buildBriefingModel, type BriefingFacts, type BriefingModel } from '../../../shared/report/model.ts';
import type { BriefingOptions } from '../../../shared/report/options.ts';
import type { Workspace } from '../store/workspace.ts';
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

function briefingFacts(ws: Workspace, options: BriefingOptions, now: Date = new Date()): BriefingFacts {
  const analyses = (options.analyses ?? []).map((id) => toDetail(ws.getAnalysis(id)));
  let chosen: LayerInfo[];
  if (options.layers?.length) {
    chosen = options.layers.map((ref) => ws.getLayer(ref));
  } else {
    const fromAnalyses = [...new Set(analyses.map((a) => a.layerId).filter((id): id is number => id !== null))].map((id) => ws.getLayer(id));
    chosen = fromAnalyses.filter(isPointLayer);
    if (!chosen.length) chosen = ws.listLayers().filter(isPointLayer).slice(0, 1);
  }
  const incidentLayer = chosen.find(isPointLayer) ?? null;
  const selection = { from: options.from, to: options.to, categories: options.categories, within: options.within, withinDistance: options.withinDistance, where: options.where };
  let incidents: BriefingFacts['incidents'] = null;
  let timeline: BriefingFacts['timeline'] = null;
  let comparison: BriefingFacts['comparison'] = null;
  if (incidentLayer) {
    const sel = selectPoints(ws, incidentLayer.id, selection);
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
    if (options.timeline !== false && sel.points.count > 0) timeline = timelineOf(sel, ws.timezone);
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
      comparison = { request, result: runCompare(ws, request) };
    }
  } else if (options.compare) {
    throw new UserError('a period comparison needs an incident (point) layer among the briefing layers');
  }
  const layers = chosen
    .filter((l) => l.id !== incidentLayer?.id)
    .map((info) => {
      if (isPointLayer(info)) return { info };
      const features: FeatureCollection<Geometry | null> = { type: 'FeatureCollection', features: [] };
      for (const f of ws.iterateFeatures(info.id)) features.features.push({ type: 'Feature', geometry: f.geometry, properties: {} });
      return { info, features };
    });
  return {
    workspace: { file: path.basename(ws.path), fingerprint: ws.fingerprint(), timezone: ws.timezone },
    generatedAt: options.at ? new Date(options.at).toISOString() : now.toISOString(),
    appVersion: APP_VERSION,
    layers,
    layerNames: Object.fromEntries(ws.listLayers().map((l) => [l.id, l.name])),
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
export function checkBriefingOptions(ws: Workspace, options: BriefingOptions): void {
  const known = new Set(ws.listAnalyses().map((a) => a.id));
  for (const id of options.analyses ?? []) if (!known.has(id)) throw new UserError(`no analysis ${id} in ${ws.path} (list them with \`frontera analyses\`)`);
  for (const ref of options.layers ?? []) ws.getLayer(ref);
  parseTimeWindow(options.from, options.to, ws.timezone);
  if (options.within) resolvePolygon(ws, options.within);
  if (options.compare) parseTimeWindow(options.compare.split, undefined, ws.timezone);
}

export function briefingModel(ws: Workspace, options: BriefingOptions, now?: Date): BriefingModel {
  return buildBriefingModel(briefingFacts(ws, options, now), options);
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
export function recordBriefingPrint(ws: Workspace, actor: string, r: BriefingPrintRecord): number {
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
