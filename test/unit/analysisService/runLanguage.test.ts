/**
 * A run's sentences in the language the app asks for (issue 18): `language` on analysis.run, as
 * the analysis panel sends it, writes the warnings and the study area in Spanish (the catalogue's
 * words), and is no parameter of the run — the same run in English has the same fingerprint, the
 * same parameters but the study area's name, and the same figures. A language Frontera does not
 * speak is refused naming the field.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../../electron/backend/backend.ts';
import type { Workspace } from '../../../electron/backend/store/workspace.ts';
import { translator } from '../../../shared/i18n/translator.ts';
import { validateInput } from '../../../shared/api/contract.ts';
import { demoWorkspace, tempDir } from './helpers.ts';

describe('analysis.run in the app’s language', () => {
  const t = tempDir('frontera-run-language-');
  let ws: Workspace;
  let backend: Backend;
  beforeAll(() => {
    ws = demoWorkspace(path.join(t.dir, 'demo.frontera'));
    backend = new Backend(ws);
  });
  afterAll(() => {
    backend.close();
    t.cleanup();
  });

  it('writes the warnings and study area in Spanish, the run itself unchanged', async () => {
    const es = await backend['analysis.run']({ kind: 'nni', layer: 'incidents', language: 'es' });
    const en = await backend['analysis.run']({ kind: 'nni', layer: 'incidents' });
    const window = translator('es', 'analysis')('studyArea.windows.box');
    // The country in Spanish, with its accent (the basemap's name is English: Mexico).
    expect(es.summary.studyArea).toBe(translator('es', 'analysis')('studyArea.land', { names: 'México', window }));
    expect(es.summary.studyArea).toMatch(/^tierra firme de México /);
    expect(en.summary.studyArea).toBe("land in Mexico (basemap) within the incidents' bounding box");
    // The demo's two stacked points, in each language's words.
    expect(es.warnings[0]).toMatch(/^2 puntos apilados reúnen 300 de los 5,512 incidentes \(5\.4 %\): /);
    expect(es.warnings[0]).toContain(`--exclude-stacked (${translator('es', 'app')('selection.excludeStacked')})`);
    expect(en.warnings[0]).toMatch(/^2 stacked points hold 300 of the 5,512 incidents \(5\.4 %\): /);
    expect(es.inputFingerprint).toBe(en.inputFingerprint);
    const { studyArea: _es, ...esParams } = es.params;
    const { studyArea: _en, ...enParams } = en.params;
    expect(esParams).toEqual(enParams);
    expect('language' in es.params).toBe(false);
    for (const k of ['n', 'ratio', 'z', 'p', 'studyAreaKm2'] as const) expect(es.summary[k]).toBe(en.summary[k]);
  });

  it('takes the language as the API validates requests, and refuses one it does not speak', () => {
    expect(validateInput('analysis.run', { kind: 'dbscan', layer: 'incidents', eps: 500, minPoints: 5, language: 'es' })).toMatchObject({ language: 'es' });
    expect(validateInput('analysis.run', { kind: 'areas', layer: 'incidents', by: 'municipalities', language: 'en' })).toMatchObject({ language: 'en' });
    expect(() => validateInput('analysis.run', { kind: 'nni', layer: 'incidents', language: 'fr' })).toThrow(/language/);
  });
});
