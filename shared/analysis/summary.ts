/**
 * The summary an analyst reads off a selection of incidents: how many, of which categories,
 * how much was seized in each unit (kg, units, …), and the first and last time. Pure: takes
 * point columns, returns plain data. Quantities are summed per unit and never across units
 * (kilograms and rounds of ammunition do not add up); records with a quantity but no unit are
 * summed under the unit '' ("no unit").
 */
import type { PointColumns } from '../model/points.ts';

interface CategoryCount {
  category: string;
  count: number;
}

interface UnitTotal {
  unit: string;
  /** Sum of the quantities in this unit. */
  total: number;
  /** Records that carry a quantity in this unit. */
  records: number;
}

interface CategoryQuantity {
  category: string;
  unit: string;
  total: number;
  records: number;
}

export interface PointSummary {
  count: number;
  /** Largest count first, ties by name; records without a category are not listed. */
  byCategory: CategoryCount[];
  /** Records without a category. */
  uncategorised: number;
  /** Largest total first is meaningless across units: sorted by unit name. */
  quantityByUnit: UnitTotal[];
  /** Per category and unit, in the order of byCategory. */
  quantityByCategory: CategoryQuantity[];
  /** Epoch ms of the first and last timed record; null when no record has a time. */
  firstTime: number | null;
  lastTime: number | null;
  /** Records without a time. */
  untimed: number;
}

/**
 * Sums in fixed point where the data allows it: seizures are recorded in whole units or a few
 * decimals, and a floating-point sum of thousands of tenths drifts (0.1 + 0.2). Each value is
 * scaled by 10^6, rounded and summed as an integer; the scaled sum stays exact below 2^53.
 */
export const QUANTITY_SCALE = 1e6;

export function summarizePoints(points: PointColumns): PointSummary {
  const n = points.count;
  const catCounts = new Map<number, number>();
  let uncategorised = 0;
  const unitSums = new Map<number, { scaled: number; records: number }>();
  const catUnitSums = new Map<string, { cat: number; unit: number; scaled: number; records: number }>();
  let first = Infinity;
  let last = -Infinity;
  let untimed = 0;
  for (let i = 0; i < n; i++) {
    const c = points.category[i];
    if (c >= 0) catCounts.set(c, (catCounts.get(c) ?? 0) + 1);
    else uncategorised++;
    const t = points.time[i];
    if (Number.isFinite(t)) {
      if (t < first) first = t;
      if (t > last) last = t;
    } else untimed++;
    const q = points.quantity[i];
    if (Number.isFinite(q)) {
      const u = points.unit[i];
      const scaled = Math.round(q * QUANTITY_SCALE);
      const us = unitSums.get(u) ?? { scaled: 0, records: 0 };
      us.scaled += scaled;
      us.records++;
      unitSums.set(u, us);
      const key = `${c}|${u}`;
      const cs = catUnitSums.get(key) ?? { cat: c, unit: u, scaled: 0, records: 0 };
      cs.scaled += scaled;
      cs.records++;
      catUnitSums.set(key, cs);
    }
  }
  const catName = (c: number) => (c >= 0 ? (points.categories[c] ?? String(c)) : '');
  const unitName = (u: number) => (u >= 0 ? (points.units[u] ?? String(u)) : '');
  const byCategory = [...catCounts]
    .map(([c, count]) => ({ category: catName(c), count }))
    .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category));
  const rank = new Map(byCategory.map((c, i) => [c.category, i]));
  const quantityByUnit = [...unitSums]
    .map(([u, s]) => ({ unit: unitName(u), total: s.scaled / QUANTITY_SCALE, records: s.records }))
    .sort((a, b) => a.unit.localeCompare(b.unit));
  const quantityByCategory = [...catUnitSums.values()]
    .map((s) => ({ category: catName(s.cat), unit: unitName(s.unit), total: s.scaled / QUANTITY_SCALE, records: s.records }))
    .sort(
      (a, b) =>
        (rank.get(a.category) ?? Infinity) - (rank.get(b.category) ?? Infinity) ||
        a.category.localeCompare(b.category) ||
        a.unit.localeCompare(b.unit),
    );
  return {
    count: n,
    byCategory,
    uncategorised,
    quantityByUnit,
    quantityByCategory,
    firstTime: first <= last ? first : null,
    lastTime: first <= last ? last : null,
    untimed,
  };
}
