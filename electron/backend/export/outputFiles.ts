/**
 * The files one export writes (the file asked for, then sidecars such as a .prj or
 * NAME.provenance.json), each first written under a temporary name in the same folder and all
 * renamed into place only once every one is complete: a failed or cancelled export leaves
 * nothing behind, and never a data file without its sidecar.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../../../shared/errors.ts';

const FLUSH_CHARS = 1 << 20;

/** Buffered text into one file descriptor. */
export class TextOut {
  private parts: string[] = [];
  private chars = 0;
  constructor(private readonly fd: number) {}
  write(s: string): void {
    this.parts.push(s);
    this.chars += s.length;
    if (this.chars >= FLUSH_CHARS) this.flush();
  }
  flush(): void {
    if (!this.parts.length) return;
    fs.writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.chars = 0;
  }
}

interface Pending {
  /** As the caller named it (relative names stay relative in what commit() returns). */
  given: string;
  final: string;
  tmp: string;
  /** -1 for a path handed out by reserve(): its writer opens and closes the file itself. */
  fd: number;
  out: TextOut | null;
}

export class OutputFiles {
  private readonly pending: Pending[] = [];

  /** `main`: the file the user asked for; its folder must exist. */
  constructor(private readonly main: string) {
    const dir = path.dirname(path.resolve(main));
    if (!fs.existsSync(dir)) throw new UserError(`cannot export to "${main}": folder ${dir} does not exist`);
  }

  private static tmpPath(final: string): string {
    return path.join(path.dirname(final), `.${path.basename(final)}.${process.pid}.part`);
  }

  /** Opens `file` (the main file or a sidecar beside it) for writing. */
  open(file: string): TextOut {
    const final = path.resolve(file);
    const tmp = OutputFiles.tmpPath(final);
    let fd: number;
    try {
      fd = fs.openSync(tmp, 'w');
    } catch (e) {
      throw new UserError(`cannot write "${file}": ${(e as Error).message}`);
    }
    const out = new TextOut(fd);
    this.pending.push({ given: file, final, tmp, fd, out });
    return out;
  }

  /**
   * A temporary path in `file`'s folder for a writer that makes the file itself (a GeoPackage is
   * written by SQLite): renamed to `file` with the others on commit, removed on abort. The writer
   * must have closed it by then.
   */
  reserve(file: string): string {
    const final = path.resolve(file);
    const tmp = OutputFiles.tmpPath(final);
    // A file left by a killed run of this process id would be taken for a database being written.
    fs.rmSync(tmp, { force: true });
    this.pending.push({ given: file, final, tmp, fd: -1, out: null });
    return tmp;
  }

  /** Writes `file` whole from bytes (a PDF, a PNG). */
  writeBytes(file: string, bytes: Uint8Array): void {
    this.open(file);
    const p = this.pending[this.pending.length - 1];
    fs.writeSync(p.fd, bytes);
  }

  /**
   * Flushes and renames every file into place; returns their names, the main file first. When a
   * rename fails (a folder of that name, no permission), the files already moved are taken back
   * out, so an export never leaves a data file without its sidecar.
   */
  commit(): string[] {
    for (const p of this.pending) {
      if (p.fd < 0) continue;
      p.out!.flush();
      fs.closeSync(p.fd);
      p.fd = -1;
    }
    const placed: string[] = [];
    try {
      for (const p of this.pending) {
        fs.renameSync(p.tmp, p.final);
        placed.push(p.final);
      }
    } catch (e) {
      for (const f of placed) fs.rmSync(f, { force: true });
      throw new UserError(`cannot write "${this.main}": ${(e as Error).message}`);
    }
    const main = path.resolve(this.main);
    const first = (p: Pending) => Number(p.final === main);
    return [...this.pending].sort((a, b) => first(b) - first(a)).map((p) => p.given);
  }

  /** Removes every temporary file (after a failure or a cancel). */
  abort(): void {
    for (const p of this.pending) {
      if (p.fd >= 0) {
        try {
          fs.closeSync(p.fd);
        } catch {
          // already closed
        }
      }
      fs.rmSync(p.tmp, { force: true });
      // What SQLite may leave beside a database it was writing (reserve()).
      if (!p.out) fs.rmSync(`${p.tmp}-journal`, { force: true });
    }
  }

  /** Runs `write` and commits, or aborts and rethrows. */
  static async write(main: string, write: (files: OutputFiles) => Promise<void> | void): Promise<string[]> {
    const files = new OutputFiles(main);
    try {
      await write(files);
      return files.commit();
    } catch (e) {
      files.abort();
      throw e;
    }
  }
}

/** NAME.provenance.json beside NAME.ext. */
export function provenanceSidecarPath(file: string): string {
  const ext = path.extname(file);
  return `${ext ? file.slice(0, -ext.length) : file}.provenance.json`;
}

/** A CSV cell (RFC 4180): objects as JSON; quoted when it holds a quote, comma, line break or edge space. */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
