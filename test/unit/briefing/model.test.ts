/**
 * The briefing model over the demo workspace with a DBSCAN and a Gi* run: what the page will
 * show (layers, legend, key figures, comparison, provenance), checked without a browser.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workspace } from '../../../electron/backend/store/workspace.ts';
import { SqliteStore } from '../../../electron/backend/store/sqliteStore.ts';
import { runAnalysis } from '../../../electron/backend/analysis/analysisService.ts';
import { briefingModel, checkBriefingOptions, recordBriefingPrint } from '../../../electron/backend/briefing/briefingModel.ts';
import { briefingModelOffThread } from '../../../electron/backend/briefing/modelOffThread.ts';
import { isUserError } from '../../../shared/errors.ts';
import { validateInput } from '../../../shared/api/contract.ts';
import { GI_BIN_COLORS, CLUSTER_COLOR } from '../../../shared/report/resultStyle.ts';
import { POINT_LIMIT, buildBriefingModel, heatGrid, readableTextOn } from '../../../shared/report/model.ts';
import { SLRC_SPIKE } from '../../../shared/demo/facts.ts';
import { categoryLabel } from '../../../shared/analysis/categoryLabels.ts';
import { demoWorkspace, tempDir } from '../analysisService/helpers.ts';

/** The municipality the planted 13 → 6 is counted in (the issue's contract). */
const SLRC_WITHIN = 'municipalities:nombre=San Luis Río Colorado';

describe('briefing model on the demo workspace', () => {
  const tmp = tempDir('frontera-brief-model-');
  let ws: Workspace;
  let store: SqliteStore;
  let dbscanId: number;
  let gistarId: number;
  const at = '2026-11-25T14:30:00Z';

  beforeAll(async () => {
    ws = demoWorkspace(path.join(tmp.dir, 'demo.frontera'));
    store = new SqliteStore(ws);
    dbscanId = (await runAnalysis(store, { kind: 'dbscan', layer: 'incidents', eps: 1500, minPoints: 8 })).run.id;
    gistarId = (await runAnalysis(store, { kind: 'gistar', layer: 'incidents' })).run.id;
  }, 120_000);

  afterAll(() => {
    ws?.close();
    tmp.cleanup();
  });

  it('names a layer a run refers to by id (corridors on the roads, as the panel sends it) by its name in the provenance', async () => {
    const roads = ws.getLayer('roads');
    const corridors = (await runAnalysis(store, { kind: 'corridors', layer: 'incidents', network: roads.id })).run.id;
    expect((ws.getAnalysis(corridors).params as { network: unknown }).network).toBe(roads.id);
    const m = await briefingModel(store, { analyses: [corridors], at });
    const params = JSON.parse(m.provenance.analyses[0].params) as Record<string, unknown>;
    expect(params.network).toBe('roads');
  }, 60_000);

  it('draws incidents by category, Gi* bins in the red/blue palette and labelled DBSCAN hulls', async () => {
    const m = await briefingModel(store, { analyses: [dbscanId, gistarId], at });
    const total = ws.getLayer('incidents').featureCount;
    expect(m.incidentCount).toBe(total);
    expect(m.dtg).toBe('251430ZNOV26');
    expect(m.page).toMatchObject({ size: 'letter', orientation: 'portrait', widthIn: 8.5, heightIn: 11 });
    expect(m.synthetic).toBe('SYNTHETIC — demonstration data');
    expect(m.notice).toBeNull();
    expect(m.banner).toBeNull();

    const kinds = m.layers.map((l) => l.kind);
    // Results over the incidents, which become light context: Gi* areas, then hull outlines.
    expect(kinds).toEqual(['incidents', 'gistar', 'dbscan']);
    const incidents = m.layers[0];
    expect(incidents.data.features).toHaveLength(total);
    expect(incidents.emphasis).toBe('context');
    const gi = m.layers[1];
    const bins = gi.data.features.map((f) => f.properties!.bin as number);
    expect(bins.length).toBeGreaterThan(0);
    expect(bins.every((b) => b !== 0)).toBe(true);
    const summary = ws.listAnalyses().find((a) => a.id === gistarId)!.summary as Record<string, number>;
    expect(bins.filter((b) => b === 3)).toHaveLength(summary.hot99);
    for (const f of gi.data.features) expect(f.properties!._color).toBe(GI_BIN_COLORS[f.properties!.bin as number]);

    const hulls = m.layers[2];
    const clusters = (ws.listAnalyses().find((a) => a.id === dbscanId)!.summary as { clusters: number }).clusters;
    expect(hulls.data.features).toHaveLength(clusters);
    expect(hulls.labels.length).toBe(Math.min(8, clusters));
    const top = (ws.listAnalyses().find((a) => a.id === dbscanId)!.summary as { top: { count: number }[] }).top[0];
    expect(hulls.labels[0]).toMatchObject({ text: `#1: ${top.count}`, color: CLUSTER_COLOR });

    // Legend: one entry per category present, counts adding up; the Gi* bins present.
    const cats = m.legend.find((g) => g.title === 'incidents')!;
    expect(cats.entries.reduce((n, e) => n + (e.count ?? 0), 0)).toBe(total);
    const commonest = [...ws.getLayer('incidents').categories].sort((a, b) => b.count - a.count)[0];
    expect(cats.entries[0]).toMatchObject({ label: categoryLabel(commonest.category), count: commonest.count });
    const giLegend = m.legend.find((g) => g.title.startsWith('Getis–Ord'))!;
    expect(giLegend.entries.map((e) => e.label)).toContain('Hot spot, 99 % confidence');
    expect(giLegend.entries.find((e) => e.label === 'Hot spot, 99 % confidence')!.count).toBe(summary.hot99);

    // Key figures: the largest hotspot with its count.
    const db = m.keyFigures.find((s) => s.title.startsWith('DBSCAN'))!;
    expect(db.rows.find((r) => r.label === 'Hotspot #1')!.value).toBe(`${top.count.toLocaleString('en-US')} incidents`);

    // Provenance names every input.
    expect(m.provenance.workspace.fingerprint).toBe(ws.fingerprint());
    expect(m.provenance.analyses.map((a) => a.id)).toEqual([dbscanId, gistarId]);
    expect(m.provenance.analyses[0].params).toContain('"eps":1500');
    expect(m.provenance.analyses[0].params).toContain('"minPoints":8');
    expect(m.provenance.analyses[0].inputFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(m.provenance.reproduce).toContain(`--analysis ${dbscanId} --analysis ${gistarId}`);
    expect(m.sources.some((s) => s.includes('SYNTHETIC'))).toBe(true);
  });

  it('states the period comparison with its p-value, and the planted SLRC homicide spike inside its municipality', async () => {
    const m = await briefingModel(store, {
      categories: ['homicide'],
      from: SLRC_SPIKE.before.from,
      to: SLRC_SPIKE.after.to,
      within: SLRC_WITHIN,
      compare: { split: SLRC_SPIKE.after.from, days: 8 },
      at,
    });
    expect(m.comparison).not.toBeNull();
    expect(m.comparison!.before.count).toBe(SLRC_SPIKE.before.count);
    expect(m.comparison!.after.count).toBe(SLRC_SPIKE.after.count);
    expect(m.comparison!.pValue).toBeGreaterThan(0);
    expect(m.comparison!.sentence).toMatch(/^Homicides fell from 13 to 6/);
    expect(m.comparison!.sentence).toContain('p = ');
    expect(m.incidentCount).toBe(SLRC_SPIKE.before.count + SLRC_SPIKE.after.count);
    expect(m.timeline!.total).toBe(m.incidentCount);
    expect(m.timeline!.bins.reduce((n, b) => n + b.total, 0)).toBe(m.incidentCount);
    expect(m.subtitle).toBe('2023-07-14 to 2023-07-29 (America/Tijuana)');
    expect(m.provenance.comparison!.request).toContain('"split":"2023-07-22"');
    expect(m.provenance.comparison!.request).toContain(`"within":"${SLRC_WITHIN}"`);
    expect(m.provenance.selection.within).toBe(SLRC_WITHIN);
    expect(m.provenance.reproduce).toContain(`--within '${SLRC_WITHIN}'`);
  });

  it('states an attribute filter in the selection line of the incidents and of each analysis, and reprints with it', async () => {
    const where = "municipio contains rio and tipo = 'Homicidio doloso'";
    const text = 'municipio contains "rio" and tipo = "Homicidio doloso"';
    // Counted on the stored properties directly, without the filter's code.
    let expected = 0;
    for (const f of ws.iterateFeatures(ws.getLayer('incidents').id)) {
      if (f.properties.municipio === 'San Luis Río Colorado' && f.properties.tipo === 'Homicidio doloso') expected++;
    }
    expect(expected).toBeGreaterThan(100);
    const id = (await runAnalysis(store, { kind: 'dbscan', layer: 'incidents', eps: 1500, minPoints: 8, selection: { where } })).run.id;
    const m = await briefingModel(store, { analyses: [id], where, at });
    expect(m.incidentCount).toBe(expected);
    expect(m.provenance.selection.where).toBe(text);
    expect(m.provenance.analyses[0].selection).toBe(`incidents; filter ${text}; ${expected} incidents`);
    expect(m.provenance.reproduce).toContain(`--where '${where.replace(/'/g, `'\\''`)}'`);
    const es = await briefingModel(store, { analyses: [id], where, at, language: 'es' });
    expect(es.provenance.analyses[0].selection).toContain(`filtro ${text}`);
  });

  it('refuses a --within that names no polygon before reading incidents', async () => {
    await expect(checkBriefingOptions(store, { within: 'municipalities:nombre=Tijuana' })).rejects.toThrow(
      /--within municipalities:nombre=Tijuana: no polygon matches in layer "municipalities"/,
    );
    await expect(checkBriefingOptions(store, { within: 'roads' })).rejects.toThrow(/not polygons/);
  });

  it('prints an empty selection with the notice instead of failing', async () => {
    const m = await briefingModel(store, { from: '2030-01-01', at });
    expect(m.incidentCount).toBe(0);
    expect(m.notice).toBe('No incidents in this selection (2030-01-01 to … (America/Tijuana)).');
    expect(m.notice).toContain('2030-01-01');
    expect(m.layers.some((l) => l.kind === 'incidents')).toBe(false);
    expect(m.timeline).toBeNull();
    expect(m.extent.every(Number.isFinite)).toBe(true);
  });

  it('honours page, banner, bbox and reference layers, and records a print in the audit log', async () => {
    const m = await briefingModel(store, {
      page: 'a3',
      orientation: 'landscape',
      banner: 'UNCLASSIFIED // FOR OFFICIAL USE ONLY',
      bbox: [-115.0, 32.3, -114.6, 32.6],
      layers: ['incidents', 'roads', 'municipalities'],
      at,
    });
    expect(m.page.widthIn * 72).toBeCloseTo(1190.55, 1);
    expect(m.page.heightIn * 72).toBeCloseTo(841.89, 1);
    expect(m.banner).toEqual({ text: 'UNCLASSIFIED // FOR OFFICIAL USE ONLY', color: '#007a33', textColor: '#ffffff' });
    expect(m.extent).toEqual([-115.0, 32.3, -114.6, 32.6]);
    expect(m.layers.map((l) => l.kind)).toEqual(['lines', 'polygons', 'incidents']);
    const inside = m.keyFigures[0].rows.find((r) => r.label === 'of them inside the map');
    expect(inside).toBeDefined();
    expect(Number(inside!.value.replace(/,/g, ''))).toBeLessThan(m.incidentCount);

    const before = ws.listAudit(1)[0]?.id ?? 0;
    const id = await recordBriefingPrint(store, 'test', { out: '/tmp/x.pdf', format: 'pdf', pages: 1, model: m, options: { page: 'a3' }, host: 'test' });
    const entry = ws.listAudit(1)[0];
    expect(entry.id).toBe(id);
    expect(id).toBeGreaterThan(before);
    expect(entry.action).toBe('briefing.print');
    expect(entry.details).toMatchObject({ options: { page: 'a3' }, workspaceFingerprint: ws.fingerprint(), banner: 'UNCLASSIFIED // FOR OFFICIAL USE ONLY' });
  });

  it('builds the same model on a worker thread, and passes its user errors on as such', async () => {
    const now = new Date('2026-11-25T14:30:00Z');
    const options = { analyses: [dbscanId, gistarId], compare: { split: '2024-07-01', days: 28 } };
    const pending = briefingModelOffThread(store, options, now);
    expect(JSON.stringify(await pending.model)).toBe(JSON.stringify(await briefingModel(store, options, now)));
    await expect(briefingModelOffThread(store, { analyses: [9999] }).model).rejects.toSatisfy(
      (e: unknown) => isUserError(e) && /no analysis|9999/.test((e as Error).message),
    );
  }, 60_000);

  it('rejects unknown analyses and layers as user errors, and bad options at the API boundary', async () => {
    await expect(briefingModel(store, { analyses: [999] })).rejects.toThrow(/no analysis 999/);
    await expect(briefingModel(store, { layers: ['nope'] })).rejects.toThrow(/no layer "nope"/);
    expect(() => validateInput('briefing.model', { page: 'a5' })).toThrow(/page/);
    expect(() => validateInput('briefing.model', { bannerColor: 'red; x' })).toThrow(/bannerColor/);
  });
});

describe('buildBriefingModel without a workspace', () => {
  it('bins a layer above the point limit to a weighted heatmap grid', () => {
    const n = POINT_LIMIT * 4;
    const lon = new Float64Array(n);
    const lat = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      lon[i] = -115 + (i % 100) * 0.001;
      lat[i] = 32.3 + Math.floor(i / 100) * 0.001;
    }
    const layer = {
      id: 1, name: 'big', geometryType: 'Point' as const, featureCount: n, bbox: null, fields: [], sourceFile: 'x.csv', sourceFormat: 'csv',
      sourceCrs: 'EPSG:4326', fingerprint: 'f'.repeat(64), importedAt: '', mapping: {}, metadata: {}, categories: [], timeRange: null,
    };
    const m = buildBriefingModel({
      workspace: { file: 'w.frontera', fingerprint: 'a'.repeat(64), timezone: 'UTC' },
      generatedAt: '2026-01-02T03:04:05.000Z',
      appVersion: 't',
      layerNames: { 1: 'big' },
      layers: [],
      incidents: {
        layer,
        points: { count: n, ids: new Float64Array(n), lon, lat, time: new Float64Array(n).fill(NaN), timePrecision: new Uint8Array(n), category: new Int32Array(n).fill(-1), categories: [], quantity: new Float64Array(n).fill(NaN), unit: new Int32Array(n).fill(-1), units: [], sourceIndex: new Float64Array(n) },
        selection: { from: null, to: null, categories: null, within: null },
      },
      analyses: [],
      comparison: null,
      timeline: null,
    });
    const heat = m.layers[0];
    expect(heat.kind).toBe('heatmap');
    expect(heat.data.features.length).toBeLessThanOrEqual(160 * 160);
    expect(heat.data.features.reduce((s, f) => s + (f.properties!.n as number), 0)).toBe(n);
    expect(Math.max(...heat.data.features.map((f) => f.properties!._weight as number))).toBe(1);
    expect(m.synthetic).toBeNull();
    expect(m.dtg).toBe('020304ZJAN26');
  });

  it('sizes the heat grid to the paper: cells about 7 px, square on the map, at most 160 a side', () => {
    // Letter portrait (7.7 in of map width) over the border zone: ~106 cells across.
    const b: [number, number, number, number] = [-115.87, 31.87, -114.03, 32.93];
    const g = heatGrid(b, 7.7);
    expect(g.nx).toBe(106);
    const cellW = (b[2] - b[0]) / g.nx;
    const cellH = (b[3] - b[1]) / g.ny;
    expect(Math.abs(cellH / (cellW * Math.cos((32.4 * Math.PI) / 180)) - 1)).toBeLessThan(0.02);
    // A wide sheet is capped; a tall extent is capped by its height.
    expect(heatGrid(b, 40).nx).toBe(160);
    const tall = heatGrid([-115, 30, -114.9, 34], 7.7);
    expect(tall.ny).toBe(160);
    expect(tall.nx).toBeLessThanOrEqual(160);
  });

  it('picks readable banner text', () => {
    expect(readableTextOn('#ffff00')).toBe('#000000');
    expect(readableTextOn('yellow')).toBe('#000000');
    expect(readableTextOn('#c8102e')).toBe('#ffffff');
    expect(readableTextOn('#fff')).toBe('#000000');
  });
});
