/**
 * Walks the shape records of a .shp, through its .shx index when there is one. The index gives
 * each record's offset and length, so one record with a lying length does not derail the rest;
 * every index entry is cross-checked with the record header it points at, and records the index
 * does not list are reported, not silently read.
 */
import { said, type ImportKey, type ImportValue } from '../problems.ts';
import { HEADER_BYTES, decodeShape, readMainHeader, viewOf, type ShapeResult } from './shp.ts';

export interface ShapeFiles {
  shp: string;
  shx: string;
}

/** Called once per record index, in order; `file` is the file a failure is blamed on. */
export type ShapeVisitor = (index: number, result: ShapeResult, file: string) => void;

function fail(key: ImportKey, values?: Record<string, ImportValue>): ShapeResult {
  return { error: said(key, values) };
}

function safeDecode(dv: DataView, start: number, length: number, fileType: number): ShapeResult {
  try {
    return decodeShape(dv, start, length, fileType);
  } catch (e) {
    // decodeShape checks every length first; this only keeps a missed case from escaping as a RangeError.
    return fail('shp.unreadable', { reason: e instanceof Error ? e.message : String(e) });
  }
}

/**
 * Visits every record of the .shp (shx may be null: sequential reading, for tests of the
 * library's own shx-less cases). Returns the number of record indices visited.
 */
export function forEachShape(shp: Uint8Array, shx: Uint8Array | null, files: ShapeFiles, visit: ShapeVisitor): number {
  const header = readMainHeader(shp, files.shp);
  const dv = viewOf(shp);
  const shxDv = shx ? viewOf(shx) : null;
  const shxCount = shx ? Math.max(0, Math.floor((shx.length - HEADER_BYTES) / 8)) : 0;
  // Bytes after the declared length are padding some writers leave; a declared length past the
  // end means the file was cut short.
  const declared = header.declaredLength;
  const limit = declared >= HEADER_BYTES && declared < shp.length ? declared : shp.length;
  let pos = HEADER_BYTES;
  let i = 0;
  let truncationSeen = false;
  for (; ; i++) {
    let offset: number;
    let length: number;
    if (shxDv && i < shxCount) {
      offset = shxDv.getInt32(HEADER_BYTES + 8 * i, false) * 2;
      length = shxDv.getInt32(HEADER_BYTES + 8 * i + 4, false) * 2;
      if (offset < HEADER_BYTES || length < 0) {
        visit(i, fail('shp.shxImpossible', { offset, length }), files.shx);
        continue;
      }
      if (offset + 8 > shp.length) {
        truncationSeen = true;
        visit(i, fail('shp.shxPastEnd', { offset, end: shp.length }), files.shp);
        pos = Math.max(pos, offset + 8 + length);
        continue;
      }
      const recordLength = dv.getInt32(offset + 4, false) * 2;
      if (recordLength !== length) {
        visit(
          i,
          fail('shp.lengthDiffers', { offset, recordLength, length }),
          files.shp,
        );
        pos = Math.max(pos, offset + 8 + length);
        continue;
      }
    } else {
      if (pos + 8 > limit) {
        if (!truncationSeen && declared > shp.length && pos < declared) {
          visit(i, fail('shp.headerPastEnd', { declared, end: shp.length }), files.shp);
          i++;
        }
        break;
      }
      offset = pos;
      length = dv.getInt32(pos + 4, false) * 2;
      if (length < 0) {
        visit(i, fail('shp.negativeLength', { pos, length }), files.shp);
        i++;
        break;
      }
      if (shx) {
        visit(i, fail('shp.notIndexed', { shx: files.shx, count: shxCount }), files.shx);
        pos = offset + 8 + length;
        continue;
      }
    }
    const end = offset + 8 + length;
    if (end > shp.length) {
      truncationSeen = true;
      visit(i, fail('shp.recordPastEnd', { offset, end, fileEnd: shp.length }), files.shp);
    } else {
      visit(i, safeDecode(dv, offset + 8, length, header.shapeType), files.shp);
    }
    pos = Math.max(pos, end);
  }
  return i;
}
