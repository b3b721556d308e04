/**
 * Kernel density as the analyst runs it: the quartic surface (bandwidth by ArcGIS's spatial
 * Silverman rule unless given), contours at the levels enclosing the top 1/5/10 % of cells,
 * the grid as an ESRI ASCII grid, and a small raster for the map. Within a study area
 * (studyArea.ts; by default the land on the incidents' side of the border within the grid): a
 * cell whose centre is outside is NaN — not drawn, NODATA in the grid, no cell for the contour
 * percentages. Every selected incident still adds its kernel (the selection chooses incidents).
 */
import type { z } from 'zod';
import type { KdeParams } from '../../api/analysisInputs.ts';
import { UserError } from '../../errors.ts';
import { toAsciiGrid } from '../asciiGrid.ts';
import { densityContours } from '../densityContours.ts';
import { kde, type DensityGrid } from '../kde.ts';
import { localProjectionFor } from '../localProjection.ts';
import { forEachInside, type PlanarArea } from '../planarArea.ts';
import { outsideWarning, resolveStudyArea, studyAreaFacts, windowName } from '../studyArea.ts';
import { unprojectGeometry } from '../unprojectGeometry.ts';
import { displayRaster } from './raster.ts';
import type { AnalysisInputData, AnalysisOutput, RunOptions } from './types.ts';

type Req = z.infer<typeof KdeParams>;

const MIN_POINTS = 3;

/** Sets the cells whose centre is outside the area to NaN; returns how many are inside. */
function maskGrid(grid: DensityGrid, area: PlanarArea): number {
  const { values, cols, rows, originX, originY, cellSize } = grid;
  const inside = new Uint8Array(cols);
  let count = 0;
  for (let r = 0; r < rows; r++) {
    inside.fill(0);
    forEachInside(area.rowIntervals(originY + (r + 0.5) * cellSize), originX + cellSize / 2, cellSize, cols, (c) => (inside[c] = 1));
    for (let c = 0; c < cols; c++) {
      if (inside[c]) count++;
      else values[r * cols + c] = NaN;
    }
  }
  return count;
}

export function runKde(req: Req, input: AnalysisInputData, opts: RunOptions): AnalysisOutput {
  const pts = input.points;
  if (pts.count < MIN_POINTS) {
    throw new UserError(`kernel density needs at least ${MIN_POINTS} incidents in the selection, got ${pts.count}`);
  }
  const proj = localProjectionFor(pts.lon, pts.lat);
  const { x, y } = proj.projectArrays(pts.lon, pts.lat);
  const weights = req.weight === 'quantity' ? Float64Array.from(pts.quantity, (q) => (Number.isFinite(q) ? q : 0)) : null;
  const grid = kde(x, y, weights, {
    bandwidth: req.bandwidth === 'auto' ? undefined : req.bandwidth,
    cellSize: req.cellSize,
    signal: opts.signal,
    rowHelper: opts.kdeRowHelper,
    onProgress: (done, total) => opts.onProgress?.({ phase: 'kernel density', done, total }),
  });
  const area = resolveStudyArea(input.studyArea, proj, pts.lon, pts.lat, {
    extent: { minX: grid.originX, minY: grid.originY, maxX: grid.originX + grid.cols * grid.cellSize, maxY: grid.originY + grid.rows * grid.cellSize },
    name: windowName('grid', input.language),
    clipLayer: true,
    language: input.language,
  });
  const cellsInside = maskGrid(grid, area.area);
  let outside = 0;
  for (let i = 0; i < pts.count; i++) if (!area.area.contains(x[i], y[i])) outside++;
  let peak = 0;
  for (const v of grid.values) if (v > peak) peak = v;
  if (!(peak > 0)) throw new UserError(`kernel density: no density inside the study area (${area.name})`);
  const percents = req.contours ?? [1, 5, 10];
  const contours = densityContours(grid, percents);
  const warnings = [...area.warnings];
  const outsideNote = outsideWarning(outside, pts.count, true, input.language);
  if (outsideNote) warnings.push(outsideNote);
  return {
    params: {
      ...req,
      bandwidth: grid.bandwidth,
      bandwidthRule: req.bandwidth === undefined || req.bandwidth === 'auto' ? 'spatial Silverman (ArcGIS)' : 'given',
      cellSize: grid.cellSize,
      contours: percents,
      kernel: 'quartic',
      projection: `EPSG:${proj.epsg}`,
      ...studyAreaFacts(area),
    },
    summary: {
      incidents: pts.count,
      totalWeight: grid.totalWeight,
      bandwidthM: grid.bandwidth,
      cellSizeM: grid.cellSize,
      cols: grid.cols,
      rows: grid.rows,
      peakDensityPerKm2: peak,
      contourLevels: contours.map((c) => ({ percent: c.percent, level: c.level })),
      ...studyAreaFacts(area),
      cellsInStudyArea: cellsInside,
      incidentsOutsideStudyArea: outside,
    },
    geojson: {
      type: 'FeatureCollection',
      features: contours.map((c) => ({
        type: 'Feature' as const,
        geometry: unprojectGeometry(c.geometry, proj.inverse),
        properties: { contour_percent: c.percent, density_level: c.level, unit: 'incidents per km²' },
      })),
    },
    warnings,
    asciiGrid: toAsciiGrid(grid),
    raster: displayRaster(grid, proj),
    projectionEpsg: proj.epsg,
  };
}
