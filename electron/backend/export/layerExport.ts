/**
 * Writes a layer out as RFC 7946 GeoJSON (any geometry) or CSV (points: lon, lat, properties),
 * streamed row by row (a big layer never sits in memory) through OutputFiles, so a failed
 * export leaves no half-written file behind.
 */
import path from 'node:path';
import type { CallContext, ExportResult, LayerInfo } from '../../../shared/api/contract.ts';
import { LAYER_EXPORT_FORMATS, formatOfPath, layerExportFormats, type LayerExportFormat } from '../../../shared/api/exportFormats.ts';
import { UserError } from '../../../shared/errors.ts';
import { localDateOf } from '../../../shared/time/zone.ts';
import { CancelledError, type Workspace, type StoredFeature } from '../store/workspace.ts';
import { OutputFiles, csvCell } from './outputFiles.ts';

/** Output names for the stored analysis fields; a source property of the same name wins its key. */
const MAPPED_KEYS = ['source_index', 'time', 'time_precision', 'category', 'quantity', 'unit'] as const;

function mappedKeyNames(layer: LayerInfo): Record<(typeof MAPPED_KEYS)[number], string> {
  const taken = new Set(layer.fields.map((f) => f.name));
  const out = {} as Record<(typeof MAPPED_KEYS)[number], string>;
  for (const k of MAPPED_KEYS) {
    let name = k as string;
    while (taken.has(name)) name = `frontera_${name}`;
    out[k] = name;
  }
  return out;
}

function timeText(f: StoredFeature, tz: string): string | null {
  if (f.time === null) return null;
  // A date-only source value stays a date: writing midnight would invent a clock time.
  return f.timePrecision === 'date' ? localDateOf(f.time, tz) : new Date(f.time).toISOString();
}

/** The format `out` and `format` ask for, or a UserError saying what is possible. */
function chosenFormat(layer: LayerInfo, out: string, format: LayerExportFormat | undefined): LayerExportFormat {
  const byName = formatOfPath(out, LAYER_EXPORT_FORMATS);
  const ext = path.extname(out).toLowerCase();
  if (format && byName !== format) {
    throw new UserError(`cannot export to "${out}" as ${format}: the file name must end in .${format}`);
  }
  const chosen = format ?? byName;
  if (!chosen) throw new UserError(`cannot export to "${out}": unknown extension "${ext || '(none)'}"; use .geojson or .csv`);
  if (!layerExportFormats(layer.geometryType).includes(chosen)) {
    throw new UserError(
      `layer "${layer.name}" holds ${layer.geometryType} geometries: CSV export is for point layers; export it as .geojson`,
    );
  }
  return chosen;
}

export async function exportLayer(
  ws: Workspace,
  layerId: number,
  out: string,
  ctx: CallContext = {},
  format?: LayerExportFormat,
): Promise<ExportResult> {
  const layer = ws.getLayer(layerId);
  const chosen = chosenFormat(layer, out, format);
  const keys = mappedKeyNames(layer);
  const tz = ws.timezone;
  let count = 0;
  const files = await OutputFiles.write(out, async (files) => {
    const w = files.open(out);
    const total = layer.featureCount;
    const report = async (): Promise<void> => {
      ctx.onProgress?.({ phase: 'export', done: count, total });
      await new Promise((r) => setImmediate(r));
      if (ctx.signal?.aborted) throw new CancelledError('export');
    };
    if (chosen === 'csv') {
      const propNames = layer.fields.map((f) => f.name);
      const header = ['lon', 'lat', ...propNames, keys.source_index, keys.time, keys.time_precision, keys.category, keys.quantity, keys.unit];
      w.write(header.map(csvCell).join(',') + '\r\n');
      for (const f of ws.iterateFeatures(layerId)) {
        const c = f.geometry?.type === 'Point' ? f.geometry.coordinates : [null, null];
        const row = [c[0], c[1], ...propNames.map((n) => f.properties[n]), f.sourceIndex, timeText(f, tz), f.timePrecision, f.category, f.quantity, f.unit];
        w.write(row.map(csvCell).join(',') + '\r\n');
        if (++count % 50_000 === 0) await report();
      }
    } else {
      w.write('{"type":"FeatureCollection","features":[\n');
      for (const f of ws.iterateFeatures(layerId)) {
        const props: Record<string, unknown> = { ...f.properties };
        props[keys.source_index] = f.sourceIndex;
        props[keys.time] = timeText(f, tz);
        props[keys.time_precision] = f.timePrecision;
        props[keys.category] = f.category;
        props[keys.quantity] = f.quantity;
        props[keys.unit] = f.unit;
        const feature = { type: 'Feature', id: f.id, geometry: f.geometry, properties: props };
        w.write((count ? ',\n' : '') + JSON.stringify(feature));
        if (++count % 50_000 === 0) await report();
      }
      w.write('\n]}\n');
    }
  });
  ws.audit(ctx.actor ?? 'system', 'export', layer.name, { layerId, path: path.resolve(out), format: chosen, count });
  return { path: out, count, files };
}
