/**
 * "Publish to team workspace…" and "Open team workspace…" in the browser shell (issue 19), on the
 * SYNTHETIC demo behind `npm run web`'s server and a throwaway PostGIS cluster of the run's own
 * (test/support/pgCluster.ts). The analyst selects the incidents layer, publishes it with its
 * stored DBSCAN run, typing the password in the dialog (no PGPASSWORD, no password file at that
 * time): the team workspace then holds the layer with the same source fingerprint and the run
 * with the same input fingerprint. Publishing again is refused in the dialog's words. The
 * browser shell serves one workspace per server, so Open team workspace… gives the
 * `frontera serve URL` command; the server started that way lists the published layer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openWorkspace, type Backend } from '../../electron/backend/backend.ts';
import { startWebServer, type WebServer } from '../../electron/backend/webServer.ts';
import { ensureRendererBuilt } from '../../scripts/web.ts';
import { adminClient, createDatabase, startCluster } from '../support/pgCluster.ts';
import { E2E_OUT, openDemoApp, waitForIdleMap, type DemoApp } from '../support/demoApp.ts';

const role = `e2e_publisher_${process.pid}`;
const password = 'Pw-publish-e2e-6Rt';

describe('Publish to team workspace… and Open team workspace… in the browser', () => {
  let app: DemoApp;
  let url: string;
  let dbscanId: number;
  let teamServer: WebServer | null = null;
  let teamBackend: Backend | null = null;

  beforeAll(async () => {
    delete process.env.PGPASSWORD;
    const cluster = await startCluster();
    const db = await createDatabase(cluster, 'e2e_publish');
    const admin = await adminClient(cluster, db);
    try {
      await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
      await admin.query(`CREATE SCHEMA equipo AUTHORIZATION ${role}`);
    } finally {
      await admin.end();
    }
    url = `postgresql://${role}@127.0.0.1:${cluster.port}/${db}?schema=equipo&sslmode=disable`;
    // `frontera init URL`, as the team's administrator does once.
    await (await openWorkspace(url, { create: true, password })).close();
    app = await openDemoApp('team-publish', {
      prepare: async (backend, tmp) => {
        process.env.PGPASSFILE = path.join(tmp, 'no-pgpass');
        dbscanId = (await backend['analysis.run']({ kind: 'dbscan', layer: 'incidents', eps: 500, minPoints: 5 })).id;
      },
    });
  }, 240_000);

  afterAll(async () => {
    await teamServer?.close();
    await teamBackend?.close();
    await app?.close();
  });

  const dialogOf = (page: Page, name: string) => page.getByRole('dialog', { name });

  it('publishes the selected incidents layer with its stored analysis, the password typed in the dialog', async () => {
    const { page, backend } = app;
    await page.getByTestId('layer-row').filter({ hasText: /^⠿\s*incidents/ }).first().locator('.layer-name').click();
    await page.getByRole('button', { name: 'Publish to team workspace…', exact: true }).click();
    const dialog = dialogOf(page, 'Publish to team workspace');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    // The selected layer is ticked, and only it.
    const ticked = await dialog.getByRole('checkbox').evaluateAll((boxes) =>
      boxes.filter((b) => (b as HTMLInputElement).checked).map((b) => b.parentElement?.textContent?.trim()),
    );
    expect(ticked).toEqual(['incidents', 'With their stored analyses']);
    await dialog.getByTestId('team-url').fill(url);
    await dialog.getByTestId('team-password').fill(password);
    await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect.poll(() => dialog.getByTestId('publish-result').textContent(), { timeout: 60_000 }).toBe(`Published 1 layer to ${url} (stored analyses: 1).`);
    await page.screenshot({ path: path.join(E2E_OUT, 'team-publish-01-published.png') });
    // The password is nowhere on the page but in its own field.
    expect((await page.content()).includes(password)).toBe(false);

    const team = await openWorkspace(url, { password });
    try {
      const mine = await backend.store.getLayer('incidents');
      const theirs = await team.store.getLayer('incidents');
      expect([theirs.fingerprint, theirs.featureCount]).toEqual([mine.fingerprint, mine.featureCount]);
      const runs = await team['analysis.list']({});
      expect(runs.map((r) => [r.kind, r.layerId, r.inputFingerprint])).toEqual([['dbscan', theirs.id, (await backend.store.getAnalysis(dbscanId)).inputFingerprint]]);
    } finally {
      await team.close();
    }
  }, 120_000);

  it('refuses to publish the layer again, in the dialog’s words, and adds nothing', async () => {
    const dialog = dialogOf(app.page, 'Publish to team workspace');
    await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect
      .poll(() => dialog.getByTestId('publish-error').textContent(), { timeout: 60_000 })
      .toBe('The team workspace already has a layer named “incidents”: nothing was published. Rename the layer here, or remove it there first.');
    const team = await openWorkspace(url, { password });
    try {
      expect((await team['layers.list']({})).map((l) => l.name)).toEqual(['incidents']);
    } finally {
      await team.close();
    }
    await dialog.getByRole('button', { name: 'Close', exact: true }).first().click();
  }, 120_000);

  it('Open team workspace… gives the serve command, and the server started so lists the published layer', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Open team workspace…', exact: true }).click();
    const dialog = dialogOf(page, 'Open team workspace');
    await dialog.getByTestId('team-url').fill(url);
    await expect.poll(() => dialog.getByTestId('team-serve-command').textContent()).toBe(`frontera serve '${url}'`);
    await page.screenshot({ path: path.join(E2E_OUT, 'team-publish-02-open-command.png') });

    // What that command runs, with the password where docs/team.md says (the password file).
    const passfile = path.join(app.tmp, 'pgpass');
    const u = new URL(url);
    fs.writeFileSync(passfile, `127.0.0.1:${u.port}:${u.pathname.slice(1)}:${role}:${password}\n`, { mode: 0o600 });
    process.env.PGPASSFILE = passfile;
    teamBackend = await openWorkspace(url);
    teamServer = await startWebServer({ api: teamBackend, staticRoot: await ensureRendererBuilt(), log: () => {} });
    const teamPage = await page.context().newPage();
    await teamPage.goto(teamServer.url);
    await waitForIdleMap(teamPage);
    await expect.poll(() => teamPage.getByTestId('layer-row').allInnerTexts(), { timeout: 30_000 }).toEqual([expect.stringContaining('incidents')]);
    await teamPage.screenshot({ path: path.join(E2E_OUT, 'team-publish-03-team-workspace.png') });
    expect(app.pageErrors).toEqual([]);
  }, 120_000);
});
