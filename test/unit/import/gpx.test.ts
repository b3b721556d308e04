/**
 * GPX in, against GDAL: waypoints written by ogr2ogr from a generated incident CSV and the
 * Natural Earth places, the INEGI municipalities' boundaries as tracks, the
 * US–Mexico border (Natural Earth) as a route and as a track, and GPS tracks with a time on every
 * point are imported through the real import path and compared with what ogr2ogr reads of the
 * same files — its waypoints, routes and tracks layers, and its track_points layer for the time
 * of every position (our `coordTimes`). Then the layers a file holds, and what must be refused.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../../electron/backend/backend.ts';
import { createGpxParser } from '../../../shared/import/gpx.ts';
import { ImportError } from '../../../shared/import/problems.ts';
import type { RawRecord } from '../../../shared/model/feature.ts';
import { pointRows, writePoints } from '../../../scripts/gen-points.ts';
import { SHAPEFILE_BASES } from '../../corpus/generate.ts';
import { compareWithGdal, gdalRead, ogr2ogr, storedFeatures } from '../../support/gdalPeer.ts';

let dir: string;
let backend: Backend;
const at = (name: string) => path.join(dir, name);

/** Two patrols around the towns: tracks of 1 and 3 segments with a time on every point but one, and a waypoint per stop. */
function patrolGpx(): string {
  const rows = [...pointRows(60, 5)];
  const pt = (tag: string, k: number) => {
    const r = rows[k];
    const time = k === 7 ? '' : `<time>2023-07-14T${String(10 + Math.floor(k / 6)).padStart(2, '0')}:${String((k % 6) * 10).padStart(2, '0')}:00Z</time>`;
    return `<${tag} lat="${r.lat}" lon="${r.lon}"><ele>${k}</ele>${time}</${tag}>`;
  };
  const seg = (from: number, to: number) => `<trkseg>${Array.from({ length: to - from }, (_, i) => pt('trkpt', from + i)).join('')}</trkseg>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
${rows.slice(0, 5).map((r, k) => `<wpt lat="${r.lat}" lon="${r.lon}"><ele>${k * 3.5}</ele><time>2023-07-14T0${k}:00:00Z</time><name>${r.id}</name><desc>${r.municipio}</desc><sym>Flag</sym><link href="http://example.invalid/${k}"><text>ficha</text></link></wpt>`).join('\n')}
<rte><name>ruta</name>${Array.from({ length: 8 }, (_, k) => pt('rtept', 40 + k)).join('')}</rte>
<trk><name>patrulla 1</name><type>vehículo</type>${seg(0, 12)}</trk>
<trk><name>patrulla 2</name>${seg(12, 20)}${seg(20, 30)}${seg(30, 40)}</trk>
</gpx>
`;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-gpx-'));
  backend = openBackend(at('w.frontera'), { create: true });
  writePoints(at('incidents.csv'), 500, 13);
  ogr2ogr([
    '-f', 'GPX', at('incidents.gpx'), at('incidents.csv'),
    '-oo', 'X_POSSIBLE_NAMES=lon', '-oo', 'Y_POSSIBLE_NAMES=lat', '-oo', 'AUTODETECT_TYPE=YES', '-a_srs', 'EPSG:4326',
    '-dialect', 'sqlite', '-sql', 'SELECT id AS name, tipo AS type, municipio AS desc, fecha AS time, cantidad AS ele, geometry FROM incidents',
  ]);
  const border = `${SHAPEFILE_BASES.border}.shp`;
  const name = `SELECT featurecla AS name FROM ${path.basename(SHAPEFILE_BASES.border)}`;
  ogr2ogr(['-f', 'GPX', at('border_route.gpx'), border, '-sql', name, '-explodecollections']);
  ogr2ogr(['-f', 'GPX', at('border_track.gpx'), border, '-sql', name, '-lco', 'FORCE_GPX_TRACK=YES']);
  // The Natural Earth places as waypoints; the INEGI municipalities' boundaries (Lambert, reprojected) as tracks.
  ogr2ogr(['-f', 'GPX', at('places.gpx'), `${SHAPEFILE_BASES.places}.shp`, '-sql', `SELECT NAME AS name, FEATURECLA AS type FROM ${path.basename(SHAPEFILE_BASES.places)}`]);
  ogr2ogr(['-f', 'GPX', at('mun.gpx'), `${SHAPEFILE_BASES.mun}.shp`, '-t_srs', 'EPSG:4326', '-nlt', 'MULTILINESTRING', '-lco', 'FORCE_GPX_TRACK=YES', '-sql', `SELECT NOMGEO AS name, CVEGEO AS "desc" FROM ${path.basename(SHAPEFILE_BASES.mun)}`]);
  fs.writeFileSync(at('patrol.gpx'), patrolGpx());
});

afterAll(() => {
  backend?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('GPX written by GDAL, read as GDAL reads it', () => {
  it('500 waypoints: name, type, desc, ele and time as GDAL reads them; the time mapped', async () => {
    const [s] = await backend['import.run']({ paths: [at('incidents.gpx')], options: {} });
    expect(s).toMatchObject({ layer: 'incidents', featureCount: 500, geometryType: 'Point' });
    const ours = storedFeatures(backend, 'incidents');
    expect(compareWithGdal(ours, gdalRead(at('incidents.gpx'), 'waypoints'), { times: ['time'] })).toEqual([]);
    expect(typeof ours[0].properties.ele).toBe('number');
    expect(s.mapping.time).toEqual(['time']);
  });

  it('the Natural Earth places as waypoints, the 85 INEGI municipalities as tracks (a segment per ring)', async () => {
    await backend['import.run']({ paths: [at('places.gpx')], options: {} });
    await backend['import.run']({ paths: [at('mun.gpx')], options: {} });
    const places = storedFeatures(backend, 'places');
    expect(places.map((f) => f.properties.name)).toContain('Mexicali');
    expect(compareWithGdal(places, gdalRead(at('places.gpx'), 'waypoints'))).toEqual([]);
    const mun = storedFeatures(backend, 'mun');
    expect(mun).toHaveLength(85);
    expect(mun.map((f) => f.properties.name)).toContain('San Luis Río Colorado');
    expect(compareWithGdal(mun, gdalRead(at('mun.gpx'), 'tracks'))).toEqual([]);
  });

  it('the border as a route and as a track', async () => {
    await backend['import.run']({ paths: [at('border_route.gpx')], options: {} });
    await backend['import.run']({ paths: [at('border_track.gpx')], options: {} });
    expect(compareWithGdal(storedFeatures(backend, 'border_route'), gdalRead(at('border_route.gpx'), 'routes'))).toEqual([]);
    expect(compareWithGdal(storedFeatures(backend, 'border_track'), gdalRead(at('border_track.gpx'), 'tracks'))).toEqual([]);
  });
});

describe('a GPS export with waypoints, a route and tracks', () => {
  let layers: string[];
  beforeAll(async () => {
    layers = (await backend['import.run']({ paths: [at('patrol.gpx')], options: {} })).map((s) => s.layer);
  });

  it('is three layers, named after the file and the kind', () => {
    expect(layers).toEqual(['patrol_waypoints', 'patrol_routes', 'patrol_tracks']);
  });

  it('each as GDAL reads it', () => {
    expect(compareWithGdal(storedFeatures(backend, 'patrol_waypoints'), gdalRead(at('patrol.gpx'), 'waypoints'), { times: ['time'], rename: { link1_href: 'link' }, ignore: ['link1_text'] })).toEqual([]);
    expect(compareWithGdal(storedFeatures(backend, 'patrol_routes'), gdalRead(at('patrol.gpx'), 'routes'))).toEqual([]);
    expect(compareWithGdal(storedFeatures(backend, 'patrol_tracks'), gdalRead(at('patrol.gpx'), 'tracks'))).toEqual([]);
  });

  it('a track keeps the time of every point (GDAL track_points), per segment, and its first and last time', () => {
    const points = gdalRead(at('patrol.gpx'), 'track_points');
    const tracks = storedFeatures(backend, 'patrol_tracks');
    tracks.forEach((t, fid) => {
      const mine = points.filter((p) => p.properties!.track_fid === fid);
      const segments = [...new Set(mine.map((p) => p.properties!.track_seg_id as number))];
      const times = segments.map((s) => mine.filter((p) => p.properties!.track_seg_id === s).map((p) => (p.properties!.time ?? null) as string | null));
      const ours = (segments.length === 1 ? [t.properties.coordTimes] : t.properties.coordTimes) as (string | null)[][];
      expect(ours.map((seg) => seg.map((x) => (x === null ? null : Date.parse(x))))).toEqual(times.map((seg) => seg.map((x) => (x === null ? null : Date.parse(x)))));
      const all = times.flat().filter((x): x is string => x !== null);
      expect(Date.parse(String(t.properties.time_begin))).toBe(Date.parse(all[0]));
      expect(Date.parse(String(t.properties.time_end))).toBe(Date.parse(all[all.length - 1]));
    });
    // The untimed point (the 8th of the first track) is null in its place.
    expect((tracks[0].properties.coordTimes as unknown[])[7]).toBeNull();
  });

  it('one kind alone with the option table', async () => {
    const [s, ...rest] = await backend['import.run']({ paths: [at('patrol.gpx')], options: { table: 'tracks', layer: 'solo' } });
    expect(rest).toEqual([]);
    expect(s).toMatchObject({ layer: 'solo', featureCount: 2 });
    const err = await backend['import.run']({ paths: [at('patrol.gpx')], options: { table: 'rutas' } }).catch((e: unknown) => e);
    expect(String(err)).toMatch(/patrol\.gpx: the GPX has no layer "rutas"; it holds waypoints, routes, tracks/);
  });

  it('the import dialog is offered the three', async () => {
    const p = await backend['import.preview']({ path: at('patrol.gpx') });
    expect(p.layers).toEqual(['waypoints', 'routes', 'tracks']);
  });
});

describe('a GPX in the encoding its XML declaration names (ISO-8859-1, as older GPS exports are)', () => {
  it('reads accents as GDAL does, whole or fed a byte at a time', async () => {
    const text = '<?xml version="1.0" encoding="ISO-8859-1"?>\n<gpx version="1.1" creator="eTrex"><wpt lat="32.4561" lon="-114.7717"><name>San Luis Río Colorado</name><desc>Garita, señal débil</desc></wpt></gpx>\n';
    fs.writeFileSync(at('latin1.gpx'), Buffer.from(text, 'latin1'));
    await backend['import.run']({ paths: [at('latin1.gpx')], options: {} });
    const ours = storedFeatures(backend, 'latin1');
    expect(compareWithGdal(ours, gdalRead(at('latin1.gpx'), 'waypoints'))).toEqual([]);
    expect(ours[0].properties).toMatchObject({ name: 'San Luis Río Colorado', desc: 'Garita, señal débil' });
    const records: RawRecord[] = [];
    const parser = createGpxParser('waypoints')({ fileName: 'latin1.gpx' }, { onRecord: (r) => records.push(r), onProblem: (p) => expect.fail(p.reason) });
    for (const byte of fs.readFileSync(at('latin1.gpx'))) parser.push(new Uint8Array([byte]));
    parser.end();
    expect(records.map((r) => r.properties)).toEqual([ours[0].properties]);
  });
});

describe('GPX that must be refused, the workspace unchanged', () => {
  async function refusal(name: string, text: string): Promise<ImportError> {
    fs.writeFileSync(at(name), text);
    const before = backend.workspace.contentHash();
    const err = await backend['import.run']({ paths: [at(name)], options: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect(backend.workspace.contentHash()).toBe(before);
    return err as ImportError;
  }

  it('a waypoint without a number for its latitude is "waypoint N"', async () => {
    const err = await refusal('badlat.gpx', '<gpx><wpt lat="32.1" lon="-115"/><wpt lat="norte" lon="-115"/></gpx>');
    expect(err.problems[0]).toMatchObject({ location: 'waypoint 2', reason: 'the waypoint: lat="norte" is not a number' });
  });

  it('broken XML with line and column, a GPX with nothing in it, an XML bomb', async () => {
    expect((await refusal('broken.gpx', '<gpx>\n<wpt lat="1" lon="2"></wtp></gpx>')).problems[0]).toMatchObject({ location: expect.stringMatching(/^line 2, column/), reason: expect.stringMatching(/not well-formed XML/) });
    expect((await refusal('nothing.gpx', '<gpx version="1.1"><metadata><name>x</name></metadata></gpx>')).message).toMatch(/nothing\.gpx: the GPX holds no waypoint, route or track/);
    expect((await refusal('bomb.gpx', '<!DOCTYPE gpx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><gpx><wpt lat="1" lon="2"><name>&b;</name></wpt></gpx>')).message).toMatch(/bomb\.gpx: the DOCTYPE declares entities/);
  });
});
