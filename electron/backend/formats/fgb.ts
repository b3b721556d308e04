/**
 * FlatGeobuf (.fgb). In: read from the file in 4 MB chunks, one feature at a time; the header's
 * CRS (an EPSG code, or its WKT) and typed columns; geometry and properties decoded by the
 * `flatgeobuf` package (its header reader, its GeoJSON geometry decoder, its property decoder).
 *
 * The framing — magic bytes, header, spatial index, each feature's length — is read here rather
 * than by the package's stream deserializer (flatgeobuf 4.5.0 `deserialize(ReadableStream)`):
 * that one never settles on a file cut inside its header (measured: a .fgb cut to 5 bytes),
 * pads a feature cut short with zeros and decodes it as if whole, and cannot name the feature a
 * damaged file breaks at. Here every length is checked against the bytes that are there, and a
 * problem names the file and "feature N" (1-based, in file order: a file written with a spatial
 * index holds its features in the index's order, as GDAL reads them too). Speed on 1,000,000
 * points: see test/bench/import.ts (`npm run bench -- import`).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Geometry as GeoJsonGeometry } from 'geojson';
import { ByteBuffer } from 'flatbuffers';
import { ColumnType } from 'flatgeobuf/lib/mjs/flat-geobuf/column-type.js';
import { Feature } from 'flatgeobuf/lib/mjs/flat-geobuf/feature.js';
import type { Geometry } from 'flatgeobuf/lib/mjs/flat-geobuf/geometry.js';
import { GeometryType } from 'flatgeobuf/lib/mjs/flat-geobuf/geometry-type.js';
import { Header } from 'flatgeobuf/lib/mjs/flat-geobuf/header.js';
import { parseProperties } from 'flatgeobuf/lib/mjs/generic/feature.js';
import { fromGeometry } from 'flatgeobuf/lib/mjs/geojson/geometry.js';
import { fromByteBuffer, type HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js';
import { calcTreeSize } from 'flatgeobuf/lib/mjs/packedrtree.js';
import { isUserError } from '../../../shared/errors.ts';
import { CrsError, resolveCrs } from '../../../shared/geo/crs.ts';
import { fileProblem, importProblem, said, type ImportValue, type Said } from '../../../shared/import/problems.ts';
import type { RecordSink, SourceCrs } from '../../../shared/import/types.ts';
import type { FieldInfo, FieldType } from '../../../shared/model/feature.ts';
import { openForRead } from '../sourceFiles.ts';
import { CHUNK_BYTES } from './streamSource.ts';
import type { FormatModule, Source, SourceInput, Step } from './types.ts';

/** 'fgb', version 3, 'fgb', 0: the first three bytes say FlatGeobuf, the fourth its major version. */
const MAGIC = [0x66, 0x67, 0x62, 0x03, 0x66, 0x67, 0x62];
/** GeometryCollection and below are GeoJSON's types; the curves and surfaces after it are not. */
const LAST_GEOJSON_TYPE = GeometryType.GeometryCollection;
/** Geometry collections nested deeper than this are refused (a damaged file can nest without end). */
const MAX_NESTING = 8;

const featureLocation = (i: number): string => `feature ${i + 1}`;

/** The bytes of a file on disk or of an archive member, a chunk at a time, hashed as they pass. */
class Chunks {
  private fd: number | null = null;
  private at = 0;
  readonly size: number;
  private readonly hash = crypto.createHash('sha256');

  constructor(private readonly input: SourceInput) {
    this.size = input.bytes ? input.bytes.length : openForRead(input.path!).size;
  }

  get done(): number {
    return this.at;
  }

  /** The next chunk, or null at the end. */
  next(): Uint8Array | null {
    let chunk: Uint8Array;
    if (this.input.bytes) {
      if (this.at >= this.input.bytes.length) return null;
      chunk = this.input.bytes.subarray(this.at, this.at + CHUNK_BYTES);
    } else {
      this.fd ??= openForRead(this.input.path!).fd;
      const buf = Buffer.allocUnsafe(CHUNK_BYTES);
      let n: number;
      try {
        n = fs.readSync(this.fd, buf, 0, CHUNK_BYTES, null);
      } catch (e) {
        throw fileProblem(this.input.name, said('files.readFailed', { bytes: this.at, reason: (e as Error).message }));
      }
      if (n === 0) return null;
      chunk = buf.subarray(0, n);
    }
    this.hash.update(chunk);
    this.at += chunk.length;
    return chunk;
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }

  fingerprint(): string {
    return this.hash.copy().digest('hex');
  }
}

/** A window on the file: the bytes read and not yet consumed. */
class Window {
  private buf = new Uint8Array(0);
  private pos = 0;
  /** File offset of buf[pos]. */
  offset = 0;

  constructor(
    private readonly chunks: Chunks,
    private readonly step: Step,
  ) {}

  get available(): number {
    return this.buf.length - this.pos;
  }

  /** Reads until `n` bytes are available; false when the file ends first. */
  async want(n: number): Promise<boolean> {
    while (this.available < n) {
      const c = this.chunks.next();
      if (c === null) return false;
      const rest = this.buf.subarray(this.pos);
      const merged = new Uint8Array(rest.length + c.length);
      merged.set(rest);
      merged.set(c, rest.length);
      this.buf = merged;
      this.pos = 0;
      await this.step(this.chunks.done);
    }
    return true;
  }

  uint32(at = 0): number {
    const b = this.buf;
    const p = this.pos + at;
    return (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
  }

  /** The next `n` bytes, copied into a buffer of their own (the decoder's typed arrays need it aligned). */
  take(n: number): Uint8Array {
    const out = this.buf.slice(this.pos, this.pos + n);
    this.skip(n);
    return out;
  }

  skip(n: number): void {
    this.pos += n;
    this.offset += n;
  }
}

const COLUMN_TYPES: Record<number, FieldType> = {
  [ColumnType.Byte]: 'integer',
  [ColumnType.UByte]: 'integer',
  [ColumnType.Short]: 'integer',
  [ColumnType.UShort]: 'integer',
  [ColumnType.Int]: 'integer',
  [ColumnType.UInt]: 'integer',
  [ColumnType.Long]: 'integer',
  [ColumnType.ULong]: 'integer',
  [ColumnType.Float]: 'number',
  [ColumnType.Double]: 'number',
  [ColumnType.Bool]: 'boolean',
  [ColumnType.String]: 'string',
  [ColumnType.DateTime]: 'date',
  // Binary values are kept as base64 text (see record()).
  [ColumnType.Binary]: 'string',
  [ColumnType.Json]: 'unknown',
};

/** The CRS the header declares: its EPSG (or other authority) code when Frontera knows it, else its WKT. */
function headerCrs(h: HeaderMeta, file: string): SourceCrs | null {
  const c = h.crs;
  if (!c) return null;
  const tries: string[] = [];
  if (c.code > 0) tries.push(`${c.org ?? 'EPSG'}:${c.code}`);
  if (c.code_string) tries.push(c.code_string);
  if (c.wkt) tries.push(c.wkt);
  if (tries.length === 0) return null;
  let last: ImportValue = '';
  for (const t of tries) {
    try {
      return resolveCrs(t);
    } catch (e) {
      if (!isUserError(e)) throw e;
      last = e instanceof CrsError ? e.said.words : e.message;
    }
  }
  const named = c.code > 0 ? `${c.org ?? 'EPSG'}:${c.code}` : (c.name ?? said('fgb.wktCrs').words);
  throw fileProblem(file, said('fgb.crs', { named, reason: last }));
}

/** Why a decoded geometry's vectors cannot be what they say (a damaged file), or null. */
function geometryDamage(g: Geometry, bytes: number, depth: number): string | null {
  if (depth > MAX_NESTING) return `geometry collections nested over ${MAX_NESTING} deep`;
  // Each part is at least a 4-byte offset, each coordinate pair 16 bytes, each ring end 4.
  if (g.partsLength() * 4 > bytes || g.xyLength() * 8 > bytes || g.endsLength() * 4 > bytes) {
    return 'its geometry claims more coordinates or parts than the feature holds';
  }
  for (let i = 0; i < g.partsLength(); i++) {
    const part = g.parts(i);
    const why = part ? geometryDamage(part, bytes, depth + 1) : 'a geometry part is missing';
    if (why) return why;
  }
  return null;
}

function toBase64(v: Uint8Array): string {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
}

export function fgbSource(input: SourceInput, givenCrs: boolean): Source {
  const chunks = new Chunks(input);
  const file = input.name;
  return {
    format: 'fgb',
    fileName: file,
    size: chunks.size,
    defaultLayerName: input.defaultLayerName,
    locate: featureLocation,
    streamedFile: input.bytes ? undefined : input.path,
    fingerprint: () => chunks.fingerprint(),
    async feed(sink, opts, step) {
      try {
        await readFeatures(new Window(chunks, step), chunks.size, file, givenCrs, sink, opts.wants);
      } finally {
        chunks.close();
      }
    },
  };
}

async function readFeatures(
  w: Window,
  size: number,
  file: string,
  givenCrs: boolean,
  sink: RecordSink,
  wants: ((index: number) => boolean) | undefined,
): Promise<void> {
  const whole = await w.want(8);
  const magic = w.take(Math.min(8, w.available));
  if (magic.length < 3 || MAGIC.slice(0, 3).some((b, i) => magic[i] !== b)) {
    throw fileProblem(file, said('fgb.notFgb'));
  }
  if (!whole || !(await w.want(4))) throw fileProblem(file, said('fgb.short', { bytes: size }));
  if (magic[3] !== MAGIC[3]) throw fileProblem(file, said('fgb.version', { version: magic[3] }));
  const headerLength = w.uint32();
  if (12 + headerLength > size) {
    throw fileProblem(file, said('fgb.headerTruncated', { length: headerLength, bytes: size - 12 }));
  }
  await w.want(4 + headerLength);
  let header: HeaderMeta;
  try {
    const bytes = w.take(4 + headerLength);
    // The package walks the column list whatever its length says: a damaged count is checked first.
    if (Header.getSizePrefixedRootAsHeader(new ByteBuffer(bytes)).columnsLength() * 4 > headerLength) {
      throw new Error('the column count is larger than the header');
    }
    header = fromByteBuffer(new ByteBuffer(bytes));
  } catch (e) {
    throw fileProblem(file, said('fgb.headerDamaged', { reason: (e as Error).message }));
  }
  if (header.geometryType > LAST_GEOJSON_TYPE) {
    throw fileProblem(file, said('fgb.geometryType', { type: GeometryType[header.geometryType] ?? header.geometryType }));
  }
  if (!givenCrs) {
    const crs = headerCrs(header, file);
    if (crs) sink.onCrs?.(crs);
  }
  const columns = header.columns ?? [];
  sink.onFields?.(columns.map((c) => ({ name: c.name, type: COLUMN_TYPES[c.type] ?? 'unknown' }) satisfies FieldInfo));
  const names = columns.map((c) => c.name);
  const binary = columns.filter((c) => c.type === ColumnType.Binary).map((c) => c.name);

  const count = header.featuresCount;
  if (header.indexNodeSize > 0 && count > 0) {
    const tree = calcTreeSize(count, header.indexNodeSize);
    if (w.offset + tree > size) {
      throw fileProblem(file, said('fgb.index', { count, bytes: tree }));
    }
    for (let left = tree; left > 0; ) {
      await w.want(Math.min(left, CHUNK_BYTES));
      const n = Math.min(left, w.available);
      w.skip(n);
      left -= n;
    }
  }

  const problem = (i: number, reason: Said): void => sink.onProblem(importProblem(file, featureLocation(i), i, reason));
  for (let i = 0; ; i++) {
    // Most features lie whole in the chunk already read: no await for them.
    if (w.available < 4 && !(await w.want(4))) {
      if (w.available > 0) problem(i, said('fgb.endsInLength', { count: w.available }));
      else if (count > 0 && i < count) problem(i, said('fgb.missing', { count, after: i }));
      return;
    }
    const length = w.uint32();
    if (w.offset + 4 + length > size) {
      problem(i, said('fgb.pastEnd', { length, bytes: w.offset + 4 + length - size }));
      return;
    }
    if (w.available < 4 + length) await w.want(4 + length);
    if (wants !== undefined && !wants(i)) {
      w.skip(4 + length);
      continue;
    }
    const bytes = w.take(4 + length);
    let geometry: GeoJsonGeometry | null;
    let properties: Record<string, unknown>;
    try {
      const feature = Feature.getSizePrefixedRootAsFeature(new ByteBuffer(bytes));
      const g = feature.geometry();
      if (g) {
        const type = header.geometryType === GeometryType.Unknown ? g.type() : header.geometryType;
        if (type === GeometryType.Unknown || type > LAST_GEOJSON_TYPE) throw new Error(`geometry type ${GeometryType[type] ?? type} is not supported`);
        const why = geometryDamage(g, length, 0);
        if (why) throw new Error(why);
      }
      geometry = g ? (fromGeometry(g, header.geometryType) as GeoJsonGeometry) : null;
      properties = parseProperties(feature, columns) as Record<string, unknown>;
    } catch (e) {
      problem(i, said('fgb.damaged', { reason: (e as Error).message }));
      continue;
    }
    for (const name of names) if (!(name in properties)) properties[name] = null;
    for (const name of binary) if (properties[name] instanceof Uint8Array) properties[name] = toBase64(properties[name] as Uint8Array);
    sink.onRecord({ sourceIndex: i, geometry, properties });
  }
}

export const fgbFormat: FormatModule = {
  id: 'fgb',
  label: 'FlatGeobuf',
  read: {
    extensions: ['fgb'],
    open: (input, ctx) => [fgbSource(input, ctx.options.crs !== undefined)],
  },
};
