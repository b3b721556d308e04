/**
 * The demo workspace's layers: synthetic incidents, a small road/river network for corridor
 * analysis, and the two municipalities. Everything is built in memory from a seed, marked
 * synthetic in its metadata, and fingerprinted by its content.
 */
import type { FieldMapping } from '../api/contract.ts';
import type { FieldInfo, NormalizedFeature } from '../model/feature.ts';
import {
  COLORADO_RIVER_MEXICO,
  HIGHWAY_2_MEXICALI_SLRC,
  HIGHWAY_2_SLRC_SONOYTA,
  HIGHWAY_5_MEXICALI_SOUTH,
  MUNICIPALITIES,
  ROAD_ALGODONES,
  ROAD_GOLFO_DE_SANTA_CLARA,
  type LonLat,
} from '../synth/region.ts';
import { DEMO_TIMEZONE } from './facts.ts';
import { buildDemoIncidents } from './incidents.ts';

export const DEMO_GENERATOR = 'frontera-demo/1';
export const DEMO_SEED = 2023;
export const SYNTHETIC_NOTE = 'SYNTHETIC — demonstration data';

export interface DemoLayer {
  name: string;
  sourceFile: 'synthetic';
  sourceFormat: 'synthetic';
  sourceCrs: 'EPSG:4326';
  fields: FieldInfo[];
  /** sha256 (hex) of the layer's generator, seed and features. */
  fingerprint: string;
  mapping: FieldMapping;
  metadata: { synthetic: true; note: string; generator: string; seed: number } & Record<string, unknown>;
  features: NormalizedFeature[];
}

const INCIDENT_FIELDS: FieldInfo[] = [
  { name: 'folio', type: 'string' },
  { name: 'fecha', type: 'date' },
  { name: 'municipio', type: 'string' },
  { name: 'estado', type: 'string' },
  { name: 'localidad', type: 'string' },
  { name: 'categoria', type: 'string' },
  { name: 'tipo', type: 'string' },
  { name: 'cantidad', type: 'number' },
  { name: 'unidad', type: 'string' },
  { name: 'descripcion', type: 'string' },
  { name: 'fecha_fin', type: 'date' },
  { name: 'precision_ubicacion', type: 'integer' },
];

const ROAD_FIELDS: FieldInfo[] = [
  { name: 'nombre', type: 'string' },
  { name: 'tipo', type: 'string' },
];

const MUNICIPALITY_FIELDS: FieldInfo[] = [
  { name: 'cvegeo', type: 'string' },
  { name: 'nombre', type: 'string' },
  { name: 'estado', type: 'string' },
];

const ROADS: { nombre: string; tipo: 'carretera' | 'río'; line: readonly LonLat[] }[] = [
  { nombre: 'Carretera Federal 2 Mexicali–San Luis Río Colorado', tipo: 'carretera', line: HIGHWAY_2_MEXICALI_SLRC },
  { nombre: 'Carretera Federal 2 San Luis Río Colorado–Sonoyta', tipo: 'carretera', line: HIGHWAY_2_SLRC_SONOYTA },
  { nombre: 'Carretera a Los Algodones', tipo: 'carretera', line: ROAD_ALGODONES },
  { nombre: 'Carretera Federal 5 Mexicali–San Felipe', tipo: 'carretera', line: HIGHWAY_5_MEXICALI_SOUTH },
  { nombre: 'Carretera San Luis Río Colorado–Golfo de Santa Clara', tipo: 'carretera', line: ROAD_GOLFO_DE_SANTA_CLARA },
  { nombre: 'Río Colorado', tipo: 'río', line: COLORADO_RIVER_MEXICO },
];

function plainFeature(i: number, geometry: NormalizedFeature['geometry'], properties: Record<string, unknown>): NormalizedFeature {
  return { sourceIndex: i, geometry, properties, time: null, timePrecision: null, category: null, quantity: null, unit: null };
}

/** sha256 (hex) of a text: the platform's (node:crypto in the back end), handed in — shared/ has none of its own. */
export type Sha256 = (text: string) => string;

function layer(
  sha256Hex: Sha256,
  name: string,
  seed: number,
  fields: FieldInfo[],
  mapping: FieldMapping,
  extra: Record<string, unknown>,
  features: NormalizedFeature[],
): DemoLayer {
  const fingerprint = sha256Hex(JSON.stringify({ generator: DEMO_GENERATOR, seed, name, features }));
  return {
    name,
    sourceFile: 'synthetic',
    sourceFormat: 'synthetic',
    sourceCrs: 'EPSG:4326',
    fields,
    fingerprint,
    mapping,
    metadata: { synthetic: true, note: SYNTHETIC_NOTE, generator: DEMO_GENERATOR, seed, ...extra },
    features,
  };
}

export function buildDemoLayers(seed: number, sha256Hex: Sha256): { layers: DemoLayer[] } {
  if (!Number.isInteger(seed)) throw new RangeError(`demo seed must be a whole number, got ${seed}`);
  const incidents = layer(
    sha256Hex,
    'incidents',
    seed,
    INCIDENT_FIELDS,
    { time: ['fecha'], timeEnd: 'fecha_fin', category: 'categoria', quantity: 'cantidad', unit: 'unidad', precision: 'precision_ubicacion' },
    {
      timezone: DEMO_TIMEZONE,
      description:
        'Homicides (one record per victim, no quantity), armed confrontations (one record per event, no quantity) ' +
        'and seizures (quantity in kg or units) in 2023; fecha is America/Tijuana wall time, date only for ~10 % of records. ' +
        'Some events are known only to a window, fecha to fecha_fin (both dates): the week before a body was found, or a month. ' +
        'precision_ubicacion as UCDP GED codes it: 1 the place itself, 3 only the municipality (geocoded to its seat).',
    },
    buildDemoIncidents(seed),
  );
  const roads = layer(
    sha256Hex,
    'roads',
    seed,
    ROAD_FIELDS,
    {},
    { description: 'Approximate highway and river centrelines, drawn by hand; the river is Natural Earth 1:10m.' },
    ROADS.map((r, i) =>
      plainFeature(i, { type: 'LineString', coordinates: r.line.map((p) => [p[0], p[1]]) }, { nombre: r.nombre, tipo: r.tipo }),
    ),
  );
  const municipalities = layer(
    sha256Hex,
    'municipalities',
    seed,
    MUNICIPALITY_FIELDS,
    {},
    {
      simplified: true,
      description: 'Simplified municipality outlines (approximate), after INEGI Marco Geoestadístico; not for boundary work.',
      attribution: 'INEGI',
    },
    MUNICIPALITIES.map((m, i) =>
      plainFeature(
        i,
        m.polygons.length === 1
          ? { type: 'Polygon', coordinates: [m.polygons[0].map((p) => [p[0], p[1]])] }
          : { type: 'MultiPolygon', coordinates: m.polygons.map((r) => [r.map((p) => [p[0], p[1]])]) },
        { cvegeo: m.cvegeo, nombre: m.name, estado: m.state },
      ),
    ),
  );
  return { layers: [incidents, roads, municipalities] };
}
