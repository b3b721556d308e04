/**
 * End to end (issue 18): the import dialog in Spanish lists a file's bad records in Spanish. A
 * CSV of UCDP events written by GDAL has two rows made bad by hand (latitude empty, longitude N/D);
 * with the app switched to Español, Import stops and the problem table shows the same two rows
 * as "fila N" with the import catalogue's Spanish reasons (templates read from RESOURCES, filled
 * here by hand); ticked "Omitir registros no válidos", the import keeps GDAL's count of the file
 * less those two, and the status line says so in Spanish. Screenshot import-problems-es.png.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../electron/backend/backend.ts';
import { findBrowser } from '../../electron/backend/briefing/findBrowser.ts';
import { launchBrowser } from '../../electron/backend/briefing/printWithChromium.ts';
import { startWebServer, type WebServer } from '../../electron/backend/webServer.ts';
import { RESOURCES } from '../../shared/i18n/translator.ts';
import { ensureRendererBuilt, repoRoot } from '../../scripts/web.ts';
import { gdalCount, ucdpCsv } from '../support/gdalFiles.ts';

const outDir = path.join(repoRoot, 'test-output', 'e2e');

type Tree = { [key: string]: string | Tree };

/** The Spanish template of a key, its placeholders filled by hand (no i18next). */
function spanish(ns: 'import' | 'app', key: string, values: Record<string, string | number> = {}): string {
  const template = key.split('.').reduce<string | Tree>((o, k) => (o as Tree)[k], RESOURCES.es[ns] as unknown as Tree);
  if (typeof template !== 'string') throw new Error(`es:${ns}:${key} is not a string`);
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name]));
}

describe('the import dialog in Spanish', () => {
  let tmp: string;
  let backend: Backend;
  let server: WebServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    fs.mkdirSync(outDir, { recursive: true });
    const staticRoot = await ensureRendererBuilt();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-import-es-e2e-'));
    backend = openBackend(path.join(tmp, 'e2e.frontera'), { create: true });
    server = await startWebServer({ api: backend, staticRoot, log: () => {} });
    browser = await launchBrowser(findBrowser());
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(server.url);
    await page.getByTestId('open-import').waitFor({ timeout: 60_000 });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    backend?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('shows the bad rows in Spanish, and imports the others when told to skip them', async () => {
    await page.getByRole('combobox', { name: 'Language / Idioma' }).selectOption('es');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('es');
    const csv = ucdpCsv(path.join(tmp, 'sinaloa.csv'), 'id, latitude, longitude, date_start AS fecha', "adm_1 = 'Sinaloa state' AND year >= '2018'");
    const total = gdalCount(csv);
    const lines = fs.readFileSync(csv, 'utf8').trimEnd().split(/\r?\n/);
    expect(lines[0]).toBe('id,latitude,longitude,fecha');
    // Data rows 3 and 7 (lines 4 and 8): latitude empty, longitude N/D.
    const cells = (k: number) => lines[k].split(',');
    const r3 = cells(3);
    lines[3] = [r3[0], '', r3[2], r3[3]].join(',');
    const r7 = cells(7);
    lines[7] = [r7[0], r7[1], 'N/D', r7[3]].join(',');
    fs.writeFileSync(csv, lines.join('\n') + '\n');

    await page.getByTestId('open-import').click();
    await page.getByTestId('import-files').setInputFiles([csv]);
    await page.getByTestId('import-run').waitFor({ timeout: 60_000 });
    await page.getByTestId('import-run').click();
    const table = page.getByTestId('import-problems');
    await table.waitFor({ timeout: 60_000 });
    expect(await table.locator('th').allTextContents()).toEqual([
      spanish('app', 'import.problems.file'),
      spanish('app', 'import.problems.row'),
      spanish('app', 'import.problems.reason'),
    ]);
    const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    const [latitude, longitude] = [spanish('import', 'table.latitudeAxis'), spanish('import', 'table.longitudeAxis')];
    expect(rows).toEqual([
      ['sinaloa.csv', spanish('import', 'where.row', { n: 3 }), spanish('import', 'table.emptyCoordinate', { axis: latitude, column: 'latitude' })],
      ['sinaloa.csv', spanish('import', 'where.row', { n: 7 }), spanish('import', 'table.notNumber', { axis: longitude, value: '"N/D"', column: 'longitude' })],
    ]);
    expect(await page.getByTestId('import-error').textContent()).toContain('2 problemas');
    await page.screenshot({ path: path.join(outDir, 'import-problems-es.png') });

    await page.getByRole('checkbox', { name: /Omitir registros no válidos/ }).check();
    await page.getByTestId('import-run').click();
    const row = page.locator('[data-testid="layer-row"]', { hasText: 'sinaloa' });
    await row.waitFor({ timeout: 60_000 });
    await expect.poll(() => row.getByTestId('layer-count').textContent()).toBe(new Intl.NumberFormat('es-MX').format(total - 2));
    const layer = (await backend['layers.list']({})).find((l) => l.name === 'sinaloa')!;
    expect(layer.featureCount).toBe(total - 2);
  });
});
