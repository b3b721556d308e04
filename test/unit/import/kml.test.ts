/**
 * KML and KMZ in, against GDAL: files written by ogr2ogr (its KML and its LIBKML drivers) from
 * the INEGI municipalities (Lambert, reprojected to EPSG:4326), the Natural Earth places and a
 * generated incident CSV are imported through the real import path, and every stored feature is
 * compared with what ogr2ogr reads of the same file: same count, attributes and positions within
 * 1e-7°. Then what GDAL does not write: MultiGeometry of mixed parts, gx:Track, Folders, untyped
 * Data; and what must be refused: an XML bomb, external entities, broken XML, no placemark.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../../electron/backend/backend.ts';
import { ImportError } from '../../../shared/import/problems.ts';
import { writePoints } from '../../../scripts/gen-points.ts';
import { SHAPEFILE_BASES } from '../../corpus/generate.ts';
import { compareWithGdal, gdalRead, ogr2ogr, storedFeatures } from '../../support/gdalPeer.ts';

/** Fields GDAL's LIBKML driver adds from KML's own elements, which we do not make fields of. */
const LIBKML_OWN = ['altitudeMode', 'tessellate', 'extrude', 'visibility', 'drawOrder', 'icon', 'snippet'];
const RENAME = { Name: 'name', begin: 'time_begin', end: 'time_end' };

let dir: string;
let backend: Backend;
const at = (name: string) => path.join(dir, name);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-kml-'));
  backend = openBackend(at('w.frontera'), { create: true });
  writePoints(at('incidents.csv'), 2000, 11);
  const csv = ['-oo', 'X_POSSIBLE_NAMES=lon', '-oo', 'Y_POSSIBLE_NAMES=lat', '-oo', 'AUTODETECT_TYPE=YES', '-a_srs', 'EPSG:4326'];
  ogr2ogr(['-f', 'KML', at('mun.kml'), `${SHAPEFILE_BASES.mun}.shp`, '-t_srs', 'EPSG:4326']);
  ogr2ogr(['-f', 'LIBKML', at('mun.kmz'), `${SHAPEFILE_BASES.mun}.shp`, '-t_srs', 'EPSG:4326']);
  ogr2ogr(['-f', 'KML', at('places.kml'), `${SHAPEFILE_BASES.places}.shp`]);
  ogr2ogr(['-f', 'KML', at('border.kml'), `${SHAPEFILE_BASES.border}.shp`]);
  // LIBKML writes a DateTime field named timestamp as TimeStamp, begin and end as TimeSpan.
  ogr2ogr(['-f', 'LIBKML', at('incidents.kml'), at('incidents.csv'), ...csv, '-nln', 'incidents', '-dialect', 'sqlite', '-sql', 'SELECT *, fecha AS timestamp FROM incidents']);
  ogr2ogr(['-f', 'LIBKML', at('spans.kmz'), at('incidents.csv'), ...csv, '-nln', 'spans', '-dialect', 'sqlite', '-sql', "SELECT id, tipo, fecha AS begin, strftime('%Y-%m-%dT%H:%M:%S', fecha, '+2 hours') AS end, geometry FROM incidents"]);
}, 120_000);

afterAll(() => {
  backend?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function importAs(file: string, layer: string): Promise<void> {
  await backend['import.run']({ paths: [at(file)], options: { layer } });
}

describe('KML and KMZ written by GDAL, read as GDAL reads them', () => {
  it('INEGI municipalities (ogr2ogr KML driver): 85 polygons, every attribute, positions within 1e-7°', async () => {
    await importAs('mun.kml', 'mun_kml');
    const ours = storedFeatures(backend, 'mun_kml');
    const theirs = gdalRead(at('mun.kml'));
    expect(ours).toHaveLength(85);
    expect(compareWithGdal(ours, theirs, { rename: RENAME, ignore: LIBKML_OWN })).toEqual([]);
    // Accents intact, numbers typed by the Schema as GDAL types them, the Folder kept as a field.
    const slrc = ours.find((f) => f.properties.NOMGEO === 'San Luis Río Colorado');
    expect(slrc?.properties).toMatchObject({ CVEGEO: '26055', folder: 'mun_02_26' });
    expect(typeof slrc?.properties.Shape_Area).toBe('number');
    expect(backend.workspace.findLayer('mun_kml')?.sourceCrs).toMatch(/WGS 84/);
  });

  it('a KMZ from the LIBKML driver (doc.kml linking to layers/mun_02_26.kml inside the archive)', async () => {
    await importAs('mun.kmz', 'mun_kmz');
    const ours = storedFeatures(backend, 'mun_kmz');
    expect(ours).toHaveLength(85);
    expect(compareWithGdal(ours, gdalRead(at('mun.kmz')), { rename: RENAME, ignore: LIBKML_OWN })).toEqual([]);
  });

  it('Natural Earth places (points) and the US–Mexico border (lines)', async () => {
    await importAs('places.kml', 'places');
    await importAs('border.kml', 'border');
    const places = storedFeatures(backend, 'places');
    expect(places.length).toBeGreaterThanOrEqual(12);
    expect(compareWithGdal(places, gdalRead(at('places.kml')), { rename: RENAME, ignore: LIBKML_OWN })).toEqual([]);
    expect(places.map((f) => f.properties.name)).toContain('Mexicali');
    const border = storedFeatures(backend, 'border');
    expect(border.length).toBeGreaterThan(0);
    expect(compareWithGdal(border, gdalRead(at('border.kml')), { rename: RENAME, ignore: LIBKML_OWN })).toEqual([]);
  });

  it('2,000 incidents with TimeStamp: the same attributes and times, and the time mapped from the timestamp', async () => {
    await importAs('incidents.kml', 'incidents');
    const ours = storedFeatures(backend, 'incidents');
    expect(ours).toHaveLength(2000);
    expect(compareWithGdal(ours, gdalRead(at('incidents.kml')), { rename: RENAME, ignore: LIBKML_OWN, times: ['timestamp'] })).toEqual([]);
    const layer = backend.workspace.findLayer('incidents')!;
    expect(layer.mapping.time).toEqual(['timestamp']);
    expect(layer.mapping.category).toBe('tipo');
    // Every stored time is the instant the file gave (naive, read in the workspace's zone).
    expect(ours.every((f) => f.time !== null)).toBe(true);
  });

  it('TimeSpan as time_begin / time_end, the begin suggested as the time', async () => {
    await importAs('spans.kmz', 'spans');
    const ours = storedFeatures(backend, 'spans');
    expect(compareWithGdal(ours, gdalRead(at('spans.kmz')), { rename: RENAME, ignore: LIBKML_OWN, times: ['time_begin', 'time_end'] })).toEqual([]);
    expect(backend.workspace.findLayer('spans')!.mapping.time).toEqual(['time_begin']);
    expect(Date.parse(String(ours[0].properties.time_end)) - Date.parse(String(ours[0].properties.time_begin))).toBe(2 * 3600_000);
  });
});

describe('a KML read by two import workers at once (each converting every other range of placemarks)', () => {
  const sharded = async <T>(fn: () => Promise<T>): Promise<T> => {
    const before = [process.env.FRONTERA_IMPORT_WORKER_MIN_BYTES, process.env.FRONTERA_IMPORT_SHARD_MIN_BYTES];
    process.env.FRONTERA_IMPORT_WORKER_MIN_BYTES = '0';
    process.env.FRONTERA_IMPORT_SHARD_MIN_BYTES = '0';
    try {
      return await fn();
    } finally {
      for (const [k, v] of [['FRONTERA_IMPORT_WORKER_MIN_BYTES', before[0]], ['FRONTERA_IMPORT_SHARD_MIN_BYTES', before[1]]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  };

  it('stores what one reader stores, and a bad placemark is named as one reader names it', async () => {
    // 10,000 placemarks: the second reader converts placemarks 8,193 on (ranges of 8,192).
    writePoints(at('many.csv'), 10_000, 23);
    ogr2ogr(['-f', 'KML', at('many.kml'), at('many.csv'), '-oo', 'X_POSSIBLE_NAMES=lon', '-oo', 'Y_POSSIBLE_NAMES=lat', '-oo', 'AUTODETECT_TYPE=YES', '-a_srs', 'EPSG:4326']);
    const [s] = await sharded(() => backend['import.run']({ paths: [at('many.kml')], options: { layer: 'sharded' } }));
    expect((backend.workspace.getLayer(s.layerId).metadata.timings as { readers: number }).readers).toBe(2);
    await backend['import.run']({ paths: [at('many.kml')], options: { layer: 'one reader' } });
    const key = (f: ReturnType<typeof storedFeatures>[number]) => [f.sourceIndex, f.geometry, f.properties, f.time, f.category];
    expect(storedFeatures(backend, 'sharded').map(key)).toEqual(storedFeatures(backend, 'one reader').map(key));
    const text = fs.readFileSync(at('many.kml'), 'utf8');
    let coords = -1;
    for (let k = 0; k < 9000; k++) coords = text.indexOf('<coordinates>', coords + 1);
    fs.writeFileSync(at('bad-sharded.kml'), `${text.slice(0, coords + 13)}oeste${text.slice(text.indexOf(',', coords))}`);
    const err = await sharded(() => backend['import.run']({ paths: [at('bad-sharded.kml')], options: { layer: 'bad sharded' } })).catch((e: unknown) => e);
    expect((err as ImportError).problems[0]).toMatchObject({ location: 'placemark 9000', reason: expect.stringMatching(/"oeste".*not a number/) });
  });
});

/** A KML file of placemarks written here. */
function kml(body: string, head = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${head}<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2"><Document>${body}</Document></kml>\n`;
}

async function importText(name: string, text: string): Promise<string> {
  fs.writeFileSync(at(name), text);
  const layer = name.replace(/\W/g, '_');
  await backend['import.run']({ paths: [at(name)], options: { layer } });
  return layer;
}

async function refusal(name: string, text: string | Uint8Array): Promise<ImportError> {
  fs.writeFileSync(at(name), text);
  const before = backend.workspace.contentHash();
  const err = await backend['import.run']({ paths: [at(name)], options: { layer: `bad_${name.replace(/\W/g, '_')}` } }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImportError);
  expect(backend.workspace.contentHash()).toBe(before);
  return err as ImportError;
}

describe('KML beyond what GDAL writes', () => {
  it('MultiGeometry: Multi* when its parts are of one kind, a GeometryCollection when mixed; Folders nest; Data as text', async () => {
    const layer = await importText(
      'multi.kml',
      kml(`<Folder><name>Operativo</name><Folder><name>Norte</name>
        <Placemark><name>dos puntos</name><ExtendedData><Data name="cantidad"><value>12.5</value></Data></ExtendedData>
          <MultiGeometry><Point><coordinates>-115.1,32.3</coordinates></Point><Point><coordinates>-115.2,32.4</coordinates></Point></MultiGeometry></Placemark>
        <Placemark><name>mixta</name><description><![CDATA[<b>retén</b> & cruce]]></description>
          <MultiGeometry><Point><coordinates>-115.1,32.3</coordinates></Point><LineString><coordinates>-115.1,32.3 -115.2,32.4</coordinates></LineString></MultiGeometry></Placemark>
        </Folder></Folder>
        <Placemark><name>anillo</name><Polygon><outerBoundaryIs><LinearRing><coordinates>-115,32 -115.1,32 -115.1,32.1 -115,32 </coordinates></LinearRing></outerBoundaryIs>
          <innerBoundaryIs><LinearRing><coordinates>-115.02,32.01 -115.05,32.01 -115.05,32.02 -115.02,32.01</coordinates></LinearRing></innerBoundaryIs></Polygon></Placemark>`),
    );
    const [two, mixed, ring] = storedFeatures(backend, layer);
    expect(two.geometry).toEqual({ type: 'MultiPoint', coordinates: [[-115.1, 32.3], [-115.2, 32.4]] });
    expect(two.properties).toMatchObject({ name: 'dos puntos', folder: 'Operativo / Norte', cantidad: '12.5' });
    expect(mixed.geometry?.type).toBe('GeometryCollection');
    expect(mixed.properties.description).toBe('<b>retén</b> & cruce');
    expect(ring.geometry?.type).toBe('Polygon');
    expect((ring.geometry as { coordinates: unknown[] }).coordinates).toHaveLength(2);
    expect(ring.properties.folder).toBeUndefined();
  });

  it('gx:Track: a LineString with the time of every position as coordTimes', async () => {
    const layer = await importText(
      'track.kml',
      kml(`<Placemark><name>patrulla</name><gx:Track><when>2023-07-14T10:00:00Z</when><when>2023-07-14T10:05:00Z</when>
        <gx:coord>-115.1 32.3 10</gx:coord><gx:coord>-115.2 32.4 12</gx:coord></gx:Track></Placemark>`),
    );
    const [t] = storedFeatures(backend, layer);
    expect(t.geometry?.type).toBe('LineString');
    expect((t.geometry as { coordinates: number[][] }).coordinates.map((p) => p.slice(0, 2))).toEqual([[-115.1, 32.3], [-115.2, 32.4]]);
    expect(t.properties.coordTimes).toEqual(['2023-07-14T10:00:00Z', '2023-07-14T10:05:00Z']);
  });

  it('a placemark with a bad coordinate is named as "placemark N" with the reason; --skip-invalid keeps the others', async () => {
    const text = kml(
      `<Placemark><Point><coordinates>-115.1,32.3</coordinates></Point></Placemark>
       <Placemark><Point><coordinates>-115.1,abc</coordinates></Point></Placemark>
       <Placemark><Point><coordinates>-115.3,32.5</coordinates></Point></Placemark>`,
    );
    const err = await refusal('badcoord.kml', text);
    expect(err.problems[0]).toMatchObject({ location: 'placemark 2', reason: expect.stringMatching(/"abc".*not a number/) });
    const [s] = await backend['import.run']({ paths: [at('badcoord.kml')], options: { layer: 'skipped', skipInvalid: true } });
    expect(s.featureCount).toBe(2);
    expect(s.skipped[0].location).toBe('placemark 2');
  });
});

describe('KML that must be refused, naming the file and the reason, the workspace unchanged', () => {
  it('an XML bomb (entities declared in the DOCTYPE) is refused before any expansion', async () => {
    const lol = Array.from({ length: 9 }, (_, k) => `<!ENTITY lol${k + 1} "${`&lol${k};`.repeat(10)}">`).join('');
    // Expanded, &lol9; is 10^9 "lol"s (3 GB): a reader that expanded it would not come back within the test's timeout.
    const err = await refusal('bomb.kml', kml('<Placemark><name>&lol9;</name></Placemark>', `<!DOCTYPE kml [<!ENTITY lol0 "lol">${lol}]>\n`));
    expect(err.problems[0]).toMatchObject({ file: at('bomb.kml'), location: null, reason: expect.stringMatching(/DOCTYPE declares entities.*XML bomb/) });
  });

  it('an external entity is refused and never read', async () => {
    const err = await refusal('xxe.kml', kml('<Placemark><name>&xxe;</name></Placemark>', '<!DOCTYPE kml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'));
    expect(err.message).toMatch(/xxe\.kml: the DOCTYPE declares entities/);
    expect(err.message).not.toMatch(/root:/);
  });

  it('broken XML names the line and column', async () => {
    const err = await refusal('broken.kml', kml('<Placemark><name>a</name>\n<Point><coordinates>-115,32</coordinates></Pointt></Placemark>'));
    expect(err.problems[0]).toMatchObject({ file: at('broken.kml'), location: expect.stringMatching(/^line 3, column \d+$/), reason: expect.stringMatching(/not well-formed XML/) });
  });

  it('MultiGeometry nested past 100 levels is refused at its line; a DOCTYPE without entities is read', async () => {
    const deep = `${'<MultiGeometry>'.repeat(120)}<Point><coordinates>-115,32</coordinates></Point>${'</MultiGeometry>'.repeat(120)}`;
    const err = await refusal('deep.kml', kml(`<Placemark>\n${deep}</Placemark>`));
    expect(err.problems[0]).toMatchObject({ location: expect.stringMatching(/^line 3, column \d+$/), reason: 'not well-formed XML: elements nest more than 100 deep inside <Placemark>' });
    const layer = await importText('doctype.kml', kml('<Placemark><Point><coordinates>-115,32</coordinates></Point></Placemark>', '<!DOCTYPE kml>\n'));
    expect(storedFeatures(backend, layer)).toHaveLength(1);
  });

  it('a KML with no placemark, a file that is not KML, an empty file', async () => {
    expect((await refusal('none.kml', kml('<Folder><name>vacía</name></Folder>'))).message).toMatch(/none\.kml: the KML holds no placemark/);
    expect((await refusal('gpx.kml', '<?xml version="1.0"?><gpx version="1.1"></gpx>')).message).toMatch(/not KML: the root element is <gpx>/);
    expect((await refusal('empty.kml', '')).message).toMatch(/empty\.kml: the file is empty/);
  });
});
