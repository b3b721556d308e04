/**
 * Writes a layer out as RFC 7946 GeoJSON (any geometry) or CSV (points: lon, lat, properties).
 * Streamed row by row into a temporary file renamed into place at the end, so a big layer never
 * sits in memory and a failed export leaves no half-written file behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CallContext, LayerInfo } from '../../shared/api/contract.ts';
import { UserError } from '../../shared/errors.ts';
import { localDateOf } from '../../shared/time/zone.ts';
import { CancelledError, type Workspace, type StoredFeature } from './store/workspace.ts';

const FLUSH_CHARS = 1 << 20;

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

class TextOut {
  private parts: string[] = [];
  private chars = 0;
  constructor(private readonly fd: number) {}
  write(s: string): void {
    this.parts.push(s);
    this.chars += s.length;
    if (this.chars >= FLUSH_CHARS) this.flush();
  }
  flush(): void {
    if (!this.parts.length) return;
    fs.writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.chars = 0;
  }
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export async function exportLayer(
  ws: Workspace,
  layerId: number,
  out: string,
  ctx: CallContext = {},
): Promise<{ path: string; count: number }> {
  const layer = ws.getLayer(layerId);
  const ext = path.extname(out).toLowerCase();
  if (ext !== '.geojson' && ext !== '.json' && ext !== '.csv') {
    throw new UserError(`cannot export to "${out}": unknown extension "${ext || '(none)'}"; use .geojson or .csv`);
  }
  if (ext === '.csv' && layer.geometryType !== 'Point' && layer.geometryType !== 'None') {
    throw new UserError(
      `layer "${layer.name}" holds ${layer.geometryType} geometries: CSV export is for point layers; export it as .geojson`,
    );
  }
  const dir = path.dirname(path.resolve(out));
  if (!fs.existsSync(dir)) throw new UserError(`cannot export to "${out}": folder ${dir} does not exist`);
  const tmp = path.join(dir, `.${path.basename(out)}.${process.pid}.part`);
  let fd: number;
  try {
    fd = fs.openSync(tmp, 'w');
  } catch (e) {
    throw new UserError(`cannot write "${out}": ${(e as Error).message}`);
  }
  const keys = mappedKeyNames(layer);
  const tz = ws.timezone;
  let count = 0;
  try {
    const w = new TextOut(fd);
    const total = layer.featureCount;
    const report = async (): Promise<void> => {
      ctx.onProgress?.({ phase: 'export', done: count, total });
      await new Promise((r) => setImmediate(r));
      if (ctx.signal?.aborted) throw new CancelledError('export');
    };
    if (ext === '.csv') {
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
    w.flush();
    fs.closeSync(fd);
    fs.renameSync(tmp, out);
  } catch (e) {
    try {
      fs.closeSync(fd);
    } catch {
      // already closed
    }
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  ws.audit(ctx.actor ?? 'system', 'export', layer.name, { layerId, path: path.resolve(out), count });
  return { path: out, count };
}
