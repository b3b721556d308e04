/**
 * The offline basemap against Natural Earth's own border line and populated places (the
 * shared fixtures), and the committed files against a fresh build of the generator.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as shapefile from 'shapefile';
import { booleanPointInPolygon, distance, point, pointToLineDistance, lineString } from '@turf/turf';
import type { Feature, FeatureCollection, LineString, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';
import { buildBasemap, buildMexicanSide, readPortsTable, TOWNS } from '../../../scripts/build-basemap.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const clipped = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'natural-earth', 'clipped');
const basemapDir = path.join(repoRoot, 'data', 'basemap');

async function readShp(file: string): Promise<Feature[]> {
  const source = await shapefile.open(file);
  const out: Feature[] = [];
  for (let r = await source.read(); !r.done; r = await source.read()) out.push(r.value as Feature);
  return out;
}

function lines(g: LineString | MultiLineString): Position[][] {
  return g.type === 'LineString' ? [g.coordinates] : g.coordinates;
}

const basemap = buildBasemap();
const mexicanSide = await buildMexicanSide();

describe('offline basemap', () => {
  it('is what the generator builds from the installed packages and ../shared, and small', () => {
    let total = 0;
    for (const [name, fc] of Object.entries({ ...basemap, ...mexicanSide })) {
      const file = path.join(basemapDir, `${name}.geojson`);
      total += fs.statSync(file).size;
      expect(JSON.parse(fs.readFileSync(file, 'utf8')), `${name}.geojson is stale: run scripts/build-basemap.ts`).toEqual(
        JSON.parse(JSON.stringify(fc)),
      );
    }
    expect(total).toBeLessThan(2 * 1024 * 1024);
    // Every file the app serves is one the generator writes (none left over from an older build).
    const served = fs.readdirSync(basemapDir).filter((f) => f.endsWith('.geojson')).sort();
    expect(served).toEqual(Object.keys({ ...basemap, ...mexicanSide }).map((n) => `${n}.geojson`).sort());
  });

  it("puts Mexican towns in their INEGI states and labels each state inside it", () => {
    const states = mexicanSide['mx-states'] as FeatureCollection<Polygon | MultiPolygon, { name: string }>;
    const stateAt = (lon: number, lat: number) => states.features.find((f) => booleanPointInPolygon([lon, lat], f))?.properties.name ?? null;
    expect(stateAt(-115.4545, 32.6245)).toBe('Baja California'); // Mexicali
    expect(stateAt(-114.7717, 32.4561)).toBe('Sonora'); // San Luis Río Colorado
    expect(stateAt(-116.5964, 31.8667)).toBe('Baja California'); // Ensenada
    expect(stateAt(-114.6277, 32.6927)).toBeNull(); // Yuma, Arizona
    const labels = mexicanSide['mx-state-labels'].features as Feature<{ type: 'Point'; coordinates: Position }, { name: string }>[];
    expect(labels.map((l) => l.properties.name)).toEqual(expect.arrayContaining(['Baja California', 'Sonora', 'Chihuahua', 'Baja California Sur']));
    for (const l of labels) expect(stateAt(l.geometry.coordinates[0], l.geometry.coordinates[1]), l.properties.name).toBe(l.properties.name);
  });

  it('draws the Colorado where Natural Earth has it along the border (clipped fixture, within 200 m)', async () => {
    const ne = await readShp(path.join(clipped, 'ne_10m_rivers_lake_centerlines_sonora_bc.shp'));
    const neColorado = ne.filter((f) => f.properties?.name === 'Colorado').flatMap((f) => lines(f.geometry as LineString | MultiLineString));
    const ours = mexicanSide.rivers.features.filter((f) => f.properties?.name === 'Colorado').flatMap((f) => lines(f.geometry)).map((l) => lineString(l));
    expect(neColorado.length).toBeGreaterThan(0);
    let worst = 0;
    for (const l of neColorado) {
      for (const v of l) worst = Math.max(worst, Math.min(...ours.map((o) => pointToLineDistance(point(v), o, { units: 'kilometers' }))));
    }
    // 3 decimals of a degree: at most ~70 m off a vertex.
    expect(worst).toBeLessThan(0.2);
  });

  it('places every port of entry within 2 km of Natural Earth\'s border and 10 km of its GeoNames town', async () => {
    const ne = await readShp(path.join(clipped, 'ne_10m_admin_0_boundary_lines_land_sonora_bc.shp'));
    const neFull = await readShp(path.join(clipped, '..', 'full', 'ne_10m_admin_0_boundary_lines_land.shp'));
    const usMx = neFull.filter((f) => f.properties?.adm0_a3_l === 'MEX' && f.properties?.adm0_a3_r === 'USA');
    expect(usMx.length).toBe(1);
    const border = [...ne, ...usMx].flatMap((f) => lines(f.geometry as LineString | MultiLineString)).map((l) => lineString(l));
    const gazetteer = JSON.parse(fs.readFileSync(path.join(basemapDir, 'gazetteer-mx.json'), 'utf8')) as { towns: [string, string, number, number, number][] };
    const ports = readPortsTable();
    expect(ports.map((p) => p.name_mx)).toEqual(
      expect.arrayContaining(['Tecate', 'Los Algodones', 'Sonoyta', 'Naco', 'Agua Prieta', 'San Luis Río Colorado I', 'San Luis Río Colorado II']),
    );
    expect(new Set(ports.map((p) => p.id)).size).toBe(ports.length);
    for (const p of ports) {
      const at: Position = [Number(p.lon), Number(p.lat)];
      const km = Math.min(...border.map((b) => pointToLineDistance(point(at), b, { units: 'kilometers' })));
      expect(km, `${p.id}: km from Natural Earth's border`).toBeLessThan(2);
      const town = gazetteer.towns.find((t) => t[0] === p.town_mx && t[1] === p.state_mx);
      expect(town, `${p.id}: ${p.town_mx} in the gazetteer`).toBeDefined();
      expect(distance(at, [town![2], town![3]], { units: 'kilometers' }), `${p.id}: km from ${p.town_mx}`).toBeLessThan(10);
    }
    expect(basemap['ports-of-entry'].features).toHaveLength(ports.length);
  });

  it('draws the US–Mexico border where Natural Earth has it (within 1 km)', async () => {
    const ne = await readShp(path.join(clipped, 'ne_10m_admin_0_boundary_lines_land_sonora_bc.shp'));
    const ours = basemap.borders.features.flatMap((f) => lines(f.geometry)).map((l) => lineString(l));
    let checked = 0;
    let worst = 0;
    for (const f of ne) {
      for (const l of lines(f.geometry as LineString | MultiLineString)) {
        for (const v of l) {
          const d = Math.min(...ours.map((o) => pointToLineDistance(point(v), o, { units: 'kilometers' })));
          worst = Math.max(worst, d);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
    expect(worst).toBeLessThan(1);
  });

  it('puts land and sea on the right sides', () => {
    const land = basemap.land as FeatureCollection<Polygon | MultiPolygon, { iso: string }>;
    const countryAt = (lon: number, lat: number) => land.features.find((f) => booleanPointInPolygon([lon, lat], f))?.properties.iso ?? null;
    expect(countryAt(-115.4545, 32.6245)).toBe('MX'); // Mexicali
    expect(countryAt(-114.7717, 32.4561)).toBe('MX'); // San Luis Río Colorado
    expect(countryAt(-114.6277, 32.6927)).toBe('US'); // Yuma
    expect(countryAt(-115.5631, 32.792)).toBe('US'); // El Centro
    expect(countryAt(-114.2, 30.6)).toBeNull(); // Gulf of California
    expect(countryAt(-118.0, 31.0)).toBeNull(); // Pacific
  });

  it('places the gazetteer towns where Natural Earth places them (within 15 km, NE points are city-scale)', async () => {
    const ne = await readShp(path.join(clipped, 'ne_10m_populated_places_sonora_bc.shp'));
    const matched: string[] = [];
    for (const f of ne) {
      const name = String(f.properties?.NAME);
      const town = TOWNS.find((t) => t.name === name);
      if (!town) continue;
      const d = distance([town.lon, town.lat], (f.geometry as { coordinates: Position }).coordinates, { units: 'kilometers' });
      expect(d, name).toBeLessThan(15);
      matched.push(name);
    }
    expect(matched.length).toBeGreaterThanOrEqual(8);
    // Every town of the brief is in the gazetteer at the coordinates given there.
    const slrc = TOWNS.find((t) => t.name === 'San Luis Río Colorado')!;
    expect([slrc.lon, slrc.lat]).toEqual([-114.7717, 32.4561]);
    expect(basemap.towns.features).toHaveLength(TOWNS.length);
  });
});
