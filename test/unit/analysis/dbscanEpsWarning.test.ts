/**
 * A DBSCAN run whose eps chains warns, and says what to try. Up to CHAIN_CHECK_MAX incidents it
 * names the eps Suggest gives for the same records (suggestEps, run here on the run's own metres);
 * above, it points to Suggest without running the k-distance pass (a third of a 200,000-incident
 * run's CPU, npm run bench -- cli), in either language.
 */
import { describe, expect, it } from 'vitest';
import { runDbscan } from '../../../shared/analysis/run/runDbscan.ts';
import { CHAIN_CHECK_MAX, epsAdvice, suggestEps } from '../../../shared/analysis/suggestEps.ts';
import { localProjectionFor } from '../../../shared/analysis/localProjection.ts';
import { translator } from '../../../shared/i18n/translator.ts';
import type { PointColumns } from '../../../shared/model/points.ts';
import { mulberry32 } from '../../bench/peers/synthPoints.ts';

/** `n` incidents in a 30 × 30 km square near San Luis Río Colorado: at eps 2 km they all chain. */
function square(n: number): PointColumns {
  const rnd = mulberry32(17);
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    lon[i] = -114.9 + 0.3 * rnd();
    lat[i] = 32.3 + 0.27 * rnd();
  }
  const nan = new Float64Array(n).fill(NaN);
  const none = new Int32Array(n).fill(-1);
  const index = Float64Array.from({ length: n }, (_, i) => i);
  return { count: n, ids: index, lon, lat, time: nan, timePrecision: new Uint8Array(n), category: none, categories: [], quantity: nan, unit: none, units: [], sourceIndex: index };
}

const warningOf = (points: PointColumns, language: 'en' | 'es' = 'en') => {
  const out = runDbscan({ kind: 'dbscan', layer: 'x', eps: 2000, minPoints: 5 }, { points, tz: 'UTC', language }, {});
  return out.warnings;
};

describe('the warning of a DBSCAN run whose eps chains', () => {
  it('names the eps Suggest gives, up to CHAIN_CHECK_MAX incidents', () => {
    const points = square(5000);
    const { x, y } = localProjectionFor(points.lon, points.lat).projectArrays(points.lon, points.lat);
    const advice = epsAdvice(suggestEps(x, y, 5), 2000);
    expect(advice).toMatch(/^Suggest gives [\d,]+ m for min points 5/);
    expect(warningOf(points).find((w) => w.startsWith('one cluster spreads'))).toMatch(new RegExp(`; ${advice}$`));
  });

  it('points to Suggest above CHAIN_CHECK_MAX, in the run language', () => {
    const points = square(CHAIN_CHECK_MAX + 1);
    const suggest = { en: translator('en', 'app')('params.dbscan.suggest'), es: translator('es', 'app')('params.dbscan.suggest') };
    for (const language of ['en', 'es'] as const) {
      const fallback = translator(language, 'analysis')('eps.fallback', { suggest: suggest[language] });
      const warning = warningOf(points, language).find((w) => w.includes(fallback));
      expect(warning, language).toBeDefined();
      expect(warning).not.toMatch(/\d m for min points|para un mínimo de puntos de \d/);
    }
  });
});
