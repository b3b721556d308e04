/**
 * Shapefile export (.shp with its .shx, .dbf, .prj, .cpg, and the same parts in a .zip) on real
 * data — INEGI's municipalities, Natural Earth's towns, rivers and border, a DBSCAN run on UCDP
 * events — read back by GDAL (ogrinfo for the geometry type, count, fields and types, extent and
 * CRS; ogr2ogr for every feature), by the `shapefile` npm package and by our own reader, each
 * giving the features exported: coordinates within 1e-7°, attributes equal under the field
 * names the export reported. The binary layout (.shx offsets, record and file bounding boxes,
 * the .dbf's counts, lengths and terminators) is checked byte by byte against the .shp.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { unzipSync } from 'fflate';
import * as shapefileLib from 'shapefile';
import { openBackend, type Backend } from '../../../electron/backend/backend.ts';
import { formatsInfo, writerForPath } from '../../../electron/backend/formats/registry.ts';
import type { AnalysisRun, ExportResult } from '../../../shared/api/contract.ts';
import { repoRoot } from '../../../scripts/web.ts';

const FIXTURES = path.resolve(repoRoot, '..', 'shared', 'fixtures');
const INEGI = path.join(FIXTURES, 'inegi-mun-lcc', 'sonora_bc', 'mun_02_26.shp');
const INEGI_4326 = path.join(FIXTURES, 'inegi-mun-lcc', 'expected', 'mun_02_26_epsg4326.geojson');
const CLIPPED = path.join(FIXTURES, 'natural-earth', 'clipped');
const PLACES = path.join(CLIPPED, 'ne_10m_populated_places_sonora_bc.shp');
const RIVERS = path.join(CLIPPED, 'ne_10m_rivers_lake_centerlines_sonora_bc.shp');
const BORDER = path.join(CLIPPED, 'ne_10m_admin_0_boundary_lines_land_sonora_bc.shp');
const UCDP = path.join(FIXTURES, 'ucdp-ged-mexico-other-states', 'ucdp_ged_mexico_other_states.csv');
/** San Luis Río Colorado's centre (../shared/README.md): Natural Earth's clip has no town there. */
const SLRC: Position = [-114.7717, 32.4561];
/** 'a' and 200 two-byte characters: 401 bytes, so 254 bytes hold 'a' and 126 of them (never half of one). */
const LONG_NOTE = 'a' + 'ñ'.repeat(200);

let dir: string;
let backend: Backend;
let dbscan: AnalysisRun;
const out = (name: string) => path.join(dir, name);

/** The features GDAL reads from a file, as GeoJSON. */
function gdalFeatures(file: string): FeatureCollection {
  return JSON.parse(execFileSync('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })) as FeatureCollection;
}

interface OgrSummary {
  geometry: string;
  count: number;
  extent: number[];
  /** Name → OGR type and width: "Real (24.15)". */
  fields: Record<string, string>;
  epsg: string | null;
}

/** `ogrinfo -al -so`: geometry type, feature count, extent, fields with their types, the CRS's EPSG code. */
function ogrSummary(file: string): OgrSummary {
  const text = execFileSync('ogrinfo', ['-al', '-so', file], { encoding: 'utf8' });
  const extent = /^Extent: \((\S+), (\S+)\) - \((\S+), (\S+)\)$/m.exec(text);
  const fields: Record<string, string> = {};
  for (const m of text.split('Data axis to CRS axis mapping')[1].matchAll(/^(.+): (\w+(?:\(\w+\))? \(\d+\.\d+\))$/gm)) fields[m[1]] = m[2];
  return {
    geometry: /^Geometry: (.+)$/m.exec(text)![1],
    count: Number(/^Feature Count: (\d+)$/m.exec(text)![1]),
    extent: extent ? extent.slice(1).map(Number) : [],
    fields,
    epsg: /ID\["EPSG",(\d+)\]\]\s*Data axis/.exec(text)?.[1] ?? null,
  };
}

/** "field names cut …: a → b, c → d" as { a: 'b', c: 'd' }; every other field keeps its name. */
function renamedIn(r: ExportResult): Record<string, string> {
  const note = (r.notes ?? []).find((n) => n.startsWith('field names cut'));
  return Object.fromEntries(note ? note.split(': ')[1].split(', ').map((p) => p.split(' → ')) : []);
}

/** Geometries as a shapefile holds them: points, parts, or polygons with outer rings clockwise and holes counter-clockwise. */
type Canonical = { kind: 'points' | 'lines' | 'polygons'; rings: Position[][][] } | null;

function signedArea2(ring: Position[]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
  return a;
}

function canonical(g: Geometry | null): Canonical {
  if (!g) return null;
  switch (g.type) {
    case 'Point':
      return { kind: 'points', rings: [[[g.coordinates]]] };
    case 'MultiPoint':
      return { kind: 'points', rings: [[g.coordinates]] };
    case 'LineString':
      return { kind: 'lines', rings: [[g.coordinates]] };
    case 'MultiLineString':
      return { kind: 'lines', rings: [g.coordinates] };
    case 'Polygon':
    case 'MultiPolygon': {
      const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
      // A ring needs 4 positions (the spec): a shorter one repeats its last.
      const full = (r: Position[]) => (r.length < 4 ? [...r, ...Array<Position>(4 - r.length).fill(r[r.length - 1])] : r);
      const oriented = polygons.map((rings) => rings.map((r, i) => full((signedArea2(r) > 0) === (i === 0) ? [...r].reverse() : r)));
      return { kind: 'polygons', rings: oriented };
    }
    default:
      throw new Error(`unexpected ${g.type}`);
  }
}

/** The largest coordinate difference (x, y, z) between two geometries of the same structure (fails the test when not). */
function maxDifference(a: Geometry | null, b: Geometry | null): number {
  const ca = canonical(a);
  const cb = canonical(b);
  if (ca === null || cb === null) {
    expect(cb).toBe(ca);
    return 0;
  }
  expect(cb.kind).toBe(ca.kind);
  // A lone point comes back as a one-point MultiPoint in a file of MultiPoints.
  const flat = (c: NonNullable<Canonical>) => (c.kind === 'points' ? [[c.rings.flat(2)]] : c.rings);
  const ra = flat(ca);
  const rb = flat(cb);
  expect(rb.map((p) => p.map((r) => r.length))).toEqual(ra.map((p) => p.map((r) => r.length)));
  let max = 0;
  const d = (q: Position, o: Position) => Math.max(Math.abs(q[0] - o[0]), Math.abs(q[1] - o[1]), Math.abs((q[2] ?? 0) - (o[2] ?? 0)));
  ra.forEach((p, i) => p.forEach((r, j) => r.forEach((q, k) => (max = Math.max(max, d(q, rb[i][j][k]))))));
  return max;
}

/** A property as a shapefile gives it back: objects as JSON text, '' and missing as null. */
function asWritten(v: unknown): unknown {
  if (v === undefined || v === '' || v === null) return null;
  if (v === LONG_NOTE) return 'a' + 'ñ'.repeat(126);
  return typeof v === 'object' ? JSON.stringify(v) : v;
}

interface Exported {
  geometry: Geometry | null;
  properties: Record<string, unknown>;
}

/** The features an export wrote, as the workspace holds them (the layer's fields, then the stored ones). */
function layerFeatures(name: string): Exported[] {
  const layer = backend.workspace.getLayer(name);
  return [...backend.workspace.iterateFeatures(layer.id)].map((f) => ({
    geometry: f.geometry,
    properties: { ...f.properties, source_index: f.sourceIndex, time_precision: f.timePrecision, category: f.category, quantity: f.quantity, unit: f.unit },
  }));
}

/**
 * How GDAL's GeoJSON driver gives a shapefile's values: dates as YYYY/MM/DD, text holding JSON as
 * that JSON, reals to 15 significant digits (ogrinfo shows the file holds all 17), and (GDAL 3.6)
 * a logical field as the text T or F and a blank date left out.
 */
function gdalValue(got: unknown, written: unknown): unknown {
  if (typeof got === 'number' && typeof written === 'number' && Math.abs(got - written) <= 1e-14 * Math.abs(written)) return written;
  if (got === undefined) return null; // an unset field: GDAL 3.6 leaves a blank date out
  if (typeof got === 'string' && /^\d{4}\/\d{2}\/\d{2}$/.test(got)) return got.replace(/\//g, '-');
  // GDAL 3.6's text for a logical: T, F, or ? for null (no text field here holds those).
  if ((typeof written === 'boolean' || written === null) && (got === 'T' || got === 'F' || got === '?')) return got === '?' ? null : got === 'T';
  return got !== null && typeof got === 'object' ? JSON.stringify(got) : got;
}

/** Every feature read back equals the one exported: geometry within 1e-7°, each attribute under its dBASE name. */
function expectSame(features: Exported[], written: Exported[], names: Record<string, string>, skip: string[] = ['time'], read = (got: unknown, _v: unknown) => got): void {
  expect(features).toHaveLength(written.length);
  features.forEach((f, i) => {
    expect(maxDifference(written[i].geometry, f.geometry)).toBeLessThan(1e-7);
    for (const [k, v] of Object.entries(written[i].properties)) {
      if (skip.includes(k)) continue;
      expect(read(f.properties[names[k] ?? k], v), `feature ${i + 1} ${k}`).toEqual(asWritten(v));
    }
  });
}

/** Imports a written file with our own reader into a new layer; its features. */
async function ourRead(file: string, layer: string): Promise<Exported[]> {
  await backend['import.run']({ paths: [file], options: { layer } });
  return [...backend.workspace.iterateFeatures(backend.workspace.getLayer(layer).id)].map((f) => ({ geometry: f.geometry, properties: f.properties }));
}

/** The .shx, the .shp's headers and record boxes, and the .dbf's header against each other and the features. */
function expectLayout(stem: string, written: Exported[]): void {
  const shp = fs.readFileSync(`${stem}.shp`);
  const shx = fs.readFileSync(`${stem}.shx`);
  const dbf = fs.readFileSync(`${stem}.dbf`);
  expect(shp.readInt32BE(24) * 2).toBe(shp.length);
  expect(shx.readInt32BE(24) * 2).toBe(shx.length);
  expect(shx.length).toBe(100 + 8 * written.length);
  expect(shx.subarray(32, 100)).toEqual(shp.subarray(32, 100));
  const all = written.flatMap((f) => (f.geometry ? canonical(f.geometry)!.rings.flat(2) : []));
  const box = (pts: Position[]) => [Math.min(...pts.map((p) => p[0])), Math.min(...pts.map((p) => p[1])), Math.max(...pts.map((p) => p[0])), Math.max(...pts.map((p) => p[1]))];
  expect([0, 1, 2, 3].map((i) => shp.readDoubleLE(36 + 8 * i))).toEqual(box(all));
  let next = 100;
  written.forEach((f, i) => {
    const offset = shx.readInt32BE(100 + 8 * i) * 2;
    const length = shx.readInt32BE(104 + 8 * i) * 2;
    expect(offset, `record ${i + 1}`).toBe(next);
    expect(shp.readInt32BE(offset)).toBe(i + 1);
    expect(shp.readInt32BE(offset + 4) * 2).toBe(length);
    const type = shp.readInt32LE(offset + 8);
    if (!f.geometry) expect(type).toBe(0);
    else if (type !== 1) expect([0, 1, 2, 3].map((k) => shp.readDoubleLE(offset + 12 + 8 * k))).toEqual(box(canonical(f.geometry)!.rings.flat(2)));
    next = offset + 8 + length;
  });
  expect(next).toBe(shp.length);
  const rows = dbf.readUInt32LE(4);
  const headerLength = dbf.readUInt16LE(8);
  const recordLength = dbf.readUInt16LE(10);
  expect(rows).toBe(written.length);
  expect(dbf[headerLength - 1]).toBe(0x0d);
  expect((headerLength - 33) % 32).toBe(0);
  let widths = 1;
  for (let p = 32; p < headerLength - 1; p += 32) widths += dbf[p + 16];
  expect(recordLength).toBe(widths);
  expect(dbf.length).toBe(headerLength + rows * recordLength + 1);
  expect(dbf[dbf.length - 1]).toBe(0x1a);
  expect(fs.readFileSync(`${stem}.cpg`, 'utf8')).toBe('UTF-8');
  expect(fs.readFileSync(`${stem}.prj`, 'utf8')).toMatch(/^GEOGCS\["GCS_WGS_1984",DATUM\["D_WGS_1984"/);
}

/**
 * A date as the `shapefile` package gives it (a local-time Date); a null one (GDAL's "00000000")
 * it reads as 30 November 1899.
 */
function localDate(d: Date): string | null {
  if (d.getFullYear() === 1899 && d.getMonth() === 10 && d.getDate() === 30) return null;
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The `shapefile` package's reading. */
async function libFeatures(stem: string): Promise<Exported[]> {
  const fc = await shapefileLib.read(`${stem}.shp`, `${stem}.dbf`, { encoding: 'utf-8' });
  return fc.features.map((f) => ({
    geometry: f.geometry,
    properties: Object.fromEntries(
      Object.entries(f.properties ?? {}).map(([k, v]) => [k, v instanceof Date ? localDate(v) : v]),
    ),
  }));
}

const feature = (geometry: Geometry | null, properties: Record<string, unknown>): Feature => ({ type: 'Feature', geometry: geometry as Geometry, properties });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-shp-export-'));
  backend = openBackend(path.join(dir, 'w.frontera'), { create: true });
  await backend['import.run']({ paths: [INEGI], options: { layer: 'municipios' } });

  // Towns: Natural Earth's, San Luis Río Colorado, with long field names, the INEGI municipality
  // each lies in (accents; null across the border), dates, booleans, nulls, Cyrillic and Chinese
  // names (multi-byte UTF-8), a nested object and a text longer than a dBASE field.
  const municipalities = (JSON.parse(fs.readFileSync(INEGI_4326, 'utf8')) as FeatureCollection<Polygon>).features;
  const places = gdalFeatures(PLACES).features as Feature<Point>[];
  const towns = [...places.map((p) => ({ at: p.geometry.coordinates, p: p.properties! })), { at: SLRC, p: { NAME: 'San Luis Río Colorado', NAME_RU: 'Сан-Луис-Рио-Колорадо', NAME_ZH: '科罗拉多河畔圣路易斯', POP2020: null, SCALERANK: 7 } }];
  const townFeatures = towns.map(({ at, p }, i) =>
    feature({ type: 'Point', coordinates: at }, {
      nombre_del_lugar: p.NAME,
      nombre_en_ruso: p.NAME_RU,
      nombre_en_chino: p.NAME_ZH,
      municipio_nombre: municipalities.find((m) => booleanPointInPolygon(at, m))?.properties!.NOMGEO ?? null,
      fecha_del_evento: i % 4 === 3 ? null : `2023-07-${String(10 + i).padStart(2, '0')}`,
      confirmado: i % 3 === 0 ? true : i % 3 === 1 ? false : null,
      poblacion_2020: p.POP2020,
      victimas: i % 5 === 4 ? null : i % 5,
      detalle: { fuente: 'Natural Earth', rango: p.SCALERANK },
      notas: i === 0 ? LONG_NOTE : null,
    }),
  );
  fs.writeFileSync(out('lugares.geojson'), JSON.stringify({ type: 'FeatureCollection', features: townFeatures }));
  await backend['import.run']({ paths: [out('lugares.geojson')], options: { layer: 'lugares', mapping: { time: ['fecha_del_evento'] } } });

  // One layer of every kind: towns and a MultiPoint, rivers and the border (lines and multi-lines),
  // Mexicali's two polygons as one MultiPolygon, San Luis Río Colorado's with a hole — outer ring
  // counter-clockwise and hole clockwise, as RFC 7946 has them, the reverse of a shapefile — and
  // a feature without a geometry.
  const byName = (n: string) => municipalities.filter((m) => m.properties!.NOMGEO === n);
  const slrc = byName('San Luis Río Colorado')[0].geometry.coordinates[0];
  const ccw = signedArea2(slrc) > 0 ? slrc : [...slrc].reverse();
  const [x, y] = SLRC;
  const hole = [[x - 0.02, y - 0.02], [x - 0.02, y + 0.02], [x + 0.02, y + 0.02], [x + 0.02, y - 0.02], [x - 0.02, y - 0.02]];
  const lines = [...gdalFeatures(RIVERS).features, ...gdalFeatures(BORDER).features];
  const mixed = [
    ...places.slice(0, 3).map((p) => feature(p.geometry, { nombre: p.properties!.NAME, tipo: 'ciudad' })),
    feature({ type: 'MultiPoint', coordinates: [places.find((p) => p.properties!.NAME === 'Mexicali')!.geometry.coordinates, SLRC] }, { nombre: 'Mexicali y San Luis', tipo: 'ciudades' }),
    ...lines.map((l) => feature(l.geometry, { nombre: l.properties!.name ?? 'frontera', tipo: 'línea' })),
    feature({ type: 'MultiPolygon', coordinates: byName('Mexicali').map((m) => m.geometry.coordinates) } as MultiPolygon, { nombre: 'Mexicali', tipo: 'municipio' }),
    feature({ type: 'Polygon', coordinates: [ccw, hole] }, { nombre: 'San Luis Río Colorado', tipo: 'municipio' }),
    feature(null, { nombre: 'sin ubicación', tipo: null }),
  ];
  fs.writeFileSync(out('mezcla.geojson'), JSON.stringify({ type: 'FeatureCollection', features: mixed }));
  await backend['import.run']({ paths: [out('mezcla.geojson')], options: { layer: 'mezcla' } });

  // Geometry collections: of one kind (Mexicali's two polygons), and of a town and a river.
  const collection = (geometries: Geometry[], nombre: string) => feature({ type: 'GeometryCollection', geometries }, { nombre });
  const mexicali = byName('Mexicali').map((m) => m.geometry);
  fs.writeFileSync(out('coleccion.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [collection(mexicali, 'Mexicali')] }));
  fs.writeFileSync(out('colecciones.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [collection(mexicali, 'Mexicali'), collection([places[0].geometry, lines[0].geometry], 'mezcla')] }));
  await backend['import.run']({ paths: [out('coleccion.geojson'), out('colecciones.geojson')] });

  // Numbers at the edges of what a dBASE column holds: small (11 decimals, still N), 17 significant
  // digits, huge and denormal (both beyond 24 characters written out: F in exponent form).
  const numbers = [
    { pequeno: 1e-7, diecisiete: 0.30000000000000004, enorme: 1.5e21 },
    { pequeno: 2.5e-10, diecisiete: 123456.78901234567, enorme: -1.7976931348623157e308 },
    { pequeno: 0.5, diecisiete: -1, enorme: 5e-324 },
    { pequeno: null, diecisiete: null, enorme: null },
  ];
  fs.writeFileSync(out('numeros.geojson'), JSON.stringify({ type: 'FeatureCollection', features: numbers.map((p, i) => feature({ type: 'Point', coordinates: [SLRC[0] + i / 100, SLRC[1]] }, p)) }));
  await backend['import.run']({ paths: [out('numeros.geojson')], options: { layer: 'numeros' } });

  // Rivers and the border with an elevation at each vertex (the vertex's position along the line, in metres).
  const lines3d = lines.filter((l) => l.geometry).map((l) => {
    const g = l.geometry as Geometry & { coordinates: Position[] | Position[][] };
    const z = (line: Position[]) => line.map((p, i) => [p[0], p[1], 30 + i]);
    const coordinates = g.type === 'LineString' ? z(g.coordinates as Position[]) : (g.coordinates as Position[][]).map(z);
    return feature({ type: g.type, coordinates } as Geometry, { nombre: l.properties!.name ?? 'frontera' });
  });
  fs.writeFileSync(out('lineas3d.geojson'), JSON.stringify({ type: 'FeatureCollection', features: lines3d }));
  await backend['import.run']({ paths: [out('lineas3d.geojson')], options: { layer: 'lineas3d' } });

  await backend['import.run']({ paths: [UCDP], options: { layer: 'ucdp', mapping: { time: ['date_start'], category: 'type_of_violence' } } });
  dbscan = await backend['analysis.run']({ kind: 'dbscan', layer: 'ucdp', eps: 5000, minPoints: 20, selection: { from: '2010-01-01', to: '2019-12-31' } });
}, 120_000);

afterAll(() => {
  backend?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('shapefile export, read back by GDAL, the shapefile package and our reader', () => {
  it('is the writer for .shp and .zip (the zip reader’s extension), listed for the export dialogs', () => {
    expect(writerForPath('a.shp')?.id).toBe('shapefile');
    expect(writerForPath('a.zip')?.id).toBe('shapefile');
    expect(formatsInfo().find((f) => f.id === 'shapefile')?.export).toEqual({ extensions: ['shp', 'zip'], geometry: 'any', multiple: false, provenanceInFile: false });
  });

  it('INEGI municipalities: polygons in WGS 84 with every attribute, as GDAL reads them', async () => {
    const layer = backend.workspace.getLayer('municipios');
    const file = out('municipios.shp');
    const r = await backend['export.layer']({ layerId: layer.id, out: file });
    const stem = out('municipios');
    expect(r.files).toEqual(['shp', 'shx', 'dbf', 'prj', 'cpg'].map((e) => `${stem}.${e}`));
    expect(r.count).toBe(85);
    const names = renamedIn(r);
    expect(names).toEqual({ source_index: 'source_ind', time_precision: 'time_preci' });

    const info = ogrSummary(file);
    expect(info).toMatchObject({ geometry: 'Polygon', count: 85, epsg: '4326' });
    info.extent.forEach((v, i) => expect(Math.abs(v - layer.bbox![i])).toBeLessThan(1e-6));
    const gdalType = { integer: /^Integer(64)?$/, number: /^Real$/, string: /^String$/ } as Record<string, RegExp>;
    for (const f of layer.fields) expect(info.fields[names[f.name] ?? f.name].split(' ')[0], f.name).toMatch(gdalType[f.type]);
    expect(Object.keys(info.fields)).toEqual([...layer.fields.map((f) => f.name), 'source_ind', 'time', 'time_preci', 'category', 'quantity', 'unit']);

    const written = layerFeatures('municipios');
    expectSame(gdalFeatures(file).features as Exported[], written, names, ['time'], gdalValue);
    expectSame(await libFeatures(stem), written, names);
    expectSame(await ourRead(file, 'municipios_de_vuelta'), written, names);
    expectLayout(stem, written);
  });

  it('the same as a .zip: GDAL opens it through /vsizip/, our zip reader imports it', async () => {
    const layer = backend.workspace.getLayer('municipios');
    const file = out('municipios.zip');
    const r = await backend['export.layer']({ layerId: layer.id, out: file });
    expect(r.files).toEqual([file]);
    expect(Object.keys(unzipSync(fs.readFileSync(file))).sort()).toEqual(['municipios.cpg', 'municipios.dbf', 'municipios.prj', 'municipios.shp', 'municipios.shx']);
    const info = ogrSummary(`/vsizip/${file}`);
    expect(info).toMatchObject({ geometry: 'Polygon', count: 85, epsg: '4326' });
    const written = layerFeatures('municipios');
    expectSame(gdalFeatures(`/vsizip/${file}`).features as Exported[], written, renamedIn(r), ['time'], gdalValue);
    expectSame(await ourRead(file, 'municipios_zip'), written, renamedIn(r));
  });

  it('towns: long names cut without collisions and reported, dates as D, booleans as L, UTF-8 text cut on a character', async () => {
    const layer = backend.workspace.getLayer('lugares');
    const file = out('lugares.shp');
    const r = await backend['export.layer']({ layerId: layer.id, out: file });
    const names = renamedIn(r);
    expect(names).toEqual({
      nombre_del_lugar: 'nombre_del',
      nombre_en_ruso: 'nombre_en_',
      nombre_en_chino: 'nombre_e_1',
      municipio_nombre: 'municipio_',
      fecha_del_evento: 'fecha_del_',
      poblacion_2020: 'poblacion_',
      source_index: 'source_ind',
      time_precision: 'time_preci',
    });
    expect(r.notes).toContain('1 value of notas cut to the 254 bytes a shapefile text field holds');

    const info = ogrSummary(file);
    expect(info).toMatchObject({ geometry: 'Point', count: 13, epsg: '4326' });
    const types = Object.fromEntries(Object.entries(info.fields).map(([k, v]) => [k, v.split(' ')[0]]));
    expect(types).toEqual({
      nombre_del: 'String',
      nombre_en_: 'String',
      nombre_e_1: 'String',
      municipio_: 'String',
      fecha_del_: 'Date',
      confirmado: types.confirmado,
      poblacion_: 'Integer',
      victimas: 'Integer',
      detalle: 'String',
      notas: 'String',
      source_ind: 'Integer',
      time: 'String',
      time_preci: 'String',
      category: 'String',
      quantity: 'Real',
      unit: 'String',
    });
    // A dBASE logical (L, one byte): GDAL 3.7 on reads it as a boolean, 3.6 as the text T or F.
    expect(info.fields.confirmado).toMatch(/^(Integer\(Boolean\)|String) \(1\.0\)$/);
    // As wide as its longest value once cut: 'a' and 126 two-byte characters.
    expect(info.fields.notas).toBe(`String (${1 + 126 * 2}.0)`);

    const written = layerFeatures('lugares');
    const slrc = written.at(-1)!.properties;
    expect(slrc).toMatchObject({ nombre_del_lugar: 'San Luis Río Colorado', municipio_nombre: 'San Luis Río Colorado' });
    expect(written.filter((f) => f.properties.municipio_nombre === null).length).toBeGreaterThan(0);
    const gdal = gdalFeatures(file).features as Exported[];
    expectSame(gdal, written, names, [], gdalValue);
    expect(gdal.map((f) => f.properties.time)).toEqual(written.map((f) => f.properties.fecha_del_evento ?? null));
    expectSame(await libFeatures(out('lugares')), written, names, ['time']);
    expectSame(await ourRead(file, 'lugares_de_vuelta'), written, names, ['time']);
    expectLayout(out('lugares'), written);
  });

  it('a layer of points, lines and polygons: one shapefile per type, said in a note; rings as a shapefile orders them', async () => {
    const layer = backend.workspace.getLayer('mezcla');
    const r = await backend['export.layer']({ layerId: layer.id, out: out('mezcla.shp') });
    const written = layerFeatures('mezcla');
    const kinds = ['points', 'lines', 'polygons'] as const;
    const of = (k: (typeof kinds)[number]) => written.filter((f) => (f.geometry ? canonical(f.geometry)!.kind === k : k === 'points'));
    // The feature without a geometry, and Natural Earth's river record without a shape.
    const nulls = written.filter((f) => !f.geometry).length;
    expect(nulls).toBe(2);
    expect(r.count).toBe(written.length);
    expect(r.files).toEqual(kinds.flatMap((k) => ['shp', 'shx', 'dbf', 'prj', 'cpg'].map((e) => out(`mezcla_${k}.${e}`))));
    // The file asked for is not written: the result names the first one that is.
    expect(r.path).toBe(out('mezcla_points.shp'));
    expect(fs.existsSync(out('mezcla.shp'))).toBe(false);
    expect(r.notes).toContain(
      `"mezcla" mixes points, lines, polygons; a shapefile holds one geometry type, so it was written as mezcla_points.shp (${of('points').length} features), ` +
        `mezcla_lines.shp (${of('lines').length} features), mezcla_polygons.shp (2 features); ${nulls} features without a geometry went into mezcla_points.shp`,
    );
    const gdalTypes = { points: 'Multi Point', lines: 'Line String', polygons: 'Polygon' };
    for (const k of kinds) {
      const file = out(`mezcla_${k}.shp`);
      expect(ogrSummary(file)).toMatchObject({ geometry: gdalTypes[k], count: of(k).length, epsg: '4326' });
      expectSame(gdalFeatures(file).features as Exported[], of(k), renamedIn(r), ['time'], gdalValue);
      expectSame(await ourRead(file, `mezcla_${k}_de_vuelta`), of(k), renamedIn(r));
      expectLayout(out(`mezcla_${k}`), of(k));
    }
    // The hole stays a hole: GDAL reads one polygon of two rings, outer clockwise.
    const slrc = gdalFeatures(out('mezcla_polygons.shp')).features[1].geometry as Polygon;
    expect(slrc.type).toBe('Polygon');
    expect(slrc.coordinates).toHaveLength(2);
    expect(signedArea2(slrc.coordinates[0])).toBeLessThan(0);
    expect(signedArea2(slrc.coordinates[1])).toBeGreaterThan(0);

    // As a .zip: the three shapefiles in one archive, which imports as three layers (as ogrinfo
    // lists it), or the one --table names.
    const zr = await backend['export.layer']({ layerId: layer.id, out: out('mezcla.zip') });
    expect(zr.path).toBe(out('mezcla.zip'));
    const ogrLayers = execFileSync('ogrinfo', ['-ro', '-q', `/vsizip/${out('mezcla.zip')}`], { encoding: 'utf8' });
    for (const k of kinds) expect(ogrLayers).toContain(`mezcla_${k}`);
    const imported = await backend['import.run']({ paths: [out('mezcla.zip')], options: {} });
    expect(imported.map((i) => [i.layer, i.featureCount])).toEqual(kinds.map((k) => [`mezcla_${k}`, of(k).length]));
    for (const k of kinds) {
      const back = [...backend.workspace.iterateFeatures(backend.workspace.getLayer(`mezcla_${k}`).id)].map((f) => ({ geometry: f.geometry, properties: f.properties }));
      expectSame(back, of(k), renamedIn(r));
    }
    const one = await backend['import.run']({ paths: [out('mezcla.zip')], options: { table: 'MEZCLA_LINES', layer: 'solo_lineas' } });
    expect(one.map((i) => [i.layer, i.featureCount])).toEqual([['solo_lineas', of('lines').length]]);
    await expect(backend['import.run']({ paths: [out('mezcla.zip')], options: { table: 'rios' } })).rejects.toThrow(
      `no shapefile "rios" in the archive; its shapefiles: mezcla_points, mezcla_lines, mezcla_polygons`,
    );
  });

  it('a GeometryCollection of polygons is a MultiPolygon; one mixing a town and a river is refused, naming it, and nothing is written', async () => {
    const r = await backend['export.layer']({ layerId: backend.workspace.getLayer('coleccion').id, out: out('coleccion.shp') });
    expect(r.count).toBe(1);
    const [gdal] = gdalFeatures(out('coleccion.shp')).features;
    expect(gdal.geometry.type).toBe('MultiPolygon');
    const mexicali = layerFeatures('mezcla').find((f) => f.properties.nombre === 'Mexicali')!;
    expect(maxDifference(mexicali.geometry, gdal.geometry)).toBeLessThan(1e-7);

    const before = fs.readdirSync(dir).sort();
    await expect(backend['export.layer']({ layerId: backend.workspace.getLayer('colecciones').id, out: out('colecciones.shp') })).rejects.toThrow(
      'feature 2 of "colecciones" is a GeometryCollection mixing points, lines or polygons, which a shapefile cannot hold: export it as GeoJSON',
    );
    expect(fs.readdirSync(dir).sort()).toEqual(before);
  });

  it('numbers too small, too precise or too large for N(24,15) read back equal (the F column’s exponent form)', async () => {
    const file = out('numeros.shp');
    const r = await backend['export.layer']({ layerId: backend.workspace.getLayer('numeros').id, out: file });
    expect(ogrSummary(file).fields).toMatchObject({ pequeno: 'Real (13.11)', diecisiete: expect.stringMatching(/^Real /), enorme: expect.stringMatching(/^Real /) });
    const dbf = fs.readFileSync(out('numeros.dbf'));
    const typeOf = (name: string) => String.fromCharCode(dbf[32 + 32 * ['pequeno', 'diecisiete', 'enorme'].indexOf(name) + 11]);
    expect(['pequeno', 'diecisiete', 'enorme'].map(typeOf)).toEqual(['N', 'F', 'F']);
    const written = layerFeatures('numeros');
    expectSame(gdalFeatures(file).features as Exported[], written, renamedIn(r), ['time'], gdalValue);
    expectSame(await libFeatures(out('numeros')), written, renamedIn(r));
    expectSame(await ourRead(file, 'numeros_de_vuelta'), written, renamedIn(r));
  });

  it('lines with elevations: PolyLineZ, the z of every vertex kept', async () => {
    const file = out('lineas3d.shp');
    const r = await backend['export.layer']({ layerId: backend.workspace.getLayer('lineas3d').id, out: file });
    const written = layerFeatures('lineas3d');
    expect(written.every((f) => canonical(f.geometry)!.rings.flat(2).every((p) => p.length === 3))).toBe(true);
    expect(ogrSummary(file)).toMatchObject({ geometry: '3D Line String', count: written.length });
    expect(fs.readFileSync(file).readInt32LE(32)).toBe(13); // PolyLineZ
    expectSame(gdalFeatures(file).features as Exported[], written, renamedIn(r), ['time'], gdalValue);
    expectSame(await ourRead(file, 'lineas3d_de_vuelta'), written, renamedIn(r));
    expectLayout(out('lineas3d'), written);
  });

  it('a DBSCAN result: hulls in clusters_polygons.shp, clusters without an area (a town-centre stack) as points in clusters_points.shp, the provenance beside the .shp and inside the .zip', async () => {
    const result = backend.workspace.getAnalysis(dbscan.id).result as {
      geojson: FeatureCollection<Polygon | Point>;
      labels: { sourceIndex: number[]; cluster: number[] };
    };
    const clusters = result.geojson.features.map((f) => ({ geometry: f.geometry, properties: f.properties ?? {} }));
    // A shapefile holds one shape type. A cluster whose incidents share one spot has no hull to
    // draw: padding its 1-corner ring into a zero-area polygon would be an invalid shape passed off
    // as an area, so the export splits, as for any layer of points and polygons, and says so.
    const of = (kind: 'Point' | 'Polygon') => clusters.filter((c) => c.geometry.type === kind);
    const [points, hulls] = [of('Point'), of('Polygon')];
    expect(points.length + hulls.length).toBe(clusters.length);
    expect(hulls.length).toBeGreaterThan(0);
    expect(points.length).toBeGreaterThan(0);
    // Independently of the cluster summary: each cluster's incidents as the layer holds them. A
    // point cluster's lie on one or two spots (UCDP's city-centre geocodes), its point their mean
    // (within 1e-5°: the summary averages in the local metric projection); a hull has ≥ 3 spots.
    const at = new Map([...backend.workspace.iterateFeatures(backend.workspace.getLayer('ucdp').id)].map((f) => [f.sourceIndex, (f.geometry as Point).coordinates]));
    const incidents = new Map<number, Position[]>();
    result.labels.cluster.forEach((c, i) => {
      if (c >= 0) incidents.set(c, [...(incidents.get(c) ?? []), at.get(result.labels.sourceIndex[i])!]);
    });
    const spots = (c: unknown) => new Set(incidents.get(c as number)!.map(String)).size;
    for (const p of points) {
      const m = incidents.get(p.properties.cluster_id as number)!;
      expect(spots(p.properties.cluster_id)).toBe(p.properties.locations);
      expect(p.properties.locations).toBeLessThan(3);
      const [lon, lat] = (p.geometry as Point).coordinates;
      expect(Math.abs(lon - m.reduce((a, q) => a + q[0], 0) / m.length)).toBeLessThan(1e-5);
      expect(Math.abs(lat - m.reduce((a, q) => a + q[1], 0) / m.length)).toBeLessThan(1e-5);
    }
    expect(points.filter((p) => p.properties.locations === 1).length).toBeGreaterThan(0);
    for (const h of hulls) expect(spots(h.properties.cluster_id)).toBeGreaterThanOrEqual(3);

    const file = out('clusters.shp');
    const r = await backend['export.analysis']({ id: dbscan.id, out: file });
    const stems = ['points', 'polygons'].map((k) => `clusters_${k}`);
    expect(r.files).toEqual([...stems.flatMap((s) => ['shp', 'shx', 'dbf', 'prj', 'cpg'].map((e) => out(`${s}.${e}`))), out('clusters.provenance.json')]);
    expect(fs.existsSync(file)).toBe(false);
    expect(r.notes).toContain(
      `"dbscan_${dbscan.id}" mixes points, polygons; a shapefile holds one geometry type, so it was written as ` +
        `clusters_points.shp (${points.length} feature${points.length === 1 ? '' : 's'}), clusters_polygons.shp (${hulls.length} features)`,
    );
    // No ring padded: no zero-area polygon left in the file.
    expect((r.notes ?? []).some((n) => n.includes('padded'))).toBe(false);
    const names = renamedIn(r);
    for (const [stem, written, geometry] of [
      [stems[0], points, 'Point'],
      [stems[1], hulls, 'Polygon'],
    ] as const) {
      expect(ogrSummary(out(`${stem}.shp`))).toMatchObject({ geometry, count: written.length, epsg: '4326' });
      expectSame(gdalFeatures(out(`${stem}.shp`)).features as Exported[], written, names, ['time'], gdalValue);
      expectSame(await ourRead(out(`${stem}.shp`), `${stem}_de_vuelta`), written, names);
      expectLayout(out(stem), written);
    }
    // GDAL finds no invalid polygon among the hulls.
    const invalid = execFileSync('ogrinfo', ['-q', '-dialect', 'SQLite', '-sql', 'SELECT COUNT(*) AS n FROM clusters_polygons WHERE NOT ST_IsValid(geometry)', out('clusters_polygons.shp')], { encoding: 'utf8' });
    expect(/n \(Integer\) = (\d+)/.exec(invalid)?.[1]).toBe('0');
    const provenance = { analysisId: dbscan.id, kind: 'dbscan', input: { inputFingerprint: dbscan.inputFingerprint } };
    expect(JSON.parse(fs.readFileSync(out('clusters.provenance.json'), 'utf8'))).toMatchObject(provenance);

    const zip = out('clusters.zip');
    const z = await backend['export.analysis']({ id: dbscan.id, out: zip });
    expect(z.files).toEqual([zip, out('clusters.provenance.json')]);
    const members = unzipSync(fs.readFileSync(zip));
    expect(Object.keys(members).sort()).toEqual([...stems.flatMap((s) => ['cpg', 'dbf', 'prj', 'shp', 'shx'].map((e) => `${s}.${e}`)), 'clusters.provenance.json'].sort());
    expect(JSON.parse(new TextDecoder().decode(members['clusters.provenance.json']))).toMatchObject(provenance);
    expectSame(gdalFeatures(`/vsizip/${zip}/clusters_points.shp`).features as Exported[], points, renamedIn(z), ['time'], gdalValue);
    expectSame(gdalFeatures(`/vsizip/${zip}/clusters_polygons.shp`).features as Exported[], hulls, renamedIn(z), ['time'], gdalValue);
  });
});
