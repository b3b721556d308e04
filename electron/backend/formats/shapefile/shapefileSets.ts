/**
 * A layer or a result as shapefiles: one per kind of geometry it holds (a shapefile has one
 * shape type), each with its .shp, .shx, .dbf, and the .prj and .cpg every Frontera shapefile
 * has; and the notes telling the user what the format changed (names cut to 10 characters, a
 * layer split, text cut to 254 bytes, rings padded to 4 positions).
 *
 * Our own writer rather than @mapbox/shp-write (0.4.3, with dbf 0.2.0), which
 *  - cuts field names to 10 characters without telling, so two long names can become one;
 *  - writes text one byte per character (Latin-1: "—" or "€" come out garbled) and no .cpg;
 *  - makes every text column 254 bytes and every number N(18,3), cutting longer numbers;
 *  - drops date, object and array properties (no D columns), and fails on a null geometry;
 *  - writes no MultiPoint and no Z, and names a mixed layer's files by shape type (POINT.shp).
 * The encoders are dbfWriter.ts and shpWriter.ts; GDAL reads every file back in the tests.
 */
import type { Geometry } from 'geojson';
import type { ExportItem, WriteContext } from '../types.ts';
import { UserError } from '../../../../shared/errors.ts';
// The coordinate system every feature is stored in, as ESRI writes it (what ArcGIS expects in a .prj).
import { WGS84_ESRI_WKT } from '../../../../shared/geo/utmWkt.ts';
import { ByteLog } from './byteLog.ts';
import { DbfSchemaBuilder, DbfTable } from './dbfWriter.ts';
import { ShapeSet, logParts, partsOf, readParts, shapeOf, type Shape, type ShapeKind } from './shpWriter.ts';


export interface ShapefileParts {
  /** '' for the layer's one file, else '_points', '_lines' or '_polygons'. */
  suffix: string;
  count: number;
  files: { ext: 'shp' | 'shx' | 'dbf' | 'prj' | 'cpg'; bytes: Uint8Array }[];
}

const KINDS: ShapeKind[] = ['points', 'lines', 'polygons'];

/** The shape type a layer of no geometry is written with (its declared type, else Null shapes). */
function declaredKind(item: ExportItem): ShapeKind | null {
  const t = item.geometryType.replace(/^Multi/, '');
  return t === 'Point' ? 'points' : t === 'LineString' ? 'lines' : t === 'Polygon' ? 'polygons' : null;
}

function plural(n: number, one: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : `${one}s`}`;
}

/**
 * The item's shapefiles (`fileStem`: the name they are written under, for the notes). The
 * features are read once, their rings and values kept in a compact log while the sizes and
 * column types are found, then written from the log into buffers of the exact size: reading a
 * layer from the workspace costs more than all the rest, and holding its features as objects
 * takes several times its files' bytes.
 */
export async function shapefileSets(item: ExportItem, ctx: WriteContext, fileStem: string): Promise<ShapefileParts[]> {
  const shapeAt = (g: Geometry | null, index: number): Shape | null => {
    const s = shapeOf(g);
    if (s === 'mixed') {
      throw new UserError(
        `feature ${index + 1} of "${item.name}" is a GeometryCollection mixing points, lines or polygons, which a shapefile cannot hold: export it as GeoJSON`,
      );
    }
    return s;
  };

  // Pass 1: the kinds present, each kind's sizes, every column's type and width; the rings and
  // values kept in a log, as the features are read once.
  const log = new ByteLog();
  const schema = new DbfSchemaBuilder(item.fields, log);
  const sets = new Map<ShapeKind, ShapeSet>();
  const kindOf: (ShapeKind | null)[] = [];
  let index = 0;
  for await (const f of item.features()) {
    const s = shapeAt(f.geometry, index);
    kindOf.push(s?.kind ?? null);
    const parts = s ? partsOf(s) : [];
    logParts(log, parts);
    if (s) {
      let set = sets.get(s.kind);
      if (!set) sets.set(s.kind, (set = new ShapeSet(s.kind)));
      set.measure(s, parts);
    }
    schema.add(f.properties);
    await ctx.step(++index);
  }
  const present = KINDS.filter((k) => sets.has(k));
  const written = present.length ? present.map((k) => sets.get(k)!) : [new ShapeSet(declaredKind(item))];
  // Features without a geometry go, as Null shapes, into the first file.
  const setOf = (k: ShapeKind | null): ShapeSet => (k ? sets.get(k)! : written[0]);
  const nulls = kindOf.filter((k) => k === null).length;
  for (let i = 0; i < nulls; i++) written[0].measure(null);

  // Pass 2: every record from the log into its set's buffers.
  const columns = schema.build();
  const now = new Date();
  const tables = new Map(written.map((set) => [set, new DbfTable(columns, set.records, now)]));
  for (const set of written) set.begin();
  for (const k of kindOf) {
    const set = setOf(k);
    set.write(readParts(log));
    tables.get(set)!.writeRow(log);
  }

  const renamed = columns.filter((c) => c.name !== c.property);
  if (renamed.length) {
    ctx.note(`field names cut to the 10 characters a shapefile allows: ${renamed.map((c) => `${c.property} → ${c.name}`).join(', ')}`);
  }
  const cut = schema.cut;
  columns.forEach((c, i) => cut[i] && ctx.note(`${plural(cut[i], 'value')} of ${c.property} cut to the 254 bytes a shapefile text field holds`));
  const padded = written.reduce((n, set) => n + set.padded, 0);
  if (padded) {
    ctx.note(`${plural(padded, 'polygon ring')} of fewer than 4 positions (a cluster at one place or along a line) padded to the 4 a shapefile ring needs, repeating the last`);
  }
  const split = present.length > 1;
  if (split) {
    ctx.note(
      `"${item.name}" mixes ${present.join(', ')}; a shapefile holds one geometry type, so it was written as ` +
        `${present.map((k) => `${fileStem}_${k}.shp (${plural(sets.get(k)!.records, 'feature')})`).join(', ')}` +
        (nulls ? `; ${plural(nulls, 'feature')} without a geometry went into ${fileStem}_${present[0]}.shp` : ''),
    );
  }

  const utf8 = new TextEncoder();
  return written.map((set) => {
    const { shp, shx } = set.finish();
    return {
      suffix: split ? `_${set.kind}` : '',
      count: set.records,
      files: [
        { ext: 'shp', bytes: shp },
        { ext: 'shx', bytes: shx },
        { ext: 'dbf', bytes: tables.get(set)!.finish() },
        { ext: 'prj', bytes: utf8.encode(WGS84_ESRI_WKT) },
        { ext: 'cpg', bytes: utf8.encode('UTF-8') },
      ],
    };
  });
}
