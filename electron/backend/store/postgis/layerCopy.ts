/**
 * A layer written into a team workspace in one transaction (or one savepoint of a file's
 * transaction): its rows go into a table of their own by COPY (pg-copy-streams), text format,
 * as the reader hands them over, and the table joins `features` as the layer's partition at
 * finish, which builds its indexes once (the GiST index among them). A failed or cancelled file
 * rolls back and leaves the database as it was.
 */
import type { Geometry } from 'geojson';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { LayerInfo } from '../../../../shared/api/contract.ts';
import type { BBox, FieldInfo, NormalizedFeature } from '../../../../shared/model/feature.ts';
import { geometryBBox } from '../../../../shared/geo/bbox.ts';
import { toWkt } from '../../../../shared/geo/wkt.ts';
import { PACKED_NUMS, PACKED_TEXTS, PRECISIONS, type PackedRows } from '../featureRows.ts';
import { blockColumns, blockFeature, blockPropertiesText, lineStarts, type BlockRow } from '../pointBlocks.ts';
import { LayerStatsCollector, type LayerStats } from '../layerStats.ts';
import type { AuditInput, LayerMeta, LayerWrite, PointColumns } from '../store.ts';
import { quoteIdent } from './connection.ts';

/** Columns of the COPY, in encode's order (the id comes from the schema's sequence). */
const COPY_COLUMNS =
  'layer_id, source_index, geom, geometry_json, properties, time, time_precision, category, quantity, unit, time_end, time_end_precision, precision';
/** Text gathered before it is handed to the connection. */
const CHUNK_CHARS = 1 << 20;

/** COPY's text format: backslash escapes for the characters it reads as separators; \N is null. */
function text(v: string | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  return /[\\\n\r\t]/.test(v) ? v.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t')) : v;
}

function num(v: number | null | undefined): string {
  return v === null || v === undefined || Number.isNaN(v) ? '\\N' : String(v);
}

/** The geometry in two dimensions (the `geom` column is 2-D; geometry_json keeps what came in). */
function flat(g: Geometry): Geometry {
  const c2 = (c: number[]): number[] => (c.length > 2 ? [c[0], c[1]] : c);
  switch (g.type) {
    case 'Point':
      return { type: 'Point', coordinates: c2(g.coordinates) };
    case 'MultiPoint':
    case 'LineString':
      return { type: g.type, coordinates: g.coordinates.map(c2) } as Geometry;
    case 'MultiLineString':
    case 'Polygon':
      return { type: g.type, coordinates: g.coordinates.map((r) => r.map(c2)) } as Geometry;
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map((r) => r.map(c2))) };
    case 'GeometryCollection':
      return { type: 'GeometryCollection', geometries: g.geometries.map(flat) };
  }
}

/** The `geom` and `geometry_json` fields of a row: a plain 2-D point needs no JSON. */
function geometryFields(g: Geometry | null, json?: string | null): string {
  if (g === null) return '\\N\t\\N';
  if (g.type === 'Point' && g.coordinates.length === 2) return `SRID=4326;POINT(${g.coordinates[0]} ${g.coordinates[1]})\t\\N`;
  return `SRID=4326;${toWkt(flat(g))}\t${text(json ?? JSON.stringify(g))}`;
}

interface LayerCopyContext {
  client: pg.PoolClient;
  schema: string;
  layerId: number;
  meta: LayerMeta;
  /** Ends the transaction (or releases the savepoint); undefined on success. */
  end(ok: boolean): Promise<void>;
  /** Stores the statistics and reads the layer back, on this connection. */
  store(meta: LayerMeta, stats: LayerStats): Promise<LayerInfo>;
  audit(client: pg.PoolClient, entries: AuditInput[]): Promise<void>;
  readPoints(client: pg.PoolClient, layerId: number): Promise<PointColumns>;
}

export class PostgisLayerWrite implements LayerWrite {
  private readonly stats = new LayerStatsCollector();
  private readonly stream: ReturnType<typeof copyFrom>;
  private readonly copied: Promise<void>;
  private chunk = '';
  private ended = false;
  private done = false;
  private failure: Error | null = null;
  private insertMillis = 0;
  private readonly table: string;

  constructor(private readonly ctx: LayerCopyContext) {
    const s = quoteIdent(ctx.schema);
    this.table = `${s}.${quoteIdent(`features_${ctx.layerId}`)}`;
    this.stream = ctx.client.query(copyFrom(`COPY ${this.table} (${COPY_COLUMNS}) FROM STDIN`));
    this.copied = new Promise((resolve, reject) => {
      this.stream.on('finish', resolve);
      this.stream.on('error', (e: Error) => {
        this.failure = e;
        reject(e);
      });
    });
    // A failure is reported by the next ready() or by finish().
    this.copied.catch(() => {});
  }

  get layerId(): number {
    return this.ctx.layerId;
  }

  get featureCount(): number {
    return this.stats.count;
  }

  get meta(): LayerMeta {
    return this.ctx.meta;
  }

  private push(line: string): void {
    this.chunk += line;
    if (this.chunk.length >= CHUNK_CHARS) this.flush();
  }

  private flush(): void {
    if (!this.chunk) return;
    const t0 = performance.now();
    this.stream.write(this.chunk);
    this.chunk = '';
    this.insertMillis += performance.now() - t0;
  }

  private row(
    f: Pick<NormalizedFeature, 'sourceIndex' | 'time' | 'timePrecision' | 'category' | 'quantity' | 'unit' | 'timeEnd' | 'timeEndPrecision' | 'precision'>,
    geometry: string,
    properties: string,
  ): void {
    this.push(
      `${this.ctx.layerId}\t${f.sourceIndex}\t${geometry}\t${text(properties)}\t${num(f.time)}\t${text(f.timePrecision)}\t${text(f.category)}\t` +
        `${num(f.quantity)}\t${text(f.unit)}\t${num(f.timeEnd)}\t${text(f.timeEndPrecision)}\t${text(f.precision)}\n`,
    );
  }

  add(f: NormalizedFeature): void {
    const g = f.geometry;
    const isPoint = g !== null && g.type === 'Point';
    let box: BBox | null = null;
    if (g && !isPoint) {
      this.stats.types.add(g.type);
      box = geometryBBox(g);
    }
    this.stats.counted(isPoint, isPoint ? g.coordinates[0] : NaN, isPoint ? g.coordinates[1] : NaN, box, f.time, f.category);
    if (f.time !== null && f.timeEnd != null) this.stats.window(f.time, f.timeEnd, f.timePrecision === 'date', f.timeEndPrecision === 'date');
    this.row(f, geometryFields(g), JSON.stringify(f.properties));
  }

  addPacked(p: PackedRows): void {
    const { nums, lens, text: all } = p;
    let pos = 0;
    const next = (k: number): string | null => {
      const n = lens[k];
      if (n < 0) return null;
      const s = all.slice(pos, pos + n);
      pos += n;
      return s;
    };
    const nan = (v: number): number | null => (Number.isNaN(v) ? null : v);
    for (let r = 0; r < p.count; r++) {
      const o = r * PACKED_NUMS;
      const t = r * PACKED_TEXTS;
      const lon = nums[o + 1];
      const lat = nums[o + 2];
      const json = next(t);
      const properties = next(t + 1) as string;
      const g: Geometry | null = json !== null ? (JSON.parse(json) as Geometry) : Number.isNaN(lon) ? null : { type: 'Point', coordinates: [lon, lat] };
      const f: NormalizedFeature = {
        sourceIndex: nums[o],
        geometry: g,
        properties: {},
        time: nan(nums[o + 3]),
        timePrecision: PRECISIONS[nums[o + 4]],
        category: next(t + 2),
        quantity: nan(nums[o + 5]),
        unit: next(t + 3),
        precision: next(t + 4),
        timeEnd: nan(nums[o + 10]),
        timeEndPrecision: PRECISIONS[nums[o + 11]],
      };
      const isPoint = g !== null && g.type === 'Point';
      const box: BBox | null = isPoint || Number.isNaN(nums[o + 6]) ? null : [nums[o + 6], nums[o + 7], nums[o + 8], nums[o + 9]];
      if (g && !isPoint) this.stats.types.add(g.type);
      this.stats.counted(isPoint, lon, lat, box, f.time, f.category);
      if (f.time !== null && f.timeEnd !== null) this.stats.window(f.time, f.timeEnd as number, f.timePrecision === 'date', f.timeEndPrecision === 'date');
      this.row(f, geometryFields(g, json), properties);
    }
  }

  addBlock(r: BlockRow): void {
    const c = blockColumns(r);
    this.stats.countedBlock(r, c);
    const props = blockPropertiesText(Buffer.isBuffer(r.properties) ? r.properties : Buffer.from(r.properties));
    const starts = lineStarts(props, r.count);
    for (let i = 0; i < r.count; i++) {
      const f = blockFeature(c, i, props.slice(starts[i], starts[i + 1] - 1));
      this.row(f, geometryFields(f.geometry), props.slice(starts[i], starts[i + 1] - 1));
    }
  }

  async ready(): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.stream.writableNeedDrain) return;
    await new Promise<void>((resolve, reject) => {
      const onDrain = () => {
        this.stream.off('error', onError);
        resolve();
      };
      const onError = (e: Error) => {
        this.stream.off('drain', onDrain);
        reject(e);
      };
      this.stream.once('drain', onDrain);
      this.stream.once('error', onError);
    });
  }

  setFields(fields: FieldInfo[]): void {
    this.ctx.meta.fields = fields;
  }

  async audit(entries: AuditInput[]): Promise<void> {
    await this.ctx.audit(this.ctx.client, entries);
  }

  async finish(): Promise<LayerStats> {
    this.flush();
    this.ended = true;
    const t0 = performance.now();
    this.stream.end();
    await this.copied;
    this.insertMillis += performance.now() - t0;
    const t1 = performance.now();
    const s = quoteIdent(this.ctx.schema);
    // The partition's indexes (GiST, time, category) are built here, once over the whole layer.
    await this.ctx.client.query(`ALTER TABLE ${s}.features ATTACH PARTITION ${this.table} FOR VALUES IN (${this.ctx.layerId})`);
    await this.ctx.client.query(`ANALYZE ${this.table}`);
    return this.stats.stats('rows', this.insertMillis, performance.now() - t1);
  }

  readPoints(): Promise<PointColumns> {
    return this.ctx.readPoints(this.ctx.client, this.ctx.layerId);
  }

  async commit(stats: LayerStats): Promise<LayerInfo> {
    if (this.done) throw new Error('layer transaction already ended');
    const info = await this.ctx.store(this.ctx.meta, stats);
    this.done = true;
    await this.ctx.end(true);
    return info;
  }

  async rollback(): Promise<void> {
    if (this.done) return;
    this.done = true;
    if (!this.ended && !this.failure) {
      // Abandons the COPY: the server sees CopyFail and the transaction rolls back below.
      this.stream.destroy(new Error('import cancelled'));
      await this.copied.catch(() => {});
    }
    await this.ctx.end(false);
  }
}
