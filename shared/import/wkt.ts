/**
 * Geometry from WKT text (a CSV's or a sheet's WKT column): POINT … MULTIPOLYGON and
 * GEOMETRYCOLLECTION, EWKT's SRID= prefix, Z kept and M dropped.
 */
import type { Geometry } from 'geojson';
import { said, type ImportKey, type ImportValue, type Said } from './problems.ts';

const WKT_DIMS: Record<string, number> = {
  POINT: 0, MULTIPOINT: 1, LINESTRING: 1, MULTILINESTRING: 2, POLYGON: 2, MULTIPOLYGON: 3,
};
const WKT_TYPES: Record<string, Geometry['type']> = {
  POINT: 'Point', MULTIPOINT: 'MultiPoint', LINESTRING: 'LineString', MULTILINESTRING: 'MultiLineString',
  POLYGON: 'Polygon', MULTIPOLYGON: 'MultiPolygon',
};

/** Geometry from WKT or EWKT (POINT … MULTIPOLYGON, GEOMETRYCOLLECTION, Z/M ignored), or the reason it is none. */
export function parseWkt(text: string): Geometry | Said {
  const src = text.replace(/^\s*SRID=\d+\s*;/i, '');
  const r = new WktReader(src);
  try {
    const g = r.geometry(0);
    r.skipSpace();
    if (r.pos < src.length) return r.error('wkt.trailing');
    if (g === null) return said('wkt.empty');
    return g;
  } catch (e) {
    if (e instanceof WktError) return e.said;
    throw e;
  }
}

/** Thrown inside the reader, caught by parseWkt: the reason a WKT value is no geometry. */
class WktError extends Error {
  constructor(readonly said: Said) {
    super(said.text);
  }
}

class WktReader {
  pos = 0;
  /** 'M' geometries: the third value is a measure, not a height. */
  measureOnly = false;
  constructor(private readonly s: string) {}

  error(key: ImportKey, values?: Record<string, ImportValue>): Said {
    const shown = this.s.length > 50 ? `${this.s.slice(0, 50)}…` : this.s;
    return said('wkt.invalid', { shown, at: this.pos + 1, reason: values ? { key, values } : { key } });
  }

  fail(key: ImportKey, values?: Record<string, ImportValue>): WktError {
    return new WktError(this.error(key, values));
  }

  skipSpace(): void {
    while (this.pos < this.s.length && /\s/.test(this.s[this.pos])) this.pos++;
  }

  word(): string {
    this.skipSpace();
    const m = /^[A-Za-z]+/.exec(this.s.slice(this.pos, this.pos + 24));
    if (!m) return '';
    this.pos += m[0].length;
    return m[0].toUpperCase();
  }

  expect(ch: string): void {
    this.skipSpace();
    if (this.s[this.pos] !== ch) throw this.fail('wkt.expected', { ch });
    this.pos++;
  }

  peek(): string {
    this.skipSpace();
    return this.s[this.pos] ?? '';
  }

  geometry(depth: number): Geometry | null {
    if (depth > 8) throw this.fail('wkt.tooDeep');
    let type = this.word();
    if (type === '') throw this.fail('wkt.noType');
    const save = this.pos;
    const dim = this.word();
    if (!['Z', 'M', 'ZM'].includes(dim)) this.pos = save;
    if (type.endsWith('ZM') && !(type in WKT_DIMS)) type = type.slice(0, -2);
    else if ((type.endsWith('Z') || type.endsWith('M')) && !(type in WKT_DIMS)) {
      if (type.endsWith('M')) this.measureOnly = true;
      type = type.slice(0, -1);
    }
    if (dim === 'M') this.measureOnly = true;
    const after = this.pos;
    if (this.word() === 'EMPTY') return null;
    this.pos = after;
    if (type === 'GEOMETRYCOLLECTION') {
      this.expect('(');
      const geometries: Geometry[] = [];
      for (;;) {
        const g = this.geometry(depth + 1);
        if (g) geometries.push(g);
        if (this.peek() === ',') {
          this.pos++;
          continue;
        }
        this.expect(')');
        return { type: 'GeometryCollection', geometries };
      }
    }
    const levels = WKT_DIMS[type];
    if (levels === undefined) throw this.fail('wkt.unknownType', { type });
    let coords: unknown;
    if (type === 'MULTIPOINT') {
      // Both MULTIPOINT ((1 2), (3 4)) and MULTIPOINT (1 2, 3 4) are in use.
      this.expect('(');
      const pts: number[][] = [];
      for (;;) {
        if (this.peek() === '(') {
          this.pos++;
          pts.push(this.position());
          this.expect(')');
        } else pts.push(this.position());
        if (this.peek() === ',') {
          this.pos++;
          continue;
        }
        this.expect(')');
        break;
      }
      coords = pts;
    } else {
      this.expect('(');
      coords = levels === 0 ? this.position() : this.list(levels - 1);
      this.expect(')');
    }
    return { type: WKT_TYPES[type], coordinates: coords } as Geometry;
  }

  /** A comma-separated list inside the current parentheses, each item `levels` deep. */
  list(levels: number): unknown[] {
    const out: unknown[] = [];
    for (;;) {
      if (levels === 0) out.push(this.position());
      else {
        this.expect('(');
        out.push(this.list(levels - 1));
        this.expect(')');
      }
      if (this.peek() === ',') {
        this.pos++;
        continue;
      }
      return out;
    }
  }

  position(): number[] {
    const p: number[] = [];
    for (;;) {
      this.skipSpace();
      const m = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(this.s.slice(this.pos, this.pos + 40));
      if (!m) break;
      p.push(Number(m[0]));
      this.pos += m[0].length;
    }
    if (p.length < 2) throw this.fail('wkt.pair');
    // Z is kept, M is not: GeoJSON positions carry x, y and optionally z.
    if (this.measureOnly) return p.slice(0, 2);
    return p.length > 3 ? p.slice(0, 3) : p;
  }
}
