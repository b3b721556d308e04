/**
 * A shapefile's attribute table (.dbf, dBASE III with the .cpg saying UTF-8) from a layer's
 * properties, in two passes: `DbfSchemaBuilder` sees every value first, keeps it in a ByteLog
 * and picks each column's type and width from what it holds, then `DbfTable` writes the rows
 * from the log into a buffer of the exact size. The choices follow what GDAL and ArcGIS read back
 * as the same values:
 *  - numbers as N, integers with no decimals and others with the decimals their shortest exact
 *    text needs (so every value reads back equal; a field of reals keeps at least one), or F in
 *    exponent form when that would not fit 24 characters (GDAL's width for reals) or need more
 *    than 15 decimals;
 *  - booleans as L (T/F), ISO dates ('YYYY-MM-DD') of a date field as D (YYYYMMDD);
 *  - text as C, at most 254 bytes of UTF-8, cut on a character boundary (and counted);
 *  - objects and arrays, and columns mixing kinds (numbers and text …), as text (objects as JSON);
 *  - nulls as GDAL writes them (numbers '*…', dates '00000000', logicals '?', text blank);
 *  - names cut to dBASE's 10 bytes, without two columns getting the same name (GDAL's renaming).
 */
import type { FieldInfo, FieldType } from '../../../../shared/model/feature.ts';
import { UserError } from '../../../../shared/errors.ts';
import type { ByteLog } from './byteLog.ts';

const NAME_BYTES = 10;
const TEXT_BYTES = 254;
/** GDAL writes reals as N(24,15); wider or finer numbers go in exponent form. */
const NUMBER_WIDTH = 24;
const NUMBER_DECIMALS = 15;
const MAX_RECORD_BYTES = 65_535;
const HEADER_BYTES = 32;
const DESCRIPTOR_BYTES = 32;
const SPACE = 0x20;
/** A null as shapelib (GDAL's shapefile library) writes it: numbers all '*', dates all '0', logicals '?', text blank. */
const NULL_FILL: Record<DbfColumn['type'], number> = { N: 0x2a, F: 0x2a, D: 0x30, L: 0x3f, C: SPACE };

const utf8 = new TextEncoder();
const byteLength = (s: string): number => Buffer.byteLength(s, 'utf8');

/** The longest prefix of `s` that fits `bytes` of UTF-8 (never half a character). */
function cutToBytes(s: string, bytes: number): string {
  const buf = new Uint8Array(bytes);
  const { read } = utf8.encodeInto(s, buf);
  return s.slice(0, read);
}

/**
 * dBASE names: at most 10 bytes, unique without regard to case. Names that fit keep theirs;
 * a longer one is cut, and when the cut collides it ends in _1 … _9, then _10 … (GDAL's scheme).
 */
function dbfFieldNames(names: string[]): string[] {
  const taken = new Set<string>();
  const out: (string | null)[] = names.map((n) => {
    const key = n.toLowerCase();
    if (n && byteLength(n) <= NAME_BYTES && !taken.has(key)) {
      taken.add(key);
      return n;
    }
    return null;
  });
  return names.map((n, i) => {
    const own = out[i];
    if (own !== null) return own;
    const base = n || `field_${i + 1}`;
    let name = cutToBytes(base, NAME_BYTES);
    for (let k = 1; taken.has(name.toLowerCase()); k++) name = cutToBytes(base, NAME_BYTES - String(k).length - 1) + `_${k}`;
    taken.add(name.toLowerCase());
    return name;
  });
}

/** 'YYYY-MM-DD' naming a real calendar day. */
function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

/** A number's shortest exact text without exponent: 1e-7 → '0.0000001', 1.5e21 → '1500000000000000000000'. */
function plainDecimal(v: number): string {
  const s = String(v);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const neg = s.startsWith('-');
  const mantissa = s.slice(neg ? 1 : 0, e);
  const exp = Number(s.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  const point = (dot < 0 ? mantissa.length : dot) + exp;
  const body =
    point <= 0 ? `0.${'0'.repeat(-point)}${digits}` : point >= digits.length ? digits + '0'.repeat(point - digits.length) : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (neg ? '-' : '') + body;
}

const isValue = (v: unknown): boolean => v !== null && v !== undefined && !(typeof v === 'number' && !Number.isFinite(v));

/** How a value is kept in the log between the passes: its tag, then a float64 (a number) or UTF-8 (text, JSON of an object). */
const NULL = 0;
const FALSE = 1;
const TRUE = 2;
const NUMBER = 3;
const TEXT = 4;

/** What one property holds over every feature (pass 1). */
class ColumnStats {
  booleans = 0;
  numbers = 0;
  strings = 0;
  objects = 0;
  /** Strings that are ISO calendar dates. */
  dates = 0;
  /** Longest text form, in UTF-8 bytes (for a text column). */
  textBytes = 0;
  /** Longest integer part (with its sign) and most decimals of the numbers' plain text. */
  intDigits = 0;
  decimals = 0;
  /** Longest shortest-text of the numbers (the exponent form's width). */
  shortest = 0;
  /** Texts longer than a field holds. */
  cut = 0;

  /** Notes `v` and logs it. */
  add(v: unknown, log: ByteLog): void {
    if (!isValue(v)) return log.u8(NULL);
    switch (typeof v) {
      case 'boolean':
        this.booleans++;
        this.textBytes = Math.max(this.textBytes, v ? 4 : 5);
        return log.u8(v ? TRUE : FALSE);
      case 'number': {
        this.numbers++;
        const short = String(v);
        const plain = plainDecimal(v);
        const dot = plain.indexOf('.');
        this.intDigits = Math.max(this.intDigits, dot < 0 ? plain.length : dot);
        this.decimals = Math.max(this.decimals, dot < 0 ? 0 : plain.length - dot - 1);
        this.shortest = Math.max(this.shortest, short.length);
        this.textBytes = Math.max(this.textBytes, short.length);
        log.u8(NUMBER);
        return log.f64(v);
      }
      case 'string':
        this.strings++;
        if (isIsoDate(v)) this.dates++;
        return this.text(v, log);
      default:
        this.objects++;
        return this.text(JSON.stringify(v), log);
    }
  }

  private text(s: string, log: ByteLog): void {
    log.u8(TEXT);
    const { bytes, cut } = log.text(s, TEXT_BYTES);
    this.textBytes = Math.max(this.textBytes, bytes);
    if (cut) this.cut++;
  }
}

export interface DbfColumn {
  /** The property it holds. */
  property: string;
  /** Its dBASE name (10 bytes at most). */
  name: string;
  type: 'C' | 'N' | 'F' | 'L' | 'D';
  length: number;
  decimals: number;
}

/** A column's type and width from what it holds; a column of nulls only from its declared type. */
function columnOf(property: string, name: string, declared: FieldType, s: ColumnStats): DbfColumn {
  const kinds = Number(s.booleans > 0) + Number(s.numbers > 0) + Number(s.strings > 0) + Number(s.objects > 0);
  const col = (type: DbfColumn['type'], length: number, decimals = 0): DbfColumn => ({ property, name, type, length, decimals });
  if (kinds === 0) {
    if (declared === 'boolean') return col('L', 1);
    if (declared === 'date') return col('D', 8);
    if (declared === 'integer') return col('N', 9);
    if (declared === 'number') return col('N', NUMBER_WIDTH, NUMBER_DECIMALS);
    return col('C', 1);
  }
  if (kinds === 1 && s.booleans) return col('L', 1);
  if (kinds === 1 && s.numbers) {
    // A field declared as reals stays one (ArcGIS's Double) even when every value is whole.
    const decimals = declared === 'number' ? Math.max(1, s.decimals) : s.decimals;
    const width = s.intDigits + (decimals ? decimals + 1 : 0);
    return width <= NUMBER_WIDTH && decimals <= NUMBER_DECIMALS
      ? col('N', width, decimals)
      : col('F', s.shortest, Math.min(decimals, NUMBER_DECIMALS));
  }
  if (kinds === 1 && declared === 'date' && s.dates === s.strings) return col('D', 8);
  return col('C', Math.max(1, Math.min(TEXT_BYTES, s.textBytes)));
}

/** Pass 1: every feature's properties, into the log; then the table's columns. */
export class DbfSchemaBuilder {
  private readonly stats: ColumnStats[];
  constructor(
    private readonly fields: FieldInfo[],
    private readonly log: ByteLog,
  ) {
    this.stats = fields.map(() => new ColumnStats());
  }

  add(properties: Record<string, unknown>): void {
    for (let i = 0; i < this.fields.length; i++) this.stats[i].add(properties[this.fields[i].name], this.log);
  }

  /** Per column, the texts cut to the 254 bytes a field holds. */
  get cut(): number[] {
    return this.stats.map((s) => s.cut);
  }

  build(): DbfColumn[] {
    const names = dbfFieldNames(this.fields.map((f) => f.name));
    const columns = this.fields.map((f, i) => columnOf(f.name, names[i], f.type, this.stats[i]));
    const recordLength = 1 + columns.reduce((n, c) => n + c.length, 0);
    if (recordLength > MAX_RECORD_BYTES) {
      throw new UserError(
        `the ${columns.length} fields need ${recordLength} bytes a row and a dBASE row holds at most ${MAX_RECORD_BYTES}: export as GeoJSON, or leave fields out`,
      );
    }
    return columns;
  }
}

/** Pass 2: a table of `rows` rows, written row by row into one buffer. */
export class DbfTable {
  readonly bytes: Uint8Array;
  private readonly recordLength: number;
  private readonly headerLength: number;
  private row = 0;

  constructor(
    readonly columns: DbfColumn[],
    private readonly rows: number,
    now: Date,
  ) {
    this.headerLength = HEADER_BYTES + DESCRIPTOR_BYTES * columns.length + 1;
    this.recordLength = 1 + columns.reduce((n, c) => n + c.length, 0);
    this.bytes = new Uint8Array(this.headerLength + rows * this.recordLength + 1);
    const b = this.bytes;
    const dv = new DataView(b.buffer);
    b[0] = 0x03; // dBASE III without memo
    b[1] = now.getUTCFullYear() - 1900;
    b[2] = now.getUTCMonth() + 1;
    b[3] = now.getUTCDate();
    dv.setUint32(4, rows, true);
    dv.setUint16(8, this.headerLength, true);
    dv.setUint16(10, this.recordLength, true);
    columns.forEach((c, i) => {
      const at = HEADER_BYTES + DESCRIPTOR_BYTES * i;
      utf8.encodeInto(c.name, b.subarray(at, at + NAME_BYTES));
      b[at + 11] = c.type.charCodeAt(0);
      b[at + 16] = c.length;
      b[at + 17] = c.decimals;
    });
    b[this.headerLength - 1] = 0x0d;
    b[b.length - 1] = 0x1a;
  }

  /** The next row, from the values `DbfSchemaBuilder.add` logged for it. */
  writeRow(log: ByteLog): void {
    if (this.row >= this.rows) throw new Error(`dBASE table of ${this.rows} rows given one more`);
    const b = this.bytes;
    let at = this.headerLength + this.row * this.recordLength;
    b.fill(SPACE, at, at + this.recordLength); // the first space: not deleted
    at++;
    for (const c of this.columns) {
      this.writeValue(c, log, at);
      at += c.length;
    }
    this.row++;
  }

  private writeValue(c: DbfColumn, log: ByteLog, at: number): void {
    const b = this.bytes;
    const tag = log.readU8();
    if (tag === NULL) return void b.fill(NULL_FILL[c.type], at, at + c.length);
    if (tag === TEXT) {
      const text = log.readText();
      // A date column holds only ISO dates: YYYY-MM-DD without its dashes.
      if (c.type === 'D') {
        b.set(text.subarray(0, 4), at);
        b.set(text.subarray(5, 7), at + 4);
        b.set(text.subarray(8, 10), at + 6);
      } else b.set(text, at);
      return;
    }
    if (tag !== NUMBER) {
      if (c.type === 'L') b[at] = tag === TRUE ? 0x54 : 0x46; // T / F
      else ascii(b, at, tag === TRUE ? 'true' : 'false');
      return;
    }
    const v = log.readF64();
    if (c.type === 'N') {
      // Padded to the column's decimals, right-aligned, as dBASE writes numbers.
      let s = plainDecimal(v);
      if (c.decimals) {
        const dot = s.indexOf('.');
        const have = dot < 0 ? 0 : s.length - dot - 1;
        s = (dot < 0 ? `${s}.` : s) + '0'.repeat(c.decimals - have);
      }
      ascii(b, at + c.length - s.length, s);
    } else if (c.type === 'F') ascii(b, at + c.length - String(v).length, String(v));
    else ascii(b, at, String(v));
  }

  /** The table, once every row is written. */
  finish(): Uint8Array {
    if (this.row !== this.rows) throw new Error(`dBASE table of ${this.rows} rows given ${this.row}`);
    return this.bytes;
  }
}

function ascii(b: Uint8Array, at: number, s: string): void {
  for (let i = 0; i < s.length; i++) b[at + i] = s.charCodeAt(i);
}
