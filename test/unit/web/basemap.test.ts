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
import { buildBasemap, TOWNS } from '../../../scripts/build-basemap.ts';

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

describe('offline basemap', () => {
  it('is what the generator builds from the installed packages, and small', () => {
    let total = 0;
    for (const [name, fc] of Object.entries(basemap)) {
      const file = path.join(basemapDir, `${name}.geojson`);
      total += fs.statSync(file).size;
      expect(JSON.parse(fs.readFileSync(file, 'utf8')), `${name}.geojson is stale: run scripts/build-basemap.ts`).toEqual(
        JSON.parse(JSON.stringify(fc)),
      );
    }
    expect(total).toBeLessThan(2 * 1024 * 1024);
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
