/**
 * Writes a layer to a file in any format the registry writes (formats/registry.ts), the format
 * chosen by the file name or given; streamed from the store through OutputFiles, so a big layer
 * never sits in memory and a failed export leaves no half-written file behind.
 */
import path from 'node:path';
import type { CallContext, ExportResult } from '../../../shared/api/contract.ts';
import { UserError } from '../../../shared/errors.ts';
import type { Workspace } from '../store/workspace.ts';
import { layerItem } from './exportItems.ts';
import { writeItems } from './writeItems.ts';

const isPoints = (t: string) => t === 'Point' || t === 'None';

export async function exportLayer(ws: Workspace, layerId: number, out: string, ctx: CallContext = {}, format?: string): Promise<ExportResult> {
  const layer = ws.getLayer(layerId);
  const { format: chosen, count, files } = await writeItems(out, format, [layerItem(ws, layer)], ctx, (writer) => {
    if (writer.write.geometry === 'points' && !isPoints(layer.geometryType)) {
      throw new UserError(`layer "${layer.name}" holds ${layer.geometryType} geometries: ${writer.label} holds points only`);
    }
  });
  ws.audit(ctx.actor ?? 'system', 'export', layer.name, { layerId, path: path.resolve(out), format: chosen, count });
  return { path: out, count, files };
}
