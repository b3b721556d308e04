/**
 * The point columns of big layers kept in memory for view bins (shared/geo/viewBins.ts): read
 * once per layer version with the store's typed-array reader, projected to Web Mercator once,
 * then every pan is one pass over the arrays instead of a SQL scan. Keyed by layer id +
 * fingerprint; the owner drops a layer's entry when it is removed or re-imported. Only the
 * columns binning reads are kept (≈ 28 bytes a point: 28 MB for a million) and the ids (8 more).
 *
 * A view under an attribute filter bins the subset of those columns whose records pass it: the
 * store tests the filter once (on the properties, which the cache does not hold) and the subset
 * is kept beside the layer's columns, for the last few filters.
 */
import type { LayerInfo } from '../../shared/api/contract.ts';
import { mercatorX, mercatorY, type BinnablePoints } from '../../shared/geo/viewBins.ts';
import type { WorkspaceStore } from './store/store.ts';
import { compileFilter } from '../../shared/analysis/attributeFilter.ts';

interface Entry {
  key: string;
  points: BinnablePoints;
  ids: Float64Array;
  /** Subsets under an attribute filter, by its text as asked (most recent last). */
  filtered: Map<string, BinnablePoints>;
}

/** Filtered subsets kept per layer. */
const KEPT_FILTERS = 2;

const keyOf = (l: LayerInfo) => `${l.id}:${l.fingerprint}:${l.featureCount}`;

export class PointCache {
  private readonly entries = new Map<number, Entry>();

  /** How many layers stay cached (least recently used goes first). */
  constructor(private readonly capacity = 3) {}

  /** The cached points of a layer (under `where`) without asking the store (valid until `drop` or `retain`). */
  peek(layerId: number, where?: string): BinnablePoints | undefined {
    const e = this.entries.get(layerId);
    return where === undefined ? e?.points : e?.filtered.get(where);
  }

  /** Drops the entries of layers that are gone or changed (another process may write the workspace). */
  retain(layers: LayerInfo[]): void {
    const current = new Map(layers.map((l) => [l.id, keyOf(l)]));
    for (const [id, e] of this.entries) if (current.get(id) !== e.key) this.entries.delete(id);
  }

  async get(workspace: WorkspaceStore, layer: LayerInfo, where?: string): Promise<BinnablePoints> {
    const e = await this.entry(workspace, layer);
    if (where === undefined) return e.points;
    let sub = e.filtered.get(where);
    if (!sub) {
      sub = filteredPoints(e, (await workspace.readPoints(layer.id, { where: compileFilter(where, layer.fields, layer.name) })).ids);
      e.filtered.set(where, sub);
      while (e.filtered.size > KEPT_FILTERS) e.filtered.delete(e.filtered.keys().next().value as string);
    }
    return sub;
  }

  private async entry(workspace: WorkspaceStore, layer: LayerInfo): Promise<Entry> {
    const key = keyOf(layer);
    const hit = this.entries.get(layer.id);
    if (hit && hit.key === key) {
      // Refresh its place in the LRU order.
      this.entries.delete(layer.id);
      this.entries.set(layer.id, hit);
      return hit;
    }
    const cols = await workspace.readPoints(layer.id);
    const mx = new Float64Array(cols.count);
    const my = new Float64Array(cols.count);
    for (let i = 0; i < cols.count; i++) {
      mx[i] = mercatorX(cols.lon[i]);
      my[i] = mercatorY(cols.lat[i]);
    }
    const points: BinnablePoints = {
      count: cols.count,
      mx,
      my,
      time: cols.time,
      category: cols.category,
      categories: cols.categories,
    };
    const entry: Entry = { key, points, ids: cols.ids, filtered: new Map() };
    this.entries.delete(layer.id);
    this.entries.set(layer.id, entry);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as number);
    return entry;
  }

  /** Forgets one layer, or every layer. */
  drop(layerId?: number): void {
    if (layerId === undefined) this.entries.clear();
    else this.entries.delete(layerId);
  }

  has(layerId: number): boolean {
    return this.entries.has(layerId);
  }
}

/** The cached columns of the records whose ids are `kept` (ascending, as the store reads them). */
function filteredPoints(e: Entry, kept: Float64Array): BinnablePoints {
  const p = e.points;
  const index = new Uint32Array(kept.length);
  let n = 0;
  for (let i = 0, j = 0; i < e.ids.length && j < kept.length; i++) {
    if (e.ids[i] === kept[j]) {
      index[n++] = i;
      j++;
    }
  }
  const pick = <T extends Float64Array | Int32Array>(a: T, make: new (len: number) => T): T => {
    const b = new make(n);
    for (let k = 0; k < n; k++) b[k] = a[index[k]];
    return b;
  };
  return {
    count: n,
    mx: pick(p.mx, Float64Array),
    my: pick(p.my, Float64Array),
    time: pick(p.time, Float64Array),
    category: pick(p.category, Int32Array),
    categories: p.categories,
  };
}
