/**
 * ESRI ASCII grid (.asc) text of a density grid, as QGIS, ArcGIS and GDAL (AAIGrid) read it.
 *
 * Input: a DensityGrid (kde) — row 0 south, origin at the lower-left corner, metres.
 * Output: the file's text. The header gives xllcorner/yllcorner (lower-left corner) and
 * cellsize; data rows run NORTH TO SOUTH, so our rows are written in reverse order. Values keep
 * 7 significant digits. The CRS is not part of the format: write the matching .prj next to it
 * (the workspace's local projection's EPSG code).
 */
import type { DensityGrid } from './kde.ts';

const ASC_NODATA = -9999;

/**
 * 7 significant digits, written as String(Number(v.toPrecision(7))) would write them, without the
 * round trip through a number where toPrecision gave fixed notation (trailing zeros cut instead):
 * the same text at a fraction of the cost, which counts at a million cells.
 */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(ASC_NODATA);
  if (v === 0) return '0';
  const s = v.toPrecision(7);
  if (s.includes('e')) return String(Number(s));
  if (!s.includes('.')) return s;
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48) end--;
  if (s.charCodeAt(end - 1) === 46) end--;
  return s.slice(0, end);
}

export function toAsciiGrid(grid: Pick<DensityGrid, 'values' | 'cols' | 'rows' | 'originX' | 'originY' | 'cellSize'>): string {
  const { values, cols, rows, originX, originY, cellSize } = grid;
  const out: string[] = [
    `ncols ${cols}`,
    `nrows ${rows}`,
    `xllcorner ${originX}`,
    `yllcorner ${originY}`,
    `cellsize ${cellSize}`,
    `NODATA_value ${ASC_NODATA}`,
  ];
  const line = new Array<string>(cols);
  for (let r = rows - 1; r >= 0; r--) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) line[c] = fmt(values[base + c]);
    out.push(line.join(' '));
  }
  return out.join('\n') + '\n';
}
