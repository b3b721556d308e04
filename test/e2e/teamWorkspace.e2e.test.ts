/**
 * The app on a team workspace (issue 19), in the browser over the loopback web server as
 * `frontera serve postgresql://…` runs it: the workspace's layer drawn from PostGIS, and a layer
 * another analyst imports meanwhile listed when the window comes back into focus.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../../electron/backend/briefing/printWithChromium.ts';
import { findBrowser } from '../../electron/backend/briefing/findBrowser.ts';
import { openWorkspace, type Backend } from '../../electron/backend/backend.ts';
import { startWebServer, type WebServer } from '../../electron/backend/webServer.ts';
import { runCli } from '../../cli/main.ts';
import type { CliIO } from '../../cli/command.ts';
import { ensureRendererBuilt, repoRoot } from '../../scripts/web.ts';
import { adminClient, createDatabase, startCluster } from '../support/pgCluster.ts';
import { tempDir } from '../unit/analysisService/helpers.ts';

const fixtures = path.resolve(repoRoot, '..', 'shared', 'fixtures');
const places = path.join(fixtures, 'natural-earth', 'clipped', 'ne_10m_populated_places_sonora_bc.shp');
const states = path.join(fixtures, 'mexico-states', 'mexico_states_4326.geojson');
const role = `e2e_analyst_${process.pid}`;
const password = 'Pw-e2e-9dL4xQ';

describe('the app on a team workspace', () => {
  const t = tempDir('frontera-team-e2e-');
  let url: string;
  let backend: Backend;
  let server: WebServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const staticRoot = await ensureRendererBuilt();
    const cluster = await startCluster();
    const db = await createDatabase(cluster, 'e2e');
    const admin = await adminClient(cluster, db);
    try {
      await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
      await admin.query(`GRANT CREATE ON DATABASE ${db} TO ${role}`);
    } finally {
      await admin.end();
    }
    const passfile = path.join(t.dir, 'pgpass');
    fs.writeFileSync(passfile, `127.0.0.1:${cluster.port}:${db}:${role}:${password}\n`, { mode: 0o600 });
    process.env.PGPASSFILE = passfile;
    url = `postgresql://${role}@127.0.0.1:${cluster.port}/${db}?schema=equipo&sslmode=disable`;
    backend = await openWorkspace(url, { create: true });
    await backend['import.run']({ paths: [places], options: { layer: 'Natural Earth places' } });
    server = await startWebServer({ api: backend, staticRoot, log: () => {} });
    browser = await launchBrowser(findBrowser());
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await backend?.close();
    t.cleanup();
  });

  it("draws the team workspace's layer from PostGIS", async () => {
    await page.goto(server.url);
    await page.waitForFunction(() => window.__fronteraMap?.loaded() === true, null, { timeout: 60_000 });
    await expect.poll(() => page.getByTestId('layer-row').count(), { timeout: 30_000 }).toBe(1);
    await page.waitForFunction(() => window.__fronteraMap!.querySourceFeatures('lyr-1').length > 0, null, { timeout: 30_000 });
    const info = await backend['workspace.info']({});
    expect(info).toMatchObject({ path: url, engine: 'postgis', readOnly: false });
  });

  it("lists another analyst's committed layer when the window comes back into focus", async () => {
    let err = '';
    const io = { stdout: () => {}, stderr: (s: string) => void (err += s) } as unknown as CliIO;
    expect(await runCli(['import', url, states, '--layer', 'estados'], io), err).toBe(0);
    // Not before the window is focused again: the page asked for its layers when it loaded.
    expect(await page.getByTestId('layer-row').count()).toBe(1);
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await expect.poll(() => page.getByTestId('layer-row').count(), { timeout: 30_000 }).toBe(2);
    await expect.poll(() => page.getByTestId('layer-row').allInnerTexts(), { timeout: 10_000 }).toEqual(expect.arrayContaining([expect.stringContaining('estados')]));
  });
});
