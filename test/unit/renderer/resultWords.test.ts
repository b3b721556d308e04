/**
 * A result's legend and popup in the app's language: the classes and rows come from the params
 * section of the catalogue (read here from RESOURCES), figures in the language's number format,
 * and an emerging pattern by its code, whatever English name the run stored.
 */
import { describe, expect, it } from 'vitest';
import type { FeatureCollection } from 'geojson';
import { legendClasses } from '../../../renderer/map/resultLayers.ts';
import { popupRows } from '../../../renderer/analysis/resultPopup.ts';
import { wordsFor } from '../../../renderer/i18n/language.tsx';
import { describeParams, describeSelection } from '../../../renderer/analysis/describeParams.ts';
import { RESOURCES } from '../../../shared/i18n/translator.ts';
import type { AnalysisDetail } from '../../../shared/api/contract.ts';

const es = RESOURCES.es.app.params;
const spanish = wordsFor('es');

const fill = (template: string, values: Record<string, string | number>) => template.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => String(values[k]));

function detail(kind: AnalysisDetail['kind'], props: Record<string, unknown>[], summary: Record<string, unknown> = {}): Pick<AnalysisDetail, 'kind' | 'geojson' | 'summary' | 'raster'> {
  const geojson = { type: 'FeatureCollection', features: props.map((p) => ({ type: 'Feature', geometry: null, properties: p })) } as unknown as FeatureCollection;
  return { kind, geojson: geojson as AnalysisDetail['geojson'], summary };
}

describe('result words in Spanish and English', () => {
  it('writes the Gi* bins, emerging patterns and KDE levels of the legend in Spanish', () => {
    const gi = legendClasses(detail('gistar', [{ gi_bin: 3 }, { gi_bin: 3 }, { gi_bin: 0 }, { gi_bin: -2 }]), spanish);
    expect(gi.map((c) => [c.label, c.count])).toEqual([
      [es.legend.giBins.hot99, 2],
      [es.legend.giBins.hot95, 0],
      [es.legend.giBins.hot90, 0],
      [es.legend.giBins.none, 1],
      [es.legend.giBins.cold90, 0],
      [es.legend.giBins.cold95, 1],
      [es.legend.giBins.cold99, 0],
    ]);
    // The run stored English names; the legend names the pattern by its code.
    const emerging = legendClasses(
      detail('emerging', [
        { pattern: 'new_hot', pattern_label: 'New hot spot' },
        { pattern: 'no_pattern', pattern_label: 'No pattern detected' },
      ]),
      spanish,
    );
    expect(emerging.map((c) => c.label)).toEqual([es.legend.patterns.new_hot, fill(es.legend.notDrawn, { label: es.legend.patterns.no_pattern })]);
    const kde = legendClasses(detail('kde', [{ contour_percent: 5, density_level: 1234.5 }]), spanish);
    expect(kde[0].label).toBe(fill(es.legend.contour, { percent: 5, level: new Intl.NumberFormat('es-MX', { maximumFractionDigits: 0 }).format(1234.5) }));
  });

  it("writes a result feature's popup in Spanish", () => {
    expect(popupRows({ cell_id: 4, gi_z: 3.1234, gi_p: 0.0004, gi_bin: 3, count: 1200 }, spanish)).toEqual([
      ['Gi* z', '3.12'],
      ['p', '< 0.001'],
      [es.popup.confidence, fill(es.popup.hot, { level: 99 })],
      [es.popup.incidents, new Intl.NumberFormat('es-MX').format(1200)],
    ]);
    expect(popupRows({ pattern: 'persistent_cold', pattern_label: 'Persistent cold spot' }, spanish)[0]).toEqual([es.popup.pattern, es.legend.patterns.persistent_cold]);
    expect(popupRows({ part: 'centerline', corridor_id: 'c1', crossesBorder: true }, spanish)).toEqual([
      [es.popup.corridor, 'c1'],
      [es.popup.crossesBorder, es.popup.yes],
    ]);
  });

  it("states a stored run's parameters and selection in Spanish, days named as Intl es-MX names them", () => {
    const d = es.describe.labels;
    expect(describeParams({ kind: 'dbscan', eps: 1500, minPoints: 8, hull: 'concave' }, undefined, spanish)).toEqual([
      `${d.eps} ${new Intl.NumberFormat('es-MX').format(1500)} m`,
      `${d.minPoints} 8`,
      `${d.hull} ${es.dbscan.concave}`,
    ]);
    expect(describeParams({ fdr: false, step: 'week' }, undefined, spanish)).toEqual([`${d.fdr} ${es.describe.off}`, `${d.step} ${es.emerging.steps.week}`]);
    const esDay = (y: number, m: number, day: number) =>
      new Intl.DateTimeFormat('es-MX', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, day));
    expect(describeSelection({ selection: { from: '2023-07-14', to: '2023-07-21', within: 'municipalities' } }, 'America/Tijuana', spanish)).toBe(
      `${esDay(2023, 7, 14)} – ${esDay(2023, 7, 21)} · ${es.describe.allCategories} · ${fill(es.describe.within, { area: 'municipalities' })}`,
    );
  });
});
