/**
 * Source coordinate reference systems and their reprojection to WGS84 lon/lat, with proj4.
 * A SourceCrs keeps a self-contained definition (a proj string or the WKT itself) rather than a
 * code, so a CRS stored in a workspace still transforms in another process without a registry.
 */
import proj4 from 'proj4';
import type { Geometry, Position } from 'geojson';
import { UserError } from '../errors.ts';
import { fileProblem } from '../import/problems.ts';
import type { SourceCrs } from '../import/types.ts';
import { epsgEntry } from './epsg.ts';

export type CoordTransform = (x: number, y: number) => [number, number];

const WGS84_DEF = '+proj=longlat +datum=WGS84 +no_defs';

const HELP = 'give an EPSG code (e.g. EPSG:32611), a proj string (+proj=…) or the WKT text of a .prj file';

function fromCode(code: number, original: string, authority = 'EPSG'): SourceCrs {
  const entry = epsgEntry(code);
  if (!entry) {
    throw new UserError(
      `EPSG:${code} (from "${original}") is not in Frontera's offline CRS table: give the layer's .prj file, its WKT, or a proj string (+proj=…) instead`,
    );
  }
  return { definition: entry.proj, label: `${authority}:${code}` };
}

/** proj4 throws plain errors (or undefined) on definitions it cannot read; this answers yes/no. */
interface ParsedProj {
  projName?: string;
  forward?: unknown;
}

function tryProj(def: string): ParsedProj | null {
  try {
    const p = new proj4.Proj(def) as unknown as ParsedProj;
    return p && typeof p.forward === 'function' && p.projName ? p : null;
  } catch {
    return null;
  }
}

const WKT_START = /^\s*(PROJCS|GEOGCS|GEOCCS|COMPD_CS|PROJCRS|GEOGCRS|GEODCRS|PROJECTEDCRS|GEODETICCRS|COMPOUNDCRS|BOUNDCRS)\s*\[/i;

/** The first quoted name of a WKT (PROJCS["name",…]) and its PROJECTION, for labels. */
function wktNames(wkt: string): { name: string | null; projection: string | null } {
  const name = /^\s*\w+\s*\[\s*"([^"]*)"/.exec(wkt)?.[1] ?? null;
  const projection = /PROJECTION\s*\[\s*"([^"]*)"/i.exec(wkt)?.[1] ?? /METHOD\s*\[\s*"([^"]*)"/i.exec(wkt)?.[1] ?? null;
  return { name, projection };
}

function wktLabel(wkt: string, suffix: string): string {
  if (isWgs84({ definition: wkt, label: '' })) return 'WGS 84';
  const { name, projection } = wktNames(wkt);
  const meaningful = name && !/^(unknown|unnamed|custom)/i.test(name.trim()) ? name.trim() : null;
  return `${meaningful ?? projection ?? 'Geographic'} (${suffix})`;
}

/**
 * A CRS given by the user: 'EPSG:4326', '32611', 'urn:ogc:def:crs:EPSG::6372', 'CRS84',
 * WKT (OGC or ESRI) or a proj string. Unknown → UserError.
 */
export function resolveCrs(input: string): SourceCrs {
  const text = input.trim();
  if (/^(OGC:)?CRS:?84$/i.test(text) || /^urn:ogc:def:crs:OGC:[\d.]*:CRS84$/i.test(text)) return fromCode(4326, input);
  const esri = /^ESRI\s*:{1,2}\s*(\d+)$/i.exec(text);
  if (esri) return fromCode(Number(esri[1]), input, 'ESRI');
  const code =
    /^EPSG\s*:{1,2}\s*(\d+)$/i.exec(text) ??
    /^(\d+)$/.exec(text) ??
    /^urn:ogc:def:crs:EPSG:[\d.]*:(\d+)$/i.exec(text) ??
    /^https?:\/\/www\.opengis\.net\/def\/crs\/EPSG\/[\d.]+\/(\d+)$/i.exec(text);
  if (code) return fromCode(Number(code[1]), input);
  if (text.startsWith('+') || /(^|\s)\+proj=/.test(text)) {
    if (!tryProj(text)) throw new UserError(`Cannot read the proj string "${text}": ${HELP}`);
    const proj = /\+proj=(\S+)/.exec(text)?.[1] ?? 'proj';
    return { definition: text, label: isWgs84({ definition: text, label: '' }) ? 'WGS 84' : `+proj=${proj} (proj string)` };
  }
  if (WKT_START.test(text)) {
    if (!tryProj(text)) throw new UserError(`Cannot read the WKT CRS "${text.slice(0, 60)}…": ${HELP}`);
    return { definition: text, label: wktLabel(text, 'from WKT') };
  }
  throw new UserError(`Unknown CRS "${input}": ${HELP}`);
}

/** The CRS a shapefile's .prj declares (ESRI or OGC WKT). Unreadable → ImportError naming the .prj. */
export function crsFromPrj(text: string, fileName: string): SourceCrs {
  const wkt = text.replace(/^\uFEFF/, '').trim();
  if (!wkt) throw fileProblem(fileName, 'the .prj file is empty: delete it or give the CRS with --crs');
  if (!WKT_START.test(wkt) || !tryProj(wkt)) {
    const shown = wkt.length > 60 ? `${wkt.slice(0, 60)}…` : wkt;
    throw fileProblem(
      fileName,
      `cannot read the CRS in the .prj ("${shown.replace(/[\u0000-\u001f]/g, '?')}"): expected ESRI or OGC WKT (PROJCS[…] or GEOGCS[…]); fix the file or give the CRS with --crs`,
    );
  }
  return { definition: wkt, label: wktLabel(wkt, 'from .prj') };
}

const wgs84Memo = new Map<string, boolean>();

// Probe points spread over the world: a CRS is WGS84 lon/lat iff the transform leaves them alone.
const PROBES: [number, number][] = [
  [-114.7717, 32.4561],
  [0, 0],
  [120, -45],
  [-170, 70],
];

/** True when coordinates in this CRS are already WGS84 longitude/latitude in degrees (NAD83, ITRF count). */
export function isWgs84(crs: SourceCrs): boolean {
  const memo = wgs84Memo.get(crs.definition);
  if (memo !== undefined) return memo;
  let result = false;
  const p = tryProj(crs.definition);
  if (p && p.projName === 'longlat') {
    try {
      const conv = proj4(crs.definition, WGS84_DEF);
      result = PROBES.every(([x, y]) => {
        const [lx, ly] = conv.forward([x, y]);
        return Math.abs(lx - x) < 1e-9 && Math.abs(ly - y) < 1e-9;
      });
    } catch {
      result = false;
    }
  }
  wgs84Memo.set(crs.definition, result);
  return result;
}

/** A function from source x/y to WGS84 lon/lat; null when the source already is WGS84 lon/lat. */
export function createTransformer(crs: SourceCrs): CoordTransform | null {
  if (isWgs84(crs)) return null;
  if (!tryProj(crs.definition)) throw new UserError(`Cannot read the CRS ${crs.label}: ${HELP}`);
  const conv = proj4(crs.definition, WGS84_DEF);
  const label = crs.label;
  return (x: number, y: number): [number, number] => {
    let out: number[] | null = null;
    try {
      out = conv.forward([x, y]);
    } catch {
      out = null;
    }
    if (!out || !Number.isFinite(out[0]) || !Number.isFinite(out[1])) {
      throw new UserError(`coordinate (${x}, ${y}) cannot be transformed from ${label} to WGS84 lon/lat`);
    }
    return [out[0], out[1]];
  };
}

function mapPositions(p: Position, fn: CoordTransform): Position {
  const [x, y] = fn(p[0], p[1]);
  return p.length > 2 ? [x, y, ...p.slice(2)] : [x, y];
}

/** A new geometry with every position passed through fn; the input is untouched, Z (and beyond) kept. */
export function transformGeometry(g: Geometry, fn: CoordTransform): Geometry {
  switch (g.type) {
    case 'Point':
      return { type: 'Point', coordinates: mapPositions(g.coordinates, fn) };
    case 'MultiPoint':
      return { type: 'MultiPoint', coordinates: g.coordinates.map((p) => mapPositions(p, fn)) };
    case 'LineString':
      return { type: 'LineString', coordinates: g.coordinates.map((p) => mapPositions(p, fn)) };
    case 'MultiLineString':
      return { type: 'MultiLineString', coordinates: g.coordinates.map((l) => l.map((p) => mapPositions(p, fn))) };
    case 'Polygon':
      return { type: 'Polygon', coordinates: g.coordinates.map((r) => r.map((p) => mapPositions(p, fn))) };
    case 'MultiPolygon':
      return {
        type: 'MultiPolygon',
        coordinates: g.coordinates.map((poly) => poly.map((r) => r.map((p) => mapPositions(p, fn)))),
      };
    case 'GeometryCollection':
      return { type: 'GeometryCollection', geometries: g.geometries.map((c) => transformGeometry(c, fn)) };
  }
}

/** True when a bbox can be WGS84 lon/lat: finite, lon within ±180, lat within ±90. */
export function fitsLonLat(bbox: [number, number, number, number]): boolean {
  const [minX, minY, maxX, maxY] = bbox;
  const eps = 1e-9;
  return (
    bbox.every(Number.isFinite) &&
    minX >= -180 - eps &&
    maxX <= 180 + eps &&
    minY >= -90 - eps &&
    maxY <= 90 + eps &&
    minX <= maxX &&
    minY <= maxY
  );
}
