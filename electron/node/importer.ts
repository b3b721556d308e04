/**
 * Import orchestration (Node side): finds a source's bytes, feeds them to the pure parsers in
 * shared/import, normalises each record, and writes the layer in ONE transaction. Any problem
 * rolls the whole file back and reports up to 20 problems (file + row/feature/record + reason);
 * with skipInvalid the valid records are kept and every skipped one goes to the audit log and
 * the summary. Files are streamed in 4 MB chunks; between chunks the event loop turns, so
 * progress reaches the caller and an AbortSignal can cancel (rollback).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { setImmediate as tick } from 'node:timers/promises';
import type { FieldMapping, FieldSuggestions, ImportOptions, ImportPreview, ImportSummary, CallContext } from '../../shared/api/contract.ts';
import { UserError, isUserError } from '../../shared/errors.ts';
import { createTransformer, fitsLonLat, resolveCrs, isWgs84 } from '../../shared/geo/crs.ts';
import { geometryBBox, extendBBox } from '../../shared/geo/bbox.ts';
import { createCsvParser, csvRowLocation } from '../../shared/import/csv.ts';
import { createGeoJsonParser, featureLocation, LateCrsError } from '../../shared/import/geojson.ts';
import { FieldCollector } from '../../shared/import/fieldTypes.ts';
import { suggestMapping } from '../../shared/import/fieldMapping.ts';
import { createNormalizer } from '../../shared/import/normalize.ts';
import { ImportError, MAX_REPORTED_PROBLEMS, fileProblem, type ImportProblem } from '../../shared/import/problems.ts';
import { parseShapefile, pickShapefileParts, type ShapefileParts } from '../../shared/import/shapefile/index.ts';
import type { FormatId, ParseOptions, RecordSink, SourceCrs, StreamParser } from '../../shared/import/types.ts';
import type { BBox, FieldInfo, NormalizedFeature, RawRecord } from '../../shared/model/feature.ts';
import { assertTimeZone } from '../../shared/time/zone.ts';
import { CancelledError, type Workspace } from './store/workspace.ts';
import {
  extOf,
  formatOf,
  isShapefilePart,
  openForRead,
  readShapefileFromFolder,
  readZipEntries,
  shapefileFingerprint,
} from './sourceFiles.ts';

export const CHUNK_BYTES = 4 * 1024 * 1024;
const WGS84: SourceCrs = { ...resolveCrs('EPSG:4326'), label: 'WGS 84' };
/** Records read before the field mapping is chosen: enough for suggestMapping to judge values. */
const MAPPING_SAMPLE = 200;
const PREVIEW_SAMPLE = 20;

// ---------- sources ----------

interface Source {
  format: FormatId;
  /** The path as the user gave it: every message names it. */
  fileName: string;
  size: number;
  defaultLayerName: string;
  /**
   * Reads the whole source into the sink; `step` is awaited after each chunk with the bytes
   * read so far (progress, cancellation). A preview stops early by throwing StopFeeding.
   */
  feed(sink: RecordSink, opts: ParseOptions, step: Step): Promise<void>;
  /** sha256 of the bytes read so far (all of them once feed has finished). */
  fingerprint(): string;
}

type Step = (bytesDone: number) => Promise<void>;

/** Thrown from a preview's sink once it has its sample. */
class StopFeeding extends Error {}

function streamSource(format: 'csv' | 'geojson', fileName: string, bytes?: Uint8Array, display?: string): Source {
  const hash = crypto.createHash('sha256');
  const size = bytes ? bytes.length : openForRead(fileName).size;
  return {
    format,
    fileName: display ?? fileName,
    size,
    defaultLayerName: stemOf(display ?? fileName),
    fingerprint: () => hash.copy().digest('hex'),
    async feed(sink, opts, step) {
      const parser: StreamParser = format === 'csv' ? createCsvParser(opts, sink) : createGeoJsonParser(opts, sink);
      if (bytes) {
        for (let at = 0; at < bytes.length; at += CHUNK_BYTES) {
          const chunk = bytes.subarray(at, Math.min(bytes.length, at + CHUNK_BYTES));
          hash.update(chunk);
          parser.push(chunk);
          await step(at + chunk.length);
        }
        parser.end();
        return;
      }
      const { fd } = openForRead(fileName);
      try {
        const buf = Buffer.allocUnsafe(CHUNK_BYTES);
        let done = 0;
        for (;;) {
          let n: number;
          try {
            n = fs.readSync(fd, buf, 0, CHUNK_BYTES, null);
          } catch (e) {
            throw fileProblem(fileName, `read failed after ${done} bytes (${(e as Error).message})`);
          }
          if (n === 0) break;
          // The parser may keep references to the chunk (partial records): hand it a copy.
          const chunk = new Uint8Array(buf.subarray(0, n));
          hash.update(chunk);
          parser.push(chunk);
          done += n;
          await step(done);
        }
        parser.end();
      } finally {
        fs.closeSync(fd);
      }
    },
  };
}

function shapefileSource(parts: ShapefileParts, fileName: string, defaultLayerName: string): Source {
  const size = [parts.shp, parts.shx, parts.dbf, parts.prj, parts.cpg].reduce((s, p) => s + (p?.length ?? 0), 0);
  return {
    format: 'shapefile',
    fileName,
    size,
    defaultLayerName,
    fingerprint: () => shapefileFingerprint(parts),
    async feed(sink, opts, step) {
      parseShapefile(parts, opts, sink);
      await step(size);
    },
  };
}

function stemOf(file: string): string {
  const base = path.basename(file);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

export function openSource(file: string): Source {
  const format = formatOf(file);
  if (format === 'csv' || format === 'geojson') return streamSource(format, file);
  if (format === 'shapefile') {
    const { parts, shpName } = readShapefileFromFolder(file);
    return shapefileSource(pickShapefileParts(parts, shpName, path.dirname(file)), file, stemOf(file));
  }
  // A zip: a shapefile (the usual way one travels), or a single GeoJSON/CSV.
  const entries = readZipEntries(file, (n) => isShapefilePart(n) || ['geojson', 'json', 'csv'].includes(extOf(n)));
  const litter = (n: string): boolean => n.includes('__MACOSX/') || path.posix.basename(n).startsWith('._');
  if (entries.some((e) => extOf(e.name) === 'shp' && !litter(e.name))) {
    return shapefileSource(pickShapefileParts(entries, undefined, file), file, stemOf(file));
  }
  const data = entries.filter((e) => !litter(e.name) && ['geojson', 'json', 'csv'].includes(extOf(e.name)));
  if (data.length === 1) {
    const fmt = extOf(data[0].name) === 'csv' ? 'csv' : 'geojson';
    const s = streamSource(fmt, file, data[0].bytes, `${file}/${data[0].name}`);
    s.defaultLayerName = stemOf(file);
    return s;
  }
  throw fileProblem(
    file,
    data.length
      ? `the archive holds several data files (${data.map((d) => d.name).join(', ')}); unzip it and import them one by one`
      : 'the archive holds no .shp, .geojson or .csv file',
  );
}

function locationLabeller(format: FormatId): (index: number) => string {
  if (format === 'csv') return (i) => csvRowLocation(i);
  if (format === 'geojson') return featureLocation;
  return (i) => `record ${i + 1}`;
}

// ---------- mapping ----------

/** The suggested mapping with the user's choices laid over it. */
export function chooseMapping(s: FieldSuggestions, given: FieldMapping | undefined): FieldMapping {
  const m: FieldMapping = {};
  const g = given ?? {};
  const time = g.time ?? s.time;
  if (time && time.length) m.time = time;
  if (g.timeFormat) m.timeFormat = g.timeFormat;
  const category = g.category ?? s.category;
  if (category) m.category = category;
  const quantity = g.quantity ?? s.quantity;
  if (quantity) m.quantity = quantity;
  if (g.unitValue) m.unitValue = g.unitValue;
  else {
    const unit = g.unit ?? s.unit;
    if (unit) m.unit = unit;
  }
  return m;
}

function checkMappingColumns(m: FieldMapping, fields: FieldInfo[], file: string, given: FieldMapping | undefined): void {
  if (!given || fields.length === 0) return;
  const names = new Set(fields.map((f) => f.name));
  const want: [string, string | undefined][] = [
    ['--time', given.time?.[0]],
    ['--time', given.time?.[1]],
    ['--category', given.category],
    ['--quantity', given.quantity],
    ['--unit', given.unit],
  ];
  for (const [flag, col] of want) {
    if (col !== undefined && !names.has(col)) {
      const list = fields.map((f) => f.name).join(', ');
      throw fileProblem(file, `${flag} column "${col}" is not in the file (columns: ${list})`);
    }
  }
  void m;
}

// ---------- the import ----------

export interface ImportContext extends CallContext {
  /** Internal: a CRS found late in a GeoJSON file, for the re-run. */
  lateCrs?: SourceCrs;
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

/** Imports several files, one layer and one transaction each, in order. */
export async function importFiles(
  ws: Workspace,
  paths: string[],
  options: ImportOptions = {},
  ctx: CallContext = {},
): Promise<ImportSummary[]> {
  if (paths.length > 1 && options.layer) {
    throw new UserError('--layer names one layer: import several files without it (each gets its file name) or one by one');
  }
  const out: ImportSummary[] = [];
  for (const p of paths) out.push(await importFile(ws, p, options, ctx));
  return out;
}

export async function importFile(
  ws: Workspace,
  file: string,
  options: ImportOptions = {},
  ctx: ImportContext = {},
): Promise<ImportSummary> {
  const started = performance.now();
  const timezone = options.tz ?? ws.timezone;
  assertTimeZone(timezone);
  const givenCrs = ctx.lateCrs ?? (options.crs ? resolveCrs(options.crs) : null);
  if (ctx.signal?.aborted) throw new CancelledError('import');

  const source = openSource(file);
  const layerName = layerNameFor(options, source);
  if (ws.findLayer(layerName)) {
    throw new UserError(
      `a layer named "${layerName}" already exists in ${ws.path}; import ${file} under another name with --layer NAME`,
    );
  }
  const skipInvalid = options.skipInvalid === true;
  const problems = new ProblemLog(skipInvalid);
  const fieldsSeen = new FieldCollector();
  let declaredFields: FieldInfo[] | null = null;
  let crs: SourceCrs | null = givenCrs;
  let mapping: FieldMapping | null = null;
  let normalize: ((r: RawRecord) => NormalizedFeature | ImportProblem) | null = null;
  const pending: RawRecord[] = [];
  const locate = locationLabeller(source.format);

  const tx = ws.beginLayer({
    name: layerName,
    sourceFile: path.basename(file),
    sourceFormat: source.format,
    sourceCrs: crs?.label ?? 'WGS 84 (assumed)',
    fields: [],
    fingerprint: '',
    mapping: {},
    metadata: {},
  });

  const setup = (): void => {
    const fields = declaredFields ?? fieldsSeen.fields();
    const sample = pending.map((r) => r.properties);
    mapping = chooseMapping(suggestMapping(fields, sample), options.mapping);
    checkMappingColumns(mapping, fields, source.fileName, options.mapping);
    if (!crs && source.format === 'geojson') {
      // RFC 7946: GeoJSON without a (legacy) crs member is WGS84 lon/lat by definition.
      crs = WGS84;
    }
    if (!crs) {
      // No CRS anywhere: only lon/lat coordinates may pass as WGS84. Judged on the sample as a
      // whole, so one bad row among good ones is reported as that row, not as a CRS question.
      let box: BBox | null = null;
      let fit = 0;
      let all = 0;
      for (const r of pending) {
        const b = geometryBBox(r.geometry);
        if (!b) continue;
        all++;
        if (fitsLonLat(b)) fit++;
        else box = extendBBox(box, b);
      }
      if (all > 0 && fit * 2 < all && box) throw noCrsError(source.fileName, box);
    }
    const project = crs && !isWgs84(crs) ? createTransformer(crs) : null;
    normalize = createNormalizer({
      fileName: source.fileName,
      project,
      mapping,
      timezone,
      locationLabel: locate,
    });
    for (const r of pending) handle(r);
    pending.length = 0;
  };

  const handle = (rec: RawRecord): void => {
    let r: NormalizedFeature | ImportProblem;
    try {
      r = normalize!(rec);
    } catch (e) {
      if (!isUserError(e)) throw e;
      r = { file: source.fileName, location: locate(rec.sourceIndex), index: rec.sourceIndex, reason: e.message };
    }
    if ('reason' in r) problems.add(r);
    else if (problems.total === 0 || skipInvalid) tx.add(r);
  };

  const sink: RecordSink = {
    onFields(fields) {
      declaredFields = fields;
    },
    onCrs(c) {
      if (!givenCrs) crs = c;
    },
    onRecord(rec) {
      if (normalize) {
        handle(rec);
        return;
      }
      if (!declaredFields) fieldsSeen.add(rec.properties);
      pending.push(rec);
      if (pending.length >= MAPPING_SAMPLE) setup();
    },
    onProblem(p) {
      problems.add(p);
    },
  };

  const parseOpts: ParseOptions = {
    fileName: source.fileName,
    encoding: options.encoding,
    lat: options.lat,
    lon: options.lon,
    wkt: options.wkt,
  };
  let lastReport = 0;
  const step: Step = async (done) => {
    const now = performance.now();
    if (now - lastReport > 100 || done === source.size) {
      lastReport = now;
      ctx.onProgress?.({ phase: 'read', done, total: source.size, message: source.fileName });
    }
    await tick();
    if (ctx.signal?.aborted) throw new CancelledError('import');
  };

  try {
    ctx.onProgress?.({ phase: 'read', done: 0, total: source.size, message: source.fileName });
    try {
      await source.feed(sink, parseOpts, step);
    } catch (e) {
      if (!(e instanceof LateCrsError)) throw e;
      if (!ctx.lateCrs) {
        tx.rollback();
        return importFile(ws, file, options, { ...ctx, lateCrs: e.crs });
      }
      // The re-run meets the same late member again, after every feature: that is the end.
      if (e.crs.definition !== ctx.lateCrs.definition) throw e;
    }
    if (!normalize) setup();

    // Parser problems arrive at once, normaliser ones after the mapping sample: report in file order.
    problems.kept.sort((a, b) => (a.index ?? -1) - (b.index ?? -1));
    if (problems.total > 0 && !skipInvalid) throw new ImportError(problems.kept, problems.total);

    ctx.onProgress?.({ phase: 'index', done: 0, message: 'indexing' });
    tx.setFields(declaredFields ?? fieldsSeen.fields());
    tx.meta.sourceCrs = crs?.label ?? 'WGS 84 (assumed: coordinates fit longitude/latitude)';
    tx.meta.mapping = mapping ?? {};
    tx.meta.fingerprint = source.fingerprint();
    tx.meta.metadata = {
      importOptions: { ...options, tz: timezone },
      skipped: problems.total,
    };
    const feedMillis = performance.now() - started;
    const stats = tx.finish();
    // Stage timings stay with the layer: the import bench reads them back (`layers --json`).
    tx.meta.metadata.timings = {
      parseNormalizeMs: Math.round(feedMillis - stats.insertMillis),
      insertMs: stats.insertMillis,
      rtreeMs: stats.indexMillis,
    };
    if (ctx.signal?.aborted) throw new CancelledError('import');

    const actor = ctx.actor ?? 'system';
    ws.auditMany(
      problems.kept.map((p) => ({
        actor,
        action: 'import.skip',
        target: layerName,
        details: { file: p.file, location: p.location, index: p.index, reason: p.reason },
      })),
    );
    const millis = Math.round(performance.now() - started);
    ws.audit(actor, 'import', layerName, {
      layerId: tx.layerId,
      file: path.resolve(file),
      format: source.format,
      features: stats.featureCount,
      skipped: problems.total,
      sourceCrs: tx.meta.sourceCrs,
      fingerprint: tx.meta.fingerprint,
      mapping: tx.meta.mapping,
      millis,
    });
    const info = tx.commit(stats);
    ctx.onProgress?.({ phase: 'done', done: source.size, total: source.size });
    return {
      layerId: info.id,
      layer: info.name,
      file,
      format: source.format,
      featureCount: info.featureCount,
      skipped: problems.kept,
      skippedCount: problems.total,
      sourceCrs: info.sourceCrs,
      geometryType: info.geometryType,
      bbox: info.bbox,
      fingerprint: info.fingerprint,
      mapping: info.mapping,
      millis,
    };
  } catch (e) {
    tx.rollback();
    throw e;
  }
}

function noCrsError(file: string, box: BBox): ImportError {
  const shown = box.map((v) => Number(v.toPrecision(8))).join(', ');
  // Read the other way round the extent may be lon/lat: then the columns are the likelier mistake.
  const swapped = fitsLonLat([box[1], box[0], box[3], box[2]])
    ? '; read the other way round they are longitude/latitude — are latitude and longitude swapped? (name the columns with --lat and --lon)'
    : '';
  return fileProblem(
    file,
    `no CRS is declared and the coordinates (extent ${shown}) are not longitude/latitude; give the CRS with --crs (e.g. --crs EPSG:32611)${swapped}`,
  );
}

// ---------- preview ----------

/** Reads the start of a file: fields, a sample, the CRS and suggested mapping. Writes nothing. */
export async function previewFile(file: string, options: ImportOptions = {}): Promise<ImportPreview> {
  const source = openSource(file);
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
    onCrs: (c) => {
      if (!options.crs) crs = c;
    },
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
  try {
    await source.feed(
      sink,
      { fileName: source.fileName, encoding: options.encoding, lat: options.lat, lon: options.lon, wkt: options.wkt },
      async () => {},
    );
  } catch (e) {
    if (e instanceof LateCrsError) crs = e.crs;
    else if (!(e instanceof StopFeeding)) throw e;
  }
  const finalFields: FieldInfo[] = fields ?? fieldsSeen.fields();
  const suggestions = suggestMapping(finalFields, sample);
  const b = box as BBox | null;
  return {
    file,
    format: source.format,
    fields: finalFields,
    sample: sample.slice(0, PREVIEW_SAMPLE),
    crs: crs?.label ?? null,
    crsNeeded: !crs && b !== null && !fitsLonLat(b),
    suggestions,
    problems,
  };
}
