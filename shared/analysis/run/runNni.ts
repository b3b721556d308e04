/**
 * Average nearest-neighbour index: "are these incidents clustered at all?", on the given study
 * area or the incidents' convex hull.
 */
import type { Polygon, Position } from 'geojson';
import type { z } from 'zod';
import type { NniParams } from '../../api/analysisInputs.ts';
import { UserError } from '../../errors.ts';
import { convexHull, convexHullArea, ringArea } from '../hull.ts';
import { localProjectionFor } from '../localProjection.ts';
import { nni, nniSentence, type NniPattern } from '../nni.ts';
import type { AnalysisInputData, AnalysisOutput, RunOptions } from './types.ts';

type Req = z.infer<typeof NniParams>;

const ALPHA = 0.05;

export function runNni(req: Req, input: AnalysisInputData, opts: RunOptions): AnalysisOutput {
  const pts = input.points;
  if (pts.count < 3) throw new UserError(`nearest-neighbour index needs at least 3 incidents in the selection, got ${pts.count}`);
  const proj = localProjectionFor(pts.lon, pts.lat);
  const { x, y } = proj.projectArrays(pts.lon, pts.lat);
  let areaM2: number;
  let areaGeometry: Polygon | { type: 'MultiPolygon'; coordinates: Position[][][] };
  if (input.area) {
    const polys = input.area.type === 'Polygon' ? [input.area.coordinates] : input.area.coordinates;
    areaM2 = 0;
    for (const poly of polys) {
      poly.forEach((ring, k) => {
        const a = Math.abs(ringArea(ring.map(([lon, lat]) => proj.forward(lon, lat))));
        areaM2 += k === 0 ? a : -a;
      });
    }
    areaGeometry = input.area;
  } else {
    areaM2 = convexHullArea(x, y);
    areaGeometry = { type: 'Polygon', coordinates: [convexHull(x, y).map(([a, b]) => proj.inverse(a, b))] };
  }
  if (!(areaM2 > 0)) throw new UserError('nearest-neighbour index: the study area is empty (all incidents on one line?)');
  const r = nni(x, y, areaM2, {
    signal: opts.signal,
    onProgress: (done, total) => opts.onProgress?.({ phase: 'nearest neighbours', done, total }),
  });
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
  };
  return {
    params: { ...req, area: req.area ?? 'convex hull of the incidents', projection: `EPSG:${proj.epsg}` },
    summary,
    geojson: { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: areaGeometry, properties: { ...summary } }] },
    warnings: [],
  };
}
