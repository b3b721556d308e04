import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createGeoJsonParser, LateCrsError } from '../../../shared/import/geojson.ts';
import { ImportError, type ImportProblem } from '../../../shared/import/problems.ts';
import type { FieldInfo, RawRecord } from '../../../shared/model/feature.ts';
import type { SourceCrs } from '../../../shared/import/types.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const fixtures = path.resolve(repoRoot, '..', 'shared', 'fixtures');
const inegi = path.join(fixtures, 'inegi-mun-lcc', 'expected', 'mun_02_26_epsg4326.geojson');

interface Result {
  records: RawRecord[];
  problems: ImportProblem[];
  crs: SourceCrs[];
  fields: FieldInfo[] | null;
  events: string[];
}

function parse(bytes: Uint8Array, chunk = 65536, fileName = 'test.geojson'): Result {
  const r: Result = { records: [], problems: [], crs: [], fields: null, events: [] };
  const p = createGeoJsonParser(
    { fileName },
    {
      onRecord: (rec) => (r.records.push(rec), r.events.push('record')),
      onProblem: (pr) => (r.problems.push(pr), r.events.push('problem')),
      onCrs: (c) => (r.crs.push(c), r.events.push('crs')),
      onFields: (f) => (r.fields = f),
    },
  );
  for (let i = 0; i < bytes.length; i += chunk) p.push(bytes.subarray(i, i + chunk));
  p.end();
  expect(p.bytesRead).toBe(bytes.length);
  return r;
}

const enc = (s: string) => new TextEncoder().encode(s);

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

/** What JSON.parse of the whole file says the records are. */
function expectedRecords(text: string): RawRecord[] {
  const fc = JSON.parse(text) as { features: { geometry: RawRecord['geometry']; properties: Record<string, unknown> | null }[] };
  return fc.features.map((f, i) => ({ sourceIndex: i, geometry: f.geometry, properties: f.properties ?? {} }));
}

describe('GeoJSON streaming parser', () => {
  const bytes = readFileSync(inegi);

  it('reads the 85 INEGI municipalities identically in chunks of 1, 7 and 65536 bytes', () => {
    const want = expectedRecords(bytes.toString('utf8'));
    expect(want).toHaveLength(85);
    for (const size of [1, 7, 65536]) {
      const r = parse(bytes, size);
      expect(r.problems).toEqual([]);
      expect(r.records).toEqual(want);
      expect(r.crs.map((c) => c.label)).toEqual(['EPSG:4326']);
      expect(r.events[0]).toBe('crs');
    }
    const names = parse(bytes).records.map((x) => x.properties.NOMGEO);
    expect(names).toContain('San Luis Río Colorado');
    expect(names).toContain('Mexicali');
  });

  it('reports the union of property keys with types at the end', () => {
    const fields = parse(bytes).fields!;
    const byName = Object.fromEntries(fields.map((f) => [f.name, f.type]));
    expect(fields[0]).toEqual({ name: 'fid', type: 'integer' });
    expect(byName.NOMGEO).toBe('string');
    expect(byName.CVEGEO).toBe('string');
    expect(byName.Shape_Area).toBe('number');
    const mixed = parse(enc(JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: null, properties: { a: 1, b: 'x', c: true } },
        { type: 'Feature', geometry: null, properties: { a: 2.5, d: '2023-07-14', b: 3 } },
      ],
    })));
    expect(mixed.fields).toEqual([
      { name: 'a', type: 'number' }, { name: 'b', type: 'string' }, { name: 'c', type: 'boolean' }, { name: 'd', type: 'date' },
    ]);
  });

  it('matches JSON.parse on the Turf peer-suite inputs', () => {
    const dir = path.join(fixtures, 'turf-dbscan-peer-suite', 'in');
    for (const f of readdirSync(dir)) {
      const b = readFileSync(path.join(dir, f));
      expect(parse(b, 7).records, f).toEqual(expectedRecords(b.toString('utf8')));
    }
  });

  it('hands each feature over as soon as its closing brace arrives', () => {
    const text = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { n: 1 }, geometry: { type: 'Point', coordinates: [-114.7717, 32.4561] } },
        { type: 'Feature', properties: { n: 2 }, geometry: { type: 'Point', coordinates: [-115.4545, 32.6245] } },
      ],
    });
    const seen: number[] = [];
    const p = createGeoJsonParser({ fileName: 'x' }, { onRecord: (r) => seen.push(r.sourceIndex), onProblem: () => {} });
    const cut = text.indexOf('}}') + 2;
    p.push(enc(text.slice(0, cut)));
    expect(seen).toEqual([0]);
    p.push(enc(text.slice(cut)));
    p.end();
    expect(seen).toEqual([0, 1]);
  });

  it('reads a single Feature and a bare geometry as one record, and skips a UTF-8 BOM', () => {
    const feature = { type: 'Feature', properties: { tipo: 'homicidio' }, geometry: { type: 'Point', coordinates: [-114.7717, 32.4561] } };
    const one = parse(new Uint8Array([0xef, 0xbb, 0xbf, ...enc(JSON.stringify(feature))]), 1);
    expect(one.records).toEqual([{ sourceIndex: 0, geometry: feature.geometry, properties: { tipo: 'homicidio' } }]);
    const line = { type: 'LineString', coordinates: [[-114.77, 32.45], [-115.45, 32.62]] };
    const bare = parse(enc(`\n  ${JSON.stringify(line)}  \n`), 3);
    expect(bare.records).toEqual([{ sourceIndex: 0, geometry: line, properties: {} }]);
  });

  it('passes a legacy crs before the features to onCrs first', () => {
    const text = `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32611"}},
      "features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[709448.84,3593179.15]}}]}`;
    const r = parse(enc(text), 5);
    expect(r.events).toEqual(['crs', 'record']);
    expect(r.crs[0].label).toBe('EPSG:32611');
    expect(r.crs[0].definition).toMatch(/\+proj=utm \+zone=11/);
  });

  it('throws LateCrsError when the crs member follows features already handed over', () => {
    const text = `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[709448.84,3593179.15]}}],
      "crs":{"type":"name","properties":{"name":"EPSG:32611"}}}`;
    const e = thrown(() => parse(enc(text)));
    expect(e).toBeInstanceOf(LateCrsError);
    expect((e as LateCrsError).crs.label).toBe('EPSG:32611');
    // With no feature handed over yet, a late crs is simply reported.
    const empty = parse(enc('{"type":"FeatureCollection","features":[],"crs":{"type":"name","properties":{"name":"EPSG:4326"}}}'));
    expect(empty.crs.map((c) => c.label)).toEqual(['EPSG:4326']);
  });

  it('rejects a crs member it cannot read, naming the file', () => {
    const e = thrown(() => parse(enc('{"type":"FeatureCollection","crs":{"type":"link","properties":{"href":"x.prj"}},"features":[]}'), 65536, 'zona.geojson'));
    expect(e).toBeInstanceOf(ImportError);
    expect(e.message).toMatch(/^zona\.geojson: the crs member .* --crs/);
  });

  it('fails cleanly on 100,000 levels of nesting, without overflowing the stack', () => {
    const deep = `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"x":${'['.repeat(100_000)}${']'.repeat(100_000)}},"geometry":null}]}`;
    for (const size of [65536, 4096]) {
      const e = thrown(() => parse(enc(deep), size, 'deep.geojson'));
      expect(e).toBeInstanceOf(ImportError);
      expect(e.message).toMatch(/^deep\.geojson: feature 1: line 1, byte \d+: nesting deeper than 64 levels/);
    }
  });

  it('reads one feature per line as the character scan does, nesting limit and JSON errors included', () => {
    const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
    // Feature object, properties object and x's arrays: 2 + 60 levels fit at depth 2 of 64; 2 + 61 do not.
    const line = (levels: number) => `{"type":"Feature","properties":{"x":${nested(levels)}},"geometry":null}`;
    const file = (lines: string[]) => `{"type":"FeatureCollection","features":[\n${lines.join(',\n')}\n]}\n`;
    const ok = parse(enc(file([line(1), line(60), line(2)])));
    expect(ok.records.map((r) => r.sourceIndex)).toEqual([0, 1, 2]);
    expect(ok.records[1].properties).toEqual(JSON.parse(line(60)).properties);
    const deep = file([line(1), line(61)]);
    const at = deep.indexOf(line(61)) + line(61).indexOf('[') + 60; // the 61st '[': depth 65
    for (const size of [65536, 7]) {
      const e = thrown(() => parse(enc(deep), size, 'deep.geojson'));
      expect(e.message).toBe(`deep.geojson: feature 2: line 3, byte ${at}: nesting deeper than 64 levels in feature 2`);
    }
    // A line that does not parse goes to the scan, which names the position; the lines after it still read.
    const twoOnALine = file([line(1), `${line(2)},${line(3)}`, line(4)]);
    const r = parse(enc(twoOnALine));
    expect(r.records.map((x) => x.sourceIndex)).toEqual([0, 1, 2, 3]);
    expect(r.records).toEqual(expectedRecords(twoOnALine));
    const broken = file([line(1), '{"type":"Feature","properties":{"a":1} "geometry":null}', line(2)]);
    const messages = [1, 7, 65536].map((size) => thrown(() => parse(enc(broken), size, 'b.geojson')).message);
    expect(messages[0]).toMatch(/^b\.geojson: feature 2: line 3, byte \d+: invalid JSON/);
    expect(new Set(messages).size).toBe(1);
  });

  it('says a file that ends inside a feature is truncated', () => {
    const text = bytes.toString('utf8');
    const cut = text.indexOf('"type": "Feature"', text.indexOf('"type": "Feature"', text.indexOf('"type": "Feature"') + 1) + 1) + 40;
    const e = thrown(() => parse(enc(text.slice(0, cut)), 7, 'mun.geojson'));
    expect(e).toBeInstanceOf(ImportError);
    expect(e.message).toMatch(/^mun\.geojson: the file ends inside feature 3 \(byte \d+\) — truncated\?/);
    expect(thrown(() => parse(enc('{"type":"FeatureCollection","features":[{"type":"Feature"},'))).message).toMatch(/ends inside the features array after 1 features/);
    expect(thrown(() => parse(enc('   '))).message).toMatch(/file is empty/);
  });

  it('names the file, the feature, the line, the byte and the reason for invalid JSON', () => {
    const text = [
      '{"type": "FeatureCollection", "features": [',
      '{"type": "Feature", "properties": {"municipio": "San Luis Río Colorado"}, "geometry": {"type": "Point", "coordinates": [-114.7717, 32.4561]}},',
      '{"type": "Feature", "properties": {"municipio": "Mexicali"} "geometry": null}',
      ']}',
    ].join('\n');
    const badAt = text.indexOf('"geometry": null');
    const byte = Buffer.byteLength(text.slice(0, badAt));
    for (const size of [1, 65536]) {
      const e = thrown(() => parse(enc(text), size, 'incidentes.geojson'));
      expect(e).toBeInstanceOf(ImportError);
      expect(e.message).toContain(`incidentes.geojson: feature 2: line 3, byte ${byte}: invalid JSON`);
      expect(e.message).toMatch(/after property value|Unexpected string|unexpected token/i);
    }
  });

  it('treats a broken root as fatal', () => {
    expect(thrown(() => parse(enc('[{"type":"Feature"}]'))).message).toMatch(/root is an array/);
    expect(thrown(() => parse(enc('{"type":"FeatureCollection","features":{"a":1}}'))).message).toMatch(/"features" is not an array/);
    expect(thrown(() => parse(enc('{"type":"Topology","objects":{}}'))).message).toMatch(/root type is "Topology"/);
    expect(thrown(() => parse(enc('{"type":"FeatureCollection","features":[]} x'))).message).toMatch(/unexpected "x" after the end/);
  });

  it('reports record-level problems and carries on with the next feature', () => {
    const good = { type: 'Feature', properties: { id: 'ok' }, geometry: { type: 'Point', coordinates: [-114.73, 32.7] } };
    const text = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        good,
        5,
        { type: 'Feature', properties: {} },
        { type: 'Point', coordinates: [1, 2] },
        { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: ['-114.7', 32.4] } },
        { type: 'Feature', properties: {}, geometry: { type: 'Circle', coordinates: [1, 2] } },
        { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[1, 2], [3]]] } },
        { type: 'Feature', properties: null, geometry: null },
        good,
      ],
    });
    const r = parse(enc(text), 7);
    expect(r.records.map((x) => x.sourceIndex)).toEqual([0, 7, 8]);
    expect(r.records[1]).toEqual({ sourceIndex: 7, geometry: null, properties: {} });
    expect(r.problems.map((p) => [p.index, p.location])).toEqual([
      [1, 'feature 2'], [2, 'feature 3'], [3, 'feature 4'], [4, 'feature 5'], [5, 'feature 6'], [6, 'feature 7'],
    ]);
    const reasons = r.problems.map((p) => p.reason);
    expect(reasons[0]).toMatch(/not an object \(found 5\)/);
    expect(reasons[1]).toMatch(/no "geometry" member/);
    expect(reasons[2]).toMatch(/type "Point", expected "Feature"/);
    expect(reasons[3]).toMatch(/Point coordinates are not numbers \(found "-114.7"/);
    expect(reasons[4]).toMatch(/"Circle" is not a GeoJSON geometry type/);
    expect(reasons[5]).toMatch(/Polygon coordinates hold a position with 1 number/);
    expect(r.problems.every((p) => p.file === 'test.geojson')).toBe(true);
  });

  it('stops with a message naming the byte when the file is not UTF-8', () => {
    const latin1 = new Uint8Array([...enc('{"type":"Feature","properties":{"m":"San Luis R'), 0xed, ...enc('o"},"geometry":null}')]);
    const r = parse(latin1, 65536);
    // No encoding given and the first bytes are not UTF-8: read as windows-1252.
    expect(r.records[0].properties.m).toBe('San Luis Río');
    const valid = enc(`{"type":"FeatureCollection","features":[${'{"type":"Feature","properties":{},"geometry":null},'.repeat(2000)}`);
    const bad = new Uint8Array([...valid, ...enc('{"type":"Feature","properties":{"m":"R'), 0xed, ...enc('o"},"geometry":null}]}')]);
    const e = thrown(() => parse(bad, 4096));
    expect(e.message).toContain(`byte ${valid.length + 38} is not valid UTF-8`);
  });

  it('agrees with JSON.parse on arbitrary properties (escapes, brackets in strings, unicode) in any chunking', () => {
    const props = fc.dictionary(fc.string({ unit: fc.constantFrom('a', 'í', '"', '\\', '[', '}', ',', ':', '\n', '😀', ' ') }), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 5 });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(props, fc.integer({ min: -1800, max: 1800 }), fc.integer({ min: -900, max: 900 })), { maxLength: 8 }),
        fc.constantFrom(undefined, 0, 2, '\t', 'lines', 'lines\r\n'),
        fc.integer({ min: 1, max: 4096 }),
        (items, indent, chunk) => {
          const doc = {
            type: 'FeatureCollection',
            name: 'prueba "[x]"',
            features: items.map(([p, x, y]) => ({ type: 'Feature', properties: p, geometry: { type: 'Point', coordinates: [x / 10, y / 10] } })),
          };
          // 'lines': one feature per line, as GDAL writes (the parser's fast path).
          const text =
            typeof indent === 'string' && indent.startsWith('lines')
              ? `{"type":"FeatureCollection","name":"prueba \\"[x]\\"","features":[${indent.slice(5) || '\n'}${doc.features.map((f) => JSON.stringify(f)).join(`,${indent.slice(5) || '\n'}`)}\n]}\n`
              : JSON.stringify(doc, null, indent);
          const r = parse(enc(text), chunk);
          expect(r.problems).toEqual([]);
          expect(r.records).toEqual(expectedRecords(text));
        },
      ),
      { numRuns: 200, seed: 32611 },
    );
  });
});
