import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Papa from 'papaparse';
import { createCsvParser } from '../../../shared/import/csv.ts';
import { isPlainNumber } from '../../../shared/import/tableRecords.ts';
import { parseWkt } from '../../../shared/import/wkt.ts';
import { ImportError, type ImportProblem } from '../../../shared/import/problems.ts';
import type { ParseOptions } from '../../../shared/import/types.ts';
import type { FieldInfo, RawRecord } from '../../../shared/model/feature.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const expectedDir = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'inegi-mun-lcc', 'expected');

interface Result {
  records: RawRecord[];
  problems: ImportProblem[];
  fields: FieldInfo[] | null;
}

/** `charsScanned`: the tokenizer's work (see the linear-time test). */
function parse(input: Uint8Array | string, chunk = 65536, opts: Partial<ParseOptions> = {}): Result & { charsScanned: number } {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const r: Result = { records: [], problems: [], fields: null };
  const p = createCsvParser(
    { fileName: 'incidentes.csv', ...opts },
    { onRecord: (x) => r.records.push(x), onProblem: (x) => r.problems.push(x), onFields: (f) => (r.fields = f) },
  );
  for (let i = 0; i < bytes.length; i += chunk) p.push(bytes.subarray(i, i + chunk));
  p.end();
  return { ...r, charsScanned: p.charsScanned };
}

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('CSV streaming parser', () => {
  it('reads the PROJ reference points identically in chunks of 1, 7 and 65536 bytes', () => {
    const bytes = readFileSync(path.join(expectedDir, 'proj_reference_points.csv'));
    // Oracle: a plain split of this quote-free file.
    const [head, ...lines] = bytes.toString('utf8').trim().split(/\r?\n/);
    const cols = head.split(',');
    const want = lines.map((l, i) => {
      const cells = l.split(',');
      const properties = Object.fromEntries(cols.map((c, k) => [c, k === 0 ? cells[k] : Number(cells[k])]));
      return { sourceIndex: i, geometry: { type: 'Point', coordinates: [Number(cells[1]), Number(cells[2])] }, properties };
    });
    for (const size of [1, 7, 65536]) {
      const r = parse(bytes, size);
      expect(r.problems).toEqual([]);
      expect(r.records).toEqual(want);
    }
    expect(parse(bytes).fields!.slice(0, 3)).toEqual([
      { name: 'name', type: 'string' }, { name: 'lon', type: 'number' }, { name: 'lat', type: 'number' },
    ]);
  });

  it('refuses a file without coordinate columns, naming the header and the options', () => {
    const bytes = readFileSync(path.join(expectedDir, 'mun_02_26_lcc_centroids_area.csv'));
    const e = thrown(() => parse(bytes));
    expect(e).toBeInstanceOf(ImportError);
    expect(e.message).toMatch(/^incidentes\.csv: no coordinate columns in the header \("CVEGEO", "CVE_ENT", "CVE_MUN", "NOMGEO", "lcc_centroid_x"/);
    expect(e.message).toMatch(/--lat and --lon, or --wkt/);
  });

  it('reads projected columns named with --lat/--lon and keeps quoted codes such as "02007" as text', () => {
    const bytes = readFileSync(path.join(expectedDir, 'mun_02_26_lcc_centroids_area.csv'));
    const r = parse(bytes, 7, { lat: 'lcc_centroid_y', lon: 'LCC_CENTROID_X' });
    expect(r.records).toHaveLength(85);
    const slrc = r.records.find((x) => x.properties.NOMGEO === 'San Luis Río Colorado')!;
    expect(slrc.properties.CVEGEO).toBe('26055');
    expect(slrc.geometry).toEqual({ type: 'Point', coordinates: [1327988.21568761, 2266979.11717239] });
    expect(r.records[0].properties.CVEGEO).toBe('02007');
    expect(r.records[0].properties.CVE_MUN).toBe('007');
    const types = Object.fromEntries(r.fields!.map((f) => [f.name, f.type]));
    expect(types).toMatchObject({ CVEGEO: 'string', CVE_MUN: 'string', NOMGEO: 'string', lcc_area_m2: 'number' });
    const e = thrown(() => parse(bytes, 65536, { lat: 'norte', lon: 'lcc_centroid_x' }));
    expect(e.message).toMatch(/the column "norte" given with --lat is not in the header \(columns: "CVEGEO", .*"lcc_area_m2"\)/);
  });

  it('reads ; with decimal commas, a BOM and CRLF line ends', () => {
    const text =
      '\uFEFFfecha;tipo;Latitud;Longitud;cantidad;unidad\r\n' +
      '14/07/2023;homicidio;32,4561;-114,7717;1;victimas\r\n' +
      '15/07/2023;aseguramiento;"32,6245";-115,4545;2,5;kg\r\n' +
      '16/07/2023;enfrentamiento;32,2930;-115,1040;3;eventos\r\n';
    for (const size of [1, 5, 65536]) {
      const r = parse(text, size);
      expect(r.problems).toEqual([]);
      expect(r.records.map((x) => x.geometry)).toEqual([
        { type: 'Point', coordinates: [-114.7717, 32.4561] },
        { type: 'Point', coordinates: [-115.4545, 32.6245] },
        { type: 'Point', coordinates: [-115.104, 32.293] },
      ]);
      expect(r.records[1].properties).toEqual({
        fecha: '15/07/2023', tipo: 'aseguramiento', Latitud: 32.6245, Longitud: -115.4545, cantidad: 2.5, unidad: 'kg',
      });
      expect(r.fields!.map((f) => f.name)).toEqual(['fecha', 'tipo', 'Latitud', 'Longitud', 'cantidad', 'unidad']);
      expect(r.fields![0].type).toBe('date');
    }
  });

  it('keeps delimiters, doubled quotes and line breaks inside quotes, and numbers rows and lines', () => {
    const text = [
      'id,descripcion,lat,lon',
      '1,"Calle 5, colonia ""Centro""",32.4561,-114.7717',
      '2,"Carretera 2',
      'km 14',
      'tramo sur",32.2930,-115.1040',
      '3,sin comillas,32.7,-114.73,extra',
      '',
      '4,ultima,,-114.73',
      '5,mala,norte,-114.73',
    ].join('\n');
    for (const size of [1, 3, 65536]) {
      const r = parse(text, size);
      expect(r.records.map((x) => x.properties.descripcion)).toEqual(['Calle 5, colonia "Centro"', 'Carretera 2\nkm 14\ntramo sur']);
      expect(r.problems.map((p) => [p.index, p.location, p.reason])).toEqual([
        [2, 'row 3 (line 6)', 'has 5 fields, expected 4'],
        [3, 'row 4 (line 8)', 'empty latitude (column "lat")'],
        [4, 'row 5 (line 9)', 'latitude "norte" (column "lat") is not a number'],
      ]);
    }
  });

  it('detects tab-delimited files and renames empty or repeated header names with a note', () => {
    const records: RawRecord[] = [];
    const problems: ImportProblem[] = [];
    const p = createCsvParser({ fileName: 'incidentes.csv' }, { onRecord: (x) => records.push(x), onProblem: (x) => problems.push(x) });
    p.push(new TextEncoder().encode('nombre\tnombre\t\tlat\tlon\nA\tB\tC\t32.45\t-114.77\n'));
    p.end();
    expect(p.delimiter).toBe('\t');
    expect(p.encoding).toBe('utf-8');
    expect(Object.keys(records[0].properties)).toEqual(['nombre', 'nombre_2', 'column_3', 'lat', 'lon']);
    expect(records[0].properties).toMatchObject({ nombre: 'A', nombre_2: 'B', column_3: 'C' });
    // Renamed columns lose no row: they are notes, not problems that would stop the import.
    expect(problems).toEqual([]);
    expect(p.notes.map((n) => (typeof n === 'string' ? n : n.text))).toEqual([
      'incidentes.csv: header: column 2 repeats the name "nombre": called "nombre_2"',
      'incidentes.csv: header: column 3 has no name: called "column_3"',
    ]);
  });

  it('rejects a 5 MB line without a line end after its first megabyte', () => {
    const header = new TextEncoder().encode('lat,lon,nota\n32.45,-114.77,');
    const mb = new Uint8Array(1 << 20).fill(0x61);
    let pushed = 0;
    const p = createCsvParser({ fileName: 'enorme.csv' }, { onRecord: () => {}, onProblem: () => {} });
    const e = thrown(() => {
      p.push(header);
      for (let k = 0; k < 5; k++) {
        p.push(mb);
        pushed++;
      }
      p.end();
    });
    expect(e).toBeInstanceOf(ImportError);
    expect(e.message).toMatch(/^enorme\.csv: row 1 is longer than 1 MB without a line end/);
    expect(pushed).toBeLessThanOrEqual(1);
    expect(p.bytesRead).toBeLessThan(2.5 * (1 << 20));
  });

  it('reads a long quoted value with line breaks fed in tiny chunks in linear time', () => {
    // 200 KB, 6,000 line breaks: past the 64 KB the decoder sniffs at once, so the chunks reach the tokenizer.
    const body = 'linea de texto, con "comillas"\n'.repeat(6_000);
    const text = `lat,lon,nota\n32.45,-114.77,"${body.replaceAll('"', '""')}"\n32.46,-114.78,ok\n`;
    const r = parse(text, 16);
    // Re-scanning the pending record on every 16-byte chunk examined 5,500 characters per character of
    // input here (quadratic: 5 s for these 200 KB); waiting for the buffer to double, 2.
    expect(r.charsScanned).toBeLessThan(3 * text.length);
    expect(r.records.map((x) => x.properties.nota)).toEqual([body, 'ok']);
    expect(r.records[1].sourceIndex).toBe(1);
    expect(parse(`${text}32.47,,x\n`, 4096).problems[0].location).toBe('row 3 (line 6004)');
  });

  it('says where an unclosed quote opened', () => {
    const e = thrown(() => parse('lat,lon,nota\n32.45,-114.77,ok\n32.46,-114.78,"sin cerrar\n'));
    expect(e.message).toMatch(/row 2: a quoted value opened on line 3 is never closed/);
  });

  it('reads WKT columns and reports bad geometry per row', () => {
    const text = [
      'id;wkt',
      '1;POINT (-114.7717 32.4561)',
      '2;LINESTRING (-115.4545 32.6245, -115.104 32.293)',
      '3;"POLYGON ((-114.8 32.4, -114.7 32.4, -114.7 32.5, -114.8 32.4))"',
      '4;MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))',
      '5;POINT EMPTY',
      '6;POINT (-114.7 abc)',
      '7;',
      '8;SRID=4326;POINT Z (-114.73 32.7 31)',
    ].join('\n');
    const r = parse(text);
    expect(r.records.map((x) => x.geometry)).toEqual([
      { type: 'Point', coordinates: [-114.7717, 32.4561] },
      { type: 'LineString', coordinates: [[-115.4545, 32.6245], [-115.104, 32.293]] },
      { type: 'Polygon', coordinates: [[[-114.8, 32.4], [-114.7, 32.4], [-114.7, 32.5], [-114.8, 32.4]]] },
      { type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[5, 5], [6, 5], [6, 6], [5, 5]]]] },
    ]);
    expect(r.problems.map((p) => [p.location, p.reason])).toEqual([
      ['row 5', 'column "wkt": the WKT geometry is EMPTY'],
      ['row 6', 'column "wkt": invalid WKT "POINT (-114.7 abc)" at character 15: expected a coordinate pair of numbers'],
      ['row 7', 'empty geometry in column "wkt"'],
      ['row 8', 'has 3 fields, expected 2'],
    ]);
    expect(parseWkt('MULTIPOINT ((1 2), (3 4))')).toEqual({ type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] });
    expect(parseWkt('POINT M (1 2 7)')).toEqual({ type: 'Point', coordinates: [1, 2] });
    expect(parseWkt('LINESTRINGZM (1 2 3 4, 5 6 7 8)')).toEqual({ type: 'LineString', coordinates: [[1, 2, 3], [5, 6, 7]] });
    expect(parseWkt('multipoint (1 2, 3 4)')).toEqual({ type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] });
    expect(parseWkt('GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))')).toEqual({
      type: 'GeometryCollection',
      geometries: [{ type: 'Point', coordinates: [1, 2] }, { type: 'LineString', coordinates: [[0, 0], [1, 1]] }],
    });
  });

  it('falls back to windows-1252 for bytes that are not UTF-8, and honours --encoding', () => {
    const latin1 = new Uint8Array([...new TextEncoder().encode('municipio,lat,lon\nSan Luis R'), 0xed, ...new TextEncoder().encode('o Colorado,32.4561,-114.7717\n')]);
    expect(parse(latin1).records[0].properties.municipio).toBe('San Luis Río Colorado');
    expect(parse(latin1, 65536, { encoding: 'latin1' }).records[0].properties.municipio).toBe('San Luis Río Colorado');
    const cp850 = new Uint8Array([...new TextEncoder().encode('municipio,lat,lon\nSan Luis R'), 0xa1, ...new TextEncoder().encode('o Colorado,32.4561,-114.7717\n')]);
    expect(parse(cp850, 4, { encoding: 'cp850' }).records[0].properties.municipio).toBe('San Luis Río Colorado');
  });

  it('turns only plain decimal numbers into numbers, decided per column', () => {
    const r = parse('folio,lat,lon,monto,clave\n007,32.45,-114.77,"1,234",12\n010,32.46,-114.78,15,A-3\n');
    expect(r.records.map((x) => x.properties)).toEqual([
      { folio: '007', lat: 32.45, lon: -114.77, monto: '1,234', clave: '12' },
      { folio: '010', lat: 32.46, lon: -114.78, monto: '15', clave: 'A-3' },
    ]);
  });

  it('turns the same cells into numbers with the fast check as with the number pattern', () => {
    // toNumber's shortcut: isPlainNumber(s) must be exactly NUMBER_RE on s (no trim involved).
    const NUMBER_RE = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
    const cell = fc.string({ unit: fc.constantFrom('-', '+', '0', '1', '9', '.', 'e', 'E', ',', ' ', 'x', '\u00a0'), maxLength: 12 });
    fc.assert(
      fc.property(cell, (s) => {
        expect(isPlainNumber(s)).toBe(NUMBER_RE.test(s));
      }),
      { numRuns: 5000, seed: 2007 },
    );
    for (const s of ['0', '-0', '12', '3.5', '1e3', '-1.5E-7', '0.25e+2']) expect(isPlainNumber(s)).toBe(true);
    for (const s of ['', '-', '007', '1.', '.5', '1e', '+1', ' 12', '12 ', '1,5', '1e+']) expect(isPlainNumber(s)).toBe(false);
    const r = parse('n,lat,lon\n" 12 ",32.45,-114.77\n-0,32.46,-114.78\n1e3,32.47,-114.79\n');
    expect(r.records.map((x) => x.properties.n)).toEqual([12, -0, 1000]);
    expect(Object.is(r.records[1].properties.n, -0)).toBe(true);
  });

  it('reads back whatever papaparse writes, quotes, delimiters and line breaks included, in any chunking', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'ñ', 'í', ',', ';', '"', '\n', '\r\n', ' ', '1', '\t'), maxLength: 30 });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(text, fc.integer({ min: -900_000, max: 900_000 }).map((k) => k / 1e4)), { minLength: 1, maxLength: 20 }),
        fc.constantFrom(',', ';', '\t'),
        fc.constantFrom('\n', '\r\n'),
        fc.integer({ min: 1, max: 64 }),
        (rows, delimiter, newline, chunk) => {
          const data = rows.map(([nota, lat]) => [`n:${nota}`, String(lat), '-114.77']);
          const csvText = Papa.unparse({ fields: ['nota', 'lat', 'lon'], data }, { delimiter, newline, quotes: false });
          const r = parse(csvText, chunk);
          expect(r.problems).toEqual([]);
          expect(r.records.map((x) => x.properties.nota)).toEqual(data.map((d) => d[0]));
          expect(r.records.map((x) => (x.geometry as { coordinates: number[] }).coordinates[1])).toEqual(rows.map(([, lat]) => lat));
        },
      ),
      { numRuns: 300, seed: 4561 },
    );
  });
});
