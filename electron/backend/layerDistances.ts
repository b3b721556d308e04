/**
 * `layers.distances`: a point layer's records with their geodesic distance to the US–Mexico
 * border and to the nearest port of entry (the basemap's; shared/geo/geodesicDistance.ts), stored
 * as a new layer — as QGIS's "Distance to nearest hub" does — so the popups, the attribute table,
 * the attribute filter, summaries and exports see them as fields. Audited with its provenance.
 */
import crypto from 'node:crypto';
import type { LayerInfo } from '../../shared/api/contract.ts';
import type { DistancesRequest } from '../../shared/api/bufferInput.ts';
import { distanceIndex } from '../../shared/geo/geodesicDistance.ts';
import type { FieldInfo, NormalizedFeature } from '../../shared/model/feature.ts';
import { UserError } from '../../shared/errors.ts';
import { layerTakenError } from './store/layerTakenError.ts';
import { resolveFeatures } from './analysis/featureSpec.ts';
import { insertLayer, readFeatures, type WorkspaceStore } from './store/store.ts';

const DISTANCE_FIELDS: FieldInfo[] = [
  { name: 'dist_border_m', type: 'number' },
  { name: 'nearest_port', type: 'string' },
  { name: 'dist_port_m', type: 'number' },
];
const METHOD = "geodesic metres on WGS 84 (Karney's inverse, geographiclib) to the basemap's US–Mexico border (Natural Earth 1:10m) and ports of entry (data/basemap/ports-of-entry.csv)";

/** Distances of one point: to the border, and the nearest port of entry with its distance. */
type PointDistances = (lon: number, lat: number) => { border: number; port: string; portMetres: number };

/** The basemap's border and ports as distance indexes. */
async function borderAndPorts(ws: WorkspaceStore): Promise<{ measure: PointDistances; fingerprints: { border: string; ports: string } }> {
  const border = await resolveFeatures(ws, 'basemap:border', '--layer');
  const ports = await resolveFeatures(ws, 'basemap:ports-of-entry', '--layer');
  const b = distanceIndex(border.features.map((f) => f.geometry));
  const p = distanceIndex(ports.features.map((f) => f.geometry));
  const names = ports.features.map((f) => String(f.properties.name ?? f.sourceIndex));
  return {
    measure: (lon, lat) => {
      const near = p.nearest(lon, lat);
      return { border: b.nearest(lon, lat).metres, port: names[near.feature] ?? '', portMetres: near.metres };
    },
    fingerprints: { border: border.fingerprint, ports: ports.fingerprint },
  };
}

const round = (m: number) => Math.round(m * 10) / 10;

export async function distancesLayer(ws: WorkspaceStore, req: DistancesRequest, actor: string): Promise<LayerInfo> {
  if (await ws.findLayer(req.name)) throw layerTakenError(req.name, 'newLayer');
  const layer = await ws.getLayer(req.layer);
  if (layer.geometryType !== 'Point') throw new UserError(`layer "${layer.name}" holds ${layer.geometryType} features; distances are measured from points`);
  const taken = layer.fields.filter((f) => DISTANCE_FIELDS.some((d) => d.name === f.name));
  if (taken.length) throw new UserError(`layer "${layer.name}" already has a field ${taken[0].name}; it would be overwritten`);
  const { measure, fingerprints } = await borderAndPorts(ws);
  // Read whole before writing: the store cannot iterate one statement while another writes.
  const features: NormalizedFeature[] = [];
  for (const { id: _id, ...f } of await readFeatures(ws, layer.id)) {
    if (f.geometry?.type !== 'Point') {
      features.push({ ...f, properties: { ...f.properties, dist_border_m: null, nearest_port: null, dist_port_m: null } });
      continue;
    }
    const [lon, lat] = f.geometry.coordinates;
    const d = measure(lon, lat);
    features.push({ ...f, properties: { ...f.properties, dist_border_m: round(d.border), nearest_port: d.port, dist_port_m: round(d.portMetres) } });
  }
  const provenance = { operation: 'distances', source: layer.name, sourceFingerprint: layer.fingerprint, basemap: fingerprints, method: METHOD };
  return insertLayer(
    ws,
    {
      name: req.name,
      sourceFile: layer.sourceFile,
      sourceFormat: layer.sourceFormat,
      sourceCrs: layer.sourceCrs,
      fields: [...layer.fields, ...DISTANCE_FIELDS],
      fingerprint: crypto.createHash('sha256').update(JSON.stringify(provenance)).digest('hex'),
      mapping: layer.mapping,
      metadata: { ...layer.metadata, distances: provenance },
    },
    features,
    (layerId) => [{ actor, action: 'layer.distances', target: req.name, details: { layerId, ...provenance, features: features.length } }],
  );
}
