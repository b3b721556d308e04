/**
 * KML and KMZ out, read back by GDAL (the reader QGIS and ArcGIS use; Google Earth's own is not
 * scriptable): layers of points (2,000 generated incidents in categories), polygons (the INEGI
 * municipalities) and a DBSCAN result are written by Frontera, and what ogr2ogr reads of the
 * KML/KMZ is compared with what it reads of Frontera's GeoJSON export of the same item — same
 * features, attributes (typed by the Schema) and positions. GDAL must also see the category
 * styles: each placemark's style is the colour the briefing map gives its category, a result's
 * the colour of its hulls or cells on the map. A result's provenance is in the Document; several items are a Folder (a GDAL layer) each; and our own
 * reader reads the files back.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { openBackend, type Backend } from '../../../electron/backend/backend.ts';
import { validateInput, type AnalysisRun, type LayerInfo } from '../../../shared/api/contract.ts';
import { CLUSTER_COLOR, GI_BIN_COLORS, UNCATEGORIZED_COLOR, categoryColor } from '../../../shared/report/resultStyle.ts';
import { writePoints } from '../../../scripts/gen-points.ts';
import { SHAPEFILE_BASES } from '../../corpus/generate.ts';
import { compareWithGdal, gdalRead, storedFeatures } from '../../support/gdalPeer.ts';

/** Fields GDAL's LIBKML driver makes of KML's own elements (Name is our name-like field again). */
const LIBKML_OWN = ['Name', 'description', 'timestamp', 'begin', 'end', 'altitudeMode', 'tessellate', 'extrude', 'visibility', 'drawOrder', 'icon', 'snippet'];

let dir: string;
let backend: Backend;
let incidents: LayerInfo;
let mun: LayerInfo;
let dbscan: AnalysisRun;
const at = (name: string) => path.join(dir, name);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-kml-export-'));
  backend = openBackend(at('w.frontera'), { create: true });
  writePoints(at('incidents.csv'), 2000, 17);
  await backend['import.run']({ paths: [at('incidents.csv')], options: {} });
  await backend['import.run']({ paths: [`${SHAPEFILE_BASES.mun}.shp`], options: { layer: 'municipios' } });
  incidents = backend.workspace.findLayer('incidents')!;
  mun = backend.workspace.findLayer('municipios')!;
  dbscan = await backend['analysis.run']({ kind: 'dbscan', layer: 'incidents', eps: 1500, minPoints: 25 });
}, 120_000);

afterAll(() => {
  backend?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** GDAL's reading of Frontera's own GeoJSON export of a layer: the reference for attributes. */
async function geojsonReference(layerId: number, name: string) {
  await backend['export.layer']({ layerId, out: at(`${name}.geojson`) });
  return gdalRead(at(`${name}.geojson`), undefined, ['-oo', 'DATE_AS_STRING=YES']);
}

describe('a point layer in categories as KML', () => {
  let written: Awaited<ReturnType<Backend['export.layer']>>;
  beforeAll(async () => {
    written = await backend['export.layer']({ layerId: incidents.id, out: at('incidents.kml') });
  });

  it('GDAL reads the same 2,000 features and attributes as from the GeoJSON export', async () => {
    expect(written).toMatchObject({ count: 2000, files: [at('incidents.kml')] });
    const kml = gdalRead(at('incidents.kml'));
    expect(compareWithGdal(await geojsonReference(incidents.id, 'incidents'), kml, { ignore: LIBKML_OWN, times: ['time'] })).toEqual([]);
    // Typed by the Schema: GDAL reads numbers as numbers, and the placemark's name from the id.
    expect(typeof kml[0].properties!.cantidad).toBe('number');
    expect(typeof kml[0].properties!.source_index).toBe('number');
    expect(kml[0].properties!.Name).toBe('INC-0000001');
  });

  it('every placemark is styled in its category’s colour on the briefing map, and GDAL sees the styles', () => {
    const order = incidents.categories.map((c) => c.category);
    expect(order.length).toBeGreaterThan(3);
    // GDAL resolves each placemark's styleUrl to its style: symbol and line in the colour, fill at 30 %.
    const styled = gdalRead(at('incidents.kml'), undefined, ['--config', 'LIBKML_RESOLVE_STYLE', 'YES', '-sql', 'SELECT OGR_STYLE, category FROM incidents']);
    expect(styled).toHaveLength(2000);
    for (const f of styled) {
      const k = order.indexOf(String(f.properties!.category));
      const hex = (k < 0 ? UNCATEGORIZED_COLOR : categoryColor(k)).toUpperCase();
      expect(f.properties!.OGR_STYLE, String(f.properties!.category)).toBe(`PEN(c:${hex}FF,w:2.000000px);BRUSH(fc:${hex}4D);SYMBOL(c:${hex}FF,s:1.000000)`);
    }
  });

  it('reads back through our own reader with the same positions and typed attributes', async () => {
    await backend['import.run']({ paths: [at('incidents.kml')], options: { layer: 'again' } });
    const back = storedFeatures(backend, 'again');
    const orig = storedFeatures(backend, 'incidents');
    expect(back).toHaveLength(orig.length);
    back.forEach((f, k) => {
      expect(f.geometry).toEqual(orig[k].geometry);
      expect(f.properties).toMatchObject({ ...orig[k].properties, name: orig[k].properties.id, source_index: orig[k].sourceIndex });
      expect(f.category).toBe(orig[k].category);
      expect(f.time).toBe(orig[k].time);
    });
  });
});

describe('polygons and a result as KMZ', () => {
  it('the municipalities: a zip whose doc.kml GDAL reads as the GeoJSON export, in their colour on the map', async () => {
    // A layer without categories is drawn in the colour the analyst gave it on the map.
    await backend['mapState.save'](
      validateInput('mapState.save', {
        layers: [{ id: mun.id, visible: true, opacity: 1, color: '#1b7837' }],
        view: null,
        timeWindow: null,
        panels: {
          activeLayerId: null,
          tableLayerId: null,
          analysisTool: null,
          analysisPanelOpen: false,
          shownAnalyses: [],
          timeline: { layerId: null, bin: 'week', collapsed: false, dayHour: false },
        },
        print: {},
      }),
    );
    const r = await backend['export.layer']({ layerId: mun.id, out: at('municipios.kmz') });
    expect(r.count).toBe(85);
    expect(Object.keys(unzipSync(new Uint8Array(fs.readFileSync(at('municipios.kmz')))))).toEqual(['doc.kml']);
    const kmz = gdalRead(at('municipios.kmz'));
    expect(compareWithGdal(await geojsonReference(mun.id, 'municipios'), kmz, { ignore: LIBKML_OWN, times: ['time'] })).toEqual([]);
    expect(kmz.map((f) => f.properties!.Name)).toContain('San Luis Río Colorado');
    const styles = gdalRead(at('municipios.kmz'), undefined, ['--config', 'LIBKML_RESOLVE_STYLE', 'YES', '-sql', 'SELECT OGR_STYLE FROM municipios']);
    expect(new Set(styles.map((f) => f.properties!.OGR_STYLE))).toEqual(new Set(['PEN(c:#1B7837FF,w:2.000000px);BRUSH(fc:#1B78374D);SYMBOL(c:#1B7837FF,s:1.000000)']));
  });

  it('a DBSCAN result with its provenance in the Document, nothing beside the file', async () => {
    const r = await backend['export.analysis']({ id: dbscan.id, out: at('dbscan.kmz') });
    expect(r.files).toEqual([at('dbscan.kmz')]);
    await backend['export.analysis']({ id: dbscan.id, out: at('dbscan.geojson') });
    const reference = gdalRead(at('dbscan.geojson'), undefined, ['-oo', 'DATE_AS_STRING=YES']);
    expect(reference.length).toBeGreaterThan(0);
    // Objects (counts by category) travel as JSON text in KML.
    expect(compareWithGdal(reference, gdalRead(at('dbscan.kmz')), { ignore: LIBKML_OWN, times: ['first_time', 'last_time'] })).toEqual([]);
    const doc = new TextDecoder().decode(unzipSync(new Uint8Array(fs.readFileSync(at('dbscan.kmz'))))['doc.kml']);
    const value = /<Data name="frontera_provenance_dbscan_\d+">.*?<value>(.*?)<\/value>/s.exec(doc)?.[1];
    const provenance = JSON.parse(value!.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')) as Record<string, unknown>;
    expect(provenance).toMatchObject({ analysisId: dbscan.id, kind: 'dbscan', params: { eps: 1500, minPoints: 25 }, input: { layer: 'incidents', inputFingerprint: dbscan.inputFingerprint } });
  });

  it('results in the colours the map and the briefing give them: DBSCAN hulls purple, Gi* cells by their bin, as GDAL resolves the styles', async () => {
    const style = (hex: string) => `PEN(c:${hex.toUpperCase()}FF,w:2.000000px);BRUSH(fc:${hex.toUpperCase()}4D);SYMBOL(c:${hex.toUpperCase()}FF,s:1.000000)`;
    await backend['export.analysis']({ id: dbscan.id, out: at('dbscan-styled.kml') });
    const hulls = gdalRead(at('dbscan-styled.kml'), undefined, ['--config', 'LIBKML_RESOLVE_STYLE', 'YES', '-sql', `SELECT OGR_STYLE FROM dbscan_${dbscan.id}`]);
    expect(hulls.length).toBeGreaterThan(0);
    expect(new Set(hulls.map((f) => f.properties!.OGR_STYLE))).toEqual(new Set([style(CLUSTER_COLOR)]));

    const gi = await backend['analysis.run']({ kind: 'gistar', layer: 'incidents', cellSize: 2000 });
    await backend['export.analysis']({ id: gi.id, out: at('gistar.kml') });
    const cells = gdalRead(at('gistar.kml'), undefined, ['--config', 'LIBKML_RESOLVE_STYLE', 'YES', '-sql', `SELECT OGR_STYLE, gi_bin FROM gistar_${gi.id}`]);
    const bins = new Set(cells.map((f) => Number(f.properties!.gi_bin)));
    // Hot and not-significant cells at least: the colours are told apart by bin.
    expect(bins.size).toBeGreaterThan(1);
    for (const f of cells) expect(f.properties!.OGR_STYLE).toBe(style(GI_BIN_COLORS[Number(f.properties!.gi_bin)]));
  });
});

describe('several items in one KML', () => {
  it('a Folder each, each a layer for GDAL with its features; our reader keeps the folder', async () => {
    const r = await backend['export.items']({ layers: [incidents.id, mun.id], analyses: [dbscan.id], out: at('all.kml') });
    const clusters = gdalRead(at('dbscan.geojson')).length;
    expect(r.count).toBe(2000 + 85 + clusters);
    expect(gdalRead(at('all.kml'), 'incidents')).toHaveLength(2000);
    expect(gdalRead(at('all.kml'), 'municipios')).toHaveLength(85);
    expect(gdalRead(at('all.kml'), `dbscan_${dbscan.id}`)).toHaveLength(clusters);
    expect(fs.readFileSync(at('all.kml'), 'utf8')).toMatch(/<Data name="frontera_provenance_dbscan_\d+">/);
    const [s] = await backend['import.run']({ paths: [at('all.kml')], options: { layer: 'todo', skipInvalid: true } });
    expect(s.featureCount).toBe(2000 + 85 + clusters);
    const folders = new Set(storedFeatures(backend, 'todo').map((f) => f.properties.folder));
    expect(folders).toEqual(new Set(['incidents', 'municipios', `dbscan_${dbscan.id}`]));
  });
});
