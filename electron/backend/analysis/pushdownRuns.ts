/**
 * DBSCAN and Gi* on a big selection of a team workspace, with the heavy part done where the data
 * is (store/pushdown.ts): PostGIS clusters with ST_ClusterDBSCAN and sends only the clustered
 * incidents (the rest as their source indices), or counts the incidents per cell of the run's
 * lattice and sends the counts; the run here finishes from them exactly as it would from every
 * point (shared/analysis/run: dbscanCandidates, cellCounts). What the selection's warnings say
 * (its stacked points) is counted there too. Smaller selections are read whole, as from a file:
 * below the threshold the round trips cost more than the points. So are selections whose filters
 * need every record in hand (--precision-max, --exclude-stacked, --where, --within-distance).
 */
import type { AnalysisRequest } from '../../../shared/api/analysisInputs.ts';
import { cellSizeFromNearest } from '../../../shared/analysis/aggregateGrid.ts';
import { localProjection } from '../../../shared/analysis/localProjection.ts';
import { gistarLattice } from '../../../shared/analysis/run/runGistar.ts';
import { metresPerDegree, nearestTown, stackMinCount, stackWarning } from '../../../shared/analysis/stackedPoints.ts';
import { DEFAULT_LANGUAGE, type Language } from '../../../shared/i18n/languages.ts';
import { landCoverage } from '../../../shared/analysis/studyArea.ts';
import { MEXICO_SIDE } from '../../../shared/geo/usMexicoBorder.ts';
import { UserError } from '../../../shared/errors.ts';
import type { Pushdown, PointSelection } from '../store/pushdown.ts';
import type { WorkspaceStore } from '../store/store.ts';
import { gazetteer } from '../gazetteer.ts';
import { selectPointsEmpty, type PreparedRun } from './analysisService.ts';
import { fingerprintHasher, resolvePolygon, selectionDescription, selectionFilter } from './selectPoints.ts';
import { studyAreaInput } from './studyAreaInput.ts';

/**
 * Selections from this many incidents on are clustered or counted in the database;
 * FRONTERA_PUSHDOWN_MIN_POINTS overrides it (tests push small selections down).
 */
const PUSHDOWN_MIN_POINTS = 1_000_000;

function threshold(): number {
  const env = process.env.FRONTERA_PUSHDOWN_MIN_POINTS;
  return env !== undefined && env !== '' && Number.isFinite(Number(env)) ? Number(env) : PUSHDOWN_MIN_POINTS;
}

/** The engine, when it counts Gi*'s cells too. */
function cellEngine(e: Pushdown): Required<Pushdown> | null {
  return e.landSides && e.nearestNeighbourStats && e.cellCounts ? (e as Required<Pushdown>) : null;
}

/** The stacked-point warning of the selection, as selectPoints gives it, from the engine's counts. */
async function stackWarnings(engine: Pushdown, sel: PointSelection, count: number, language: Language): Promise<string[]> {
  const minCount = stackMinCount(count);
  if (count < minCount) return [];
  const found = await engine.stacks(sel, minCount, metresPerDegree(Math.round(await engine.meanLatitude(sel))));
  const towns = gazetteer();
  const stacks = found.stacks.map((s) => ({ ...s, share: s.count / found.total, near: nearestTown(s.lon, s.lat, towns) }));
  const w = stackWarning({ stacks, stacked: stacks.reduce((n, s) => n + s.count, 0), total: found.total }, undefined, language);
  return w ? [w] : [];
}

/** The prepared run with its heavy part done by the store's engine, or null when it is run from the points; `language`: of its sentences. */
export async function pushdownRun(ws: WorkspaceStore, req: AnalysisRequest, tz: string, language: Language = DEFAULT_LANGUAGE): Promise<PreparedRun | null> {
  const engine = ws.pushdown;
  if (!engine || !(req.kind === 'dbscan' || (req.kind === 'gistar' && req.field === undefined && cellEngine(engine)))) return null;
  const selection = req.selection ?? {};
  if (selection.precisionMax !== undefined || selection.excludeStacked || selection.where !== undefined || selection.withinDistance !== undefined) return null;
  const { layer, filter, categories } = await selectionFilter(ws, req.layer, selection);
  const within = selection.within ?? null;
  const sel: PointSelection = { layerId: layer.id, filter, ...(within ? { within: await resolvePolygon(ws, within) } : {}) };
  const count = await engine.countPoints(sel);
  // An empty selection is refused as the run from its points refuses it.
  if (count === 0 || count < threshold()) return null;
  const picked = { description: selectionDescription(layer, selection, categories, within, count), warnings: await stackWarnings(engine, sel, count, language) };
  const hash = fingerprintHasher(layer);
  const centre = await engine.centre(sel);
  const proj = localProjection(centre[0], centre[1]);
  if (req.kind === 'dbscan') {
    const c = await engine.dbscanCandidates(sel, proj.epsg, req.eps, req.minPoints, hash.ids);
    return {
      req,
      input: {
        points: c.points,
        tz,
        language,
        dbscanCandidates: { total: c.sourceIndex.length, sourceIndex: c.sourceIndex, member: c.member, centre, locations: c.locations },
      },
      selection: picked,
      layerId: layer.id,
      fingerprint: hash.digest(req),
      language,
    };
  }
  const cells = cellEngine(engine)!;
  const extent = await engine.extent(sel, proj.epsg);
  const studyArea = await studyAreaInput(ws, req);
  const land = studyArea?.kind === 'land' ? studyArea.land : null;
  const sides = land?.length ? await cells.landSides(sel, landCoverage(land), MEXICO_SIDE) : undefined;
  let cellSize = req.cellSize;
  if (cellSize === undefined) {
    if (count < 3) throw new UserError(`hot spot grid: needs at least 3 incidents, got ${count}`);
    const nn = await cells.nearestNeighbourStats(sel, proj.epsg);
    cellSize = cellSizeFromNearest(nn.mean, nn.median);
  }
  const shape = req.grid ?? 'hex';
  const empty = selectPointsEmpty();
  const { lattice, area } = gistarLattice(studyArea, proj, { lon: empty.lon, lat: empty.lat, extent, sides }, cellSize, shape, language);
  const counted = await cells.cellCounts(sel, proj.epsg, lattice, req.weight === 'quantity', hash.ids, area.area);
  return {
    req,
    input: {
      points: empty,
      tz,
      language,
      ...(studyArea ? { studyArea } : {}),
      cellCounts: { total: count, centre, extent, ...(sides ? { sides } : {}), cellSize, ...counted },
    },
    selection: picked,
    layerId: layer.id,
    fingerprint: hash.digest(req),
    language,
  };
}
