/**
 * What `frontera import --lang es` says about a file's bad records (issue 18): real files (UCDP
 * GED events as CSV, Turf's DBSCAN points as GeoJSON, from ../shared/fixtures) with records made
 * bad by hand, each with a known reason. English says exactly what it said before; Spanish lists
 * the same records, in the same order and number, each with the import catalogue's Spanish
 * template (read from RESOURCES, filled here by hand) and its location in Spanish words; a refused
 * import says its problems in Spanish on stderr; --json is the same in both languages.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESOURCES } from '../../shared/i18n/translator.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(repoRoot, 'bin', 'frontera.js');
const FIXTURES = path.resolve(repoRoot, '..', 'shared', 'fixtures');
const UCDP = path.join(FIXTURES, 'ucdp-ged-mexico-other-states', 'ucdp_ged_mexico_other_states.csv');
const POINTS = path.join(FIXTURES, 'turf-dbscan-peer-suite', 'in', 'points1.geojson');

let dir: string;

function cli(...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, FRONTERA_DEBUG: '' } });
}

type Tree = { [key: string]: string | Tree };
const es = RESOURCES.es.import as unknown as Tree;

/** The Spanish template of an import key, its placeholders filled by hand (no i18next). */
function spanish(key: string, values: Record<string, string | number> = {}): string {
  const template = key.split('.').reduce<string | Tree>((o, k) => (o as Tree)[k], es);
  if (typeof template !== 'string') throw new Error(`es:import:${key} is not a string`);
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`${key}: no value for ${name}`);
    return String(values[name]);
  });
}

/** The skipped records a human summary lists: "file: location: reason" lines after the count. */
function skippedLines(out: string): string[] {
  return out.split('\n').filter((l) => l.startsWith('    ')).map((l) => l.trim());
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-lang-import-'));
  expect(cli('init', path.join(dir, 'en.frontera')).status).toBe(0);
  expect(cli('init', path.join(dir, 'es.frontera')).status).toBe(0);
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('frontera import --lang es: record problems in Spanish', () => {
  it('a UCDP CSV with five bad rows: the same rows, each reason from the Spanish catalogue', () => {
    // The first 40 events of the real file whose lines hold whole records (no quoted line break).
    const lines = fs.readFileSync(UCDP, 'utf8').split('\n');
    const header = lines[0];
    const rows = lines.slice(1).filter((l) => (l.match(/"/g) ?? []).length % 2 === 0 && /,-?\d+\.\d+,-?\d+\.\d+,POINT \(/.test(l)).slice(0, 40);
    const coords = /,(-?\d+\.\d+),(-?\d+\.\d+),POINT \(/;
    // Row 5: latitude 95. Row 12: longitude "N/D". Row 20: its last field dropped. Row 31: an end before its start. Row 36: a start of "ayer".
    rows[4] = rows[4].replace(coords, (_, _lat: string, lon: string) => `,95,${lon},POINT (`);
    rows[11] = rows[11].replace(coords, (_, lat: string) => `,${lat},N/D,POINT (`);
    const fields = header.split(',').length;
    rows[19] = rows[19].slice(0, rows[19].lastIndexOf(','));
    rows[30] = rows[30].replace(/,(\d{4}-\d{2}-\d{2}),(\d{4}-\d{2}-\d{2}),/, ',2020-05-10,2020-05-01,');
    rows[35] = rows[35].replace(/,(\d{4}-\d{2}-\d{2}),(\d{4}-\d{2}-\d{2}),/, ',ayer,$2,');
    const file = path.join(dir, 'ucdp_malos.csv');
    fs.writeFileSync(file, [header, ...rows].join('\n') + '\n');
    const args = [file, '--lat', 'latitude', '--lon', 'longitude', '--time', 'date_start', '--time-end', 'date_end', '--skip-invalid'];

    const en = cli('import', path.join(dir, 'en.frontera'), ...args);
    expect(en.status, en.stderr).toBe(0);
    const esRun = cli('import', path.join(dir, 'es.frontera'), ...args, '--lang', 'es');
    expect(esRun.status, esRun.stderr).toBe(0);

    // English, as it always read.
    expect(skippedLines(en.stdout)).toEqual([
      `${file}: row 5: latitude 95 out of range [\u221290, 90]`,
      `${file}: row 12: longitude "N/D" (column "longitude") is not a number`,
      `${file}: row 20: has ${fields - 1} fields, expected ${fields}`,
      `${file}: row 31: time_end "2020-05-01" in column "date_end" is before the time "2020-05-10" in column "date_start"`,
      `${file}: row 36: time "ayer" in column "date_start" cannot be read: "ayer" is not a recognised date (expected e.g. 2023-07-14, 2023-07-14T10:00:00-07:00, 14/07/2023 10:00; or give a format such as DD/MM/YYYY HH:mm)`,
    ]);
    expect(en.stdout).toContain('): 35 Point features');
    // Spanish: the same rows in the same order, the same count, each sentence the catalogue's.
    const longitude = spanish('table.longitudeAxis');
    expect(skippedLines(esRun.stdout)).toEqual([
      `${file}: ${spanish('where.row', { n: 5 })}: ${spanish('record.latitudeRange', { value: '95', at: '', hint: '' })}`,
      `${file}: ${spanish('where.row', { n: 12 })}: ${spanish('table.notNumber', { axis: longitude, value: '"N/D"', column: 'longitude' })}`,
      `${file}: ${spanish('where.row', { n: 20 })}: ${spanish('table.fieldCount_other', { count: fields - 1, expected: fields })}`,
      `${file}: ${spanish('where.row', { n: 31 })}: ${spanish('record.endBeforeStart', { value: '"2020-05-01"', column: 'date_end', time: '"2020-05-10"', start: 'date_start' })}`,
      `${file}: ${spanish('where.row', { n: 36 })}: ${spanish('record.timeUnreadable', { value: '"ayer"', columns: spanish('record.timeColumn', { column: 'date_start' }), reason: spanish('time.unrecognised', { value: 'ayer' }) })}`,
    ]);
    expect(esRun.stdout).toContain('se omitieron 5 registros no válidos');
    for (const english of ['out of range', 'is not a number', 'fields, expected', 'is before the time', 'row ', 'recognised']) expect(esRun.stdout).not.toContain(english);

    // Refused (no --skip-invalid): the same five problems on stderr, in Spanish; exit 1 in both languages.
    const refused = cli('import', path.join(dir, 'es.frontera'), ...args.slice(0, -1), '--layer', 'rechazada', '--lang', 'es');
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim().split('\n').slice(1)).toEqual(skippedLines(esRun.stdout).slice(1));
    expect(refused.stderr).toContain(`frontera import: ${skippedLines(esRun.stdout)[0]}`);
    // --json: the same in both languages (the reasons' English and their words).
    const json = (lang: string) => cli('import', path.join(dir, 'es.frontera'), ...args.slice(0, -1), '--layer', 'rechazada', '--json', '--lang', lang).stdout;
    expect(json('es')).toBe(json('en'));
  }, 240_000);

  it('a GeoJSON with four bad features: the same features, geometry reasons from the Spanish catalogue', () => {
    const collection = JSON.parse(fs.readFileSync(POINTS, 'utf8')) as { features: unknown[] };
    const good = collection.features.length;
    const bad = [
      { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: ['-82.4', 23.1] } },
      { type: 'Feature', properties: {} },
      { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [-82.4, 95] } },
      { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: {} } },
    ];
    const file = path.join(dir, 'puntos_malos.geojson');
    fs.writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [...collection.features, ...bad] }));
    const n = (k: number) => good + k + 1;

    const en = cli('import', path.join(dir, 'en.frontera'), file, '--skip-invalid');
    expect(en.status, en.stderr).toBe(0);
    const esRun = cli('import', path.join(dir, 'es.frontera'), file, '--skip-invalid', '--lang', 'es');
    expect(esRun.status, esRun.stderr).toBe(0);
    expect(skippedLines(en.stdout)).toEqual([
      `${file}: feature ${n(0)}: Point coordinates are not numbers (found "-82.4" in ["-82.4", 23.1])`,
      `${file}: feature ${n(1)}: has no "geometry" member (use null for a feature without a location)`,
      `${file}: feature ${n(2)}: latitude 95 out of range [\u221290, 90] — latitude and longitude swapped?`,
      `${file}: feature ${n(3)}: Point coordinates are not an array (found an object)`,
    ]);
    expect(en.stdout).toContain(`): ${good} Point features`);
    const at = (k: number) => `${file}: ${spanish('where.feature', { n: n(k) })}`;
    expect(skippedLines(esRun.stdout)).toEqual([
      `${at(0)}: ${spanish('geojson.coordinates', { type: 'Point', reason: spanish('geojson.notNumbers', { found: '"-82.4"', position: '"-82.4", 23.1' }) })}`,
      `${at(1)}: ${spanish('geojson.noGeometry')}`,
      `${at(2)}: ${spanish('record.latitudeRange', { value: '95', at: '', hint: spanish('record.swapped') })}`,
      `${at(3)}: ${spanish('geojson.coordinates', { type: 'Point', reason: spanish('geojson.notArray', { found: spanish('geojson.foundObject') }) })}`,
    ]);
    expect(esRun.stdout).toContain('se omitieron 4 registros no válidos');
    for (const english of ['feature ', 'are not', 'has no', 'out of range', 'an object']) expect(esRun.stdout).not.toContain(english);
  }, 240_000);

  it('refusals in Spanish: no coordinate columns, a header without records', () => {
    const noCoords = path.join(dir, 'sin_coordenadas.csv');
    fs.writeFileSync(noCoords, 'fecha,municipio\n2023-07-14,Mexicali\n');
    const r = cli('import', path.join(dir, 'es.frontera'), noCoords, '--lang', 'es');
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(`frontera import: ${noCoords}: ${spanish('table.noCoordinates', { list: '"fecha", "municipio"' })}`);
    const headerOnly = path.join(dir, 'solo_encabezado.csv');
    fs.writeFileSync(headerOnly, 'lat,lon,fecha\n');
    const h = cli('import', path.join(dir, 'es.frontera'), headerOnly, '--lang', 'es');
    expect(h.status).toBe(1);
    expect(h.stderr.trim()).toBe(`frontera import: ${headerOnly}: ${spanish('refusal.headerOnly')}`);
    expect(cli('import', path.join(dir, 'es.frontera'), headerOnly).stderr.trim()).toBe(`frontera import: ${headerOnly}: the file has a header but no records`);
  }, 120_000);
});

describe('frontera import --lang es: refusals of a whole file in Spanish', () => {
  /** Turf's DBSCAN points written one feature a line, so a byte and a line of the file are known by hand. */
  function pointsText(): { head: string; lines: string[] } {
    const collection = JSON.parse(fs.readFileSync(POINTS, 'utf8')) as { features: unknown[] };
    return { head: '{"type":"FeatureCollection","features":[\n', lines: collection.features.map((f) => JSON.stringify(f)) };
  }

  it('a truncated GeoJSON: the feature it ends in and its size, in Spanish', () => {
    const { head, lines } = pointsText();
    // Cut in the middle of the third feature's line.
    const text = head + lines.slice(0, 2).join(',\n') + ',\n' + lines[2].slice(0, Math.floor(lines[2].length / 2));
    const file = path.join(dir, 'truncado.geojson');
    fs.writeFileSync(file, text);
    const bytes = Buffer.byteLength(text);
    const en = cli('import', path.join(dir, 'en.frontera'), file);
    expect(en.status).toBe(1);
    expect(en.stderr.trim()).toBe(`frontera import: ${file}: the file ends inside feature 3 (byte ${bytes}) — truncated?`);
    const r = cli('import', path.join(dir, 'es.frontera'), file, '--lang', 'es');
    expect(r.status).toBe(1);
    const where = spanish('json.endsInFeature', { feature: spanish('where.feature', { n: 3 }) });
    expect(r.stderr.trim()).toBe(`frontera import: ${file}: ${spanish('json.ends', { where, byte: bytes })}`);
  }, 120_000);

  it('invalid JSON between two features: its line and byte, in Spanish', () => {
    const { head, lines } = pointsText();
    // A ";" where the comma after the second feature belongs: line 3 (after the head's line), at that line's end.
    const before = head + lines[0] + ',\n' + lines[1];
    const text = before + ';\n' + lines.slice(2).join(',\n') + ']}';
    const file = path.join(dir, 'punto_y_coma.geojson');
    fs.writeFileSync(file, text);
    const byte = Buffer.byteLength(before);
    const en = cli('import', path.join(dir, 'en.frontera'), file);
    expect(en.status).toBe(1);
    expect(en.stderr.trim()).toBe(`frontera import: ${file}: line 3, byte ${byte}: invalid JSON: expected ',' or ']' after feature 2, found ";"`);
    const r = cli('import', path.join(dir, 'es.frontera'), file, '--lang', 'es');
    expect(r.status).toBe(1);
    const reason = spanish('json.expectedCommaBracket', { feature: spanish('where.feature', { n: 2 }), found: '";"' });
    expect(r.stderr.trim()).toBe(`frontera import: ${file}: ${spanish('json.at', { line: 3, byte, reason })}`);
  }, 120_000);

  it('a GeoPackage (GDAL-written) with a geometry blob cut short: the same feature, the sentence in Spanish', () => {
    const gpkg = path.join(dir, 'puntos.gpkg');
    expect(spawnSync('ogr2ogr', ['-f', 'GPKG', '-nln', 'puntos', gpkg, POINTS]).status).toBe(0);
    // fid 3 becomes a GeoPackage header and a WKB Point with no coordinates.
    expect(spawnSync('ogrinfo', ['-q', gpkg, '-sql', "UPDATE puntos SET geom = X'4750000100000000010100000000' WHERE fid = 3"]).status).toBe(0);
    const en = cli('import', path.join(dir, 'en.frontera'), gpkg, '--skip-invalid');
    expect(en.status, en.stderr).toBe(0);
    const esRun = cli('import', path.join(dir, 'es.frontera'), gpkg, '--skip-invalid', '--lang', 'es');
    expect(esRun.status, esRun.stderr).toBe(0);
    const [line] = skippedLines(en.stdout);
    expect(line).toMatch(new RegExp(`^${gpkg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/puntos: feature 3: geometry blob \\(fid 3\\): .+`));
    // The WKB decoder's own reason is still English (see the report of issue 18).
    const reason = line.slice(line.indexOf('(fid 3): ') + '(fid 3): '.length);
    expect(skippedLines(esRun.stdout)).toEqual([`${gpkg}/puntos: ${spanish('where.feature', { n: 3 })}: ${spanish('gpkg.blob', { fid: '3', reason })}`]);
    expect(skippedLines(en.stdout)).toHaveLength(1);
  }, 120_000);

  it('a file that is not there, a folder given as a file: the file system refusals in Spanish', () => {
    const missing = path.join(dir, 'no_existe.csv');
    expect(cli('import', path.join(dir, 'en.frontera'), missing).stderr.trim()).toBe(`frontera import: ${missing}: file not found`);
    const r = cli('import', path.join(dir, 'es.frontera'), missing, '--lang', 'es');
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(`frontera import: ${missing}: ${spanish('files.notFound')}`);
    const folder = path.join(dir, 'carpeta.csv');
    fs.mkdirSync(folder);
    expect(cli('import', path.join(dir, 'en.frontera'), folder).stderr.trim()).toBe(`frontera import: ${folder}: is a folder, not a file`);
    expect(cli('import', path.join(dir, 'es.frontera'), folder, '--lang', 'es').stderr.trim()).toBe(`frontera import: ${folder}: ${spanish('files.folder')}`);
  }, 120_000);

  it('a FlatGeobuf (GDAL-written) cut to its first 10 bytes: the refusal in Spanish', () => {
    const whole = path.join(dir, 'puntos_completo.fgb');
    expect(spawnSync('ogr2ogr', ['-f', 'FlatGeobuf', whole, POINTS]).status).toBe(0);
    const file = path.join(dir, 'puntos_cortado.fgb');
    fs.writeFileSync(file, fs.readFileSync(whole).subarray(0, 10));
    expect(cli('import', path.join(dir, 'en.frontera'), file).stderr.trim()).toBe(`frontera import: ${file}: truncated: only 10 bytes, fewer than the 12 before the header`);
    const r = cli('import', path.join(dir, 'es.frontera'), file, '--lang', 'es');
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(`frontera import: ${file}: ${spanish('fgb.short', { bytes: 10 })}`);
  }, 120_000);

  it('--layer with a GeoPackage of two tables: the refusal in Spanish', () => {
    const gpkg = path.join(dir, 'dos_tablas.gpkg');
    expect(spawnSync('ogr2ogr', ['-f', 'GPKG', '-nln', 'uno', gpkg, POINTS]).status).toBe(0);
    expect(spawnSync('ogr2ogr', ['-update', '-nln', 'dos', gpkg, POINTS]).status).toBe(0);
    const en = cli('import', path.join(dir, 'en.frontera'), gpkg, '--layer', 'una');
    expect(en.stderr.trim()).toBe(`frontera import: ${gpkg} holds 2 layers: --layer names one layer: import several files without it (each gets its file name) or one by one`);
    const r = cli('import', path.join(dir, 'es.frontera'), gpkg, '--layer', 'una', '--lang', 'es');
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(`frontera import: ${spanish('refusal.severalLayersFile', { file: gpkg, n: 2 }).replace('$t(import:refusal.severalLayers)', spanish('refusal.severalLayers'))}`);
  }, 120_000);

  it('a GPX with a waypoint without lat, one with lon "abc" and a track point with lat "x": the same records, in Spanish', () => {
    const file = path.join(dir, 'recorrido.gpx');
    fs.writeFileSync(
      file,
      `<?xml version="1.0"?><gpx version="1.1" creator="prueba" xmlns="http://www.topografix.com/GPX/1/1">
<wpt lat="32.52" lon="-117.03"><name>Tijuana</name></wpt><wpt lon="-115.47"><name>Mexicali</name></wpt><wpt lat="31.3" lon="abc"><name>Nogales</name></wpt>
<trk><trkseg><trkpt lat="32.5" lon="-117.0"/><trkpt lat="x" lon="-116.9"/></trkseg></trk></gpx>`,
    );
    const en = cli('import', path.join(dir, 'en.frontera'), file, '--skip-invalid');
    expect(en.status, en.stderr).toBe(0);
    const esRun = cli('import', path.join(dir, 'es.frontera'), file, '--skip-invalid', '--lang', 'es');
    expect(esRun.status, esRun.stderr).toBe(0);
    const problems = (out: string) => skippedLines(out).filter((l) => l.startsWith(file)).map((l) => l.slice(l.indexOf(': ') + 2));
    expect(problems(en.stdout)).toEqual([
      'waypoint 2: the waypoint has no lat attribute',
      'waypoint 3: the waypoint: lon="abc" is not a number',
      'track 1: segment 1 point 2: lat="x" is not a number',
    ]);
    const waypoint = spanish('gpx.waypoint');
    expect(problems(esRun.stdout)).toEqual([
      `${spanish('where.waypoint', { n: 2 })}: ${spanish('gpx.noAttribute', { what: waypoint, attribute: 'lat' })}`,
      `${spanish('where.waypoint', { n: 3 })}: ${spanish('gpx.notNumber', { what: waypoint, attribute: 'lon', value: 'abc' })}`,
      `${spanish('where.track', { n: 1 })}: ${spanish('gpx.notNumber', { what: spanish('gpx.segmentPoint', { segment: 1, k: 2 }), attribute: 'lat', value: 'x' })}`,
    ]);
  }, 120_000);

  it('a layer name already taken: the same refusal in Spanish, the workspace as it was', () => {
    const ws = path.join(dir, 'es.frontera');
    const first = cli('import', ws, POINTS, '--layer', 'tomada', '--lang', 'es');
    expect(first.status, first.stderr).toBe(0);
    const layers = () => cli('layers', ws, '--json').stdout;
    const before = layers();
    const en = cli('import', ws, POINTS, '--layer', 'tomada');
    expect(en.status).toBe(1);
    const r = cli('import', ws, POINTS, '--layer', 'tomada', '--lang', 'es');
    expect(r.status).toBe(1);
    const workspace = /already exists in (.*); import /.exec(en.stderr)?.[1] ?? '';
    expect(en.stderr.trim()).toBe(`frontera import: a layer named "tomada" already exists in ${workspace}; import ${POINTS} under another name with --layer NAME`);
    expect(path.resolve(workspace)).toBe(path.resolve(ws));
    expect(r.stderr.trim()).toBe(`frontera import: ${spanish('refusal.layerTaken', { layer: 'tomada', workspace, file: POINTS })}`);
    expect(layers()).toBe(before);
  }, 120_000);

  it("a layer's CRS label in Spanish: INEGI's LCC shapefile, its .prj read, in the import summary and the layer list", () => {
    const ws = path.join(dir, 'es.frontera');
    const shp = path.join(FIXTURES, 'inegi-mun-lcc', 'sonora_bc', 'mun_02_26.shp');
    const r = cli('import', ws, shp, '--layer', 'municipios_lcc', '--lang', 'es');
    expect(r.status, r.stderr).toBe(0);
    const en = cli('layers', ws);
    // The label as stored (English), and the same label with our own words in Spanish.
    const label = /municipios_lcc .*\s{2}(\S.* \(from \.prj\))$/m.exec(en.stdout)?.[1] ?? '';
    expect(label).not.toBe('');
    const spanishLabel = label.replace(/ \(from \.prj\)$/, ` (${spanish('crs.labels.fromPrj')})`);
    expect(r.stdout).toContain(`${spanishLabel}\n`);
    expect(cli('layers', ws, '--lang', 'es').stdout).toMatch(new RegExp(`municipios_lcc .*${spanishLabel.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
  }, 120_000);

  it('CRSs Frontera cannot use, in Spanish: --crs of a vertical CRS, a .prj needing a grid file, a GeoJSON crs naming an unknown code', () => {
    const ws = path.join(dir, 'es.frontera');
    const layers = () => cli('layers', ws, '--json').stdout;
    const before = layers();
    // EPSG:5703 (NAVD88 height) is vertical: refused by the offline table.
    const vertical = cli('import', ws, POINTS, '--crs', 'EPSG:5703', '--layer', 'vertical', '--lang', 'es');
    expect(vertical.status).toBe(1);
    const name = /EPSG:5703 \(([^)]*)\)/.exec(cli('import', ws, POINTS, '--crs', 'EPSG:5703', '--layer', 'vertical').stderr)?.[1] ?? '';
    expect(name).not.toBe('');
    expect(vertical.stderr.trim()).toBe(`frontera import: ${spanish('crs.refused', { code: 'EPSG:5703', name, why: spanish('crs.why.vertical') })}`);

    // A shapefile whose .prj shifts its datum with a grid (Australian AGD66 through NTv2): ogr2ogr writes it.
    const shp = path.join(dir, 'agd66.shp');
    const csv = path.join(dir, 'agd66.csv');
    fs.writeFileSync(csv, 'id,x,y\n1,500000,6000000\n');
    const ogr = spawnSync('ogr2ogr', ['-f', 'ESRI Shapefile', shp, csv, '-oo', 'X_POSSIBLE_NAMES=x', '-oo', 'Y_POSSIBLE_NAMES=y', '-a_srs', '+proj=utm +zone=55 +south +ellps=aust_SA +nadgrids=A66_National_13.09.01.gsb +units=m +no_defs'], { encoding: 'utf8' });
    expect(ogr.status, ogr.stderr).toBe(0);
    const prj = cli('import', ws, shp, '--layer', 'agd66', '--lang', 'es');
    expect(prj.status).toBe(1);
    const label = /the CRS (.*) shifts its datum/.exec(cli('import', ws, shp, '--layer', 'agd66').stderr)?.[1] ?? '';
    expect(label).not.toBe('');
    expect(prj.stderr).toContain(spanish('crs.gridFile', { label, grid: 'A66_National_13.09.01.gsb' }));

    // A legacy GeoJSON crs member naming a code the offline registry does not hold.
    const gj = path.join(dir, 'crs_desconocido.geojson');
    const fc = JSON.parse(fs.readFileSync(POINTS, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(gj, JSON.stringify({ ...fc, crs: { type: 'name', properties: { name: 'EPSG:999999' } } }));
    const named = cli('import', ws, gj, '--layer', 'desconocido', '--lang', 'es');
    expect(named.status).toBe(1);
    const source = /registry \(([^)]*)\)/.exec(cli('import', ws, gj, '--layer', 'desconocido').stderr)?.[1] ?? '';
    const reason = spanish('crs.notInRegistry', { code: 'EPSG:999999', original: 'EPSG:999999', source });
    expect(named.stderr).toContain(spanish('crs.geojsonNamed', { name: '"EPSG:999999"', reason }));
    expect(layers()).toBe(before);
  }, 120_000);
});
