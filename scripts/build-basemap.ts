/**
 * Builds the offline basemap of the Sonora–Baja California border zone from npm data packages
 * (world-atlas, us-atlas), so the app never asks a tile server for anything:
 *
 *   data/basemap/land.geojson      country polygons (Mexico, USA), clipped to the region
 *   data/basemap/borders.geojson   international boundaries (the US–Mexico line)
 *   data/basemap/admin1.geojson    US state and county lines (Mexican states are not in the packages)
 *   data/basemap/towns.geojson     a gazetteer of border-zone towns
 *   data/basemap/ports-of-entry.geojson  the ports of entry of the Sonora–Baja California line,
 *                                  from the checked-in table data/basemap/ports-of-entry.csv
 *
 * and the Mexican side from the public-domain and INEGI sources of ../shared/fixtures (see
 * data/basemap/SOURCES.md), when that folder is there; a build without it keeps the committed
 * files, which are derived from it and small:
 *
 *   data/basemap/mx-states.geojson        Mexican state polygons (INEGI), clipped to the region
 *   data/basemap/mx-state-labels.geojson  one label point per state, inside it
 *   data/basemap/rivers.geojson           Natural Earth 1:10m rivers and lake centrelines
 *   data/basemap/railroads.geojson        Natural Earth 1:10m railroads
 *
 * No package on the npm registry carries Natural Earth's roads (or another public-domain road
 * set), so the basemap has none; railroads and rivers are the reference lines it draws.
 * The sea (Pacific, Gulf of California) is the map background around the land fill.
 *
 * Usage: node --import tsx scripts/build-basemap.ts [outDir]
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { bboxClip, centerOfMass, booleanPointInPolygon, pointOnFeature } from '@turf/turf';
import * as shapefile from 'shapefile';
import { feature, mesh } from 'topojson-client';
import type { Feature, FeatureCollection, Geometry, LineString, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';
import type { GeometryCollection, Topology } from 'topojson-specification';

/**
 * lon/lat window kept: all of Baja California and Sonora with the neighbouring US states, so
 * municipality layers and zoomed-out views never run off the edge of the land.
 */
export const REGION: [number, number, number, number] = [-122, 24, -105, 37];

export interface Town {
  name: string;
  country: 'MX' | 'US';
  state: string;
  lon: number;
  lat: number;
  /** 1 = regional city, 2 = town, 3 = small town / port of entry; drives label priority. */
  rank: 1 | 2 | 3;
}

export const TOWNS: Town[] = [
  { name: 'San Luis Río Colorado', country: 'MX', state: 'Sonora', lon: -114.7717, lat: 32.4561, rank: 1 },
  { name: 'Mexicali', country: 'MX', state: 'Baja California', lon: -115.4545, lat: 32.6245, rank: 1 },
  { name: 'Ciudad Guadalupe Victoria', country: 'MX', state: 'Baja California', lon: -115.104, lat: 32.293, rank: 2 },
  { name: 'Los Algodones', country: 'MX', state: 'Baja California', lon: -114.73, lat: 32.7, rank: 3 },
  { name: 'Tijuana', country: 'MX', state: 'Baja California', lon: -117.0382, lat: 32.5149, rank: 1 },
  { name: 'Tecate', country: 'MX', state: 'Baja California', lon: -116.625, lat: 32.5725, rank: 2 },
  { name: 'Ensenada', country: 'MX', state: 'Baja California', lon: -116.5964, lat: 31.8667, rank: 1 },
  { name: 'San Felipe', country: 'MX', state: 'Baja California', lon: -114.8407, lat: 31.0255, rank: 2 },
  { name: 'Sonoyta', country: 'MX', state: 'Sonora', lon: -112.8616, lat: 31.8614, rank: 2 },
  { name: 'Puerto Peñasco', country: 'MX', state: 'Sonora', lon: -113.535, lat: 31.3172, rank: 2 },
  { name: 'Caborca', country: 'MX', state: 'Sonora', lon: -112.1617, lat: 30.7156, rank: 2 },
  { name: 'Golfo de Santa Clara', country: 'MX', state: 'Sonora', lon: -114.94, lat: 31.6844, rank: 3 },
  { name: 'Yuma', country: 'US', state: 'Arizona', lon: -114.6277, lat: 32.6927, rank: 1 },
  { name: 'San Luis', country: 'US', state: 'Arizona', lon: -114.7822, lat: 32.487, rank: 3 },
  { name: 'Somerton', country: 'US', state: 'Arizona', lon: -114.7097, lat: 32.5964, rank: 3 },
  { name: 'Calexico', country: 'US', state: 'California', lon: -115.4989, lat: 32.6789, rank: 2 },
  { name: 'El Centro', country: 'US', state: 'California', lon: -115.5631, lat: 32.792, rank: 2 },
  { name: 'Brawley', country: 'US', state: 'California', lon: -115.5303, lat: 32.9787, rank: 3 },
  { name: 'San Diego', country: 'US', state: 'California', lon: -117.1611, lat: 32.7157, rank: 1 },
  { name: 'Ajo', country: 'US', state: 'Arizona', lon: -112.8607, lat: 32.3717, rank: 3 },
  { name: 'Lukeville', country: 'US', state: 'Arizona', lon: -112.8166, lat: 31.8806, rank: 3 },
];

const PRECISION = 1e4; // 4 decimals ≈ 11 m, finer than the 1:10m source

function round(value: unknown): unknown {
  if (typeof value === 'number') return Math.round(value * PRECISION) / PRECISION;
  if (Array.isArray(value)) return value.map(round);
  return value;
}

function roundGeometry<G extends Geometry>(g: G): G {
  if (g.type === 'GeometryCollection') return { ...g, geometries: g.geometries.map(roundGeometry) };
  return { ...g, coordinates: round((g as Polygon).coordinates) } as G;
}

/** Drops rings and lines that clipping reduced to nothing. */
function nonEmpty(g: Geometry): boolean {
  switch (g.type) {
    case 'Polygon':
      return g.coordinates.length > 0 && g.coordinates[0].length >= 4;
    case 'MultiPolygon':
      return g.coordinates.some((p) => p.length > 0 && p[0].length >= 4);
    case 'LineString':
      return g.coordinates.length >= 2;
    case 'MultiLineString':
      return g.coordinates.some((l) => l.length >= 2);
    default:
      return true;
  }
}

function clip<G extends Polygon | MultiPolygon | LineString | MultiLineString>(
  f: Feature<G, Record<string, unknown>>,
): Feature<G, Record<string, unknown>> | null {
  const clipped = bboxClip(f, REGION) as Feature<G, Record<string, unknown>>;
  if (!clipped.geometry || !nonEmpty(clipped.geometry)) return null;
  return { type: 'Feature', properties: f.properties, geometry: roundGeometry(clipped.geometry) };
}

function collection<G extends Geometry>(features: (Feature<G, Record<string, unknown>> | null)[]): FeatureCollection<G> {
  return { type: 'FeatureCollection', features: features.filter((f): f is Feature<G, Record<string, unknown>> => f !== null) };
}

export interface Basemap {
  land: FeatureCollection<Polygon | MultiPolygon>;
  borders: FeatureCollection<LineString | MultiLineString>;
  admin1: FeatureCollection<LineString | MultiLineString>;
  towns: FeatureCollection;
  'ports-of-entry': FeatureCollection;
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const PORTS_TABLE = path.resolve(here, '..', 'data', 'basemap', 'ports-of-entry.csv');
const PORT_COLUMNS = ['id', 'name', 'name_mx', 'name_us', 'cbp_code', 'state_mx', 'state_us', 'town_mx', 'lon', 'lat'] as const;
export type PortRow = Record<(typeof PORT_COLUMNS)[number], string>;

/** The checked-in table of ports (no field holds a comma or a quote, and the header is checked). */
export function readPortsTable(file = PORTS_TABLE): PortRow[] {
  const [header, ...lines] = fs.readFileSync(file, 'utf8').trim().split(/\r?\n/);
  if (header !== PORT_COLUMNS.join(',')) throw new Error(`${file}: expected the header ${PORT_COLUMNS.join(',')}`);
  return lines.map((line, i) => {
    const cells = line.split(',');
    if (cells.length !== PORT_COLUMNS.length) throw new Error(`${file}, line ${i + 2}: ${cells.length} fields, expected ${PORT_COLUMNS.length}`);
    const row = Object.fromEntries(PORT_COLUMNS.map((c, k) => [c, cells[k].trim()])) as PortRow;
    if (!Number.isFinite(Number(row.lon)) || !Number.isFinite(Number(row.lat))) throw new Error(`${file}, line ${i + 2}: lon/lat are not numbers`);
    return row;
  });
}

function portsOfEntry(): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: readPortsTable().map((r) => ({
      type: 'Feature',
      properties: { id: r.id, name: r.name, name_mx: r.name_mx, name_us: r.name_us, cbp_code: r.cbp_code, state_mx: r.state_mx, state_us: r.state_us },
      geometry: { type: 'Point', coordinates: [Number(r.lon), Number(r.lat)] },
    })),
  };
}

export function buildBasemap(): Basemap {
  const require = createRequire(import.meta.url);
  const world = require('world-atlas/countries-10m.json') as Topology;
  const us = require('us-atlas/states-10m.json') as Topology;
  const counties = require('us-atlas/counties-10m.json') as Topology;
  const countries = world.objects.countries as GeometryCollection<{ name: string }>;

  const wanted: Record<string, string> = { '484': 'MX', '840': 'US' };
  const land = collection(
    countries.geometries
      .filter((g) => String(g.id) in wanted)
      .map((g) => {
        const f = feature(world, g) as Feature<Polygon | MultiPolygon, Record<string, unknown>>;
        return clip({ ...f, properties: { name: (g.properties as { name?: string } | undefined)?.name ?? '', iso: wanted[String(g.id)] } });
      }),
  );

  const borderLine = mesh(world, countries, (a, b) => a !== b);
  const borders = collection([clip({ type: 'Feature', properties: { kind: 'country' }, geometry: borderLine })]);

  const stateLines = mesh(us, us.objects.states as GeometryCollection, (a, b) => a !== b);
  const countyLines = mesh(
    counties,
    counties.objects.counties as GeometryCollection,
    // Interior county lines only, and only where both counties are in the same state: state
    // lines are drawn from the states object, and lines shared with Mexico are the border.
    (a, b) => a !== b && String(a.id).slice(0, 2) === String(b.id).slice(0, 2),
  );
  const admin1 = collection([
    clip({ type: 'Feature', properties: { kind: 'state' }, geometry: stateLines }),
    clip({ type: 'Feature', properties: { kind: 'county' }, geometry: countyLines }),
  ]);

  const towns: FeatureCollection = {
    type: 'FeatureCollection',
    features: TOWNS.map((t) => ({
      type: 'Feature',
      properties: { name: t.name, country: t.country, state: t.state, rank: t.rank },
      geometry: { type: 'Point', coordinates: [t.lon, t.lat] },
    })),
  };
  return { land, borders, admin1, towns, 'ports-of-entry': portsOfEntry() };
}

/** The fixtures the Mexican side is built from (../shared, beside the repository). */
export const SHARED_FIXTURES = path.resolve(here, '..', '..', 'shared', 'fixtures');

export interface MexicanSide {
  'mx-states': FeatureCollection<Polygon | MultiPolygon>;
  'mx-state-labels': FeatureCollection;
  rivers: FeatureCollection<LineString | MultiLineString>;
  railroads: FeatureCollection<LineString | MultiLineString>;
}

/**
 * Decimals kept by the Mexican side's layers: 3 (≈ 100 m), the detail of their sources (INEGI's
 * states come simplified to about 100 m; Natural Earth 1:10m lines are no finer) at the map's
 * scales, and a third of the bytes of the 4 the package layers keep.
 */
const MX_PRECISION = 1e3;

function roundTo(g: Geometry, precision: number): Geometry {
  const r = (v: unknown): unknown => (typeof v === 'number' ? Math.round(v * precision) / precision : Array.isArray(v) ? v.map(r) : v);
  return { ...g, coordinates: r((g as Polygon).coordinates) } as Geometry;
}

/** Clips to the region and drops consecutive positions that rounding made equal. */
function clipRound<G extends Polygon | MultiPolygon | LineString | MultiLineString>(
  f: Feature<G, Record<string, unknown>>,
): Feature<G, Record<string, unknown>> | null {
  const clipped = bboxClip(f, REGION) as Feature<G, Record<string, unknown>>;
  if (!clipped.geometry || !nonEmpty(clipped.geometry)) return null;
  const dedupe = (line: Position[]): Position[] => line.filter((p, i) => i === 0 || p[0] !== line[i - 1][0] || p[1] !== line[i - 1][1]);
  const g = roundTo(clipped.geometry, MX_PRECISION) as G;
  const geometry = (
    g.type === 'LineString'
      ? { ...g, coordinates: dedupe(g.coordinates) }
      : g.type === 'MultiLineString'
        ? { ...g, coordinates: g.coordinates.map(dedupe).filter((l) => l.length >= 2) }
        : g.type === 'Polygon'
          ? { ...g, coordinates: g.coordinates.map(dedupe).filter((l) => l.length >= 4) }
          : { ...g, coordinates: g.coordinates.map((p) => p.map(dedupe).filter((l) => l.length >= 4)).filter((p) => p.length > 0) }
  ) as G;
  return nonEmpty(geometry) ? { type: 'Feature', properties: f.properties, geometry } : null;
}

/** A label point inside the state's largest part: its centre of mass when inside, else a point on it. */
function labelPoint(f: Feature<Polygon | MultiPolygon, Record<string, unknown>>): Position {
  const parts = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  const ringArea = (ring: Position[]) => Math.abs(ring.reduce((a, p, i) => (i ? a + (ring[i - 1][0] * p[1] - p[0] * ring[i - 1][1]) : a), 0) / 2);
  const largest: Feature<Polygon> = {
    type: 'Feature',
    properties: {},
    geometry: { type: 'Polygon', coordinates: parts.reduce((a, b) => (ringArea(b[0]) > ringArea(a[0]) ? b : a)) },
  };
  const c = centerOfMass(largest).geometry.coordinates;
  const p = booleanPointInPolygon(c, largest) ? c : pointOnFeature(largest).geometry.coordinates;
  return [Math.round(p[0] * MX_PRECISION) / MX_PRECISION, Math.round(p[1] * MX_PRECISION) / MX_PRECISION];
}

async function readShapefile(file: string): Promise<Feature<Geometry, Record<string, unknown>>[]> {
  const source = await shapefile.open(file, undefined, { encoding: 'utf-8' });
  const out: Feature<Geometry, Record<string, unknown>>[] = [];
  for (let r = await source.read(); !r.done; r = await source.read()) out.push(r.value as Feature<Geometry, Record<string, unknown>>);
  return out;
}

const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;

/** The Mexican side's layers from ../shared/fixtures (throws when a source is missing). */
export async function buildMexicanSide(fixtures = SHARED_FIXTURES): Promise<MexicanSide> {
  const states = readJson<FeatureCollection<Polygon | MultiPolygon, { CVE_ENT: string; NOMGEO: string }>>(
    path.join(fixtures, 'mexico-states', 'mexico_states_4326.geojson'),
  );
  const mxStates = collection(
    states.features.map((f) => clipRound({ type: 'Feature', properties: { cve_ent: f.properties.CVE_ENT, name: f.properties.NOMGEO }, geometry: f.geometry })),
  );
  // Labels of the states inside the region, at a point of their whole (unclipped) largest part
  // that falls in the region: a state mostly outside it is not labelled at its clipped edge.
  const labels: FeatureCollection = {
    type: 'FeatureCollection',
    features: states.features.flatMap((f) => {
      const [lon, lat] = labelPoint(f);
      const inside = lon >= REGION[0] && lon <= REGION[2] && lat >= REGION[1] && lat <= REGION[3];
      return inside
        ? [{ type: 'Feature' as const, properties: { cve_ent: f.properties.CVE_ENT, name: f.properties.NOMGEO }, geometry: { type: 'Point' as const, coordinates: [lon, lat] } }]
        : [];
    }),
  };

  const riverFeatures = await readShapefile(path.join(fixtures, 'natural-earth', 'full', 'ne_10m_rivers_lake_centerlines.shp'));
  const rivers = collection(
    riverFeatures
      .filter((f) => f.geometry && (f.geometry.type === 'LineString' || f.geometry.type === 'MultiLineString'))
      .map((f) =>
        clipRound({
          type: 'Feature',
          properties: { name: String(f.properties.name ?? ''), scalerank: Number(f.properties.scalerank), kind: String(f.properties.featurecla ?? '') },
          geometry: f.geometry as LineString | MultiLineString,
        }),
      ),
  );

  const rail = readJson<FeatureCollection<LineString | MultiLineString, { scalerank: number }>>(
    path.join(fixtures, 'natural-earth', 'clipped', 'ne_10m_railroads_north_america_mexico_border.geojson'),
  );
  const railroads = collection(rail.features.map((f) => clipRound({ type: 'Feature', properties: { scalerank: f.properties.scalerank }, geometry: f.geometry })));
  return { 'mx-states': mxStates, 'mx-state-labels': labels, rivers, railroads };
}

function writeLayers(outDir: string, layers: Record<string, FeatureCollection>): string[] {
  fs.mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  for (const [name, fc] of Object.entries(layers)) {
    const file = path.join(outDir, `${name}.geojson`);
    fs.writeFileSync(file, JSON.stringify(fc) + '\n');
    written.push(file);
  }
  return written;
}

/** The layers built from installed packages and the repository's own table. */
export function writeBasemap(outDir: string): string[] {
  return writeLayers(outDir, { ...buildBasemap() });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = process.argv[2] ?? path.resolve(here, '..', 'data', 'basemap');
  const files = writeBasemap(outDir);
  if (fs.existsSync(SHARED_FIXTURES)) files.push(...writeLayers(outDir, { ...(await buildMexicanSide()) }));
  else process.stdout.write(`${SHARED_FIXTURES} is not here: the Mexican side's committed layers are kept as they are\n`);
  for (const file of files) {
    process.stdout.write(`${path.relative(process.cwd(), file)}  ${(fs.statSync(file).size / 1024).toFixed(0)} KiB\n`);
  }
}
