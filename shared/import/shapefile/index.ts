/**
 * ESRI shapefile reader: .shp + .shx + .dbf (+ .prj, .cpg) bytes → RawRecords in the source CRS.
 *
 * Our own reader rather than the `shapefile` npm library, because that library
 *  - drops Z (PointZ/PolyLineZ/PolygonZ come out 2D), and analysts' GPS exports carry elevation;
 *  - ignores the .shx, so one record with a wrong length derails every record after it, and a
 *    .shp/.shx/.dbf count mismatch goes unnoticed;
 *  - reads record by record through promises (several microtasks per record), which
 *    test/bench/shapefile.ts measures against this synchronous reader;
 *  - reports corruption without saying which file, record or byte, so an analyst cannot fix it.
 * Where the library's output is right we match it exactly (ring assembly, value conventions),
 * and its own test suite runs against this reader (test/unit/import/shapefile-peer.test.ts).
 *
 * Record-level problems go to sink.onProblem (record = 1-based, as the .shp numbers records;
 * `index` = sourceIndex, 0-based) so --skip-invalid can skip them; a structure that cannot be
 * read at all (missing .shx/.dbf, not a shapefile, damaged .dbf header, unreadable .prj or .cpg)
 * throws ImportError naming the file.
 */
import type { ParseOptions, RecordSink } from '../types.ts';
import { fileProblem, importProblem, said, type Reason, type Said } from '../problems.ts';
import { crsFromPrj } from '../../geo/crs.ts';
import { decodeBytes, isValidUtf8 } from '../encoding.ts';
import { dbfFieldInfo, openDbf } from './dbf.ts';
import { forEachShape } from './records.ts';
import { readMainHeader, typeName } from './shp.ts';
import type { ShapefileParts } from './parts.ts';

export { pickShapefileParts } from './parts.ts';
export type { ShapefileParts, NamedBytes } from './parts.ts';

function baseName(name: string): string {
  const n = name.replace(/\\/g, '/');
  return n.slice(n.lastIndexOf('/') + 1);
}

/** The sibling name for a missing part: mun.shp → mun.shx, MUN.SHP → MUN.SHX. */
function siblingName(shpName: string, ext: string): string {
  const m = /\.(shp)$/i.exec(shpName);
  if (!m) return `${shpName}.${ext}`;
  const upper = m[1] === m[1].toUpperCase();
  return shpName.slice(0, m.index + 1) + (upper ? ext.toUpperCase() : ext);
}

/**
 * How each part is named in messages: next to the path the user gave when it is the .shp
 * itself, else inside the archive or folder the user gave.
 */
function labeller(fileName: string): (name: string) => string {
  if (/\.shp$/i.test(fileName)) {
    const cut = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
    const dir = fileName.slice(0, cut + 1);
    const own = baseName(fileName).toLowerCase();
    return (name) => (baseName(name).toLowerCase() === own ? fileName : dir + baseName(name));
  }
  const root = fileName.replace(/[/\\]+$/, '');
  return (name) => `${root}/${name.replace(/\\/g, '/').replace(/^\.\//, '')}`;
}

function textOf(bytes: Uint8Array): string {
  return decodeBytes(bytes, isValidUtf8(bytes) ? 'utf-8' : 'windows-1252');
}

/** Returns the notes of the reading (a .dbf's repeated field names, renamed). */
export function parseShapefile(parts: ShapefileParts, opts: ParseOptions, sink: RecordSink): Said[] {
  const label = labeller(opts.fileName);
  const { names } = parts;
  const shpFile = label(names.shp);
  const shxFile = label(names.shx ?? siblingName(names.shp, 'shx'));
  const dbfFile = label(names.dbf ?? siblingName(names.shp, 'dbf'));
  const prjFile = label(names.prj ?? siblingName(names.shp, 'prj'));
  const cpgFile = label(names.cpg ?? siblingName(names.shp, 'cpg'));

  if (!parts.shx) {
    throw fileProblem(shxFile, said('shapefile.noShx', { shp: baseName(names.shp) }));
  }
  if (!parts.dbf) {
    throw fileProblem(dbfFile, said('shapefile.noDbf', { shp: baseName(names.shp) }));
  }
  const header = readMainHeader(parts.shp, shpFile);
  const shxHeader = readMainHeader(parts.shx, shxFile);
  if (shxHeader.shapeType !== header.shapeType) {
    throw fileProblem(
      shxFile,
      `its shape type ${shxHeader.shapeType} (${typeName(shxHeader.shapeType)}) differs from ${shpFile}'s ${header.shapeType} (${typeName(header.shapeType)}): the .shx belongs to another shapefile`,
    );
  }
  const dbf = openDbf(parts.dbf, dbfFile, { encoding: opts.encoding, cpg: parts.cpg, cpgName: cpgFile });
  if (parts.prj) {
    const text = textOf(parts.prj);
    if (text.replace(/^\uFEFF/, '').trim()) {
      // Read even when the sink ignores the CRS: a broken .prj must not pass silently.
      const crs = crsFromPrj(text, prjFile);
      sink.onCrs?.(crs);
    }
  }
  sink.onFields?.(dbfFieldInfo(dbf));

  const dbfRows = Math.min(dbf.rowCount, dbf.availableRows);
  const problem = (index: number, file: string, reason: Reason): void => sink.onProblem(importProblem(file, `record ${index + 1}`, index, reason));

  const shapes = forEachShape(parts.shp, parts.shx, { shp: shpFile, shx: shxFile }, (i, result, file) => {
    if (i < dbfRows && dbf.isDeleted(i)) return; // deleted in the .dbf: not part of the layer (as in GDAL)
    if (result.error !== undefined) return problem(i, file, result.error);
    if (i >= dbf.rowCount) {
      return problem(i, dbfFile, said('shapefile.noRow', { rows: dbf.rowCount }));
    }
    if (i >= dbf.availableRows) {
      return problem(i, dbfFile, said('shapefile.dbfTruncatedAt', { bytes: dbf.byteLength, row: i + 1, rows: dbf.rowCount }));
    }
    sink.onRecord({ sourceIndex: i, geometry: result.geometry, properties: dbf.readRow(i) });
  });

  for (let i = shapes; i < dbfRows; i++) {
    if (dbf.isDeleted(i)) continue;
    problem(i, dbfFile, said('shapefile.rowWithoutShape', { shapes, rows: dbf.rowCount }));
  }
  if (dbf.rowCount > Math.max(shapes, dbf.availableRows)) {
    const i = Math.max(shapes, dbf.availableRows);
    problem(i, dbfFile, said('shapefile.dbfTruncated', { rows: dbf.rowCount, available: dbf.availableRows }));
  }
  return dbf.notes;
}
