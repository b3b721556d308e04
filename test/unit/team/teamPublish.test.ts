/**
 * Publish to team workspace… (issue 19) through the typed API, as the app's dialog calls it:
 * `team.publish` from the demo workspace file into a team workspace on a throwaway PostGIS
 * cluster of the run's own (test/support/pgCluster.ts). The password is given in the call only
 * (no PGPASSWORD, no password file): the layer and its stored analysis arrive with their
 * fingerprints; a wrong password, a SELECT-only role and a layer that is already there are
 * refused in words the dialog shows, with the password in no reply and no log line, and the
 * team workspace left as it was.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, openWorkspace, type Backend } from '../../../electron/backend/backend.ts';
import { readFeatures } from '../../../electron/backend/store/store.ts';
import { createIpcHandlers } from '../../../electron/main/ipc.ts';
import { ensureDemoWorkspace } from '../../../electron/main/workspaceLocation.ts';
import { adminClient, createDatabase, startCluster, type Cluster } from '../../support/pgCluster.ts';
import { tempDir } from '../analysisService/helpers.ts';

const t = tempDir('frontera-publish-');
const tag = `${process.pid}_${Date.now() % 100000}`;
const roles = { publisher: `publisher_${tag}`, viewer: `reader_${tag}` };
const passwords = { publisher: 'Pw-pub-8Hc2Lw', viewer: 'Pw-read-3Nd7Qe' };
let cluster: Cluster;
let db: string;
let source: Backend;
let dbscanId: number;

const url = (role: string) => `postgresql://${role}@127.0.0.1:${cluster.port}/${db}?schema=publicado&sslmode=disable`;

/** The team workspace's layers and analyses as the publisher's own connection reads them. */
async function teamContents() {
  const team = await openWorkspace(url(roles.publisher), { password: passwords.publisher });
  try {
    return { layers: await team['layers.list']({}), analyses: await team['analysis.list']({}), store: team.store, close: () => team.close(), team };
  } catch (e) {
    await team.close();
    throw e;
  }
}

/** An IPC caller over the source back end, as the app's window reaches it; every log line kept. */
function ipc(logged: string[]) {
  const handlers = createIpcHandlers(source, (line) => void logged.push(line));
  const event = { senderFrame: { url: 'app://frontera/index.html', parent: null }, sender: { id: 1, send: () => {} } };
  return (input: unknown) => handlers.call(event, 'team.publish', input, 'p1');
}

beforeAll(async () => {
  // No password but the one each call gives.
  delete process.env.PGPASSWORD;
  process.env.PGPASSFILE = path.join(t.dir, 'no-pgpass');
  cluster = await startCluster();
  db = await createDatabase(cluster, 'publish');
  const admin = await adminClient(cluster, db);
  try {
    await admin.query(`CREATE ROLE ${roles.publisher} LOGIN PASSWORD '${passwords.publisher}'`);
    await admin.query(`CREATE ROLE ${roles.viewer} LOGIN PASSWORD '${passwords.viewer}'`);
    await admin.query(`CREATE SCHEMA publicado AUTHORIZATION ${roles.publisher}`);
  } finally {
    await admin.end();
  }
  // `frontera init URL`, as the team's administrator does before anyone publishes.
  const init = await openWorkspace(url(roles.publisher), { create: true, password: passwords.publisher });
  await init.close();
  const admin2 = await adminClient(cluster, db);
  try {
    await admin2.query(`GRANT USAGE ON SCHEMA publicado TO ${roles.viewer}`);
    await admin2.query(`GRANT SELECT ON ALL TABLES IN SCHEMA publicado TO ${roles.viewer}`);
  } finally {
    await admin2.end();
  }
  const file = path.join(t.dir, 'demo.frontera');
  await ensureDemoWorkspace(file);
  source = openBackend(file);
  const run = await source['analysis.run']({ kind: 'dbscan', layer: 'incidents', eps: 500, minPoints: 5 });
  dbscanId = run.id;
}, 240_000);

afterAll(async () => {
  await source?.close();
  t.cleanup();
});

describe('team.publish', () => {
  it('refuses a wrong password with the dialog’s reason, the password in no reply or log line, and publishes nothing', async () => {
    const logged: string[] = [];
    const wrong = 'Wr0ng-Pw-never-shown-71';
    const incidents = await source.store.getLayer('incidents');
    const envelope = await ipc(logged)({ url: url(roles.publisher), password: wrong, layers: [incidents.id], analyses: true });
    expect(envelope).toMatchObject({ error: { status: 400, message: expect.stringMatching(/refused the password for role/) } });
    expect(JSON.stringify(envelope)).not.toContain(wrong);
    expect(logged.join('\n')).not.toContain(wrong);
    const team = await teamContents();
    try {
      expect(team.layers).toEqual([]);
    } finally {
      await team.close();
    }
  }, 60_000);

  it('publishes the incidents layer with its stored analysis: same features, source fingerprint and analysis fingerprint', async () => {
    const incidents = await source.store.getLayer('incidents');
    const progress: unknown[] = [];
    const result = await source['team.publish'](
      { url: url(roles.publisher), password: passwords.publisher, layers: [incidents.id], analyses: true },
      { onProgress: (p) => void progress.push(p), actor: 'app' },
    );
    expect(result.layers.map((l) => [l.name, l.features])).toEqual([['incidents', incidents.featureCount]]);
    expect(result.analyses).toBe(1);
    expect(progress).toEqual([{ phase: 'publish', done: 1, total: 1, message: 'incidents' }]);
    const team = await teamContents();
    try {
      const there = await team.store.getLayer('incidents');
      expect(there.fingerprint).toBe(incidents.fingerprint);
      expect(there.featureCount).toBe(incidents.featureCount);
      const strip = (fs: Awaited<ReturnType<typeof readFeatures>>) => fs.map(({ id: _id, ...f }) => f);
      expect(strip(await readFeatures(team.store, there.id))).toEqual(strip(await readFeatures(source.store, incidents.id)));
      const mine = await source.store.getAnalysis(dbscanId);
      expect(team.analyses).toHaveLength(1);
      const theirs = await team.store.getAnalysis(team.analyses[0].id);
      expect(theirs).toMatchObject({ kind: 'dbscan', layerId: there.id, inputFingerprint: mine.inputFingerprint, params: mine.params, summary: mine.summary });
      // The copy is audited in the team workspace by the role that published it.
      const audit = await team.team['audit.list']({ limit: 20 });
      expect(audit.find((e) => e.action === 'workspace.copy')).toMatchObject({ actor: 'app', role: roles.publisher });
    } finally {
      await team.close();
    }
  }, 120_000);

  it('refuses a layer the team workspace already has, naming it, and adds nothing', async () => {
    const incidents = await source.store.getLayer('incidents');
    const roads = await source.store.getLayer('roads');
    const logged: string[] = [];
    const envelope = await ipc(logged)({ url: url(roles.publisher), password: passwords.publisher, layers: [roads.id, incidents.id] });
    expect(envelope).toMatchObject({ error: { status: 400, message: expect.stringMatching(/already has a layer named "incidents": nothing was copied/) } });
    expect(JSON.stringify(envelope) + logged.join('\n')).not.toContain(passwords.publisher);
    const team = await teamContents();
    try {
      expect(team.layers.map((l) => l.name)).toEqual(['incidents']);
    } finally {
      await team.close();
    }
  }, 60_000);

  it('refuses a SELECT-only role as a read-only team workspace', async () => {
    const roads = await source.store.getLayer('roads');
    const logged: string[] = [];
    const envelope = await ipc(logged)({ url: url(roles.viewer), password: passwords.viewer, layers: [roads.id], analyses: true });
    expect(envelope).toMatchObject({ error: { status: 400, message: expect.stringMatching(/^read-only team workspace: role "reader_/) } });
    expect(JSON.stringify(envelope) + logged.join('\n')).not.toContain(passwords.viewer);
    const team = await teamContents();
    try {
      expect(team.layers.map((l) => l.name)).toEqual(['incidents']);
    } finally {
      await team.close();
    }
  }, 60_000);

  it('refuses a URL that is not a team workspace, and a URL that holds a password without repeating it', async () => {
    const logged: string[] = [];
    const call = ipc(logged);
    expect(await call({ url: path.join(t.dir, 'other.frontera'), layers: [1] })).toMatchObject({
      error: { status: 400, message: expect.stringMatching(/url: a team workspace URL starts with postgresql:\/\//) },
    });
    const inUrl = `postgresql://${roles.publisher}:${passwords.publisher}@127.0.0.1:${cluster.port}/${db}?schema=publicado`;
    const envelope = await call({ url: inUrl, layers: [1] });
    expect(envelope).toMatchObject({ error: { status: 400, message: expect.stringMatching(/must not hold a password/) } });
    expect(JSON.stringify(envelope) + logged.join('\n')).not.toContain(passwords.publisher);
    expect(fs.existsSync(path.join(t.dir, 'other.frontera'))).toBe(false);
  }, 60_000);
});
