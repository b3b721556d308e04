/**
 * DBSCAN and Gi* on a big selection of a team workspace, with the heavy part done where the data
 * is (store/pushdown.ts): PostGIS clusters with ST_ClusterDBSCAN and sends only the clustered
 * incidents (the noise as its source indices), or counts the incidents per cell and sends the
 * counts; the run here finishes from them exactly as it would from every point
 * (shared/analysis/run: dbscanCandidates, cellCounts). Smaller selections are read whole, as
 * from a file: below the threshold the round trips cost more than the points.
 */
import type { AnalysisRequest } from '../../../shared/api/analysisInputs.ts';
import type { WorkspaceStore } from '../store/store.ts';
import { selectPointsEmpty, type PreparedRun } from './analysisService.ts';
import { fingerprintHasher, resolvePolygon, selectionDescription, selectionFilter } from './selectPoints.ts';

/**
 * Selections from this many incidents on are clustered or counted in the database;
 * FRONTERA_PUSHDOWN_MIN_POINTS overrides it (tests push small selections down).
 */
export const PUSHDOWN_MIN_POINTS = 1_000_000;

function threshold(): number {
  const env = process.env.FRONTERA_PUSHDOWN_MIN_POINTS;
  return env !== undefined && env !== '' && Number.isFinite(Number(env)) ? Number(env) : PUSHDOWN_MIN_POINTS;
}

/** The prepared run with its heavy part done by the store's engine, or null when it is run from the points. */
export async function pushdownRun(ws: WorkspaceStore, req: AnalysisRequest, tz: string): Promise<PreparedRun | null> {
  const engine = ws.pushdown;
  if (!engine || !(req.kind === 'dbscan' || (req.kind === 'gistar' && req.field === undefined))) return null;
  const selection = req.selection ?? {};
  const { layer, filter, categories } = await selectionFilter(ws, req.layer, selection);
  const within = selection.within ?? null;
  const sel = { layerId: layer.id, filter, ...(within ? { within: await resolvePolygon(ws, within) } : {}) };
  const count = await engine.countPoints(sel);
  if (count < threshold()) return null;
  const hash = fingerprintHasher(layer);
  const description = selectionDescription(layer, selection, categories, within, count);
  if (req.kind === 'dbscan') {
    const c = await engine.dbscanCandidates(sel, req.eps, req.minPoints, hash.ids);
    return {
      req,
      input: { points: c.points, tz, dbscanCandidates: { total: c.sourceIndex.length, sourceIndex: c.sourceIndex, member: c.member, centre: c.centre } },
      selection: { description },
      layerId: layer.id,
      fingerprint: hash.digest(req),
    };
  }
  const counts = await engine.cellCounts(sel, { shape: req.grid ?? 'hex', cellSize: req.cellSize, weightByQuantity: req.weight === 'quantity' }, hash.ids);
  return {
    req,
    input: { points: selectPointsEmpty(), tz, cellCounts: counts },
    selection: { description },
    layerId: layer.id,
    fingerprint: hash.digest(req),
  };
}
