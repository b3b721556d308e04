/**
 * The point columns of big layers kept in memory for view bins (shared/geo/viewBins.ts): read
 * once per layer version with the store's typed-array reader, projected to Web Mercator once,
 * then every pan is one pass over the arrays instead of a SQL scan. Keyed by layer id +
 * fingerprint; the owner drops a layer's entry when it is removed or re-imported. Only the
 * columns binning reads are kept (≈ 28 bytes a point: 28 MB for a million).
 */
import type { LayerInfo } from '../../shared/api/contract.ts';
import { mercatorX, mercatorY, type BinnablePoints } from '../../shared/geo/viewBins.ts';
import type { WorkspaceStore } from './store/store.ts';

interface Entry {
  key: string;
  points: BinnablePoints;
}

const keyOf = (l: LayerInfo) => `${l.id}:${l.fingerprint}:${l.featureCount}`;

export class PointCache {
  private readonly entries = new Map<number, Entry>();

  /** How many layers stay cached (least recently used goes first). */
  constructor(private readonly capacity = 3) {}

  /** The cached points of a layer without asking the store (valid until `drop` or `retain`). */
  peek(layerId: number): BinnablePoints | undefined {
    return this.entries.get(layerId)?.points;
  }

  /** Drops the entries of layers that are gone or changed (another process may write the workspace). */
  retain(layers: LayerInfo[]): void {
    const current = new Map(layers.map((l) => [l.id, keyOf(l)]));
    for (const [id, e] of this.entries) if (current.get(id) !== e.key) this.entries.delete(id);
  }

  async get(workspace: WorkspaceStore, layer: LayerInfo): Promise<BinnablePoints> {
    const key = keyOf(layer);
    const hit = this.entries.get(layer.id);
    if (hit && hit.key === key) {
      // Refresh its place in the LRU order.
      this.entries.delete(layer.id);
      this.entries.set(layer.id, hit);
      return hit.points;
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
    this.entries.delete(layer.id);
    this.entries.set(layer.id, { key, points });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as number);
    return points;
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
