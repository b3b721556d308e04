/**
 * Average nearest-neighbour index: "are these incidents clustered at all?", with A the study
 * area (studyArea.ts): the analyst's polygons (`--study-area`, or `--area` as before), the
 * incidents' bounding box ('extent', ArcGIS's default is the enclosing rectangle), or by default
 * the land on the incidents' side of the border within that box. Every selected incident counts
 * in n; those outside the area are named in a warning (the selection is what leaves incidents out).
 */
import type { z } from 'zod';
import type { NniParams } from '../../api/analysisInputs.ts';
import { UserError } from '../../errors.ts';
import { localProjectionFor } from '../localProjection.ts';
import { nni, nniSentence, type NniPattern } from '../nni.ts';
import { pointsExtent } from '../pointsExtent.ts';
import { grown, outsideWarning, resolveStudyArea, studyAreaFacts, windowName } from '../studyArea.ts';
import type { AnalysisInputData, AnalysisOutput, RunOptions } from './types.ts';

type Req = z.infer<typeof NniParams>;

const ALPHA = 0.05;

export function runNni(req: Req, input: AnalysisInputData, opts: RunOptions): AnalysisOutput {
  const pts = input.points;
  if (pts.count < 3) throw new UserError(`nearest-neighbour index needs at least 3 incidents in the selection, got ${pts.count}`);
  const proj = localProjectionFor(pts.lon, pts.lat);
  const { x, y } = proj.projectArrays(pts.lon, pts.lat);
  // The box grown by a metre: its edges hold its extreme incidents, outside by the half-open test.
  const area = resolveStudyArea(input.studyArea, proj, pts.lon, pts.lat, {
    extent: grown(pointsExtent(x, y), 1),
    name: windowName('box', input.language),
    language: input.language,
  });
  if (!(area.area.areaM2 > 0)) throw new UserError('nearest-neighbour index: the study area is empty (all incidents on one line?)');
  const r = nni(x, y, area.area.areaM2, {
    signal: opts.signal,
    onProgress: (done, total) => opts.onProgress?.({ phase: 'nearest neighbours', done, total }),
  });
  let outside = 0;
  for (let i = 0; i < pts.count; i++) if (!area.area.contains(x[i], y[i])) outside++;
  const pattern: NniPattern = r.p < ALPHA ? (r.ratio < 1 ? 'clustered' : 'dispersed') : 'random';
  const sentence = nniSentence({ pattern, ratio: r.ratio, z: r.z, p: r.p });
  const summary = {
    n: r.n,
    areaKm2: r.areaM2 / 1e6,
    observedMeanM: r.observedMeanM,
    expectedMeanM: r.expectedMeanM,
    ratio: r.ratio,
    z: r.z,
    p: r.p,
    pattern,
    sentence,
    ...studyAreaFacts(area),
    incidentsOutsideStudyArea: outside,
  };
  const warnings = [...area.warnings];
  const outsideNote = outsideWarning(outside, pts.count, true, input.language);
  if (outsideNote) warnings.push(outsideNote);
  return {
    params: { ...req, projection: `EPSG:${proj.epsg}`, ...studyAreaFacts(area) },
    summary,
    geojson: { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: area.geometry(), properties: { ...summary } }] },
    warnings,
  };
}
