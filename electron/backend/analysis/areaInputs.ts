/**
 * The polygons a counts-per-area run needs from the workspace: every polygon record of the `by`
 * layer in source order (the tie-break order of shared/analysis/pointInAreas.ts), its name and,
 * with `per`, its population. Refuses what cannot be counted, naming the flag, field and record.
 */
import type { z } from 'zod';
import type { AreasParams } from '../../../shared/api/analysisInputs.ts';
import type { LayerInfo } from '../../../shared/api/contract.ts';
import type { AreaInput, AreaLayerInput } from '../../../shared/analysis/run/types.ts';
import { UserError } from '../../../shared/errors.ts';
import type { WorkspaceStore } from '../store/store.ts';
import { applyKeptSizes } from './areaSizes.ts';

type Req = z.infer<typeof AreasParams>;

const isPolygonLayer = (l: LayerInfo) => l.geometryType === 'Polygon' || l.geometryType === 'MultiPolygon' || l.geometryType === 'Mixed';

/** A population value: a number, or text that is one; null when empty; an error otherwise. */
function population(raw: unknown, layer: LayerInfo, field: string, sourceIndex: number): number | null {
  if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) return null;
  const v = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim().replace(/,/g, '')) : NaN;
  if (!Number.isFinite(v) || v < 0) {
    throw new UserError(`--per ${field}: layer "${layer.name}", record ${sourceIndex}: ${JSON.stringify(raw)} is not a population (a number ≥ 0)`);
  }
  return v;
}

/** The `by` layer's polygons as the run takes them, and the layer (its fingerprint joins the run's). */
export async function areaInputs(ws: WorkspaceStore, req: Req): Promise<{ layer: LayerInfo; input: AreaLayerInput }> {
  const layer = await ws.getLayer(req.by);
  if (!isPolygonLayer(layer)) throw new UserError(`--by ${layer.name}: the layer holds ${layer.geometryType} features, not polygons`);
  const fieldNames = () => layer.fields.map((f) => f.name).join(', ') || 'none';
  for (const [flag, field] of [['--name-field', req.nameField], ['--per', req.per]] as const) {
    if (field !== undefined && !layer.fields.some((f) => f.name === field)) {
      throw new UserError(`${flag} ${field}: layer "${layer.name}" has no field "${field}" (fields: ${fieldNames()})`);
    }
  }
  const nameField = req.nameField ?? layer.fields.find((f) => f.type === 'string')?.name ?? null;
  const areas: AreaInput[] = [];
  let skipped = 0;
  for await (const batch of ws.featureBatches(layer.id)) {
    for (const f of batch) {
      const g = f.geometry;
      if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) {
        skipped++;
        continue;
      }
      const name = nameField === null ? null : f.properties[nameField];
      areas.push({
        sourceIndex: f.sourceIndex,
        name: name === null || name === undefined ? null : String(name),
        population: req.per === undefined ? null : population(f.properties[req.per], layer, req.per, f.sourceIndex),
        geometry: g,
      });
    }
  }
  if (!areas.length) throw new UserError(`--by ${layer.name}: the layer has no polygon`);
  areas.sort((a, b) => a.sourceIndex - b.sourceIndex);
  const input = { layer: layer.name, nameField, skipped, polygons: areas };
  applyKeptSizes(layer, input);
  return { layer, input };
}
