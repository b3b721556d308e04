/**
 * A bounded run of the import-reader fuzzer (scripts/fuzz.ts) with a fixed seed, and proof
 * that its detectors work: an injected exception and an injected infinite loop are both
 * reported (the loop cut off by the watchdog) and the run goes on. The long run is
 * `npm run fuzz -- --seconds N --seed S`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSeeds, makeInput, runFuzz, TARGETS } from '../../../scripts/fuzz.ts';

const SEED = 20261125;
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-fuzz-test-'));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

describe('fuzzing the shapefile, GeoJSON, CSV and GeoPackage readers', () => {
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
    const a = makeInput(seeds, SEED, 41);
    const b = makeInput(seeds, SEED, 41);
    expect(b).toEqual(a);
    expect(makeInput(seeds, SEED, 44)).not.toEqual(a);
    expect(new Set(TARGETS.map((_, i) => makeInput(seeds, SEED, i).target))).toEqual(new Set(TARGETS));
    const gpkg = TARGETS.indexOf('gpkg');
    expect(makeInput(seeds, SEED, gpkg + 4 * TARGETS.length)).toEqual(makeInput(seeds, SEED, gpkg + 4 * TARGETS.length));
  });

  it('finds no uncaught exception, no input over 2 s and no memory growth in a bounded run', async () => {
    const r = await runFuzz({ seconds: 25, seed: SEED, out: path.join(out, 'run') });
    console.log(
      `fuzz: ${r.iterations} inputs in ${r.seconds} s (${r.perSecond}/s; ${JSON.stringify(r.perTarget)}), ` +
        `accepted ${r.accepted}, refused ${r.refused}, slowest ${r.maxMillis} ms, RSS ${r.rssStartMb} → ${r.rssPeakMb} MB`,
    );
    expect(r.failures).toEqual([]);
    for (const t of TARGETS) expect(r.perTarget[t], t).toBeGreaterThanOrEqual(30);
    // Both outcomes are exercised: damage the readers shrug off, and damage they refuse.
    expect(r.accepted).toBeGreaterThan(0);
    expect(r.refused).toBeGreaterThan(0);
    expect(r.maxMillis).toBeLessThan(2000);
    expect(r.rssGrowthMb).toBeLessThan(256);
  }, 60_000);

  it('reports an exception that is not a user error, with the input saved, and goes on', async () => {
    const r = await runFuzz({ seconds: 6, seed: SEED, out: path.join(out, 'throw'), inject: { iter: 4, fault: 'throw' } });
    const f = r.failures.filter((x) => x.kind === 'exception');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ iter: 4, error: expect.stringMatching(/^TypeError: injected fault/) });
    expect(fs.existsSync(path.join(f[0].saved!, 'failure.json'))).toBe(true);
    expect(r.iterations).toBeGreaterThan(5);
  }, 30_000);

  it('cuts off an input that never returns, reports it as a hang and carries on in a new worker', async () => {
    const r = await runFuzz({ seconds: 8, seed: SEED, limitMs: 300, out: path.join(out, 'hang'), inject: { iter: 1, fault: 'hang' } });
    const hangs = r.failures.filter((x) => x.kind === 'hang');
    expect(hangs).toHaveLength(1);
    expect(hangs[0]).toMatchObject({ iter: 1, error: 'no answer after 900 ms: worker terminated' });
    expect(r.restarts).toBeGreaterThanOrEqual(1);
    // The second worker went on from the input after the hung one.
    expect(r.iterations).toBeGreaterThan(2);
  }, 30_000);
});
