/**
 * A counts-per-area row (runAreas.ts), as `frontera summary --by --json` prints it and the result's
 * features carry it, and the same rows flattened for the formats without nested values.
 */

/** One area's row: the keys `frontera summary --by --json` prints, in this order. */
export interface AreaRow {
  source_index: number;
  name: string | null;
  count: number;
  areaKm2: number;
  /** Incidents per 100 km²; null for an area of no extent. */
  density: number | null;
  countsByCategory: Record<string, number>;
  quantityByUnit: Record<string, number>;
  /** With `per`: the population and incidents per 100,000 people (null without a population). */
  population?: number | null;
  per100k?: number | null;
}

/**
 * The areas' rows as flat fields, for the files an analyst opens in QGIS or ArcGIS (a shapefile,
 * a GeoPackage, a CSV): the count of each category as `n_<category>` and the total of each unit
 * as `q_<unit>` (`q_no_unit` for quantities without one), the same columns on every row, 0 where
 * an area has none.
 */
export function flatAreaRows(rows: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  const cats = new Set<string>();
  const units = new Set<string>();
  for (const r of rows) {
    for (const c of Object.keys((r.countsByCategory ?? {}) as object)) cats.add(c);
    for (const u of Object.keys((r.quantityByUnit ?? {}) as object)) units.add(u);
  }
  const catList = [...cats].sort();
  const unitList = [...units].sort();
  return rows.map((r) => {
    const { countsByCategory, quantityByUnit, ...rest } = r as { countsByCategory?: Record<string, number>; quantityByUnit?: Record<string, number> };
    const out: Record<string, unknown> = { ...rest };
    for (const c of catList) out[`n_${c}`] = countsByCategory?.[c] ?? 0;
    for (const u of unitList) out[`q_${u || 'no_unit'}`] = quantityByUnit?.[u] ?? 0;
    return out;
  });
}
