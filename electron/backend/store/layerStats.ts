/**
 * A layer's statistics gathered as its features are written (extent, geometry type, time range,
 * category counts, time windows), so nothing re-reads what was written: the SQLite writer
 * (layerWriter.ts) and the PostGIS one (postgis/layerCopy.ts) count the same way.
 */
import type { BBox, GeometryType } from '../../../shared/model/feature.ts';
import { windowLength } from '../../../shared/analysis/aoristic.ts';
import type { BlockColumns, BlockRow } from './pointBlocks.ts';

export type LayerStorage = 'blocks' | 'rows';

export interface LayerStats {
  featureCount: number;
  storage: LayerStorage;
  /** Milliseconds in row or block INSERTs, and in the R*Tree fill plus index rebuilds. */
  insertMillis: number;
  indexMillis: number;
  geometryType: GeometryType;
  bbox: BBox | null;
  timeRange: [number, number] | null;
  categories: { category: string; count: number }[];
  /** Records with a time window (aoristic.ts windowLength) and the widest, ms (null: none). */
  timeWindows: { count: number; widestMs: number | null };
}

export class LayerStatsCollector {
  count = 0;
  pointCount = 0;
  private minLon = Infinity;
  private minLat = Infinity;
  private maxLon = -Infinity;
  private maxLat = -Infinity;
  private timeMin = Infinity;
  private timeMax = -Infinity;
  /** Geometry types seen besides points (counted() adds 'Point'). */
  readonly types = new Set<string>();
  private readonly categoryCounts = new Map<string, number>();
  private windowed = 0;
  private widestWindow = 0;

  /** What counted() gathers, for a whole block: from its stored extent and time range, and its codes. */
  countedBlock(r: BlockRow, c: BlockColumns): void {
    this.count += r.count;
    let points = 0;
    const perCategory = new Int32Array(c.categories.length);
    for (let i = 0; i < r.count; i++) {
      const x = c.lon[i];
      if (x === x) points++;
      const k = c.category[i];
      if (k >= 0) perCategory[k]++;
    }
    if (points > 0) {
      this.types.add('Point');
      this.pointCount += points;
      if (r.min_lon! < this.minLon) this.minLon = r.min_lon!;
      if (r.max_lon! > this.maxLon) this.maxLon = r.max_lon!;
      if (r.min_lat! < this.minLat) this.minLat = r.min_lat!;
      if (r.max_lat! > this.maxLat) this.maxLat = r.max_lat!;
    }
    if (r.time_min !== null && r.time_max !== null) {
      if (r.time_min < this.timeMin) this.timeMin = r.time_min;
      if (r.time_max > this.timeMax) this.timeMax = r.time_max;
    }
    c.categories.forEach((name, k) => {
      if (perCategory[k] > 0) this.categoryCounts.set(name, (this.categoryCounts.get(name) ?? 0) + perCategory[k]);
    });
    if (c.timeEnd) {
      for (let i = 0; i < r.count; i++) {
        if (c.timeEnd[i] === c.timeEnd[i]) this.window(c.time[i], c.timeEnd[i], c.precision[i] === 2, c.timeEndPrecision![i] === 2);
      }
    }
  }

  /** A record with a time_end: counted when it makes a window. */
  window(time: number, timeEnd: number, timeDateOnly: boolean, endDateOnly: boolean): void {
    const span = windowLength(time, timeEnd, timeDateOnly, endDateOnly);
    if (span <= 0) return;
    this.windowed++;
    if (span > this.widestWindow) this.widestWindow = span;
  }

  /** The layer's statistics, once per feature whatever its storage. */
  counted(isPoint: boolean, lon: number, lat: number, box: BBox | null, time: number | null, category: string | null): void {
    this.count++;
    if (isPoint) {
      if (lon < this.minLon) this.minLon = lon;
      if (lon > this.maxLon) this.maxLon = lon;
      if (lat < this.minLat) this.minLat = lat;
      if (lat > this.maxLat) this.maxLat = lat;
      this.types.add('Point');
      this.pointCount++;
    } else if (box) {
      if (box[0] < this.minLon) this.minLon = box[0];
      if (box[1] < this.minLat) this.minLat = box[1];
      if (box[2] > this.maxLon) this.maxLon = box[2];
      if (box[3] > this.maxLat) this.maxLat = box[3];
    }
    if (time !== null) {
      if (time < this.timeMin) this.timeMin = time;
      if (time > this.timeMax) this.timeMax = time;
    }
    if (category !== null) this.categoryCounts.set(category, (this.categoryCounts.get(category) ?? 0) + 1);
  }

  /** The statistics so far, for a layer of this storage. */
  stats(storage: LayerStorage, insertMillis: number, indexMillis: number): LayerStats {
    let geometryType: GeometryType = 'None';
    const types = [...this.types];
    if (types.length === 1) geometryType = types[0] as GeometryType;
    else if (types.length === 2) {
      // Shapefiles mix Polygon and MultiPolygon (or lines) in one layer: that is one kind.
      const multi = types.find((t) => t.startsWith('Multi'));
      geometryType = multi && types.includes(multi.slice(5)) ? (multi as GeometryType) : 'Mixed';
    } else if (types.length > 2) geometryType = 'Mixed';
    return {
      featureCount: this.count,
      storage,
      insertMillis: Math.round(insertMillis),
      indexMillis: Math.round(indexMillis),
      geometryType,
      bbox: this.minLon <= this.maxLon ? [this.minLon, this.minLat, this.maxLon, this.maxLat] : null,
      timeRange: this.timeMin <= this.timeMax ? [this.timeMin, this.timeMax] : null,
      categories: [...this.categoryCounts]
        .map(([category, count]) => ({ category, count }))
        .sort((a, b) => b.count - a.count || (a.category < b.category ? -1 : 1)),
      timeWindows: { count: this.windowed, widestMs: this.windowed ? this.widestWindow : null },
    };
  }
}
