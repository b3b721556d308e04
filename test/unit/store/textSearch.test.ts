/**
 * The attribute table's search sets case and accents aside ("rio colorado" finds "San Luis Río
 * Colorado"), in both stores: INEGI's municipalities of Baja California and Sonora (polygons, kept
 * in rows) and a point per municipality carrying its name (kept in column blocks). The reference
 * is Python's unicodedata (NFD, combining marks dropped, lower case) over GDAL's reading of the
 * same records.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FeatureCollection, Geometry, Position } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../../electron/backend/backend.ts';
import { repoRoot } from '../../../scripts/web.ts';

const FIX = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'inegi-mun-lcc');
const SHP = path.join(FIX, 'sonora_bc', 'mun_02_26.shp');
const GEOJSON = path.join(FIX, 'expected', 'mun_02_26_epsg4326.geojson');
const NEEDLES = ['rio colorado', 'SAN LUIS', 'río', 'Cajeme', 'ensenada', 'ALAMOS', 'quintin'];

/** Per needle, the CVEGEO of every record one of whose fields holds it, folded as Python folds. */
function pythonMatches(): Record<string, string[]> {
  const script = `
import json, sys, unicodedata
from osgeo import ogr
fold = lambda s: ''.join(c for c in unicodedata.normalize('NFD', s) if not unicodedata.combining(c)).lower()
ds = ogr.Open(sys.argv[1])  # kept: its layer dies with it
layer = ds.GetLayer(0)
rows = [[str(f.GetField(i)) for i in range(f.GetFieldCount())] + [f.GetField('CVEGEO')] for f in layer]
needles = json.loads(sys.argv[2])
print(json.dumps({n: [r[-1] for r in rows if any(fold(n) in fold(v) for v in r[:-1])] for n in needles}))
`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, SHP, JSON.stringify(NEEDLES)], { encoding: 'utf8' })) as Record<string, string[]>;
}

let dir: string;
let backend: Backend;
let polygons: number;
let points: number;
let reference: Record<string, string[]>;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-search-'));
  backend = openBackend(path.join(dir, 'w.frontera'), { create: true });
  reference = pythonMatches();
  polygons = (await backend['import.run']({ paths: [SHP], options: {} }))[0].layerId;
  // One point per record, at its first vertex, with the record's name and key.
  const fc = JSON.parse(fs.readFileSync(GEOJSON, 'utf8')) as FeatureCollection<Geometry>;
  const first = (g: Geometry): Position => {
    let c: unknown = (g as { coordinates: unknown }).coordinates;
    while (Array.isArray(c) && Array.isArray(c[0])) c = c[0];
    return c as Position;
  };
  const pts = fc.features.map((f) => ({
    type: 'Feature',
    properties: { CVEGEO: f.properties!.CVEGEO, NOMGEO: f.properties!.NOMGEO },
    geometry: { type: 'Point', coordinates: first(f.geometry) },
  }));
  const file = path.join(dir, 'names.geojson');
  fs.writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: pts }));
  points = (await backend['import.run']({ paths: [file], options: {} }))[0].layerId;
});
afterAll(() => {
  backend?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('table search ignores case and accents', () => {
  it('the reference finds what an analyst expects', () => {
    // San Luis Río Colorado is 26055; the fold must not be vacuous.
    expect(reference['rio colorado']).toEqual(['26055']);
    expect(reference['SAN LUIS']).toEqual(['26055']);
    expect(reference['río'].length).toBeGreaterThan(1);
  });

  it.each(['rows', 'blocks'] as const)('finds what Python finds, in the %s store', async (store) => {
    const layerId = store === 'rows' ? polygons : points;
    expect(backend.workspace.connection.prepare('SELECT storage FROM layers WHERE id = ?').pluck().get(layerId)).toBe(store);
    for (const needle of NEEDLES) {
      const fc = await backend['layers.features']({ layerId, search: needle });
      const ours = fc.features.map((f) => String(f.properties!.CVEGEO)).sort();
      expect(ours, needle).toEqual([...reference[needle]].sort());
      expect((await backend['layers.count']({ layerId, search: needle })).count, needle).toBe(ours.length);
    }
  });
});
