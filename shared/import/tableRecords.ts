/**
 * A table — a header row and rows of cells — as records: what a CSV file and a spreadsheet's
 * sheet have in common. The readers find the rows (shared/import/csv.ts tokenizes text,
 * electron/backend/formats/xlsx.ts walks a sheet's XML); this module names the columns, finds
 * the coordinates, types the columns and turns each row into a record, so that a sheet is read
 * exactly as the same table saved as CSV.
 *
 * Columns: header names are trimmed; an empty one becomes `column_K`, a repeated one `NAME_2`
 * (a note, not a problem: no row is lost). Coordinates: latitude/longitude columns, or a WKT
 * column, named by the options or found from their names (fieldMapping.ts LAT_NAMES …); none
 * found refuses the table, except in a preview (ParseOptions.onCoordinatesMissing).
 *
 * Values: empty cells are null. A column's type is decided on the first SAMPLE_ROWS rows: a
 * column is numeric when every non-empty cell is a number — a cell a spreadsheet stores as one,
 * or text that is a plain decimal number: optional '-', no leading zeros, no thousands separators
 * ('-12', '3.5', '1e3'; with a decimal comma also '3,5'). Cells of a numeric column that are such
 * numbers become numbers; everything else stays text exactly as written, so codes like '02007'
 * are never mangled (a number a spreadsheet stores in a text column becomes its text). A column
 * of dates (ISO or day-first text) is 'date', of true/false cells 'boolean'. Coordinates accept a
 * decimal comma under any delimiter (a quoted "32,4561").
 */
import type { Geometry } from 'geojson';
import type { FieldInfo, FieldType } from '../model/feature.ts';
import { LAT_NAMES, LON_NAMES, WKT_NAMES, normalizeName } from './fieldMapping.ts';
import { ImportError, importProblem, said, type ImportValue, type Reason, type Said } from './problems.ts';
import type { ParseOptions, RecordSink } from './types.ts';
import { parseWkt } from './wkt.ts';

/** Data rows whose values decide the column types. */
const SAMPLE_ROWS = 1000;
const SAMPLE_CHARS = 8 << 20;

/** A cell: text as written (CSV, a spreadsheet's text), or a value a spreadsheet stores typed. */
export type Cell = string | number | boolean | null;

interface Row {
  cells: Cell[];
  index: number;
  /** Where the row sits in the file (CSV line, sheet row), for messages. */
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

export interface TableSetup {
  opts: ParseOptions;
  sink: RecordSink;
  /** "row N" for a data row and the line (or sheet row) it sits on. */
  locate: (index: number, line: number) => string;
  /** Whether text numbers may have a decimal comma ('3,5'): a CSV with ';' or tab delimiters. */
  commaDecimal: boolean;
}

export class TableRecords {
  /** Header names that were empty or repeated and have been renamed. */
  readonly notes: Said[] = [];
  readonly header: string[];
  private readonly coords: Coords;
  private readonly file: string;
  private types: FieldType[] = [];
  private sample: Row[] | null = [];
  private sampleChars = 0;

  /** `where`: how messages name the header row ("header", "header (line 3)"). */
  constructor(
    private readonly s: TableSetup,
    raw: string[],
    where: string,
  ) {
    this.file = s.opts.fileName;
    this.header = columnNames(raw, (key, values) => this.notes.push(said(key, { file: this.file, where: { path: where }, ...values })));
    this.coords = this.findCoordinates(this.header);
  }

  /** Whether the rows that decide the column types are still being gathered (a sharded reader must read them all). */
  get sampling(): boolean {
    return this.sample !== null;
  }

  row(cells: Cell[], index: number, line: number): void {
    const r: Row = { cells, index, line };
    if (this.sample !== null) {
      this.sample.push(r);
      for (const c of cells) if (typeof c === 'string') this.sampleChars += c.length;
      if (this.sample.length >= SAMPLE_ROWS || this.sampleChars >= SAMPLE_CHARS) this.end();
      return;
    }
    this.emit(r);
  }

  /** After the last row: types the columns if fewer rows than the sample came. */
  end(): void {
    const rows = this.sample;
    if (rows === null) return;
    this.sample = null;
    const commaDecimal = this.s.commaDecimal;
    const fields: FieldInfo[] = this.header.map((name, k) => ({ name, type: columnType(rows, k, commaDecimal) }));
    this.types = fields.map((f) => f.type);
    this.s.sink.onFields?.(fields);
    for (const r of rows) this.emit(r);
  }

  fatal(reason: Reason): ImportError {
    return new ImportError([importProblem(this.file, null, null, reason)]);
  }

  private findCoordinates(names: string[]): Coords {
    const opts = this.s.opts;
    const list = names.map((n) => `"${n}"`).join(', ');
    const named = (given: string, option: string): number => {
      let k = names.indexOf(given);
      if (k === -1) k = names.findIndex((n) => normalizeName(n) === normalizeName(given));
      if (k === -1) throw this.fatal(said('table.notInHeader', { given, option, list }));
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
    if (opts.wkt) {
      const col = named(opts.wkt, 'wkt');
      return { kind: 'wkt', col, name: names[col] };
    }
    const lat = opts.lat ? named(opts.lat, 'lat') : detect(LAT_NAMES);
    const lon = opts.lon ? named(opts.lon, 'lon') : detect(LON_NAMES);
    if (!opts.lat && !opts.lon) {
      const wkt = detect(WKT_NAMES);
      if (wkt !== -1) return { kind: 'wkt', col: wkt, name: names[wkt] };
    }
    if (lat !== -1 && lon !== -1) return { kind: 'latlon', lat, lon, latName: names[lat], lonName: names[lon] };
    if (lat !== -1 || lon !== -1) {
      const present = said(lat === -1 ? 'table.longitudeAxis' : 'table.latitudeAxis').words;
      const missing = said(lat === -1 ? 'table.missingLat' : 'table.missingLon').words;
      return this.noCoordinates(said('table.halfCoordinates', { list, present, missing }));
    }
    return this.noCoordinates(said('table.noCoordinates', { list }));
  }

  /** A table without coordinate columns is refused, except by a preview, which shows its rows and asks for them. */
  private noCoordinates(reason: Said): Coords {
    const told = this.s.opts.onCoordinatesMissing;
    if (!told) throw this.fatal(reason);
    told(reason);
    return { kind: 'none' };
  }

  private emit(r: Row): void {
    // A sibling reader converts and checks this row (see ParseOptions.wants).
    const wants = this.s.opts.wants;
    if (wants !== undefined && !wants(r.index)) return;
    const header = this.header;
    const cells = r.cells;
    if (cells.length !== header.length) {
      this.problem(r, said('table.fieldCount', { count: cells.length, expected: header.length }));
      return;
    }
    const commaDecimal = this.s.commaDecimal;
    const types = this.types;
    const properties: Record<string, unknown> = {};
    for (let k = 0; k < header.length; k++) {
      const v = cells[k];
      if (typeof v === 'string') {
        properties[header[k]] = v === '' ? null : types[k] === 'number' || types[k] === 'integer' ? toNumber(v, commaDecimal) : v;
      } else properties[header[k]] = typedValue(v, types[k]);
    }
    const c = this.coords;
    let geometry: Geometry | null = null;
    if (c.kind === 'latlon') {
      // A numeric column has already turned the text into a number.
      const latValue = properties[header[c.lat]];
      const lat = typeof latValue === 'number' ? latValue : coordinate(cells[c.lat], 'table.latitudeAxis', c.latName);
      if (typeof lat !== 'number') return this.problem(r, lat);
      const lonValue = properties[header[c.lon]];
      const lon = typeof lonValue === 'number' ? lonValue : coordinate(cells[c.lon], 'table.longitudeAxis', c.lonName);
      if (typeof lon !== 'number') return this.problem(r, lon);
      geometry = { type: 'Point', coordinates: [lon, lat] };
    } else if (c.kind === 'wkt') {
      const text = String(cells[c.col] ?? '').trim();
      if (text === '') return this.problem(r, said('table.emptyGeometry', { column: c.name }));
      const g = parseWkt(text);
      if ('words' in g) return this.problem(r, said('table.wktColumn', { column: c.name, reason: g.words }));
      geometry = g;
    }
    this.s.sink.onRecord({ sourceIndex: r.index, geometry, properties });
  }

  private problem(r: Row, reason: Said): void {
    this.s.sink.onProblem(importProblem(this.file, this.s.locate(r.index, r.line), r.index, reason));
  }
}

/** The header's names made unique and non-empty; `note` is told each renaming. */
function columnNames(raw: string[], note: (key: 'table.noName' | 'table.repeated', values: Record<string, ImportValue>) => void): string[] {
  const names: string[] = [];
  const taken = new Set<string>();
  // Sets and a per-name counter rather than raw.includes and counting from 2 for every repeat:
  // a header of thousands of repeated names made that cubic (28,000 columns: minutes).
  const given = new Set(raw);
  const nextSuffix = new Map<string, number>();
  raw.forEach((r, k) => {
    let name = r.trim();
    if (name === '') {
      name = `column_${k + 1}`;
      note('table.noName', { k: k + 1, name });
    } else if (taken.has(name)) {
      const orig = name;
      let n = nextSuffix.get(orig) ?? 2;
      while (taken.has(`${orig}_${n}`) || given.has(`${orig}_${n}`)) n++;
      nextSuffix.set(orig, n + 1);
      name = `${orig}_${n}`;
      note('table.repeated', { k: k + 1, given: orig, name });
    }
    while (taken.has(name)) name = `${name}_`;
    taken.add(name);
    names.push(name);
  });
  return names;
}

function columnType(rows: Row[], k: number, commaDecimal: boolean): FieldType {
  let seen = 0;
  let numbers = 0;
  let integers = 0;
  let dates = 0;
  let booleans = 0;
  for (const r of rows) {
    const v = r.cells[k];
    if (v === undefined || v === null || v === '') continue;
    seen++;
    if (typeof v === 'number') {
      numbers++;
      if (Number.isInteger(v)) integers++;
      continue;
    }
    if (typeof v === 'boolean') {
      booleans++;
      continue;
    }
    const t = v.trim();
    if (NUMBER_RE.test(t) || (commaDecimal && NUMBER_COMMA_RE.test(t))) {
      numbers++;
      if (INTEGER_RE.test(t)) integers++;
    } else if (DATE_RE.test(t)) dates++;
  }
  if (seen === 0) return 'string';
  if (numbers === seen) return integers === seen ? 'integer' : 'number';
  if (dates === seen) return 'date';
  if (booleans === seen) return 'boolean';
  return 'string';
}

/** A spreadsheet's typed cell in a column of `type`: numbers stay numbers in numeric columns, text elsewhere. */
function typedValue(v: Cell | undefined, type: FieldType): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return type === 'number' || type === 'integer' ? v : String(v);
  return type === 'boolean' ? v : String(v).toUpperCase();
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
function coordinate(v: Cell | undefined, axisKey: 'table.latitudeAxis' | 'table.longitudeAxis', column: string): number | Said {
  const t = String(v ?? '').trim();
  const axis = { key: axisKey };
  if (t === '') return said('table.emptyCoordinate', { axis, column });
  const n = /^[+-]?\d+,\d+$/.test(t)
    ? Number(t.replace(',', '.'))
    : /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(t)
      ? Number(t)
      : NaN;
  if (!Number.isFinite(n)) return said('table.notNumber', { axis, value: JSON.stringify(t.length > 40 ? `${t.slice(0, 40)}…` : t), column });
  return n;
}
