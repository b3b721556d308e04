/**
 * Gi* with its cells counted in a team workspace's database (issue 19; postgis/latticeSql.ts):
 * the demo workspace copied into a throwaway PostGIS cluster (test/support/pgCluster.ts), the
 * pushdown threshold lowered so SQL counts the cells, against the in-process run on the same
 * workspace file — hexagons and squares, several sizes, a time window with --within — and
 * points constructed exactly on cells' edges and vertices, which PROJ's projection and
 * Frontera's may put on either side. And the table's search, case and accents set aside, finding
 * the same rows on PostGIS as in the file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../cli/main.ts';
import type { CliIO } from '../../../cli/command.ts';
import { openStore } from '../../../electron/backend/store/openStore.ts';
import { readFeatures, type WorkspaceStore } from '../../../electron/backend/store/store.ts';
import { runAnalysis } from '../../../electron/backend/analysis/analysisService.ts';
import type { AnalysisRequest } from '../../../shared/api/analysisInputs.ts';
import { cellKey, cellRing, gridLattice } from '../../../shared/analysis/aggregateGrid.ts';
import { localProjectionFor } from '../../../shared/analysis/localProjection.ts';
import { pointsExtent } from '../../../shared/analysis/pointsExtent.ts';
import { ADMIN, adminClient, createDatabase, startCluster, type Cluster } from '../../support/pgCluster.ts';
import { tempDir } from '../analysisService/helpers.ts';

const t = tempDir('frontera-postgis-gistar-');
let cluster: Cluster;
let teamUrl: string;
let db: string;
const demo = () => path.join(t.dir, 'demo.frontera');

async function cli(...args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const io = { stdout: () => {}, stderr: (s: string) => void (stderr += s) } as unknown as CliIO;
  return { code: await runCli(args, io), stderr };
}

beforeAll(async () => {
  cluster = await startCluster();
  db = await createDatabase(cluster, 'gistar');
  process.env.PGPASSWORD = cluster.adminPassword;
  teamUrl = `postgresql://${ADMIN}@127.0.0.1:${cluster.port}/${db}?schema=team&sslmode=disable`;
  for (const args of [['demo', demo()], ['init', teamUrl], ['copy', demo(), teamUrl]]) {
    const r = await cli(...args);
    expect(r.code, r.stderr).toBe(0);
  }
}, 240_000);

afterAll(() => t.cleanup());

/**
 * Equal but for numbers, which may differ by 1e-9 (relative above 1): the database sums a cell's
 * quantities in another order (1592 there, 1591.9999999999998 here), and z follows.
 */
function expectClose(got: unknown, want: unknown, at: string): void {
  if (typeof want === 'number' && typeof got === 'number') {
    if (Math.abs(got - want) > 1e-9 * Math.max(1, Math.abs(want))) expect(got, at).toBe(want);
  } else if (want !== null && typeof want === 'object') {
    expect(Object.keys(got as object).sort(), at).toEqual(Object.keys(want).sort());
    for (const [k, v] of Object.entries(want)) expectClose((got as Record<string, unknown>)[k], v, `${at}.${k}`);
  } else expect(got, at).toEqual(want);
}

/**
 * The run on the file, then on the team workspace with the threshold lowered: the cells were
 * counted in SQL (the hook ran, no point was read) and the result is the file's: counts, bins
 * and summary exactly, z, p and the cells' corners to 1e-9.
 */
async function sameInDatabase(file: WorkspaceStore, team: WorkspaceStore, req: AnalysisRequest) {
  const x = await runAnalysis(file, req);
  const streamedRun = await runAnalysis(team, req);
  process.env.FRONTERA_PUSHDOWN_MIN_POINTS = '1';
  const counted = vi.spyOn(team.pushdown!, 'cellCounts');
  const streamed = vi.spyOn(team, 'readPoints');
  try {
    const y = await runAnalysis(team, req);
    expect(counted).toHaveBeenCalledOnce();
    expect(streamed).not.toHaveBeenCalled();
    expect(y.output.summary).toEqual(x.output.summary);
    expect(y.output.params).toEqual(x.output.params);
    expect(y.output.warnings).toEqual(x.output.warnings);
    expect(y.output.geojson.features).toHaveLength(x.output.geojson.features.length);
    expectClose(y.output.geojson, x.output.geojson, 'geojson');
    // The ids streamed beside the counts: the input fingerprint of the run that read every point.
    expect(y.run.inputFingerprint).toBe(streamedRun.run.inputFingerprint);
    return x;
  } finally {
    delete process.env.FRONTERA_PUSHDOWN_MIN_POINTS;
    counted.mockRestore();
    streamed.mockRestore();
  }
}

describe('Gi* on a team workspace above the pushdown threshold', () => {
  it('counts the cells in SQL and gives the in-process z, p, bins and cells: hexagons and squares, several sizes, a window and --within', async () => {
    const [file, team] = [await openStore(demo()), await openStore(teamUrl)];
    try {
      for (const req of [
        { kind: 'gistar' as const, layer: 'incidents', cellSize: 2000 },
        { kind: 'gistar' as const, layer: 'incidents', cellSize: 3500, grid: 'square' as const },
        { kind: 'gistar' as const, layer: 'incidents', cellSize: 1200, grid: 'square' as const, weight: 'quantity' as const, studyArea: 'extent' },
        { kind: 'gistar' as const, layer: 'incidents', cellSize: 5000, selection: { categories: ['homicide', 'armed_confrontation'] } },
        {
          kind: 'gistar' as const,
          layer: 'incidents',
          cellSize: 800,
          selection: { from: '2023-03-01', to: '2023-09-30', within: 'municipalities:nombre=San Luis Río Colorado' },
        },
      ]) {
        const x = await sameInDatabase(file, team, req);
        // Not a vacuous equality: cells hold incidents and some come out hot.
        expect(x.output.geojson.features.length, JSON.stringify(req)).toBeGreaterThan(3);
        expect((x.output.summary.hot99 as number) + (x.output.summary.hot95 as number) + (x.output.summary.hot90 as number), JSON.stringify(req)).toBeGreaterThan(0);
      }
      // The default cell size from nearest-neighbour distances measured in the database (PROJ's
      // projection there, Frontera's here, 487.76883382844 m against 487.76883384322 m on the
      // demo): the same size to 1e-9 of it, and the same cells, counts and bins.
      const req = { kind: 'gistar' as const, layer: 'incidents' };
      const x = await runAnalysis(file, req);
      process.env.FRONTERA_PUSHDOWN_MIN_POINTS = '1';
      try {
        const y = await runAnalysis(team, req);
        const [a, b] = [y.output.summary.cellSize as number, x.output.summary.cellSize as number];
        expect(Math.abs(a - b) / b).toBeLessThan(1e-9);
        expect(y.output.summary.cells).toBe(x.output.summary.cells);
        const props = (r: typeof x) => r.output.geojson.features.map((f) => [f.properties!.cell_id, f.properties!.count, f.properties!.gi_bin]);
        expect(props(y)).toEqual(props(x));
        x.output.geojson.features.forEach((f, i) => expect(y.output.geojson.features[i].properties!.gi_z).toBeCloseTo(f.properties!.gi_z as number, 9));
      } finally {
        delete process.env.FRONTERA_PUSHDOWN_MIN_POINTS;
      }
    } finally {
      await file.close();
      await team.close();
    }
  }, 300_000);

  it('puts points lying exactly on cell edges and vertices in the cells the in-process run puts them in', async () => {
    // Scattered points over northern Sonora give the extent; the lattice the run lays over it
    // (gridLattice, as runGistar does) gives the edges, and points on them, inside the extent.
    const base: [number, number][] = [];
    for (let i = 0; i < 60; i++) base.push([-112.9 + ((i * 0.6180339887) % 1) * 1.6, 30.2 + ((i * 0.7548776662) % 1) * 1.1]);
    for (const [shape, size] of [['hex', 9000], ['square', 7000], ['hex', 13000]] as const) {
      const pts = [...base];
      const proj = localProjectionFor(Float64Array.from(base, (p) => p[0]), Float64Array.from(base, (p) => p[1]));
      const xy = proj.projectArrays(Float64Array.from(base, (p) => p[0]), Float64Array.from(base, (p) => p[1]));
      const ext = pointsExtent(xy.x, xy.y);
      const l = gridLattice(ext, size, shape, true);
      const inside = (x: number, y: number) => x > ext.minX && x < ext.maxX && y > ext.minY && y < ext.maxY;
      for (let row = 0; row <= l.rows; row++) {
        for (let col = 0; col <= l.cols; col++) {
          const cx = shape === 'hex' ? l.ox + (col + (row & 1) / 2) * l.dx : l.ox + (col + 0.5) * l.dx;
          const cy = shape === 'hex' ? l.oy + row * l.dy : l.oy + (row + 0.5) * l.dy;
          const ring = cellRing(shape, size, cx, cy);
          // Every vertex and the middle of every edge, a few cells at a time (several on a stack).
          if ((row * 7 + col) % 3 !== 0) continue;
          for (let k = 0; k < ring.length - 1; k++) {
            const [a, b] = [ring[k], ring[k + 1]];
            for (const [x, y] of [a, [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2]]) {
              if (inside(x, y)) pts.push(proj.inverse(x, y), ...(k % 2 ? [proj.inverse(x, y)] : []));
            }
          }
        }
      }
      expect(pts.length - base.length).toBeGreaterThan(100);
      const name = `edges_${shape}_${size}`;
      const gj = path.join(t.dir, `${name}.geojson`);
      fs.writeFileSync(
        gj,
        JSON.stringify({
          type: 'FeatureCollection',
          features: pts.map(([lon, lat], i) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: { n: i } })),
        }),
      );
      for (const ws of [demo(), teamUrl]) {
        const r = await cli('import', ws, gj, '--layer', name);
        expect(r.code, r.stderr).toBe(0);
      }
      const [file, team] = [await openStore(demo()), await openStore(teamUrl)];
      try {
        await sameInDatabase(file, team, { kind: 'gistar', layer: name, cellSize: size, grid: shape, studyArea: 'extent', distanceBand: size * 1.5 });
      } finally {
        await file.close();
        await team.close();
      }
      // The points are hard ones: PROJ's coordinates (the database's) put some of them in
      // another cell than Frontera's do, so cells keyed from PROJ's alone would not agree.
      const admin = await adminClient(cluster, db);
      try {
        const r = await admin.query({
          text: `SELECT ST_X(geom), ST_Y(geom), ST_X(ST_Transform(geom, $2::int)), ST_Y(ST_Transform(geom, $2::int))
                 FROM team.features WHERE layer_id = (SELECT id FROM team.layers WHERE name = $1)`,
          values: [name, proj.epsg],
          rowMode: 'array',
        });
        expect(r.rows).toHaveLength(pts.length);
        const differ = (r.rows as number[][]).filter(([lon, lat, x, y]) => cellKey(l, x, y) !== cellKey(l, ...proj.forward(lon, lat)));
        expect(differ.length, `${shape} ${size}`).toBeGreaterThan(0);
      } finally {
        await admin.end();
      }
    }
  }, 300_000);
});

describe('search on a team workspace', () => {
  it('sets case and accents aside as the workspace file does: the same rows for the same words', async () => {
    const [file, team] = [await openStore(demo()), await openStore(teamUrl)];
    try {
      let accented = 0;
      for (const layer of ['incidents', 'roads', 'municipalities']) {
        const [a, b] = [await file.getLayer(layer), await team.getLayer(layer)];
        for (const search of ['rio', 'RÍO', 'san luis rio', 'San Luis Río Colorado', 'TIJUANA', 'peñasco', 'PENASCO', 'homicide', 'ensenada', 'zzz no such text']) {
          const want = (await readFeatures(file, a.id, { search })).map((f) => f.sourceIndex);
          const got = (await readFeatures(team, b.id, { search })).map((f) => f.sourceIndex);
          expect(got, `${layer} "${search}"`).toEqual(want);
          expect(await team.countFeatures(b.id, { search }), `${layer} "${search}"`).toBe(want.length);
          if (search === 'rio') {
            // Rows only the accents let through ("Río" for "rio"), which ILIKE would miss.
            accented += (await readFeatures(file, a.id, { search })).filter((f) => !JSON.stringify([f.category, f.unit, f.properties]).toLowerCase().includes('rio')).length;
          }
        }
      }
      expect(accented).toBeGreaterThan(0);
      // A page of a search, sorted, as the attribute table asks for it.
      const [a, b] = [await file.getLayer('municipalities'), await team.getLayer('municipalities')];
      const page = { search: 'SAN', sort: { field: 'nombre', desc: true }, limit: 5, offset: 1 };
      expect((await readFeatures(team, b.id, page)).map((f) => f.sourceIndex)).toEqual((await readFeatures(file, a.id, page)).map((f) => f.sourceIndex));
    } finally {
      await file.close();
      await team.close();
    }
  }, 120_000);
});
