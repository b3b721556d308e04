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
import { DEFAULT_LANGUAGE, LOCALE, type Language } from '../../i18n/languages.ts';
import { translator } from '../../i18n/translator.ts';

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
  const t = translator(input.language ?? DEFAULT_LANGUAGE, 'analysis');
  if (unsnapped.length) warnings.push(t('explain.unsnapped', { n: unsnapped.length, snap: result.parameters.snapToleranceM ?? req.snap ?? 250 }));
  if (!border) warnings.push(t('explain.noBorder'));
  return {
    params: { ...req, mode: result.mode, ...result.parameters },
    summary: {
      incidents: pts.count,
      mode: result.mode,
      corridors: result.corridors.length,
      list: result.corridors.map(({ centerline: _c, polygon: _p, members: _m, ...metrics }) => metrics),
      unsnapped: { count: unsnapped.length, sourceIndex: unsnapped.slice(0, LISTED_UNSNAPPED) },
      significantLixels: result.lixels ? result.lixels.significant.reduce((a, b) => a + b, 0) : null,
      ...(result.corridors.length === 0 ? { explanation: noCorridorExplanation(result, pts.count - unsnapped.length, input.language) } : {}),
    },
    geojson: toCorridorGeoJSON(result),
    warnings,
  };
}

/** Why a corridor run found nothing, from how far its search got, with what to try. */
function noCorridorExplanation(result: CorridorResult, snapped: number, language: Language = DEFAULT_LANGUAGE): string {
  const t = translator(language, 'analysis');
  const locale = LOCALE[language];
  const p = result.parameters;
  const m = (v: unknown) => `${Math.round(Number(v)).toLocaleString(locale)} m`;
  const km = (v: number) => `${(v / 1000).toLocaleString(locale, { maximumFractionDigits: 1 })} km`;
  if (result.mode === 'network') {
    const significant = result.lixels ? result.lixels.significant.reduce((a, b) => a + b, 0) : 0;
    if (significant === 0) return t('explain.networkNone', { n: snapped.toLocaleString(locale), lixel: m(p.lixelLengthM), bandwidth: m(p.bandwidthM) });
    return t('explain.networkShort', { n: significant.toLocaleString(locale), lixel: m(p.lixelLengthM), minLength: m(p.minLengthM) });
  }
  const s = result.search;
  const elsewhere = t('explain.elsewhere');
  if (!s || s.candidates === 0) return t('explain.freeNone', { elsewhere });
  if (s.strands === 0) {
    return t('explain.freeFew', { count: s.candidates, n: s.candidates.toLocaleString(locale), join: 3 * Number(p.minPoints), eps: m(p.epsM), elsewhere });
  }
  const elongated = s.longestElongation >= Number(p.minElongation);
  const metres = Math.floor(s.longestM / 100) * 100;
  const next = elongated ? t('explain.tryLength', { length: m(metres), metres }) : t('explain.roundSpots', { elongation: String(p.minElongation) });
  return t('explain.freeShort', {
    minLength: km(Number(p.minLengthM)),
    elongation: String(p.minElongation),
    eps: m(p.epsM),
    strands: s.strands,
    longest: km(s.longestM),
    ratio: s.longestElongation.toFixed(1),
    next,
  });
}
