import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Geometry } from 'geojson';
import { createNormalizer, isImportProblem, type NormalizerOptions } from '../../../shared/import/normalize.ts';
import { createTransformer, crsFromPrj, resolveCrs } from '../../../shared/geo/crs.ts';
import type { FieldMapping } from '../../../shared/api/contract.ts';
import type { NormalizedFeature, RawRecord } from '../../../shared/model/feature.ts';
import type { ImportProblem } from '../../../shared/import/problems.ts';
import { extendBBox, geometryBBox } from '../../../shared/geo/bbox.ts';
import { bbox as turfBbox } from '@turf/turf';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const inegi = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'inegi-mun-lcc');

function normalizer(mapping: FieldMapping = {}, project: NormalizerOptions['project'] = null) {
  return createNormalizer({ fileName: 'incidentes.csv', project, mapping, timezone: 'America/Tijuana', locationLabel: (i) => `row ${i + 1}` });
}

function feature(r: NormalizedFeature | ImportProblem): NormalizedFeature {
  if (isImportProblem(r)) throw new Error(`unexpected problem: ${r.reason}`);
  return r;
}

function problem(r: NormalizedFeature | ImportProblem): ImportProblem {
  if (!isImportProblem(r)) throw new Error('expected a problem');
  return r;
}

const point = (x: number, y: number): Geometry => ({ type: 'Point', coordinates: [x, y] });
const rec = (geometry: Geometry | null, properties: Record<string, unknown> = {}, sourceIndex = 0): RawRecord => ({ sourceIndex, geometry, properties });

/** The PROJ/GDAL reference points: WGS84 lon/lat with the same places in INEGI LCC, UTM 11N and 12N. */
const refs = readFileSync(path.join(inegi, 'expected', 'proj_reference_points.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split(','))
  .map((c) => ({ name: c[0], lon: +c[1], lat: +c[2], lcc: [+c[3], +c[4]], utm11: [+c[7], +c[8]], utm12: [+c[9], +c[10]] }));

describe('normalizer', () => {
  it('reprojects to WGS84 as GDAL does (INEGI LCC .prj and UTM 11N/12N reference points) without touching the input', () => {
    const lcc = createTransformer(crsFromPrj(readFileSync(path.join(inegi, 'sonora_bc', 'mun_02_26.prj'), 'utf8'), 'mun_02_26.prj'));
    const utm11 = createTransformer(resolveCrs('EPSG:32611'));
    const utm12 = createTransformer(resolveCrs('EPSG:32612'));
    for (const [project, key] of [[lcc, 'lcc'], [utm11, 'utm11'], [utm12, 'utm12']] as const) {
      const n = normalizer({}, project);
      for (const ref of refs) {
        const [x, y] = ref[key];
        const input = rec({ type: 'LineString', coordinates: [[x, y, 31], [x + 10, y]] });
        const before = structuredClone(input);
        const out = feature(n(input));
        expect(input).toEqual(before);
        const [lon, lat, z] = (out.geometry as { coordinates: number[][] }).coordinates[0];
        expect(Math.abs(lon - ref.lon), `${key} ${ref.name}`).toBeLessThan(1e-7);
        expect(Math.abs(lat - ref.lat), `${key} ${ref.name}`).toBeLessThan(1e-7);
        expect(z).toBe(31);
      }
    }
  });

  it('flags swapped latitude/longitude in the border zone', () => {
    const p = problem(normalizer()(rec(point(32.4561, -114.7717), {}, 11)));
    expect(p).toMatchObject({
      file: 'incidentes.csv',
      location: 'row 12',
      index: 11,
      reason: 'latitude \u2212114.77 out of range [\u221290, 90] — latitude and longitude swapped?',
    });
  });

  it('suggests a CRS when lon/lat-less coordinates look projected, and names the position inside a geometry', () => {
    const [x, y] = refs[0].utm11;
    expect(problem(normalizer()(rec(point(x, y)))).reason).toMatch(/^latitude 3593179.15 out of range .* are the coordinates projected/);
    const line: Geometry = { type: 'LineString', coordinates: [[-114.77, 32.45], [-114.76, 90.004]] };
    expect(problem(normalizer()(rec(line))).reason).toBe('latitude 90.004 out of range [\u221290, 90] at position 2');
    expect(problem(normalizer()(rec(point(-181.5, 32)))).reason).toMatch(/^longitude \u2212181.5 out of range \[\u2212180, 180\]/);
    expect(problem(normalizer()(rec(point(NaN, 32)))).reason).toBe('coordinate (NaN, 32) is not a finite number');
  });

  it('rejects unclosed or short rings and one-position lines, naming the part', () => {
    const n = normalizer();
    const open: Geometry = { type: 'Polygon', coordinates: [[[-114.8, 32.4], [-114.7, 32.4], [-114.7, 32.5], [-114.8, 32.5]]] };
    expect(problem(n(rec(open))).reason).toBe('ring 1 is not closed: it starts at (-114.8, 32.4) and ends at (-114.8, 32.5)');
    const short: Geometry = { type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[0, 0], [1, 1], [0, 0]]]] };
    expect(problem(n(rec(short))).reason).toBe('polygon 2 ring 1 has 3 positions; a polygon ring needs at least 4 (closed)');
    expect(problem(n(rec({ type: 'LineString', coordinates: [[0, 0]] }))).reason).toMatch(/1 position; a line needs at least 2/);
    const ok: Geometry = { type: 'Polygon', coordinates: [[[-114.8, 32.4], [-114.7, 32.4], [-114.7, 32.5], [-114.8, 32.4]]] };
    expect(feature(n(rec(ok))).geometry).toEqual(ok);
    expect(feature(n(rec(null))).geometry).toBeNull();
  });

  it('reports a coordinate the transformer cannot handle as a problem of that record', () => {
    const utm11 = createTransformer(resolveCrs('EPSG:32611'));
    const r = normalizer({}, utm11)(rec(point(Infinity, 3593179)));
    expect(problem(r).reason).toMatch(/not a finite number/);
  });

  it('maps time from one or two columns in the workspace zone, with precision', () => {
    const one = normalizer({ time: ['fecha_hora'] });
    expect(feature(one(rec(point(-114.77, 32.45), { fecha_hora: '14/07/2023 10:00' })))).toMatchObject({
      time: Date.UTC(2023, 6, 14, 17), timePrecision: 'instant',
    });
    expect(feature(one(rec(point(-114.77, 32.45), { fecha_hora: '' })))).toMatchObject({ time: null, timePrecision: null });
    const two = normalizer({ time: ['fecha', 'hora'] });
    expect(feature(two(rec(null, { fecha: '14/01/2023', hora: '22:30' })))).toMatchObject({ time: Date.UTC(2023, 0, 15, 6, 30), timePrecision: 'instant' });
    expect(feature(two(rec(null, { fecha: '14/01/2023', hora: null })))).toMatchObject({ time: Date.UTC(2023, 0, 14, 8), timePrecision: 'date' });
    const us = normalizer({ time: ['date'], timeFormat: 'MM/DD/YYYY' });
    expect(feature(us(rec(null, { date: '07/14/2023' }))).time).toBe(Date.UTC(2023, 6, 14, 7));
    // A dBASE date as the shapefile reader builds it: local midnight of the machine.
    expect(feature(one(rec(null, { fecha_hora: new Date(2023, 6, 14) })))).toMatchObject({ time: Date.UTC(2023, 6, 14, 7), timePrecision: 'date' });
    const bad = problem(one(rec(null, { fecha_hora: '31/02/2023' }, 4)));
    expect(bad.location).toBe('row 5');
    expect(bad.reason).toBe('time "31/02/2023" in column "fecha_hora" cannot be read: "31/02/2023" is not a calendar date: February 2023 has 28 days');
    expect(problem(two(rec(null, { fecha: '14/01/2023', hora: '7 pm' }))).reason).toMatch(/columns "fecha" \+ "hora" \("7 pm"\)/);
  });

  it('maps a time window: a date-only end ends with its local day; an end before the time, or without one, is a problem of that row', () => {
    const n = normalizer({ time: ['fecha'], timeEnd: 'fecha_fin', timeFormat: 'DD/MM/YYYY' });
    // The record: 30 January to 2 February 2017, whole days in Tijuana (PST, −8).
    expect(feature(n(rec(null, { fecha: '30/01/2017', fecha_fin: '02/02/2017' })))).toMatchObject({
      time: Date.UTC(2017, 0, 30, 8), timePrecision: 'date', timeEnd: Date.UTC(2017, 1, 3, 8), timeEndPrecision: 'date',
    });
    const clock = normalizer({ time: ['inicio'], timeEnd: 'fin' });
    expect(feature(clock(rec(null, { inicio: '2023-07-14 22:00', fin: '2023-07-14 22:00' })))).toMatchObject({
      time: Date.UTC(2023, 6, 15, 5), timeEnd: Date.UTC(2023, 6, 15, 5), timeEndPrecision: 'instant',
    });
    const open = feature(n(rec(null, { fecha: '30/01/2017', fecha_fin: '' })));
    expect([open.timeEnd, open.timeEndPrecision]).toEqual([null, null]);
    const before = problem(n(rec(null, { fecha: '30/01/2017', fecha_fin: '29/01/2017' }, 6)));
    expect(before).toMatchObject({
      file: 'incidentes.csv', location: 'row 7', index: 6,
      reason: 'time_end "29/01/2017" in column "fecha_fin" is before the time "30/01/2017" in column "fecha"',
    });
    expect(problem(n(rec(null, { fecha: '', fecha_fin: '02/02/2017' }))).reason).toBe(
      'time_end "02/02/2017" in column "fecha_fin" has no time to start from: column "fecha" is empty',
    );
    expect(problem(n(rec(null, { fecha: '30/01/2017', fecha_fin: '2017-02-02' }))).reason).toMatch(
      /^time_end "2017-02-02" in column "fecha_fin" cannot be read: "2017-02-02" does not match the format DD\/MM\/YYYY/,
    );
  });

  it('keeps the location precision as the source codes it, numbers as their text', () => {
    const n = normalizer({ precision: 'where_prec' });
    expect(feature(n(rec(null, { where_prec: 3 }))).precision).toBe('3');
    expect(feature(n(rec(null, { where_prec: ' municipio ' }))).precision).toBe('municipio');
    expect(feature(n(rec(null, { where_prec: '' }))).precision).toBeNull();
    expect(feature(normalizer()(rec(null, { where_prec: 3 }))).precision).toBeUndefined();
  });

  it('maps category, quantity and unit', () => {
    const n = normalizer({ category: 'tipo', quantity: 'cantidad', unit: 'unidad' });
    expect(feature(n(rec(null, { tipo: '  aseguramiento ', cantidad: '12,5', unidad: 'kg' })))).toMatchObject({
      category: 'aseguramiento', quantity: 12.5, unit: 'kg',
    });
    expect(feature(n(rec(null, { tipo: ' ', cantidad: 3, unidad: null })))).toMatchObject({ category: null, quantity: 3, unit: null });
    expect(problem(n(rec(null, { tipo: 'x', cantidad: '12 kg' }, 2))).reason).toBe('quantity "12 kg" in column "cantidad" is not a number');
    expect(problem(n(rec(null, { cantidad: '1,234.5' }))).reason).toMatch(/is not a number/);
    const fixed = normalizer({ quantity: 'peso', unitValue: 'kg' });
    expect(feature(fixed(rec(null, { peso: 4 })))).toMatchObject({ quantity: 4, unit: 'kg', category: null, time: null });
    const props = { tipo: 'homicidio', extra: [1, 2] };
    expect(feature(n(rec(null, props))).properties).toBe(props);
  });

  it('refuses an unknown time zone when created', () => {
    expect(() => createNormalizer({ fileName: 'x', project: null, mapping: {}, timezone: 'Mars/Olympus', locationLabel: String })).toThrow(/unknown time zone/);
  });

  it('gives the same bounding boxes as Turf for the 85 INEGI municipalities, and their union', () => {
    const fc = JSON.parse(readFileSync(path.join(inegi, 'expected', 'mun_02_26_epsg4326.geojson'), 'utf8')) as {
      features: { geometry: Geometry }[];
    };
    const n = normalizer();
    let all = null as ReturnType<typeof geometryBBox>;
    for (const f of fc.features) {
      const g = feature(n(rec(f.geometry))).geometry;
      const b = geometryBBox(g);
      expect(b).toEqual(turfBbox(f.geometry));
      all = extendBBox(all, b);
    }
    expect(all).toEqual(turfBbox(fc as unknown as Parameters<typeof turfBbox>[0]));
    expect(geometryBBox(null)).toBeNull();
    expect(geometryBBox({ type: 'GeometryCollection', geometries: [] })).toBeNull();
    expect(extendBBox(null, null)).toBeNull();
  });
});
