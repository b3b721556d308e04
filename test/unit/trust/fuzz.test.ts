/**
 * A fixed run of the import-reader fuzzer (scripts/fuzz.ts): the same inputs on any machine (a
 * seed and a count, not a time), and proof that its detectors work: an injected exception and an
 * injected infinite loop are both reported (the loop cut off by the watchdog) and the run goes
 * on. Speed is not judged here: the long run, `npm run fuzz -- --seconds N --seed S`, reports
 * inputs over its per-input bound, the slowest input and RSS.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSeeds, makeInput, runFuzz, TARGETS } from '../../../scripts/fuzz.ts';

const SEED = 20261125;
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-fuzz-test-'));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

describe('fuzzing the import readers (shapefile, GeoJSON, CSV, GeoPackage, KML, GPX, FlatGeobuf, Excel)', () => {
  it('starts from the real fixtures and makes the same input for the same seed and iteration', () => {
    const seeds = loadSeeds();
    expect(seeds.shapefile.map((s) => s.name)).toEqual(expect.arrayContaining([expect.stringMatching(/mun_02_26$/), expect.stringMatching(/populated_places/)]));
    expect(seeds.geojson.length).toBeGreaterThanOrEqual(5);
    expect(seeds.csv.length).toBeGreaterThanOrEqual(5);
    // KML and GPX as GDAL writes them: polygons, points and lines; waypoints, routes and a track.
    expect(seeds.kml.map((s) => s.name)).toEqual(['mun_02_26.kml', 'populated_places.kml', 'boundary_lines.kml']);
    expect(seeds.gpx.map((s) => s.name)).toEqual(['populated_places.gpx', 'boundary_routes.gpx', 'boundary_track.gpx']);
    // GeoPackages GDAL writes of the points, lines and Lambert polygons, the same bytes each time.
    expect(seeds.gpkg.map((s) => s.name)).toEqual([expect.stringMatching(/populated_places/), expect.stringMatching(/boundary_lines/), expect.stringMatching(/mun_02_26$/)]);
    expect(loadSeeds().gpkg.map((s) => s.bytes)).toEqual(seeds.gpkg.map((s) => s.bytes));
    // FlatGeobuf (points, lines without a spatial index, Lambert polygons) and Excel workbooks, as GDAL writes them.
    expect(seeds.fgb.map((s) => s.name)).toEqual(['populated_places', 'boundary_lines', 'mun_02_26']);
    expect(seeds.xlsx.map((s) => s.name)).toEqual(['ucdp_events', 'populated_places']);
    const a = makeInput(seeds, SEED, 41);
    const b = makeInput(seeds, SEED, 41);
    expect(b).toEqual(a);
    expect(makeInput(seeds, SEED, 44)).not.toEqual(a);
    expect(new Set(TARGETS.map((_, i) => makeInput(seeds, SEED, i).target))).toEqual(new Set(TARGETS));
    const gpkg = TARGETS.indexOf('gpkg');
    expect(makeInput(seeds, SEED, gpkg + 4 * TARGETS.length)).toEqual(makeInput(seeds, SEED, gpkg + 4 * TARGETS.length));
  });

  it('finds no uncaught exception and no input that runs the worker out of its heap in a fixed run', async () => {
    // No per-input bound: an input that never returns meets this test's timeout instead. A leak
    // or a blow-up meets the worker's heap limit: a 'memory' failure, whatever the GC's timing.
    const inputs = 2000 * TARGETS.length;
    const r = await runFuzz({ inputs, seed: SEED, limitMs: Number.POSITIVE_INFINITY, out: path.join(out, 'run') });
    console.log(
      `fuzz: ${r.iterations} inputs in ${r.seconds} s (${r.perSecond}/s; ${JSON.stringify(r.perTarget)}), ` +
        `accepted ${r.accepted}, refused ${r.refused}, slowest ${r.maxMillis} ms, RSS ${r.rssStartMb} → ${r.rssPeakMb} MB`,
    );
    expect(r.failures).toEqual([]);
    expect(r.iterations).toBe(inputs);
    for (const t of TARGETS) expect(r.perTarget[t], t).toBe(2000);
    // Both outcomes are exercised: damage the readers shrug off, and damage they refuse.
    expect(r.accepted).toBeGreaterThan(0);
    expect(r.refused).toBeGreaterThan(0);
  }, 300_000);

  it('reports an exception that is not a user error, with the input saved, and goes on', async () => {
    const r = await runFuzz({ inputs: 8, seed: SEED, limitMs: Number.POSITIVE_INFINITY, out: path.join(out, 'throw'), inject: { iter: 4, fault: 'throw' } });
    const f = r.failures.filter((x) => x.kind === 'exception');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ iter: 4, error: expect.stringMatching(/^TypeError: injected fault/) });
    expect(fs.existsSync(path.join(f[0].saved!, 'failure.json'))).toBe(true);
    expect(r.iterations).toBe(8);
  }, 120_000);

  it('cuts off an input that never returns, reports it as a hang and carries on in a new worker', async () => {
    const r = await runFuzz({ inputs: 4, seed: SEED, limitMs: 300, out: path.join(out, 'hang'), inject: { iter: 1, fault: 'hang' } });
    // The injected loop, cut off; the other inputs are not judged (a busy machine may hold one past 900 ms).
    expect(r.failures.filter((x) => x.iter === 1)).toEqual([expect.objectContaining({ kind: 'hang', error: 'no answer after 900 ms: worker terminated' })]);
    expect(r.restarts).toBeGreaterThanOrEqual(1);
    // A new worker went on from the input after the hung one, to the end.
    expect(r.iterations).toBe(4);
  }, 120_000);
});
