/**
 * A source read as a stream of byte chunks through a push parser (CSV, GeoJSON): 4 MB at a time
 * from disk (or from an archive member already in memory), the event loop turning between chunks
 * so progress reaches the caller and a cancel lands; memory bounded by the largest record.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileProblem, said } from '../../../shared/import/problems.ts';
import type { FormatId, ParseOptions, RecordSink, StreamParser } from '../../../shared/import/types.ts';
import { openForRead } from '../sourceFiles.ts';
import type { Source, SourceInput } from './types.ts';

export const CHUNK_BYTES = 4 * 1024 * 1024;

/** The file name without its folder and extension: a layer's default name. */
export function stemOf(file: string): string {
  const base = path.basename(file);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

export function streamSource(
  format: FormatId,
  input: SourceInput,
  createParser: (opts: ParseOptions, sink: RecordSink) => StreamParser,
  locate: (index: number) => string,
): Source {
  const hash = crypto.createHash('sha256');
  const { bytes, path: file } = input;
  const size = bytes ? bytes.length : openForRead(file!).size;
  return {
    format,
    fileName: input.name,
    size,
    defaultLayerName: input.defaultLayerName,
    locate,
    streamedFile: bytes ? undefined : file,
    fingerprint: () => hash.copy().digest('hex'),
    async feed(sink, opts, step) {
      const parser = createParser(opts, sink);
      if (bytes) {
        for (let at = 0; at < bytes.length; at += CHUNK_BYTES) {
          const chunk = bytes.subarray(at, Math.min(bytes.length, at + CHUNK_BYTES));
          hash.update(chunk);
          parser.push(chunk);
          await step(at + chunk.length);
        }
        parser.end();
        if (parser.notes?.length) this.notes = [...parser.notes];
        return;
      }
      const { fd } = openForRead(file!);
      try {
        const buf = Buffer.allocUnsafe(CHUNK_BYTES);
        let done = 0;
        for (;;) {
          let n: number;
          try {
            n = fs.readSync(fd, buf, 0, CHUNK_BYTES, null);
          } catch (e) {
            throw fileProblem(input.name, said('files.readFailed', { bytes: done, reason: (e as Error).message }));
          }
          if (n === 0) break;
          // The parser may keep references to the chunk (partial records): hand it a copy.
          const chunk = new Uint8Array(buf.subarray(0, n));
          hash.update(chunk);
          parser.push(chunk);
          done += n;
          await step(done);
        }
        parser.end();
        if (parser.notes?.length) this.notes = [...parser.notes];
      } finally {
        fs.closeSync(fd);
      }
    },
  };
}
