/**
 * Worker-thread side of a big CSV/GeoJSON import: reads, parses and normalises the file (the
 * importer's ReadPipeline) and posts the valid features as packed batches; the main thread only
 * writes them. On two cores the parsing then runs beside the SQLite inserts instead of before
 * each of them. Backpressure: at most MAX_IN_FLIGHT batches wait for the writer, so memory stays
 * bounded whatever the file size. Problems, fields, CRS, mapping and fingerprint come back at the
 * end; an error comes back as data and is rebuilt as the same error class on the main thread.
 * In a sharded read (importer.ts) several of these read the same file, each converting every
 * count-th range of records and posting one batch per range.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { setImmediate as tick } from 'node:timers/promises';
import { geometryBBox } from '../../shared/geo/bbox.ts';
import { isUserError } from '../../shared/errors.ts';
import { CrsError } from '../../shared/geo/crs.ts';
import { LateCrsError } from '../../shared/import/geojson.ts';
import { ImportError, type ImportProblem, type Said } from '../../shared/import/problems.ts';
import { ShardLayoutError, type SourceCrs } from '../../shared/import/types.ts';
import { feedAll, ReadPipeline, readResult, type ReadResult, type ReadSetup } from './importer.ts';
import { openSources } from './formats/registry.ts';
import { RowPacker, type PackedRows } from './store/featureRows.ts';
import { BlockBuilder, type BlockRow } from './store/pointBlocks.ts';

export interface ImportWorkerData {
  file: string;
  setup: ReadSetup;
}

export type ImportWorkerReply =
  /** `range`: the shard range the rows belong to (importer.ts Shard); -1 when not sharded. */
  | { type: 'rows'; rows: PackedRows; range: number }
  /** Points (and records without geometry) as a finished column block; its ids are the writer's to give. */
  | { type: 'block'; block: BlockRow; range: number }
  | { type: 'progress'; done: number }
  | { type: 'done'; result: ReadResult }
  | {
      type: 'error';
      kind: 'import' | 'user' | 'lateCrs' | 'shardLayout' | 'internal';
      message: string;
      problems?: ImportProblem[];
      /** A CRS the worker could not use (CrsError), in the catalogue's words. */
      said?: Said;
      total?: number;
      crs?: SourceCrs;
    };

/** Rows per posted batch, and batches posted but not yet written. */
const BATCH_ROWS = 8192;
const MAX_IN_FLIGHT = 6;

async function run(port: NonNullable<typeof parentPort>, data: ImportWorkerData): Promise<void> {
  let inFlight = 0;
  let wake: (() => void) | null = null;
  // The writer acknowledges each batch it has written.
  port.on('message', () => {
    inFlight--;
    if (wake) {
      const w = wake;
      wake = null;
      w();
    }
  });
  const post = (m: ImportWorkerReply, transfer?: ArrayBuffer[]): void => port.postMessage(m, transfer);
  try {
    // A streamed file is one source: the one the importer handed over.
    const [source] = openSources(data.file, data.setup.options);
    const shard = data.setup.shard;
    const packer = new RowPacker(shard ? shard.range : BATCH_ROWS);
    // Points are built into column blocks here, compressed and all, so that the writer's thread
    // only inserts them; from the first feature that is neither a point nor empty on, rows.
    const builder = new BlockBuilder();
    let asRows = false;
    let range = -1;
    const send = (): void => {
      const rows = packer.take();
      inFlight++;
      post({ type: 'rows', rows, range }, [rows.nums.buffer as ArrayBuffer, rows.lens.buffer as ArrayBuffer]);
    };
    const sendBlock = (): void => {
      inFlight++;
      post({ type: 'block', block: builder.take(0), range });
    };
    const pipeline = new ReadPipeline(data.setup, source.locate, (f) => {
      if (shard) {
        // One range's features go out before the next range's, so the writer can put the
        // shards' batches back in file order.
        const r = Math.floor(f.sourceIndex / shard.range);
        if (r !== range) {
          if (builder.count > 0) sendBlock();
          if (packer.count > 0) send();
        }
        range = r;
      }
      const g = f.geometry;
      if (!asRows && (g === null || g.type === 'Point')) {
        const full = builder.add(
          f.sourceIndex,
          g ? g.coordinates[0] : NaN,
          g ? g.coordinates[1] : NaN,
          f.time ?? NaN,
          f.timePrecision,
          f.category,
          f.quantity ?? NaN,
          f.unit,
          JSON.stringify(f.properties),
          f.timeEnd ?? NaN,
          f.timeEndPrecision ?? null,
          f.precision ?? null,
        );
        if (full) sendBlock();
        return;
      }
      if (!asRows) {
        asRows = true;
        if (builder.count > 0) sendBlock();
      }
      if (packer.add(f, g !== null && g.type !== 'Point' ? geometryBBox(g) : null)) send();
    });
    await feedAll(source, pipeline, async (done) => {
      post({ type: 'progress', done });
      await tick();
      while (inFlight > MAX_IN_FLIGHT) await new Promise<void>((r) => (wake = r));
    });
    if (builder.count > 0) sendBlock();
    if (packer.count > 0) send();
    post({ type: 'done', result: { ...readResult(pipeline, source.fingerprint()), ...(source.notes ? { notes: source.notes } : {}) } });
  } catch (e) {
    if (e instanceof ShardLayoutError) post({ type: 'error', kind: 'shardLayout', message: e.message });
    else if (e instanceof LateCrsError) post({ type: 'error', kind: 'lateCrs', message: e.message, crs: e.crs });
    else if (e instanceof ImportError) post({ type: 'error', kind: 'import', message: e.message, problems: e.problems, total: e.total });
    else if (e instanceof CrsError) post({ type: 'error', kind: 'user', message: e.message, said: e.said });
    else if (isUserError(e)) post({ type: 'error', kind: 'user', message: e.message });
    else post({ type: 'error', kind: 'internal', message: (e as Error)?.stack ?? String(e) });
  }
}

if (parentPort) void run(parentPort, workerData as ImportWorkerData);
