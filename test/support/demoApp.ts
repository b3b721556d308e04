/**
 * The app as the e2e tests drive it: a fresh copy of the SYNTHETIC demo workspace behind the
 * loopback web server, the built renderer in the machine's Chromium (findBrowser), the map
 * loaded and idle. One setup for every e2e file, so each test reads as what it checks.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../../electron/backend/briefing/printWithChromium.ts';
import { findBrowser } from '../../electron/backend/briefing/findBrowser.ts';
import { openBackend, type Backend } from '../../electron/backend/backend.ts';
import { startWebServer, type WebServer } from '../../electron/backend/webServer.ts';
import { ensureDemoWorkspace } from '../../electron/main/workspaceLocation.ts';
import { ensureRendererBuilt, repoRoot } from '../../scripts/web.ts';

/** Where e2e tests leave their screenshots and downloads. */
export const E2E_OUT = path.join(repoRoot, 'test-output', 'e2e');

export interface DemoApp {
  /** The test's own folder (the workspace is demo.frontera in it); removed by close(). */
  tmp: string;
  backend: Backend;
  server: WebServer;
  browser: Browser;
  page: Page;
  /** Uncaught errors of the page. */
  pageErrors: string[];
  /** console.error lines of the page (first 300 characters each). */
  consoleErrors: string[];
  /** Every URL the page requested. */
  requests: string[];
  close(): Promise<void>;
}

/** The map has loaded its style and sources and drawn what the controller asked. */
export async function waitForIdleMap(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__fronteraMap?.loaded() === true, null, { timeout: 60_000 });
  await page.evaluate(() => window.__fronteraController!.whenIdle());
}

export interface DemoAppOptions {
  viewport?: { width: number; height: number };
  /** Work on the workspace before the page opens (imports the test needs on the map). */
  prepare?: (backend: Backend, tmp: string) => Promise<void>;
}

export async function openDemoApp(name: string, options: DemoAppOptions = {}): Promise<DemoApp> {
  fs.mkdirSync(E2E_OUT, { recursive: true });
  const staticRoot = await ensureRendererBuilt();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `frontera-e2e-${name}-`));
  const file = path.join(tmp, 'demo.frontera');
  await ensureDemoWorkspace(file);
  const backend = openBackend(file, { create: false });
  await options.prepare?.(backend, tmp);
  const server = await startWebServer({ api: backend, staticRoot, log: () => {} });
  const browser = await launchBrowser(findBrowser());
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1400, height: 900 }, acceptDownloads: true });
  const app: DemoApp = {
    tmp,
    backend,
    server,
    browser,
    page: await context.newPage(),
    pageErrors: [],
    consoleErrors: [],
    requests: [],
    async close() {
      await browser.close();
      await server.close();
      backend.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
  context.on('request', (r) => app.requests.push(r.url()));
  app.page.on('pageerror', (e) => app.pageErrors.push(e.message));
  app.page.on('console', (m) => m.type() === 'error' && app.consoleErrors.push(m.text().slice(0, 300)));
  await app.page.goto(server.url);
  await waitForIdleMap(app.page);
  return app;
}

/** Requests the page made outside the app's own origin (data: and blob: URLs are the page's own). */
export function foreignRequests(app: DemoApp): string[] {
  return app.requests.filter((u) => !u.startsWith(`${app.server.origin}/`) && !u.startsWith('data:') && !u.startsWith('blob:'));
}

/** Canvas pixels within `tol` of `color` (per channel): the map keeps its drawing buffer. */
export async function pixelsNear(page: Page, color: string, tol: number): Promise<number> {
  return page.evaluate(
    ([c, t]) => {
      const n = parseInt(c.slice(1), 16);
      const rgb = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
      const canvas = window.__fronteraMap!.getCanvas();
      const copy = document.createElement('canvas');
      copy.width = canvas.width;
      copy.height = canvas.height;
      const ctx = copy.getContext('2d')!;
      ctx.drawImage(canvas, 0, 0);
      const px = ctx.getImageData(0, 0, copy.width, copy.height).data;
      let hits = 0;
      for (let i = 0; i < px.length; i += 4) {
        if (Math.abs(px[i] - rgb[0]) <= t && Math.abs(px[i + 1] - rgb[1]) <= t && Math.abs(px[i + 2] - rgb[2]) <= t) hits++;
      }
      return hits;
    },
    [color, tol] as const,
  );
}

/**
 * A point of `layer` well inside the map that a click there picks (the one MapLibre reports on
 * top at its pixel), not one of `skip`: its id and page coordinates.
 */
export async function clickablePoint(page: Page, layer: string, skip: number[]): Promise<{ id: number; x: number; y: number } | null> {
  // A layout change (the table closing) resizes the map's container at once but the canvas only
  // on MapLibre's next ResizeObserver callback, which moves every point by half the change: a
  // position taken before it lands the click elsewhere (on a municipality under the incident).
  await page.waitForFunction(() => {
    const map = window.__fronteraMap!;
    const c = map.getCanvas().getBoundingClientRect();
    const box = map.getContainer().getBoundingClientRect();
    return Math.abs(c.width - box.width) < 1 && Math.abs(c.height - box.height) < 1;
  }, null, { timeout: 10_000 });
  await waitForIdleMap(page);
  return page.evaluate(
    ([l, taken]) => {
      const map = window.__fronteraMap!;
      const r = map.getCanvas().getBoundingClientRect();
      for (const f of map.queryRenderedFeatures({ layers: [l] })) {
        const p = map.project((f.geometry as GeoJSON.Point).coordinates as [number, number]);
        if (p.x < 80 || p.y < 80 || p.x > r.width - 80 || p.y > r.height - 80) continue;
        // The app selects the topmost feature of any of its layers at the click (MapController):
        // skip a point another layer's feature covers, else the click selects that one.
        const top = map.queryRenderedFeatures(p).filter((h) => /^lyr-\d+-/.test(h.layer.id))[0];
        if (!top || top.layer.id !== l || taken.includes(Number(top.id))) continue;
        return { id: Number(top.id), x: r.left + p.x, y: r.top + p.y };
      }
      return null;
    },
    [layer, skip] as const,
  );
}
