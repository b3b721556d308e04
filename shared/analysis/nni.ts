/**
 * Average nearest neighbour index (Clark & Evans 1954), as ArcGIS's Average Nearest Neighbor.
 *
 * Inputs: x, y in metres (n ≥ 2); areaM2 — the study area in square metres (runNni.ts takes
 * it from studyArea.ts: a municipality, the land on the incidents' side of the border within
 * their bounding box, or that box, ArcGIS's default enclosing rectangle).
 * Outputs: observedMeanM (mean distance to the nearest other point), expectedMeanM = 0.5/√(n/A),
 * ratio R = observed/expected (< 1 clustered, > 1 dispersed), z = (obs − exp)/SE with
 * SE = 0.26136/√(n²/A), p two-sided normal. No edge correction (as Clark–Evans and ArcGIS).
 */
import { UserError } from '../errors.ts';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages.ts';
import { translator } from '../i18n/translator.ts';
import { twoSidedP } from '../stats/normal.ts';
import type { LongRunOptions } from './cancel.ts';
import { formatP } from './compare.ts';
import { checkPoints } from './dbscan.ts';
import { kthNeighbourDistances } from './knn.ts';

export interface NniResult {
  n: number;
  areaM2: number;
  observedMeanM: number;
  expectedMeanM: number;
  ratio: number;
  z: number;
  p: number;
}

export type NniPattern = 'clustered' | 'dispersed' | 'random';

/** "The incidents are clustered (nearest-neighbour ratio R = 0.41, z = -9.80, p < 0.001)." */
export function nniSentence(r: { pattern: NniPattern; ratio: number; z: number; p: number }, language: Language = DEFAULT_LANGUAGE): string {
  return translator(language, 'analysis')('nni.sentence', { context: r.pattern, r: r.ratio.toFixed(2), z: r.z.toFixed(2), p: formatP(r.p) });
}

export function nni(x: Float64Array, y: Float64Array, areaM2: number, options: LongRunOptions = {}): NniResult {
  checkPoints(x, y, 'nearest neighbour index');
  const n = x.length;
  if (n < 2) throw new UserError(`nearest neighbour index: needs at least 2 points, got ${n}`);
  if (!(areaM2 > 0) || !Number.isFinite(areaM2)) {
    throw new UserError(`nearest neighbour index: the study area must be greater than 0 m², got ${areaM2}`);
  }
  const nn = kthNeighbourDistances(x, y, 1, options);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += nn[i];
  const observedMeanM = sum / n;
  const expectedMeanM = 0.5 / Math.sqrt(n / areaM2);
  const se = 0.26136 / Math.sqrt((n * n) / areaM2);
  const z = (observedMeanM - expectedMeanM) / se;
  return { n, areaM2, observedMeanM, expectedMeanM, ratio: observedMeanM / expectedMeanM, z, p: twoSidedP(z) };
}
