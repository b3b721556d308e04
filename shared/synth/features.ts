import type { NormalizedFeature } from '../model/feature.ts';
import type { GeneratedIncidents } from './incidents.ts';

/**
 * Generated columns as workspace features (Point, instant times), for tests and benchmarks that
 * go through the store or an analysis taking features. `component` is kept in the properties so
 * results can still be scored against the planted truth.
 */
export function incidentsToFeatures(g: GeneratedIncidents): NormalizedFeature[] {
  const out = new Array<NormalizedFeature>(g.count);
  for (let i = 0; i < g.count; i++) {
    const q = g.quantity[i];
    const u = g.unit[i];
    const category = g.categoryNames[g.category[i]];
    out[i] = {
      sourceIndex: i,
      geometry: { type: 'Point', coordinates: [g.lon[i], g.lat[i]] },
      properties: { category, quantity: Number.isNaN(q) ? null : q, component: g.component[i] },
      time: g.time[i],
      timePrecision: 'instant',
      category,
      quantity: Number.isNaN(q) ? null : q,
      unit: u < 0 ? null : g.unitNames[u],
    };
  }
  return out;
}
