import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import * as shapefile from 'shapefile';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import type { Backend} from '../../../electron/backend/backend.ts';
import { openBackend } from '../../../electron/backend/backend.ts';
import { readZipEntries } from '../../../electron/backend/sourceFiles.ts';
import { pointRows } from '../../../scripts/gen-points.ts';
import { ImportError } from '../../../shared/import/problems.ts';
import type { ImportSummary } from '../../../shared/api/contract.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const FIX = path.resolve(repoRoot, '..', 'shared', 'fixtures');
const MUN = path.join(FIX, 'inegi-mun-lcc', 'sonora_bc', 'mun_02_26');
const BORDER = path.join(FIX, 'natural-earth', 'clipped', 'ne_10m_admin_0_boundary_lines_land_sonora_bc');

let dir: string;
let backend: Backend;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-import-'));
  backend = openBackend(path.join(dir, 'w.frontera'), { create: true });
});
afterEach(() => {
  backend.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const run = (paths: string[], options = {}) => backend['import.run']({ paths, options });
const hash = (): string => backend.workspace.contentHash();

/** A layer's features without their ids. */
const storedRows = (layerId: number) => [...backend.workspace.iterateFeatures(layerId)].map(({ id: _id, ...f }) => f);

/** Two imports of one file must report and store exactly the same (their ids, names and times aside). */
function expectSameImport(a: ImportSummary, b: ImportSummary): void {
  const { layerId: _a, layer: _an, millis: _am, ...sa } = a;
  const { layerId: _b, layer: _bn, millis: _bm, ...sb } = b;
  expect(sa).toEqual(sb);
  expect(storedRows(a.layerId)).toEqual(storedRows(b.layerId));
  const layer = (layerId: number) => {
    const l = backend.workspace.getLayer(layerId);
    return [l.fields, l.categories, l.timeRange, l.bbox, l.geometryType, l.featureCount];
  };
  expect(layer(a.layerId)).toEqual(layer(b.layerId));
}

function copyParts(stem: string, exts: string[], to = dir): string {
  for (const e of exts) fs.copyFileSync(`${stem}.${e}`, path.join(to, `${path.basename(stem)}.${e}`));
  return path.join(to, `${path.basename(stem)}.shp`);
}

function csvOf(n: number, seed = 5): string {
  const lines = ['id,fecha,tipo,cantidad,unidad,municipio,lat,lon'];
  for (const r of pointRows(n, seed)) lines.push(`${r.id},${r.fecha},${r.tipo},${r.cantidad},${r.unidad},${r.municipio},${r.lat},${r.lon}`);
  return lines.join('\n') + '\n';
}

function write(name: string, text: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

/** Expects an ImportError whose message matches every pattern, and no change to the workspace. */
async function expectRejected(p: Promise<unknown>, ...patterns: RegExp[]): Promise<ImportError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImportError);
  for (const re of patterns) expect((err as Error).message).toMatch(re);
  expect((err as Error).message).not.toMatch(/\n\s+at /);
  return err as ImportError;
}

function ringsOf(g: Geometry): Position[][] {
  if (g.type === 'Polygon') return g.coordinates;
  if (g.type === 'MultiPolygon') return g.coordinates.flat();
  throw new Error(`unexpected ${g.type}`);
}

describe('import through the back end: real fixtures', () => {
  it('reprojects the INEGI LCC shapefile (.prj WKT) to WGS84 as GDAL does', async () => {
    const [s] = await run([`${MUN}.shp`]);
    expect(s).toMatchObject({ layer: 'mun_02_26', format: 'shapefile', featureCount: 85, skippedCount: 0 });
    expect(s.sourceCrs).toMatch(/prj/);
    const gdal = JSON.parse(
      fs.readFileSync(path.join(FIX, 'inegi-mun-lcc', 'expected', 'mun_02_26_epsg4326.geojson'), 'utf8'),
    ) as FeatureCollection;
    const ours = [...backend.workspace.iterateFeatures(s.layerId)];
    expect(ours).toHaveLength(85);
    // GDAL keeps record order (CVEGEO repeats: islands are records of their own).
    expect(ours.map((f) => f.properties.fid)).toEqual(gdal.features.map((f) => f.properties!.fid));
    let worst = 0;
    const gap = (p: Position, q: Position): number => Math.max(Math.abs(p[0] - q[0]), Math.abs(p[1] - q[1]));
    for (const [k, f] of ours.entries()) {
      const ref = gdal.features[k];
      const a = ringsOf(f.geometry!);
      const b = ringsOf(ref.geometry);
      expect(a.length).toBe(b.length);
      // Parts may come in another order: pair each ring with GDAL's ring of the same size nearest to it.
      for (const ring of a) {
        const peer = b
          .filter((r) => r.length === ring.length)
          .sort((r1, r2) => gap(r1[0], ring[0]) - gap(r2[0], ring[0]))[0];
        expect(peer).toBeDefined();
        for (let i = 0; i < ring.length; i += 3) worst = Math.max(worst, gap(ring[i], peer[i]));
      }
    }
    // GDAL wrote 7 decimals: agreement to 1e-6° (≈ 0.1 m).
    expect(worst).toBeLessThan(1e-6);
    const slrc = ours.find((f) => f.properties.NOMGEO === 'San Luis Río Colorado');
    expect(slrc).toBeDefined();
  });

  it('imports a shapefile from a .zip built from its parts, with the same features and fingerprint as from the folder', async () => {
    const parts: Record<string, Uint8Array> = {};
    for (const e of ['shp', 'shx', 'dbf', 'prj', 'cpg']) parts[`border/${path.basename(BORDER)}.${e.toUpperCase()}`] = fs.readFileSync(`${BORDER}.${e}`);
    const zipPath = path.join(dir, 'frontera.zip');
    fs.writeFileSync(zipPath, zipSync(parts));
    const [fromZip] = await run([zipPath]);
    const [fromShp] = await run([`${BORDER}.shp`]);
    expect(fromZip.layer).toBe('frontera');
    expect(fromZip.fingerprint).toBe(fromShp.fingerprint);
    // The peer library reads the same records.
    const peer = await shapefile.read(`${BORDER}.shp`, `${BORDER}.dbf`);
    expect(fromZip.featureCount).toBe(peer.features.length);
    expect(fromZip.geometryType).toMatch(/LineString/);
    const a = [...backend.workspace.iterateFeatures(fromZip.layerId)].map((f) => [f.geometry, f.properties]);
    const b = [...backend.workspace.iterateFeatures(fromShp.layerId)].map((f) => [f.geometry, f.properties]);
    expect(a).toEqual(b);
    expect(a.map(([, p]) => (p as Record<string, unknown>).name ?? (p as Record<string, unknown>).NAME)).toEqual(
      peer.features.map((f) => f.properties!.name ?? f.properties!.NAME),
    );
  });

  it('imports GeoJSON points (Turf fixture) with every property', async () => {
    const file = path.join(FIX, 'turf-dbscan-peer-suite', 'in', 'points-with-properties.geojson');
    const src = JSON.parse(fs.readFileSync(file, 'utf8')) as FeatureCollection;
    const [s] = await run([file]);
    expect(s.featureCount).toBe(src.features.length);
    expect(s.sourceCrs).toBe('WGS 84');
    const ours = [...backend.workspace.iterateFeatures(s.layerId)];
    expect(ours.map((f) => f.geometry)).toEqual(src.features.map((f) => f.geometry));
    expect(ours.map((f) => f.properties)).toEqual(src.features.map((f) => f.properties ?? {}));
  });

  it('imports a CSV with the suggested mapping and naive times read in the workspace zone', async () => {
    const file = write('incidentes.csv', csvOf(400));
    const [s] = await run([file]);
    expect(s.featureCount).toBe(400);
    expect(s.mapping).toEqual({ time: ['fecha'], category: 'tipo', quantity: 'cantidad', unit: 'unidad' });
    const rows = [...pointRows(400, 5)];
    const feats = [...backend.workspace.iterateFeatures(s.layerId)];
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      const f = feats[i];
      expect(f.geometry).toEqual({ type: 'Point', coordinates: [r.lon, r.lat] });
      expect(f.category).toBe(r.tipo);
      expect(f.quantity).toBe(r.cantidad);
      expect(f.unit).toBe(r.unidad);
      // Tijuana: UTC−8 in winter (Dec–Feb), UTC−7 in summer (Jun–Aug); naive local times.
      const m = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d)$/.exec(r.fecha)!;
      const month = Number(m[2]);
      const naive = Date.UTC(Number(m[1]), month - 1, Number(m[3]), Number(m[4]), Number(m[5]));
      if (month <= 2 || month === 12) expect(f.time).toBe(naive + 8 * 3_600_000);
      if (month >= 6 && month <= 8) expect(f.time).toBe(naive + 7 * 3_600_000);
      expect(f.timePrecision).toBe('instant');
    }
  });

  it('re-runs a GeoJSON whose legacy crs member follows the features, reprojecting from it', async () => {
    const ref = fs.readFileSync(path.join(FIX, 'inegi-mun-lcc', 'expected', 'proj_reference_points.csv'), 'utf8').trim().split('\n');
    const cols = ref[0].split(',');
    const pts = ref.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
    const features = pts.map((p) => ({
      type: 'Feature',
      properties: { name: p.name },
      geometry: { type: 'Point', coordinates: [Number(p.utm11n_x), Number(p.utm11n_y)] },
    }));
    const file = write('utm.geojson', JSON.stringify({ type: 'FeatureCollection', features, crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::32611' } } }));
    const [s] = await run([file]);
    expect(s.featureCount).toBe(pts.length);
    const ours = [...backend.workspace.iterateFeatures(s.layerId)];
    for (let i = 0; i < pts.length; i++) {
      const [lon, lat] = (ours[i].geometry as GeoJSON.Point).coordinates;
      expect(lon).toBeCloseTo(Number(pts[i].lon), 7);
      expect(lat).toBeCloseTo(Number(pts[i].lat), 7);
    }
  });

  it('imports several files as one layer each and refuses a name clash, suggesting --layer', async () => {
    const a = write('a.csv', csvOf(30, 1));
    const b = write('b.csv', csvOf(40, 2));
    const out = await run([a, b]);
    expect(out.map((s) => [s.layer, s.featureCount])).toEqual([
      ['a', 30],
      ['b', 40],
    ]);
    const before = hash();
    await expect(run([a])).rejects.toThrow(/layer named "a" already exists.*--layer/);
    expect(hash()).toBe(before);
    const [c] = await run([a], { layer: 'a (again)' });
    expect(c.layer).toBe('a (again)');
  });

  it('records every import in the audit log with its fingerprint and mapping', async () => {
    const [s] = await run([write('x.csv', csvOf(10))]);
    const entry = (await backend['audit.list']({})).find((e) => e.action === 'import');
    expect(entry).toMatchObject({ target: 'x', details: { features: 10, fingerprint: s.fingerprint, mapping: s.mapping } });
  });
});

describe('import through the back end: bad input is refused whole, naming file, record and reason', () => {
  let before: string;
  beforeEach(async () => {
    await run([write('base.csv', csvOf(20))]);
    before = hash();
  });
  afterEach(() => expect(hash()).toBe(before));

  it('a file that cannot be read', async () => {
    await expectRejected(run([path.join(dir, 'missing.csv')]), /missing\.csv: file not found/);
    await expectRejected(run([path.join(dir, 'notes.docx')]), /notes\.docx: unknown file type/);
  });

  it('a truncated .shp', async () => {
    const shp = copyParts(MUN, ['shp', 'shx', 'dbf', 'prj', 'cpg']);
    const bytes = fs.readFileSync(shp);
    fs.writeFileSync(shp, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    await expectRejected(run([shp]), /mun_02_26\.shp/, /record \d+/);
  });

  it('a missing .shx or .dbf', async () => {
    const shp = copyParts(MUN, ['shp', 'dbf', 'prj']);
    await expectRejected(run([shp]), /mun_02_26\.shx/, /missing/);
    fs.rmSync(path.join(dir, 'mun_02_26.dbf'));
    fs.copyFileSync(`${MUN}.shx`, path.join(dir, 'mun_02_26.shx'));
    await expectRejected(run([shp]), /mun_02_26\.dbf/, /missing/);
  });

  it('an unreadable .prj', async () => {
    const shp = copyParts(MUN, ['shp', 'shx', 'dbf']);
    fs.writeFileSync(path.join(dir, 'mun_02_26.prj'), 'PROJCS["broken", GARBAGE');
    await expectRejected(run([shp]), /mun_02_26\.prj/, /CRS/);
  });

  it('invalid JSON', async () => {
    const file = write('roto.geojson', '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[-114.77,32.45]},"properties":{}},{"type":"Feature",,}]}');
    await expectRejected(run([file]), /roto\.geojson/, /feature 2|line 1|byte/);
  });

  it('non-finite or out-of-range coordinates', async () => {
    const fc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { n: 1 }, geometry: { type: 'Point', coordinates: [-114.77, 32.45] } },
        { type: 'Feature', properties: { n: 2 }, geometry: { type: 'Point', coordinates: [-114.77, 32.45] } },
        { type: 'Feature', properties: { n: 3 }, geometry: { type: 'Point', coordinates: [200, 95] } },
      ],
    };
    await expectRejected(run([write('fuera.geojson', JSON.stringify(fc))]), /fuera\.geojson: feature 3: /, /range|latitude|longitude/i);
    const csv = 'id,lat,lon\n1,32.45,-114.77\n2,Infinity,-114.77\n3,32.5,-114.7\n';
    await expectRejected(run([write('inf.csv', csv)]), /inf\.csv: row 2/);
  });

  it('an unclosed polygon ring', async () => {
    const fc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[-115, 32], [-114.9, 32], [-114.9, 32.1], [-115, 32]]] } },
        { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[-115, 32], [-114.9, 32], [-114.9, 32.1], [-115, 32.1]]] } },
      ],
    };
    await expectRejected(run([write('anillo.geojson', JSON.stringify(fc))]), /anillo\.geojson: feature 2: /, /ring|closed/i);
  });

  it('a date that does not parse', async () => {
    const csv = csvOf(12).split('\n');
    csv[5] = csv[5].replace(/,\d{4}-\d\d-\d\d \d\d:\d\d,/, ',31/31/2024 25:99,');
    // One bad value keeps the suggester from proposing the column, so the analyst names it.
    await expectRejected(run([write('fechas.csv', csv.join('\n'))], { mapping: { time: ['fecha'] } }), /fechas\.csv: row 5: /, /fecha/);
  });

  it('a CSV row with the wrong number of fields', async () => {
    const csv = csvOf(12).split('\n');
    csv[8] = `${csv[8]},extra`;
    await expectRejected(run([write('campos.csv', csv.join('\n'))]), /campos\.csv: row 8/, /field|column/i);
  });

  it('projected coordinates without any CRS', async () => {
    const csv = 'id,x,y\n1,709448.8,3593179.1\n2,644990.0,3610714.6\n';
    await expectRejected(run([write('utm.csv', csv)], { lat: 'y', lon: 'x' }), /utm\.csv: .*not longitude\/latitude.*--crs/);
  });

  it('a zip with a path-traversal entry or a likely zip bomb', async () => {
    const evil = path.join(dir, 'evil.zip');
    fs.writeFileSync(evil, zipSync({ '../../etc/x.shp': new Uint8Array(10), 'ok.dbf': new Uint8Array(10) }));
    await expectRejected(run([evil]), /evil\.zip: entry "\.\.\/\.\.\/etc\/x\.shp"/, /\.\./);
    const bomb = path.join(dir, 'bomb.zip');
    fs.writeFileSync(bomb, zipSync({ 'b.shp': new Uint8Array(40 * 1024 * 1024) }, { level: 9 }));
    await expectRejected(run([bomb]), /bomb\.zip: entry "b\.shp"/, /zip bomb/);
  });
});

describe('zip guard while inflating', () => {
  it('stops an entry whose declared size lies', () => {
    const data = zipSync({ 'a.shp': new Uint8Array(3 * 1024 * 1024).fill(7) }, { level: 1 });
    // Rewrite the declared uncompressed size (local header and central directory) to 100 bytes.
    const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
    for (let i = 0; i + 4 <= data.length; i++) {
      const sig = dv.getUint32(i, true);
      if (sig === 0x04034b50) dv.setUint32(i + 22, 100, true);
      if (sig === 0x02014b50) dv.setUint32(i + 24, 100, true);
    }
    const file = path.join(dir, 'liar.zip');
    fs.writeFileSync(file, data);
    expect(() => readZipEntries(file, () => true)).toThrow(/liar\.zip: entry "a\.shp" expands over 1000 times/);
  });
});

describe('--skip-invalid', () => {
  it('imports the valid records and lists every skipped one in the summary and the audit log', async () => {
    const lines = csvOf(60, 9).split('\n');
    lines[3] = lines[3].replace(/,\d{4}-\d\d-\d\d \d\d:\d\d,/, ',no es fecha,');
    lines[17] = `${lines[17]},sobra`;
    lines[40] = lines[40].replace(/,(-?[\d.]+),(-?[\d.]+)$/, ',95.5,$2');
    const file = write('mixto.csv', lines.join('\n'));
    const [s] = await run([file], { skipInvalid: true, mapping: { time: ['fecha'] } });
    expect(s.featureCount).toBe(57);
    expect(s.skippedCount).toBe(3);
    expect(s.skipped.map((p) => p.location)).toEqual(['row 3', 'row 17', 'row 40']);
    const skips = (await backend['audit.list']({ limit: 50 })).filter((e) => e.action === 'import.skip');
    expect(skips.map((e) => e.details.location).sort()).toEqual(['row 17', 'row 3', 'row 40']);
    for (const e of skips) expect(e.details).toMatchObject({ file, reason: expect.any(String) });
    const kept = [...backend.workspace.iterateFeatures(s.layerId)].map((f) => f.sourceIndex);
    expect(kept).not.toContain(2);
    expect(kept).not.toContain(16);
    expect(kept).not.toContain(39);
  });
});

describe('cancellation and export', () => {
  it('rolls back when cancelled mid-import', async () => {
    const file = write('big.csv', csvOf(8000));
    const before = hash();
    const ac = new AbortController();
    const p = backend['import.run']({ paths: [file] }, { signal: ac.signal, onProgress: (pr) => pr.done > 0 && ac.abort() });
    await expect(p).rejects.toThrow(/cancelled/);
    expect(hash()).toBe(before);
  });

  it('exports GeoJSON that imports back to the same features, and CSV for points', async () => {
    const [s] = await run([write('ida.csv', csvOf(200))]);
    const out = path.join(dir, 'vuelta.geojson');
    const r = await backend['export.layer']({ layerId: s.layerId, out });
    expect(r.count).toBe(200);
    const fc = JSON.parse(fs.readFileSync(out, 'utf8')) as FeatureCollection;
    expect(fc.features).toHaveLength(200);
    const f0 = fc.features[0] as Feature;
    expect(f0.properties).toMatchObject({ source_index: 0, category: expect.any(String), unit: expect.any(String) });
    expect(f0.properties!.time).toMatch(/Z$/);
    const [back] = await run([out]);
    const a = [...backend.workspace.iterateFeatures(s.layerId)].map((f) => f.geometry);
    const b = [...backend.workspace.iterateFeatures(back.layerId)].map((f) => f.geometry);
    expect(b).toEqual(a);
    const csvOut = path.join(dir, 'vuelta.csv');
    await backend['export.layer']({ layerId: s.layerId, out: csvOut });
    const csvLines = fs.readFileSync(csvOut, 'utf8').trim().split('\r\n');
    expect(csvLines[0].split(',').slice(0, 4)).toEqual(['lon', 'lat', 'id', 'fecha']);
    expect(csvLines).toHaveLength(201);
    await expect(backend['export.layer']({ layerId: s.layerId, out: path.join(dir, 'x.dxf') })).rejects.toThrow(/unknown extension ".dxf"/);
  });
});

describe('import.preview', () => {
  it('reads fields, a sample, the CRS and suggestions without writing anything', async () => {
    const before = hash();
    const csv = await backend['import.preview']({ path: write('vista.csv', csvOf(500)) });
    expect(csv.format).toBe('csv');
    expect(csv.fields.map((f) => f.name)).toEqual(['id', 'fecha', 'tipo', 'cantidad', 'unidad', 'municipio', 'lat', 'lon']);
    expect(csv.sample).toHaveLength(20);
    expect(csv.sample[0].id).toBe([...pointRows(1, 5)][0].id);
    expect(csv.suggestions).toMatchObject({ lat: 'lat', lon: 'lon', time: ['fecha'], category: 'tipo', quantity: 'cantidad', unit: 'unidad' });
    expect(csv.crsNeeded).toBe(false);
    const shp = await backend['import.preview']({ path: `${MUN}.shp` });
    expect(shp.crs).toMatch(/prj/);
    expect(shp.crsNeeded).toBe(false);
    expect(shp.fields.map((f) => f.name)).toContain('NOMGEO');
    const utm = await backend['import.preview']({ path: write('utm.csv', 'id,x,y\n1,709448.8,3593179.1\n'), options: { lat: 'y', lon: 'x' } });
    expect(utm.crs).toBeNull();
    expect(utm.crsNeeded).toBe(true);
    expect(hash()).toBe(before);
  });
});

describe('big files: read on the import worker', () => {
  const viaWorker = async <T>(on: boolean, fn: () => Promise<T>): Promise<T> => {
    const before = process.env.FRONTERA_IMPORT_WORKER_MIN_BYTES;
    process.env.FRONTERA_IMPORT_WORKER_MIN_BYTES = on ? '0' : '1e15';
    try {
      return await fn();
    } finally {
      if (before === undefined) delete process.env.FRONTERA_IMPORT_WORKER_MIN_BYTES;
      else process.env.FRONTERA_IMPORT_WORKER_MIN_BYTES = before;
    }
  };

  it('stores the same rows, layer statistics and fingerprint as an in-process read (CSV and GeoJSON)', async () => {
    const csv = write('w.csv', csvOf(20_000, 11));
    const fc: FeatureCollection = {
      type: 'FeatureCollection',
      features: [...pointRows(3000, 12)].map((r, i) => ({
        type: 'Feature',
        geometry: i % 10 === 0 ? { type: 'LineString', coordinates: [[r.lon, r.lat], [r.lon + 0.01, r.lat + 0.01]] } : { type: 'Point', coordinates: [r.lon, r.lat] },
        properties: { id: r.id, fecha: r.fecha, tipo: r.tipo, cantidad: r.cantidad, nota: i % 7 ? null : 'comillas "y" \\ barra' },
      })),
    };
    const gj = write('w.geojson', JSON.stringify(fc));
    for (const file of [csv, gj]) {
      const [a] = await viaWorker(true, () => run([file], { layer: `worker ${path.basename(file)}` }));
      const [b] = await viaWorker(false, () => run([file], { layer: `in-process ${path.basename(file)}` }));
      expectSameImport(a, b);
    }
  });

  it('refuses bad rows with the same problems and leaves the workspace unchanged; --skip-invalid keeps the rest', async () => {
    const lines = csvOf(3000, 9).split('\n');
    lines[3] = lines[3].replace(/,\d{4}-\d\d-\d\d \d\d:\d\d,/, ',no es fecha,');
    lines[1700] = `${lines[1700]},sobra`;
    const file = write('mixto.csv', lines.join('\n'));
    const before = hash();
    const opts = { mapping: { time: ['fecha'] } };
    const err = await viaWorker(true, () => run([file], opts).then(() => null, (e: unknown) => e));
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).problems.map((p) => p.location)).toEqual(['row 3', 'row 1700']);
    expect((err as Error).message).toMatch(/mixto\.csv: row 3: time "no es fecha" in column "fecha" cannot be read/);
    const inProcess = await viaWorker(false, () => run([file], opts).then(() => null, (e: unknown) => e));
    expect((err as Error).message).toBe((inProcess as Error).message);
    expect(hash()).toBe(before);
    const [s] = await viaWorker(true, () => run([file], { ...opts, skipInvalid: true }));
    expect([s.featureCount, s.skippedCount]).toEqual([2998, 2]);
  });

  it('cancels: the worker stops and the import rolls back', async () => {
    const file = write('big.csv', csvOf(30_000));
    const before = hash();
    const ac = new AbortController();
    const p = viaWorker(true, () =>
      backend['import.run']({ paths: [file] }, { signal: ac.signal, onProgress: (pr) => pr.done > 0 && ac.abort() }),
    );
    await expect(p).rejects.toThrow(/cancelled/);
    expect(hash()).toBe(before);
  });
});

describe('big files: read by two import workers at once (sharded)', () => {
  /** Runs with the given worker and shard thresholds (bytes), restoring the environment after. */
  const withEnv = async <T>(workerMin: string, shardMin: string, fn: () => Promise<T>): Promise<T> => {
    const before = [process.env.FRONTERA_IMPORT_WORKER_MIN_BYTES, process.env.FRONTERA_IMPORT_SHARD_MIN_BYTES];
    process.env.FRONTERA_IMPORT_WORKER_MIN_BYTES = workerMin;
    process.env.FRONTERA_IMPORT_SHARD_MIN_BYTES = shardMin;
    try {
      return await fn();
    } finally {
      const [w, sh] = before;
      if (w === undefined) delete process.env.FRONTERA_IMPORT_WORKER_MIN_BYTES;
      else process.env.FRONTERA_IMPORT_WORKER_MIN_BYTES = w;
      if (sh === undefined) delete process.env.FRONTERA_IMPORT_SHARD_MIN_BYTES;
      else process.env.FRONTERA_IMPORT_SHARD_MIN_BYTES = sh;
    }
  };
  const sharded = <T>(fn: () => Promise<T>) => withEnv('0', '0', fn);
  const inProcess = <T>(fn: () => Promise<T>) => withEnv('1e15', '1e15', fn);
  const readers = (layerId: number) => (backend.workspace.getLayer(layerId).metadata.timings as { readers: number }).readers;

  /** Imports `file` sharded and in-process; both must store and report exactly the same. */
  async function expectSame(file: string, options: Record<string, unknown>, expectedReaders: number) {
    const [a] = await sharded(() => run([file], { ...options, layer: 'sharded' }));
    const [b] = await inProcess(() => run([file], { ...options, layer: 'one reader' }));
    expect(readers(a.layerId)).toBe(expectedReaders);
    expect(readers(b.layerId)).toBe(0);
    expectSameImport(a, b);
    await backend['layers.remove']({ layerId: a.layerId });
    await backend['layers.remove']({ layerId: b.layerId });
    return a;
  }

  /** 20,000 features over three ranges of 8,192; fields first seen late, in either shard, and of mixed types. */
  function featureCollection(n: number): FeatureCollection<Geometry | null> {
    return {
      type: 'FeatureCollection',
      features: [...pointRows(n, 21)].map((r, i) => ({
        type: 'Feature',
        geometry: i % 97 === 0 ? null : { type: 'Point', coordinates: [r.lon, r.lat] },
        properties: {
          id: r.id,
          fecha: r.fecha,
          tipo: r.tipo,
          cantidad: r.cantidad,
          // Text among the numbers only in shard 1's range, a field only there, one from there on.
          codigo: i >= 9_000 && i < 16_000 && i % 5 === 0 ? `C-${i}` : i,
          ...(i >= 9_050 && i < 9_060 ? { solo_rango_1: i } : {}),
          ...(i >= 9_100 ? { visto_en_rango_1: i % 2 === 0 } : {}),
          ...(i >= 17_000 ? { visto_en_rango_2: 'sí', 'otro "campo"': null } : {}),
        },
      })),
    };
  }
  const oneFeaturePerLine = (fc: FeatureCollection<Geometry | null>): string =>
    `{"type":"FeatureCollection","features":[\n${fc.features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;

  it('CSV: the same rows, fields, statistics and skipped records as one reader', async () => {
    const lines = csvOf(20_000, 13).split('\n');
    // Bad rows in both shards' ranges (rows 1–8192 and 16385–20000 are shard 0's, 8193–16384 shard 1's).
    for (const k of [5, 8_200, 12_345, 19_999]) lines[k] = lines[k].replace(/,\d{4}-\d\d-\d\d \d\d:\d\d,/, ',no es fecha,');
    lines[9_000] = `${lines[9_000]},sobra`;
    const file = write('grande.csv', lines.join('\n'));
    const s = await expectSame(file, { skipInvalid: true, mapping: { time: ['fecha'] } }, 2);
    expect([s.featureCount, s.skippedCount]).toEqual([19_995, 5]);
  });

  it('CSV with quoted line breaks, CRLF and blank lines in either shard: the same rows and line numbers', async () => {
    // Each reader only counts the other's rows, line by line where it can: its own rows after
    // such lines must still get the right row and line numbers. Rows 1–8192 and 16385– are
    // shard 0's, 8193–16384 shard 1's.
    const lines = csvOf(20_000, 15).trimEnd().split('\n');
    for (const k of [3_000, 9_000, 9_001, 16_400]) {
      const f = lines[k].split(',');
      f[5] = `"${f[5]}\nsegunda ""línea"", con coma"`;
      lines[k] = f.join(',');
    }
    for (const [from, to] of [[1_000, 1_100], [9_500, 9_600]]) for (let k = from; k < to; k++) lines[k] += '\r';
    // A CR inside an unquoted value is data, not a line break.
    lines[11_000] = `${lines[11_000]}\r${lines[11_001]}`;
    for (const k of [4_000, 8_300, 16_600, 18_000]) lines[k] += ',sobra';
    // Blank lines (one of them CRLF) in place of rows 12000 and 5000.
    lines.splice(12_000, 1, '', '\r');
    lines.splice(5_000, 1, '');
    const file = write('saltos.csv', `${lines.join('\n')}\n`);
    const s = await expectSame(file, { skipInvalid: true }, 2);
    expect(s.skipped.map((p) => [p.location, p.reason])).toEqual([
      ['row 4000 (line 4002)', 'has 9 fields, expected 8'],
      ['row 8299 (line 8302)', 'has 9 fields, expected 8'],
      ['row 10999 (line 11004)', 'has 15 fields, expected 8'],
      ['row 16598 (line 16606)', 'has 9 fields, expected 8'],
      ['row 17998 (line 18006)', 'has 9 fields, expected 8'],
    ]);
  });

  it('GeoJSON one feature per line: fields first seen in either shard merge in file order', async () => {
    const file = write('grande.geojson', oneFeaturePerLine(featureCollection(20_000)));
    await expectSame(file, {}, 2);
  });

  it('GeoJSON pretty-printed (features scanned, not one per line): the same', async () => {
    const file = write('indentado.geojson', JSON.stringify(featureCollection(20_000), null, 1));
    await expectSame(file, {}, 2);
  });

  it('points, then a line after 17,000: stored as rows with the same ids, by one worker or two', async () => {
    const fc = featureCollection(30_000);
    const line = fc.features[17_000];
    line.geometry = { type: 'LineString', coordinates: [[-115, 32.4], [-114.9, 32.5]] };
    const file = write('puntos-y-linea.geojson', oneFeaturePerLine(fc));
    const a = await expectSame(file, {}, 2);
    expect(a.featureCount).toBe(30_000);
    expect(backend.workspace.connection.prepare('SELECT count(*) FROM point_blocks').pluck().get()).toBe(0);
    const [b] = await withEnv('0', '1e15', () => run([file], { layer: 'un lector' }));
    const [c] = await inProcess(() => run([file], { layer: 'en proceso' }));
    expect(readers(b.layerId)).toBe(1);
    expect(storedRows(b.layerId)).toEqual(storedRows(c.layerId));
    expect(backend.workspace.getLayer(b.layerId).geometryType).toBe('Mixed');
  });

  it('a line with two features defeats counting: read again by one reader, same result', async () => {
    const text = oneFeaturePerLine(featureCollection(20_000)).split('\n');
    // Feature 12,000 (a range of shard 1) and the next share a line.
    text[12_001] = `${text[12_001]}${text[12_002]}`;
    text.splice(12_002, 1);
    const file = write('dos-por-linea.geojson', text.join('\n'));
    await expectSame(file, {}, 1);
  });

  it('problems without --skip-invalid: read again by one reader, so the message is exactly its', async () => {
    const lines = csvOf(20_000, 14).split('\n');
    lines[10_000] = lines[10_000].replace(/,\d{4}-\d\d-\d\d \d\d:\d\d,/, ',no es fecha,');
    const file = write('malo.csv', lines.join('\n'));
    const before = hash();
    const opts = { mapping: { time: ['fecha'] } };
    const a = await sharded(() => run([file], opts).then(() => null, (e: unknown) => e));
    const b = await inProcess(() => run([file], opts).then(() => null, (e: unknown) => e));
    expect(a).toBeInstanceOf(ImportError);
    expect((a as Error).message).toMatch(/malo\.csv: row 10000: time "no es fecha"/);
    expect((a as Error).message).toBe((b as Error).message);
    expect(hash()).toBe(before);
  });
});
