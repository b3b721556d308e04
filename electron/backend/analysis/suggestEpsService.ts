/**
 * Parameter help for DBSCAN: an eps from the knee of the k-distance curve of the selected
 * incidents' distinct locations (k = minPoints), lowered when the knee chains most of them into one
 * cluster, with a thinned curve for the panel's chart.
 */
import type { z } from 'zod';
import type { SuggestEpsInput } from '../../../shared/api/analysisInputs.ts';
import { localProjectionFor } from '../../../shared/analysis/localProjection.ts';
import { suggestEps, suggestionNote } from '../../../shared/analysis/suggestEps.ts';
import type { EpsSuggestionOutput } from '../../../shared/api/contract.ts';
import { UserError } from '../../../shared/errors.ts';
import { DEFAULT_LANGUAGE, type Language } from '../../../shared/i18n/languages.ts';
import type { WorkspaceStore } from '../store/store.ts';
import { selectPoints } from './selectPoints.ts';

const CURVE_POINTS = 200;

/** `language`: the note's (the command line passes --lang; the API's note is English). */
export async function suggestEpsFor(ws: WorkspaceStore, req: z.infer<typeof SuggestEpsInput>, language: Language = DEFAULT_LANGUAGE): Promise<EpsSuggestionOutput> {
  const { points } = await selectPoints(ws, req.layer, req.selection);
  if (points.count <= req.minPoints) {
    throw new UserError(`suggesting eps needs more than ${req.minPoints} incidents in the selection, got ${points.count}`);
  }
  const proj = localProjectionFor(points.lon, points.lat);
  const { x, y } = proj.projectArrays(points.lon, points.lat);
  const s = suggestEps(x, y, req.minPoints);
  const step = Math.max(1, Math.floor(s.curve.length / CURVE_POINTS));
  const distances: number[] = [];
  for (let i = 0; i < s.curve.length; i += step) distances.push(s.curve[i]);
  return { eps: s.eps, knee: s.knee, k: s.k, distances, note: suggestionNote(s, language) };
}
