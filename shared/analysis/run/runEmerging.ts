/**
 * Emerging hot spots as the analyst runs them: the incidents binned into cells × time steps in
 * the workspace zone, Gi* per step, Mann-Kendall per cell, one ArcGIS-style pattern per cell.
 */
import type { Polygon } from 'geojson';
import type { z } from 'zod';
import type { EmergingParams } from '../../api/analysisInputs.ts';
import { UserError } from '../../errors.ts';
import { cellRing } from '../aggregateGrid.ts';
import { buildCube, EMERGING_LABELS, emergingHotSpots, emergingSummary } from '../emerging.ts';
import { widerSentence, windowEnds, type WiderWindows } from '../aoristic.ts';
import { localProjectionFor } from '../localProjection.ts';
import { pointsExtent } from '../pointsExtent.ts';
import { grown, outsideWarning, resolveStudyArea, studyAreaFacts, windowName } from '../studyArea.ts';
import type { AnalysisInputData, AnalysisOutput, RunOptions } from './types.ts';
import { DEFAULT_LANGUAGE, type Language } from '../../i18n/languages.ts';
import { translator } from '../../i18n/translator.ts';

type Req = z.infer<typeof EmergingParams>;

/** The records known only to windows wider than a step, named: they are spread over several steps. */
function widerWarning(wider: WiderWindows | undefined, step: string, language: Language = DEFAULT_LANGUAGE): string[] {
  if (!wider?.count) return [];
  return [translator(language, 'analysis')('steps.wider', { context: step, wider: widerSentence(wider, language) })];
}

export function runEmerging(req: Req, input: AnalysisInputData, opts: RunOptions): AnalysisOutput {
  const pts = input.points;
  if (pts.count < 10) throw new UserError(`emerging hot spots need at least 10 incidents in the selection, got ${pts.count}`);
  if (req.weight !== undefined) throw new UserError('emerging hot spots count incidents; --weight does not apply');
  const proj = localProjectionFor(pts.lon, pts.lat);
  const { x, y } = proj.projectArrays(pts.lon, pts.lat);
  opts.onProgress?.({ phase: 'building the space-time cube', done: 0, total: 2 });
  // The hot spot map's study area and lattice, so a location here is a cell there.
  const area = resolveStudyArea(input.studyArea, proj, pts.lon, pts.lat, {
    extent: grown(pointsExtent(x, y), req.cellSize),
    name: windowName('boxCell', input.language),
    language: input.language,
  });
  // Aoristic (the back end resolves the default: on when the layer has time windows).
  const ends = req.aoristic ? windowEnds(pts.time, pts.timePrecision, pts.timeEnd, input.tz) : undefined;
  const cube = buildCube(x, y, pts.time, {
    cellSize: req.cellSize,
    step: req.step ?? 'week',
    tz: input.tz,
    ends,
    shape: req.grid ?? 'hex',
    area: area.area,
    extent: area.kind === 'layer' ? area.area.extent : undefined,
    language: input.language,
  });
  if (cube.steps < 3) {
    throw new UserError(`emerging hot spots need at least 3 time steps; the selection spans ${cube.steps} ${req.step ?? 'week'}(s)`);
  }
  const outside = outsideWarning(cube.outsideArea, pts.count, false, input.language);
  opts.onProgress?.({ phase: 'Gi* per step and trends', done: 1, total: 2 });
  const r = emergingHotSpots(cube, { language: input.language });
  const features = [];
  for (let c = 0; c < cube.cells; c++) {
    const category = r.category[c];
    features.push({
      type: 'Feature' as const,
      geometry: {
        type: 'Polygon',
        coordinates: [cellRing(cube.shape, cube.cellSize, cube.cellX[c], cube.cellY[c]).map(([a, b]) => proj.inverse(a, b))],
      } as Polygon,
      properties: {
        cell_id: c,
        pattern: category,
        pattern_label: EMERGING_LABELS[category],
        hot_steps: r.hotSteps[c],
        cold_steps: r.coldSteps[c],
        trend_z: r.trendZ[c],
        trend_p: r.trendP[c],
        trend_tau: r.trendTau[c],
        final_z: r.z[(cube.steps - 1) * cube.cells + c],
      },
    });
  }
  opts.onProgress?.({ phase: 'Gi* per step and trends', done: 2, total: 2 });
  return {
    params: {
      ...req,
      step: req.step ?? 'week',
      aoristic: req.aoristic === true,
      grid: cube.shape,
      neighbourhoodM: cube.neighbourhood,
      alpha: r.alpha,
      fdr: r.fdr,
      timeLag: r.timeLag,
      projection: `EPSG:${proj.epsg}`,
      ...studyAreaFacts(area),
    },
    summary: {
      incidents: pts.count,
      cells: cube.cells,
      steps: cube.steps,
      firstStep: cube.stepLabels[0],
      lastStep: cube.stepLabels[cube.stepLabels.length - 1],
      skipped: cube.skipped,
      ...(cube.wider ? { widerThanStep: cube.wider.count } : {}),
      patterns: r.tally,
      sentence: emergingSummary(r.tally),
      ...studyAreaFacts(area),
      incidentsOutsideStudyArea: cube.outsideArea,
    },
    geojson: { type: 'FeatureCollection', features },
    warnings: [...area.warnings, ...(outside ? [outside] : []), ...cube.warnings, ...r.warnings, ...widerWarning(cube.wider, req.step ?? 'week', input.language)],
  };
}
