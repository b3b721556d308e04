/**
 * The geodesic areas a counts-per-area run keeps with the polygon layer (areaSizes.ts): the first
 * run over the 85 INEGI municipalities measures and keeps them, audited; the next run takes them
 * and gives exactly the first run's rows; kept areas of other polygons (another fingerprint) are
 * not taken. That a run takes what is kept is shown by planting doubled areas under the layer's
 * own fingerprint.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../../electron/backend/backend.ts';
import type { AnalysisDetail } from '../../../shared/api/contract.ts';
import type { AreaRow } from '../../../shared/analysis/areaRows.ts';
import { FIXTURES } from '../../support/gdalFiles.ts';
import { demoWorkspace, tempDir } from '../analysisService/helpers.ts';

const INEGI_SHP = path.join(FIXTURES, 'inegi-mun-lcc', 'sonora_bc', 'mun_02_26.shp');
const t = tempDir('frontera-area-sizes-');
let backend: Backend;

const req = { kind: 'areas', layer: 'incidents', by: 'inegi', nameField: 'NOMGEO' } as const;
const rows = (d: AnalysisDetail) => d.geojson.features.map((f) => f.properties as unknown as AreaRow);
async function run(): Promise<AreaRow[]> {
  const r = await backend['analysis.run'](req);
  return rows(await backend['analysis.get']({ id: r.id }));
}
const kept = () => backend.workspace.getLayer('inegi').metadata.areaSizes as { fingerprint: string; method: string; km2: string } | undefined;
/** The kept km² (float64 little-endian in base64), decoded here on their own. */
const km2Of = (text: string) => {
  const b = Buffer.from(text, 'base64');
  return Array.from({ length: b.length / 8 }, (_, i) => b.readDoubleLE(8 * i));
};
const km2Text = (values: number[]) => {
  const b = Buffer.alloc(values.length * 8);
  values.forEach((v, i) => b.writeDoubleLE(v, 8 * i));
  return b.toString('base64');
};
const plant = (value: unknown) => backend.workspace.setMetadataEntry(backend.workspace.getLayer('inegi').id, 'areaSizes', value, { actor: 'test', action: 'test', details: {} });

beforeAll(async () => {
  backend = new Backend(demoWorkspace(path.join(t.dir, 'demo.frontera')));
  await backend['import.run']({ paths: [INEGI_SHP], options: { layer: 'inegi' } });
}, 120_000);

afterAll(() => {
  backend?.close();
  t.cleanup();
});

describe('areas kept with the polygon layer', () => {
  it('are measured and kept by the first run, audited, and give the next run exactly its rows', async () => {
    expect(kept()).toBeUndefined();
    const first = await run();
    const k = kept()!;
    expect(k.fingerprint).toBe(backend.workspace.getLayer('inegi').fingerprint);
    expect(km2Of(k.km2)).toEqual(first.map((r) => r.areaKm2));
    expect(backend.workspace.listAudit(10).filter((e) => e.action === 'layer.areaSizes')).toHaveLength(1);
    const second = await run();
    expect(second).toEqual(first);
    // Nothing more to keep: no second audit entry.
    expect(backend.workspace.listAudit(10).filter((e) => e.action === 'layer.areaSizes')).toHaveLength(1);
  });

  it('are taken when kept for these polygons, and measured anew when kept for others', async () => {
    const measured = await run();
    const k = kept()!;
    plant({ ...k, km2: km2Text(km2Of(k.km2).map((v) => v * 2)) });
    const planted = await run();
    expect(planted.map((r) => r.areaKm2)).toEqual(measured.map((r) => r.areaKm2 * 2));
    expect(planted.map((r) => r.density)).toEqual(measured.map((r) => (r.count / (r.areaKm2 * 2)) * 100));
    plant({ ...k, fingerprint: 'other polygons', km2: km2Text(km2Of(k.km2).map((v) => v * 2)) });
    expect(await run()).toEqual(measured);
    // Nor are sizes of another number of polygons.
    plant({ ...k, km2: km2Text(km2Of(k.km2).slice(1).map((v) => v * 2)) });
    expect(await run()).toEqual(measured);
    // The measured areas replace what was kept for other polygons.
    expect(kept()).toEqual(k);
  });
});
