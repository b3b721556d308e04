/**
 * `frontera export --analysis ID`: a stored analysis's result written from a terminal as the app's
 * Export… writes it — its features as GeoJSON with the provenance inside, or CSV with
 * NAME.provenance.json beside it, DBSCAN's labels — and the usage mistakes answered with exit 1.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../scripts/web.ts';

const BIN = path.join(repoRoot, 'bin', 'frontera.js');
let dir: string;

function cli(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

let id: number;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-cli-export-'));
  expect(cli('demo', 'w.frontera').code).toBe(0);
  const run = cli('analyze', 'dbscan', 'w.frontera', '--layer', 'incidents', '--eps', '500', '--min-points', '5', '--json');
  expect(run.code, run.stderr).toBe(0);
  id = (JSON.parse(run.stdout) as { id: number }).id;
}, 240_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('frontera export --analysis', () => {
  it('writes the result as GeoJSON with its provenance, and as CSV with the provenance beside it', () => {
    const geo = cli('export', 'w.frontera', '--analysis', String(id), '--out', 'clusters.geojson', '--json');
    expect(geo.code, geo.stderr).toBe(0);
    const r = JSON.parse(geo.stdout) as { path: string; count: number; files: string[] };
    const fc = JSON.parse(fs.readFileSync(path.join(dir, 'clusters.geojson'), 'utf8')) as { features: unknown[]; frontera: { analysisId: number } };
    expect(fc.features).toHaveLength(r.count);
    expect(fc.frontera.analysisId).toBe(id);
    const csv = cli('export', 'w.frontera', '--analysis', String(id), '--out', 'clusters.csv');
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout).toBe(`wrote ${r.count} rows of analysis ${id} to clusters.csv\n  and clusters.provenance.json\n`);
    expect(fs.readFileSync(path.join(dir, 'clusters.csv'), 'utf8').split('\r\n')[0]).toMatch(/^wkt,cluster_id,rank,count,/);
    const labels = cli('export', 'w.frontera', '--analysis', String(id), '--out', 'labels.csv', '--format', 'labels', '--json');
    // A label for every incident of the layer.
    const layers = JSON.parse(cli('layers', 'w.frontera', '--json').stdout) as { name: string; featureCount: number }[];
    expect(JSON.parse(labels.stdout).count).toBe(layers.find((l) => l.name === 'incidents')!.featureCount);
    expect(fs.readFileSync(path.join(dir, 'labels.csv'), 'utf8').trim().split(/\r?\n/)).toHaveLength(1 + JSON.parse(labels.stdout).count);
  });

  it('answers usage mistakes with exit code 1 and one line', () => {
    const both = cli('export', 'w.frontera', 'incidents', '--analysis', String(id), '--out', 'x.geojson');
    expect(both.code).toBe(1);
    expect(both.stderr).toMatch(/GeoJSON holds one layer: export the 2 one by one/);
    const grid = cli('export', 'w.frontera', '--analysis', String(id), '--out', 'x.asc', '--format', 'grid');
    expect(grid.code).toBe(1);
    expect(grid.stderr).toMatch(/analysis \d+ \(dbscan\) has no grid: Density grid \(ESRI ASCII grid \+ \.prj\) is for kde/);
    const bad = cli('export', 'w.frontera', '--analysis', String(id), '--out', 'x.dxf', '--format', 'dxf');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/cannot export as "dxf": the formats are geojson \(\.geojson, \.json\), csv \(\.csv\), shapefile \(\.shp, \.zip\), gpkg \(\.gpkg\)/);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('x.'))).toEqual([]);
  });
});
