/**
 * The study area a run asks for, read from the workspace into what the core takes
 * (shared/analysis/studyArea.ts): `--study-area LAYER[:ID]` (and NNI's `--area`, its earlier
 * name) read as --within reads a polygon, `extent`, or by default the basemap's land.
 */
import type { AnalysisRequest } from '../../../shared/api/analysisInputs.ts';
import { EXTENT_KEYWORD, type StudyAreaInput } from '../../../shared/analysis/studyArea.ts';
import { UserError } from '../../../shared/errors.ts';
import type { WorkspaceStore } from '../store/store.ts';
import { basemapLand } from './basemapLand.ts';
import { resolvePolygon } from './selectPoints.ts';

/** Undefined for the methods without a study area (DBSCAN, corridors, counts per area). */
export async function studyAreaInput(ws: WorkspaceStore, req: AnalysisRequest): Promise<StudyAreaInput | undefined> {
  if (req.kind !== 'gistar' && req.kind !== 'kde' && req.kind !== 'nni' && req.kind !== 'emerging') return undefined;
  let spec = req.studyArea;
  let flag = '--study-area';
  if (req.kind === 'nni' && req.area !== undefined) {
    if (spec !== undefined) throw new UserError('give --study-area or --area (its earlier name), not both');
    spec = req.area;
    flag = '--area';
  }
  if (spec === undefined) return { kind: 'land', land: basemapLand() };
  if (spec === EXTENT_KEYWORD) return { kind: 'extent' };
  return { kind: 'layer', spec, geometry: await resolvePolygon(ws, spec, flag) };
}
