/**
 * Exports of stored analyses on real event data (UCDP GED, Mexico outside the border states),
 * read back by GDAL — the reader QGIS and ArcGIS use: DBSCAN's cluster hulls as GeoJSON and as
 * CSV with WKT geometries, its label per incident, kernel density's grid with its .prj; each with
 * the provenance of the run inside the file or beside it; a failed export leaves nothing.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeatureCollection, Point, Polygon, Position } from 'geojson';
import { openBackend, type Backend } from '../../../electron/backend/backend.ts';
import type { AnalysisRun } from '../../../shared/api/contract.ts';
import { repoRoot } from '../../../scripts/web.ts';

const UCDP = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'ucdp-ged-mexico-other-states', 'ucdp_ged_mexico_other_states.csv');

let dir: string;
let backend: Backend;
let dbscan: AnalysisRun;
let kde: AnalysisRun;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-export-'));
  backend = openBackend(path.join(dir, 'w.frontera'), { create: true });
  await backend['import.run']({
    paths: [UCDP],
    options: { layer: 'ucdp', mapping: { time: ['date_start'], category: 'type_of_violence' } },
  });
  dbscan = await backend['analysis.run']({ kind: 'dbscan', layer: 'ucdp', eps: 5000, minPoints: 20, selection: { from: '2010-01-01', to: '2019-12-31' } });
  kde = await backend['analysis.run']({ kind: 'kde', layer: 'ucdp', cellSize: 10_000, selection: { categories: ['2'] } });
}, 120_000);

afterAll(() => {
  backend?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const out = (name: string) => path.join(dir, name);
const stored = () => backend.workspace.getAnalysis(dbscan.id);
const features = () => (stored().result as { geojson: FeatureCollection<Polygon | Point> }).geojson.features;

/** The features GDAL reads from a file, as GeoJSON. */
function gdalFeatures(file: string, openOptions: string[] = []): FeatureCollection {
  const json = execFileSync('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', file, ...openOptions.flatMap((o) => ['-oo', o])], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(json) as FeatureCollection;
}

/** A hull's positions ring by ring; a cluster without an area (a Point) is one ring of one. */
const rings = (g: Polygon | Point): Position[][] => (g.type === 'Point' ? [[g.coordinates]] : g.coordinates);

function maxCoordinateDifference(a: Polygon | Point, b: Polygon | Point): number {
  let max = 0;
  expect(b.type).toBe(a.type);
  const [ra, rb] = [rings(a), rings(b)];
  expect(rb.map((r) => r.length)).toEqual(ra.map((r) => r.length));
  ra.forEach((ring, r) => ring.forEach((p, i) => (max = Math.max(max, Math.abs(p[0] - rb[r][i][0]), Math.abs(p[1] - rb[r][i][1])))));
  return max;
}

describe('export of a stored analysis, read back by GDAL', () => {
  it('GeoJSON: every cluster hull and its figures, with the run’s provenance in the file', async () => {
    const file = out('clusters.geojson');
    const r = await backend['export.analysis']({ id: dbscan.id, out: file });
    expect(r).toEqual({ path: file, count: features().length, files: [file] });
    expect(features().length).toBeGreaterThan(10);
    const gdal = gdalFeatures(file);
    expect(gdal.features).toHaveLength(features().length);
    // UCDP's town-centre stacks make clusters without an area: Points, saying on how many spots.
    expect(new Set(gdal.features.map((f) => f.geometry.type))).toEqual(new Set(['Polygon', 'Point']));
    gdal.features.forEach((f, i) => {
      expect(maxCoordinateDifference(features()[i].geometry, f.geometry as Polygon | Point)).toBeLessThan(1e-9);
      expect(f.properties!.cluster_id).toBe(features()[i].properties!.cluster_id);
      expect(f.properties!.count).toBe(features()[i].properties!.count);
      expect(f.properties!.locations ?? null).toBe(f.geometry.type === 'Point' ? features()[i].properties!.locations : null);
    });
    const written = JSON.parse(fs.readFileSync(file, 'utf8')) as { frontera: Record<string, unknown> };
    expect(written.frontera).toMatchObject({
      analysisId: dbscan.id,
      kind: 'dbscan',
      params: dbscan.params,
      createdAt: dbscan.createdAt,
      input: {
        layer: 'ucdp',
        layerFingerprint: backend.workspace.getLayer('ucdp').fingerprint,
        inputFingerprint: dbscan.inputFingerprint,
        timeWindow: { from: '2010-01-01', to: '2019-12-31' },
        categories: null,
      },
      workspace: { file: 'w.frontera', fingerprint: backend.workspace.fingerprint() },
    });
  });

  it('CSV: one row per cluster with its geometry as WKT that GDAL parses to the same polygon or point; provenance beside it', async () => {
    const file = out('clusters.csv');
    const r = await backend['export.analysis']({ id: dbscan.id, out: file, format: 'csv' });
    const sidecar = out('clusters.provenance.json');
    expect(r.files).toEqual([file, sidecar]);
    const gdal = gdalFeatures(file, ['GEOM_POSSIBLE_NAMES=wkt', 'KEEP_GEOM_COLUMNS=NO', 'AUTODETECT_TYPE=YES']);
    expect(gdal.features).toHaveLength(features().length);
    gdal.features.forEach((f, i) => {
      expect(maxCoordinateDifference(features()[i].geometry, f.geometry as Polygon | Point)).toBeLessThan(1e-9);
      expect(f.properties!.count).toBe(features()[i].properties!.count);
      expect(f.properties!.label).toBe(features()[i].properties!.label);
    });
    const provenance = JSON.parse(fs.readFileSync(sidecar, 'utf8')) as Record<string, unknown>;
    expect(provenance).toMatchObject({ analysisId: dbscan.id, kind: 'dbscan', input: { inputFingerprint: dbscan.inputFingerprint } });
  });

  it('GeoPackage and KML: the clusters without an area stay Points beside the hulls, in one table GDAL validates and one KML layer', async () => {
    const gpkg = out('clusters.gpkg');
    await backend['export.analysis']({ id: dbscan.id, out: gpkg });
    const table = `dbscan_${dbscan.id}`;
    // One table of any geometry (a GeoPackage's GEOMETRY column), which GDAL's validator accepts.
    expect(execFileSync('ogrinfo', ['-so', gpkg, table], { encoding: 'utf8' })).toMatch(/^Geometry: Unknown \(any\)$/m);
    const validator = ['/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py', '/usr/share/doc/python3-gdal/examples/validate_gpkg.py'].find((f) => fs.existsSync(f));
    expect(validator, 'validate_gpkg.py (Debian python3-gdal)').toBeDefined();
    expect(execFileSync('/usr/bin/python3', [validator!, '--extra', '--warning-as-error', gpkg], { encoding: 'utf8' })).toBe('');
    const kml = out('clusters.kml');
    await backend['export.analysis']({ id: dbscan.id, out: kml });
    for (const file of [gpkg, kml]) {
      const gdal = gdalFeatures(file).features;
      expect(gdal, file).toHaveLength(features().length);
      gdal.forEach((f, i) => {
        expect(maxCoordinateDifference(features()[i].geometry, f.geometry as Polygon | Point), `${file} feature ${i + 1}`).toBeLessThan(1e-7);
        expect(f.properties!.count).toBe(features()[i].properties!.count);
        expect(f.properties!.locations ?? null).toBe(features()[i].properties!.locations ?? null);
      });
    }
  });

  it('labels: the cluster of every incident of the selection, as stored (-1 noise)', async () => {
    const file = out('labels.csv');
    const r = await backend['export.analysis']({ id: dbscan.id, out: file, format: 'labels' });
    const labels = (stored().result as { labels: { sourceIndex: number[]; cluster: number[] } }).labels;
    const rows = fs.readFileSync(file, 'utf8').trim().split('\r\n');
    expect(rows[0]).toBe('source_index,cluster');
    expect(rows).toHaveLength(labels.sourceIndex.length + 1);
    expect(r.count).toBe(dbscan.summary.incidents);
    const clusters = new Set(rows.slice(1).map((l) => Number(l.split(',')[1])));
    expect(clusters.size).toBe((dbscan.summary.clusters as number) + 1);
    rows.slice(1).forEach((l, i) => expect(l).toBe(`${labels.sourceIndex[i]},${labels.cluster[i]}`));
  });

  it('grid: an ESRI ASCII grid GDAL opens in the UTM zone of its .prj, with the run’s size and cell', async () => {
    const file = out('density.asc');
    const r = await backend['export.analysis']({ id: kde.id, out: file, format: 'grid' });
    expect(r.files).toEqual([file, out('density.prj'), out('density.provenance.json')]);
    const info = JSON.parse(execFileSync('gdalinfo', ['-json', file], { encoding: 'utf8' })) as {
      size: [number, number];
      geoTransform: number[];
      coordinateSystem: { wkt: string };
    };
    expect(info.size).toEqual([kde.summary.cols, kde.summary.rows]);
    expect(info.geoTransform[1]).toBe(10_000);
    const epsg = Number(String(kde.params.projection).replace('EPSG:', ''));
    expect(info.coordinateSystem.wkt).toContain(`UTM zone ${epsg - 32600}N`);
    expect(r.count).toBe(info.size[0] * info.size[1]);
  });

  it('refuses a format the analysis has not, and a file name that is not the format’s, writing nothing', async () => {
    await expect(backend['export.analysis']({ id: kde.id, out: out('x.csv'), format: 'labels' })).rejects.toThrow(
      /analysis \d+ \(kde\) has no labels: Cluster of each incident \(CSV\) is for dbscan/,
    );
    await expect(backend['export.analysis']({ id: dbscan.id, out: out('x.txt') })).rejects.toThrow(
      /unknown extension "\.txt"; the formats are geojson \(\.geojson, \.json\), csv \(\.csv\), shapefile \(\.shp, \.zip\), gpkg/,
    );
    await expect(backend['export.analysis']({ id: dbscan.id, out: out('x.geojson'), format: 'csv' })).rejects.toThrow(/must end in \.csv/);
    await expect(backend['export.analysis']({ id: kde.id, out: out('x.csv'), format: 'grid' })).rejects.toThrow(/must end in \.asc/);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('x.'))).toEqual([]);
  });

  it('a sidecar that cannot be written takes the data file back out: never a CSV without its provenance', async () => {
    const file = out('blocked.csv');
    fs.mkdirSync(out('blocked.provenance.json'));
    const before = fs.readdirSync(dir).sort();
    await expect(backend['export.analysis']({ id: dbscan.id, out: file, format: 'csv' })).rejects.toThrow(/cannot write/);
    expect(fs.readdirSync(dir).sort()).toEqual(before);
  });

  it('each export is in the audit log with what was written', async () => {
    const entry = (await backend['audit.list']({ limit: 20 })).find((a) => a.action === 'export.analysis' && a.details.format === 'grid');
    expect(entry?.details).toMatchObject({ analysisId: kde.id, kind: 'kde', path: out('density.asc'), files: 3 });
  });
});
