/**
 * Reads a point layer into the typed columns of shared/model/points.ts: one raw SELECT straight
 * into preallocated arrays, since analyses over a million points want no per-row objects.
 */
import type Database from 'better-sqlite3';
import { featureFilterSql, type FeatureFilter } from './featureFilter.ts';
import type { PointColumns } from '../../../shared/model/points.ts';

export type { PointColumns };

type Prepare = (sql: string) => Database.Statement;

export function readPointColumns(
  prepare: Prepare,
  prepareRaw: Prepare,
  layerId: number,
  filter: FeatureFilter,
): PointColumns {
  const { where, params } = featureFilterSql(layerId, filter);
  const pointWhere = `${where} AND lon IS NOT NULL AND lat IS NOT NULL`;
  const n = (prepare(`SELECT count(*) AS n FROM features WHERE ${pointWhere}`).get(...params) as { n: number }).n;
  const out: PointColumns = {
    count: n,
    ids: new Float64Array(n),
    lon: new Float64Array(n),
    lat: new Float64Array(n),
    time: new Float64Array(n),
    timePrecision: new Uint8Array(n),
    category: new Int32Array(n),
    categories: [],
    quantity: new Float64Array(n),
    unit: new Int32Array(n),
    units: [],
    sourceIndex: new Float64Array(n),
  };
  const catIndex = new Map<string, number>();
  const unitIndex = new Map<string, number>();
  const stmt = prepareRaw(
    `SELECT id, lon, lat, time, time_precision, category, quantity, unit, source_index FROM features WHERE ${pointWhere} ORDER BY id`,
  );
  let i = 0;
  for (const row of stmt.iterate(...params) as Iterable<unknown[]>) {
    if (i === n) break; // a concurrent writer cannot add rows inside our read snapshot, but stay safe
    out.ids[i] = row[0] as number;
    out.lon[i] = row[1] as number;
    out.lat[i] = row[2] as number;
    out.time[i] = row[3] === null ? NaN : (row[3] as number);
    out.timePrecision[i] = row[4] === 'instant' ? 1 : row[4] === 'date' ? 2 : 0;
    const c = row[5] as string | null;
    if (c === null) out.category[i] = -1;
    else {
      let k = catIndex.get(c);
      if (k === undefined) {
        k = out.categories.length;
        catIndex.set(c, k);
        out.categories.push(c);
      }
      out.category[i] = k;
    }
    out.quantity[i] = row[6] === null ? NaN : (row[6] as number);
    const u = row[7] as string | null;
    if (u === null) out.unit[i] = -1;
    else {
      let k = unitIndex.get(u);
      if (k === undefined) {
        k = out.units.length;
        unitIndex.set(u, k);
        out.units.push(u);
      }
      out.unit[i] = k;
    }
    out.sourceIndex[i] = row[8] as number;
    i++;
  }
  out.count = i;
  return out;
}
