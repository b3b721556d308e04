/**
 * Streaming GeoJSON reader: a FeatureCollection, a single Feature or a bare geometry, fed as byte
 * chunks of any size. A FeatureCollection is never held whole: a byte-level scanner (string,
 * escape and bracket-depth state, iterative, nesting bounded at MAX_DEPTH) finds each element of
 * the top-level `features` array and JSON.parses just that slice, so memory stays bounded by the
 * largest feature and every feature is handed over as soon as its closing brace arrives. A file
 * written one feature per line skips the scan: each line is JSON.parsed as it stands
 * (featureOnLine says when that gives the same result).
 *
 * Why our own scanner: a token-level streaming JSON parser builds every number and string
 * through JavaScript callbacks, while V8's JSON.parse on one feature's text is native.
 * test/bench/parse.ts, 1,000,000 point features with 5 properties (198 MB), 4 MiB chunks, same run
 * (CPU time; wall time on the shared 2-core build machine was noise):
 *   this parser 5.3 s CPU, peak RSS 207 MB, and it also finishes with a 48 MB heap limit;
 *   stream-json (parser -> pick('features') -> streamArray) 59 s CPU, peak RSS 440 MB: 11x slower.
 *   For scale, JSON.parse of the whole file at once: 4.1 s CPU and 562 MB.
 *
 * Numbering: sourceIndex is the 0-based index in `features`; messages say "feature N" with N
 * counted from 1 (featureLocation), and add "line L, byte B" where the position matters.
 * Fatal (ImportError): invalid JSON, root not an object, `features` not an array, nesting too
 * deep, a file that ends inside a feature. Per-feature problems (not an object, wrong type,
 * missing or malformed geometry, non-numeric coordinates) go to sink.onProblem and reading goes on.
 */
import type { Geometry } from 'geojson';
import type { RawRecord } from '../model/feature.ts';
import { CrsError, resolveCrs } from '../geo/crs.ts';
import { UserError } from '../errors.ts';
import { FieldCollector } from './fieldTypes.ts';
import { ImportError, importProblem, said, type ImportValue, type Reason, type Said } from './problems.ts';
import { ChunkDecoder, type TextPiece } from './textChunks.ts';
import { ShardLayoutError, type ParseOptions, type RecordSink, type SourceCrs, type StreamParser } from './types.ts';

/** Deepest nesting accepted: a MultiPolygon inside a FeatureCollection needs 8. */
const MAX_DEPTH = 64;

/** Thrown when a legacy `crs` member follows features already handed over: re-import knowing it. */
export class LateCrsError extends Error {
  readonly crs: SourceCrs;
  constructor(fileName: string, crs: SourceCrs) {
    super(`${fileName}: the crs member (${crs.label}) comes after the features; the import must be re-run with it`);
    this.name = 'LateCrsError';
    this.crs = crs;
  }
}

/** Human label of a feature's 0-based index. */
export function featureLocation(index: number): string {
  return `feature ${index + 1}`;
}

const enum Phase {
  BeforeRoot,
  RootFirstKey, // after '{': a member name or '}'
  RootKey, // after ',': a member name
  RootColon,
  RootValue,
  RootAfter, // after a member value: ',' or '}'
  FeaturesFirst, // after '[': an element or ']'
  FeaturesNext, // after ',': an element
  FeaturesAfter, // after an element: ',' or ']'
  Done,
}

const enum Kind {
  Key,
  RootMember,
  Feature,
}

const GEOMETRY_TYPES = new Set([
  'Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection',
]);

export function createGeoJsonParser(opts: ParseOptions, sink: RecordSink): StreamParser {
  return new GeoJsonParser(opts, sink);
}

class GeoJsonParser implements StreamParser {
  private readonly file: string;
  private readonly sink: RecordSink;
  private readonly decoder: ChunkDecoder;
  private readonly fields = new FieldCollector();
  private bytes = 0;

  private phase = Phase.BeforeRoot;
  private key = '';
  private readonly root: Record<string, unknown> = {};
  private sawFeatures = false;
  private featureIndex = 0;
  private emitted = 0;
  private crsSeen = false;

  // Position bookkeeping for messages: the current piece, its byte base and first line.
  private text = '';
  /** Index of the first '\n' in `text` at or after the last look (-1: none left; -2: not looked yet). */
  private newlineAt = -2;
  /** Whether featureOnLine is tried (see there). */
  private lineFeatures = true;
  private pieceNo = 0;
  private base = 0;
  private line = 1;

  // The value being collected.
  private collecting = false;
  private kind = Kind.Key;
  private primitive = false;
  private slotDepth = 0;
  private depth = 0;
  private readonly stack = new Uint8Array(MAX_DEPTH + 2);
  private inString = false;
  private escape = false;
  private pieces: string[] = [];
  private startText = '';
  private startPiece = -1;
  private startIdx = 0;
  private startBase = 0;
  private startLine = 1;

  private readonly opts: ParseOptions;

  constructor(opts: ParseOptions, sink: RecordSink) {
    this.file = opts.fileName;
    this.opts = opts;
    this.sink = sink;
    // JSON is UTF-8 by definition (RFC 8259): the first chunk is enough to catch a Latin-1 export,
    // and deciding at once keeps features flowing from the first bytes.
    this.decoder = new ChunkDecoder(opts.fileName, opts.encoding, 1);
  }

  get bytesRead(): number {
    return this.bytes;
  }

  push(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    this.consume(this.decoder.push(chunk));
  }

  end(): void {
    this.consume(this.decoder.end());
    if (this.collecting && this.primitive) this.complete(this.text.length);
    if (this.phase !== Phase.Done) {
      if (this.phase === Phase.BeforeRoot) throw this.fatal(null, said('geojson.empty'));
      const inFeatures =
        this.collecting && this.kind === Kind.Feature
          ? said('json.endsInFeature', { feature: { path: featureLocation(this.featureIndex) } })
          : this.phase >= Phase.FeaturesFirst && this.phase <= Phase.FeaturesAfter
            ? said('json.endsInFeatures', { n: this.featureIndex })
            : said('json.endsInRoot');
      throw this.fatal(null, said('json.ends', { where: inFeatures.words, byte: this.bytes }));
    }
    this.finish();
  }

  private consume(piece: TextPiece): void {
    const text = piece.text;
    if (text.length === 0) return;
    this.text = text;
    this.newlineAt = -2;
    this.pieceNo++;
    this.base = piece.base;
    const n = text.length;
    let i = 0;
    while (i < n) {
      if (this.collecting) {
        i = this.primitive ? this.scanPrimitive(text, i) : this.scanContainer(text, i);
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) {
        i++;
        continue;
      }
      i = this.structural(c, i);
    }
    if (this.collecting) {
      this.pieces.push(this.startPiece === this.pieceNo ? text.slice(this.startIdx) : text);
      // What is left of this piece now lives in `pieces`.
      this.text = '';
      this.pieceNo++;
    }
    this.line += countNewlines(text, 0, n);
  }

  /** One character outside any collected value, at the root or the features array level. */
  private structural(c: number, i: number): number {
    switch (this.phase) {
      case Phase.BeforeRoot:
        if (c === 123) {
          this.depth = 1;
          this.phase = Phase.RootFirstKey;
          return i + 1;
        }
        throw this.fatalAt(i, said(c === 91 ? 'json.rootArray' : 'json.notJson'));
      case Phase.RootFirstKey:
      case Phase.RootKey:
        if (c === 34) return this.begin(i, Kind.Key, 1);
        if (c === 125 && this.phase === Phase.RootFirstKey) return this.closeRoot(i);
        throw this.fatalAt(i, said('json.expectedName', { found: show(c) }));
      case Phase.RootColon:
        if (c === 58) {
          this.phase = Phase.RootValue;
          return i + 1;
        }
        throw this.fatalAt(i, said('json.expectedColon', { key: this.key, found: show(c) }));
      case Phase.RootValue:
        if (this.key === 'features') {
          if (c !== 91) throw this.fatalAt(i, said('json.featuresNotArray', { found: show(c) }));
          this.sawFeatures = true;
          this.depth = 2;
          this.phase = Phase.FeaturesFirst;
          return i + 1;
        }
        return this.begin(i, Kind.RootMember, 1);
      case Phase.RootAfter:
        if (c === 44) {
          this.phase = Phase.RootKey;
          return i + 1;
        }
        if (c === 125) return this.closeRoot(i);
        throw this.fatalAt(i, said('json.expectedCommaBrace', { key: this.key, found: show(c) }));
      case Phase.FeaturesFirst:
      case Phase.FeaturesNext:
        if (c === 93 && this.phase === Phase.FeaturesFirst) return this.closeFeatures(i);
        if (c === 93 || c === 44) {
          throw this.fatalAt(i, said('json.expectedFeature', { feature: { path: featureLocation(this.featureIndex) }, found: show(c) }));
        }
        if (c === 123 && this.lineFeatures) {
          const after = this.featureOnLine(i);
          if (after !== -1) return after;
        }
        return this.begin(i, Kind.Feature, 2);
      case Phase.FeaturesAfter:
        if (c === 44) {
          this.phase = Phase.FeaturesNext;
          return i + 1;
        }
        if (c === 93) return this.closeFeatures(i);
        throw this.fatalAt(i, said('json.expectedCommaBracket', { feature: { path: featureLocation(this.featureIndex - 1) }, found: show(c) }));
      case Phase.Done:
        throw this.fatalAt(i, said('json.afterEnd', { found: show(c) }));
    }
  }

  private closeRoot(i: number): number {
    this.depth = 0;
    this.phase = Phase.Done;
    return i + 1;
  }

  private closeFeatures(i: number): number {
    this.depth = 1;
    this.key = 'features';
    this.phase = Phase.RootAfter;
    return i + 1;
  }

  /**
   * The fast path for the usual layout, one feature per line (GDAL, QGIS and our own exports
   * write so): JSON.parse the line from the feature's '{' to its last '}' at once, without
   * scanning it character by character first (the scan was 1.4 s of 5.5 s CPU for a million
   * points). Returns the index after the feature, or -1 to scan it as usual.
   *
   * Same result as the scan: when that text parses, it is one JSON object, so the scan would have
   * ended the feature at the same '}' and parsed the same text. Not taken when the line does not
   * end in '}' (pretty-printed files: no parse is tried), when the next line break is in a later
   * piece, or when the feature nests deeper than MAX_DEPTH allows (the scan then reports it).
   * A line that does not parse (several features on it, or invalid JSON, which the scan then
   * reports with its position) turns the fast path off for the rest of the file, so each failed
   * attempt costs one line's parse at most once.
   */
  private featureOnLine(i: number): number {
    const text = this.text;
    if (this.newlineAt !== -1 && this.newlineAt < i) this.newlineAt = text.indexOf('\n', i);
    if (this.newlineAt === -1) return -1;
    let end = this.newlineAt - 1;
    while (end > i && isSpace(text.charCodeAt(end))) end--;
    if (text.charCodeAt(end) === 44) {
      end--;
      while (end > i && isSpace(text.charCodeAt(end))) end--;
    }
    if (text.charCodeAt(end) !== 125) return -1;
    const wants = this.opts.wants;
    if (wants !== undefined && !wants(this.featureIndex)) {
      // A sibling reader parses this line; were it not one feature, its parse fails (below) and
      // the sharded read is abandoned, so counting it as one is safe.
      this.skipFeature();
      return end + 1;
    }
    let value: unknown;
    try {
      value = JSON.parse(text.slice(i, end + 1));
    } catch {
      if (wants !== undefined) throw new ShardLayoutError(this.file);
      this.lineFeatures = false;
      return -1;
    }
    // Features sit at depth 2 (root object, features array); the scan allows MAX_DEPTH in all.
    if (nestsDeeper(value, MAX_DEPTH - 2)) return -1;
    this.feature(value, this.featureIndex++);
    this.phase = Phase.FeaturesAfter;
    return end + 1;
  }

  private begin(i: number, kind: Kind, slotDepth: number): number {
    const c = this.text.charCodeAt(i);
    this.collecting = true;
    this.kind = kind;
    this.slotDepth = slotDepth;
    this.depth = slotDepth;
    this.pieces = [];
    this.startText = this.text;
    this.startPiece = this.pieceNo;
    this.startIdx = i;
    this.startBase = this.base;
    this.startLine = this.line;
    this.inString = false;
    this.escape = false;
    this.primitive = c !== 123 && c !== 91 && c !== 34;
    if (this.primitive) return i;
    if (c === 34) {
      this.inString = true;
    } else {
      this.depth = slotDepth + 1;
      this.stack[this.depth] = c;
    }
    return i + 1;
  }

  /** Scans a string, object or array value; returns where scanning stopped. */
  private scanContainer(text: string, i: number): number {
    const n = text.length;
    const stack = this.stack;
    const slot = this.slotDepth;
    let depth = this.depth;
    let inString = this.inString;
    let escape = this.escape;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (inString) {
        if (escape) escape = false;
        else if (c === 92) escape = true;
        else if (c === 34) {
          inString = false;
          if (depth === slot) {
            this.inString = false;
            this.complete(i + 1);
            return i + 1;
          }
        }
        continue;
      }
      if (c === 34) inString = true;
      else if (c === 123 || c === 91) {
        if (++depth > MAX_DEPTH) {
          this.depth = depth;
          throw this.fatalAt(i, said('json.tooDeep', { max: MAX_DEPTH, in: this.where() }));
        }
        stack[depth] = c;
      } else if (c === 125 || c === 93) {
        if (stack[depth] !== c - 2) {
          throw this.fatalAt(i, said('json.notClosing', { in: this.where(), found: show(c), open: show(stack[depth]) }));
        }
        if (--depth === slot) {
          this.depth = depth;
          this.complete(i + 1);
          return i + 1;
        }
      }
    }
    this.depth = depth;
    this.inString = inString;
    this.escape = escape;
    return n;
  }

  /** Scans a number or literal: it ends at whitespace or a separator. */
  private scanPrimitive(text: string, i: number): number {
    const n = text.length;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 44 || c === 125 || c === 93 || c === 32 || c === 10 || c === 13 || c === 9) {
        this.complete(i);
        return i;
      }
    }
    return n;
  }

  /** Where in the file a JSON error is: '' at the root. */
  private where(): ImportValue {
    if (this.kind === Kind.Feature) return said('json.inFeature', { feature: { path: featureLocation(this.featureIndex) } }).words;
    return this.kind === Kind.RootMember ? said('json.inMember', { key: this.key }).words : '';
  }

  /** A feature a sibling reader converts (ParseOptions.wants): counted, not parsed. */
  private skipFeature(): void {
    this.featureIndex++;
    // Counted as emitted: a late crs member must restart this reader as it restarts the owner.
    this.emitted++;
    this.phase = Phase.FeaturesAfter;
  }

  private complete(end: number): void {
    this.collecting = false;
    if (this.kind === Kind.Feature && this.opts.wants !== undefined && !this.opts.wants(this.featureIndex)) {
      this.pieces = [];
      this.depth = this.slotDepth;
      this.skipFeature();
      return;
    }
    const src =
      this.pieces.length === 0
        ? this.text.slice(this.startIdx, end)
        : this.pieces.join('') + this.text.slice(0, end);
    this.pieces = [];
    this.depth = this.slotDepth;
    let value: unknown;
    try {
      value = JSON.parse(src);
    } catch (e) {
      throw this.jsonError(src, e);
    }
    switch (this.kind) {
      case Kind.Key:
        this.key = value as string;
        this.phase = Phase.RootColon;
        break;
      case Kind.RootMember:
        this.rootMember(value);
        this.phase = Phase.RootAfter;
        break;
      case Kind.Feature:
        this.feature(value, this.featureIndex++);
        this.phase = Phase.FeaturesAfter;
        break;
    }
  }

  private rootMember(value: unknown): void {
    if (this.key === 'crs') {
      // A sink without onCrs has its CRS already (--crs): the member is neither read nor checked,
      // as --crs overrides a shapefile's .prj.
      if (!this.sink.onCrs) return;
      const crs = legacyCrs(value, this.file);
      this.crsSeen = true;
      if (crs) {
        if (this.emitted > 0) throw new LateCrsError(this.file, crs);
        this.sink.onCrs(crs);
      }
      return;
    }
    this.root[this.key] = value;
  }

  private feature(value: unknown, index: number): void {
    const bad = featureProblem(value);
    if (bad !== null) {
      this.sink.onProblem(importProblem(this.file, featureLocation(index), index, bad));
      return;
    }
    const f = value as { geometry: Geometry | null; properties?: Record<string, unknown> | null };
    const properties = f.properties ?? {};
    this.fields.add(properties);
    this.emitted++;
    this.sink.onRecord({ sourceIndex: index, geometry: f.geometry, properties });
  }

  private finish(): void {
    if (!this.sawFeatures) {
      const type = this.root.type;
      if (type === 'Feature') {
        this.feature(this.root, 0);
      } else if (typeof type === 'string' && GEOMETRY_TYPES.has(type)) {
        const geometry = { ...this.root };
        delete geometry.bbox;
        const bad = geometryProblem(geometry, 0);
        if (bad) throw this.fatal(null, said('geojson.rootInvalid', { reason: bad.words }));
        const record: RawRecord = { sourceIndex: 0, geometry: geometry as unknown as Geometry, properties: {} };
        this.emitted++;
        this.sink.onRecord(record);
      } else if (type === 'FeatureCollection') {
        throw this.fatal(null, said('geojson.noFeatures'));
      } else {
        throw this.fatal(
          null,
          type === undefined ? said('geojson.rootNoType') : said('geojson.rootType', { type: JSON.stringify(type) }),
        );
      }
    }
    this.sink.onFields?.(this.fields.fields());
  }

  /** Line (1-based) and byte offset of text[i] in the current piece. */
  private fatalAt(i: number, reason: Said): ImportError {
    const line = this.line + countNewlines(this.text, 0, i);
    const byte = this.base + utf8Length(this.text, 0, i);
    return this.fatal(this.kind === Kind.Feature && this.collecting ? this.featureIndex : null, said('json.at', { line, byte, reason: reason.words }));
  }

  private fatal(index: number | null, reason: Reason): ImportError {
    return new ImportError([importProblem(this.file, index === null ? null : featureLocation(index), index, reason)]);
  }

  private jsonError(src: string, e: unknown): ImportError {
    const msg = e instanceof Error ? e.message : String(e);
    const m = /at position (\d+)/.exec(msg);
    const at = m ? Math.min(Number(m[1]), src.length) : 0;
    const line = this.startLine + countNewlines(this.startText, 0, this.startIdx) + countNewlines(src, 0, at);
    const byte = this.startBase + utf8Length(this.startText, 0, this.startIdx) + utf8Length(src, 0, at);
    const reason = msg.replace(/\s*(?:in JSON )?at position \d+.*$/s, '').replace(/^Unexpected token/, 'unexpected token');
    const index = this.kind === Kind.Feature ? this.featureIndex : null;
    const where = this.kind === Kind.Key ? said('json.inMemberName').words : this.kind === Kind.RootMember ? said('json.inMember', { key: this.key }).words : '';
    return this.fatal(index, said('json.at', { line, byte, reason: said('json.invalid', { in: where, reason }).words }));
  }
}

/** The legacy (2008) `crs` member as a source CRS; null for `crs: null`. Unreadable forms are fatal. */
function legacyCrs(value: unknown, file: string): SourceCrs | null {
  if (value === null) return null;
  const v = value as { type?: unknown; properties?: { name?: unknown; code?: unknown } } | undefined;
  let name: string | null = null;
  if (v && v.type === 'name' && typeof v.properties?.name === 'string') name = v.properties.name;
  else if (v && v.type === 'EPSG' && v.properties && Number.isInteger(Number(v.properties.code))) name = `EPSG:${Number(v.properties.code)}`;
  let reason = said('crs.geojsonUnreadable', { value: JSON.stringify(value) });
  if (name !== null) {
    try {
      return resolveCrs(name);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      reason = said('crs.geojsonNamed', { name: JSON.stringify(name), reason: e instanceof CrsError ? e.said.words : e.message });
    }
  }
  throw new ImportError([importProblem(file, null, null, reason)]);
}

const COORD_LEVELS: Record<string, number> = { Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 };

/** Why a `features` element is not a usable Feature, or null. */
function featureProblem(value: unknown): Said | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return said('geojson.notObject', { found: describe(value) });
  const f = value as Record<string, unknown>;
  if (f.type !== 'Feature') return f.type === undefined ? said('geojson.noType') : said('geojson.wrongType', { type: JSON.stringify(f.type) });
  if (!('geometry' in f)) return said('geojson.noGeometry');
  const bad = f.geometry === null ? null : geometryProblem(f.geometry, 0);
  if (bad) return bad;
  const props = f.properties;
  if (props !== null && props !== undefined && (typeof props !== 'object' || Array.isArray(props))) {
    return said('geojson.propertiesNotObject', { found: describe(props) });
  }
  return null;
}

/** Why `g` is not a GeoJSON geometry with numeric coordinates, or null. */
function geometryProblem(g: unknown, depth: number): Said | null {
  if (g === null || typeof g !== 'object' || Array.isArray(g)) return said('geojson.geometryNotObject', { found: describe(g) });
  const geom = g as { type?: unknown; coordinates?: unknown; geometries?: unknown };
  if (typeof geom.type !== 'string' || !GEOMETRY_TYPES.has(geom.type)) {
    return geom.type === undefined ? said('geojson.geometryNoType') : said('geojson.geometryBadType', { type: JSON.stringify(geom.type) });
  }
  if (geom.type === 'GeometryCollection') {
    if (!Array.isArray(geom.geometries)) return said('geojson.noGeometries');
    for (let k = 0; k < geom.geometries.length; k++) {
      const bad = geometryProblem(geom.geometries[k], depth + 1);
      if (bad) return said('geojson.member', { k: k + 1, reason: bad.words });
    }
    return null;
  }
  const levels = COORD_LEVELS[geom.type];
  if (!('coordinates' in geom)) return said('geojson.noCoordinates', { type: geom.type });
  const bad = coordinatesProblem(geom.coordinates, levels);
  return bad ? said('geojson.coordinates', { type: geom.type, reason: bad.words }) : null;
}

function coordinatesProblem(c: unknown, levels: number): Said | null {
  if (!Array.isArray(c)) return said('geojson.notArray', { found: describe(c) });
  if (levels === 0) {
    if (c.length < 2) return said('geojson.shortPosition', { count: c.length });
    for (const x of c) {
      if (typeof x !== 'number') return said('geojson.notNumbers', { found: describe(x), position: c.map((v) => JSON.stringify(v)).join(', ') });
      if (!Number.isFinite(x)) return said('geojson.tooLarge');
    }
    return null;
  }
  for (const part of c) {
    const bad = coordinatesProblem(part, levels - 1);
    if (bad) return bad;
  }
  return null;
}

/** A value as a message shows it: null, strings and numbers as they are, the kind of anything else in words. */
function describe(v: unknown): ImportValue {
  if (v === null) return 'null';
  if (Array.isArray(v)) return { key: 'geojson.foundArray' };
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'object') return { key: 'geojson.foundObject' };
  return String(v);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}

/** Whether a parsed JSON value has more than `levels` levels of objects and arrays. */
function nestsDeeper(v: unknown, levels: number): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (levels === 0) return true;
  if (Array.isArray(v)) {
    for (let k = 0; k < v.length; k++) if (nestsDeeper(v[k], levels - 1)) return true;
    return false;
  }
  const o = v as Record<string, unknown>;
  for (const key in o) if (nestsDeeper(o[key], levels - 1)) return true;
  return false;
}

function show(c: number): ImportValue {
  return c === undefined || Number.isNaN(c) ? said('json.nothing').words : JSON.stringify(String.fromCharCode(c));
}

function countNewlines(s: string, from: number, to: number): number {
  let count = 0;
  let i = s.indexOf('\n', from);
  while (i !== -1 && i < to) {
    count++;
    i = s.indexOf('\n', i + 1);
  }
  return count;
}

function utf8Length(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? 4 : c >= 0xdc00 && c < 0xe000 ? 0 : 3;
  }
  return n;
}
