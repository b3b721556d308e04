/**
 * Contours of a density surface at the levels enclosing its top p % of cells (default 1, 5 and
 * 10 %): the "where is the densest 1 % of the area" polygons analysts draw on briefings.
 *
 * Input: a DensityGrid (kde; row 0 south, metres) and percentages in (0, 100). A cell that is
 * NaN is outside the study area (runKde.ts): it is no cell for the percentages and no density
 * for the lines, which close along the area's edge.
 * Output per percentage (in the order given): the density level (per km²) — the value of the
 * cell ranked ⌈p/100 · cells⌉ from the top among the cells inside, or the smallest positive value
 * when fewer cells are non-zero — and a GeoJSON MultiPolygon in metres (exterior rings counter-clockwise, holes
 * clockwise). Marching squares with linear interpolation, via d3-contour. Use
 * unprojectGeometry(geometry, projection.inverse) for lon/lat.
 */
import { contours } from 'd3-contour';
import type { MultiPolygon, Position } from 'geojson';
import { UserError } from '../errors.ts';
import { selectRank, type DensityGrid } from './kde.ts';

export interface DensityContour {
  percent: number;
  level: number;
  geometry: MultiPolygon;
}

function signedArea(ring: Position[]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return a / 2;
}

export function densityContours(grid: DensityGrid, percents: number[] = [1, 5, 10]): DensityContour[] {
  const { values, cols, rows, originX, originY, cellSize } = grid;
  for (const p of percents) {
    if (!(p > 0 && p < 100)) throw new UserError(`density contours: percentages must be between 0 and 100, got ${p}`);
  }
  let smallestPositive = Infinity;
  for (let i = 0; i < values.length; i++) if (values[i] > 0 && values[i] < smallestPositive) smallestPositive = values[i];
  if (!(smallestPositive < Infinity)) throw new UserError('density contours: the surface is empty');
  // Levels by selection on one copy of the cells inside, O(cells) each, not a sort of a million cells.
  const scratch = values.filter((v) => !Number.isNaN(v));
  const gen = contours().size([cols, rows]);
  // d3-contour only indexes the values: the typed array serves as is, no 1M-element copy. It
  // reads NaN as −∞, so a line between a cell inside and one outside runs half way between them.
  const data = values as unknown as number[];
  return percents.map((percent) => {
    const rank = Math.max(1, Math.ceil((percent / 100) * scratch.length));
    let level = selectRank(scratch, null, scratch.length - rank);
    if (!(level > 0)) level = smallestPositive;
    const [c] = gen.thresholds([level])(data);
    const polygons = c.coordinates.map((polygon) =>
      polygon.map((ring, k) => {
        const out: Position[] = ring.map(([gx, gy]) => [originX + gx * cellSize, originY + gy * cellSize]);
        const ccw = signedArea(out) > 0;
        // Exterior counter-clockwise, holes clockwise (RFC 7946).
        if ((k === 0) !== ccw) out.reverse();
        return out;
      }),
    );
    return { percent, level, geometry: { type: 'MultiPolygon', coordinates: polygons } };
  });
}
