/**
 * Fills one layer inside an open write transaction. Rows go in multi-row INSERTs (one statement
 * per ROWS_PER_STATEMENT features) because per-row statement overhead dominates a million-point
 * import; point R*Tree entries go in one INSERT … SELECT after the rows. Layer statistics (extent,
 * geometry type, time range, category counts) are gathered on the way so nothing re-reads the rows.
 */
import type Database from 'better-sqlite3';
import type { BBox, GeometryType, NormalizedFeature } from '../../../shared/model/feature.ts';
import { geometryBBox } from '../../../shared/geo/bbox.ts';
import { rebuildRtreeWithPoints } from './rtreeBulk.ts';
import { FEATURE_INDEXES, FEATURE_INDEX_NAMES } from './migrations.ts';
import {
  FEATURE_COLUMNS,
  FEATURE_COLUMN_COUNT,
  PACKED_NUMS,
  PACKED_TEXTS,
  encodeFeature,
  type PackedRows,
  type RowValue,
} from './featureRows.ts';

export const ROWS_PER_STATEMENT = 128;
/**
 * From this many new points on, and when they are at least a quarter of the index, the R*Tree
 * is repacked whole (rtreeBulk.ts) instead of taking the points one by one.
 */
export const BULK_RTREE_MIN = 20_000;
/**
 * Every this many rows a writer asks whether to drop the secondary indexes until finish():
 * rebuilding costs about 0.4× per existing row what inserting costs per new row, so it pays
 * once the workspace's other rows are fewer than 1.5× the rows written so far.
 */
const INDEX_CHECK_EVERY = 50_000;
const REBUILD_RATIO = 1.5;

const insertSql = (rows: number): string =>
  `INSERT INTO features (${FEATURE_COLUMNS.join(', ')}) VALUES ` +
  Array.from({ length: rows }, () => `(${Array(FEATURE_COLUMN_COUNT).fill('?').join(', ')})`).join(', ');

/** Statements cached per connection: preparing a 1400-parameter INSERT is not free. */
const cache = new WeakMap<Database.Database, { many: Database.Statement; one: Database.Statement }>();

function statements(db: Database.Database): { many: Database.Statement; one: Database.Statement } {
  let s = cache.get(db);
  if (!s) {
    s = { many: db.prepare(insertSql(ROWS_PER_STATEMENT)), one: db.prepare(insertSql(1)) };
    cache.set(db, s);
  }
  return s;
}

export interface LayerStats {
  featureCount: number;
  /** Milliseconds in row INSERTs, and in the R*Tree fill plus index rebuilds. */
  insertMillis: number;
  indexMillis: number;
  geometryType: GeometryType;
  bbox: BBox | null;
  timeRange: [number, number] | null;
  categories: { category: string; count: number }[];
}

export class LayerWriter {
  private readonly buf: RowValue[] = new Array(ROWS_PER_STATEMENT * FEATURE_COLUMN_COUNT);
  private buffered = 0;
  private count = 0;
  private pointCount = 0;
  private minLon = Infinity;
  private minLat = Infinity;
  private maxLon = -Infinity;
  private maxLat = -Infinity;
  private timeMin = Infinity;
  private timeMax = -Infinity;
  private readonly types = new Set<string>();
  private readonly categoryCounts = new Map<string, number>();
  /** Non-point features get their R*Tree entry as they come; points in bulk at the end. */
  private readonly pendingBoxes: { slot: number; box: BBox }[] = [];
  private rtreeInsert: Database.Statement | null = null;
  /** Time spent in row INSERTs, for the import's stage timings. */
  insertMillis = 0;
  /** Time spent filling the R*Tree with the layer's points and rebuilding dropped indexes. */
  indexMillis = 0;
  private indexesDropped = false;
  /** Which slots of the current batch are points, and every point written as (id, lon, lat). */
  private readonly slotIsPoint = new Uint8Array(ROWS_PER_STATEMENT);
  private points = new Float64Array(3 * 4096);
  private pointsLen = 0;
  private otherRows = -1;
  private readonly stmts;

  constructor(
    private readonly db: Database.Database,
    readonly layerId: number,
  ) {
    this.stmts = statements(db);
  }

  add(f: NormalizedFeature): void {
    const at = this.buffered * FEATURE_COLUMN_COUNT;
    const isPoint = encodeFeature(f, this.layerId, this.buf, at);
    const g = f.geometry;
    let box: BBox | null = null;
    if (!isPoint && g) {
      this.types.add(g.type);
      box = geometryBBox(g);
    }
    this.placed(isPoint, box, f.time, f.category);
  }

  /** Adds rows packed by the import worker (featureRows.ts RowPacker), in order. */
  addPacked(p: PackedRows): void {
    const { nums, lens, text } = p;
    for (const t of p.types) this.types.add(t);
    let pos = 0;
    const next = (k: number): string | null => {
      const n = lens[k];
      if (n < 0) return null;
      const s = text.slice(pos, pos + n);
      pos += n;
      return s;
    };
    const buf = this.buf;
    for (let r = 0; r < p.count; r++) {
      const o = r * PACKED_NUMS;
      const t = r * PACKED_TEXTS;
      const at = this.buffered * FEATURE_COLUMN_COUNT;
      const lon = nums[o + 1];
      const isPoint = !Number.isNaN(lon);
      const time = nums[o + 3];
      const precision = nums[o + 4];
      const quantity = nums[o + 5];
      // Column order as in FEATURE_COLUMNS (encodeFeature).
      buf[at] = this.layerId;
      buf[at + 1] = nums[o];
      buf[at + 2] = isPoint ? lon : null;
      buf[at + 3] = isPoint ? nums[o + 2] : null;
      buf[at + 4] = next(t);
      buf[at + 5] = next(t + 1);
      buf[at + 6] = Number.isNaN(time) ? null : time;
      buf[at + 7] = precision === 1 ? 'instant' : precision === 2 ? 'date' : null;
      buf[at + 8] = next(t + 2);
      buf[at + 9] = Number.isNaN(quantity) ? null : quantity;
      buf[at + 10] = next(t + 3);
      const box: BBox | null = isPoint || Number.isNaN(nums[o + 6]) ? null : [nums[o + 6], nums[o + 7], nums[o + 8], nums[o + 9]];
      this.placed(isPoint, box, buf[at + 6] as number | null, buf[at + 8] as string | null);
    }
  }

  /** Statistics of the row just written at slot `buffered`, then on to the next slot. */
  private placed(isPoint: boolean, box: BBox | null, time: number | null, category: string | null): void {
    const at = this.buffered * FEATURE_COLUMN_COUNT;
    this.slotIsPoint[this.buffered] = isPoint ? 1 : 0;
    this.count++;
    if (isPoint) {
      const lon = this.buf[at + 2] as number;
      const lat = this.buf[at + 3] as number;
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
      this.pendingBoxes.push({ slot: this.buffered, box });
    }
    if (time !== null) {
      if (time < this.timeMin) this.timeMin = time;
      if (time > this.timeMax) this.timeMax = time;
    }
    if (category !== null) this.categoryCounts.set(category, (this.categoryCounts.get(category) ?? 0) + 1);
    if (++this.buffered === ROWS_PER_STATEMENT) this.flush();
    if (!this.indexesDropped && this.count % INDEX_CHECK_EVERY === 0) this.maybeDropIndexes();
  }

  private maybeDropIndexes(): void {
    if (this.otherRows < 0) {
      this.otherRows = (this.db.prepare('SELECT count(*) AS n FROM features WHERE layer_id <> ?').get(this.layerId) as { n: number }).n;
    }
    if (this.otherRows > REBUILD_RATIO * this.count) return;
    for (const name of FEATURE_INDEX_NAMES) this.db.prepare(`DROP INDEX ${name}`).run();
    this.indexesDropped = true;
  }

  /** Writes buffered rows; also called by finish(). */
  flush(): void {
    if (this.buffered === 0) return;
    const t0 = performance.now();
    let lastId: number;
    if (this.buffered === ROWS_PER_STATEMENT) {
      lastId = Number(this.stmts.many.run(this.buf).lastInsertRowid);
    } else {
      lastId = 0;
      for (let r = 0; r < this.buffered; r++) {
        const row = this.buf.slice(r * FEATURE_COLUMN_COUNT, (r + 1) * FEATURE_COLUMN_COUNT);
        lastId = Number(this.stmts.one.run(row).lastInsertRowid);
      }
    }
    // Rows go in one after another, each taking rowid max + 1, so slot r of this batch has
    // id lastId - (buffered - 1) + r.
    const firstId = lastId - this.buffered + 1;
    for (let r = 0; r < this.buffered; r++) {
      if (!this.slotIsPoint[r]) continue;
      if (this.pointsLen + 3 > this.points.length) {
        const grown = new Float64Array(this.points.length * 2);
        grown.set(this.points);
        this.points = grown;
      }
      this.points[this.pointsLen] = firstId + r;
      this.points[this.pointsLen + 1] = this.buf[r * FEATURE_COLUMN_COUNT + 2] as number;
      this.points[this.pointsLen + 2] = this.buf[r * FEATURE_COLUMN_COUNT + 3] as number;
      this.pointsLen += 3;
    }
    if (this.pendingBoxes.length) {
      this.rtreeInsert ??= this.db.prepare(
        'INSERT INTO features_rtree (id, min_lon, max_lon, min_lat, max_lat) VALUES (?, ?, ?, ?, ?)',
      );
      for (const { slot, box } of this.pendingBoxes) {
        this.rtreeInsert.run(firstId + slot, box[0], box[2], box[1], box[3]);
      }
      this.pendingBoxes.length = 0;
    }
    this.buffered = 0;
    this.insertMillis += performance.now() - t0;
  }

  /** Writes what is left, indexes the points, and returns the layer's statistics. */
  finish(): LayerStats {
    this.flush();
    const t0 = performance.now();
    const existing = (this.db.prepare('SELECT count(*) AS n FROM features_rtree_rowid').get() as { n: number }).n;
    if (this.pointCount >= BULK_RTREE_MIN && this.pointCount * 4 >= existing) {
      rebuildRtreeWithPoints(this.db, this.points.subarray(0, this.pointsLen));
    } else {
      this.db
        .prepare(
          'INSERT INTO features_rtree (id, min_lon, max_lon, min_lat, max_lat) ' +
            'SELECT id, lon, lon, lat, lat FROM features WHERE layer_id = ? AND lon IS NOT NULL',
        )
        .run(this.layerId);
    }
    if (this.indexesDropped) {
      for (const sql of FEATURE_INDEXES) this.db.prepare(sql).run();
      this.indexesDropped = false;
    }
    this.indexMillis = performance.now() - t0;
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
      insertMillis: Math.round(this.insertMillis),
      indexMillis: Math.round(this.indexMillis),
      geometryType,
      bbox: this.minLon <= this.maxLon ? [this.minLon, this.minLat, this.maxLon, this.maxLat] : null,
      timeRange: this.timeMin <= this.timeMax ? [this.timeMin, this.timeMax] : null,
      categories: [...this.categoryCounts]
        .map(([category, count]) => ({ category, count }))
        .sort((a, b) => b.count - a.count || (a.category < b.category ? -1 : 1)),
    };
  }

  get featureCount(): number {
    return this.count;
  }
}
