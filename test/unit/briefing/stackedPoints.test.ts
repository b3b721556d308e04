/**
 * The briefing of runs on the demo's town-centre stacks (issue 17): a cluster on one spot is a
 * circle sized by its incidents with a legend entry of its own, and the provenance says which
 * records a run left out as imprecise (Exclude stacked points, Precision ≤), in English and
 * Spanish, with the counts the run's selection stored.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workspace } from '../../../electron/backend/store/workspace.ts';
import { SqliteStore } from '../../../electron/backend/store/sqliteStore.ts';
import { runAnalysis } from '../../../electron/backend/analysis/analysisService.ts';
import { briefingModel } from '../../../electron/backend/briefing/briefingModel.ts';
import { briefingLayerSpecs } from '../../../renderer/briefing/briefingLayers.ts';
import { describeSelection } from '../../../renderer/analysis/describeParams.ts';
import { pointClusterRadius } from '../../../shared/report/resultStyle.ts';
import { demoWorkspace, tempDir } from '../analysisService/helpers.ts';

describe('briefing of runs on stacked points', () => {
  const tmp = tempDir('frontera-brief-stacks-');
  let ws: Workspace;
  let stacked: number;
  let excluded: number;
  let precise: number;
  const at = '2026-12-06T06:30:00Z';

  beforeAll(async () => {
    ws = demoWorkspace(path.join(tmp.dir, 'demo.frontera'));
    // eps 50 m, 30 points: Mexicali's 240-record stack is a cluster of its own, with no area.
    // By the layer's id, as the panel sends it.
    stacked = (await runAnalysis(new SqliteStore(ws), { kind: 'dbscan', layer: ws.getLayer('incidents').id, eps: 50, minPoints: 30 })).run.id;
    excluded = (await runAnalysis(new SqliteStore(ws), { kind: 'dbscan', layer: 'incidents', eps: 1500, minPoints: 8, selection: { excludeStacked: true } })).run.id;
    precise = (await runAnalysis(new SqliteStore(ws), { kind: 'dbscan', layer: 'incidents', eps: 1500, minPoints: 8, selection: { precisionMax: 1 } })).run.id;
  }, 120_000);

  afterAll(() => {
    ws?.close();
    tmp.cleanup();
  });

  it('draws the stacked cluster as a circle sized by its incidents, listed apart in the legend', async () => {
    const m = await briefingModel(new SqliteStore(ws), { analyses: [stacked], at });
    const layer = m.layers.find((l) => l.kind === 'dbscan')!;
    // The provenance names the incidents layer, not its id.
    expect(m.provenance.analyses[0].layer).toBe('incidents');
    const points = layer.data.features.filter((f) => f.geometry?.type === 'Point');
    expect(points.map((f) => f.properties!.count)).toEqual([240]);
    const legend = m.legend.find((g) => g.title.startsWith('DBSCAN'))!;
    const hulls = layer.data.features.length - points.length;
    expect(legend.entries.map((e) => [e.label, e.swatch, e.count])).toEqual([
      ['DBSCAN cluster (label: rank: incidents)', 'fill', hulls],
      ['DBSCAN cluster on one spot or a line (circle: incidents)', 'point', 1],
    ]);
    // The largest cluster's label is printed: the stack is #1, lifted above its circle; a hull's is not.
    expect(layer.labels[0]).toMatchObject({ text: '#1: 240', above: Math.round(pointClusterRadius(240) + 9) });
    expect(layer.labels[1].above).toBeUndefined();
    const circle = briefingLayerSpecs(layer).find((s) => s.type === 'circle')!;
    expect(circle.filter).toEqual(['==', ['geometry-type'], 'Point']);
  });

  it('names what a run left out in the provenance, as the map legend does, in English and Spanish', async () => {
    const en = await briefingModel(new SqliteStore(ws), { analyses: [excluded, precise], at });
    const total = ws.getLayer('incidents').featureCount;
    const kept = (total - 300).toLocaleString('en-US');
    expect(en.provenance.analyses.map((a) => a.selection)).toEqual([
      `incidents; stacked points left out (300 records); ${kept} incidents`,
      `incidents; location precision ≤ 1 (300 records left out); ${kept} incidents`,
    ]);
    const es = await briefingModel(new SqliteStore(ws), { analyses: [excluded, precise], at, language: 'es' });
    expect(es.provenance.analyses.map((a) => a.selection)).toEqual([
      `incidents; puntos apilados excluidos (300 registros); ${kept} incidentes`,
      `incidents; precisión de ubicación ≤ 1 (300 registros excluidos); ${kept} incidentes`,
    ]);
    const legendText = (id: number) => describeSelection(ws.getAnalysis(id).params as Record<string, unknown>, 'America/Tijuana');
    expect(legendText(excluded)).toBe('all times · all categories · stacked points left out (300 records)');
    expect(legendText(precise)).toBe('all times · all categories · precision ≤ 1 (300 records left out)');
  });
});
