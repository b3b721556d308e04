/**
 * Fills one layer inside an open write transaction. A layer of points (and records without
 * geometry) goes into column blocks (pointBlocks.ts); the first line or polygon turns it into a
 * row layer: the blocks written so far are read back into rows with the same ids, and the rest
 * follows as rows. Rows go in multi-row INSERTs (one statement per ROWS_PER_STATEMENT features)
 * because per-row statement overhead dominates big layers; their points' R*Tree entries go in
 * bulk after the rows. Layer statistics (extent, geometry type, time range, category counts) are
 * gathered on the way so nothing re-reads what was written.
 */
import type Database from 'better-sqlite3';
import type { BBox, NormalizedFeature } from '../../../shared/model/feature.ts';
import { geometryBBox } from '../../../shared/geo/bbox.ts';
import { LayerStatsCollector, type LayerStats, type LayerStorage } from './layerStats.ts';
import { rebuildRtreeWithPoints } from './rtreeBulk.ts';
import { FEATURE_INDEXES, FEATURE_INDEX_NAMES } from './migrations.ts';
import { BLOCK_COLUMNS, BlockBuilder, blockColumns, blockFeature, blockPropertiesText, lineStarts, type BlockColumns, type BlockRow } from './pointBlocks.ts';
import {
  FEATURE_COLUMNS,
  FEATURE_COLUMN_COUNT,
  PACKED_NUMS,
  PACKED_TEXTS,
  PRECISIONS,
  encodeFeature,
  type PackedRows,
  type RowValue,
} from './featureRows.ts';

const ROWS_PER_STATEMENT = 128;
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

export type { LayerStats, LayerStorage };

/** The next free feature id across row and block layers. */
function nextFeatureId(db: Database.Database): number {
  const r = db
    .prepare(
      'SELECT max(coalesce((SELECT max(id) FROM features), 0), coalesce((SELECT max(first_id + count) - 1 FROM point_blocks), 0)) AS n',
    )
    .get() as { n: number };
  return r.n + 1;
}

export class LayerWriter {
  private storage: LayerStorage;
  private nextId: number;
  private readonly builder = new BlockBuilder();
  /** Id of the builder's first feature. */
  private blockFirstId: number;
  private blockInsert: Database.Statement | null = null;
  private readonly buf: RowValue[] = new Array(ROWS_PER_STATEMENT * FEATURE_COLUMN_COUNT);
  private buffered = 0;
  private readonly stats = new LayerStatsCollector();
  private rowCount = 0;
  /** Non-point rows get their R*Tree entry as they come; points in bulk at the end. */
  private readonly pendingBoxes: { slot: number; box: BBox }[] = [];
  private rtreeInsert: Database.Statement | null = null;
  /** Time spent in row and block INSERTs, for the import's stage timings. */
  insertMillis = 0;
  /** Time spent filling the R*Tree with the layer's points and rebuilding dropped indexes. */
  indexMillis = 0;
  private indexesDropped = false;
  /** Which slots of the current batch are points, and every point row written as (id, lon, lat). */
  private readonly slotIsPoint = new Uint8Array(ROWS_PER_STATEMENT);
  private points = new Float64Array(3 * 4096);
  private pointsLen = 0;
  private otherRows = -1;
  private readonly stmts;

  /** `storage` 'rows' keeps even a point layer in rows (workspaces written before blocks; tests). */
  constructor(
    private readonly db: Database.Database,
    readonly layerId: number,
    storage: LayerStorage = 'blocks',
  ) {
    this.stmts = statements(db);
    this.storage = storage;
    this.nextId = nextFeatureId(db);
    this.blockFirstId = this.nextId;
  }

  add(f: NormalizedFeature): void {
    const g = f.geometry;
    const isPoint = g !== null && g.type === 'Point';
    let box: BBox | null = null;
    if (!isPoint && g) {
      this.stats.types.add(g.type);
      box = geometryBBox(g);
    }
    const lon = isPoint ? g.coordinates[0] : NaN;
    const lat = isPoint ? g.coordinates[1] : NaN;
    this.stats.counted(isPoint, lon, lat, box, f.time, f.category);
    if (f.time !== null && f.timeEnd != null) this.stats.window(f.time, f.timeEnd, f.timePrecision === 'date', f.timeEndPrecision === 'date');
    const id = this.nextId++;
    if (this.storage === 'blocks') {
      if (g === null || isPoint) {
        const full = this.builder.add(
          f.sourceIndex, lon, lat, f.time ?? NaN, f.timePrecision, f.category, f.quantity ?? NaN, f.unit, JSON.stringify(f.properties),
          f.timeEnd ?? NaN, f.timeEndPrecision ?? null, f.precision ?? null,
        );
        if (full) this.writeBlock();
        return;
      }
      this.toRows();
    }
    encodeFeature(f, id, this.layerId, this.buf, this.buffered * FEATURE_COLUMN_COUNT);
    this.placedRow(isPoint, box);
  }

  /** Adds rows packed by the import worker (featureRows.ts RowPacker), in order. */
  addPacked(p: PackedRows): void {
    const { nums, lens, text } = p;
    for (const t of p.types) this.stats.types.add(t);
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
      const lon = nums[o + 1];
      const lat = nums[o + 2];
      const isPoint = !Number.isNaN(lon);
      const time = nums[o + 3];
      const precision = PRECISIONS[nums[o + 4]];
      const quantity = nums[o + 5];
      const geometry = next(t);
      const properties = next(t + 1) as string;
      const category = next(t + 2);
      const unit = next(t + 3);
      const location = next(t + 4);
      const timeEnd = nums[o + 10];
      const endPrecision = PRECISIONS[nums[o + 11]];
      const box: BBox | null = isPoint || Number.isNaN(nums[o + 6]) ? null : [nums[o + 6], nums[o + 7], nums[o + 8], nums[o + 9]];
      this.stats.counted(isPoint, lon, lat, box, Number.isNaN(time) ? null : time, category);
      if (timeEnd === timeEnd) this.stats.window(time, timeEnd, precision === 'date', endPrecision === 'date');
      const id = this.nextId++;
      if (this.storage === 'blocks') {
        if (geometry === null) {
          if (this.builder.add(nums[o], lon, lat, time, precision, category, quantity, unit, properties, timeEnd, endPrecision, location)) {
            this.writeBlock();
          }
          continue;
        }
        this.toRows();
      }
      // Column order as in FEATURE_COLUMNS (encodeFeature).
      const at = this.buffered * FEATURE_COLUMN_COUNT;
      buf[at] = id;
      buf[at + 1] = this.layerId;
      buf[at + 2] = nums[o];
      buf[at + 3] = isPoint ? lon : null;
      buf[at + 4] = isPoint ? lat : null;
      buf[at + 5] = geometry;
      buf[at + 6] = properties;
      buf[at + 7] = Number.isNaN(time) ? null : time;
      buf[at + 8] = precision;
      buf[at + 9] = category;
      buf[at + 10] = Number.isNaN(quantity) ? null : quantity;
      buf[at + 11] = unit;
      buf[at + 12] = Number.isNaN(timeEnd) ? null : timeEnd;
      buf[at + 13] = endPrecision;
      buf[at + 14] = location;
      this.placedRow(isPoint, box);
    }
  }

  /**
   * Adds a finished block of points (built on the import worker; its first_id is ignored): it
   * gets the next ids and goes in as it is — or as rows, once the layer is rows.
   */
  addBlock(received: BlockRow): void {
    // Buffers come through postMessage as plain Uint8Arrays; better-sqlite3 binds Buffers.
    const buf = (u: Uint8Array): Buffer => (Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength));
    const r: BlockRow = {
      ...received,
      coords: buf(received.coords),
      attrs: buf(received.attrs),
      properties: buf(received.properties),
      time_end: received.time_end && buf(received.time_end),
      precision: received.precision && buf(received.precision),
    };
    // Features added one by one before it keep their ids and place.
    if (this.storage === 'blocks' && this.builder.count) this.writeBlock();
    r.first_id = this.nextId;
    this.nextId += r.count;
    this.blockFirstId = this.nextId;
    const c = blockColumns(r);
    this.stats.countedBlock(r, c);
    if (this.storage === 'blocks') this.insertBlock(r);
    else this.blockIntoRows(r, c);
  }

  private writeBlock(): void {
    const r = this.builder.take(this.blockFirstId);
    this.blockFirstId = this.nextId;
    this.insertBlock(r);
  }

  private insertBlock(r: BlockRow): void {
    const t0 = performance.now();
    this.blockInsert ??= this.db.prepare(
      `INSERT INTO point_blocks (layer_id, ${BLOCK_COLUMNS}) VALUES (?, ${BLOCK_COLUMNS.split(',').map(() => '?').join(', ')})`,
    );
    this.blockInsert.run(
      this.layerId, r.first_id, r.count, r.min_lon, r.min_lat, r.max_lon, r.max_lat, r.time_min, r.time_max, r.dictionary, r.coords, r.attrs, r.properties,
      r.time_end, r.precision,
    );
    this.insertMillis += performance.now() - t0;
  }

  /**
   * The first feature that is neither a point nor empty: what went into blocks so far becomes
   * rows, with the ids it already has, and the layer goes on as rows.
   */
  private toRows(): void {
    this.storage = 'rows';
    const stored = this.db.prepare(`SELECT ${BLOCK_COLUMNS} FROM point_blocks WHERE layer_id = ? ORDER BY first_id`).all(this.layerId) as BlockRow[];
    this.db.prepare('DELETE FROM point_blocks WHERE layer_id = ?').run(this.layerId);
    if (this.builder.count) stored.push(this.builder.take(this.blockFirstId));
    for (const r of stored) this.blockIntoRows(r, blockColumns(r));
  }

  /** A block's features as rows, with the block's ids. */
  private blockIntoRows(r: BlockRow, c: BlockColumns): void {
    const text = blockPropertiesText(r.properties);
    const starts = lineStarts(text, r.count);
    for (let i = 0; i < r.count; i++) {
      const f = blockFeature(c, i, text.slice(starts[i], starts[i + 1] - 1));
      const isPoint = encodeFeature(f, f.id, this.layerId, this.buf, this.buffered * FEATURE_COLUMN_COUNT);
      this.placedRow(isPoint, null);
    }
  }

  /** The row just encoded at slot `buffered` is complete: on to the next slot. */
  private placedRow(isPoint: boolean, box: BBox | null): void {
    this.slotIsPoint[this.buffered] = isPoint ? 1 : 0;
    if (box) this.pendingBoxes.push({ slot: this.buffered, box });
    this.rowCount++;
    if (++this.buffered === ROWS_PER_STATEMENT) this.flush();
    if (!this.indexesDropped && this.rowCount % INDEX_CHECK_EVERY === 0) this.maybeDropIndexes();
  }

  private maybeDropIndexes(): void {
    if (this.otherRows < 0) {
      this.otherRows = (this.db.prepare('SELECT count(*) AS n FROM features WHERE layer_id <> ?').get(this.layerId) as { n: number }).n;
    }
    if (this.otherRows > REBUILD_RATIO * this.rowCount) return;
    for (const name of FEATURE_INDEX_NAMES) this.db.prepare(`DROP INDEX ${name}`).run();
    this.indexesDropped = true;
  }

  /** Writes buffered rows; also called by finish(). */
  flush(): void {
    if (this.buffered === 0) return;
    const t0 = performance.now();
    if (this.buffered === ROWS_PER_STATEMENT) this.stmts.many.run(this.buf);
    else {
      for (let r = 0; r < this.buffered; r++) {
        this.stmts.one.run(this.buf.slice(r * FEATURE_COLUMN_COUNT, (r + 1) * FEATURE_COLUMN_COUNT));
      }
    }
    const firstId = this.buf[0] as number;
    for (let r = 0; r < this.buffered; r++) {
      if (!this.slotIsPoint[r]) continue;
      if (this.pointsLen + 3 > this.points.length) {
        const grown = new Float64Array(this.points.length * 2);
        grown.set(this.points);
        this.points = grown;
      }
      this.points[this.pointsLen] = firstId + r;
      this.points[this.pointsLen + 1] = this.buf[r * FEATURE_COLUMN_COUNT + 3] as number;
      this.points[this.pointsLen + 2] = this.buf[r * FEATURE_COLUMN_COUNT + 4] as number;
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

  /** Writes what is left, indexes row points, and returns the layer's statistics. */
  finish(): LayerStats {
    if (this.storage === 'blocks') {
      if (this.builder.count) this.writeBlock();
    } else {
      this.finishRows();
    }
    return this.stats.stats(this.storage, this.insertMillis, this.indexMillis);
  }

  private finishRows(): void {
    this.flush();
    const t0 = performance.now();
    const existing = (this.db.prepare('SELECT count(*) AS n FROM features_rtree_rowid').get() as { n: number }).n;
    if (this.stats.pointCount >= BULK_RTREE_MIN && this.stats.pointCount * 4 >= existing) {
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
  }

  get featureCount(): number {
    return this.stats.count;
  }
}
