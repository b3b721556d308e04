/**
 * GDAL as the independent reader to compare ours with: what ogr2ogr reads of a file (as
 * GeoJSON), and a feature-by-feature comparison of a layer Frontera imported with it — same
 * count, the same attributes under the names each gives them, positions within a tolerance.
 */
import { execFileSync } from 'node:child_process';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import type { Backend } from '../../electron/backend/backend.ts';
import type { StoredFeature } from '../../electron/backend/store/workspace.ts';

export function ogr2ogr(args: string[]): void {
  execFileSync('ogr2ogr', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** The features GDAL reads from a file (one of its layers, or an OGR SQL query), as GeoJSON. */
export function gdalRead(file: string, layer?: string, args: string[] = []): Feature[] {
  const json = execFileSync('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', file, ...(layer ? [layer] : []), ...args], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return (JSON.parse(json) as FeatureCollection).features;
}

/** The features of a layer as stored, in source order. */
export function storedFeatures(backend: Backend, layer: string): StoredFeature[] {
  const info = backend.workspace.findLayer(layer);
  if (!info) throw new Error(`no layer ${layer}`);
  return [...backend.workspace.iterateFeatures(info.id)].sort((a, b) => a.sourceIndex - b.sourceIndex);
}

/** A Multi* of one part as that part: GDAL reads a GPX track of one segment as a MultiLineString. */
function unwrap(g: Geometry | null): Geometry | null {
  if (g && g.type.startsWith('Multi') && 'coordinates' in g && g.coordinates.length === 1) {
    return { type: g.type.slice(5), coordinates: g.coordinates[0] } as Geometry;
  }
  return g;
}

function positions(g: Geometry): Position[][] {
  switch (g.type) {
    case 'Point':
      return [[g.coordinates]];
    case 'MultiPoint':
    case 'LineString':
      return [g.coordinates];
    case 'MultiLineString':
    case 'Polygon':
      return g.coordinates;
    case 'MultiPolygon':
      return g.coordinates.flat();
    case 'GeometryCollection':
      return g.geometries.flatMap(positions);
  }
}

/** The largest difference in longitude or latitude between two geometries of the same shape; throws when their shapes differ. */
function maxPositionDifference(ours: Geometry | null, theirs: Geometry | null): number {
  const a = unwrap(ours);
  const b = unwrap(theirs);
  if (a === null || b === null) {
    if (a !== b) throw new Error(`geometry ${a?.type ?? 'null'} against ${b?.type ?? 'null'}`);
    return 0;
  }
  if (a.type !== b.type) throw new Error(`geometry ${a.type} against ${b.type}`);
  const pa = positions(a);
  const pb = positions(b);
  if (pa.length !== pb.length || pa.some((p, k) => p.length !== pb[k].length)) throw new Error(`${a.type}: parts or positions differ in number`);
  let max = 0;
  pa.forEach((part, k) => part.forEach((p, i) => (max = Math.max(max, Math.abs(p[0] - pb[k][i][0]), Math.abs(p[1] - pb[k][i][1])))));
  return max;
}

const empty = (v: unknown): boolean => v === null || v === undefined || v === '';
/** An object as the JSON text a format without nested values (KML, CSV) carries it as. */
const flat = (v: unknown): unknown => (typeof v === 'object' && v !== null ? JSON.stringify(v) : v);

/**
 * Differences between our features and GDAL's, as readable lines (none: the same). `rename`
 * maps GDAL's field names to ours (GDAL's "Name" is our "name"); GDAL fields left out of the
 * comparison are given in `ignore`; times compare as instants.
 */
export function compareWithGdal(
  ours: { geometry: Geometry | null; properties: Record<string, unknown> | null }[],
  theirs: Feature[],
  opts: { rename?: Record<string, string>; ignore?: string[]; times?: string[]; tolerance?: number } = {},
): string[] {
  const out: string[] = [];
  if (ours.length !== theirs.length) return [`${ours.length} features against GDAL's ${theirs.length}`];
  const tolerance = opts.tolerance ?? 1e-7;
  theirs.forEach((g, k) => {
    const f = ours[k];
    try {
      const d = maxPositionDifference(f.geometry, g.geometry);
      if (d > tolerance) out.push(`feature ${k + 1}: positions differ by ${d}`);
    } catch (e) {
      out.push(`feature ${k + 1}: ${(e as Error).message}`);
    }
    for (const [key, value] of Object.entries(g.properties ?? {})) {
      if (opts.ignore?.includes(key)) continue;
      const name = opts.rename?.[key] ?? key;
      const mine = f.properties?.[name];
      if (empty(value) && empty(mine)) continue;
      const same = opts.times?.includes(name) ? Date.parse(String(mine)) === Date.parse(String(value)) : flat(mine) === flat(value);
      if (!same) out.push(`feature ${k + 1}: ${name} = ${JSON.stringify(mine)}, GDAL ${key} = ${JSON.stringify(value)}`);
    }
  });
  return out;
}
