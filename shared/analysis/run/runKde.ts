/**
 * Kernel density as the analyst runs it: the quartic surface (bandwidth by ArcGIS's spatial
 * Silverman rule unless given), contours at the levels enclosing the top 1/5/10 % of cells,
 * the grid as an ESRI ASCII grid, and a small raster for the map.
 */
import type { z } from 'zod';
import type { KdeParams } from '../../api/analysisInputs.ts';
import { UserError } from '../../errors.ts';
import { toAsciiGrid } from '../asciiGrid.ts';
import { densityContours } from '../densityContours.ts';
import { kde } from '../kde.ts';
import { localProjectionFor } from '../localProjection.ts';
import { unprojectGeometry } from '../unprojectGeometry.ts';
import { displayRaster } from './raster.ts';
import type { AnalysisInputData, AnalysisOutput, RunOptions } from './types.ts';

type Req = z.infer<typeof KdeParams>;

const MIN_POINTS = 3;

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
  const percents = req.contours ?? [1, 5, 10];
  const contours = densityContours(grid, percents);
  let peak = 0;
  for (const v of grid.values) if (v > peak) peak = v;
  return {
    params: {
      ...req,
      bandwidth: grid.bandwidth,
      bandwidthRule: req.bandwidth === undefined || req.bandwidth === 'auto' ? 'spatial Silverman (ArcGIS)' : 'given',
      cellSize: grid.cellSize,
      contours: percents,
      kernel: 'quartic',
      projection: `EPSG:${proj.epsg}`,
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
    },
    geojson: {
      type: 'FeatureCollection',
      features: contours.map((c) => ({
        type: 'Feature' as const,
        geometry: unprojectGeometry(c.geometry, proj.inverse),
        properties: { contour_percent: c.percent, density_level: c.level, unit: 'incidents per km²' },
      })),
    },
    warnings: [],
    asciiGrid: toAsciiGrid(grid),
    raster: displayRaster(grid, proj),
    projectionEpsg: proj.epsg,
  };
}
