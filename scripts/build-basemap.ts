/**
 * Builds the offline basemap of the Sonora–Baja California border zone from npm data packages
 * (world-atlas, us-atlas), so the app never asks a tile server for anything:
 *
 *   data/basemap/land.geojson      country polygons (Mexico, USA), clipped to the region
 *   data/basemap/borders.geojson   international boundaries (the US–Mexico line)
 *   data/basemap/admin1.geojson    US state and county lines (Mexican states are not in the packages)
 *   data/basemap/towns.geojson     a gazetteer of border-zone towns
 *
 * The sea (Pacific, Gulf of California) is the map background around the land fill: world-atlas
 * has no rivers or lakes, and we build only from what is installed.
 *
 * Usage: node --import tsx scripts/build-basemap.ts [outDir]
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { bboxClip } from '@turf/turf';
import { feature, mesh } from 'topojson-client';
import type { Feature, FeatureCollection, Geometry, LineString, MultiLineString, MultiPolygon, Polygon } from 'geojson';
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
  return { land, borders, admin1, towns };
}

export function writeBasemap(outDir: string): string[] {
  const basemap = buildBasemap();
  fs.mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  for (const [name, fc] of Object.entries(basemap)) {
    const file = path.join(outDir, `${name}.geojson`);
    fs.writeFileSync(file, JSON.stringify(fc) + '\n');
    written.push(file);
  }
  return written;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = process.argv[2] ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'data', 'basemap');
  for (const file of writeBasemap(outDir)) {
    process.stdout.write(`${path.relative(process.cwd(), file)}  ${(fs.statSync(file).size / 1024).toFixed(0)} KiB\n`);
  }
}
