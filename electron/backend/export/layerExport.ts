/**
 * Writes layers (and, into formats that hold several, stored results beside them) to a file in
 * any format the registry writes (formats/registry.ts), the format
 * chosen by the file name or given; streamed from the store through OutputFiles, so a big layer
 * never sits in memory and a failed export leaves no half-written file behind.
 */
import path from 'node:path';
import type { CallContext, ExportResult, LayerInfo } from '../../../shared/api/contract.ts';
import type { ExportItem } from '../formats/types.ts';
import { UserError } from '../../../shared/errors.ts';
import type { WorkspaceStore } from '../store/store.ts';
import { analysisItem, layerItem } from './exportItems.ts';
import { writeItems } from './writeItems.ts';

const isPoints = (t: string) => t === 'Point' || t === 'None';

export async function exportLayer(ws: WorkspaceStore, layerId: number, out: string, ctx: CallContext = {}, format?: string): Promise<ExportResult> {
  return exportItems(ws, [layerId], [], out, ctx, format);
}

/** Layers and stored results into one file (one of each for most formats; several for a GeoPackage or a KML). */
export async function exportItems(
  ws: WorkspaceStore,
  layerIds: number[],
  analysisIds: number[],
  out: string,
  ctx: CallContext = {},
  format?: string,
): Promise<ExportResult> {
  const layers: LayerInfo[] = [];
  for (const id of layerIds) layers.push(await ws.getLayer(id));
  const items: ExportItem[] = [];
  for (const l of layers) items.push(await layerItem(ws, l));
  for (const id of analysisIds) items.push(await analysisItem(ws, await ws.getAnalysis(id)));
  const { format: chosen, count, files, notes } = await writeItems(out, format, items, ctx, (writer) => {
    const lines = layers.find((l) => !isPoints(l.geometryType));
    if (writer.write.geometry === 'points' && lines) {
      throw new UserError(`layer "${lines.name}" holds ${lines.geometryType} geometries: ${writer.label} holds points only`);
    }
  });
  const target = layers.length === 1 && analysisIds.length === 0 ? layers[0].name : path.basename(out);
  await ws.audit(ctx.actor ?? 'system', 'export', target, { layerIds, analysisIds, path: path.resolve(out), format: chosen, count, notes });
  return { path: files[0], count, files, ...(notes.length ? { notes } : {}) };
}
