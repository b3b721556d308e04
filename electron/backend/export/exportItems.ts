/**
 * A layer or a stored analysis as the formats' writers take it (formats/types.ts ExportItem):
 * the fields, and the features streamed from the store.
 */
import type { FeatureCollection, Geometry } from 'geojson';
import type { LayerInfo } from '../../../shared/api/contract.ts';
import { FieldCollector } from '../../../shared/import/fieldTypes.ts';
import type { FieldInfo, GeometryType } from '../../../shared/model/feature.ts';
import { localDateOf } from '../../../shared/time/zone.ts';
import { UNCATEGORIZED_COLOR, categoryColor, resultColors } from '../../../shared/report/resultStyle.ts';
import type { StoredAnalysis, StoredFeature, WorkspaceStore } from '../store/store.ts';
import { analysisGeoJson } from '../analysis/analysisResults.ts';
import { flatAreaRows } from '../../../shared/analysis/areaRows.ts';
import type { ExportItem } from '../formats/types.ts';
import { resultProvenance } from './provenance.ts';

/** Output names for the stored analysis fields; a source property of the same name wins its key. */
const MAPPED_KEYS = ['source_index', 'time', 'time_end', 'time_precision', 'category', 'quantity', 'unit', 'precision'] as const;
type MappedKey = (typeof MAPPED_KEYS)[number];

const MAPPED_TYPES: Record<MappedKey, FieldInfo['type']> = {
  source_index: 'integer',
  time: 'string',
  time_end: 'string',
  time_precision: 'string',
  category: 'string',
  quantity: 'number',
  unit: 'string',
  precision: 'string',
};

/** The stored fields a layer exports: time_end and precision only where its mapping has them, so other layers export as before. */
function mappedKeys(layer: LayerInfo): MappedKey[] {
  return MAPPED_KEYS.filter((k) => (k !== 'time_end' || layer.mapping.timeEnd) && (k !== 'precision' || layer.mapping.precision));
}

function mappedKeyNames(layer: LayerInfo): Record<MappedKey, string> {
  const taken = new Set(layer.fields.map((f) => f.name));
  const out = {} as Record<MappedKey, string>;
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

function timeEndText(f: StoredFeature, tz: string): string | null {
  if (f.timeEnd == null) return null;
  // A date-only end is stored as the start of the next local day: its date is the day before.
  return f.timeEndPrecision === 'date' ? localDateOf(f.timeEnd - 1, tz) : new Date(f.timeEnd).toISOString();
}

/** The layer's colour on the map as the app last saved it, if it has drawn the layer. */
async function savedMapColor(ws: WorkspaceStore, layerId: number): Promise<string | null> {
  const saved = await ws.mapState();
  if (!saved) return null;
  try {
    const state = JSON.parse(saved.state) as { layers?: { id: number; color?: string }[] };
    return state.layers?.find((l) => l.id === layerId)?.color ?? null;
  } catch {
    return null;
  }
}

/**
 * How a format that styles features colours a layer's: each category in the colour the briefing
 * map gives it (by its place in the layer's categories, most frequent first), the rest in the
 * uncategorised grey; a layer without categories in its colour on the map.
 */
async function layerStyle(ws: WorkspaceStore, layer: LayerInfo, field: string): Promise<ExportItem['style']> {
  if (layer.categories.length) {
    return { field, colors: Object.fromEntries(layer.categories.map((c, i) => [c.category, categoryColor(i)])), fallback: UNCATEGORIZED_COLOR };
  }
  const color = await savedMapColor(ws, layer.id);
  return color ? { field, colors: {}, fallback: color } : undefined;
}

/** A layer with its source properties, then the stored analysis fields (source_index, time …). */
export async function layerItem(ws: WorkspaceStore, layer: LayerInfo): Promise<ExportItem> {
  const keys = mappedKeyNames(layer);
  const written = mappedKeys(layer);
  const withEnd = written.includes('time_end');
  const withPrecision = written.includes('precision');
  const tz = await ws.timezone();
  const style = await layerStyle(ws, layer, keys.category);
  return {
    name: layer.name,
    ...(style ? { style } : {}),
    fields: [...layer.fields, ...written.map((k) => ({ name: keys[k], type: MAPPED_TYPES[k] }))],
    geometryType: layer.geometryType,
    count: layer.featureCount,
    async *features() {
      for await (const batch of ws.featureBatches(layer.id)) {
        for (const f of batch) {
          const properties: Record<string, unknown> = { ...f.properties };
          properties[keys.source_index] = f.sourceIndex;
          properties[keys.time] = timeText(f, tz);
          if (withEnd) properties[keys.time_end] = timeEndText(f, tz);
          properties[keys.time_precision] = f.timePrecision;
          properties[keys.category] = f.category;
          properties[keys.quantity] = f.quantity;
          properties[keys.unit] = f.unit;
          if (withPrecision) properties[keys.precision] = f.precision ?? null;
          yield { id: f.id, geometry: f.geometry, properties };
        }
      }
    },
  };
}

function geometryTypeOf(fc: FeatureCollection<Geometry | null>): GeometryType {
  const types = new Set(fc.features.map((f) => f.geometry?.type ?? 'None'));
  if (types.size === 0) return 'None';
  if (types.size === 1) return [...types][0] as GeometryType;
  const base = new Set([...types].map((t) => t.replace(/^Multi/, '')));
  return base.size === 1 ? (`Multi${[...base][0]}` as GeometryType) : 'Mixed';
}

/** A stored analysis's map features (hulls, cells, contours, corridors), with its provenance. */
export async function analysisItem(ws: WorkspaceStore, a: StoredAnalysis): Promise<ExportItem> {
  const stored = analysisGeoJson(a);
  // Counts per area: the per-category counts and per-unit totals as columns of their own.
  const fc: typeof stored =
    a.kind === 'areas'
      ? { ...stored, features: flatAreaRows(stored.features.map((f) => f.properties ?? {})).map((properties, i) => ({ ...stored.features[i], properties })) }
      : stored;
  const fields = new FieldCollector();
  for (const f of fc.features) fields.add(f.properties ?? {});
  // Hulls, cells, contours and corridors in the colours the map and the briefing give them.
  const style = resultColors(a.kind, fc.features.map((f) => f.properties ?? {}));
  return {
    name: `${a.kind}_${a.id}`,
    fields: fields.fields(),
    geometryType: geometryTypeOf(fc),
    count: fc.features.length,
    async *features() {
      for (const f of fc.features) yield { geometry: f.geometry, properties: f.properties ?? {} };
    },
    provenance: await resultProvenance(ws, a),
    ...(style ? { style } : {}),
  };
}
