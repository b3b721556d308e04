/**
 * End to end, the app's language: the SYNTHETIC demo workspace behind the loopback web server,
 * the built renderer in Debian's Chromium. The window opens in English; the status bar's switch
 * ("Language / Idioma") turns it to Spanish: `<html lang="es">`, the layer panel's, the
 * timeline's and the print and import dialogs' words in Spanish, the incident count and the
 * time window's days as Intl's es-MX writes them (computed here from what the English page
 * showed), the choice kept over a reload.
 * Screenshots of both languages go to test-output/e2e.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Backend } from '../../electron/backend/backend.ts';
import { E2E_OUT as outDir, openDemoApp, waitForIdleMap, type DemoApp } from '../support/demoApp.ts';


/** A calendar day (YYYY-MM-DD) as Intl's es-MX names it: the reference the page must match. */
function esDay(isoDay: string): string {
  const [y, m, d] = isoDay.split('-').map(Number);
  return new Intl.DateTimeFormat('es-MX', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
}

describe('the app in Spanish and English', () => {
  let app: DemoApp;
  let backend: Backend;
  let page: Page;

  beforeAll(async () => {
    app = await openDemoApp('language');
    ({ backend, page } = app);
  }, 240_000);

  afterAll(() => app?.close());

  it('switches the window from English to Spanish, numbers and dates with it, and keeps the choice', async () => {
    const html = () => page.evaluate(() => document.documentElement.lang);
    const count = page.getByTestId('window-count');
    const range = page.getByTestId('window-range');
    const total = (await backend['layers.list']({})).find((l) => l.name === 'incidents')!.featureCount;
    // More than a thousand: the count shows its thousands separator.
    expect(total).toBeGreaterThan(999);

    // English, as the window opens in a fresh profile.
    expect(await html()).toBe('en');
    await expect.poll(() => count.textContent(), { timeout: 30_000 }).toBe(`${total.toLocaleString('en-US')} incidents in total`);
    const overlay = page.locator('[data-testid="timeline-brush"] .overlay');
    const box = (await overlay.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.45, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => count.textContent(), { timeout: 10_000 }).toMatch(/in window$/);
    const enRange = (await range.textContent())!;
    const days = /^(\d{4}-\d{2}-\d{2}) – (\d{4}-\d{2}-\d{2})$/.exec(enRange);
    expect(days, enRange).not.toBeNull();
    // "≈" when records known only to a time window straddle its edge (spread over time windows).
    const enCount = /^(≈ )?([\d,]+) incidents in window$/.exec((await count.textContent())!);
    expect(enCount).not.toBeNull();
    const inWindow = Number(enCount![2].replace(/,/g, ''));
    expect(inWindow).toBeGreaterThan(0);
    const switcher = page.getByRole('combobox', { name: 'Language / Idioma' });
    expect(await switcher.inputValue()).toBe('en');
    await page.getByRole('heading', { name: 'Analysis' }).waitFor();
    expect(await page.locator('.timeline-keys li[title="armed_confrontation"]').textContent()).toBe('Armed confrontations');
    await page.screenshot({ path: path.join(outDir, 'language-en.png') });

    // Spanish.
    await switcher.selectOption('es');
    await expect.poll(html).toBe('es');
    const es = new Intl.NumberFormat('es-MX');
    await expect.poll(() => count.textContent()).toBe(`${enCount![1] ?? ''}${es.format(inWindow)} incidentes en la ventana`);
    expect(await range.textContent()).toBe(`${esDay(days![1])} – ${esDay(days![2])}`);
    expect(await range.textContent()).not.toBe(enRange);
    await page.getByRole('heading', { name: 'Análisis' }).waitFor();
    expect(await page.getByTestId('timeline').getByRole('combobox', { name: 'Intervalo' }).count()).toBe(1);
    expect(await page.getByTestId('open-tool-compare').textContent()).toBe('Comparar periodos');
    // An analysis tool's form: its selection and run button, the window's days in Spanish.
    await page.getByTestId('open-tool-dbscan').click();
    const form = page.getByTestId('tool-dbscan');
    expect(await form.getByTestId('analysis-run').textContent()).toBe('Ejecutar');
    expect(await form.locator('.selection legend').first().textContent()).toBe('Selección');
    expect(await form.locator('.selection').first().textContent()).toContain(`Ventana de tiempo ${esDay(days![1])} – ${esDay(days![2])}`);
    // Category codes through the label table: armed_confrontation as a Mexican analyst names it.
    expect(await page.locator('.timeline-keys li[title="armed_confrontation"]').textContent()).toBe('Enfrentamientos armados');
    await page.getByTestId('window-clear').click();
    await expect.poll(() => count.textContent()).toBe(`${es.format(total)} incidentes en total`);
    await page.screenshot({ path: path.join(outDir, 'language-es.png') });

    // The print dialog (Ctrl+P in the browser shell) in Spanish; the page's language follows the app's.
    await page.keyboard.press('Control+p');
    const dialog = page.getByRole('dialog', { name: 'Imprimir informe' });
    await dialog.waitFor();
    expect(await dialog.getByRole('combobox', { name: 'Papel' }).locator('option:checked').textContent()).toBe('Carta');
    expect(await dialog.getByRole('combobox', { name: 'Idioma de la página' }).inputValue()).toBe('es');
    expect(await dialog.getByRole('button', { name: 'Guardar PDF' }).count()).toBe(1);
    await page.screenshot({ path: path.join(outDir, 'language-es-print.png') });
    await dialog.getByRole('button', { name: 'Cancelar' }).click();
    await dialog.waitFor({ state: 'detached' });

    // The layer panel's tool bar and the import dialog.
    expect(await page.getByRole('button', { name: 'Imprimir informe', exact: true }).count()).toBe(1);
    expect(await page.getByTestId('layer-row').first().getByRole('button', { name: 'Filtrar…' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Importar…' }).click();
    const importDialog = page.getByRole('dialog', { name: 'Importar datos' });
    await importDialog.getByText(/^Suelte aquí un shapefile/).waitFor();
    await importDialog.getByRole('button', { name: 'Cerrar' }).last().click();
    await importDialog.waitFor({ state: 'detached' });

    // The compare panel in Spanish: San Luis Río Colorado's homicides 13 -> 6 (the analysis e2e's
    // numbers), its days named in Spanish and its sentence as the Spanish briefing says it.
    await page.getByTestId('open-tool-compare').click();
    await page.getByTestId('compare-split').fill('2023-07-22');
    await page.getByTestId('compare-before-days').fill('8');
    await page.getByTestId('compare-after-days').fill('8');
    await page.locator('[data-testid="tool-compare"] details summary').click();
    await page.getByTestId('compare-cat-homicide').check();
    await page.getByTestId('compare-within').selectOption('municipalities');
    await page.getByTestId('compare-within-where').fill('nombre=San Luis Río Colorado');
    await page.getByTestId('compare-run').click();
    await page.getByTestId('compare-result').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('compare-before').textContent()).toBe('13');
    expect(await page.getByTestId('compare-significant').textContent()).toBe('no significativo al 5 %');
    expect(await page.getByTestId('compare-sentence').textContent()).toMatch(/^Los homicidios disminuyeron de 13 a 6 \(−54 %\)/);
    expect(await page.locator('.compare-counts .muted').first().textContent()).toBe(`antes, ${esDay('2023-07-14')} – ${esDay('2023-07-21')} (8 d)`);
    await page.screenshot({ path: path.join(outDir, 'language-es-compare.png') });

    // Kept for this user: a reload opens in Spanish.
    await page.reload();
    await waitForIdleMap(page);
    expect(await html()).toBe('es');
    await expect.poll(() => count.textContent(), { timeout: 30_000 }).toMatch(/^[\d,]+ incidentes en (total|la ventana)$/);
    expect(await page.getByRole('combobox', { name: 'Language / Idioma' }).inputValue()).toBe('es');

    // And back to English.
    await page.getByRole('combobox', { name: 'Language / Idioma' }).selectOption('en');
    await expect.poll(html).toBe('en');
    await page.getByRole('heading', { name: 'Analysis' }).waitFor();
    expect(app.pageErrors).toEqual([]);
  }, 180_000);
});
