/**
 * Import orchestration (Node side): finds a source's bytes, feeds them to the pure parsers in
 * shared/import, normalises each record, and writes the layer in ONE transaction. Any problem
 * rolls the whole file back and reports up to 20 problems (file + row/feature/record + reason);
 * with skipInvalid the valid records are kept and every skipped one goes to the audit log and
 * the summary. Files are streamed in 4 MB chunks; between chunks the event loop turns, so
 * progress reaches the caller and an AbortSignal can cancel (rollback).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setImmediate as tick } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FieldMapping, FieldSuggestions, ImportOptions, ImportPreview, ImportSummary, CallContext } from '../../shared/api/contract.ts';
import { UserError, isUserError } from '../../shared/errors.ts';
import { CrsError, createTransformer, fitsLonLat, resolveCrs, isWgs84 } from '../../shared/geo/crs.ts';
import { geometryBBox, extendBBox } from '../../shared/geo/bbox.ts';
import { LateCrsError } from '../../shared/import/geojson.ts';
import { FieldCollector, type FieldEntry } from '../../shared/import/fieldTypes.ts';
import { suggestMapping } from '../../shared/import/fieldMapping.ts';
import { createNormalizer } from '../../shared/import/normalize.ts';
import { ImportError, MAX_REPORTED_PROBLEMS, fileProblem, importProblem, notesOf, said, type ImportProblem, type Reason, type Said } from '../../shared/import/problems.ts';
import type { FormatId, ParseOptions, RecordSink, SourceCrs } from '../../shared/import/types.ts';
import type { BBox, FieldInfo, NormalizedFeature, RawRecord } from '../../shared/model/feature.ts';
import { assertTimeZone } from '../../shared/time/zone.ts';
import { CancelledError } from './store/workspace.ts';
import type { LayerWrite, WorkspaceStore } from './store/store.ts';
import type { ImportWorkerData, ImportWorkerReply } from './importWorker.ts';
import { sourceWorkerBundle } from './sourceWorkerBundle.ts';
import { layerStackedPoints } from './stackedPoints.ts';
import { openSources } from './formats/registry.ts';
import type { Source, Step } from './formats/types.ts';

export type { Source, Step };

const WGS84: SourceCrs = { ...resolveCrs('EPSG:4326'), label: 'WGS 84' };
/** Records read before the field mapping is chosen: enough for suggestMapping to judge values. */
const MAPPING_SAMPLE = 200;
const PREVIEW_SAMPLE = 20;

/** Thrown from a preview's sink once it has its sample. */
class StopFeeding extends Error {}

// ---------- mapping ----------

/** The suggested mapping with the user's choices laid over it. */
function chooseMapping(s: FieldSuggestions, given: FieldMapping | undefined): FieldMapping {
  const m: FieldMapping = {};
  const g = given ?? {};
  const time = g.time ?? s.time;
  if (time && time.length) m.time = time;
  if (g.timeFormat) m.timeFormat = g.timeFormat;
  // A suggested end goes with the suggested time; a time chosen by hand takes only a chosen end.
  const timeEnd = g.timeEnd ?? (g.time ? undefined : s.timeEnd);
  if (timeEnd) m.timeEnd = timeEnd;
  const category = g.category ?? s.category;
  if (category) m.category = category;
  const quantity = g.quantity ?? s.quantity;
  if (quantity) m.quantity = quantity;
  if (g.unitValue) m.unitValue = g.unitValue;
  else {
    const unit = g.unit ?? s.unit;
    if (unit) m.unit = unit;
  }
  const precision = g.precision ?? s.precision;
  if (precision) m.precision = precision;
  return m;
}

function checkMappingColumns(m: FieldMapping, fields: FieldInfo[], file: string, given: FieldMapping | undefined): void {
  if (m.timeEnd !== undefined && m.time === undefined) {
    throw fileProblem(file, said('refusal.timeEndAlone'));
  }
  if (!given || fields.length === 0) return;
  const names = new Set(fields.map((f) => f.name));
  const want: [string, string | undefined][] = [
    ['--time', given.time?.[0]],
    ['--time', given.time?.[1]],
    ['--time-end', given.timeEnd],
    ['--category', given.category],
    ['--quantity', given.quantity],
    ['--unit', given.unit],
    ['--precision', given.precision],
  ];
  for (const [flag, col] of want) {
    if (col !== undefined && !names.has(col)) {
      const list = fields.map((f) => f.name).join(', ');
      throw fileProblem(file, said('refusal.columnMissing', { flag, column: col, list }));
    }
  }
}

// ---------- the import ----------

interface ImportContext extends CallContext {
  /** Internal: a CRS found late in a GeoJSON file, for the re-run. */
  lateCrs?: SourceCrs;
  /** Internal: the re-run by one reader after a sharded read (ReadAgainUnsharded). */
  unsharded?: boolean;
  /**
   * Internal: the source is one of several layers of a file imported whole (a GeoPackage's
   * tables): when it holds no record it makes no layer and the import goes on.
   */
  emptySkipped?: boolean;
}

class ProblemLog {
  readonly kept: ImportProblem[] = [];
  total = 0;
  constructor(private readonly keepAll: boolean) {}
  add(p: ImportProblem): void {
    this.total++;
    if (this.keepAll || this.kept.length < MAX_REPORTED_PROBLEMS) this.kept.push(p);
  }
}

function layerNameFor(options: ImportOptions, source: Source): string {
  return options.layer ?? source.defaultLayerName;
}

/** What the reading half of an import needs to know; plain data, so it can go to the import worker. */
export interface ReadSetup {
  /** The path as the user gave it (messages name it). */
  fileName: string;
  format: FormatId;
  options: ImportOptions;
  /** --crs, or on the re-run after a LateCrsError the crs member found late: the file's own is not read. */
  givenCrs: SourceCrs | null;
  timezone: string;
  /** One reader of a sharded read: it converts the records of every count-th range of `range`. */
  shard?: Shard;
}

interface Shard {
  index: number;
  count: number;
  /** Records per range; the writer puts the shards' batches back together range by range. */
  range: number;
}

/** Whether the reader of `shard` converts record `index`. */
function ownsRecord(shard: Shard | undefined, index: number): boolean {
  return shard === undefined || Math.floor(index / shard.range) % shard.count === shard.index;
}

/** Feeds the whole source into the pipeline. */
export async function feedAll(source: Source, pipeline: ReadPipeline, step: Step): Promise<void> {
  await source.feed(pipeline.sink, pipeline.parseOptions, step);
  pipeline.finish();
}

/**
 * The reading half of an import: the parser's sink, the field mapping chosen on the first
 * MAPPING_SAMPLE records, the normaliser, the problem log. Valid features go to `emit` (the
 * layer transaction, or the import worker's batches). Runs in-process or on the import worker.
 */
export class ReadPipeline {
  readonly problems: ProblemLog;
  readonly sink: RecordSink;
  crs: SourceCrs | null;
  mapping: FieldMapping | null = null;
  private readonly fieldsSeen = new FieldCollector();
  private declaredFields: FieldInfo[] | null = null;
  /** Whether the reader declared its fields before any record (a CSV header, a GeoPackage's columns): every shard's then. */
  private fieldsUpFront = false;
  private recordSeen = false;
  private normalize: ((r: RawRecord) => NormalizedFeature | ImportProblem) | null = null;
  private readonly pending: RawRecord[] = [];
  private readonly locate: (index: number) => string;
  private readonly skipInvalid: boolean;
  /** A shard's fields from the records it converts (a GeoJSON's fields are known only at the end). */
  private readonly shardFields: FieldCollector | null;

  constructor(
    private readonly s: ReadSetup,
    locate: (index: number) => string,
    private readonly emit: (f: NormalizedFeature) => void,
  ) {
    this.skipInvalid = s.options.skipInvalid === true;
    this.problems = new ProblemLog(this.skipInvalid);
    this.crs = s.givenCrs;
    this.locate = locate;
    this.shardFields = s.shard && s.format !== 'csv' ? new FieldCollector() : null;
    this.sink = {
      onFields: (fields) => {
        this.declaredFields = fields;
        if (!this.recordSeen) this.fieldsUpFront = true;
      },
      // With a CRS given, the parser is not handed one: it skips a GeoJSON crs member unread.
      ...(s.givenCrs
        ? {}
        : {
            onCrs: (c: SourceCrs) => {
              this.crs = c;
            },
          }),
      onRecord: (rec) => {
        this.recordSeen = true;
        if (this.normalize) {
          this.handle(rec);
          return;
        }
        if (!this.declaredFields) this.fieldsSeen.add(rec.properties);
        this.pending.push(rec);
        if (this.pending.length >= MAPPING_SAMPLE) this.setup();
      },
      onProblem: (p) => {
        // Each shard reports its own records; problems of no record, the first shard.
        if (s.shard && (p.index === null || p.index === undefined ? s.shard.index !== 0 : !ownsRecord(s.shard, p.index))) return;
        this.problems.add(p);
      },
    };
  }

  get parseOptions(): ParseOptions {
    const o = this.s.options;
    const shard = this.s.shard;
    // Every shard reads the mapping sample, so all choose the same mapping.
    const wants = shard ? (i: number) => i < MAPPING_SAMPLE || ownsRecord(shard, i) : undefined;
    return { fileName: this.s.fileName, encoding: o.encoding, lat: o.lat, lon: o.lon, wkt: o.wkt, wants };
  }

  /** After the whole file: sets up the mapping if fewer records than the sample arrived. */
  finish(): void {
    if (!this.normalize) this.setup();
  }

  fields(): FieldInfo[] {
    return this.declaredFields ?? this.fieldsSeen.fields();
  }

  fieldEntries(): FieldEntry[] | undefined {
    return this.fieldsUpFront ? undefined : this.shardFields?.entries();
  }

  private setup(): void {
    const { fileName, format, options, timezone } = this.s;
    const fields = this.fields();
    const sample = this.pending.map((r) => r.properties);
    const mapping = chooseMapping(suggestMapping(fields, sample), options.mapping);
    this.mapping = mapping;
    checkMappingColumns(mapping, fields, fileName, options.mapping);
    if (!this.crs && format === 'geojson') {
      // RFC 7946: GeoJSON without a (legacy) crs member is WGS84 lon/lat by definition.
      this.crs = WGS84;
    }
    const crs = this.crs;
    if (!crs) {
      // No CRS anywhere: only lon/lat coordinates may pass as WGS84. Judged on the sample as a
      // whole, so one bad row among good ones is reported as that row, not as a CRS question.
      let box: BBox | null = null;
      let fit = 0;
      let all = 0;
      for (const r of this.pending) {
        const b = geometryBBox(r.geometry);
        if (!b) continue;
        all++;
        if (fitsLonLat(b)) fit++;
        else box = extendBBox(box, b);
      }
      if (all > 0 && fit * 2 < all && box) throw noCrsError(fileName, box);
    }
    const project = crs && !isWgs84(crs) ? createTransformer(crs) : null;
    this.normalize = createNormalizer({
      fileName,
      project,
      mapping,
      timezone,
      locationLabel: this.locate,
    });
    for (const r of this.pending) this.handle(r);
    this.pending.length = 0;
  }

  private handle(rec: RawRecord): void {
    if (!ownsRecord(this.s.shard, rec.sourceIndex)) return;
    this.shardFields?.add(rec.properties, rec.sourceIndex);
    let r: NormalizedFeature | ImportProblem;
    try {
      r = this.normalize!(rec);
    } catch (e) {
      if (!isUserError(e)) throw e;
      r = importProblem(this.s.fileName, this.locate(rec.sourceIndex), rec.sourceIndex, e instanceof CrsError ? e.said : e.message);
    }
    if ('reason' in r) this.problems.add(r);
    else if (this.problems.total === 0 || this.skipInvalid) this.emit(r);
  }
}

/** What an import read: everything the writing half needs besides the features themselves. */
export interface ReadResult {
  problems: ImportProblem[];
  problemTotal: number;
  fields: FieldInfo[];
  crs: SourceCrs | null;
  mapping: FieldMapping | null;
  fingerprint: string;
  /** A shard's fields for merging (FieldCollector.merge); the fields above are then its own only. */
  fieldEntries?: FieldEntry[];
  /** Import workers that read the file (0: read in-process). */
  readers?: number;
  /** The source's notes as a worker's reading left them (Source.notes: a repeated column renamed). */
  notes?: Reason[];
}

/** Reads the whole source in-process, features to `emit`; `step` after each chunk. */
async function readInProcess(source: Source, setup: ReadSetup, emit: (f: NormalizedFeature) => void, step: Step): Promise<ReadResult> {
  const pipeline = new ReadPipeline(setup, source.locate, emit);
  await feedAll(source, pipeline, step);
  return readResult(pipeline, source.fingerprint());
}

export function readResult(pipeline: ReadPipeline, fingerprint: string): ReadResult {
  return {
    problems: pipeline.problems.kept,
    problemTotal: pipeline.problems.total,
    fields: pipeline.fields(),
    crs: pipeline.crs,
    mapping: pipeline.mapping,
    fingerprint,
    fieldEntries: pipeline.fieldEntries(),
  };
}

/**
 * Files from this size on are read on the import worker (importWorker.ts) while this thread
 * writes; smaller ones in-process, where a worker's start-up (~0.3 s) would cost more than it
 * saves. FRONTERA_IMPORT_WORKER_MIN_BYTES overrides it (tests run the corpus through the worker).
 */
const IMPORT_WORKER_MIN_BYTES = 8 << 20;

function useImportWorker(source: Source): boolean {
  // Archive members and database tables are in memory or need no parsing thread.
  if (source.streamedFile === undefined) return false;
  const env = process.env.FRONTERA_IMPORT_WORKER_MIN_BYTES;
  const min = env !== undefined && env !== '' && Number.isFinite(Number(env)) ? Number(env) : IMPORT_WORKER_MIN_BYTES;
  return source.size >= min;
}

function importWorkerEntry(): { file: string | URL; execArgv: string[] } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const dir = path.dirname(fileURLToPath(here));
    return { file: sourceWorkerBundle(path.join(dir, 'importWorker.ts'), path.resolve(dir, '..', '..')), execArgv: [] };
  }
  const bundled = path.join(path.dirname(fileURLToPath(here)), 'importWorker.cjs');
  if (!fs.existsSync(bundled)) throw new Error(`import worker bundle missing: ${bundled}`);
  return { file: bundled, execArgv: [] };
}

/**
 * Files from this size on are read by two import workers at once when the machine has two cores
 * or more (FRONTERA_IMPORT_SHARD_MIN_BYTES overrides it; tests shard small files): both read and
 * split the whole file, and each converts, normalises and packs every other range of records —
 * the part that costs — while this thread writes the ranges back in file order.
 */
const SHARD_MIN_BYTES = 32 << 20;
const SHARD_RANGE = 8192;

function shardCount(source: Source, file: string): number {
  const env = process.env.FRONTERA_IMPORT_SHARD_MIN_BYTES;
  const min = env !== undefined && env !== '' && Number.isFinite(Number(env)) ? Number(env) : SHARD_MIN_BYTES;
  return source.size >= min && os.availableParallelism() >= 2 && (source.readsByRange === true || manyLines(file)) ? 2 : 1;
}

/**
 * Whether the file starts with many short lines (records): only then does splitting the
 * conversion pay for a second reader of the whole file — and a file of one huge line is not
 * read twice at once.
 */
function manyLines(file: string): boolean {
  const head = Buffer.alloc(65_536);
  const fd = fs.openSync(file, 'r');
  try {
    const n = fs.readSync(fd, head, 0, head.length, 0);
    let lines = 0;
    for (let i = head.indexOf(10); i !== -1 && i < n; i = head.indexOf(10, i + 1)) lines++;
    return lines >= 64;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * A sharded read that cannot give exactly what one reader gives — a reader failed (the file's
 * first error must be the one reported), the layout defeated skipping, or problems to report
 * without --skip-invalid (their first 20 in one reader's order): the import is read again by one.
 */
class ReadAgainUnsharded extends Error {}

/**
 * Reads the file on import workers (one, or a shard each); their batches go into `tx` in file
 * order as they come.
 */
function readInWorkers(
  file: string,
  setup: ReadSetup,
  tx: LayerWrite,
  progress: (done: number) => void,
  signal: AbortSignal | undefined,
  count: number,
): Promise<ReadResult> {
  const { file: entry, execArgv } = importWorkerEntry();
  const shards: (Shard | undefined)[] = count === 1 ? [undefined] : Array.from({ length: count }, (_, index) => ({ index, count, range: SHARD_RANGE }));
  const workers = shards.map((shard) => new Worker(entry, { execArgv, workerData: { file, setup: { ...setup, shard } } satisfies ImportWorkerData }));
  const results: (ReadResult | null)[] = shards.map(() => null);
  const errors: (Extract<ImportWorkerReply, { type: 'error' }> | null)[] = shards.map(() => null);
  // Sharded: batches wait here until every earlier range is written (a range of only invalid
  // records posts nothing).
  type Batch = Extract<ImportWorkerReply, { type: 'rows' | 'block' }>;
  const waiting = new Map<number, { batch: Batch; from: number }[]>();
  const add = (b: Batch): void => (b.type === 'rows' ? tx.addPacked(b.rows) : tx.addBlock(b.block));
  // A worker may send its next batch once this one is written, or buffered by a store that can take more.
  const credit = (w: Worker): void => void tx.ready().then(() => w.postMessage(1), () => {});
  const lastRange = shards.map(() => -1);
  let nextRange = 0;
  const bytes = shards.map(() => 0);
  return new Promise<ReadResult>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      for (const w of workers) void w.terminate();
      fn();
    };
    const onAbort = (): void => finish(() => reject(new CancelledError('import')));
    signal?.addEventListener('abort', onAbort, { once: true });
    const write = (): void => {
      for (;;) {
        if (waiting.size === 0 && results.every((r) => r !== null)) return;
        // A range may come in two batches (the switch from blocks to rows): it is complete
        // once its shard has posted a later range or finished.
        const owner = nextRange % count;
        if (results[owner] === null && lastRange[owner] <= nextRange) return;
        const ready = waiting.get(nextRange);
        if (ready) {
          waiting.delete(nextRange);
          for (const b of ready) {
            add(b.batch);
            credit(workers[b.from]);
          }
        }
        nextRange++;
      }
    };
    workers.forEach((worker, k) => {
      worker.on('message', (m: ImportWorkerReply) => {
        if (settled) return;
        try {
          if (m.type === 'rows' || m.type === 'block') {
            if (count === 1) {
              add(m);
              credit(worker);
              return;
            }
            lastRange[k] = m.range;
            const list = waiting.get(m.range);
            if (list) list.push({ batch: m, from: k });
            else waiting.set(m.range, [{ batch: m, from: k }]);
            write();
          } else if (m.type === 'progress') {
            bytes[k] = m.done;
            progress(Math.min(...bytes));
          } else if (m.type === 'done') {
            results[k] = m.result;
            if (errors.some((e) => e !== null)) {
              // Another shard failed where this one did not: see below.
              finish(() => reject(new ReadAgainUnsharded()));
              return;
            }
            if (count > 1) write();
            if (results.every((r) => r !== null)) {
              // Outside finish(): a merge that throws must reach the catch below.
              const merged = count === 1 ? m.result : mergeShards(results as ReadResult[], setup);
              finish(() => resolve({ ...merged, readers: count }));
            }
          } else if (count === 1 || m.kind === 'lateCrs') finish(() => reject(workerError(m, setup.fileName)));
          else if (m.kind === 'shardLayout') finish(() => reject(new ReadAgainUnsharded()));
          else {
            // A file-level error (a line too long, an unclosed quote at the end) stops every shard
            // at the same place with the same words: that is the error one reader gives. Any other
            // may not be the file's first, and the file is read again.
            errors[k] = m;
            if (!errors.every((e, j) => e !== null || results[j] !== null)) return;
            const same = errors.every((e) => e !== null && e.kind === m.kind && e.message === m.message);
            finish(() => reject(same ? workerError(m, setup.fileName) : new ReadAgainUnsharded()));
          }
        } catch (e) {
          finish(() => reject(e));
        }
      });
      worker.on('error', (e) => finish(() => reject(e)));
      worker.on('exit', (code) => {
        if (errors[k] === null && results[k] === null) finish(() => reject(new Error(`import worker stopped (exit code ${code})`)));
      });
    });
  });
}

/** One ReadResult from the shards'; see ReadAgainUnsharded for when there is none. */
function mergeShards(results: ReadResult[], setup: ReadSetup): ReadResult {
  const problemTotal = results.reduce((n, r) => n + r.problemTotal, 0);
  if (problemTotal > 0 && setup.options.skipInvalid !== true) throw new ReadAgainUnsharded();
  const first = results[0];
  return {
    ...first,
    // With --skip-invalid every problem is kept; the importer sorts them by record.
    problems: results.flatMap((r) => r.problems),
    problemTotal,
    fields: first.fieldEntries ? FieldCollector.merge(results.map((r) => r.fieldEntries ?? [])) : first.fields,
    fieldEntries: undefined,
  };
}

function workerError(m: Extract<ImportWorkerReply, { type: 'error' }>, fileName: string): Error {
  if (m.kind === 'lateCrs' && m.crs) return new LateCrsError(fileName, m.crs);
  if (m.kind === 'import') return new ImportError(m.problems ?? [], m.total);
  if (m.kind === 'user') return m.said ? new CrsError(m.said) : new UserError(m.message);
  return new Error(`import worker: ${m.message}`);
}

/** A refusal of the import catalogue, which the command line says in its language (the words name their namespace). */
function refusal(key: 'refusal.severalLayers' | 'refusal.severalLayersFile' | 'refusal.layerTaken', values: Record<string, string | number> = {}): UserError {
  return new UserError(said(key, values).text, { key: `import:${key}`, values });
}

/**
 * Imports several files, in order: each source of each file (a file may hold several: the
 * tables of a GeoPackage) is one layer in one transaction of its own.
 */
export async function importFiles(
  ws: WorkspaceStore,
  paths: string[],
  options: ImportOptions = {},
  ctx: CallContext = {},
): Promise<ImportSummary[]> {
  if (paths.length > 1 && options.layer) throw refusal('refusal.severalLayers');
  const out: ImportSummary[] = [];
  for (const p of paths) out.push(...(await importFile(ws, p, options, ctx)));
  return out;
}

/** Imports every source of one file. */
export async function importFile(ws: WorkspaceStore, file: string, options: ImportOptions = {}, ctx: CallContext = {}): Promise<ImportSummary[]> {
  const timezone = options.tz ?? (await ws.timezone());
  assertTimeZone(timezone);
  if (ctx.signal?.aborted) throw new CancelledError('import');
  const sources = openSources(file, options);
  if (sources.length > 1 && options.layer) throw refusal('refusal.severalLayersFile', { file, n: sources.length });
  if (sources.length === 1) {
    // A re-read (a CRS found late, a sharded read that must be read again) opens the file afresh.
    const summary = await importSource(ws, file, sources[0], () => openSources(file, options)[0], options, ctx);
    return summary ? [summary] : [];
  }
  // A file of several layers lands whole or not at all, as a file of one does.
  return ws.inOneTransaction(async () => {
    const out: ImportSummary[] = [];
    const empty: string[] = [];
    for (let k = 0; k < sources.length; k++) {
      const summary = await importSource(ws, file, sources[k], () => openSources(file, options)[k], options, { ...ctx, emptySkipped: true });
      if (summary) out.push(summary);
      else empty.push(`"${sources[k].defaultLayerName}"`);
    }
    if (!out.length) throw fileProblem(file, said('refusal.noLayerRecords', { n: sources.length, layers: empty.join(', ') }));
    if (empty.length) {
      const first = out[0];
      const none = said(empty.length === 1 ? 'refusal.emptyLayersOne' : 'refusal.emptyLayersMany', { layers: empty.join(', ') });
      first.noteWords = [...(first.noteWords ?? (first.notes ?? []).map(() => null)), none.words];
      first.notes = [...(first.notes ?? []), none.text];
    }
    return out;
  });
}

async function importSource(
  ws: WorkspaceStore,
  file: string,
  source: Source,
  reopen: () => Source,
  options: ImportOptions,
  ctx: ImportContext,
): Promise<ImportSummary | null> {
  const started = performance.now();
  const timezone = options.tz ?? (await ws.timezone());
  const givenCrs = options.crs ? resolveCrs(options.crs) : (ctx.lateCrs ?? null);
  if (ctx.signal?.aborted) throw new CancelledError('import');

  const layerName = layerNameFor(options, source);
  if (await ws.findLayer(layerName)) {
    throw refusal('refusal.layerTaken', { layer: layerName, workspace: ws.location, file });
  }
  const skipInvalid = options.skipInvalid === true;
  const setup: ReadSetup = {
    fileName: source.fileName,
    format: source.format,
    options,
    givenCrs,
    timezone,
  };

  const tx = await ws.beginLayer({
    name: layerName,
    sourceFile: path.basename(file),
    sourceFormat: source.format,
    sourceCrs: givenCrs?.label ?? 'WGS 84 (assumed)',
    fields: [],
    fingerprint: '',
    mapping: {},
    metadata: {},
  });

  let lastReport = 0;
  const progress = (done: number): void => {
    const now = performance.now();
    if (now - lastReport > 100 || done === source.size) {
      lastReport = now;
      ctx.onProgress?.({ phase: 'read', done, total: source.size, message: source.fileName });
    }
  };
  const step: Step = async (done) => {
    progress(done);
    await tick();
    await tx.ready();
    if (ctx.signal?.aborted) throw new CancelledError('import');
  };

  try {
    ctx.onProgress?.({ phase: 'read', done: 0, total: source.size, message: source.fileName });
    let read: ReadResult;
    try {
      read = useImportWorker(source)
        ? await readInWorkers(source.streamedFile!, setup, tx, progress, ctx.signal, ctx.unsharded ? 1 : shardCount(source, source.streamedFile!))
        : await readInProcess(source, setup, (f) => tx.add(f), step);
    } catch (e) {
      if (e instanceof ReadAgainUnsharded) {
        await tx.rollback();
        return importSource(ws, file, reopen(), reopen, options, { ...ctx, unsharded: true });
      }
      if (!(e instanceof LateCrsError) || ctx.lateCrs) throw e;
      await tx.rollback();
      return importSource(ws, file, reopen(), reopen, options, { ...ctx, lateCrs: e.crs });
    }
    const { crs, mapping } = read;
    if (read.notes) source.notes = read.notes;

    // Parser problems arrive at once, normaliser ones after the mapping sample: report in file order.
    const kept = read.problems;
    kept.sort((a, b) => (a.index ?? -1) - (b.index ?? -1));
    if (read.problemTotal > 0 && !skipInvalid) throw new ImportError(kept, read.problemTotal);
    if (tx.featureCount === 0 && read.problemTotal === 0) {
      if (!ctx.emptySkipped) throw noRecords(source.fileName, read.fields);
      await tx.rollback();
      return null;
    }

    // The phase says what is done (its name in the analyst's language); the message, to what.
    ctx.onProgress?.({ phase: 'index', done: 0, message: source.fileName });
    tx.setFields(read.fields);
    tx.meta.sourceCrs = crs?.label ?? 'WGS 84 (assumed: coordinates fit longitude/latitude)';
    tx.meta.mapping = mapping ?? {};
    tx.meta.fingerprint = read.fingerprint;
    tx.meta.metadata = {
      importOptions: { ...options, tz: timezone },
      skipped: read.problemTotal,
    };
    const feedMillis = performance.now() - started;
    const stats = await tx.finish();
    // Read back inside the transaction: the stacks are stored with the layer, in the same commit.
    const stackedPoints = await layerStackedPoints(tx, stats);
    if (stackedPoints) tx.meta.metadata.stackedPoints = stackedPoints;
    // Stage timings stay with the layer: the import bench reads them back (`layers --json`).
    tx.meta.metadata.timings = {
      readers: read.readers ?? 0,
      parseNormalizeMs: Math.round(feedMillis - stats.insertMillis),
      insertMs: stats.insertMillis,
      rtreeMs: stats.indexMillis,
    };
    if (ctx.signal?.aborted) throw new CancelledError('import');

    const actor = ctx.actor ?? 'system';
    await tx.audit(
      kept.map((p) => ({
        actor,
        action: 'import.skip',
        target: layerName,
        details: { file: p.file, location: p.location, index: p.index, reason: p.reason },
      })),
    );
    const millis = Math.round(performance.now() - started);
    const details = {
      layerId: tx.layerId,
      file: path.resolve(file),
      format: source.format,
      features: stats.featureCount,
      skipped: read.problemTotal,
      sourceCrs: tx.meta.sourceCrs,
      fingerprint: tx.meta.fingerprint,
      mapping: tx.meta.mapping,
      millis,
      ...(source.notes?.length ? { notes: notesOf(source.notes).notes } : {}),
    };
    await tx.audit([{ actor, action: 'import', target: layerName, details }]);
    const info = await tx.commit(stats);
    ctx.onProgress?.({ phase: 'done', done: source.size, total: source.size });
    return {
      layerId: info.id,
      layer: info.name,
      file,
      format: source.format,
      featureCount: info.featureCount,
      skipped: kept,
      skippedCount: read.problemTotal,
      sourceCrs: info.sourceCrs,
      geometryType: info.geometryType,
      bbox: info.bbox,
      fingerprint: info.fingerprint,
      mapping: info.mapping,
      millis,
      ...(stackedPoints ? { stackedPoints } : {}),
      ...(info.mapping.timeEnd && info.timeWindows ? { timeWindows: info.timeWindows } : {}),
      ...(source.notes?.length ? notesOf(source.notes) : {}),
    };
  } catch (e) {
    await tx.rollback();
    throw e;
  }
}

function noCrsError(file: string, box: BBox): ImportError {
  const shown = box.map((v) => Number(v.toPrecision(8))).join(', ');
  // Read the other way round the extent may be lon/lat: then the columns are the likelier mistake.
  const swapped = fitsLonLat([box[1], box[0], box[3], box[2]]) ? said('crs.noCrsSwapped').words : '';
  return fileProblem(file, said('crs.noCrs', { extent: shown, swapped }));
}

/**
 * A file that holds no record at all (a CSV of its header only, an empty FeatureCollection or
 * shapefile) is refused, by the import and the preview alike, rather than made an empty layer.
 * A file whose records were all skipped as invalid is not this: its summary lists them.
 */
function noRecords(file: string, fields: FieldInfo[]): ImportError {
  return fileProblem(file, said(fields.length > 0 ? 'refusal.headerOnly' : 'refusal.noFeatures'));
}

// ---------- preview ----------

/**
 * Reads the start of a file (its first source: the first table of a GeoPackage): fields, a
 * sample, the CRS and suggested mapping. Writes nothing. A table without coordinate columns is
 * previewed all the same (coordinatesMissing says why), so the dialog can ask for them; a file
 * without records is refused as the import would refuse it.
 */
export async function previewFile(file: string, options: ImportOptions = {}): Promise<ImportPreview> {
  const [source] = openSources(file, options);
  const sample: Record<string, unknown>[] = [];
  const fieldsSeen = new FieldCollector();
  const problems: ImportProblem[] = [];
  let fields: FieldInfo[] | null = null;
  let crs: SourceCrs | null = options.crs ? resolveCrs(options.crs) : null;
  let box: BBox | null = null;
  const sink: RecordSink = {
    onFields: (f) => {
      fields = f;
    },
    // With --crs the parser is not handed the file's CRS (a GeoJSON crs member is skipped unread).
    ...(options.crs
      ? {}
      : {
          onCrs: (c: SourceCrs) => {
            crs = c;
          },
        }),
    onRecord: (r) => {
      fieldsSeen.add(r.properties);
      box = extendBBox(box, geometryBBox(r.geometry));
      if (sample.length < MAPPING_SAMPLE) sample.push(r.properties);
      if (sample.length >= MAPPING_SAMPLE) throw new StopFeeding();
    },
    onProblem: (p) => {
      if (problems.length < MAX_REPORTED_PROBLEMS) problems.push(p);
    },
  };
  let coordinatesMissing: Said | undefined;
  let readWhole = false;
  try {
    await source.feed(
      sink,
      {
        fileName: source.fileName,
        encoding: options.encoding,
        lat: options.lat,
        lon: options.lon,
        wkt: options.wkt,
        onCoordinatesMissing: (reason) => {
          coordinatesMissing = reason;
        },
      },
      async () => {},
    );
    readWhole = true;
  } catch (e) {
    if (e instanceof LateCrsError) crs = e.crs;
    else if (!(e instanceof StopFeeding)) throw e;
  }
  const finalFields: FieldInfo[] = fields ?? fieldsSeen.fields();
  // Another layer of the file may hold records: the dialog offers them, the import refuses this one.
  const oneLayer = (source.layersInFile?.length ?? 1) <= 1;
  if (readWhole && oneLayer && sample.length === 0 && problems.length === 0) throw noRecords(source.fileName, finalFields);
  const suggestions = suggestMapping(finalFields, sample);
  const b = box as BBox | null;
  return {
    file,
    format: source.format,
    layerName: source.defaultLayerName,
    fields: finalFields,
    sample: sample.slice(0, PREVIEW_SAMPLE),
    crs: crs?.label ?? null,
    crsNeeded: !crs && b !== null && !fitsLonLat(b),
    suggestions,
    problems,
    ...(coordinatesMissing !== undefined ? { coordinatesMissing: coordinatesMissing.text, coordinatesMissingWords: coordinatesMissing.words } : {}),
    ...(source.layersInFile ? { layers: source.layersInFile } : {}),
  };
}
