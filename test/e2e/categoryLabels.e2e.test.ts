/**
 * End to end, category labels (issue 18): a CSV whose category column holds raw codes ("1", "2",
 * as UCDP's type_of_violence does) is imported beside the SYNTHETIC demo workspace; in Debian's
 * Chromium the analyst opens the layer's "Category labels…", sees each code with its records (as
 * counted here from the CSV written), types a label per language and saves. The style legend,
 * the timeline's key and a feature's popup then say the labels — in English, then, with the
 * window switched to Spanish, in Spanish, as does the attribute table's category column — and the
 * printed briefing (pdftotext) names them too.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printBriefing } from '../../electron/backend/briefing/printWithChromium.ts';
import { layerCategoryLabels } from '../../shared/api/categoryLabels.ts';
import { E2E_OUT as outDir, clickablePoint, openDemoApp, waitForIdleMap, type DemoApp } from '../support/demoApp.ts';
import { ensureBriefingBuilt } from './briefingBuild.ts';

const LABELS = {
  '1': { en: 'State-based conflict', es: 'Conflicto con participación del Estado' },
  '2': { en: 'Non-state conflict', es: 'Conflicto no estatal' },
};

/** 40 incidents east of Mexicali, codes 1 and 2, one a week of 2023. */
function codesCsv(): { text: string; counts: Record<string, number> } {
  const counts: Record<string, number> = { '1': 0, '2': 0 };
  const rows = ['id,lat,lon,fecha,tipo'];
  for (let i = 0; i < 40; i++) {
    const code = i % 3 === 0 ? '1' : '2';
    counts[code]++;
    const day = new Date(Date.UTC(2023, 0, 2 + 7 * i)).toISOString().slice(0, 10);
    rows.push(`${i + 1},${(32.52 + (i % 8) * 0.012).toFixed(4)},${(-115.25 + Math.floor(i / 8) * 0.015).toFixed(4)},${day},${code}`);
  }
  return { text: rows.join('\n') + '\n', counts };
}

const squeeze = (s: string) => s.replace(/\s+/g, ' ');

describe('category labels in the browser', () => {
  let app: DemoApp;
  let layerId: number;
  const csv = codesCsv();

  beforeAll(async () => {
    app = await openDemoApp('category-labels', {
      prepare: async (backend, tmp) => {
        const file = path.join(tmp, 'codigos.csv');
        fs.writeFileSync(file, csv.text);
        const [s] = await backend['import.run']({ paths: [file], options: { layer: 'codigos', mapping: { time: ['fecha'], category: 'tipo' } } });
        layerId = s.layerId;
      },
    });
  }, 240_000);

  afterAll(async () => {
    await app?.close();
  });

  it('sets labels in the dialog and shows them in the legend, the timeline, a popup and the briefing, in both languages', async () => {
    const { page, backend } = app;
    const row = page.locator('[data-testid="layer-row"]', { hasText: 'codigos' }).first();
    await row.getByRole('button', { name: 'Category labels…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Category labels of codigos' });
    await dialog.getByRole('textbox', { name: 'English label for code 1' }).waitFor();
    // Each code with its records, as the CSV was written.
    const listed = await dialog.getByTestId('category-label-row').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('code')!.textContent!, Number(tr.querySelector('.num')!.textContent)]));
    expect(Object.fromEntries(listed)).toEqual(csv.counts);
    for (const [code, l] of Object.entries(LABELS)) {
      await dialog.getByRole('textbox', { name: `English label for code ${code}` }).fill(l.en);
      await dialog.getByRole('textbox', { name: `Spanish label for code ${code}` }).fill(l.es);
    }
    await page.screenshot({ path: path.join(outDir, 'category-labels-dialog.png') });
    await dialog.getByRole('button', { name: 'Save labels' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(layerCategoryLabels(await backend['layers.get']({ layerId }))).toEqual(LABELS);
    expect((await backend['audit.list']({ limit: 1 }))[0]).toMatchObject({ action: 'layer.labels', target: 'codigos' });

    // The style legend of the layer styled by its category field.
    await row.getByRole('button', { name: 'Style…' }).click();
    const editor = page.getByRole('dialog', { name: 'Style codigos' });
    await editor.getByLabel('Style').selectOption('categorized');
    await editor.getByLabel('Field').selectOption('tipo');
    await editor.getByRole('button', { name: 'Apply style' }).click();
    const legend = page.getByTestId('style-legend-layer').filter({ hasText: 'codigos' });
    const legendLabels = () => legend.locator('li .grow').allTextContents();
    await expect.poll(legendLabels, { timeout: 30_000 }).toEqual(expect.arrayContaining([LABELS['1'].en, LABELS['2'].en]));

    // The timeline's key, on this layer.
    await page.getByTestId('timeline').getByRole('combobox', { name: 'Timeline layer' }).selectOption(String(layerId));
    const key = (code: string) => page.locator(`.timeline-keys li[title="${code}"]`);
    await expect.poll(() => key('1').textContent(), { timeout: 30_000 }).toBe(LABELS['1'].en);
    expect(await key('2').textContent()).toBe(LABELS['2'].en);

    // A popup: the label with the code beside it. The demo's incidents are hidden so the click finds this layer.
    const incidents = page.locator('[data-testid="layer-row"]', { hasText: 'incidents' }).first();
    await incidents.getByRole('checkbox').first().uncheck();
    const bbox = (await backend['layers.get']({ layerId })).bbox!;
    await page.evaluate((b) => window.__fronteraMap!.fitBounds([b[0], b[1], b[2], b[3]], { padding: 150, duration: 0 }), bbox);
    await waitForIdleMap(page);
    const popupCategory = async (): Promise<string> => {
      const at = await clickablePoint(page, `lyr-${layerId}-circle`, []);
      expect(at).not.toBeNull();
      await page.mouse.click(at!.x, at!.y);
      const popup = page.getByTestId('feature-popup');
      await popup.waitFor();
      return (await popup.textContent())!;
    };
    const enPopup = await popupCategory();
    expect(enPopup).toMatch(/(State-based conflict \(1\)|Non-state conflict \(2\))/);
    await page.screenshot({ path: path.join(outDir, 'category-labels-en.png') });

    // Spanish.
    await page.getByRole('combobox', { name: 'Language / Idioma' }).selectOption('es');
    await expect.poll(legendLabels).toEqual(expect.arrayContaining([LABELS['1'].es, LABELS['2'].es]));
    await expect.poll(() => key('1').textContent()).toBe(LABELS['1'].es);
    expect(await key('2').textContent()).toBe(LABELS['2'].es);
    await page.keyboard.press('Escape');
    const esPopup = await popupCategory();
    expect(esPopup).toMatch(/(Conflicto con participación del Estado \(1\)|Conflicto no estatal \(2\))/);
    await page.screenshot({ path: path.join(outDir, 'category-labels-es.png') });

    // The attribute table: the category column shows the label, its code on hover; the source field keeps the code.
    await page.keyboard.press('Escape');
    await row.getByTitle('Tabla de atributos').click();
    const labelled = page.locator('[data-testid="table-row"] span[title="2"]').first();
    await expect.poll(() => labelled.textContent(), { timeout: 30_000 }).toBe(LABELS['2'].es);
    const cells = await page.locator('[data-testid="table-row"]').first().locator('span').allTextContents();
    expect(cells.some((c) => c === '1' || c === '2')).toBe(true);

    // The printed briefing of the layer, in both languages.
    const staticRoot = await ensureBriefingBuilt();
    for (const language of ['en', 'es'] as const) {
      const out = path.join(outDir, `category-labels-${language}.pdf`);
      await printBriefing({ backend, browser: app.browser, staticRoot, options: { layers: ['codigos'], language }, out, format: 'pdf' });
      const text = squeeze(execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' }));
      for (const l of Object.values(LABELS)) expect(text, language).toContain(squeeze(l[language]));
    }
    expect(app.pageErrors).toEqual([]);
  }, 240_000);
});
