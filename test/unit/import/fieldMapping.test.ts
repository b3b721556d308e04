import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { suggestMapping } from '../../../shared/import/fieldMapping.ts';
import { createCsvParser } from '../../../shared/import/csv.ts';
import { createGeoJsonParser } from '../../../shared/import/geojson.ts';
import type { FieldInfo } from '../../../shared/model/feature.ts';
import type { StreamParser, RecordSink, ParseOptions } from '../../../shared/import/types.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const fixtures = path.resolve(repoRoot, '..', 'shared', 'fixtures');

/** Fields and sample as the import preview would get them from a parser. */
function read(
  create: (o: ParseOptions, s: RecordSink) => StreamParser,
  bytes: Uint8Array,
  opts: Partial<ParseOptions> = {},
): { fields: FieldInfo[]; sample: Record<string, unknown>[] } {
  let fields: FieldInfo[] = [];
  const sample: Record<string, unknown>[] = [];
  const p = create({ fileName: 'x', ...opts }, { onFields: (f) => (fields = f), onRecord: (r) => sample.push(r.properties), onProblem: () => {} });
  p.push(bytes);
  p.end();
  return { fields, sample: sample.slice(0, 100) };
}

const csv = (text: string, opts: Partial<ParseOptions> = {}) => read(createCsvParser, new TextEncoder().encode(text), opts);

describe('suggestMapping', () => {
  it('recognises Spanish headers checked against their values', () => {
    const { fields, sample } = csv(
      'Fecha;Hora;Tipo;Cantidad;Unidad;Latitud;Longitud;Municipio\n' +
        '14/07/2023;22:40;aseguramiento;12,5;kg;32,4561;-114,7717;San Luis Río Colorado\n' +
        '15/07/2023;08:05;homicidio;1;víctimas;32,6245;-115,4545;Mexicali\n' +
        '16/07/2023;;enfrentamiento;2;eventos;32,2930;-115,1040;Mexicali\n',
    );
    expect(suggestMapping(fields, sample)).toEqual({
      lat: 'Latitud', lon: 'Longitud', time: ['Fecha', 'Hora'], category: 'Tipo', quantity: 'Cantidad', unit: 'Unidad',
    });
  });

  it('is case- and accent-insensitive and prefers a single date-time column', () => {
    const { fields, sample } = csv(
      'FECHA_HORA,Categoría,Peso (kg),lat,lng\n2023-07-14 10:00,armas,3.2,32.45,-114.77\n2023-07-15 11:30,drogas,14,32.46,-114.78\n',
    );
    expect(suggestMapping(fields, sample)).toEqual({ lat: 'lat', lon: 'lng', time: ['FECHA_HORA'], category: 'Categoría', quantity: 'Peso (kg)' });
  });

  it('recognises English headers and a WKT column', () => {
    const { fields, sample } = csv(
      'date,time,type,amount,unit,geometry\n2023-07-14,10:00,seizure,5,kg,POINT (-114.77 32.45)\n2023-07-15,23:10,homicide,1,victims,POINT (-115.45 32.62)\n',
    );
    expect(suggestMapping(fields, sample)).toEqual({ wkt: 'geometry', time: ['date', 'time'], category: 'type', quantity: 'amount', unit: 'unit' });
  });

  it('drops a name match the values do not bear out', () => {
    const { fields, sample } = csv(
      'fecha,tipo,cantidad,lat,lon\nayer,robo,muchos,32.45,-114.77\n31/02/2023,robo,dos,32.46,-114.78\n',
    );
    expect(suggestMapping(fields, sample)).toEqual({ lat: 'lat', lon: 'lon', category: 'tipo' });
  });

  it('suggests nothing spurious for the real INEGI and Turf files', () => {
    const inegiCsv = read(createCsvParser, readFileSync(path.join(fixtures, 'inegi-mun-lcc', 'expected', 'mun_02_26_lcc_centroids_area.csv')), {
      lat: 'lcc_centroid_y', lon: 'lcc_centroid_x',
    });
    expect(suggestMapping(inegiCsv.fields, inegiCsv.sample)).toEqual({});
    const mun = read(createGeoJsonParser, readFileSync(path.join(fixtures, 'inegi-mun-lcc', 'expected', 'mun_02_26_epsg4326.geojson')));
    expect(mun.fields.length).toBeGreaterThan(10);
    expect(suggestMapping(mun.fields, mun.sample)).toEqual({});
    const refs = read(createCsvParser, readFileSync(path.join(fixtures, 'inegi-mun-lcc', 'expected', 'proj_reference_points.csv')));
    expect(suggestMapping(refs.fields, refs.sample)).toEqual({ lat: 'lat', lon: 'lon' });
  });

  it('suggests the window end and the location precision of UCDP GED (date_end, where_prec), never date_prec', () => {
    const ucdp = read(createCsvParser, readFileSync(path.join(fixtures, 'ucdp-ged-mexico-other-states', 'ucdp_ged_mexico_other_states.csv')));
    expect(ucdp.fields.map((f) => f.name)).toEqual(expect.arrayContaining(['date_prec', 'date_start', 'date_end', 'where_prec']));
    expect(suggestMapping(ucdp.fields, ucdp.sample)).toEqual({
      lat: 'latitude', lon: 'longitude', time: ['date_start'], timeEnd: 'date_end', precision: 'where_prec',
    });
  });

  it('takes a window end by its Spanish and English names, never as the time, and only beside a time', () => {
    const es = csv('lat,lon,fecha_fin,fecha,precision_ubicacion\n32.4,-114.7,02/02/2017,30/01/2017,municipio\n');
    expect(suggestMapping(es.fields, es.sample)).toEqual({ lat: 'lat', lon: 'lon', time: ['fecha'], timeEnd: 'fecha_fin', precision: 'precision_ubicacion' });
    const hasta = csv('lat,lon,desde,hasta\n32.4,-114.7,2017-01-30,2017-02-02\n');
    // "desde" is no time name: without a time there is no window to end.
    expect(suggestMapping(hasta.fields, hasta.sample)).toEqual({ lat: 'lat', lon: 'lon' });
    // A Frontera export read again: time_precision is the time's, not the location's.
    const back = csv('lon,lat,time,time_end,time_precision,precision\n-114.7,32.4,2017-01-30,2017-02-02,date,3\n');
    expect(suggestMapping(back.fields, back.sample)).toEqual({ lat: 'lat', lon: 'lon', time: ['time'], timeEnd: 'time_end', precision: 'precision' });
  });
});
