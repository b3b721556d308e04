/**
 * Features named the way --within names them: `LAYER` (all its features), `LAYER:N` (the record
 * with source index N — the row/record number shown in the attribute table) or
 * `LAYER:field=value` (e.g. `municipalities:NOMGEO=Mexicali`; the value's case and accents set aside). LAYER is a workspace layer or one
 * of the basemap's (shared/api/bufferInput.ts BASEMAP_LAYERS: the US–Mexico border, the ports of
 * entry), read from data/basemap as the app draws them.
 */
import crypto from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FeatureCollection, Geometry } from 'geojson';
import { BASEMAP_LAYERS, type BasemapLayerName } from '../../../shared/api/bufferInput.ts';
import type { FieldInfo, GeometryType } from '../../../shared/model/feature.ts';
import { foldText } from '../../../shared/analysis/attributeFilter.ts';
import { UserError } from '../../../shared/errors.ts';
import { installRoot } from '../installRoot.ts';
import type { WorkspaceStore } from '../store/store.ts';

interface NamedFeature {
  sourceIndex: number;
  properties: Record<string, unknown>;
  geometry: Geometry;
}

interface ResolvedFeatures {
  /** The layer's name as the user knows it. */
  layer: string;
  geometryType: GeometryType;
  fields: FieldInfo[];
  /** The source's fingerprint (a workspace layer's, or the basemap file's SHA-256). */
  fingerprint: string;
  features: NamedFeature[];
}

const BASEMAP_FILES: Record<BasemapLayerName, { file: string; keep: (p: Record<string, unknown>) => boolean }> = {
  'basemap:border': { file: 'borders.geojson', keep: (p) => p.kind === 'country' },
  'basemap:ports-of-entry': { file: 'ports-of-entry.geojson', keep: () => true },
};

function basemapLayer(name: BasemapLayerName, flag: string): Omit<ResolvedFeatures, 'features'> & { all: NamedFeature[] } {
  const file = path.join(installRoot(), 'data', 'basemap', BASEMAP_FILES[name].file);
  if (!existsSync(file)) throw new UserError(`${flag} ${name}: the basemap is not installed (${file} is missing)`);
  const text = readFileSync(file, 'utf8');
  const fc = JSON.parse(text) as FeatureCollection;
  const all: NamedFeature[] = [];
  fc.features.forEach((f, i) => {
    const properties = (f.properties ?? {}) as Record<string, unknown>;
    if (f.geometry && BASEMAP_FILES[name].keep(properties)) all.push({ sourceIndex: i, properties, geometry: f.geometry });
  });
  const fieldNames = [...new Set(all.flatMap((f) => Object.keys(f.properties)))];
  return {
    layer: name,
    geometryType: all[0]?.geometry.type === 'Point' ? 'Point' : 'LineString',
    fields: fieldNames.map((n) => ({ name: n, type: 'string' })),
    fingerprint: crypto.createHash('sha256').update(text, 'utf8').digest('hex'),
    all,
  };
}

const isBasemap = (name: string): name is BasemapLayerName => Object.prototype.hasOwnProperty.call(BASEMAP_LAYERS, name);

/**
 * The features `spec` names; `flag` names the option in messages (--within, --within-distance,
 * --layer). A layer id (a number) names a whole workspace layer. `check` sees the layer before
 * any feature is read (to refuse a layer of the wrong kind at once).
 */
export async function resolveFeatures(
  ws: WorkspaceStore,
  spec: string | number,
  flag: string,
  check: (layer: Omit<ResolvedFeatures, 'features'>) => void = () => {},
): Promise<ResolvedFeatures> {
  let layerName: string | number = spec;
  let pick: string | null = null;
  if (typeof spec === 'string') {
    const base = Object.keys(BASEMAP_LAYERS).find((b) => spec === b || spec.startsWith(`${b}:`));
    const colon = base ? (spec.length > base.length ? base.length : -1) : spec.indexOf(':');
    layerName = colon < 0 ? spec : spec.slice(0, colon);
    pick = colon < 0 ? null : spec.slice(colon + 1);
  }
  let source: Omit<ResolvedFeatures, 'features'> & { all: AsyncIterable<NamedFeature> | Iterable<NamedFeature> };
  if (typeof layerName === 'string' && isBasemap(layerName) && !(await ws.findLayer(layerName))) {
    source = basemapLayer(layerName, flag);
  } else {
    const layer = await ws.getLayer(layerName);
    const all = (async function* () {
      for await (const batch of ws.featureBatches(layer.id)) {
        for (const f of batch) if (f.geometry) yield { sourceIndex: f.sourceIndex, properties: f.properties, geometry: f.geometry };
      }
    })();
    source = { layer: layer.name, geometryType: layer.geometryType, fields: layer.fields, fingerprint: layer.fingerprint, all };
  }
  let match: (f: NamedFeature) => boolean = () => true;
  if (pick !== null) {
    const eq = pick.indexOf('=');
    if (eq > 0) {
      const field = pick.slice(0, eq);
      const value = pick.slice(eq + 1);
      if (!source.fields.some((f) => f.name === field)) throw new UserError(`${flag} ${spec}: layer "${source.layer}" has no field "${field}"`);
      // Case and accents set aside, as the table's search: 'nombre=san luis rio colorado' names "San Luis Río Colorado".
      const wanted = foldText(value);
      match = (f) => foldText(String(f.properties[field] ?? '')) === wanted;
    } else if (/^\d+$/.test(pick)) {
      const n = Number(pick);
      match = (f) => f.sourceIndex === n;
    } else {
      throw new UserError(`${flag} ${spec}: expected LAYER, LAYER:N (source index) or LAYER:field=value`);
    }
  }
  const { all, ...rest } = source;
  check(rest);
  const features: NamedFeature[] = [];
  for await (const f of all) if (match(f)) features.push(f);
  return { ...rest, features };
}
