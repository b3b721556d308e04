/**
 * `layers.buffer`: the area within a distance of a layer, one of its features or a basemap layer,
 * stored as a new polygon layer with its provenance (source, distance, method) and audited.
 * One polygon per source feature with its attributes, or one for all (`dissolve`).
 */
import crypto from 'node:crypto';
import type { MultiPolygon, Polygon } from 'geojson';
import type { LayerInfo } from '../../shared/api/contract.ts';
import type { BufferRequest } from '../../shared/api/bufferInput.ts';
import { BUFFER_METHOD, bufferPolygons, unionPolygons } from '../../shared/geo/buffer.ts';
import type { FieldInfo, NormalizedFeature } from '../../shared/model/feature.ts';
import { UserError } from '../../shared/errors.ts';
import { layerTakenError } from './store/layerTakenError.ts';
import { resolveFeatures } from './analysis/featureSpec.ts';
import { insertLayer, type WorkspaceStore } from './store/store.ts';

const DISTANCE_FIELD = 'buffer_m';

function feature(sourceIndex: number, geometry: Polygon | MultiPolygon, properties: Record<string, unknown>): NormalizedFeature {
  return { sourceIndex, geometry, properties, time: null, timePrecision: null, category: null, quantity: null, unit: null };
}

export async function bufferLayer(ws: WorkspaceStore, req: BufferRequest, actor: string): Promise<LayerInfo> {
  if (await ws.findLayer(req.name)) throw layerTakenError(req.name, 'buffer');
  const layerRef = typeof req.layer === 'number' ? (await ws.getLayer(req.layer)).name : req.layer;
  const spec = req.feature === undefined ? layerRef : `${layerRef}:${req.feature}`;
  const source = await resolveFeatures(ws, spec, req.feature === undefined ? 'layer' : 'feature');
  if (!source.features.length) {
    throw new UserError(req.feature === undefined ? `layer "${source.layer}" has no feature with a geometry to buffer` : `layer "${source.layer}" has no feature ${req.feature} with a geometry`);
  }
  const pieces = source.features.map((f) => bufferPolygons(f.geometry, req.distance));
  let features: NormalizedFeature[];
  let fields: FieldInfo[];
  if (req.dissolve) {
    const all = unionPolygons(pieces.flat());
    features = all ? [feature(0, all, { [DISTANCE_FIELD]: req.distance, features: source.features.length })] : [];
    fields = [
      { name: DISTANCE_FIELD, type: 'number' },
      { name: 'features', type: 'integer' },
    ];
  } else {
    const kept = source.fields.filter((f) => f.name !== DISTANCE_FIELD && f.name !== 'source_index');
    features = source.features.flatMap((f, i) => {
      const g = unionPolygons(pieces[i]);
      const props: Record<string, unknown> = { source_index: f.sourceIndex };
      for (const k of kept) props[k.name] = f.properties[k.name] ?? null;
      props[DISTANCE_FIELD] = req.distance;
      return g ? [feature(f.sourceIndex, g, props)] : [];
    });
    fields = [{ name: 'source_index', type: 'integer' }, ...kept, { name: DISTANCE_FIELD, type: 'number' }];
  }
  const provenance = {
    operation: 'buffer',
    source: source.layer,
    sourceFingerprint: source.fingerprint,
    feature: req.feature ?? null,
    distanceMetres: req.distance,
    dissolve: req.dissolve ?? false,
    method: BUFFER_METHOD,
  };
  return insertLayer(
    ws,
    {
      name: req.name,
      sourceFile: source.layer,
      sourceFormat: 'buffer',
      sourceCrs: 'EPSG:4326',
      fields,
      fingerprint: crypto.createHash('sha256').update(JSON.stringify(provenance)).digest('hex'),
      mapping: {},
      metadata: { buffer: provenance },
    },
    features,
    (layerId) => [{ actor, action: 'layer.buffer', target: req.name, details: { layerId, ...provenance, features: features.length } }],
  );
}
