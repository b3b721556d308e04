/**
 * Counts per area: for every polygon of a layer (municipalities …), the incidents inside it, per
 * category and per unit of seized quantity, per 100 km² and per 100,000 people, and the classes
 * of a choropleth of one of them. Each incident counts in one area at most (pointInAreas.ts);
 * areas are geodesic on WGS 84 (geodesicArea.ts); quantities are summed per unit in fixed point
 * as the Summary sums them, so an area's row equals `frontera summary --within LAYER:N`.
 */
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { z } from 'zod';
import type { AreasParams } from '../../api/analysisInputs.ts';
import { UserError } from '../../errors.ts';
import { classify, type ClassMethod } from '../classify.ts';
import { geodesicArea } from '../geodesicArea.ts';
import { AreaIndex, assignToAreas } from '../pointInAreas.ts';
import { QUANTITY_SCALE } from '../summary.ts';
import type { AnalysisInputData, AnalysisOutput, RunOptions } from './types.ts';
import type { AreaRow } from '../areaRows.ts';
import { DEFAULT_LANGUAGE, LOCALE } from '../../i18n/languages.ts';
import { translator } from '../../i18n/translator.ts';

type Req = z.infer<typeof AreasParams>;

export const DEFAULT_CLASSES = 5;
/** How areaKm2 is measured, for the provenance. */
export const AREA_METHOD = 'geodesic on the WGS 84 ellipsoid (Karney)';

export function runAreas(req: Req, input: AnalysisInputData, opts: RunOptions): AnalysisOutput {
  const areas = input.areas?.polygons ?? [];
  if (!areas.length) throw new UserError(`--by ${input.areas?.layer ?? 'LAYER'}: the layer has no polygon`);
  if (req.mapValue === 'per100k' && req.per === undefined) throw new UserError('mapping the rate per 100,000 people needs --per POPULATION_FIELD');
  const pts = input.points;
  const index = new AreaIndex(areas.map((a) => a.geometry));
  const where = assignToAreas(index, pts.lon, pts.lat, {
    signal: opts.signal,
    onProgress: (done, total) => opts.onProgress?.({ phase: 'incidents in areas', done, total }),
  });

  // Counts and fixed-point sums in flat arrays by area × category and area × unit (slot 0: no unit).
  const nA = areas.length;
  const nC = pts.categories.length;
  const nU = pts.units.length + 1;
  const count = new Int32Array(nA);
  const byCat = new Int32Array(nA * nC);
  const unitSum = new Float64Array(nA * nU);
  const unitRecords = new Int32Array(nA * nU);
  let outside = 0;
  for (let i = 0; i < pts.count; i++) {
    const a = where[i];
    if (a < 0) {
      outside++;
      continue;
    }
    count[a]++;
    const c = pts.category[i];
    if (c >= 0) byCat[a * nC + c]++;
    const q = pts.quantity[i];
    if (Number.isFinite(q)) {
      const slot = a * nU + pts.unit[i] + 1;
      unitSum[slot] += Math.round(q * QUANTITY_SCALE);
      unitRecords[slot]++;
    }
  }
  // Category and unit names in the Summary's order: largest count first, units by name.
  const unitName = (u: number) => (u === 0 ? '' : pts.units[u - 1]);
  const unitsByName = Array.from({ length: nU }, (_, u) => u).sort((x, y) => unitName(x).localeCompare(unitName(y)));

  const withPer = req.per !== undefined;
  const rows: AreaRow[] = areas.map((area, a) => {
    const areaKm2 = area.areaKm2 ?? geodesicArea(area.geometry) / 1e6;
    const cats: [string, number][] = [];
    for (let c = 0; c < nC; c++) if (byCat[a * nC + c]) cats.push([pts.categories[c], byCat[a * nC + c]]);
    cats.sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]));
    const quantityByUnit: Record<string, number> = {};
    for (const u of unitsByName) if (unitRecords[a * nU + u]) quantityByUnit[unitName(u)] = unitSum[a * nU + u] / QUANTITY_SCALE;
    const row: AreaRow = {
      source_index: area.sourceIndex,
      name: area.name,
      count: count[a],
      areaKm2,
      density: areaKm2 > 0 ? (count[a] / areaKm2) * 100 : null,
      countsByCategory: Object.fromEntries(cats),
      quantityByUnit,
    };
    if (withPer) {
      row.population = area.population;
      row.per100k = area.population !== null && area.population > 0 ? (count[a] / area.population) * 100_000 : null;
    }
    return row;
  });

  const mapValue = req.mapValue ?? 'count';
  const method: ClassMethod = req.classify ?? 'natural-breaks';
  const asked = method === 'manual' ? (req.breaks?.length ?? 0) + 1 : (req.classes ?? DEFAULT_CLASSES);
  if (method === 'manual' && !req.breaks) throw new UserError('manual classes need their limits (--breaks 10,50,100)');
  const classes = classify(
    rows.map((r) => r[mapValue] ?? null),
    method,
    asked,
    req.breaks,
  );

  const warnings: string[] = [];
  const language = input.language ?? DEFAULT_LANGUAGE;
  const t = translator(language, 'analysis');
  const n = (v: number) => v.toLocaleString(LOCALE[language]);
  const skipped = input.areas?.skipped ?? 0;
  if (skipped) warnings.push(t('areas.skipped', { count: skipped, n: skipped, layer: input.areas?.layer }));
  if (outside) warnings.push(t('areas.outside', { n: n(outside), total: n(pts.count) }));
  if (withPer) {
    const missing = rows.filter((r) => r.per100k === null).length;
    if (missing) warnings.push(t('areas.noPopulation', { count: missing, n: missing, field: req.per }));
  }
  if (classes.classes.length && classes.classes.length < asked) {
    warnings.push(t('areas.fewerClasses', { n: classes.classes.length, asked }));
  }

  const features: Feature<Polygon | MultiPolygon>[] = rows.map((r, a) => ({
    type: 'Feature',
    geometry: areas[a].geometry,
    properties: { ...r, class: classes.classOf[a] < 0 ? null : classes.classOf[a] },
  }));
  const top = [...rows]
    .sort((x, y) => y.count - x.count || x.source_index - y.source_index)
    .slice(0, 5)
    .map((r) => ({ source_index: r.source_index, name: r.name, count: r.count, density: r.density }));
  return {
    params: {
      ...req,
      by: input.areas?.layer ?? req.by,
      nameField: input.areas?.nameField ?? null,
      mapValue,
      classify: method,
      classes: classes.classes.length,
      areaMethod: AREA_METHOD,
    },
    summary: {
      areas: nA,
      incidents: pts.count,
      inAreas: pts.count - outside,
      outside,
      mapValue,
      classify: method,
      classes: classes.classes,
      noData: classes.noData,
      topAreas: top,
    },
    geojson: { type: 'FeatureCollection', features },
    warnings,
  };
}
