/**
 * `layers.distances` on the demo: each incident's distance to the basemap's US–Mexico border and
 * to the nearest port of entry, against PROJ + GEOS in each point's own ellipsoidal azimuthal
 * equidistant projection (test/support/geodesic_distance_reference.py) on a sample of 150
 * incidents — within 0.15 m: the 0.05 m the fields are rounded by and the 0.1 m
 * test/unit/geo/geodesicDistance.test.ts allows — and the port named as the reference's nearest. The fields reach an export: GDAL reads them back from the GeoPackage for every record.
 * A layer of lines, or a taken name, is refused with the workspace unchanged.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeatureCollection, Point } from 'geojson';
import { openBackend, type Backend } from '../../../electron/backend/backend.ts';
import { writeDemoWorkspace } from '../../../electron/backend/demoWorkspace.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const basemap = path.join(repoRoot, 'data', 'basemap');
const script = path.join(repoRoot, 'test', 'support', 'geodesic_distance_reference.py');

let tmp: string;
let backend: Backend;

function reference(points: [number, number][], geometriesFile: string): [number, number][] {
  const pts = path.join(tmp, 'points.json');
  const out = path.join(tmp, 'out.json');
  fs.writeFileSync(pts, JSON.stringify(points));
  execFileSync('/usr/bin/python3', [script, pts, geometriesFile, out], { stdio: ['ignore', 'ignore', 'inherit'] });
  return (JSON.parse(fs.readFileSync(out, 'utf8')) as { aeqd: [number, number][] }).aeqd;
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-distances-'));
  const file = path.join(tmp, 'demo.frontera');
  writeDemoWorkspace(file, { seed: 2023, actor: 'test' });
  backend = openBackend(file, { create: false });
}, 120_000);
afterAll(() => {
  backend?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('distance to the border and the nearest port of entry', () => {
  it('stores each incident with its distances, as PROJ + GEOS measure them, and exports them', async () => {
    const info = await backend['layers.distances']({ layer: 'incidents', name: 'incidents + distances' });
    const incidents = await backend['layers.get']({ layerId: (await backend['layers.list']({})).find((l) => l.name === 'incidents')!.id });
    expect(info.featureCount).toBe(incidents.featureCount);
    expect(info.fields.slice(-3).map((f) => f.name)).toEqual(['dist_border_m', 'nearest_port', 'dist_port_m']);
    expect(info.mapping).toEqual(incidents.mapping);
    expect(info.metadata.distances).toMatchObject({ operation: 'distances', source: 'incidents' });

    const features = (await backend['layers.features']({ layerId: info.id })).features;
    const step = Math.floor(features.length / 150);
    const sample = features.filter((_, i) => i % step === 0).slice(0, 150);
    const pts = sample.map((f) => (f.geometry as Point).coordinates as [number, number]);
    const border = reference(pts, path.join(basemap, 'borders.geojson'));
    const portsFile = path.join(basemap, 'ports-of-entry.geojson');
    const ports = reference(pts, portsFile);
    const portNames = (JSON.parse(fs.readFileSync(portsFile, 'utf8')) as FeatureCollection).features.map((f) => f.properties?.name as string);
    let worst = 0;
    sample.forEach((f, i) => {
      const p = f.properties as Record<string, unknown>;
      worst = Math.max(worst, Math.abs((p.dist_border_m as number) - border[i][0]), Math.abs((p.dist_port_m as number) - ports[i][0]));
      expect(Math.abs((p.dist_border_m as number) - border[i][0]), `feature ${i} border`).toBeLessThanOrEqual(0.15);
      expect(Math.abs((p.dist_port_m as number) - ports[i][0]), `feature ${i} port`).toBeLessThanOrEqual(0.15);
      expect(p.nearest_port, `feature ${i}`).toBe(portNames[ports[i][1]]);
    });
    console.log(`distances of ${sample.length} incidents: worst |ours − PROJ/GEOS| ${worst.toFixed(3)} m (fields rounded to 0.1 m)`);
    // The demo's incidents lie in the Mexicali valley: some within a few km of the line, none beyond 120 km.
    const far = Math.max(...features.map((f) => (f.properties as { dist_border_m: number }).dist_border_m));
    expect(far).toBeLessThan(120_000);

    const gpkg = path.join(tmp, 'distances.gpkg');
    await backend['export.layer']({ layerId: info.id, out: gpkg });
    const csv = execFileSync('ogr2ogr', ['-f', 'CSV', '/vsistdout/', gpkg, '-sql', 'SELECT dist_border_m, nearest_port, dist_port_m FROM "incidents + distances"'], { encoding: 'utf8' });
    const rows = csv.trim().split('\n').slice(1);
    expect(rows).toHaveLength(features.length);
    const ours = features.map((f) => {
      const p = f.properties as Record<string, unknown>;
      return `${p.dist_border_m},${p.nearest_port},${p.dist_port_m}`;
    });
    expect(rows.map((r) => r.replace(/"/g, '')).sort()).toEqual(ours.sort());
  }, 240_000);

  it('refuses a layer that is not points, and a name already taken, leaving the workspace as it was', async () => {
    const before = backend.workspace.contentHash();
    await expect(backend['layers.distances']({ layer: 'roads', name: 'x' })).rejects.toThrow(/holds LineString features; distances are measured from points/);
    await expect(backend['layers.distances']({ layer: 'incidents', name: 'roads' })).rejects.toThrow(/already exists/);
    expect(backend.workspace.contentHash()).toBe(before);
  });
});
