/**
 * Source coordinate reference systems and their reprojection to WGS84 lon/lat, with proj4.
 * A SourceCrs keeps a self-contained definition (a proj string or the WKT itself) rather than a
 * code, so a CRS stored in a workspace still transforms in another process without a registry.
 *
 * Datums that PROJ shifts with grid files (which Frontera, offline, does not have) never pass
 * silently unshifted: NAD27 goes through EPSG's Helmert transformations by area (nad27.ts), the
 * EPSG codes of other such datums carry a Helmert from the table (scripts/gen-epsg-table.ts), and
 * any other definition that still needs a grid is refused with the reason.
 */
import proj4 from 'proj4';
import type { Geometry, Position } from 'geojson';
import { UserError } from '../errors.ts';
import { fileProblem, said, sayIn, type ImportKey, type ImportValue, type Said } from '../import/problems.ts';
import type { Language } from '../i18n/languages.ts';
import type { SourceCrs } from '../import/types.ts';
import { EPSG_SOURCE, epsgEntry } from './epsg.ts';
import { nad27Transformation, type Nad27Transformation } from './nad27.ts';

export type CoordTransform = (x: number, y: number) => [number, number];

const WGS84_DEF = '+proj=longlat +datum=WGS84 +no_defs';

/** A CRS Frontera cannot use, in the import catalogue's words (crs.*): said in the analyst's language. */
export class CrsError extends UserError {
  constructor(readonly said: Said) {
    super(said.text);
    this.name = 'CrsError';
  }

  textIn(language: Language): string {
    return sayIn(this.said.words, language);
  }
}

const crsError = (key: ImportKey, values: Record<string, ImportValue>): CrsError => new CrsError(said(key, values));
const HELP = said('crs.help').words;

/** Why the offline EPSG table refuses a code (its English, scripts/gen-epsg-table.ts), as the catalogue's words. */
const WHY: [RegExp, (m: RegExpExecArray) => Said][] = [
  [/^has no proj definition/, () => said('crs.why.noDefinition')],
  [/^needs the grid shift file (\S+), which/, (m) => said('crs.why.gridOnly', { grid: m[1] })],
  [/^cannot be computed by Frontera's projection library/, () => said('crs.why.outsideLibrary')],
  [/^is a geocentric CRS/, () => said('crs.why.geocentric')],
  [/^is a vertical CRS/, () => said('crs.why.vertical')],
  [/^is an engineering CRS/, () => said('crs.why.engineering')],
  [/^uses the projection "([^"]*)"/, (m) => said('crs.why.projection', { projection: m[1] })],
];

function whyRefused(refusal: string): ImportValue {
  for (const [re, words] of WHY) {
    const m = re.exec(refusal);
    if (m) return words(m).words;
  }
  return refusal;
}

function fromCode(code: number, original: string, authority = 'EPSG'): SourceCrs {
  const entry = epsgEntry(code);
  if (!entry) throw crsError('crs.notInRegistry', { code: `${authority}:${code}`, original, source: EPSG_SOURCE });
  if (entry.proj === null) throw crsError('crs.refused', { code: `${authority}:${code}`, name: entry.name, why: whyRefused(entry.refusal ?? '') });
  return { definition: entry.proj, label: `${authority}:${code}` };
}

/** proj4 throws plain errors (or undefined) on definitions it cannot read; this answers yes/no. */
interface ParsedProj {
  projName?: string;
  forward?: unknown;
  /** 'nad27' for +datum=NAD27, the WKT datum name lower-cased otherwise. */
  datumCode?: string;
  /** Grid shift files named by +nadgrids (an @ marks an optional one). */
  nadgrids?: string;
  /** proj4's datum types: 1 and 2 carry +towgs84 parameters, 4 is WGS 84, 5 none known. */
  datum?: { datum_type?: number };
}

function tryProj(def: string): ParsedProj | null {
  let p: ParsedProj;
  try {
    p = new proj4.Proj(def) as unknown as ParsedProj;
  } catch {
    return null;
  }
  if (!p || typeof p.forward !== 'function' || !p.projName) return null;
  // GDAL writes a proj string's +nadgrids into an ESRI .prj as EXTENSION["PROJ4_GRIDS", …],
  // which proj4 does not read: without this the datum shift would be skipped unsaid.
  const grids = /EXTENSION\s*\[\s*"PROJ4_GRIDS"\s*,\s*"([^"]+)"/i.exec(def)?.[1];
  if (grids && !p.nadgrids) p.nadgrids = grids;
  return p;
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
    usable(text, `"${text}"`, said('crs.projUnreadable', { text, help: HELP }));
    const proj = /\+proj=(\S+)/.exec(text)?.[1] ?? 'proj';
    return { definition: text, label: isWgs84({ definition: text, label: '' }) ? 'WGS 84' : `+proj=${proj} (proj string)` };
  }
  if (WKT_START.test(text)) {
    const label = wktLabel(text, 'from WKT');
    usable(text, label, said('crs.wktUnreadable', { text: text.slice(0, 60), help: HELP }));
    return { definition: text, label };
  }
  throw crsError('crs.unknown', { input, help: HELP });
}

/** The CRS a shapefile's .prj declares (ESRI or OGC WKT). Unreadable → ImportError naming the .prj. */
export function crsFromPrj(text: string, fileName: string): SourceCrs {
  const wkt = text.replace(/^\uFEFF/, '').trim();
  if (!wkt) throw fileProblem(fileName, said('crs.prjEmpty'));
  const p = WKT_START.test(wkt) ? tryProj(wkt) : null;
  if (!p) {
    const shown = wkt.length > 60 ? `${wkt.slice(0, 60)}…` : wkt;
    throw fileProblem(fileName, said('crs.prjUnreadable', { shown: shown.replace(/[\u0000-\u001f]/g, '?') }));
  }
  const label = wktLabel(wkt, 'from .prj');
  const grid = missingGrid(p, label);
  if (grid) throw fileProblem(fileName, grid);
  return { definition: wkt, label };
}

/**
 * How a parsed definition's datum reaches WGS 84 when proj4 alone would not: 'nad27' (NAD27 with
 * no +towgs84: EPSG's Helmert by area), the grid files it needs (refused: proj4 would turn every
 * point into NaN, or with optional @grids skip the shift unsaid), or null (proj4 does it).
 */
function gridShift(p: ParsedProj): 'nad27' | string | null {
  const type = p.datum?.datum_type;
  if (type === 1 || type === 2 || type === 4) return null;
  const code = (p.datumCode ?? '').replace(/^d_/, '');
  const grids = p.nadgrids && p.nadgrids !== '@null' ? p.nadgrids : null;
  if (code === 'nad27' || /^north_american(_datum)?_1927$/.test(code)) return 'nad27';
  if (grids && grids.split(',').every((g) => NAD27_GRIDS.has(g.replace(/^@/, '').toLowerCase()))) return 'nad27';
  return grids;
}

/** The NADCON and NTv2 grids that shift NAD27 in PROJ (as proj strings name them). */
const NAD27_GRIDS = new Set(['conus', 'alaska', 'ntv2_0.gsb', 'ntv1_can.dat', 'nadcon5_nad27_nad83_1986_conus.tif', 'us_noaa_conus.tif', 'ca_nrc_ntv2_0.tif']);

/** Why a definition cannot be used: its datum needs a grid shift file Frontera does not carry. */
function missingGrid(p: ParsedProj, label: string): Said | null {
  const shift = gridShift(p);
  if (shift === null || shift === 'nad27') return null;
  return said('crs.gridFile', { label, grid: shift.replace(/@/g, '') });
}

/** The parsed definition, or a CrsError: unreadable, or needing a grid shift file. */
function usable(definition: string, label: string, unreadable: Said): ParsedProj {
  const p = tryProj(definition);
  if (!p) throw new CrsError(unreadable);
  const grid = missingGrid(p, label);
  if (grid) throw new CrsError(grid);
  return p;
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
  if (p && p.projName === 'longlat' && gridShift(p) === null) {
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
  const label = crs.label;
  const p = usable(crs.definition, label, said('crs.unreadable', { label, help: HELP }));
  const refuse = (x: number, y: number, nad27At?: [number, number]): never => {
    const at = { x: String(x), y: String(y), label };
    throw nad27At ? crsError('crs.outsideNad27', { ...at, lon: nad27At[0].toFixed(5), lat: nad27At[1].toFixed(5) }) : crsError('crs.cannotTransform', at);
  };
  /** conv applied to (a, b); a non-finite result or a proj4 error refuses the source point (x, y). */
  const apply = (conv: proj4.Converter, a: number, b: number, x: number, y: number): [number, number] => {
    let out: number[] | null = null;
    try {
      out = conv.forward([a, b]);
    } catch {
      out = null;
    }
    if (!out || !Number.isFinite(out[0]) || !Number.isFinite(out[1])) return refuse(x, y);
    return [out[0], out[1]];
  };
  if (gridShift(p) !== 'nad27') {
    const conv = proj4(crs.definition, WGS84_DEF);
    return (x, y) => apply(conv, x, y, x, y);
  }
  // NAD27: to NAD27 longitude/latitude (no datum change), then the Helmert of the point's area.
  // proj4 would try (and fail) a +nadgrids shift even towards no datum: the grids are dropped.
  const toNad27 = proj4(p.nadgrids ? withoutGrids(crs.definition) : crs.definition, NAD27_LONLAT);
  const shifts = new Map<Nad27Transformation, proj4.Converter>();
  return (x, y) => {
    const [lon, lat] = apply(toNad27, x, y, x, y);
    const t = nad27Transformation(lon, lat);
    if (!t) {
      return refuse(x, y, [lon, lat]);
    }
    let shift = shifts.get(t);
    if (!shift) {
      shift = proj4(`+proj=longlat +ellps=clrk66 +towgs84=${t.towgs84} +no_defs`, WGS84_DEF);
      shifts.set(t, shift);
    }
    return apply(shift, lon, lat, x, y);
  };
}

/** NAD27 geographic without a datum: proj4 then changes neither datum nor ellipsoid. */
const NAD27_LONLAT = '+proj=longlat +ellps=clrk66 +no_defs';

/** A proj string's projection without its +nadgrids (on Clarke 1866 when it names no ellipsoid). */
function withoutGrids(def: string): string {
  const rest = def.replace(/\s*\+nadgrids=\S+/g, '');
  return /\+(ellps|a|datum)=/.test(rest) ? rest : `${rest} +ellps=clrk66`;
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
