/**
 * The app on a big incident layer, as the big-layer e2e and the UI bench drive it: a seeded
 * SYNTHETIC workspace (shared/synth's border-zone preset, built once and cached under the OS temp
 * dir), opened by the real back end behind the loopback web server, the built renderer in
 * Chromium at 1280 × 800; and the mouse moves both make on its map.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { openBackend, type Backend } from '../../electron/backend/backend.ts';
import { launchBrowser } from '../../electron/backend/briefing/printWithChromium.ts';
import { startWebServer, type WebServer } from '../../electron/backend/webServer.ts';
import { Workspace } from '../../electron/backend/store/workspace.ts';
import type { Api } from '../../shared/api/contract.ts';
import { ensureRendererBuilt } from '../../scripts/web.ts';
import { insertSyntheticIncidents } from './syntheticLayer.ts';

const SEED = 20240601;

/** The cached workspace file of `n` incidents (built when missing). */
export function cachedWorkspace(n: number): string {
  const dir = path.join(os.tmpdir(), 'frontera-e2e-cache');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `big-layer-${n}-${SEED}.frontera`);
  if (fs.existsSync(file)) return file;
  const partial = `${file}.${process.pid}.tmp`;
  const ws = Workspace.open(partial, { create: true });
  try {
    insertSyntheticIncidents(ws, n, SEED, `big-layer-${n}-${SEED}`, 'SYNTHETIC — demonstration data');
  } finally {
    ws.close();
  }
  fs.renameSync(partial, file);
  return file;
}

export interface BigLayerApp {
  backend: Backend;
  server: WebServer;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

export interface BigLayerOptions {
  /** What the web server calls instead of the back end itself (a test's recording wrapper). */
  api?: (backend: Backend) => Api;
  /** Run in the page before any of its scripts (observers, counters): functions or source text. */
  init?: ((() => void) | string)[];
}

declare global {
  interface Window {
    /** Animation frames the page has run, counted from before any page script (countFrames). */
    __frames?: number;
  }
}

/**
 * Init script: counts the page's animation frames in window.__frames. Source text, not a function:
 * tsx compiles a function's named inner functions with a helper the page does not have.
 */
export const countFrames = 'window.__frames = 0; requestAnimationFrame(function step() { window.__frames++; requestAnimationFrame(step); });';

export const framesRun = (page: Page): Promise<number> => page.evaluate(() => window.__frames ?? 0);

/** A copy of the cached workspace opened by the back end and served; the page is not navigated yet. */
export async function openBigLayerApp(n: number, { api, init = [] }: BigLayerOptions = {}): Promise<BigLayerApp> {
  const staticRoot = await ensureRendererBuilt();
  const cached = cachedWorkspace(n);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-big-layer-'));
  const file = path.join(tmp, 'big.frontera');
  fs.copyFileSync(cached, file);
  const backend = openBackend(file);
  const server = await startWebServer({ api: api ? api(backend) : backend, staticRoot, log: () => {} });
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  for (const script of init) await context.addInitScript(script);
  const page = await context.newPage();
  return {
    backend,
    server,
    browser,
    page,
    close: async () => {
      await browser.close();
      await server.close();
      backend.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** The map is still and the view loader has drawn the view it shows. */
export async function settled(page: Page): Promise<void> {
  await page
    .waitForFunction(() => window.__fronteraMap?.loaded() === true && !window.__fronteraMap.isMoving(), null, { timeout: 60_000 })
    .catch(async (e) => {
      const state = await page.evaluate(() => {
        const map = window.__fronteraMap!;
        const sources = Object.keys(map.getStyle().sources).filter((id) => !map.isSourceLoaded(id));
        return { loaded: map.loaded(), moving: map.isMoving(), styleLoaded: map.isStyleLoaded(), sourcesLoading: sources };
      });
      throw new Error(`map not settled: ${JSON.stringify(state)}: ${(e as Error).message}`);
    });
  // The loader fetches 120 ms after moveend; then MapLibre draws what it got.
  await page.evaluate(async () => {
    await window.__fronteraViewport?.whenSettled();
    await window.__fronteraController!.whenIdle();
  });
}

/** A drag of the map by (dx, dy) pixels from the middle of `mapSelector`'s box, then `settle`. */
export async function drag(page: Page, mapSelector: string, dx: number, dy: number, settle: (page: Page) => Promise<void>): Promise<void> {
  const box = (await page.locator(mapSelector).boundingBox())!;
  const c = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await page.mouse.move(c.x, c.y);
  await page.mouse.down();
  for (let s = 1; s <= 8; s++) await page.mouse.move(c.x + (dx * s) / 8, c.y + (dy * s) / 8);
  await page.mouse.up();
  await settle(page);
}

/** Eight moves with the mouse — drags and wheel zooms in and out — each followed by `settle`. */
export async function panAndZoom(page: Page, mapSelector: string, settle: (page: Page) => Promise<void>): Promise<void> {
  const wheel = async (dy: number) => {
    const box = (await page.locator(mapSelector).boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let s = 0; s < 4; s++) await page.mouse.wheel(0, dy / 4);
    await settle(page);
  };
  await drag(page, mapSelector, 220, 60, settle);
  await drag(page, mapSelector, -300, -40, settle);
  await wheel(-600);
  await drag(page, mapSelector, 150, 120, settle);
  await wheel(-600);
  await drag(page, mapSelector, -120, 80, settle);
  await wheel(900);
  await drag(page, mapSelector, 200, -100, settle);
}
