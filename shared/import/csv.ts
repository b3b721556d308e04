/**
 * Streaming delimited-text reader (RFC 4180 quoting, CRLF or LF, BOM, `,` `;` or tab detected
 * from the first lines) that turns rows into point records (lat/lon columns) or any geometry
 * (a WKT column).
 *
 * Numbering, used in every message: sourceIndex is the 0-based data row (header and blank lines
 * not counted); messages say "row N" with N = sourceIndex + 1, and add "(line L)" — the physical
 * line in the file, the header being line 1 — whenever L is not N + 1 (blank lines, or quoted
 * values with line breaks above).
 *
 * Values: every column is kept. Empty cells are null. A column is numeric when every non-empty
 * cell among the first SAMPLE_ROWS data rows is a plain decimal number: optional '-', no leading
 * zeros, no thousands separators ('-12', '3.5', '1e3'; with a ';' or tab delimiter also '3,5').
 * Cells of a numeric column that are such numbers become numbers; everything else stays text
 * exactly as written, so codes like '02007' are never mangled. Coordinates accept a decimal
 * comma under any delimiter (a quoted "32,4561").
 *
 * Own tokenizer rather than papaparse: bytes arrive in chunks and records must be bounded
 * (MAX_RECORD_CHARS, so a 100 MB file without line breaks fails on its first megabyte) with
 * exact row and line numbers. test/bench/parse.ts, 1,000,000 rows x 7 columns (73 MB), 4 MiB
 * chunks, same run, CPU time: this parser (typing + point geometry) 2.4 s, peak RSS 271 MB, also
 * finishing with a 48 MB heap limit; papaparse (Node stream, header, dynamicTyping, chunk
 * callback) 5.7 s, peak RSS 308 MB: 2.4x slower.
 */
import type { Geometry } from 'geojson';
import type { FieldInfo, FieldType } from '../model/feature.ts';
import { LAT_NAMES, LON_NAMES, WKT_NAMES, normalizeName } from './fieldMapping.ts';
import { ImportError, type ImportProblem } from './problems.ts';
import { ChunkDecoder } from './textChunks.ts';
import type { ParseOptions, RecordSink, StreamParser } from './types.ts';

/** Longest record accepted, in characters. */
export const MAX_RECORD_CHARS = 1 << 20;
/** Data rows whose values decide which columns are numeric. */
export const SAMPLE_ROWS = 1000;
const SAMPLE_CHARS = 8 << 20;
const DETECT_LINES = 10;

/** A StreamParser that also tells what it decided on the way, for the import summary. */
export interface CsvStreamParser extends StreamParser {
  /** Header names that were empty or repeated and have been renamed; not problems: no row is lost. */
  readonly notes: string[];
  /** The delimiter and encoding in use, once known. */
  readonly delimiter: string | null;
  readonly encoding: string | null;
}

export function createCsvParser(opts: ParseOptions, sink: RecordSink): CsvStreamParser {
  return new CsvParser(opts, sink);
}

/** "row N" or "row N (line L)" for a data row (see the numbering note above). */
export function csvRowLocation(sourceIndex: number, line?: number): string {
  return line === undefined || line === sourceIndex + 2 ? `row ${sourceIndex + 1}` : `row ${sourceIndex + 1} (line ${line})`;
}

interface Row {
  fields: string[];
  index: number;
  line: number;
}

type Coords =
  | { kind: 'latlon'; lat: number; lon: number; latName: string; lonName: string }
  | { kind: 'wkt'; col: number; name: string }
  /** None found, told to a preview (ParseOptions.onCoordinatesMissing): rows come without geometry. */
  | { kind: 'none' };

const NUMBER_RE = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const NUMBER_COMMA_RE = /^-?(?:0|[1-9]\d*)(?:,\d+)?$/;
const INTEGER_RE = /^-?(?:0|[1-9]\d*)$/;
const DATE_RE = /^(?:\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}.*)?|\d{1,2}[/.-]\d{1,2}[/.-]\d{4}(?:[ T].*)?)$/;

class CsvParser implements CsvStreamParser {
  private readonly file: string;
  private readonly opts: ParseOptions;
  private readonly sink: RecordSink;
  private readonly decoder: ChunkDecoder;
  private bytes = 0;

  private buf = '';
  /** Buffer length below which a new chunk is only appended (see push). */
  private retryAt = 0;
  private line = 1;
  delimiter: string | null = null;
  readonly notes: string[] = [];
  private header: string[] | null = null;
  private coords: Coords | null = null;
  private numeric: boolean[] = [];
  private rowIndex = 0;
  private sample: Row[] | null = [];
  private sampleChars = 0;
  private commaDecimal = false;

  constructor(opts: ParseOptions, sink: RecordSink) {
    this.file = opts.fileName;
    this.opts = opts;
    this.sink = sink;
    this.decoder = new ChunkDecoder(opts.fileName, opts.encoding);
  }

  get bytesRead(): number {
    return this.bytes;
  }

  get encoding(): string | null {
    return this.decoder.encodingName;
  }

  push(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    const { text } = this.decoder.push(chunk);
    if (text.length === 0) return;
    this.buf = this.buf.length === 0 ? text : this.buf + text;
    // Re-scanning a pending record on every small chunk is quadratic (an 80 KB line in 4-byte
    // chunks took seconds, a 200 KB quoted value with line breaks in 16-byte chunks 5 s): after
    // a scan that left a record incomplete, wait until the buffer has doubled, or has reached
    // the size at which it must be refused. Total scanning stays linear; memory stays bounded.
    if (this.buf.length < this.retryAt) return;
    this.run(false);
  }

  end(): void {
    const { text } = this.decoder.end();
    this.buf += text;
    this.run(true);
    if (this.header === null) throw this.fatal('the file is empty (no header row)');
    this.flushSample();
  }

  private run(final: boolean): void {
    if (this.delimiter === null) {
      if (!final && this.buf.length < 65_536 && countLines(this.buf, DETECT_LINES + 1) <= DETECT_LINES) {
        this.retryAt = Math.min(Math.max(2 * this.buf.length, 4096), 65_536);
        return;
      }
      this.delimiter = detectDelimiter(this.buf);
      this.commaDecimal = this.delimiter !== ',';
    }
    const s = this.buf;
    const n = s.length;
    const delim = this.delimiter;
    let pos = 0;
    let dpos = -2; // cached next delimiter; -1: none left in the buffer
    let npos = -2; // cached next '\n'
    let qpos = -2; // cached next '"'
    let rpos = -2; // cached next '\r'
    const wants = this.opts.wants;
    while (pos < n) {
      // A row a sibling reader converts needs only counting (see emit): when its line holds no
      // quote and no lone CR it is one row, so it is not split into fields. The mapping sample
      // (every reader reads it whole) must be complete first.
      if (wants !== undefined && this.sample === null && !wants(this.rowIndex)) {
        if (npos !== -1 && npos < pos) npos = s.indexOf('\n', pos);
        if (qpos !== -1 && qpos < pos) qpos = s.indexOf('"', pos);
        if (rpos !== -1 && rpos < pos) rpos = s.indexOf('\r', pos);
        const contentEnd = rpos === npos - 1 ? rpos : npos;
        if (
          npos !== -1 &&
          (qpos === -1 || qpos > npos) &&
          (rpos === -1 || rpos >= npos - 1) &&
          contentEnd > pos &&
          npos + 1 - pos <= MAX_RECORD_CHARS
        ) {
          this.line++;
          this.rowIndex++;
          pos = npos + 1;
          continue;
        }
      }
      // One record from `pos`, in an array of its own: it becomes the Row's (no copy per row).
      const start = pos;
      const fields: string[] = [];
      let i = pos;
      let extraLines = 0;
      let complete = false;
      for (;;) {
        if (i < n && s.charCodeAt(i) === 34) {
          // Quoted field: doubled quotes are quotes; delimiters and line breaks are data.
          let value = '';
          let j = i + 1;
          for (;;) {
            const q = s.indexOf('"', j);
            if (q === -1 || (q === n - 1 && !final)) {
              j = -1;
              break;
            }
            value += s.slice(j, q);
            if (s.charCodeAt(q + 1) === 34) {
              value += '"';
              j = q + 2;
              continue;
            }
            j = q + 1;
            break;
          }
          if (j === -1) {
            if (final) throw this.fatal(`${csvRowLocation(this.rowIndex, this.line)}: a quoted value opened on line ${this.line} is never closed`);
            break;
          }
          // Text between the closing quote and the delimiter is kept, as spreadsheets do.
          i = j;
          while (i < n) {
            const c = s.charCodeAt(i);
            if (s[i] === delim || c === 10 || c === 13) break;
            i++;
          }
          if (i > j) value += s.slice(j, i);
          for (let k = value.indexOf('\n'); k !== -1; k = value.indexOf('\n', k + 1)) extraLines++;
          fields.push(value);
        } else {
          if (npos !== -1 && npos < i) npos = s.indexOf('\n', i);
          if (dpos !== -1 && dpos < i) dpos = s.indexOf(delim, i);
          let end = npos === -1 ? n : npos;
          if (dpos !== -1 && dpos < end) end = dpos;
          let stop = end;
          if (end === npos && end > i && s.charCodeAt(end - 1) === 13) stop = end - 1;
          fields.push(s.slice(i, stop));
          i = end;
        }
        if (i >= n) {
          if (final) complete = true;
          break;
        }
        const c = s.charCodeAt(i);
        if (c === 10) {
          i++;
          complete = true;
          break;
        }
        if (c === 13) {
          if (i + 1 < n) {
            i += s.charCodeAt(i + 1) === 10 ? 2 : 1;
            complete = true;
          } else if (final) {
            i++;
            complete = true;
          }
          break;
        }
        // A delimiter: another field follows.
        i++;
        if (i >= n && !final) break;
      }
      if (!complete) {
        if (n - start > MAX_RECORD_CHARS) throw this.tooLong();
        pos = start;
        break;
      }
      if (i - start > MAX_RECORD_CHARS) throw this.tooLong();
      const line = this.line;
      this.line += 1 + extraLines;
      pos = i;
      if (fields.length === 1 && fields[0] === '' && s.charCodeAt(start) !== 34) continue; // blank line
      if (this.header === null) this.setHeader(fields, line);
      else this.row({ fields, index: this.rowIndex++, line });
    }
    this.buf = pos >= n ? '' : s.slice(pos);
    this.retryAt = this.buf.length === 0 ? 0 : Math.min(Math.max(2 * this.buf.length, 4096), MAX_RECORD_CHARS + 1);
  }

  private tooLong(): ImportError {
    const what = this.header === null ? `the header (line ${this.line})` : csvRowLocation(this.rowIndex, this.line);
    return this.fatal(
      `${what} is longer than ${MAX_RECORD_CHARS >> 20} MB without a line end — is this a delimited text file, and are its quotes balanced?`,
    );
  }

  private setHeader(raw: string[], line: number): void {
    const names: string[] = [];
    const taken = new Set<string>();
    const notes: string[] = [];
    // Sets and a per-name counter rather than raw.includes and counting from 2 for every repeat:
    // a header of thousands of repeated names made that cubic (28,000 columns: minutes).
    const given = new Set(raw);
    const nextSuffix = new Map<string, number>();
    raw.forEach((r, k) => {
      let name = r.trim();
      if (name === '') {
        name = `column_${k + 1}`;
        notes.push(`column ${k + 1} has no name: called "${name}"`);
      } else if (taken.has(name)) {
        const orig = name;
        let n = nextSuffix.get(orig) ?? 2;
        while (taken.has(`${orig}_${n}`) || given.has(`${orig}_${n}`)) n++;
        nextSuffix.set(orig, n + 1);
        name = `${orig}_${n}`;
        notes.push(`column ${k + 1} repeats the name "${orig}": called "${name}"`);
      }
      while (taken.has(name)) name = `${name}_`;
      taken.add(name);
      names.push(name);
    });
    this.header = names;
    const where = line === 1 ? 'header' : `header (line ${line})`;
    for (const note of notes) this.notes.push(`${this.file}: ${where}: ${note}`);
    this.coords = this.findCoordinates(names);
  }

  private findCoordinates(names: string[]): Coords {
    const list = names.map((n) => `"${n}"`).join(', ');
    const named = (given: string, option: string): number => {
      let k = names.indexOf(given);
      if (k === -1) k = names.findIndex((n) => normalizeName(n) === normalizeName(given));
      if (k === -1) throw this.fatal(`the column "${given}" given with --${option} is not in the header (columns: ${list})`);
      return k;
    };
    const detect = (wanted: string[]): number => {
      const norm = names.map(normalizeName);
      for (const w of wanted) {
        const k = norm.indexOf(w);
        if (k !== -1) return k;
      }
      return -1;
    };
    if (this.opts.wkt) {
      const col = named(this.opts.wkt, 'wkt');
      return { kind: 'wkt', col, name: names[col] };
    }
    const lat = this.opts.lat ? named(this.opts.lat, 'lat') : detect(LAT_NAMES);
    const lon = this.opts.lon ? named(this.opts.lon, 'lon') : detect(LON_NAMES);
    if (!this.opts.lat && !this.opts.lon) {
      const wkt = detect(WKT_NAMES);
      if (wkt !== -1) return { kind: 'wkt', col: wkt, name: names[wkt] };
    }
    if (lat !== -1 && lon !== -1) return { kind: 'latlon', lat, lon, latName: names[lat], lonName: names[lon] };
    if (lat !== -1 || lon !== -1) {
      const missing = lat === -1 ? 'latitude (name it with --lat)' : 'longitude (name it with --lon)';
      return this.noCoordinates(`the header (${list}) has a ${lat === -1 ? 'longitude' : 'latitude'} column but no ${missing}`);
    }
    return this.noCoordinates(
      `no coordinate columns in the header (${list}): expected latitude/longitude columns (lat, latitud, y / lon, longitud, x) or a WKT column (wkt, geometry); name them with --lat and --lon, or --wkt`,
    );
  }

  /** A file without coordinate columns is refused, except by a preview, which shows its rows and asks for them. */
  private noCoordinates(reason: string): Coords {
    if (!this.opts.onCoordinatesMissing) throw this.fatal(reason);
    this.opts.onCoordinatesMissing(reason);
    return { kind: 'none' };
  }

  private row(r: Row): void {
    if (this.sample !== null) {
      this.sample.push(r);
      for (const f of r.fields) this.sampleChars += f.length;
      if (this.sample.length >= SAMPLE_ROWS || this.sampleChars >= SAMPLE_CHARS) this.flushSample();
      return;
    }
    this.emit(r);
  }

  private flushSample(): void {
    const rows = this.sample;
    if (rows === null) return;
    this.sample = null;
    const header = this.header as string[];
    const fields: FieldInfo[] = header.map((name, k) => {
      const type = columnType(rows, k, this.commaDecimal);
      return { name, type };
    });
    this.numeric = fields.map((f) => f.type === 'number' || f.type === 'integer');
    this.sink.onFields?.(fields);
    for (const r of rows) this.emit(r);
  }

  private emit(r: Row): void {
    // A sibling reader converts and checks this row (see ParseOptions.wants).
    if (this.opts.wants !== undefined && !this.opts.wants(r.index)) return;
    const header = this.header as string[];
    if (r.fields.length !== header.length) {
      this.problem(r, `has ${r.fields.length} field${r.fields.length === 1 ? '' : 's'}, expected ${header.length}`);
      return;
    }
    const properties: Record<string, unknown> = {};
    for (let k = 0; k < header.length; k++) {
      const v = r.fields[k];
      properties[header[k]] = v === '' ? null : this.numeric[k] ? toNumber(v, this.commaDecimal) : v;
    }
    const c = this.coords as Coords;
    let geometry: Geometry | null = null;
    if (c.kind === 'latlon') {
      // A numeric column has already turned the text into a number.
      const latValue = properties[header[c.lat]];
      const lat = typeof latValue === 'number' ? latValue : coordinate(r.fields[c.lat], 'latitude', c.latName);
      if (typeof lat === 'string') return this.problem(r, lat);
      const lonValue = properties[header[c.lon]];
      const lon = typeof lonValue === 'number' ? lonValue : coordinate(r.fields[c.lon], 'longitude', c.lonName);
      if (typeof lon === 'string') return this.problem(r, lon);
      geometry = { type: 'Point', coordinates: [lon, lat] };
    } else if (c.kind === 'wkt') {
      const text = r.fields[c.col].trim();
      if (text === '') return this.problem(r, `empty geometry in column "${c.name}"`);
      const g = parseWkt(text);
      if (typeof g === 'string') return this.problem(r, `column "${c.name}": ${g}`);
      geometry = g;
    }
    this.sink.onRecord({ sourceIndex: r.index, geometry, properties });
  }

  private problem(r: Row, reason: string): void {
    const p: ImportProblem = { file: this.file, location: csvRowLocation(r.index, r.line), index: r.index, reason };
    this.sink.onProblem(p);
  }

  private fatal(reason: string): ImportError {
    return new ImportError([{ file: this.file, location: null, index: null, reason }]);
  }
}

function columnType(rows: Row[], k: number, commaDecimal: boolean): FieldType {
  let seen = 0;
  let numbers = 0;
  let integers = 0;
  let dates = 0;
  for (const r of rows) {
    const v = r.fields[k];
    if (v === undefined || v === '') continue;
    seen++;
    const t = v.trim();
    if (NUMBER_RE.test(t) || (commaDecimal && NUMBER_COMMA_RE.test(t))) {
      numbers++;
      if (INTEGER_RE.test(t)) integers++;
    } else if (DATE_RE.test(t)) dates++;
  }
  if (seen === 0) return 'string';
  if (numbers === seen) return integers === seen ? 'integer' : 'number';
  if (dates === seen) return 'date';
  return 'string';
}

function toNumber(v: string, commaDecimal: boolean): number | string {
  // The cells of a numeric column nearly always are plain numbers without spaces: a character
  // loop says so at a fraction of the cost of trim() and the regex (0.6 s of a million-row CSV).
  if (isPlainNumber(v)) return Number(v);
  const t = v.trim();
  if (NUMBER_RE.test(t)) return Number(t);
  if (commaDecimal && NUMBER_COMMA_RE.test(t)) return Number(t.replace(',', '.'));
  return v;
}

/**
 * Whether `s` matches NUMBER_RE as it stands (no surrounding spaces): -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?
 * When it does, trim() leaves it alone, so toNumber's answer is the regex path's answer.
 */
export function isPlainNumber(s: string): boolean {
  const n = s.length;
  let i = 0;
  if (i < n && s.charCodeAt(i) === 45) i++; // '-'
  if (i >= n) return false;
  if (s.charCodeAt(i) === 48) i++; // a lone leading '0'
  else {
    const start = i;
    while (i < n && isDigitCode(s.charCodeAt(i))) i++;
    if (i === start) return false;
  }
  if (i < n && s.charCodeAt(i) === 46) {
    // '.' and at least one digit
    const start = ++i;
    while (i < n && isDigitCode(s.charCodeAt(i))) i++;
    if (i === start) return false;
  }
  if (i < n && (s.charCodeAt(i) | 32) === 101) {
    // 'e' or 'E', an optional sign, at least one digit
    i++;
    if (i < n && (s.charCodeAt(i) === 43 || s.charCodeAt(i) === 45)) i++;
    const start = i;
    while (i < n && isDigitCode(s.charCodeAt(i))) i++;
    if (i === start) return false;
  }
  return i === n;
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** A coordinate, or the reason it is none. */
function coordinate(v: string, axis: string, col: string): number | string {
  const t = v.trim();
  if (t === '') return `empty ${axis} (column "${col}")`;
  const n = /^[+-]?\d+,\d+$/.test(t)
    ? Number(t.replace(',', '.'))
    : /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(t)
      ? Number(t)
      : NaN;
  if (!Number.isFinite(n)) return `${axis} ${JSON.stringify(t.length > 40 ? `${t.slice(0, 40)}…` : t)} (column "${col}") is not a number`;
  return n;
}

/** The delimiter among , ; and tab that splits the first lines into the same number of fields. */
export function detectDelimiter(text: string): string {
  const lines: string[] = [];
  let inQuotes = false;
  let startLine = 0;
  for (let i = 0; i < text.length && lines.length < DETECT_LINES; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) inQuotes = !inQuotes;
    else if (c === 10 && !inQuotes) {
      const l = text.slice(startLine, i);
      if (l.trim() !== '') lines.push(l);
      startLine = i + 1;
    }
  }
  if (lines.length === 0 && text.trim() !== '') lines.push(text);
  let best = ',';
  let bestScore = -1;
  for (const d of [',', ';', '\t']) {
    const counts = lines.map((l) => countOutsideQuotes(l, d));
    const head = counts[0] ?? 0;
    if (head === 0) continue;
    const consistent = counts.every((k) => k === head);
    // Consistent splits beat inconsistent ones; then more columns win.
    const score = (consistent ? 1e6 : 0) + head;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0;
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') q = !q;
    else if (!q && ch === d) n++;
  }
  return n;
}

function countLines(s: string, max: number): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1 && n < max; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

// ---------- WKT ----------

const WKT_DIMS: Record<string, number> = {
  POINT: 0, MULTIPOINT: 1, LINESTRING: 1, MULTILINESTRING: 2, POLYGON: 2, MULTIPOLYGON: 3,
};
const WKT_TYPES: Record<string, Geometry['type']> = {
  POINT: 'Point', MULTIPOINT: 'MultiPoint', LINESTRING: 'LineString', MULTILINESTRING: 'MultiLineString',
  POLYGON: 'Polygon', MULTIPOLYGON: 'MultiPolygon',
};

/** Geometry from WKT or EWKT (POINT … MULTIPOLYGON, GEOMETRYCOLLECTION, Z/M ignored), or the reason it is none. */
export function parseWkt(text: string): Geometry | string {
  const src = text.replace(/^\s*SRID=\d+\s*;/i, '');
  const r = new WktReader(src);
  try {
    const g = r.geometry(0);
    r.skipSpace();
    if (r.pos < src.length) return r.error('unexpected text after the geometry');
    if (g === null) return 'the WKT geometry is EMPTY';
    return g;
  } catch (e) {
    if (typeof e === 'string') return e;
    throw e;
  }
}

class WktReader {
  pos = 0;
  /** 'M' geometries: the third value is a measure, not a height. */
  measureOnly = false;
  constructor(private readonly s: string) {}

  error(reason: string): string {
    const shown = this.s.length > 50 ? `${this.s.slice(0, 50)}…` : this.s;
    return `invalid WKT "${shown}" at character ${this.pos + 1}: ${reason}`;
  }

  skipSpace(): void {
    while (this.pos < this.s.length && /\s/.test(this.s[this.pos])) this.pos++;
  }

  word(): string {
    this.skipSpace();
    const m = /^[A-Za-z]+/.exec(this.s.slice(this.pos, this.pos + 24));
    if (!m) return '';
    this.pos += m[0].length;
    return m[0].toUpperCase();
  }

  expect(ch: string): void {
    this.skipSpace();
    if (this.s[this.pos] !== ch) throw this.error(`expected "${ch}"`);
    this.pos++;
  }

  peek(): string {
    this.skipSpace();
    return this.s[this.pos] ?? '';
  }

  geometry(depth: number): Geometry | null {
    if (depth > 8) throw this.error('geometry collections nested too deep');
    let type = this.word();
    if (type === '') throw this.error('expected a geometry type (POINT, LINESTRING, POLYGON, MULTI…)');
    const save = this.pos;
    const dim = this.word();
    if (!['Z', 'M', 'ZM'].includes(dim)) this.pos = save;
    if (type.endsWith('ZM') && !(type in WKT_DIMS)) type = type.slice(0, -2);
    else if ((type.endsWith('Z') || type.endsWith('M')) && !(type in WKT_DIMS)) {
      if (type.endsWith('M')) this.measureOnly = true;
      type = type.slice(0, -1);
    }
    if (dim === 'M') this.measureOnly = true;
    const after = this.pos;
    if (this.word() === 'EMPTY') return null;
    this.pos = after;
    if (type === 'GEOMETRYCOLLECTION') {
      this.expect('(');
      const geometries: Geometry[] = [];
      for (;;) {
        const g = this.geometry(depth + 1);
        if (g) geometries.push(g);
        if (this.peek() === ',') {
          this.pos++;
          continue;
        }
        this.expect(')');
        return { type: 'GeometryCollection', geometries };
      }
    }
    const levels = WKT_DIMS[type];
    if (levels === undefined) throw this.error(`unknown geometry type ${type}`);
    let coords: unknown;
    if (type === 'MULTIPOINT') {
      // Both MULTIPOINT ((1 2), (3 4)) and MULTIPOINT (1 2, 3 4) are in use.
      this.expect('(');
      const pts: number[][] = [];
      for (;;) {
        if (this.peek() === '(') {
          this.pos++;
          pts.push(this.position());
          this.expect(')');
        } else pts.push(this.position());
        if (this.peek() === ',') {
          this.pos++;
          continue;
        }
        this.expect(')');
        break;
      }
      coords = pts;
    } else {
      this.expect('(');
      coords = levels === 0 ? this.position() : this.list(levels - 1);
      this.expect(')');
    }
    return { type: WKT_TYPES[type], coordinates: coords } as Geometry;
  }

  /** A comma-separated list inside the current parentheses, each item `levels` deep. */
  list(levels: number): unknown[] {
    const out: unknown[] = [];
    for (;;) {
      if (levels === 0) out.push(this.position());
      else {
        this.expect('(');
        out.push(this.list(levels - 1));
        this.expect(')');
      }
      if (this.peek() === ',') {
        this.pos++;
        continue;
      }
      return out;
    }
  }

  position(): number[] {
    const p: number[] = [];
    for (;;) {
      this.skipSpace();
      const m = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(this.s.slice(this.pos, this.pos + 40));
      if (!m) break;
      p.push(Number(m[0]));
      this.pos += m[0].length;
    }
    if (p.length < 2) throw this.error('expected a coordinate pair of numbers');
    // Z is kept, M is not: GeoJSON positions carry x, y and optionally z.
    if (this.measureOnly) return p.slice(0, 2);
    return p.length > 3 ? p.slice(0, 3) : p;
  }
}
