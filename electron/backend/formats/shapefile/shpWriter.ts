/**
 * A shapefile's geometry (.shp) and index (.shx) in the ESRI layout (ESRI Shapefile Technical
 * Description, 1998), in two passes like the .dbf: `ShapeSet.measure` sees every geometry first
 * (the shape type — Point or MultiPoint —, Z, the file's size and bounding box) and `logParts`
 * keeps its points, then `write` puts each record into a buffer of the exact size. Multi-geometries are multi-part shapes;
 * polygon rings are written in the shapefile's orientation (outer rings clockwise, holes
 * counter-clockwise, closed, of at least 4 positions); a feature without a geometry is a Null shape; Z is kept (PointZ,
 * PolyLineZ …, without measures, as GDAL writes 3D geometries).
 */
import type { Geometry, Position } from 'geojson';
import type { ByteLog } from './byteLog.ts';

export type ShapeKind = 'points' | 'lines' | 'polygons';

/** What a shapefile can hold: points, one part list, or a list of polygons' rings. */
export type Shape =
  | { kind: 'points'; multi: boolean; points: Position[] }
  | { kind: 'lines'; parts: Position[][] }
  | { kind: 'polygons'; polygons: Position[][][] };

const NULL = 0;
const TYPES = { point: 1, polyline: 3, polygon: 5, multipoint: 8 } as const;
const Z_OFFSET = 10; // PointZ = 11, PolyLineZ = 13, PolygonZ = 15, MultiPointZ = 18
const HEADER = 100;
const RECORD_HEADER = 8;

/**
 * The shape a GeoJSON geometry is written as: null for none or an empty one; a collection of
 * one kind as that kind's multi-part shape; `mixed` for a collection mixing kinds, which a
 * shapefile cannot hold.
 */
export function shapeOf(g: Geometry | null): Shape | null | 'mixed' {
  if (!g) return null;
  switch (g.type) {
    case 'Point':
      return g.coordinates.length >= 2 ? { kind: 'points', multi: false, points: [g.coordinates] } : null;
    case 'MultiPoint':
      return g.coordinates.length ? { kind: 'points', multi: true, points: g.coordinates } : null;
    case 'LineString':
      return g.coordinates.length ? { kind: 'lines', parts: [g.coordinates] } : null;
    case 'MultiLineString': {
      const parts = g.coordinates.filter((p) => p.length);
      return parts.length ? { kind: 'lines', parts } : null;
    }
    case 'Polygon':
      return g.coordinates.length && g.coordinates[0].length ? { kind: 'polygons', polygons: [g.coordinates] } : null;
    case 'MultiPolygon': {
      const polygons = g.coordinates.filter((p) => p.length && p[0].length);
      return polygons.length ? { kind: 'polygons', polygons } : null;
    }
    case 'GeometryCollection': {
      const members = g.geometries.map(shapeOf).filter((s) => s !== null);
      if (members.includes('mixed')) return 'mixed';
      const shapes = members as Shape[];
      if (!shapes.length) return null;
      if (shapes.some((s) => s.kind !== shapes[0].kind)) return 'mixed';
      if (shapes[0].kind === 'points') return { kind: 'points', multi: true, points: shapes.flatMap((s) => (s as Extract<Shape, { kind: 'points' }>).points) };
      if (shapes[0].kind === 'lines') return { kind: 'lines', parts: shapes.flatMap((s) => (s as Extract<Shape, { kind: 'lines' }>).parts) };
      return { kind: 'polygons', polygons: shapes.flatMap((s) => (s as Extract<Shape, { kind: 'polygons' }>).polygons) };
    }
  }
}

const closed = (ring: Position[]): boolean => {
  const a = ring[0];
  const b = ring[ring.length - 1];
  return a[0] === b[0] && a[1] === b[1];
};

/** Twice the signed area (shoelace, x right and y up): > 0 counter-clockwise. */
function signedArea2(ring: Position[]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
  return a;
}

/** The spec's least ring: "four or more points that form a closed … loop". */
const RING_POINTS = 4;

/**
 * The parts as written: the points as one part, lines as given; polygon rings closed, outer clockwise, holes
 * counter-clockwise, and a ring of fewer than 4 positions (the hull of a cluster at one place or
 * along one line) padded to 4 by repeating its last one, the same points.
 */
export function partsOf(s: Shape): Position[][] {
  if (s.kind === 'points') return [s.points];
  if (s.kind === 'lines') return s.parts;
  const parts: Position[][] = [];
  for (const polygon of s.polygons) {
    polygon.forEach((ring, r) => {
      if (!ring.length) return;
      const ccw = signedArea2(ring) > 0;
      const wanted = r === 0 ? !ccw : ccw; // outer clockwise, holes counter-clockwise
      let out = wanted ? ring : [...ring].reverse();
      if (!closed(out)) out = [...out, out[0]];
      if (out.length < RING_POINTS) out = [...out, ...Array<Position>(RING_POINTS - out.length).fill(out[out.length - 1])];
      parts.push(out);
    });
  }
  return parts;
}

/** Rings of fewer than 4 positions once closed. */
function shortRings(s: Extract<Shape, { kind: 'polygons' }>): number {
  let n = 0;
  for (const polygon of s.polygons) for (const ring of polygon) if (ring.length && ring.length + Number(!closed(ring)) < RING_POINTS) n++;
  return n;
}

type Box = [number, number, number, number, number, number]; // xmin, ymin, xmax, ymax, zmin, zmax

const emptyBox = (): Box => [Infinity, Infinity, -Infinity, -Infinity, Infinity, -Infinity];

function extend(box: Box, points: Iterable<Position>): void {
  for (const p of points) {
    if (p[0] < box[0]) box[0] = p[0];
    if (p[1] < box[1]) box[1] = p[1];
    if (p[0] > box[2]) box[2] = p[0];
    if (p[1] > box[3]) box[3] = p[1];
    const z = p[2] ?? 0;
    if (z < box[4]) box[4] = z;
    if (z > box[5]) box[5] = z;
  }
}

/** Keeps a record's parts (none: a Null shape) for pass 2, each point as x, y, z (0 when it has none). */
export function logParts(log: ByteLog, parts: Position[][]): void {
  log.u32(parts.length);
  for (const p of parts) log.u32(p.length);
  for (const p of parts) {
    for (const q of p) {
      log.f64(q[0]);
      log.f64(q[1]);
      log.f64(q[2] ?? 0);
    }
  }
}

/** The parts `logParts` kept, or null for a Null shape. */
export function readParts(log: ByteLog): Position[][] | null {
  const n = log.readU32();
  if (!n) return null;
  const lengths = Array.from({ length: n }, () => log.readU32());
  return lengths.map((length) => Array.from({ length }, () => [log.readF64(), log.readF64(), log.readF64()]));
}

/** One shapefile's geometries: measured (pass 1), then written (pass 2). */
export class ShapeSet {
  records = 0;
  /** Polygon rings padded to the 4 positions a ring needs. */
  padded = 0;
  private multi = false;
  private hasZ = false;
  private shapes = 0;
  private parts = 0;
  private points = 0;
  private readonly box = emptyBox();
  private shp = new Uint8Array(0);
  private shx = new Uint8Array(0);
  private shpView = new DataView(this.shp.buffer);
  private shxView = new DataView(this.shx.buffer);
  private at = HEADER;
  private written = 0;

  constructor(readonly kind: ShapeKind | null) {}

  /** Pass 1: a shape and its parts as written (partsOf), or null. */
  measure(s: Shape | null, parts: Position[][] = []): void {
    this.records++;
    if (!s) return;
    this.shapes++;
    if (s.kind === 'points' && s.multi) this.multi = true;
    if (s.kind === 'polygons') this.padded += shortRings(s);
    if (s.kind !== 'points') this.parts += parts.length;
    for (const p of parts) {
      this.points += p.length;
      extend(this.box, p);
      if (p.some((q) => q.length > 2)) this.hasZ = true;
    }
  }

  get shapeType(): number {
    const base =
      this.kind === 'points' ? (this.multi ? TYPES.multipoint : TYPES.point) : this.kind === 'lines' ? TYPES.polyline : this.kind === 'polygons' ? TYPES.polygon : NULL;
    return base && this.hasZ ? base + Z_OFFSET : base;
  }

  private get isPoint(): boolean {
    return this.shapeType % Z_OFFSET === TYPES.point;
  }

  /** Content bytes of a record (without its 8-byte header) of `parts` parts and `n` points. */
  private contentLength(parts: number, n: number): number {
    const z = this.hasZ;
    if (this.isPoint) return z ? 28 : 20;
    const xyz = 16 * n + (z ? 16 + 8 * n : 0);
    return this.kind === 'points' ? 40 + xyz : 44 + 4 * parts + xyz;
  }

  /** Starts pass 2: the buffers, sized from pass 1, with their headers. */
  begin(): void {
    const nulls = this.records - this.shapes;
    const shapeBytes = this.isPoint ? this.shapes * this.contentLength(0, 1) : this.shapes * this.contentLength(0, 0) + 4 * this.parts + (this.hasZ ? 24 : 16) * this.points;
    this.shp = new Uint8Array(HEADER + RECORD_HEADER * this.records + 4 * nulls + shapeBytes);
    this.shx = new Uint8Array(HEADER + RECORD_HEADER * this.records);
    this.shpView = new DataView(this.shp.buffer);
    this.shxView = new DataView(this.shx.buffer);
    const box = this.shapes ? this.box : [0, 0, 0, 0, 0, 0];
    for (const [dv, length] of [
      [this.shpView, this.shp.length],
      [this.shxView, this.shx.length],
    ] as const) {
      dv.setInt32(0, 9994, false); // file code
      dv.setInt32(24, length / 2, false); // in 16-bit words
      dv.setInt32(28, 1000, true); // version
      dv.setInt32(32, this.shapeType, true);
      for (let i = 0; i < 4; i++) dv.setFloat64(36 + 8 * i, box[i], true);
      if (this.hasZ) {
        dv.setFloat64(68, box[4], true);
        dv.setFloat64(76, box[5], true);
      }
    }
  }

  /** Pass 2: the next record, from its parts as measured (null: a Null shape). */
  write(parts: Position[][] | null): void {
    const n = parts ? parts.reduce((k, p) => k + p.length, 0) : 0;
    const length = parts ? this.contentLength(parts.length, n) : 4;
    const dv = this.shpView;
    const at = this.at;
    dv.setInt32(at, this.written + 1, false); // record numbers start at 1
    dv.setInt32(at + 4, length / 2, false); // in 16-bit words
    this.shxView.setInt32(HEADER + RECORD_HEADER * this.written, at / 2, false);
    this.shxView.setInt32(HEADER + RECORD_HEADER * this.written + 4, length / 2, false);
    const c = at + RECORD_HEADER;
    if (!parts) dv.setInt32(c, NULL, true);
    else if (this.isPoint) this.writePoint(c, parts[0][0]);
    else this.writeMany(c, parts, n);
    this.at = c + length;
    this.written++;
  }

  private writePoint(c: number, p: Position): void {
    const dv = this.shpView;
    dv.setInt32(c, this.shapeType, true);
    dv.setFloat64(c + 4, p[0], true);
    dv.setFloat64(c + 12, p[1], true);
    if (this.hasZ) dv.setFloat64(c + 20, p[2], true);
  }

  /** MultiPoint, PolyLine, Polygon (and their Z): box, [part count], point count, [part starts], points, [z range and values]. */
  private writeMany(c: number, parts: Position[][], n: number): void {
    const dv = this.shpView;
    const box = emptyBox();
    for (const p of parts) extend(box, p);
    dv.setInt32(c, this.shapeType, true);
    for (let i = 0; i < 4; i++) dv.setFloat64(c + 4 + 8 * i, box[i], true);
    let at = c + 36;
    const multiPart = this.kind !== 'points';
    if (multiPart) {
      dv.setInt32(at, parts.length, true);
      at += 4;
    }
    dv.setInt32(at, n, true);
    at += 4;
    if (multiPart) {
      let start = 0;
      for (const p of parts) {
        dv.setInt32(at, start, true);
        at += 4;
        start += p.length;
      }
    }
    for (const p of parts) {
      for (const q of p) {
        dv.setFloat64(at, q[0], true);
        dv.setFloat64(at + 8, q[1], true);
        at += 16;
      }
    }
    if (!this.hasZ) return;
    dv.setFloat64(at, box[4], true);
    dv.setFloat64(at + 8, box[5], true);
    at += 16;
    for (const p of parts) {
      for (const q of p) {
        dv.setFloat64(at, q[2], true);
        at += 8;
      }
    }
  }

  /** The .shp and .shx, once every record is written. */
  finish(): { shp: Uint8Array; shx: Uint8Array } {
    if (this.written !== this.records || this.at !== this.shp.length) {
      throw new Error(`shapefile writer: ${this.written} of ${this.records} records, ${this.at} of ${this.shp.length} bytes`);
    }
    return { shp: this.shp, shx: this.shx };
  }
}
