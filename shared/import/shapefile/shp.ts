/**
 * The .shp/.shx binary layout: the 100-byte main header and one shape record's content. Every
 * read is checked against the record's declared length first, so bad bytes give a reason
 * string, never a RangeError from the DataView.
 */
import type { Geometry, Position } from 'geojson';
import { fileProblem, said, type ImportKey, type ImportValue, type ImportWords, type Said } from '../problems.ts';
import { assemblePolygon } from './rings.ts';

const SHAPE_TYPE_NAMES: Record<number, string> = {
  0: 'Null',
  1: 'Point',
  3: 'PolyLine',
  5: 'Polygon',
  8: 'MultiPoint',
  11: 'PointZ',
  13: 'PolyLineZ',
  15: 'PolygonZ',
  18: 'MultiPointZ',
  21: 'PointM',
  23: 'PolyLineM',
  25: 'PolygonM',
  28: 'MultiPointM',
  31: 'MultiPatch',
};

export const HEADER_BYTES = 100;
const FILE_CODE = 9994;

export interface MainHeader {
  shapeType: number;
  /** File length the header declares, in bytes. */
  declaredLength: number;
  bbox: [number, number, number, number];
}

export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function typeName(type: number): string {
  return SHAPE_TYPE_NAMES[type] ?? `unknown type ${type}`;
}

/** Header of a .shp or .shx; ImportError when the file cannot be one. */
export function readMainHeader(bytes: Uint8Array, fileName: string): MainHeader {
  if (bytes.length < HEADER_BYTES) {
    throw fileProblem(fileName, said('shapefile.shpShort', { bytes: bytes.length, header: HEADER_BYTES }));
  }
  const dv = viewOf(bytes);
  const code = dv.getInt32(0, false);
  if (code !== FILE_CODE) {
    throw fileProblem(fileName, said('shapefile.notShapefile', { code, expected: FILE_CODE }));
  }
  const shapeType = dv.getInt32(32, true);
  if (!(shapeType in SHAPE_TYPE_NAMES)) {
    throw fileProblem(fileName, said('shapefile.unknownShapeType', { type: shapeType }));
  }
  return {
    shapeType,
    declaredLength: dv.getInt32(24, false) * 2,
    bbox: [dv.getFloat64(36, true), dv.getFloat64(44, true), dv.getFloat64(52, true), dv.getFloat64(60, true)],
  };
}

export type ShapeResult = { geometry: Geometry | null; error?: undefined } | { geometry?: undefined; error: Said };

function fail(key: ImportKey, values?: Record<string, ImportValue>): ShapeResult {
  return { error: said(key, values) };
}

const NOT_FINITE = 'shp.notFinite';

/**
 * Decodes one record's content (starting at its shape type) of `length` bytes at `start`.
 * Z becomes the third coordinate; M is dropped.
 */
export function decodeShape(dv: DataView, start: number, length: number, fileType: number): ShapeResult {
  if (length < 4) return fail('shp.noType', { length });
  const type = dv.getInt32(start, true);
  if (type === 0) return { geometry: null };
  if (!(type in SHAPE_TYPE_NAMES)) return fail('shp.unknownType', { type });
  if (type === 31) return fail('shp.multiPatch');
  if (type !== fileType) {
    return fail('shp.typeDiffers', { type, name: typeName(type), fileType, fileName: typeName(fileType) });
  }
  const hasZ = type === 11 || type === 13 || type === 15 || type === 18;
  const kind = type % 10;
  if (kind === 1) return decodePoint(dv, start, length, hasZ, type);
  if (kind === 8) return decodeMultiPoint(dv, start, length, hasZ, type);
  return decodeParts(dv, start, length, hasZ, type, kind === 5);
}

function tooShort(length: number, need: number, type: number, what: ImportWords | '' = ''): ShapeResult {
  return fail('shp.tooShort', { length, name: typeName(type), what, need });
}

function decodePoint(dv: DataView, s: number, length: number, hasZ: boolean, type: number): ShapeResult {
  const need = hasZ ? 28 : 20;
  if (length < need) return tooShort(length, need, type);
  const x = dv.getFloat64(s + 4, true);
  const y = dv.getFloat64(s + 12, true);
  if (!Number.isFinite(x) || !Number.isFinite(y)) return fail(NOT_FINITE);
  if (!hasZ) return { geometry: { type: 'Point', coordinates: [x, y] } };
  const z = dv.getFloat64(s + 20, true);
  if (!Number.isFinite(z)) return fail(NOT_FINITE);
  return { geometry: { type: 'Point', coordinates: [x, y, z] } };
}

/** Reads n points at `at` (and their Z values at `zAt` when given); null if one is not finite. */
function readPoints(dv: DataView, at: number, n: number, zAt: number): Position[] | null {
  const points: Position[] = new Array(n);
  let ok = true;
  if (zAt < 0) {
    for (let j = 0; j < n; j++, at += 16) {
      const x = dv.getFloat64(at, true);
      const y = dv.getFloat64(at + 8, true);
      // x - x is 0 for every finite number and NaN for NaN and ±Infinity.
      if (x - x !== 0 || y - y !== 0) ok = false;
      points[j] = [x, y];
    }
  } else {
    for (let j = 0; j < n; j++, at += 16, zAt += 8) {
      const x = dv.getFloat64(at, true);
      const y = dv.getFloat64(at + 8, true);
      const z = dv.getFloat64(zAt, true);
      if (x - x !== 0 || y - y !== 0 || z - z !== 0) ok = false;
      points[j] = [x, y, z];
    }
  }
  return ok ? points : null;
}

function decodeMultiPoint(dv: DataView, s: number, length: number, hasZ: boolean, type: number): ShapeResult {
  if (length < 40) return tooShort(length, 40, type);
  const n = dv.getInt32(s + 36, true);
  if (n < 0) return fail('shp.negativePoints', { n });
  const need = 40 + 16 * n + (hasZ ? 16 + 8 * n : 0);
  if (length < need) return tooShort(length, need, type, { key: 'shp.ofPoints', values: { n } });
  if (n === 0) return { geometry: null };
  const points = readPoints(dv, s + 40, n, hasZ ? s + 40 + 16 * n + 16 : -1);
  if (!points) return fail(NOT_FINITE);
  return { geometry: { type: 'MultiPoint', coordinates: points } };
}

function decodeParts(dv: DataView, s: number, length: number, hasZ: boolean, type: number, polygon: boolean): ShapeResult {
  if (length < 44) return tooShort(length, 44, type);
  const np = dv.getInt32(s + 36, true);
  const n = dv.getInt32(s + 40, true);
  if (np < 0 || n < 0) return fail('shp.negativeParts', { np, n });
  const pointsAt = 44 + 4 * np;
  const need = pointsAt + 16 * n + (hasZ ? 16 + 8 * n : 0);
  if (length < need) return tooShort(length, need, type, { key: 'shp.ofParts', values: { np, n } });
  if (n === 0) return { geometry: null };
  if (np === 0) return fail('shp.noParts', { n });
  const parts = new Array<number>(np);
  for (let j = 0; j < np; j++) {
    const p = dv.getInt32(s + 44 + 4 * j, true);
    if (p < 0 || p >= n || (j > 0 && p < parts[j - 1])) {
      return fail('shp.partStart', { j, p, last: n - 1 });
    }
    parts[j] = p;
  }
  const points = readPoints(dv, s + pointsAt, n, hasZ ? s + pointsAt + 16 * n + 16 : -1);
  if (!points) return fail(NOT_FINITE);
  if (!polygon) {
    return np === 1
      ? { geometry: { type: 'LineString', coordinates: points } }
      : { geometry: { type: 'MultiLineString', coordinates: parts.map((p, j) => points.slice(p, parts[j + 1])) } };
  }
  const rings = parts.map((p, j) => points.slice(p, parts[j + 1]));
  return { geometry: assemblePolygon(rings) };
}
