/**
 * End to end (issue 18): the compare panel in Español, run with records counted at their time
 * (the aoristic box unticked), says how it counted them in Spanish: the app catalogue's sentence
 * around the analysis catalogue's "la capa tiene …" and the demo layer's windows as Spanish
 * writes them (describeWindows), filled here by hand; no English of the back end's note.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { RESOURCES } from '../../shared/i18n/translator.ts';
import { describeWindows } from '../../shared/analysis/aoristic.ts';
import { openDemoApp, type DemoApp } from '../support/demoApp.ts';

describe('the compare panel in Spanish', () => {
  let app: DemoApp;
  let page: Page;

  beforeAll(async () => {
    app = await openDemoApp('compare-es');
    page = app.page;
    await page.getByTestId('open-import').waitFor({ timeout: 60_000 });
  }, 240_000);

  afterAll(() => app?.close());

  it('says the counted-at-time note in Spanish', async () => {
    await page.getByRole('combobox', { name: 'Language / Idioma' }).selectOption('es');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('es');
    await page.getByTestId('open-tool-compare').click();
    await page.getByTestId('compare-split').fill('2023-07-22');
    await page.getByTestId('compare-before-days').fill('8');
    await page.getByTestId('compare-after-days').fill('8');
    await page.getByTestId('compare-aoristic-on').uncheck();
    await page.getByTestId('compare-run').click();
    await page.getByTestId('compare-result').waitFor({ timeout: 60_000 });

    const layer = (await app.backend['layers.list']({})).find((l) => l.name === 'incidents')!;
    expect(layer.timeWindows).toBeDefined();
    const layerHas = RESOURCES.es.analysis.aoristic.countedAtTime.replace(/^.*; /, '').replace('{{windows}}', describeWindows(layer.timeWindows!, 'es'));
    const sentence = RESOURCES.es.app.params.compare.countedAtTime.replace('{{note}}', layerHas);
    const hint = page.locator('[data-testid="compare-result"] p.hint', { hasText: sentence.slice(0, 20) });
    expect(await hint.textContent()).toBe(sentence);
    expect(sentence).toMatch(/^Contados en la fecha de cada registro; la capa tiene /);
    expect(await page.getByTestId('compare-result').textContent()).not.toContain('the layer has');
  });
});
