import type { NormalizedFeature } from '../model/feature.ts';
import type { GeneratedIncidents } from './incidents.ts';

/**
 * Generated columns as workspace features (Point, instant times), one at a time, for tests and
 * benchmarks that go through the store: a million-point layer is written without a million
 * objects alive at once. With `properties`, the category, quantity and planted `component`
 * also go in the properties so results can be scored against the planted truth; without, the
 * rows stay as small as a big bench workspace wants.
 */
export function* iterateIncidentFeatures(g: GeneratedIncidents, { properties = true } = {}): Generator<NormalizedFeature> {
  for (let i = 0; i < g.count; i++) {
    const q = g.quantity[i];
    const u = g.unit[i];
    const category = g.categoryNames[g.category[i]];
    const quantity = Number.isNaN(q) ? null : q;
    yield {
      sourceIndex: i,
      geometry: { type: 'Point', coordinates: [g.lon[i], g.lat[i]] },
      properties: properties ? { category, quantity, component: g.component[i] } : {},
      time: g.time[i],
      timePrecision: 'instant',
      category,
      quantity,
      unit: u < 0 ? null : g.unitNames[u],
    };
  }
}

/** All of them in an array, for analyses that take features. */
export function incidentsToFeatures(g: GeneratedIncidents): NormalizedFeature[] {
  return [...iterateIncidentFeatures(g)];
}
