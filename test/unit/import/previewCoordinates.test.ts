/**
 * The import preview of a table whose coordinate columns are not found (UCDP events written by
 * GDAL with their coordinates in columns named `norte`/`oeste`) does not fail: it returns the
 * fields and the sample and says why the columns are missing, so the dialog can ask for them.
 * With the columns chosen the import reads what GDAL reads from the same file (its CSV driver
 * told the same columns); with a UTM file the CRS chosen takes the points back to the events'
 * own longitude/latitude, which GDAL had projected.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Point } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../../electron/backend/backend.ts';
import { ImportError } from '../../../shared/import/problems.ts';
import { gdalPoints, ucdpCsv, ucdpProjectedCsv } from '../../support/gdalFiles.ts';

const WHERE = "adm_1 = 'Sinaloa state' AND year >= '2018'";

let dir: string;
let backend: Backend;
let norteOeste: string;
let utm: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-coords-'));
  norteOeste = ucdpCsv(path.join(dir, 'incidentes.csv'), 'id, latitude AS norte, longitude AS oeste, date_start AS fecha, adm_2 AS municipio', WHERE);
  // The same events projected by GDAL to UTM 12N, the point as X, Y columns.
  utm = ucdpProjectedCsv(path.join(dir, 'incidentes_utm.csv'), 'EPSG:32612', 'id, date_start AS fecha', WHERE);
  backend = openBackend(path.join(dir, 'w.frontera'), { create: true });
});

afterAll(() => {
  backend?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('coordinate columns that are not found', () => {
  it('the preview returns the fields and the sample, and says the columns are missing', async () => {
    const p = await backend['import.preview']({ path: norteOeste });
    expect(p.coordinatesMissing).toMatch(/^no coordinate columns in the header \("id", "norte", "oeste", "fecha", "municipio"\)/);
    expect(p.fields.map((f) => f.name)).toEqual(['id', 'norte', 'oeste', 'fecha', 'municipio']);
    const gdal = gdalPoints(norteOeste, 'oeste', 'norte');
    expect(gdal.size).toBeGreaterThan(20);
    expect(p.sample).toHaveLength(20);
    for (const row of p.sample) expect([row.oeste, row.norte]).toEqual(gdal.get(String(row.id)));
    // Nothing says the coordinates are projected until they are known.
    expect(p.crsNeeded).toBe(false);
    expect(p.problems).toEqual([]);
    expect(backend.workspace.listLayers()).toEqual([]);
  });

  it('the import itself still refuses the file, in the CLI’s words', async () => {
    const e = await backend['import.run']({ paths: [norteOeste] }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ImportError);
    expect((e as ImportError).message).toMatch(/no coordinate columns in the header .*name them with --lat and --lon, or --wkt$/);
  });

  it('a header with a latitude column only says which one is missing', async () => {
    const half = path.join(dir, 'solo_latitud.csv');
    const lines = fs.readFileSync(norteOeste, 'utf8').split('\n');
    fs.writeFileSync(half, [lines[0].replace('norte', 'latitud'), ...lines.slice(1)].join('\n'));
    const p = await backend['import.preview']({ path: half });
    expect(p.coordinatesMissing).toMatch(/has a latitude column but no longitude \(name it with --lon\)$/);
    expect(p.sample).toHaveLength(20);
  });

  it('with the columns chosen: previewed with its points, imported as GDAL reads it', async () => {
    const options = { lat: 'norte', lon: 'oeste', layer: 'norte_oeste' };
    const p = await backend['import.preview']({ path: norteOeste, options });
    expect(p.coordinatesMissing).toBeUndefined();
    expect(p.crsNeeded).toBe(false);
    const [s] = await backend['import.run']({ paths: [norteOeste], options });
    const gdal = gdalPoints(norteOeste, 'oeste', 'norte');
    expect(s.featureCount).toBe(gdal.size);
    const fc = await backend['layers.features']({ layerId: s.layerId });
    for (const f of fc.features) expect((f.geometry as Point).coordinates).toEqual(gdal.get(String(f.properties!.id)));
  });

  it('a UTM 12N file: the CRS is asked for, and the one chosen brings the events back to their longitude/latitude', async () => {
    const p = await backend['import.preview']({ path: utm });
    expect(p.suggestions).toMatchObject({ lat: 'Y', lon: 'X' });
    expect(p.crsNeeded).toBe(true);
    const chosen = await backend['import.preview']({ path: utm, options: { crs: 'EPSG:32612' } });
    expect(chosen.crsNeeded).toBe(false);
    expect(chosen.crs).toBe('EPSG:32612');
    const [s] = await backend['import.run']({ paths: [utm], options: { crs: 'EPSG:32612' } });
    const lonLat = gdalPoints(norteOeste, 'oeste', 'norte');
    expect(s.featureCount).toBe(lonLat.size);
    const fc = await backend['layers.features']({ layerId: s.layerId });
    let worst = 0;
    for (const f of fc.features) {
      const [lon, lat] = (f.geometry as Point).coordinates;
      const [lon0, lat0] = lonLat.get(String(f.properties!.id))!;
      worst = Math.max(worst, Math.abs(lon - lon0), Math.abs(lat - lat0));
    }
    // GDAL writes the projected metres with 3 decimals at least: a millimetre is ~1e-8 degrees.
    expect(worst).toBeLessThan(1e-7);
  });
});
