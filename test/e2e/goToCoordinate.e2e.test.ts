/**
 * End to end, coordinates (issue 18): the SYNTHETIC demo workspace behind the loopback web server,
 * the built renderer in Debian's Chromium. An analyst types San Luis Río Colorado's MGRS into the
 * go-to box: the map flies there (its centre within a few metres of the town's position) and marks
 * it, and the read-out under the cursor gives the UTM of that spot as PROJ's cs2cs does
 * (EPSG:32611: 709 448.84 E, 3 593 179.15 N for -114.7717, 32.4561). A typing error is named
 * beside the box.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { geodesicInverse } from '../../shared/geo/geodesicDistance.ts';
import { E2E_OUT as outDir, openDemoApp, waitForIdleMap, type DemoApp } from '../support/demoApp.ts';

const SLRC = { lon: -114.7717, lat: 32.4561 };

describe('the go-to-coordinate box in the browser', () => {
  let app: DemoApp;
  let page: Page;

  beforeAll(async () => {
    app = await openDemoApp('goto-coordinate');
    ({ page } = app);
  }, 240_000);

  afterAll(() => app?.close());

  it('flies to an MGRS coordinate, marks it and reads its UTM out under the cursor', async () => {
    const [e, n] = execFileSync('cs2cs', ['-f', '%.4f', 'EPSG:4326', 'EPSG:32611'], { input: `${SLRC.lat} ${SLRC.lon}\n`, encoding: 'utf8' }).trim().split(/\s+/).map(Number);
    await page.getByLabel('Coordinate format').selectOption('UTM');
    const box = page.getByLabel('Go to coordinate');
    await box.fill('11S QR 09448 93179');
    await box.press('Enter');
    // How it was read: the box's tooltip.
    await expect.poll(() => box.getAttribute('title')).toBe('MGRS: 32.45610° N, 114.77170° W');
    await page.waitForFunction(() => !window.__fronteraMap!.isMoving(), null, { timeout: 30_000 });
    await waitForIdleMap(page);
    const view = await page.evaluate(() => {
      const map = window.__fronteraMap!;
      const c = map.getCenter();
      const r = map.getCanvas().getBoundingClientRect();
      return { lon: c.lng, lat: c.lat, zoom: map.getZoom(), x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    // The MGRS cell's centre is within 0.71 m of the town's point; the camera lands on it.
    expect(geodesicInverse(view.lon, view.lat, SLRC.lon, SLRC.lat).metres).toBeLessThan(3);
    await page.getByTestId('goto-marker').waitFor({ state: 'visible' });

    await page.mouse.move(view.x, view.y);
    await expect.poll(() => page.getByTestId('cursor-utm').textContent()).toMatch(/^UTM 11N /);
    const utm = (await page.getByTestId('cursor-utm').textContent()) ?? '';
    const m = /^UTM 11N ([\d ]+) E ([\d ]+) N$/.exec(utm);
    expect(m, utm).not.toBeNull();
    // The cursor sits on the centre pixel: within two pixels (and the rounding) of cs2cs's figures.
    const metresPerPixel = (40_075_016.686 * Math.cos((SLRC.lat * Math.PI) / 180)) / 2 ** (view.zoom + 9);
    const tolerance = 2 * metresPerPixel + 3;
    expect(Math.abs(Number(m![1].replace(/ /g, '')) - e), utm).toBeLessThan(tolerance);
    expect(Math.abs(Number(m![2].replace(/ /g, '')) - n), utm).toBeLessThan(tolerance);
    await page.screenshot({ path: path.join(outDir, 'goto-coordinate.png') });

    // MGRS in the read-out too, the choice kept for the next session.
    await page.getByLabel('Coordinate format').selectOption('MGRS');
    await expect.poll(() => page.getByTestId('cursor-mgrs').textContent()).toMatch(/^11S QR 09\d{3} 93\d{3}$/);
    expect(await page.evaluate(() => localStorage.getItem('frontera.coordinateFormat'))).toBe('MGRS');
  });

  it('names what it expected beside the box, and the map stays put', async () => {
    const before = await page.evaluate(() => window.__fronteraMap!.getCenter().toArray());
    const box = page.getByLabel('Go to coordinate');
    await box.fill('32.4561');
    await box.press('Enter');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Cannot read "32.4561" as a coordinate: expected latitude, longitude in degrees');
    expect(await box.getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: path.join(outDir, 'goto-coordinate-error.png') });
    expect(await page.evaluate(() => window.__fronteraMap!.getCenter().toArray())).toEqual(before);
    expect(app.pageErrors).toEqual([]);
  });
});
