/**
 * The polygon picker's list on INEGI's municipalities of Baja California and Sonora, whose
 * Mexicali, Ensenada, Cajeme, Hermosillo and San Quintín have several records (mainland and
 * islands, one CVEGEO each): every choice reads differently, a recurring name with its CVEGEO
 * and its part's area — the area GDAL's ellipsoidal ST_Area gives the same record.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { FeatureCollection, Geometry } from 'geojson';
import { describe, expect, it } from 'vitest';
import { polygonChoices } from '../../../renderer/analysis/summary/polygonChoices.ts';
import { repoRoot } from '../../../scripts/web.ts';

const FILE = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'inegi-mun-lcc', 'expected', 'mun_02_26_epsg4326.geojson');

describe('polygon picker choices', () => {
  const fc = JSON.parse(fs.readFileSync(FILE, 'utf8')) as FeatureCollection<Geometry>;
  // As the back end serves them: each feature's record number beside its fields.
  const features = fc.features.map((f, i) => ({ ...f, properties: { ...f.properties, $sourceIndex: i } }));
  const layer = { fields: [{ name: 'CVEGEO', type: 'string' as const }, { name: 'NOMGEO', type: 'string' as const }] };
  const choices = polygonChoices(layer, features);
  // GDAL, record by record (OGR's FID is the record number of a GeoJSON file).
  const gdal = execFileSync('ogr2ogr', ['-f', 'CSV', '/vsistdout/', FILE, '-dialect', 'sqlite', '-sql', 'SELECT NOMGEO, CVEGEO, ST_Area(geometry, 1) AS a FROM mun_02_26'], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => {
      const [name, key, a] = l.split(',');
      return { name, key: key.replace(/"/g, ''), km2: Number(a) / 1e6 };
    });

  it('lists every record once, every label different', () => {
    expect(choices.map((c) => c.sourceIndex).sort((a, b) => a - b)).toEqual(features.map((_, i) => i));
    expect(new Set(choices.map((c) => c.label)).size).toBe(choices.length);
  });

  it('a name GDAL counts more than once reads with its CVEGEO, its area as GDAL measures it, and its record, largest first', () => {
    const counts = new Map<string, number>();
    for (const g of gdal) counts.set(g.name, (counts.get(g.name) ?? 0) + 1);
    const repeated = [...counts].filter(([, n]) => n > 1).map(([n]) => n);
    expect(repeated.sort()).toEqual(['Cajeme', 'Ensenada', 'Hermosillo', 'Mexicali', 'San Quintín']);
    for (const c of choices) {
      const g = gdal[c.sourceIndex];
      if (counts.get(g.name) === 1) {
        expect(c.label).toBe(g.name);
        continue;
      }
      const m = /^(.+) \((\d+)\) — ([\d,.]+) km², record (\d+)$/.exec(c.label);
      expect(m, c.label).not.toBeNull();
      expect([m![1], m![2], Number(m![4])]).toEqual([g.name, g.key, c.sourceIndex]);
      const shown = Number(m![3].replace(/,/g, ''));
      // Shown to the km² (2 significant digits under 10 km²): within half a unit of its last
      // digit, or 1e-4 of the area (Karney's geodesic area and SpatiaLite's differ by 7e-5 on
      // Mexicali's 9,838 km²).
      const unit = g.km2 < 10 ? 10 ** (Math.floor(Math.log10(g.km2)) - 1) : 1;
      expect(Math.abs(shown - g.km2), c.label).toBeLessThanOrEqual(Math.max(unit / 2, 1e-4 * g.km2) + 1e-9);
    }
    const mexicali = choices.filter((c) => c.label.startsWith('Mexicali ('));
    expect(mexicali).toHaveLength(2);
    expect(mexicali[0].label).toMatch(/^Mexicali \(02002\) — 9,83\d km²/);
  });
});
