/**
 * End to end, a run's sentences in the app's language (issue 18): on the SYNTHETIC demo behind the
 * loopback web server, in Debian's Chromium, the window switched to Spanish, a DBSCAN run from the
 * panel warns of the demo's two stacked points and, with stacked points excluded, explains why it
 * found no cluster — both in the catalogue's Spanish (the analysis namespace, read from RESOURCES),
 * naming the panel's own controls as they are labelled in Spanish; none of the English sentence.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { translator } from '../../shared/i18n/translator.ts';
import { E2E_OUT as outDir, openDemoApp, type DemoApp } from '../support/demoApp.ts';

const es = translator('es', 'analysis');
const app = translator('es', 'app');

describe('a run’s sentences in Spanish in the browser', () => {
  let demo: DemoApp;
  let page: Page;

  beforeAll(async () => {
    demo = await openDemoApp('run-sentences-es');
    ({ page } = demo);
    await page.getByRole('combobox', { name: 'Language / Idioma' }).selectOption('es');
  }, 240_000);

  afterAll(() => demo?.close());

  it('warns of stacked points and explains an empty run in Spanish', async () => {
    await page.getByTestId('open-tool-dbscan').click();
    await page.getByTestId('dbscan-eps').fill('50');
    await page.getByTestId('dbscan-minpoints').fill('30');
    await page.getByTestId('analysis-run').click();
    const result = page.getByTestId('analysis-result');
    await result.waitFor({ timeout: 120_000 });
    const warnings = (await result.locator('.warning').allTextContents()).join('\n');
    // The head of the warning as the catalogue writes it for the demo's 2 stacks of 300 records.
    expect(warnings).toContain(es('stacked.warningMany', { points: 2, stacked: '300', total: '5,512', percent: '5.4 %', listed: '', more: '', control: '' }).split(': ')[0]);
    expect(warnings).toContain(`--exclude-stacked (${app('selection.excludeStacked')})`);
    expect(warnings).not.toMatch(/stacked points hold|share one point|A density method/);

    await page.getByTestId('exclude-stacked').check();
    await page.getByTestId('analysis-run').click();
    const explanation = page.getByTestId('analysis-explanation');
    await explanation.waitFor({ timeout: 120_000 });
    const text = (await explanation.textContent()) ?? '';
    expect(text.startsWith(es('explain.noCluster', { others: 29, eps: '50 m', minPoints: 30, tightest: '', suggest: '' }).split(';')[0])).toBe(true);
    expect(text).toContain(app('params.dbscan.suggest'));
    expect(text).not.toMatch(/no incident has|try a larger eps/);
    await page.screenshot({ path: path.join(outDir, 'run-sentences-es.png') });
  });
});
