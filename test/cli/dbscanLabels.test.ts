/**
 * `frontera analyze dbscan --labels FILE.csv` on the demo's incidents, beside scikit-learn's
 * DBSCAN of the same points: the incidents' coordinates projected by GDAL (osr) into the run's
 * UTM zone, `DBSCAN(eps, min_samples).fit` on them. DBSCAN's noise and its core points' clusters
 * are unique; only a border point within eps of two clusters may join either. So: one line per
 * incident, the same noise, and every scikit-learn core point in the cluster its cluster maps to.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Point } from 'geojson';
import { openBackend } from '../../electron/backend/backend.ts';
import { repoRoot } from '../../scripts/web.ts';

const BIN = path.join(repoRoot, 'bin', 'frontera.js');
const EPS = 500;
const MIN_POINTS = 5;

const SKLEARN = `
import csv, json, sys
import numpy as np
from osgeo import osr
from sklearn.cluster import DBSCAN
src, epsg, eps, min_samples = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
rows = list(csv.reader(open(src)))[1:]
wgs, utm = osr.SpatialReference(), osr.SpatialReference()
wgs.ImportFromEPSG(4326); utm.ImportFromEPSG(epsg)
wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER); utm.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
to_utm = osr.CoordinateTransformation(wgs, utm)
xy = np.array([to_utm.TransformPoint(float(r[1]), float(r[2]))[:2] for r in rows])
fit = DBSCAN(eps=eps, min_samples=min_samples).fit(xy)
core = np.zeros(len(rows), dtype=bool); core[fit.core_sample_indices_] = True
print(json.dumps({"sourceIndex": [int(r[0]) for r in rows], "label": fit.labels_.tolist(), "core": core.tolist()}))
`;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-cli-labels-'));
  const demo = spawnSync(process.execPath, [BIN, 'demo', 'w.frontera'], { cwd: dir, encoding: 'utf8' });
  expect(demo.status, demo.stderr).toBe(0);
}, 240_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('frontera analyze dbscan --labels', () => {
  it("writes every incident's cluster as scikit-learn's DBSCAN finds it", async () => {
    const run = spawnSync(
      process.execPath,
      [BIN, 'analyze', 'dbscan', 'w.frontera', '--layer', 'incidents', '--eps', String(EPS), '--min-points', String(MIN_POINTS), '--labels', 'labels.csv', '--json'],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { params: { projection: string }; summary: { clusters: number; noise: number } };
    const text = fs.readFileSync(path.join(dir, 'labels.csv'), 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const [header, ...lines] = text.trimEnd().split('\n');
    expect(header).toBe('source_index,cluster');
    const ours = new Map(lines.map((l) => l.split(',').map(Number) as [number, number]));
    expect(ours.size).toBe(lines.length);

    const backend = openBackend(path.join(dir, 'w.frontera'), { create: false });
    let csv = 'source_index,lon,lat\n';
    try {
      const layer = (await backend['layers.list']({})).find((l) => l.name === 'incidents')!;
      for (const f of (await backend['layers.features']({ layerId: layer.id })).features) {
        const [lon, lat] = (f.geometry as Point).coordinates;
        csv += `${Number(f.properties!.$sourceIndex)},${lon},${lat}\n`;
      }
    } finally {
      await backend.close?.();
    }
    fs.writeFileSync(path.join(dir, 'points.csv'), csv);
    const epsg = /^EPSG:(\d+)$/.exec(out.params.projection)![1];
    const sk = JSON.parse(
      execFileSync('/usr/bin/python3', ['-c', SKLEARN, path.join(dir, 'points.csv'), epsg, String(EPS), String(MIN_POINTS)], { encoding: 'utf8', maxBuffer: 1 << 26 }),
    ) as { sourceIndex: number[]; label: number[]; core: boolean[] };

    expect(lines.length).toBe(sk.sourceIndex.length);
    expect(new Set([...ours.values()].filter((c) => c >= 0)).size).toBe(out.summary.clusters);
    expect(new Set(sk.label.filter((c) => c >= 0)).size).toBe(out.summary.clusters);
    const match = new Map<number, number>();
    const matchedBy = new Map<number, number>();
    let noise = 0;
    sk.sourceIndex.forEach((s, k) => {
      const mine = ours.get(s);
      expect(mine, `source index ${s} has no line`).toBeDefined();
      expect(mine! < 0, `source index ${s}: noise in one and not the other`).toBe(sk.label[k] < 0);
      if (mine! < 0) noise++;
      if (!sk.core[k]) return;
      // Core points: the two partitions are the same up to the clusters' numbers.
      if (!match.has(mine!)) match.set(mine!, sk.label[k]);
      if (!matchedBy.has(sk.label[k])) matchedBy.set(sk.label[k], mine!);
      expect(match.get(mine!), `source index ${s}`).toBe(sk.label[k]);
      expect(matchedBy.get(sk.label[k]), `source index ${s}`).toBe(mine);
    });
    expect(noise).toBe(out.summary.noise);
    expect(match.size).toBe(out.summary.clusters);
  }, 240_000);
});
