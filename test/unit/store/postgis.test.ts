/**
 * Team workspaces on PostGIS (issue 19), against a throwaway PostgreSQL 15 + PostGIS cluster of
 * the test run's own (test/support/pgCluster.ts): `frontera init` a schema an administrator
 * gave the team's group role; CSV, GeoJSON and shapefile imports read back exactly as the same
 * files imported into a workspace file; `frontera copy` both ways with identical features; the
 * analyses on PostGIS equal to the same on SQLite; two writers at once; a SELECT-only role
 * refused on write with exit 1; and no password in any output, audit entry or error.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../cli/main.ts';
import type { CliIO } from '../../../cli/command.ts';
import { openStore } from '../../../electron/backend/store/openStore.ts';
import { readFeatures, type WorkspaceStore } from '../../../electron/backend/store/store.ts';
import { runAnalysis } from '../../../electron/backend/analysis/analysisService.ts';
import { runCompare } from '../../../electron/backend/analysis/compareService.ts';
import { compileFilter } from '../../../shared/analysis/attributeFilter.ts';
import { FIXTURES, UCDP, gdal, gdalCount } from '../../support/gdalFiles.ts';
import { adminClient, createDatabase, startCluster, type Cluster } from '../../support/pgCluster.ts';
import { tempDir } from '../analysisService/helpers.ts';

const SHAPEFILE = path.join(FIXTURES, 'inegi-mun-lcc', 'sonora_bc', 'mun_02_26.shp');
const GEOJSON = path.join(FIXTURES, 'mexico-states', 'mexico_states_4326.geojson');
const SLRC_WITHIN = 'municipalities:nombre=San Luis Río Colorado';

const t = tempDir('frontera-postgis-');
let cluster: Cluster;
let db: string;
/** Role names are the cluster's, shared by the run's files: a suffix of this file's own. */
const tag = `${process.pid}_${Date.now() % 100000}`;
const roles = { a: `analyst_a_${tag}`, b: `analyst_b_${tag}`, viewer: `viewer_${tag}`, team: `frontera_team_${tag}` };
const passwords = { a: 'Pw-a-7f3Kq9', b: 'Pw-b-2mX8vL', viewer: 'Pw-v-5tR1zN' };
/** Everything the CLI printed in this file: no password may be in it. */
const printed: string[] = [];

function url(role: string, schema = 'team'): string {
  return `postgresql://${role}@127.0.0.1:${cluster.port}/${db}?schema=${schema}&sslmode=disable`;
}

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: (s: string) => void (stdout += s), stderr: (s: string) => void (stderr += s) } as unknown as CliIO;
  const code = await runCli(args, io);
  printed.push(stdout, stderr);
  return { code, stdout, stderr };
}

/** A feature as both stores must give it back (ids are each workspace's own). */
function comparable(store: WorkspaceStore, layer: string) {
  return (async () => {
    const l = await store.getLayer(layer);
    return (await readFeatures(store, l.id)).map(({ id: _id, ...f }) => f);
  })();
}

async function layerFacts(store: WorkspaceStore, layer: string) {
  const { id: _id, importedAt: _at, metadata, ...info } = await store.getLayer(layer);
  const { timings: _timings, ...meta } = metadata as Record<string, unknown>;
  return { ...info, metadata: meta };
}

beforeAll(async () => {
  cluster = await startCluster();
  db = await createDatabase(cluster, 'team');
  // What docs/team.md tells an administrator to run: a group role owning the team's schema, an
  // analyst login per person in it, and a reader with SELECT only.
  const admin = await adminClient(cluster, db);
  try {
    for (const sql of [
      `CREATE ROLE ${roles.team} NOLOGIN`,
      `CREATE ROLE ${roles.a} LOGIN PASSWORD '${passwords.a}' IN ROLE ${roles.team}`,
      `CREATE ROLE ${roles.b} LOGIN PASSWORD '${passwords.b}' IN ROLE ${roles.team}`,
      `CREATE ROLE ${roles.viewer} LOGIN PASSWORD '${passwords.viewer}'`,
      `CREATE SCHEMA team AUTHORIZATION ${roles.team}`,
      `CREATE SCHEMA team2 AUTHORIZATION ${roles.team}`,
      `GRANT USAGE ON SCHEMA team TO ${roles.viewer}`,
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${roles.team} IN SCHEMA team GRANT SELECT ON TABLES TO ${roles.viewer}`,
    ]) {
      await admin.query(sql);
    }
  } finally {
    await admin.end();
  }
  // The passwords as libpq keeps them: a password file of mode 0600.
  const passfile = path.join(t.dir, 'pgpass');
  fs.writeFileSync(
    passfile,
    Object.entries(passwords)
      .map(([k, pw]) => `127.0.0.1:${cluster.port}:${db}:${roles[k as keyof typeof passwords]}:${pw}`)
      .join('\n') + '\n',
    { mode: 0o600 },
  );
  process.env.PGPASSFILE = passfile;
  delete process.env.PGPASSWORD;
}, 240_000);

afterAll(() => t.cleanup());

describe('a team workspace on PostGIS', () => {
  it('is created by frontera init in the schema the administrator gave the team, once', async () => {
    const r = await cli('init', url(roles.a), '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ path: url(roles.a), timezone: 'America/Tijuana', schemaVersion: 1 });
    const again = await cli('init', url(roles.b));
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
    const admin = await adminClient(cluster, db);
    try {
      // Every table belongs to the team's role, so any analyst of it may write and remove.
      const owners = await admin.query("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'team'");
      expect(owners.rows.map((o) => o.tableowner)).toEqual([roles.team]);
      const gist = await admin.query("SELECT indexdef FROM pg_indexes WHERE schemaname = 'team' AND tablename = 'features' AND indexdef LIKE '%gist%'");
      expect(gist.rows).toHaveLength(1);
    } finally {
      await admin.end();
    }
  });

  it('imports CSV, GeoJSON and a shapefile as a workspace file does: the same features, extents, fingerprints', async () => {
    const file = path.join(t.dir, 'reference.frontera');
    expect((await cli('init', file)).code).toBe(0);
    for (const f of [UCDP, GEOJSON, SHAPEFILE]) {
      const pg = await cli('import', url(roles.a), f);
      expect(pg.code, pg.stderr).toBe(0);
      expect((await cli('import', file, f)).code).toBe(0);
    }
    const team = await openStore(url(roles.a));
    const local = await openStore(file);
    try {
      const names = (await local.listLayers()).map((l) => l.name);
      expect(names).toEqual(['ucdp_ged_mexico_other_states', 'mexico_states_4326', 'mun_02_26']);
      expect((await team.listLayers()).map((l) => l.name)).toEqual(names);
      for (const name of names) {
        expect(await layerFacts(team, name), name).toEqual(await layerFacts(local, name));
        expect(await comparable(team, name), name).toEqual(await comparable(local, name));
      }
      const ucdp = await team.getLayer('ucdp_ged_mexico_other_states');
      // The bounding box, time window and categories go into SQL: the same answers as the file's.
      const filter = { bbox: [-105, 19, -99, 22] as [number, number, number, number], from: Date.UTC(2015, 0, 1), to: Date.UTC(2018, 0, 1) };
      const lid = (await local.getLayer(ucdp.name)).id;
      expect(await team.countFeatures(ucdp.id, filter)).toBe(await local.countFeatures(lid, filter));
      const [p1, p2] = [await team.readPoints(ucdp.id, filter), await local.readPoints(lid, filter)];
      expect(p1.count).toBeGreaterThan(50);
      expect(Array.from(p1.lon)).toEqual(Array.from(p2.lon));
      expect(Array.from(p1.sourceIndex)).toEqual(Array.from(p2.sourceIndex));
      expect(Array.from(p1.timeEnd ?? [])).toEqual(Array.from(p2.timeEnd ?? []));
      // An attribute filter (tested on each record's properties) answers as the file's.
      const where = compileFilter('best >= 10 and adm_1 contains "guerrero"', ucdp.fields, ucdp.name);
      const whereCount = await local.countFeatures(lid, { where });
      expect(whereCount).toBeGreaterThan(20);
      expect(await team.countFeatures(ucdp.id, { where })).toBe(whereCount);
      expect(Array.from((await team.readPoints(ucdp.id, { where })).sourceIndex)).toEqual(Array.from((await local.readPoints(lid, { where })).sourceIndex));
      const filteredPage = { where, sort: { field: 'best', desc: true }, limit: 10, offset: 5 };
      expect((await readFeatures(team, ucdp.id, filteredPage)).map((f) => f.sourceIndex)).toEqual((await readFeatures(local, lid, filteredPage)).map((f) => f.sourceIndex));
      // A field's distinct values (style by attribute) and its numbers, as the file counts them.
      for (const field of ['adm_1', 'best', 'where_prec']) {
        const [a, b] = [await team.fieldValues(ucdp.id, field, true), await local.fieldValues(lid, field, true)];
        expect([...a.counts].sort(), field).toEqual([...b.counts].sort());
        expect(a.nulls, field).toBe(b.nulls);
        expect(a.numbers, field).toEqual(b.numbers);
      }
      // A page of the attribute table, sorted by a property.
      const page = { sort: { field: 'best', desc: true }, limit: 25, offset: 50 };
      expect((await readFeatures(team, ucdp.id, page)).map((f) => f.sourceIndex)).toEqual((await readFeatures(local, lid, page)).map((f) => f.sourceIndex));
      const audit = await team.listAudit(10);
      expect(audit.filter((e) => e.action === 'import').every((e) => e.role === roles.a)).toBe(true);
    } finally {
      await team.close();
      await local.close();
    }
  }, 300_000);

  it('imports a file of several layers whole or not at all: a corrupt feature in its last table and none is stored', async () => {
    // A GeoPackage of two tables written by GDAL; the second's fifth feature (a Point blob) cut short.
    const good = path.join(t.dir, 'entrega.gpkg');
    gdal('ogr2ogr', '-f', 'GPKG', good, GEOJSON, '-nln', 'estados');
    gdal('ogr2ogr', '-f', 'GPKG', '-update', good, SHAPEFILE, '-nln', 'municipios', '-t_srs', 'EPSG:4326');
    const bad = path.join(t.dir, 'entrega-rota.gpkg');
    fs.copyFileSync(good, bad);
    gdal('ogrinfo', bad, '-q', '-sql', "UPDATE municipios SET geom = X'4750000100000000010100000000' WHERE fid = (SELECT fid FROM municipios ORDER BY fid LIMIT 1 OFFSET 4)");
    const before = await openStore(url(roles.a));
    const fp = await before.fingerprint();
    await before.close();
    const r = await cli('import', url(roles.a), bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/municipios/);
    const after = await openStore(url(roles.a));
    try {
      expect(await after.fingerprint()).toBe(fp);
      expect((await after.listLayers()).map((l) => l.name)).not.toContain('estados');
    } finally {
      await after.close();
    }
    const ok = await cli('import', url(roles.a), good);
    expect(ok.code, ok.stderr).toBe(0);
    const done = await openStore(url(roles.a));
    try {
      expect((await done.getLayer('estados')).featureCount).toBe(gdalCount(GEOJSON));
      expect((await done.getLayer('municipios')).featureCount).toBe(85);
      await done.removeLayer((await done.getLayer('estados')).id, 'test');
      await done.removeLayer((await done.getLayer('municipios')).id, 'test');
    } finally {
      await done.close();
    }
  }, 120_000);

  it('copies the demo workspace into PostGIS and back with identical features, fingerprints and audit entries', async () => {
    const demo = path.join(t.dir, 'demo.frontera');
    expect((await cli('demo', demo)).code).toBe(0);
    expect((await cli('analyze', 'dbscan', demo, '--layer', 'incidents', '--eps', '500', '--min-points', '8')).code).toBe(0);
    expect((await cli('init', url(roles.a, 'team2'))).code).toBe(0);
    const up = await cli('copy', demo, url(roles.a, 'team2'), '--analyses', '--json');
    expect(up.code, up.stderr).toBe(0);
    expect(JSON.parse(up.stdout)).toMatchObject({ analyses: 1 });
    const back = path.join(t.dir, 'back.frontera');
    const down = await cli('copy', url(roles.b, 'team2'), back, '--analyses');
    expect(down.code, down.stderr).toBe(0);
    const [a, b, c] = [await openStore(demo), await openStore(url(roles.a, 'team2')), await openStore(back)];
    try {
      for (const name of ['incidents', 'roads', 'municipalities']) {
        const orig = await comparable(a, name);
        expect(await comparable(b, name), name).toEqual(orig);
        expect(await comparable(c, name), name).toEqual(orig);
        const facts = await layerFacts(a, name);
        expect(await layerFacts(b, name)).toEqual(facts);
        expect(await layerFacts(c, name)).toEqual(facts);
        expect((await c.getLayer(name)).importedAt).toBe((await a.getLayer(name)).importedAt);
      }
      const [run] = await c.listAnalyses();
      const [orig] = await a.listAnalyses();
      expect(run.summary).toEqual(orig.summary);
      expect(run.inputFingerprint).toBe(orig.inputFingerprint);
      // The demo's own entries went along, then the copies were audited with the role that made them.
      const audit = await c.listAudit(1000);
      const actions = audit.map((e) => e.action);
      expect(actions).toContain('analysis.run');
      expect(audit.filter((e) => e.action === 'layer.copy' && e.role === roles.a)).toHaveLength(3);
      expect(audit.find((e) => e.action === 'workspace.copy')?.details.from).toBe(url(roles.b, 'team2'));
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  }, 300_000);

  it('runs DBSCAN, kernel density, Gi* and compare on PostGIS with the results it gives on the file', async () => {
    const file = await openStore(path.join(t.dir, 'demo.frontera'));
    const team = await openStore(url(roles.a, 'team2'));
    try {
      for (const req of [
        { kind: 'dbscan' as const, layer: 'incidents', eps: 500, minPoints: 8 },
        { kind: 'kde' as const, layer: 'incidents', cellSize: 1000, selection: { within: SLRC_WITHIN } },
        { kind: 'gistar' as const, layer: 'incidents', cellSize: 2000, selection: { categories: ['homicide'] } },
      ]) {
        const [x, y] = [await runAnalysis(file, req), await runAnalysis(team, req)];
        expect(y.output.summary, req.kind).toEqual(x.output.summary);
        expect(y.output.geojson, req.kind).toEqual(x.output.geojson);
        expect(y.output.labels, req.kind).toEqual(x.output.labels);
        expect(y.output.asciiGrid, req.kind).toEqual(x.output.asciiGrid);
      }
      // Above the threshold (lowered here) the database clusters with ST_ClusterDBSCAN and only the
      // clustered incidents travel: the same clusters, labels and summary as from every point.
      for (const req of [
        { kind: 'dbscan' as const, layer: 'incidents', eps: 500, minPoints: 8 },
        { kind: 'dbscan' as const, layer: 'incidents', eps: 1500, minPoints: 20, selection: { categories: ['homicide', 'armed_confrontation'], from: '2023-03-01', to: '2023-09-30' } },
      ]) {
        const [x, z] = [await runAnalysis(file, req), await runAnalysis(team, req)];
        process.env.FRONTERA_PUSHDOWN_MIN_POINTS = '1';
        const inDatabase = vi.spyOn(team.pushdown!, 'dbscanCandidates');
        try {
          const y = await runAnalysis(team, req);
          expect(inDatabase).toHaveBeenCalledOnce();
          expect(y.output.summary).toEqual(x.output.summary);
          expect(y.output.labels).toEqual(x.output.labels);
          expect(y.output.geojson).toEqual(x.output.geojson);
          expect(y.run.inputFingerprint).toBe(z.run.inputFingerprint);
        } finally {
          delete process.env.FRONTERA_PUSHDOWN_MIN_POINTS;
          inDatabase.mockRestore();
        }
      }
      const cmp = { layer: 'incidents', split: '2023-07-22', beforeDays: 8, afterDays: 8, categories: ['homicide'], within: SLRC_WITHIN };
      const [c1, c2] = [await runCompare(file, cmp), await runCompare(team, cmp)];
      expect(c2).toEqual(c1);
      expect([c2.before.count, c2.after.count]).toEqual([13, 6]);
    } finally {
      await file.close();
      await team.close();
    }
  }, 300_000);

  it('takes two analysts writing at once: no write lost, a layer name taken by the first, each entry with its role', async () => {
    const [a, b] = [await openStore(url(roles.a)), await openStore(url(roles.b))];
    try {
      const layer = (await a.getLayer('ucdp_ged_mexico_other_states')).id;
      const save = (s: WorkspaceStore, k: number) =>
        s.saveAnalysis({ kind: 'nni', layerId: layer, params: { k }, inputFingerprint: `fp${k}`, result: { k }, summary: { k } });
      const ids = await Promise.all(Array.from({ length: 20 }, (_, k) => save(k % 2 ? b : a, k)));
      expect(new Set(ids).size).toBe(20);
      const stored = await b.listAnalyses(layer);
      expect(ids.every((id) => stored.some((s) => s.id === id))).toBe(true);
      // Both import a file under one name: one layer, the other told the name is taken.
      const both = await Promise.all([cli('import', url(roles.a), GEOJSON, '--layer', 'states'), cli('import', url(roles.b), GEOJSON, '--layer', 'states')]);
      expect(both.map((r) => r.code).sort(), both.map((r) => r.stderr).join('\n')).toEqual([0, 1]);
      expect(both.find((r) => r.code === 1)!.stderr).toMatch(/a layer named "states" already exists/);
      expect((await a.listLayers()).filter((l) => l.name === 'states')).toHaveLength(1);
      // Each sees the other's committed layer; removing it is audited with the remover's role.
      await b.removeLayer((await b.getLayer('states')).id, 'test');
      expect(await a.findLayer('states')).toBeUndefined();
      const removal = (await a.listAudit(20)).find((e) => e.action === 'layer.remove' && e.target === 'states')!;
      expect(removal.role).toBe(roles.b);
      const shown = await cli('audit', url(roles.a), '--limit', '5');
      expect(shown.stdout).toMatch(/^time \(UTC\)\s+role\s+actor/);
      expect(shown.stdout).toMatch(new RegExp(`${roles.b}\\s+test\\s+layer\\.remove\\s+states`));
    } finally {
      await a.close();
      await b.close();
    }
  }, 120_000);

  it('lets a SELECT-only role read, analyse without storing and export, and refuses its writes with exit 1', async () => {
    const admin = await adminClient(cluster, db);
    try {
      await admin.query(`GRANT SELECT ON ALL TABLES IN SCHEMA team TO ${roles.viewer}`);
    } finally {
      await admin.end();
    }
    const viewer = url(roles.viewer);
    const layers = await cli('layers', viewer, '--json');
    expect(layers.code, layers.stderr).toBe(0);
    const municipalities = (JSON.parse(layers.stdout) as { name: string; featureCount: number }[]).find((l) => l.name === 'mun_02_26')!;
    expect(municipalities.featureCount).toBe(85);
    const run = await cli('analyze', 'dbscan', viewer, '--layer', 'ucdp_ged_mexico_other_states', '--eps', '2000', '--min-points', '10');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/not stored: read-only team workspace/);
    const out = path.join(t.dir, 'viewer.geojson');
    const exp = await cli('export', viewer, 'mun_02_26', '--out', out);
    expect(exp.code, exp.stderr).toBe(0);
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).features).toHaveLength(85);
    const imp = await cli('import', viewer, GEOJSON, '--layer', 'mine');
    expect(imp.code).toBe(1);
    expect(imp.stderr).toMatch(/read-only team workspace/);
    const store = await openStore(viewer);
    try {
      expect(store.readOnly).toBe(true);
      await expect(store.removeLayer((await store.getLayer('mun_02_26')).id, 'test')).rejects.toThrow(/read-only team workspace/);
      expect((await store.listAudit(1000)).some((e) => e.role === roles.viewer)).toBe(false);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('never shows a password: a URL holding one is refused without echoing it, a wrong one named without it', async () => {
    const withPassword = `postgresql://${roles.a}:${passwords.a}@127.0.0.1:${cluster.port}/${db}?schema=team`;
    const r = await cli('layers', withPassword);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/must not hold a password/);
    process.env.PGPASSWORD = 'not-the-password-4Qz';
    try {
      const wrong = await cli('layers', url(roles.a));
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toMatch(/refused the password/);
      expect(wrong.stderr).not.toContain('not-the-password-4Qz');
    } finally {
      delete process.env.PGPASSWORD;
    }
    const audit = await cli('audit', url(roles.a), '--json');
    expect(audit.code).toBe(0);
    const log = fs.readFileSync(path.join(cluster.dir, 'server.log'), 'utf8');
    for (const pw of Object.values(passwords)) {
      for (const text of [...printed, log]) expect(text).not.toContain(pw);
    }
  });
});
