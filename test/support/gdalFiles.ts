/**
 * Test files written by GDAL from the real fixtures, and GDAL's own reading of them as the
 * reference: UCDP events as CSV with their coordinates in columns of any name or projected, and
 * GDAL's count and points of a file.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FeatureCollection, Point } from 'geojson';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURES = path.resolve(repoRoot, '..', 'shared', 'fixtures');
export const UCDP = path.join(FIXTURES, 'ucdp-ged-mexico-other-states', 'ucdp_ged_mexico_other_states.csv');
const UCDP_TABLE = 'ucdp_ged_mexico_other_states';

/** Runs a GDAL (or PROJ) program; its stdout, or an error with its stderr. */
export function gdal(cmd: string, ...args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** GDAL's count of the features in a file (of one layer). */
export function gdalCount(file: string): number {
  const counts = [...gdal('ogrinfo', '-ro', '-so', '-al', file).matchAll(/^Feature Count: (\d+)$/gm)];
  if (counts.length !== 1) throw new Error(`${file}: ${counts.length} layers`);
  return Number(counts[0][1]);
}

/** UCDP events `where` as a CSV of the columns `select` (UCDP's names, renamed with AS). */
export function ucdpCsv(out: string, select: string, where: string): string {
  gdal('ogr2ogr', '-f', 'CSV', out, UCDP, '-sql', `SELECT ${select} FROM ${UCDP_TABLE} WHERE ${where}`);
  return out;
}

/** UCDP events `where` projected by GDAL to `crs`, the point as X and Y columns, with the columns `select`. */
export function ucdpProjectedCsv(out: string, crs: string, select: string, where: string): string {
  gdal('ogr2ogr', '-f', 'CSV', out, UCDP, '-oo', 'X_POSSIBLE_NAMES=longitude', '-oo', 'Y_POSSIBLE_NAMES=latitude', '-s_srs', 'EPSG:4326',
    '-t_srs', crs, '-lco', 'GEOMETRY=AS_XY', '-sql', `SELECT ${select} FROM ${UCDP_TABLE} WHERE ${where}`);
  return out;
}

/** GDAL's reading of a CSV whose points are in the columns x, y: each record's point by its `id`. */
export function gdalPoints(csv: string, x: string, y: string): Map<string, [number, number]> {
  const out = `${csv}.gdal.geojson`;
  gdal('ogr2ogr', '-f', 'GeoJSON', '-oo', `X_POSSIBLE_NAMES=${x}`, '-oo', `Y_POSSIBLE_NAMES=${y}`, '-oo', 'KEEP_GEOM_COLUMNS=NO', out, csv);
  const fc = JSON.parse(fs.readFileSync(out, 'utf8')) as FeatureCollection<Point>;
  fs.rmSync(out);
  return new Map(fc.features.map((f) => [String(f.properties!.id), f.geometry.coordinates as [number, number]]));
}
