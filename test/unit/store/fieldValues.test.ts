/**
 * layers.fieldValues (style by attribute) on real layers against GDAL's own count of the same
 * files: UCDP GED events (a point layer, stored as column blocks) grouped by state, INEGI
 * municipalities (polygons, stored as rows) grouped by state code; and the quantile classes of
 * the municipalities' Shape_Area against numpy's quantiles over the values GDAL reads.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../../electron/backend/backend.ts';
import { FIXTURES, UCDP, gdal } from '../../support/gdalFiles.ts';

const MUN = path.join(FIXTURES, 'inegi-mun-lcc', 'sonora_bc', 'mun_02_26.shp');
let dir: string;
let backend: Backend;
let ucdp: number;
let mun: number;

/** GDAL's (SQLite dialect) count per value of `field`: value → count, '' and NULL under null. */
function gdalGroups(file: string, table: string, field: string, where = '1'): Map<string | null, number> {
  const sql = `SELECT "${field}" AS v, COUNT(*) AS n FROM "${table}" WHERE ${where} GROUP BY "${field}"`;
  const out = gdal('ogr2ogr', '-f', 'GeoJSON', '/vsistdout/', file, '-dialect', 'SQLite', '-sql', sql);
  const groups = new Map<string | null, number>();
  for (const f of (JSON.parse(out) as { features: { properties: { v: string | null; n: number } }[] }).features) {
    const key = f.properties.v === '' ? null : f.properties.v;
    groups.set(key, (groups.get(key) ?? 0) + f.properties.n);
  }
  return groups;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-field-values-'));
  backend = openBackend(path.join(dir, 'w.frontera'), { create: true });
  [{ id: ucdp }] = (await backend['import.run']({ paths: [UCDP], options: { layer: 'ucdp' } })).map((s) => ({ id: s.layerId }));
  [{ id: mun }] = (await backend['import.run']({ paths: [MUN], options: { layer: 'municipios' } })).map((s) => ({ id: s.layerId }));
}, 120_000);

afterAll(() => {
  backend?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('layers.fieldValues', () => {
  it('counts the UCDP events per state (a block-stored point layer) as GDAL does', async () => {
    const gdalCounts = gdalGroups(UCDP, 'ucdp_ged_mexico_other_states', 'adm_1');
    const r = await backend['layers.fieldValues']({ layerId: ucdp, field: 'adm_1', limit: 1000 });
    const ours = new Map<string | null, number>(r.values.map((v) => [v.value, v.count]));
    if (r.nulls) ours.set(null, r.nulls);
    expect(ours).toEqual(gdalCounts);
    expect(r.distinct).toBe([...gdalCounts.keys()].filter((k) => k !== null).length);
    // Most frequent first.
    for (let i = 1; i < r.values.length; i++) expect(r.values[i].count).toBeLessThanOrEqual(r.values[i - 1].count);
    const top3 = await backend['layers.fieldValues']({ layerId: ucdp, field: 'adm_1', limit: 3 });
    expect(top3.values).toEqual(r.values.slice(0, 3));
    expect(top3.otherCount).toBe(r.values.slice(3).reduce((n, v) => n + v.count, 0));
  });

  it('counts the municipalities per state code (a row-stored polygon layer) as GDAL does', async () => {
    const gdalCounts = gdalGroups(MUN, 'mun_02_26', 'CVE_ENT');
    const r = await backend['layers.fieldValues']({ layerId: mun, field: 'CVE_ENT' });
    expect(new Map(r.values.map((v) => [v.value, v.count]))).toEqual(gdalCounts);
    expect(r.nulls).toBe(0);
  });

  it("classes the municipalities' Shape_Area at numpy's quartiles", async () => {
    const py = spawnSync(
      '/usr/bin/python3',
      [
        '-c',
        `import sys, numpy
from osgeo import ogr
ds = ogr.Open(sys.argv[1])
v = numpy.array([f.GetField('Shape_Area') for f in ds.GetLayer()])
q = numpy.quantile(v, [0, .25, .5, .75, 1])
counts = [int(((v >= q[0]) & (v <= q[1])).sum())] + [int(((v > q[i]) & (v <= q[i + 1])).sum()) for i in range(1, 4)]
print(' '.join(repr(float(x)) for x in q)); print(' '.join(map(str, counts)))`,
        MUN,
      ],
      { encoding: 'utf8' },
    );
    expect(py.status, py.stderr).toBe(0);
    const [q, counts] = py.stdout.trim().split('\n').map((l) => l.split(' ').map(Number));
    const r = await backend['layers.fieldValues']({ layerId: mun, field: 'Shape_Area', classify: { method: 'quantiles', classes: 4 } });
    expect(r.numbers).toBe(85);
    expect(r.classes!.map((c) => c.count)).toEqual(counts);
    r.classes!.forEach((c, i) => {
      expect(c.lower).toBeCloseTo(q[i], 3);
      expect(c.upper).toBeCloseTo(q[i + 1], 3);
    });
  });

  it("counts only the features passing the layer's attribute filter, as GDAL's WHERE … GROUP BY (blocks and rows)", async () => {
    // Block-stored points: the events geocoded to a place or better (where_prec 1–2).
    const precise = gdalGroups(UCDP, 'ucdp_ged_mexico_other_states', 'adm_1', 'CAST(where_prec AS INTEGER) <= 2');
    const all = gdalGroups(UCDP, 'ucdp_ged_mexico_other_states', 'adm_1');
    const r = await backend['layers.fieldValues']({ layerId: ucdp, field: 'adm_1', limit: 1000, where: 'where_prec <= 2' });
    const ours = new Map<string | null, number>(r.values.map((v) => [v.value, v.count]));
    if (r.nulls) ours.set(null, r.nulls);
    expect(ours).toEqual(precise);
    expect([...precise.values()].reduce((a, b) => a + b, 0)).toBeLessThan([...all.values()].reduce((a, b) => a + b, 0));
    // Row-stored polygons, a text filter ignoring case and accents ("rio" finds "Río"): GDAL's LIKE folds
    // ASCII case only, so both spellings are asked of it.
    const rio = gdalGroups(MUN, 'mun_02_26', 'CVE_ENT', `NOMGEO LIKE '%rio%' OR NOMGEO LIKE '%río%'`);
    const m = await backend['layers.fieldValues']({ layerId: mun, field: 'CVE_ENT', where: 'NOMGEO contains "rio"' });
    expect(new Map(m.values.map((v) => [v.value, v.count]))).toEqual(rio);
    expect([...rio.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    // The classes come from the filtered values: Shape_Area of the Sonora municipalities only.
    const py = spawnSync(
      '/usr/bin/python3',
      ['-c', `import sys, numpy\nfrom osgeo import ogr\nds = ogr.Open(sys.argv[1])\nv = numpy.array([f.GetField('Shape_Area') for f in ds.GetLayer() if f.GetField('CVE_ENT') == '26'])\nprint(len(v), repr(float(v.min())), repr(float(v.max())))`, MUN],
      { encoding: 'utf8' },
    );
    expect(py.status, py.stderr).toBe(0);
    const [n, min, max] = py.stdout.trim().split(' ').map(Number);
    const sonora = await backend['layers.fieldValues']({ layerId: mun, field: 'Shape_Area', where: 'CVE_ENT = "26"', classify: { method: 'equal-interval', classes: 3 } });
    expect(sonora.numbers).toBe(n);
    expect(sonora.classes!.reduce((k, c) => k + c.count, 0)).toBe(n);
    expect(sonora.classes![0].lower).toBeCloseTo(min, 3);
    expect(sonora.classes![2].upper).toBeCloseTo(max, 3);
  });

  it('refuses a filter naming a field the layer lacks, in the filter\'s words', async () => {
    await expect(backend['layers.fieldValues']({ layerId: mun, field: 'CVE_ENT', where: 'poblacion > 3' })).rejects.toThrow(/poblacion/);
  });

  it('names the layer and its fields when the field does not exist, and refuses classes of text', async () => {
    await expect(backend['layers.fieldValues']({ layerId: mun, field: 'NOMBRE' })).rejects.toThrow(/layer "municipios" has no field "NOMBRE" \(fields: .*NOMGEO/);
    await expect(backend['layers.fieldValues']({ layerId: mun, field: 'NOMGEO', classify: { method: 'quantiles', classes: 4 } })).rejects.toThrow(
      /field "NOMGEO" of layer "municipios" holds no numbers/,
    );
  });
});
