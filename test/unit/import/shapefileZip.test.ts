/**
 * A .zip of several shapefiles that share a name in different folders (a data set's themes per
 * region: sonora/lugares.shp, baja/lugares.shp): each is a layer, named for its path so neither
 * is refused as a duplicate, with the features GDAL reads from the same member.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../../electron/backend/backend.ts';
import { repoRoot } from '../../../scripts/web.ts';

const NE = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'natural-earth', 'clipped');
const PARTS = ['shp', 'shx', 'dbf', 'prj', 'cpg'];
let dir: string;
let zip: string;
let backend: Backend;

const member = (stem: string, folder: string, as: string) =>
  Object.fromEntries(PARTS.map((e) => [`${folder}/${as}.${e}`, new Uint8Array(fs.readFileSync(path.join(NE, `${stem}.${e}`)))]));

/** GDAL's feature count of one member of the archive. */
const gdalCount = (inner: string): number =>
  Number(/Feature Count: (\d+)/.exec(execFileSync('ogrinfo', ['-ro', '-so', '-al', `/vsizip/${zip}/${inner}`], { encoding: 'utf8' }))![1]);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-shpzip-'));
  zip = path.join(dir, 'temas.zip');
  fs.writeFileSync(
    zip,
    zipSync({
      ...member('ne_10m_populated_places_sonora_bc', 'sonora', 'lugares'),
      ...member('ne_10m_rivers_lake_centerlines_sonora_bc', 'baja', 'lugares'),
      ...member('ne_10m_admin_0_boundary_lines_land_sonora_bc', 'baja', 'frontera'),
    }),
  );
  backend = openBackend(path.join(dir, 'w.frontera'), { create: true });
});

afterAll(() => {
  backend?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a .zip of shapefiles sharing a name in different folders', () => {
  it('imports each as a layer named for its path (a unique name stays the stem), with GDAL’s feature counts', async () => {
    const out = await backend['import.run']({ paths: [zip] });
    expect(out.map((s) => [s.layer, s.featureCount])).toEqual([
      ['sonora_lugares', gdalCount('sonora/lugares.shp')],
      ['baja_lugares', gdalCount('baja/lugares.shp')],
      ['frontera', gdalCount('baja/frontera.shp')],
    ]);
    expect(backend.workspace.getLayer('baja_lugares').geometryType).toMatch(/LineString/);
  });

  it('--table picks one by that name', async () => {
    const [s] = await backend['import.run']({ paths: [zip], options: { table: 'sonora_lugares', layer: 'solo' } });
    expect([s.layer, s.featureCount]).toEqual(['solo', gdalCount('sonora/lugares.shp')]);
  });
});
