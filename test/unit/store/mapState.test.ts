/**
 * The map state in the workspace: the migrations that add its table (and move analysis results
 * to their own), from a workspace of every earlier schema version with its layers, features,
 * analyses and audit intact; and the API's save/get, which keeps exactly what was saved and
 * reads anything it cannot validate as none.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openBackend } from '../../../electron/backend/backend.ts';
import { SCHEMA_VERSION, migrations } from '../../../electron/backend/store/migrations.ts';
import { Workspace } from '../../../electron/backend/store/workspace.ts';
import type { MapState } from '../../../shared/api/mapState.ts';
import { validateInput } from '../../../shared/api/contract.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-mapstate-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A workspace file as version `v` of the schema wrote it, with a layer of two points, an analysis and an audit row. */
function workspaceAtVersion(file: string, v: number): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  for (const step of migrations.slice(0, v)) db.exec(step);
  db.pragma(`user_version = ${v}`);
  const set = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
  set.run('timezone', 'America/Hermosillo');
  set.run('created_at', '2026-01-05T10:00:00.000Z');
  set.run('app_version', '0.1.0');
  db.prepare(
    `INSERT INTO layers (id, name, source_file, source_format, source_crs, fields, geometry_type, feature_count,
       min_lon, min_lat, max_lon, max_lat, time_min, time_max, categories, fingerprint, imported_at, mapping, metadata)
     VALUES (1, 'incidentes', 'incidentes.csv', 'csv', 'EPSG:4326', '[{"name":"municipio","type":"string"}]', 'Point', 2,
       -114.78, 32.45, -114.77, 32.46, 1700000000000, 1700086400000, '[{"category":"homicidio","count":2}]', 'fp1',
       '2026-01-05T10:01:00.000Z', '{"category":"tipo"}', '{}')`,
  ).run();
  const feature = db.prepare(
    `INSERT INTO features (id, layer_id, source_index, lon, lat, geometry, properties, time, time_precision, category, quantity, unit)
     VALUES (?, 1, ?, ?, ?, NULL, ?, ?, 'datetime', 'homicidio', NULL, NULL)`,
  );
  feature.run(1, 0, -114.7717, 32.4561, '{"municipio":"San Luis Río Colorado"}', 1700000000000);
  feature.run(2, 1, -114.78, 32.45, '{"municipio":"San Luis Río Colorado"}', 1700086400000);
  db.prepare('INSERT INTO features_rtree (id, min_lon, max_lon, min_lat, max_lat) VALUES (?, ?, ?, ?, ?)').run(1, -114.7717, -114.7717, 32.4561, 32.4561);
  db.prepare('INSERT INTO features_rtree (id, min_lon, max_lon, min_lat, max_lat) VALUES (?, ?, ?, ?, ?)').run(2, -114.78, -114.78, 32.45, 32.45);
  const result = '{"geojson":{"type":"FeatureCollection","features":[]},"warnings":[]}';
  if (v < 4) {
    db.prepare(
      `INSERT INTO analyses (id, kind, layer_id, params, input_fingerprint, result, result_type, summary, created_at)
       VALUES (1, 'nni', 1, '{"kind":"nni","layer":"incidentes"}', 'in1', ?, 'json', '{"ratio":0.5}', '2026-01-05T10:02:00.000Z')`,
    ).run(result);
  } else {
    // From schema 4 on the result has a table of its own.
    db.prepare(
      `INSERT INTO analyses (id, kind, layer_id, params, input_fingerprint, summary, created_at)
       VALUES (1, 'nni', 1, '{"kind":"nni","layer":"incidentes"}', 'in1', '{"ratio":0.5}', '2026-01-05T10:02:00.000Z')`,
    ).run();
    db.prepare("INSERT INTO analysis_results (analysis_id, result, result_type) VALUES (1, ?, 'json')").run(result);
  }
  db.prepare(`INSERT INTO audit (at, actor, action, target, details) VALUES ('2026-01-05T10:01:00.000Z', 'cli', 'import', 'incidentes', '{}')`).run();
  db.close();
}

const STATE: MapState = {
  layers: [
    { id: 2, visible: false, opacity: 0.35, color: '#0072b2' },
    { id: 1, visible: true, opacity: 0.9, color: '#d55e00' },
  ],
  view: { center: [-114.7717, 32.4561], zoom: 10.25, bearing: 12.5, pitch: 0, bounds: [-115.2, 32.2, -114.3, 32.7] },
  timeWindow: { from: 1689318000000, to: 1689922800000 },
  panels: {
    activeLayerId: 1,
    tableLayerId: 1,
    analysisTool: 'dbscan',
    analysisPanelOpen: true,
    shownAnalyses: [{ id: 1, visible: false }],
    timeline: { layerId: 1, bin: 'day', collapsed: true, dayHour: true },
  },
  print: { banner: 'RESERVADO — USO OFICIAL', page: 'a4', orientation: 'landscape', language: 'es', format: 'pdf' },
};

describe('map state migration', () => {
  for (let v = 1; v < SCHEMA_VERSION; v++) {
    it(`opens a schema ${v} workspace: schema ${SCHEMA_VERSION}, every row as it was, no map state yet`, () => {
      const file = path.join(dir, `v${v}.frontera`);
      workspaceAtVersion(file, v);
      const ws = Workspace.open(file);
      try {
        expect(ws.schemaVersion).toBe(SCHEMA_VERSION);
        expect(ws.timezone).toBe('America/Hermosillo');
        const [layer] = ws.listLayers();
        expect(layer).toMatchObject({ id: 1, name: 'incidentes', featureCount: 2, fingerprint: 'fp1', geometryType: 'Point' });
        const rows = [...ws.iterateFeatures(1)];
        expect(rows.map((f) => [f.sourceIndex, f.geometry, f.properties.municipio, f.time, f.category])).toEqual([
          [0, { type: 'Point', coordinates: [-114.7717, 32.4561] }, 'San Luis Río Colorado', 1700000000000, 'homicidio'],
          [1, { type: 'Point', coordinates: [-114.78, 32.45] }, 'San Luis Río Colorado', 1700086400000, 'homicidio'],
        ]);
        expect(ws.countFeatures(1, { bbox: [-114.775, 32.455, -114.77, 32.46] })).toBe(1);
        // Time windows and location precision (schema 5): none on what was written before.
        expect(layer.timeWindows).toEqual({ count: 0, widestMs: null });
        expect(rows.some((f) => 'timeEnd' in f || 'precision' in f)).toBe(false);
        expect(Object.keys(ws.readPoints(1))).not.toContain('timeEnd');
        expect(ws.listAnalyses().map((a) => [a.id, a.kind, a.summary])).toEqual([[1, 'nni', { ratio: 0.5 }]]);
        // The result moved to its own table (schema 4), whole.
        expect(ws.getAnalysis(1).result).toEqual({ geojson: { type: 'FeatureCollection', features: [] }, warnings: [] });
        const columns = (ws.connection.prepare('PRAGMA table_info(analyses)').all() as { name: string }[]).map((c) => c.name);
        expect(columns).not.toContain('result');
        expect(ws.listAudit().map((a) => a.action)).toEqual(['import']);
        expect(ws.mapState()).toBeNull();
        ws.saveMapState('{"x":1}', 'test');
        expect(ws.mapState()?.state).toBe('{"x":1}');
      } finally {
        ws.close();
      }
    });
  }

  it('a new workspace has the table from the start', () => {
    const ws = Workspace.open(path.join(dir, 'new.frontera'), { create: true });
    try {
      expect(ws.mapState()).toBeNull();
      const tables = ws.connection.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name = 'map_state'").all();
      expect(tables).toHaveLength(1);
    } finally {
      ws.close();
    }
  });
});

describe('mapState.save / mapState.get', () => {
  it('gives back exactly what was saved, after the workspace is closed and opened again; the content hash follows it', async () => {
    const file = path.join(dir, 'w.frontera');
    workspaceAtVersion(file, SCHEMA_VERSION - 1);
    let b = openBackend(file);
    expect(await b['mapState.get']({})).toEqual({ state: null, savedAt: null });
    const before = b.workspace.contentHash();
    const { savedAt } = await b['mapState.save'](validateInput('mapState.save', STATE), { actor: 'web' });
    expect(b.workspace.contentHash()).not.toBe(before);
    // A layer's content fingerprint is about data, not how it is shown.
    expect(b.workspace.getLayer(1).fingerprint).toBe('fp1');
    b.close();
    b = openBackend(file);
    try {
      expect(await b['mapState.get']({})).toEqual({ state: STATE, savedAt });
      const row = b.workspace.connection.prepare('SELECT saved_by FROM map_state').get() as { saved_by: string };
      expect(row.saved_by).toBe('web');
    } finally {
      b.close();
    }
  });

  it('refuses a state that does not validate, naming the field', () => {
    expect(() => validateInput('mapState.save', { ...STATE, view: { ...STATE.view!, zoom: 40 } })).toThrow(/view\.zoom/);
    expect(() => validateInput('mapState.save', { ...STATE, layers: [{ id: 1, visible: true, opacity: 0.5, color: 'red' }] })).toThrow(/#rrggbb/);
    expect(() => validateInput('mapState.save', { ...STATE, timeWindow: { from: 5, to: 5 } })).toThrow(/timeWindow/);
  });

  it('reads a stored state it cannot validate (hand-edited, or from another version) as none', async () => {
    const b = openBackend(path.join(dir, 'x.frontera'), { create: true });
    try {
      b.workspace.saveMapState('{"layers": "not a list"}', 'test');
      expect((await b['mapState.get']({})).state).toBeNull();
      b.workspace.saveMapState('not json', 'test');
      expect((await b['mapState.get']({})).state).toBeNull();
    } finally {
      b.close();
    }
  });
});
