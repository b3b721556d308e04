/**
 * Z values. No fixture carries Z, so the test writes PolyLineZ / PointZ / PolygonZ files from the
 * real Natural Earth and INEGI coordinates with a seeded elevation per vertex (a minimal writer
 * of the ESRI layout below), keeps their real .dbf, and checks x/y against the 2D read and z
 * against what was written. The `shapefile` library reads the same bytes without Z.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as shapefileLib from 'shapefile';
import type { Geometry, Position } from 'geojson';
import { parseShapefile } from '../../../shared/import/shapefile/index.ts';
import type { RawRecord } from '../../../shared/model/feature.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const fixtures = path.resolve(repoRoot, '..', 'shared', 'fixtures');

function load(rel: string) {
  const b = (e: string) => new Uint8Array(readFileSync(path.join(fixtures, `${rel}.${e}`)));
  return { shp: b('shp'), shx: b('shx'), dbf: b('dbf') };
}

function read(parts: { shp: Uint8Array; shx: Uint8Array; dbf: Uint8Array }): RawRecord[] {
  const out: RawRecord[] = [];
  parseShapefile({ ...parts, prj: null, cpg: null, names: { shp: 'z.shp' } }, { fileName: 'z.shp', encoding: 'utf-8' }, {
    onRecord: (r) => out.push(r),
    onProblem: (p) => {
      throw new Error(p.reason);
    },
  });
  return out;
}

/** Seeded pseudo-elevation (mulberry32), so z values differ per vertex and per run of the seed. */
function elevations(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.round((((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2000 * 100) / 100;
  };
}

/** Records as lists of parts (a point is one part of one vertex), each vertex [x, y, z]. */
function writeZ(type: 11 | 13 | 15, records: Position[][][]): { shp: Uint8Array; shx: Uint8Array } {
  const contents = records.map((parts) => {
    const pts = parts.flat();
    if (pts.length === 0) {
      // The clipped rivers keep Natural Earth's NULL shape: written back as a Null record.
      const b = new DataView(new ArrayBuffer(4));
      b.setInt32(0, 0, true);
      return b;
    }
    if (type === 11) {
      const b = new DataView(new ArrayBuffer(36));
      b.setInt32(0, 11, true);
      b.setFloat64(4, pts[0][0], true);
      b.setFloat64(12, pts[0][1], true);
      b.setFloat64(20, pts[0][2], true);
      return b;
    }
    const np = parts.length;
    const n = pts.length;
    const pointsAt = 44 + 4 * np;
    const zAt = pointsAt + 16 * n + 16;
    const b = new DataView(new ArrayBuffer(zAt + 8 * n));
    b.setInt32(0, type, true);
    const xs = pts.map((p) => p[0]);
    const ys = pts.map((p) => p[1]);
    const zs = pts.map((p) => p[2]);
    [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].forEach((v, k) => b.setFloat64(4 + 8 * k, v, true));
    b.setInt32(36, np, true);
    b.setInt32(40, n, true);
    let start = 0;
    parts.forEach((part, j) => {
      b.setInt32(44 + 4 * j, start, true);
      start += part.length;
    });
    pts.forEach((p, j) => {
      b.setFloat64(pointsAt + 16 * j, p[0], true);
      b.setFloat64(pointsAt + 16 * j + 8, p[1], true);
      b.setFloat64(zAt + 8 * j, p[2], true);
    });
    b.setFloat64(pointsAt + 16 * n, Math.min(...zs), true);
    b.setFloat64(pointsAt + 16 * n + 8, Math.max(...zs), true);
    return b;
  });
  const total = 100 + contents.reduce((s, c) => s + 8 + c.byteLength, 0);
  const shp = new Uint8Array(total);
  const shx = new Uint8Array(100 + 8 * records.length);
  const sv = new DataView(shp.buffer);
  const xv = new DataView(shx.buffer);
  for (const [v, len] of [
    [sv, total],
    [xv, shx.length],
  ] as const) {
    v.setInt32(0, 9994, false);
    v.setInt32(24, len / 2, false);
    v.setInt32(28, 1000, true);
    v.setInt32(32, type, true);
  }
  let at = 100;
  contents.forEach((c, i) => {
    sv.setInt32(at, i + 1, false);
    sv.setInt32(at + 4, c.byteLength / 2, false);
    xv.setInt32(100 + 8 * i, at / 2, false);
    xv.setInt32(104 + 8 * i, c.byteLength / 2, false);
    shp.set(new Uint8Array(c.buffer), at + 8);
    at += 8 + c.byteLength;
  });
  return { shp, shx };
}

function partsOf(g: Geometry | null): Position[][] {
  if (!g) return [];
  switch (g.type) {
    case 'Point':
      return [[g.coordinates]];
    case 'LineString':
      return [g.coordinates];
    case 'MultiLineString':
    case 'Polygon':
      return g.coordinates;
    case 'MultiPolygon':
      return g.coordinates.flat();
    default:
      throw new Error(g.type);
  }
}

function withZ(records: RawRecord[], seed: number): Position[][][] {
  const z = elevations(seed);
  return records.map((r) => partsOf(r.geometry).map((part) => part.map((p) => [p[0], p[1], z()])));
}

describe('Z kept as the third coordinate, M dropped', () => {
  for (const [label, rel, type] of [
    ['PolyLineZ from the border-zone rivers', 'natural-earth/clipped/ne_10m_rivers_lake_centerlines_sonora_bc', 13],
    ['PointZ from the border-zone towns', 'natural-earth/clipped/ne_10m_populated_places_sonora_bc', 11],
    ['PolygonZ from the INEGI municipalities', 'inegi-mun-lcc/sonora_bc/mun_02_26', 15],
  ] as const) {
    it(label, async () => {
      const real = load(rel);
      const flat = read(real);
      const zRecords = withZ(flat, 7 + type);
      const written = writeZ(type, zRecords);
      const got = read({ ...written, dbf: real.dbf });
      expect(got).toHaveLength(flat.length);
      got.forEach((rec, i) => {
        expect(rec.properties).toEqual(flat[i].properties);
        expect(rec.geometry?.type).toBe(flat[i].geometry?.type);
        const gotParts = partsOf(rec.geometry);
        expect(gotParts.map((p) => p.map((q) => [q[0], q[1]]))).toEqual(partsOf(flat[i].geometry));
        expect(gotParts.flat().map((q) => q[2])).toEqual(zRecords[i].flat().map((q) => q[2]));
      });
      // The peer library drops Z on the same bytes.
      const lib = await shapefileLib.read(written.shp, real.dbf, { encoding: 'utf-8' });
      expect(partsOf(lib.features.find((f) => f.geometry)!.geometry)[0][0]).toHaveLength(2);
    });
  }
});
