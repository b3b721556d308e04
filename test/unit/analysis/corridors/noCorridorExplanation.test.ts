/**
 * A corridor run that finds nothing says why, and its advice holds: on the demo workspace (free
 * mode, as the app and `frontera analyze corridors` run it) the min length it proposes is the
 * largest, to 100 m, that finds a corridor; on round blobs with no line it says they are hot spots,
 * not corridors; on a network it names the significance test. Checked by rerunning, not by reading
 * our own numbers back.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../../electron/backend/store/sqliteStore.ts';
import { runAnalysis } from '../../../../electron/backend/analysis/analysisService.ts';
import type { Workspace } from '../../../../electron/backend/store/workspace.ts';
import { runCorridors } from '../../../../shared/analysis/run/runCorridors.ts';
import type { PointColumns } from '../../../../shared/model/points.ts';
import { generateIncidents } from '../../../../shared/synth/incidents.ts';
import { blobsOnlySpec } from '../../../../shared/synth/presets.ts';
import { demoWorkspace, tempDir } from '../../analysisService/helpers.ts';

function columns(lon: Float64Array, lat: Float64Array): PointColumns {
  const n = lon.length;
  return {
    count: n,
    ids: Float64Array.from({ length: n }, (_, i) => i + 1),
    lon,
    lat,
    time: new Float64Array(n).fill(Number.NaN),
    timePrecision: new Uint8Array(n),
    category: new Int32Array(n).fill(-1),
    categories: [],
    quantity: new Float64Array(n).fill(Number.NaN),
    unit: new Int32Array(n).fill(-1),
    units: [],
    sourceIndex: Float64Array.from({ length: n }, (_, i) => i),
  };
}

describe('a corridor run that finds nothing says why', () => {
  const t = tempDir('frontera-no-corridor-');
  let ws: Workspace;
  beforeAll(() => {
    ws = demoWorkspace(path.join(t.dir, 'demo.frontera'));
  });
  afterAll(() => {
    ws.close();
    t.cleanup();
  });

  it('free mode, min length beyond every strand: names the longest strand and a min length that finds it, which a rerun confirms', async () => {
    const free = (minLength: number) => runAnalysis(new SqliteStore(ws), { kind: 'corridors', layer: 'incidents', minLength });
    const none = (await free(300_000)).run.summary;
    expect(none.corridors).toBe(0);
    const text = String(none.explanation);
    const m = /^0 corridors: no cluster longer than 300 km and 3 × its width at eps ([\d,]+) m — the longest of (\d+) strands is ([\d.]+) km, ([\d.]+) × its width; try a min length of ([\d,]+) m \(--min-length (\d+)\); or a network layer \(--network\)$/.exec(text);
    expect(m, text).not.toBeNull();
    const advised = Number(m![6]);
    expect(Number(m![5].replace(/,/g, ''))).toBe(advised);
    expect(Math.abs(Number(m![3]) * 1000 - advised)).toBeLessThan(150);
    // The advice finds a corridor; 100 m more does not: the longest strand lies in between.
    expect((await free(advised)).run.summary.corridors).toBeGreaterThan(0);
    const past = (await free(advised + 100)).run.summary;
    expect(past.corridors).toBe(0);
    expect(past.explanation).toContain(`the longest of ${m![2]} strands is ${m![3]} km`);
    // A run that finds corridors explains nothing.
    expect((await free(advised)).run.summary.explanation).toBeUndefined();
  });

  it('network mode, a bandwidth too narrow for any stretch to stand out: names the test, the incidents snapped and the setting to change', async () => {
    const { run } = await runAnalysis(new SqliteStore(ws), { kind: 'corridors', layer: 'incidents', network: 'roads', snap: 30, bandwidth: 20 });
    const s = run.summary as { corridors: number; significantLixels: number; incidents: number; unsnapped: { count: number }; explanation?: string };
    expect(s.corridors).toBe(0);
    expect(s.significantLixels).toBe(0);
    expect(s.explanation).toBe(
      `0 corridors: of the ${(s.incidents - s.unsnapped.count).toLocaleString('en-US')} incidents snapped to the network, no stretch of 100 m holds ` +
        'significantly more within 20 m along the lines than incidents spread evenly along the network would (FDR); try a larger bandwidth (--bandwidth), or free corridors (no network)',
    );
  });

  it('round blobs and a background, no line: says they are hot spots, and DBSCAN or kernel density shows them', () => {
    const data = generateIncidents(blobsOnlySpec(20_000), 1);
    const out = runCorridors({ kind: 'corridors', layer: 'x' }, { points: columns(data.lon, data.lat), tz: 'UTC' }, {});
    expect(out.summary.corridors).toBe(0);
    // Seed 1: 4 incidents in dense, elongated neighbourhoods, too few for a strand of 3 × 5.
    expect(out.summary.explanation).toMatch(
      /^0 corridors: 4 incidents lie in neighbourhoods both dense and elongated, but no 15 of them join at eps [\d,]+ m: too few to make a line; DBSCAN or kernel density shows hot spots, a network layer \(--network\) corridors along its lines$/,
    );
  });
});
