/**
 * dBASE III/IV attribute tables (.dbf). Values follow the `shapefile` library's conventions so
 * its test suite applies: text trimmed with empty → null, N/F numbers with blanks or overflow
 * stars → null, L as true/false/null. Dates differ on purpose: the library returns a local-time
 * Date, which shifts with the machine's zone; here a D field is the ISO date 'YYYY-MM-DD' (a
 * calendar date, no time zone) or null. Memo and binary fields (M, B, G, P) point into files we
 * do not read and are left out.
 */
import type { FieldInfo, FieldType } from '../../model/feature.ts';
import { UserError } from '../../errors.ts';
import { decodeBytes, isValidUtf8, resolveEncodingName } from '../encoding.ts';
import { fileProblem, said, type Said } from '../problems.ts';

interface DbfField {
  name: string;
  /** dBASE type letter. */
  type: string;
  /** Offset of the value inside a row (the deletion flag is byte 0). */
  offset: number;
  length: number;
  decimals: number;
  kind: FieldType;
}

export interface DbfTable {
  fileName: string;
  encoding: string;
  fields: DbfField[];
  /** Field names the header repeats, as renamed (for the import's summary). */
  notes: Said[];
  /** Rows the header declares. */
  rowCount: number;
  /** Rows the file's bytes actually hold (less than rowCount when truncated). */
  availableRows: number;
  headerLength: number;
  recordLength: number;
  byteLength: number;
  isDeleted(row: number): boolean;
  readRow(row: number): Record<string, unknown>;
}

/** Language driver ids (byte 29) that name a code page; the obscure ones fall through to detection. */
const LDID_ENCODINGS: Record<number, string> = {
  0x01: 'cp437',
  0x02: 'cp850',
  0x03: 'windows-1252',
  0x57: 'windows-1252',
  0x58: 'windows-1252',
  0x59: 'windows-1252',
  0x13: 'shift_jis',
  0x26: 'ibm866',
  0x65: 'ibm866',
  0x4d: 'gbk',
  0x4e: 'euc-kr',
  0x4f: 'big5',
  0x7c: 'windows-874',
  0x7d: 'windows-1255',
  0x7e: 'windows-1256',
  0xc8: 'windows-1250',
  0xc9: 'windows-1251',
  0xca: 'windows-1254',
  0xcb: 'windows-1253',
};

const IGNORED_TYPES = new Set(['M', 'B', 'G', 'P', '0', 'T', '@', 'Y', 'V', 'Q', 'W']);

function kindOf(type: string, decimals: number): FieldType | null {
  switch (type) {
    case 'C':
      return 'string';
    case 'N':
      return decimals > 0 ? 'number' : 'integer';
    case 'F':
    case 'O':
      return 'number';
    case 'I':
    case '+':
      return 'integer';
    case 'L':
      return 'boolean';
    case 'D':
      return 'date';
    default:
      return IGNORED_TYPES.has(type) ? null : 'string';
  }
}

export interface DbfEncodingSource {
  /** User override (--encoding). */
  encoding?: string;
  cpg?: Uint8Array | null;
  cpgName?: string;
}

/**
 * Override, else .cpg, else language driver byte, else UTF-8 when the text is valid UTF-8, else
 * windows-1252. Only text is checked (field names and rows): the binary header has bytes ≥ 0x80
 * (a header length such as 481 = 0x01E1, a record count, a 254-byte width) that fail a UTF-8 check.
 */
function detectDbfEncoding(bytes: Uint8Array, src: DbfEncodingSource, headerLength = 32): string {
  if (src.encoding) return resolveEncodingName(src.encoding);
  if (src.cpg) {
    const name = decodeBytes(src.cpg, 'windows-1252').replace(/^\uFEFF/, '').trim();
    if (name) {
      try {
        return resolveEncodingName(name);
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        throw fileProblem(
          src.cpgName ?? '.cpg',
          said('shapefile.cpgUnknown', { name }),
        );
      }
    }
  }
  const ldid = bytes.length > 29 ? LDID_ENCODINGS[bytes[29]] : undefined;
  if (ldid) return ldid;
  const text = [bytes.subarray(Math.min(headerLength, bytes.length))];
  for (let p = 32; p + 32 <= headerLength && bytes[p] !== 0x0d; p += 32) text.push(bytes.subarray(p, p + 11));
  return text.every(isValidUtf8) ? 'utf-8' : 'windows-1252';
}

const SPACE = 0x20;

function isPad(b: number): boolean {
  return b === SPACE || b === 0;
}

function asciiOf(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

export function openDbf(bytes: Uint8Array, fileName: string, src: DbfEncodingSource): DbfTable {
  if (bytes.length < 32) {
    throw fileProblem(fileName, said('shapefile.dbfShort', { bytes: bytes.length }));
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rowCount = dv.getUint32(4, true);
  const headerLength = dv.getUint16(8, true);
  const recordLength = dv.getUint16(10, true);
  if (headerLength < 33 || headerLength > bytes.length) {
    throw fileProblem(
      fileName,
      said('shapefile.dbfHeaderLength', { length: headerLength, bytes: bytes.length }),
    );
  }
  const encoding = detectDbfEncoding(bytes, src, headerLength);

  const fields: DbfField[] = [];
  const seen = new Set<string>();
  const notes: Said[] = [];
  let offset = 1;
  for (let p = 32; p + 32 <= headerLength && bytes[p] !== 0x0d; p += 32) {
    let end = p;
    while (end < p + 11 && bytes[end] !== 0) end++;
    let name = decodeBytes(bytes.subarray(p, end), encoding).trim() || `FIELD_${fields.length + 1}`;
    const type = String.fromCharCode(bytes[p + 11]).toUpperCase();
    const decimals = bytes[p + 17];
    // Clipper and FoxPro store text widths above 255 with the decimal count as the high byte.
    const length = type === 'C' ? bytes[p + 16] + (decimals << 8) : bytes[p + 16];
    const given = name;
    for (let k = 2; seen.has(name); k++) name = `${name.replace(/_\d+$/, '')}_${k}`;
    if (name !== given) notes.push(said('shapefile.fieldRepeated', { file: fileName, k: fields.length + 1, given, name }));
    seen.add(name);
    const kind = kindOf(type, decimals);
    fields.push({ name, type, offset, length, decimals: type === 'C' ? 0 : decimals, kind: kind ?? 'unknown' });
    offset += length;
  }
  if (offset > recordLength) {
    throw fileProblem(
      fileName,
      said('shapefile.dbfRowLength', { need: offset, length: recordLength }),
    );
  }
  const read = fields.filter((f) => kindOf(f.type, f.decimals) !== null);
  const availableRows = recordLength > 0 ? Math.floor((bytes.length - headerLength) / recordLength) : 0;

  function text(start: number, end: number): string | null {
    while (start < end && isPad(bytes[start])) start++;
    while (end > start && isPad(bytes[end - 1])) end--;
    if (start === end) return null;
    let ascii = true;
    for (let i = start; i < end; i++) {
      if (bytes[i] >= 0x80) {
        ascii = false;
        break;
      }
    }
    const s = ascii ? asciiOf(bytes, start, end) : decodeBytes(bytes.subarray(start, end), encoding);
    return s.trim() || null;
  }

  function value(f: DbfField, at: number): unknown {
    const start = at + f.offset;
    const end = start + f.length;
    switch (f.type) {
      case 'C':
        return text(start, end);
      case 'N':
      case 'F': {
        const s = text(start, end);
        if (s === null) return null;
        const n = Number(s);
        return Number.isFinite(n) ? n : null;
      }
      case 'L': {
        const s = text(start, end);
        if (s === null || s.length !== 1) return null;
        return /^[nf]$/i.test(s) ? false : /^[yt]$/i.test(s) ? true : null;
      }
      case 'D':
        return isoDate(text(start, end));
      case 'I':
      case '+':
        return f.length === 4 ? dv.getInt32(start, true) : null;
      case 'O': {
        if (f.length !== 8) return null;
        const n = dv.getFloat64(start, true);
        return Number.isFinite(n) ? n : null;
      }
      default:
        return text(start, end);
    }
  }

  return {
    fileName,
    encoding,
    fields: read,
    notes,
    rowCount,
    availableRows,
    headerLength,
    recordLength,
    byteLength: bytes.length,
    isDeleted: (row) => bytes[headerLength + row * recordLength] === 0x2a,
    readRow(row) {
      if (!(row >= 0 && row < availableRows)) throw fileProblem(fileName, `row ${row + 1} is beyond the end of the file`);
      const at = headerLength + row * recordLength;
      const props: Record<string, unknown> = {};
      for (const f of read) props[f.name] = value(f, at);
      return props;
    },
  };
}

/** 'YYYYMMDD' → 'YYYY-MM-DD' when it is a real calendar date; blanks, zeros and junk → null. */
function isoDate(s: string | null): string | null {
  if (s === null || !/^\d{8}$/.test(s)) return null;
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(4, 6));
  const d = Number(s.slice(6, 8));
  if (y === 0 || m < 1 || m > 12 || d < 1) return null;
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > daysInMonth) return null;
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
}

export function dbfFieldInfo(table: DbfTable): FieldInfo[] {
  return table.fields.map((f) => ({ name: f.name, type: f.kind }));
}
