/**
 * The briefing model in Spanish over the demo workspace (a DBSCAN and a Gi* run, the planted
 * SLRC homicides): every word the model writes is Mexican Spanish, numbers and dates are written
 * as es-MX does, and data values (layer and category names, the analyst's title and banner)
 * come through as stored.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workspace } from '../../../electron/backend/store/workspace.ts';
import { SqliteStore } from '../../../electron/backend/store/sqliteStore.ts';
import { runAnalysis } from '../../../electron/backend/analysis/analysisService.ts';
import { briefingModel } from '../../../electron/backend/briefing/briefingModel.ts';
import type { BriefingModel } from '../../../shared/report/model.ts';
import { SLRC_SPIKE } from '../../../shared/demo/facts.ts';
import { demoWorkspace, tempDir } from '../analysisService/helpers.ts';

/** Every text the model writes itself (not the layer's data, nor the provenance's JSON parameters). */
function ownWords(m: BriefingModel): string[] {
  return [
    m.subtitle ?? '',
    m.synthetic ?? '',
    m.notice ?? '',
    m.comparison?.sentence ?? '',
    m.comparison?.pText ?? '',
    ...m.layers.map((l) => l.title),
    ...m.legend.flatMap((g) => [g.title, ...g.entries.map((e) => e.label)]),
    ...m.keyFigures.flatMap((s) => [s.title, ...s.rows.flatMap((r) => [r.label, r.value, r.detail ?? ''])]),
    ...m.sources,
    ...(m.timeline?.bins.map((b) => b.label) ?? []),
    ...m.provenance.analyses.flatMap((a) => [a.method, a.selection]),
    m.provenance.comparison?.test ?? '',
  ].filter(Boolean);
}

/** English the page used to print: none of it may be left in a Spanish model. */
const ENGLISH =
  /\b(Incidents|in selection|of them|Hotspot|Hot spot|Cold spot|Clusters|clustered|cluster \(|Bandwidth|Peak density|per km|features|SYNTHETIC|demonstration|Basemap|seizures|Homicides|confrontations|confidence|Densest|centreline|Reference|No category|fell|rose|exact test|significant|density clustering|analysis|Jan|Feb|Apr|Aug|Dec)\b/;

describe('briefing model in Spanish on the demo workspace', () => {
  const tmp = tempDir('frontera-brief-es-');
  let ws: Workspace;
  let store: SqliteStore;
  let dbscanId: number;
  let gistarId: number;
  const at = '2026-12-05T18:30:00Z';

  beforeAll(async () => {
    ws = demoWorkspace(path.join(tmp.dir, 'demo.frontera'));
    store = new SqliteStore(ws);
    dbscanId = (await runAnalysis(store, { kind: 'dbscan', layer: 'incidents', eps: 1500, minPoints: 8 })).run.id;
    gistarId = (await runAnalysis(store, { kind: 'gistar', layer: 'incidents' })).run.id;
  }, 120_000);

  afterAll(() => {
    ws?.close();
    tmp.cleanup();
  });

  it('writes legend, key figures, sources and provenance in Spanish, with es-MX numbers and Spanish months', async () => {
    const m = await briefingModel(store, { analyses: [dbscanId, gistarId], at, language: 'es' });
    const total = ws.getLayer('incidents').featureCount;
    expect(total).toBeGreaterThan(1000);
    const totalText = String(total).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    expect(m.language).toBe('es');
    expect(m.dtg).toBe('051830ZDIC26');
    expect(m.title).toBe('Incidentes: incidents');
    expect(m.subtitle).toBe('Del 1 ene 2023 al 31 dic 2023 (America/Tijuana)');
    expect(m.synthetic).toBe('DATOS SINTÉTICOS — solo para demostración');

    // The layer's name is data; its categories are named in Spanish.
    const cats = m.legend.find((g) => g.title === 'incidents')!;
    expect(cats.entries.map((e) => e.label)).toEqual(expect.arrayContaining(['Homicidios', 'Enfrentamientos armados', 'Aseguramientos de fentanilo']));
    expect(m.layers.find((l) => l.kind === 'incidents')!.title).toBe(`incidents (${totalText} incidentes)`);
    const gi = m.legend.find((g) => g.title === `Análisis de puntos calientes Gi* de Getis–Ord #${gistarId}`)!;
    expect(gi.entries.map((e) => e.label)).toContain('Punto caliente, 99 % de confianza');
    expect(m.legend.find((g) => g.title.startsWith('Agrupamiento por densidad DBSCAN'))!.entries[0].label).toBe('Clúster DBSCAN (etiqueta: posición: incidentes)');

    // Thousands with a comma, decimals with a point (es-MX); hemispheres N and O (oeste).
    const selection = m.keyFigures[0];
    expect(selection.title).toBe('Incidentes');
    expect(selection.rows[0]).toEqual({ label: 'Incidentes en la selección', value: totalText });
    const db = m.keyFigures.find((s) => s.title === `Agrupamiento por densidad DBSCAN #${dbscanId}`)!;
    expect(db.rows[0].label).toBe('Clústeres');
    expect(db.rows[0].detail).toMatch(new RegExp(`^${totalText} incidentes, \\d+ % en clústeres$`));
    const top = (ws.listAnalyses().find((a) => a.id === dbscanId)!.summary as { top: { count: number }[] }).top[0];
    const hot1 = db.rows.find((r) => r.label === 'Punto caliente #1')!;
    expect(hot1.value).toBe(`${top.count.toLocaleString('es-MX')} incidentes`);
    expect(hot1.detail).toMatch(/^\d+\.\d{3}°N \d+\.\d{3}°O; /);
    expect(hot1.detail).toMatch(/\d{1,3}(,\d{3})*(\.\d)? kg/);
    expect(m.keyFigures.find((s) => s.title.startsWith('Análisis de puntos calientes'))!.rows.map((r) => r.label)).toContain(
      'Celdas de punto caliente (99/95/90 %)',
    );

    expect(m.sources[0]).toMatch(/^incidents: .*, [\d,]+ elementos, sha256 [0-9a-f]{12} — DATOS SINTÉTICOS$/);
    expect(m.sources.at(-1)).toMatch(/^Mapa base: Natural Earth \(dominio público\)/);
    expect(m.provenance.analyses[0]).toMatchObject({ method: 'Agrupamiento por densidad DBSCAN', selection: `incidents; ${totalText} incidentes` });
    expect(m.provenance.reproduce).toContain('--lang es');
    // Weekly bins for a year: each labelled by its Monday, in Spanish.
    expect(m.timeline!.bin).toBe('week');
    expect(m.timeline!.bins[1].label).toBe('2 ene 2023');
    expect(ownWords(m).filter((s) => ENGLISH.test(s))).toEqual([]);
  });

  it('states the period comparison in Spanish and keeps the analyst\'s title and banner as typed', async () => {
    const m = await briefingModel(store, {
      categories: ['homicide'],
      from: SLRC_SPIKE.before.from,
      to: SLRC_SPIKE.after.to,
      within: 'municipalities:nombre=San Luis Río Colorado',
      compare: { split: SLRC_SPIKE.after.from, days: 8 },
      title: 'Homicidios en la zona fronteriza',
      banner: 'CONFIDENCIAL',
      at,
      language: 'es',
    });
    expect(m.title).toBe('Homicidios en la zona fronteriza');
    expect(m.banner).toEqual({ text: 'CONFIDENCIAL', color: '#0033a0', textColor: '#ffffff' });
    expect(m.subtitle).toBe('Del 14 jul 2023 al 29 jul 2023 (America/Tijuana)');
    expect(m.comparison!.sentence).toBe(
      'Los homicidios disminuyeron de 13 a 6 (−54 %); con cifras tan bajas, el cambio no es estadísticamente significativo (prueba exacta, p = 0.17).',
    );
    expect(m.comparison!.pText).toBe('p = 0.17');
    expect(m.keyFigures[0].title).toBe('Homicidios');
    // Daily bins: the day and the month named.
    expect(m.timeline!.bins.map((b) => b.label).slice(0, 2)).toEqual(['14 jul 2023', '15 jul 2023']);
    expect(m.provenance.comparison!.test).toMatch(/^prueba condicional exacta de dos tasas de Poisson/);
    expect(ownWords(m).filter((s) => ENGLISH.test(s))).toEqual([]);
  });

  it('says an empty selection, and an instant in the time window, in Spanish (24 h clock)', async () => {
    const empty = await briefingModel(store, { from: '2030-01-01', at, language: 'es' });
    expect(empty.notice).toBe('No hay incidentes en esta selección (del 1 ene 2030 al … (America/Tijuana)).');
    const m = await briefingModel(store, { from: '2023-07-14T21:30:00Z', to: '2023-07-29', at, language: 'es' });
    expect(m.subtitle).toBe('Del 14 jul 2023, 14:30 al 29 jul 2023 (America/Tijuana)');
  });
});
