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
 * Columns, coordinates and values are those of any table (shared/import/tableRecords.ts, which
 * reads a spreadsheet's sheet the same way); with a ';' or tab delimiter numbers may have a
 * decimal comma ('3,5').
 *
 * Own tokenizer rather than papaparse: bytes arrive in chunks and records must be bounded
 * (MAX_RECORD_CHARS, so a 100 MB file without line breaks fails on its first megabyte) with
 * exact row and line numbers. test/bench/parse.ts, 1,000,000 rows x 7 columns (73 MB), 4 MiB
 * chunks, same run, CPU time: this parser (typing + point geometry) 2.4 s, peak RSS 271 MB, also
 * finishing with a 48 MB heap limit; papaparse (Node stream, header, dynamicTyping, chunk
 * callback) 5.7 s, peak RSS 308 MB: 2.4x slower.
 */
import { ImportError, importProblem, said, type Reason } from './problems.ts';
import { TableRecords } from './tableRecords.ts';
import { ChunkDecoder } from './textChunks.ts';
import type { ParseOptions, RecordSink, StreamParser } from './types.ts';

/** Longest record accepted, in characters. */
export const MAX_RECORD_CHARS = 1 << 20;
const DETECT_LINES = 10;

/** A StreamParser that also tells what it decided on the way, for the import summary. */
export interface CsvStreamParser extends StreamParser {
  /** Header names that were empty or repeated and have been renamed; not problems: no row is lost. */
  readonly notes: Reason[];
  /** The delimiter and encoding in use, once known. */
  readonly delimiter: string | null;
  readonly encoding: string | null;
  /** Characters the tokenizer has examined, re-scans of a pending record included: its work, which tests check is linear in the input. */
  readonly charsScanned: number;
}

export function createCsvParser(opts: ParseOptions, sink: RecordSink): CsvStreamParser {
  return new CsvParser(opts, sink);
}

/** "row N" or "row N (line L)" for a data row (see the numbering note above). */
export function csvRowLocation(sourceIndex: number, line?: number): string {
  return line === undefined || line === sourceIndex + 2 ? `row ${sourceIndex + 1}` : `row ${sourceIndex + 1} (line ${line})`;
}

class CsvParser implements CsvStreamParser {
  private readonly file: string;
  private readonly opts: ParseOptions;
  private readonly sink: RecordSink;
  private readonly decoder: ChunkDecoder;
  private bytes = 0;
  private scanned = 0;

  private buf = '';
  /** Buffer length below which a new chunk is only appended (see push). */
  private retryAt = 0;
  private line = 1;
  delimiter: string | null = null;
  /** The header once read, and what turns the rows into records. */
  private table: TableRecords | null = null;
  private rowIndex = 0;
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

  get charsScanned(): number {
    return this.scanned;
  }

  get notes(): Reason[] {
    return this.table?.notes ?? [];
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
    if (this.table === null) throw this.fatal(said('table.empty'));
    this.table.end();
  }

  private run(final: boolean): void {
    this.scanned += this.buf.length;
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
      if (wants !== undefined && this.table !== null && !this.table.sampling && !wants(this.rowIndex)) {
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
            if (final) throw this.fatal(said('table.unclosedQuote', { where: { path: csvRowLocation(this.rowIndex, this.line) }, line: this.line }));
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
      if (this.table === null) this.setHeader(fields, line);
      else this.table.row(fields, this.rowIndex++, line);
    }
    this.buf = pos >= n ? '' : s.slice(pos);
    this.retryAt = this.buf.length === 0 ? 0 : Math.min(Math.max(2 * this.buf.length, 4096), MAX_RECORD_CHARS + 1);
  }

  private tooLong(): ImportError {
    const what = this.table === null ? said('table.theHeader', { line: this.line }).words : { path: csvRowLocation(this.rowIndex, this.line) };
    return this.fatal(said('table.tooLong', { what, mb: MAX_RECORD_CHARS >> 20 }));
  }

  private setHeader(raw: string[], line: number): void {
    this.table = new TableRecords(
      { opts: this.opts, sink: this.sink, locate: csvRowLocation, commaDecimal: this.commaDecimal },
      raw,
      line === 1 ? 'header' : `header (line ${line})`,
    );
  }

  private fatal(reason: Reason): ImportError {
    return new ImportError([importProblem(this.file, null, null, reason)]);
  }
}

/** The delimiter among , ; and tab that splits the first lines into the same number of fields. */
function detectDelimiter(text: string): string {
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
