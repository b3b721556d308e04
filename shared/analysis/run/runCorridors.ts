/**
 * Corridors as the analyst runs them: on a line network when one is given (snapping, lixels,
 * network KDE, significance against incidents spread evenly along the network), else free
 * corridors from elongated density clusters; border metrics against the given border line.
 */
import type { z } from 'zod';
import type { CorridorParams } from '../../api/analysisInputs.ts';
import { UserError } from '../../errors.ts';
import { freeCorridors } from '../corridors/freeCorridors.ts';
import { toCorridorGeoJSON } from '../corridors/geojson.ts';
import { networkCorridors } from '../corridors/networkCorridors.ts';
import type { CorridorResult, IncidentArrays } from '../corridors/types.ts';
import type { AnalysisInputData, AnalysisOutput, RunOptions } from './types.ts';

type Req = z.infer<typeof CorridorParams>;

const LISTED_UNSNAPPED = 1000;

export function runCorridors(req: Req, input: AnalysisInputData, opts: RunOptions): AnalysisOutput {
  const pts = input.points;
  if (pts.count < 10) throw new UserError(`corridors need at least 10 incidents in the selection, got ${pts.count}`);
  if (req.weight !== undefined) throw new UserError('corridors count incidents; --weight does not apply');
  const incidents: IncidentArrays = {
    lon: pts.lon,
    lat: pts.lat,
    time: pts.time,
    category: pts.category,
    categoryNames: pts.categories,
    quantity: pts.quantity,
    unit: pts.unit,
    unitNames: pts.units,
  };
  const border =
    input.border && input.border.length
      ? input.border.length === 1
        ? input.border[0]
        : {
            type: 'MultiLineString' as const,
            coordinates: input.border.flatMap((g) => (g.type === 'LineString' ? [g.coordinates] : g.coordinates)),
          }
      : null;
  const common = {
    border,
    signal: opts.signal,
    onProgress: (done: number, total: number) => opts.onProgress?.({ phase: 'corridors', done, total }),
    ...(req.minLength !== undefined ? { minLengthM: req.minLength } : {}),
  };
  let result: CorridorResult;
  if (input.network) {
    result = networkCorridors(incidents, input.network, {
      ...common,
      ...(req.snap !== undefined ? { snapToleranceM: req.snap } : {}),
      ...(req.lixel !== undefined ? { lixelLengthM: req.lixel } : {}),
      ...(req.bandwidth !== undefined ? { bandwidthM: req.bandwidth } : {}),
    });
  } else {
    if (req.snap !== undefined || req.lixel !== undefined || req.bandwidth !== undefined) {
      throw new UserError('--snap, --lixel and --bandwidth apply to network corridors: give --network LINE_LAYER');
    }
    result = freeCorridors(incidents, { ...common, minLengthM: req.minLength ?? 5000 });
  }
  const unsnapped = Array.from(result.unsnapped, (i) => pts.sourceIndex[i]);
  const warnings: string[] = [];
  if (unsnapped.length) {
    warnings.push(
      `${unsnapped.length} incidents lie farther than ${result.parameters.snapToleranceM ?? req.snap ?? 250} m from every line ` +
        `and were not snapped (listed by source index under the result, and in --json as summary.unsnapped)`,
    );
  }
  if (!border) warnings.push('no border line given: border metrics are empty');
  return {
    params: { ...req, mode: result.mode, ...result.parameters },
    summary: {
      incidents: pts.count,
      mode: result.mode,
      corridors: result.corridors.length,
      list: result.corridors.map(({ centerline: _c, polygon: _p, members: _m, ...metrics }) => metrics),
      unsnapped: { count: unsnapped.length, sourceIndex: unsnapped.slice(0, LISTED_UNSNAPPED) },
      significantLixels: result.lixels ? result.lixels.significant.reduce((a, b) => a + b, 0) : null,
      ...(result.corridors.length === 0 ? { explanation: noCorridorExplanation(result, pts.count - unsnapped.length) } : {}),
    },
    geojson: toCorridorGeoJSON(result),
    warnings,
  };
}

/** Why a corridor run found nothing, from how far its search got, with what to try. */
function noCorridorExplanation(result: CorridorResult, snapped: number): string {
  const p = result.parameters;
  const m = (v: unknown) => `${Math.round(Number(v)).toLocaleString('en-US')} m`;
  const km = (v: number) => `${(v / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 })} km`;
  if (result.mode === 'network') {
    const significant = result.lixels ? result.lixels.significant.reduce((a, b) => a + b, 0) : 0;
    if (significant === 0) {
      return (
        `0 corridors: of the ${snapped.toLocaleString('en-US')} incidents snapped to the network, no stretch of ${m(p.lixelLengthM)} holds significantly ` +
        `more within ${m(p.bandwidthM)} along the lines than incidents spread evenly along the network would (FDR); try a larger bandwidth (--bandwidth), or free corridors (no network)`
      );
    }
    return `0 corridors: ${significant.toLocaleString('en-US')} stretches of ${m(p.lixelLengthM)} are significant, but no run of them is ${m(p.minLengthM)} long; try a smaller min length (--min-length)`;
  }
  const s = result.search;
  const elsewhere = 'DBSCAN or kernel density shows hot spots, a network layer (--network) corridors along its lines';
  if (!s || s.candidates === 0) {
    return `0 corridors: no neighbourhood of the incidents is both denser than their overall density (p ≈ 0.001) and elongated: they form round hot spots or a background, not lines; ${elsewhere}`;
  }
  if (s.strands === 0) {
    const lie = s.candidates === 1 ? '1 incident lies' : `${s.candidates.toLocaleString('en-US')} incidents lie`;
    return `0 corridors: ${lie} in neighbourhoods both dense and elongated, but no ${3 * Number(p.minPoints)} of them join at eps ${m(p.epsM)}: too few to make a line; ${elsewhere}`;
  }
  const elongated = s.longestElongation >= Number(p.minElongation);
  const tryNext = elongated
    ? `try a min length of ${m(Math.floor(s.longestM / 100) * 100)} (--min-length ${Math.floor(s.longestM / 100) * 100})`
    : `a corridor is at least ${String(p.minElongation)} × as long as it is wide: these are hot spots (DBSCAN, kernel density)`;
  return (
    `0 corridors: no cluster longer than ${km(Number(p.minLengthM))} and ${String(p.minElongation)} × its width at eps ${m(p.epsM)} — the longest ` +
    `of ${s.strands} strands is ${km(s.longestM)}, ${s.longestElongation.toFixed(1)} × its width; ${tryNext}; or a network layer (--network)`
  );
}
