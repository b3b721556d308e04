/**
 * Excel workbooks (.xlsx). In: one sheet — the first, or ImportOptions.sheet — read as the same
 * table saved as CSV would be (shared/import/tableRecords.ts: the header row, latitude/longitude
 * or WKT columns found from their names, columns typed on their first rows, "row N" in messages,
 * rows without a value skipped). Cells with a date format become ISO dates and times (text), so
 * the time mapping reads them. Every sheet's name is offered to the import dialog (layersInFile).
 *
 * The archive is unzipped by sourceFiles.ts, with the limits every archive gets (declared and
 * real sizes, expansion ratio: zip bombs); its XML is read by xlsxParts.ts.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { extensionOf } from '../../../shared/api/formats.ts';
import { fileProblem, said, type Said } from '../../../shared/import/problems.ts';
import { TableRecords, type Cell } from '../../../shared/import/tableRecords.ts';
import { readWhole, readZipEntries } from '../sourceFiles.ts';
import { CHUNK_BYTES } from './streamSource.ts';
import type { FormatModule, Source, SourceInput } from './types.ts';
import { PartError, SheetReader, readDateStyles, readSharedStrings, readWorkbook, type SheetRef } from './xlsxParts.ts';

const WORKBOOK = 'xl/workbook.xml';
const WORKBOOK_RELS = 'xl/_rels/workbook.xml.rels';
const SHARED_STRINGS = 'xl/sharedStrings.xml';
const STYLES = 'xl/styles.xml';

/** "row N", with the sheet row after it when they differ (a header below row 1, rows left empty). */
function sheetRowLocation(index: number, sheetRow?: number): string {
  return sheetRow === undefined || sheetRow === index + 2 ? `row ${index + 1}` : `row ${index + 1} (sheet row ${sheetRow})`;
}

/** What a file that is no .xlsx is, from its first bytes, for the refusal. */
function notAWorkbook(head: Uint8Array, size: number): Said | null {
  if (head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5) && (head[3] === 4 || head[3] === 6)) return null;
  if (size === 0) return said('xlsx.empty');
  if ([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1].every((b, i) => head[i] === b)) {
    return said('xlsx.xls');
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head);
  // Text with no control characters but tabs and line ends: a CSV or an HTML table named .xlsx.
  if (!/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text)) {
    return said(/^\s*</.test(text) ? 'xlsx.markup' : 'xlsx.text');
  }
  return said('xlsx.notZip');
}

function readHead(file: string): { head: Uint8Array; size: number } {
  const head = new Uint8Array(512);
  let fd: number | null = null;
  try {
    fd = fs.openSync(file, 'r');
    const n = fs.readSync(fd, head, 0, head.length, 0);
    return { head: head.subarray(0, n), size: fs.fstatSync(fd).size };
  } catch {
    // readWhole names the reason (not found, a folder, no permission).
    readWhole(file);
    throw fileProblem(file, said('xlsx.unreadable'));
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

function sheetSource(input: SourceInput, sheets: SheetRef[], pick: SheetRef, date1904: boolean, size: number): Source {
  const file = input.path!;
  const fileName = `${input.name}/${pick.name}`;
  const hash = crypto.createHash('sha256');
  return {
    format: 'xlsx',
    fileName,
    size,
    defaultLayerName: input.defaultLayerName,
    locate: (i) => sheetRowLocation(i),
    layersInFile: sheets.map((s) => s.name),
    fingerprint: () => hash.copy().digest('hex'),
    async feed(sink, opts, step) {
      const parts = readZipEntries(file, (n) => n === pick.part || n === SHARED_STRINGS || n === STYLES);
      hash.update(readWhole(file));
      const part = (name: string) => parts.find((p) => p.name === name)?.bytes;
      const xml = part(pick.part);
      if (!xml) throw fileProblem(fileName, `the workbook lists the sheet but its part ${pick.part} is missing`);
      let table: TableRecords | null = null;
      let index = 0;
      const onRow = ({ number, cells }: { number: number; cells: Cell[] }): void => {
        if (table === null) {
          const header = cells.map((c) => (c === null ? '' : typeof c === 'string' ? c : String(c)));
          // A sheet's text is typed as a comma-delimited CSV's: '3,5' stays text.
          table = new TableRecords({ opts, sink, locate: sheetRowLocation, commaDecimal: false }, header, number === 1 ? 'header' : `header (sheet row ${number})`);
          return;
        }
        // Empty cells after the last one with a value are not stored: the row is as wide as the header.
        const width = table.header.length;
        table.row(cells.length < width ? [...cells, ...new Array<Cell>(width - cells.length).fill(null)] : cells, index++, number);
      };
      try {
        const strings = part(SHARED_STRINGS);
        const styles = part(STYLES);
        const ctx = { strings: strings ? readSharedStrings(strings) : [], dateStyles: styles ? readDateStyles(styles) : [], date1904 };
        const reader = new SheetReader(ctx, onRow);
        for (let at = 0; at < xml.length; at += CHUNK_BYTES) {
          const end = Math.min(xml.length, at + CHUNK_BYTES);
          reader.push(xml.subarray(at, end), end === xml.length);
          // Progress in proportion to the sheet read (the file's bytes are its compressed size).
          await step(Math.round((size * end) / xml.length));
        }
      } catch (e) {
        if (e instanceof PartError) throw fileProblem(fileName, e.message);
        throw e;
      }
      const t = table as TableRecords | null;
      if (t === null) throw fileProblem(fileName, said('table.sheetEmpty'));
      t.end();
      if (t.notes.length) this.notes = [...t.notes];
    },
  };
}

export const xlsxFormat: FormatModule = {
  id: 'xlsx',
  label: 'Excel workbook',
  read: {
    extensions: ['xlsx'],
    open(input, ctx) {
      if (!input.path) {
        throw fileProblem(input.name, said('xlsx.inArchive', { extension: extensionOf(input.name) }));
      }
      const { head, size } = readHead(input.path);
      const what = notAWorkbook(head, size);
      if (what) throw fileProblem(input.name, what);
      const parts = readZipEntries(input.path, (n) => n === WORKBOOK || n === WORKBOOK_RELS);
      const workbook = parts.find((p) => p.name === WORKBOOK)?.bytes;
      if (!workbook) throw fileProblem(input.name, said('xlsx.noWorkbook', { part: WORKBOOK }));
      let book;
      try {
        book = readWorkbook(workbook, parts.find((p) => p.name === WORKBOOK_RELS)?.bytes);
      } catch (e) {
        if (e instanceof PartError) throw fileProblem(input.name, e.message);
        throw e;
      }
      if (book.sheets.length === 0) throw fileProblem(input.name, said('xlsx.noSheets'));
      const wanted = ctx.options.sheet;
      const pick = wanted === undefined ? book.sheets[0] : (book.sheets.find((s) => s.name === wanted) ?? book.sheets.find((s) => s.name.toLowerCase() === wanted.toLowerCase()));
      if (!pick) {
        throw fileProblem(input.name, said('xlsx.noSheet', { sheet: wanted ?? '', sheets: book.sheets.map((s) => `"${s.name}"`).join(', ') }));
      }
      return [sheetSource(input, book.sheets, pick, book.date1904, size)];
    },
  },
};
