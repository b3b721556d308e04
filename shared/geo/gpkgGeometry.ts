/**
 * GeoPackage geometry blobs (OGC 12-128r18, 2.1.3 "GeoPackageBinary"): the magic "GP", a version
 * byte, a flags byte (bit 0 byte order of the header, bits 1–3 the envelope kind, bit 4 empty,
 * bit 5 extended), the srs_id, an optional envelope, then the geometry as WKB (wkb.ts).
 */
import type { Geometry, Position } from 'geojson';
import { WkbError, hasZ, readWkb, wkbSize, writeWkb } from './wkb.ts';

/** Envelope bytes by kind: none, xy, xyz, xym, xyzm. */
const ENVELOPE_BYTES = [0, 32, 48, 48, 64];

/** A blob that is not a GeoPackage geometry; the message says what is wrong and where. */
class GpkgGeometryError extends WkbError {}

const hex = (b: number | undefined): string => (b === undefined ? 'nothing' : `0x${b.toString(16).padStart(2, '0')}`);

/** The blob's geometry as GeoJSON (its CRS's coordinates, M dropped); null for an empty one. */
export function decodeGpkgGeometry(blob: Uint8Array): Geometry | null {
  if (blob.length < 8) throw new GpkgGeometryError(`only ${blob.length} bytes, where the header alone takes 8`);
  if (blob[0] !== 0x47 || blob[1] !== 0x50) {
    throw new GpkgGeometryError(`starts with ${hex(blob[0])} ${hex(blob[1])}, not "GP": not a GeoPackage geometry`);
  }
  if (blob[2] !== 0) throw new GpkgGeometryError(`version byte ${blob[2]} (GeoPackage 1.x writes 0)`);
  const flags = blob[3];
  if (flags & 0x20) throw new GpkgGeometryError('an extended geometry (flags bit 5): only the standard types are read');
  const kind = (flags >> 1) & 7;
  if (kind >= ENVELOPE_BYTES.length) throw new GpkgGeometryError(`envelope kind ${kind} in the flags (0–4 are defined)`);
  const start = 8 + ENVELOPE_BYTES[kind];
  if (blob.length < start) throw new GpkgGeometryError(`only ${blob.length} bytes, where the header and its envelope take ${start}`);
  if (flags & 0x10) return null;
  return readWkb(blob, start).geometry;
}

/** An encoded blob and its extent (for the R-tree and gpkg_contents). */
export interface EncodedGeometry {
  blob: Uint8Array;
  /** Whether it was written with z (every position has one). */
  z: boolean;
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

function extent(g: Geometry): [number, number, number, number, number, number] {
  const e: [number, number, number, number, number, number] = [Infinity, -Infinity, Infinity, -Infinity, Infinity, -Infinity];
  const add = (p: Position): void => {
    if (p[0] < e[0]) e[0] = p[0];
    if (p[0] > e[1]) e[1] = p[0];
    if (p[1] < e[2]) e[2] = p[1];
    if (p[1] > e[3]) e[3] = p[1];
    if (p.length > 2) {
      if (p[2] < e[4]) e[4] = p[2];
      if (p[2] > e[5]) e[5] = p[2];
    }
  };
  const visit = (x: Geometry): void => {
    switch (x.type) {
      case 'Point':
        add(x.coordinates);
        break;
      case 'MultiPoint':
      case 'LineString':
        x.coordinates.forEach(add);
        break;
      case 'MultiLineString':
      case 'Polygon':
        for (const l of x.coordinates) l.forEach(add);
        break;
      case 'MultiPolygon':
        for (const p of x.coordinates) for (const l of p) l.forEach(add);
        break;
      case 'GeometryCollection':
        x.geometries.forEach(visit);
    }
  };
  visit(g);
  return e;
}

/**
 * `g` as a little-endian GeoPackage blob of `srsId`. Every geometry but a point carries its
 * envelope (xy, or xyz when it has z) so readers and the R-tree need not walk its coordinates; a
 * point's envelope would only repeat it, and GDAL leaves it out too. A geometry without any
 * position gets the empty flag.
 */
export function encodeGpkgGeometry(g: Geometry, srsId: number): EncodedGeometry {
  const z = hasZ(g);
  const e = extent(g);
  const empty = !(e[0] <= e[1]);
  const kind = g.type === 'Point' || empty ? 0 : z ? 2 : 1;
  const start = 8 + ENVELOPE_BYTES[kind];
  const blob = new Uint8Array(start + wkbSize(g, z));
  const dv = new DataView(blob.buffer);
  blob[0] = 0x47;
  blob[1] = 0x50;
  blob[3] = 1 | (kind << 1) | (empty ? 0x10 : 0);
  dv.setInt32(4, srsId, true);
  if (kind > 0) {
    for (let k = 0; k < (kind === 2 ? 6 : 4); k++) dv.setFloat64(8 + 8 * k, e[k], true);
  }
  writeWkb(g, z, blob, start);
  return { blob, z, minX: e[0], maxX: e[1], minY: e[2], maxY: e[3] };
}
