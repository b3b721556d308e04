/**
 * The parts of an .xlsx workbook (Office Open XML, ECMA-376 part 1 §18) that make a table of
 * values: the sheet list (workbook.xml and its relationships), the shared strings, which cell
 * styles are dates (styles.xml), and a sheet's rows of cells. Read with saxes, a streaming XML
 * parser, from the XML the zip guard of sourceFiles.ts has inflated.
 *
 * Why not a spreadsheet library: measured on a 100,000-row, 8-column sheet ogr2ogr wrote (5.3 MB),
 * same machine: read-excel-file 9.3.17 2.1 s and 251 MB RSS, exceljs 4.4.0 (streaming reader)
 * 1.9 s and 196 MB; unzipping and walking the sheet with saxes 0.65 s. Both libraries also unzip
 * the file themselves with no limit on what it expands to (a zip bomb expands whole), and each
 * misreads that file: read-excel-file floors a date's serial number (08:32 becomes
 * 08:31:59.999), exceljs keeps the line breaks between <si> and <t> in every shared string.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { Cell } from '../../../shared/import/tableRecords.ts';

export interface SheetRef {
  name: string;
  /** The sheet's part in the archive: "xl/worksheets/sheet1.xml". */
  part: string;
}

export interface Workbook {
  sheets: SheetRef[];
  /** Serial numbers count days from 1904-01-01 instead of 1899-12-30 (old Mac workbooks). */
  date1904: boolean;
}

/** Thrown for XML that is broken or not what the part should hold; the reader names the file. */
export class PartError extends Error {}

function parse(xml: Uint8Array, part: string, on: { open?: (t: SaxesTagPlain) => void; text?: (t: string) => void; close?: (t: SaxesTagPlain) => void }): void {
  const p = new SaxesParser();
  if (on.open) p.on('opentag', on.open);
  if (on.text) p.on('text', on.text);
  if (on.close) p.on('closetag', on.close);
  try {
    p.write(new TextDecoder().decode(xml)).close();
  } catch (e) {
    throw new PartError(`${part} is not well-formed XML (${(e as Error).message})`);
  }
}

/** Local name of a tag ("x:sheet" → "sheet"): some writers prefix the spreadsheetml namespace. */
const local = (name: string): string => name.slice(name.indexOf(':') + 1);

/** The sheets in workbook order, each with its part, from workbook.xml and workbook.xml.rels. */
export function readWorkbook(workbookXml: Uint8Array, relsXml: Uint8Array | undefined): Workbook {
  const targets = new Map<string, string>();
  if (relsXml) {
    parse(relsXml, 'xl/_rels/workbook.xml.rels', {
      open: (t) => {
        if (local(t.name) === 'Relationship' && t.attributes.Id && t.attributes.Target) targets.set(t.attributes.Id, t.attributes.Target);
      },
    });
  }
  const sheets: SheetRef[] = [];
  let date1904 = false;
  parse(workbookXml, 'xl/workbook.xml', {
    open: (t) => {
      const name = local(t.name);
      if (name === 'workbookPr') date1904 = t.attributes.date1904 === '1' || t.attributes.date1904 === 'true';
      if (name !== 'sheet') return;
      const rid = Object.entries(t.attributes).find(([k]) => local(k) === 'id')?.[1];
      const target = rid ? targets.get(rid) : undefined;
      if (!t.attributes.name || !target) throw new PartError(`xl/workbook.xml lists a sheet without a name or a part`);
      // Targets are relative to xl/, or absolute within the package.
      sheets.push({ name: t.attributes.name, part: target.startsWith('/') ? target.slice(1) : `xl/${target}` });
    },
  });
  return { sheets, date1904 };
}

/** Unescapes the _xHHHH_ form OOXML gives characters XML cannot hold (control characters). */
function unescapeOoxml(s: string): string {
  return s.includes('_x') ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : s;
}

/** The shared strings, in order: the text of each <si>'s <t> runs (phonetic runs left out). */
export function readSharedStrings(xml: Uint8Array): string[] {
  const out: string[] = [];
  let current: string | null = null;
  let inText = false;
  let phonetic = 0;
  parse(xml, 'xl/sharedStrings.xml', {
    open: (t) => {
      const n = local(t.name);
      if (n === 'si') current = '';
      else if (n === 'rPh') phonetic++;
      else if (n === 't' && phonetic === 0) inText = true;
    },
    text: (s) => {
      if (inText && current !== null) current += s;
    },
    close: (t) => {
      const n = local(t.name);
      if (n === 't') inText = false;
      else if (n === 'rPh') phonetic--;
      else if (n === 'si') {
        out.push(unescapeOoxml(current ?? ''));
        current = null;
      }
    },
  });
  return out;
}

export type DateKind = 'date' | 'time';

/** Built-in number formats that are dates (14–22, 45–47) or, for East Asian locales, 27–36 and 50–58. */
const BUILTIN_DATE = new Set([14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58]);
const BUILTIN_TIME = new Set([18, 19, 20, 21, 32, 33, 45, 46, 47]);

/** Whether a number format code shows a date, a clock time only, or neither. */
function dateKind(code: string): DateKind | null {
  // Quoted text, escaped characters, colours and locales ([Red], [$-409]) are not date tokens;
  // elapsed-time brackets ([h], [mm]) are.
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[(?![hms]+\])[^\]]*\]/gi, '')
    .split(';')[0];
  if (/general/i.test(bare)) return null;
  if (/[dy]/i.test(bare)) return 'date';
  if (/[hs]/i.test(bare)) return 'time';
  return /m/i.test(bare) ? 'date' : null;
}

/** For each cell style (the `s` of a cell, an index into cellXfs): whether it shows a date or a time. */
export function readDateStyles(xml: Uint8Array): (DateKind | null)[] {
  const formats = new Map<number, string>();
  const styles: (DateKind | null)[] = [];
  let inCellXfs = false;
  parse(xml, 'xl/styles.xml', {
    open: (t) => {
      const n = local(t.name);
      if (n === 'numFmt') formats.set(Number(t.attributes.numFmtId), t.attributes.formatCode ?? '');
      else if (n === 'cellXfs') inCellXfs = true;
      else if (n === 'xf' && inCellXfs) {
        const id = Number(t.attributes.numFmtId ?? 0);
        const code = formats.get(id);
        styles.push(code !== undefined ? dateKind(code) : BUILTIN_DATE.has(id) ? 'date' : BUILTIN_TIME.has(id) ? 'time' : null);
      }
    },
    close: (t) => {
      if (local(t.name) === 'cellXfs') inCellXfs = false;
    },
  });
  return styles;
}

const DAY_MS = 86_400_000;
/** 1899-12-30: serial 0 of the 1900 date system counting from 1 March 1900 on (Lotus's 29 Feb 1900 skipped). */
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/**
 * A date cell's serial number as ISO text, naive (spreadsheets keep no zone): "2024-07-24" when it
 * has no clock time, "2024-07-24T08:32:00" (".sss" when there are milliseconds) when it has,
 * "08:32:00" for a time-only format. Rounded to the millisecond: the serial is a binary fraction
 * of a day, and flooring it would turn 08:32 into 08:31:59.999.
 */
function serialToIso(serial: number, kind: DateKind, date1904: boolean): string | null {
  if (!Number.isFinite(serial) || serial < 0 || serial > 2_958_465) return null; // up to 9999-12-31
  const ms = Math.round(serial * DAY_MS);
  const dayMs = ((ms % DAY_MS) + DAY_MS) % DAY_MS;
  const clock = `${pad(Math.floor(dayMs / 3_600_000))}:${pad(Math.floor(dayMs / 60_000) % 60)}:${pad(Math.floor(dayMs / 1000) % 60)}${dayMs % 1000 ? `.${pad(dayMs % 1000, 3)}` : ''}`;
  if (kind === 'time' && serial < 1) return clock;
  // In the 1900 system serials below 61 count from 1899-12-31 (Excel's 29 February 1900 lies between).
  const t = date1904 ? EPOCH_1904 + ms : serial < 61 ? EPOCH_1900 + DAY_MS + ms : EPOCH_1900 + ms;
  const d = new Date(t);
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return dayMs === 0 ? date : `${date}T${clock}`;
}

/** The largest column a sheet may have (XFD). */
const MAX_COLUMNS = 16_384;

/** "BC12" → 54 (0-based column); -1 when it is no cell reference. */
function columnOf(ref: string): number {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i) | 32;
    if (c < 97 || c > 122) break;
    col = col * 26 + (c - 96);
    if (col > MAX_COLUMNS) return -1;
  }
  return i === 0 ? -1 : col - 1;
}

export interface SheetRow {
  /** The sheet's row number (1-based), for messages. */
  number: number;
  cells: Cell[];
}

export interface SheetContext {
  strings: string[];
  dateStyles: (DateKind | null)[];
  date1904: boolean;
}

/**
 * Walks a sheet's XML pushed in chunks, handing each row with a value to `onRow` (rows without
 * one, and trailing empty cells, left out). A cell the XML breaks (a shared string that is not
 * there, a reference past column XFD) is a PartError naming the cell.
 */
export class SheetReader {
  private readonly parser = new SaxesParser();
  private readonly decoder = new TextDecoder();
  private cells: Cell[] = [];
  private rowNumber = 0;
  private col = -1;
  private type = 'n';
  private style = 0;
  private ref = '';
  private value: string | null = null;
  private inline: string | null = null;
  private textTarget: 'v' | 'is' | null = null;
  private inSheetData = false;
  /** An error thrown by onRow (the sink's), passed through as it is. */
  private passing: unknown = undefined;

  constructor(
    private readonly ctx: SheetContext,
    private readonly onRow: (row: SheetRow) => void,
  ) {
    this.parser.on('opentag', (t) => this.open(t));
    this.parser.on('text', (s) => {
      if (this.textTarget === 'v') this.value = (this.value ?? '') + s;
      else if (this.textTarget === 'is') this.inline = (this.inline ?? '') + s;
    });
    this.parser.on('closetag', (t) => this.close(t));
  }

  /** Reads the next chunk; a PartError for broken XML, or what onRow threw. */
  push(chunk: Uint8Array, final: boolean): void {
    try {
      this.parser.write(this.decoder.decode(chunk, { stream: !final }));
      if (final) this.parser.close();
    } catch (e) {
      if (e === this.passing || e instanceof PartError) throw e;
      throw new PartError(`the sheet's XML is broken after sheet row ${this.rowNumber} (${(e as Error).message})`);
    }
  }

  private open(t: SaxesTagPlain): void {
    const n = local(t.name);
    if (n === 'sheetData') this.inSheetData = true;
    if (!this.inSheetData) return;
    switch (n) {
      case 'row': {
        const r = Number(t.attributes.r);
        this.rowNumber = Number.isInteger(r) && r > this.rowNumber ? r : this.rowNumber + 1;
        this.cells = [];
        this.col = -1;
        break;
      }
      case 'c': {
        this.ref = t.attributes.r ?? '';
        const col = this.ref ? columnOf(this.ref) : this.col + 1;
        if (col < 0) throw new PartError(`cell "${this.ref}" (sheet row ${this.rowNumber}) is no cell reference within columns A–XFD`);
        this.col = col;
        this.type = t.attributes.t ?? 'n';
        this.style = Number(t.attributes.s ?? 0);
        this.value = null;
        this.inline = null;
        break;
      }
      case 'v':
        this.textTarget = 'v';
        break;
      case 't':
        if (this.type === 'inlineStr') this.textTarget = 'is';
        break;
      case 'rPh':
        this.textTarget = null;
        break;
    }
  }

  private close(t: SaxesTagPlain): void {
    const n = local(t.name);
    if (n === 'sheetData') this.inSheetData = false;
    if (!this.inSheetData) return;
    if (n === 'v' || n === 't') this.textTarget = null;
    else if (n === 'c') {
      const v = this.cellValue();
      if (v !== null && v !== '') {
        while (this.cells.length < this.col) this.cells.push(null);
        this.cells[this.col] = v;
      }
    } else if (n === 'row' && this.cells.length > 0) {
      try {
        this.onRow({ number: this.rowNumber, cells: this.cells });
      } catch (e) {
        this.passing = e;
        throw e;
      }
    }
  }

  private cellValue(): Cell {
    const v = this.value;
    switch (this.type) {
      case 's': {
        const s = v === null ? undefined : this.ctx.strings[Number(v)];
        if (s === undefined) throw new PartError(`cell ${this.ref} (sheet row ${this.rowNumber}) points to shared string ${JSON.stringify(v)}, which the workbook does not have`);
        return s;
      }
      case 'inlineStr':
        return this.inline === null ? null : unescapeOoxml(this.inline);
      case 'b':
        return v === null ? null : v.trim() === '1' || v.trim() === 'true';
      case 'str':
      case 'e':
      case 'd':
        // A formula's text result, an error (#N/A …), an ISO date: the text as stored.
        return v === null ? null : unescapeOoxml(v);
      default: {
        if (v === null || v.trim() === '') return null;
        const num = Number(v);
        if (!Number.isFinite(num)) return v;
        const kind = this.ctx.dateStyles[this.style] ?? null;
        return kind ? (serialToIso(num, kind, this.ctx.date1904) ?? num) : num;
      }
    }
  }
}
