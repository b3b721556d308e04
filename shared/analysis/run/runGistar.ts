/**
 * Getis-Ord Gi* as the analyst runs it: incidents aggregated to hexagons or squares (the cell
 * size by default as Optimized Hot Spot Analysis chooses it), or a layer's own features with a
 * numeric field; a fixed distance band (binary, self included); bins with FDR by default.
 */
import type { Feature, Geometry, Polygon } from 'geojson';
import { centroid } from '@turf/centroid';
import { UserError } from '../../errors.ts';
import type { GistarParams } from '../../api/analysisInputs.ts';
import type { z } from 'zod';
import { aggregateGrid, cellRing, defaultCellSize, gridLattice, latticeCells, type AggregatedCells, type Lattice } from '../aggregateGrid.ts';
import { distanceBand } from '../distanceBand.ts';
import { giBins, gistar } from '../gistar.ts';
import { localProjection, localProjectionFor, type LocalProjection } from '../localProjection.ts';
import { pointsExtent, type Extent } from '../pointsExtent.ts';
import { grown, outsideWarning, resolveStudyArea, studyAreaFacts, windowName, type LandSides, type StudyArea, type StudyAreaInput } from '../studyArea.ts';
import { DEFAULT_LANGUAGE, LOCALE, type Language } from '../../i18n/languages.ts';
import { translator } from '../../i18n/translator.ts';
import type { AnalysisInputData, AnalysisOutput, RunOptions } from './types.ts';

type Req = z.infer<typeof GistarParams>;

const MIN_FEATURES = 8;

function binCounts(bins: Int8Array): Record<string, number> {
  const out: Record<string, number> = { hot99: 0, hot95: 0, hot90: 0, notSignificant: 0, cold90: 0, cold95: 0, cold99: 0 };
  const names = ['cold99', 'cold95', 'cold90', 'notSignificant', 'hot90', 'hot95', 'hot99'];
  for (const b of bins) out[names[b + 3]]++;
  return out;
}

/**
 * The study area and the cells' lattice of a run on incidents: an analyst's area gets a lattice
 * of its own, the default areas keep the lattice of the incidents' extent. A team workspace's
 * database counts the incidents per cell of this very lattice (store/pushdown.ts).
 */
export function gistarLattice(
  studyArea: StudyAreaInput | undefined,
  proj: LocalProjection,
  points: { lon: Float64Array; lat: Float64Array; extent: Extent; sides?: LandSides },
  cellSize: number,
  shape: 'hex' | 'square',
  language?: Language,
): { area: StudyArea; lattice: Lattice } {
  const area = resolveStudyArea(
    studyArea,
    proj,
    points.lon,
    points.lat,
    { extent: grown(points.extent, cellSize), name: windowName('boxCell', language), language },
    points.sides,
  );
  return { area, lattice: gridLattice(area.kind === 'layer' ? area.area.extent : points.extent, cellSize, shape, true) };
}

export function runGistar(req: Req, input: AnalysisInputData, opts: RunOptions): AnalysisOutput {
  const useFdr = req.fdr ?? true;
  const warnings: string[] = [];
  let cx: Float64Array;
  let cy: Float64Array;
  let values: Float64Array;
  let proj: LocalProjection;
  const features: Feature<Geometry | null>[] = [];
  let resolved: Record<string, unknown>;
  /** On cells: the lattice's spacing, the band by default (see below). */
  let spacing: number | undefined;
  /** On cells: what the study area left out (summary only). */
  let counted: Record<string, number> = {};
  let makeFeature: (i: number, z: number, p: number, bin: number) => Feature<Geometry | null>;

  if (req.field !== undefined) {
    if (req.studyArea !== undefined) throw new UserError('--study-area applies to incidents counted in cells, not to --field (a layer\'s own features)');
    const fs = input.features ?? [];
    if (fs.length < MIN_FEATURES) {
      throw new UserError(`Gi* needs at least ${MIN_FEATURES} features with a value in "${req.field}", got ${fs.length}`);
    }
    const cents = fs.map((f) => centroid(f.geometry).geometry.coordinates as [number, number]);
    const lon = Float64Array.from(cents, (c) => c[0]);
    const lat = Float64Array.from(cents, (c) => c[1]);
    proj = localProjectionFor(lon, lat);
    ({ x: cx, y: cy } = proj.projectArrays(lon, lat));
    values = Float64Array.from(fs, (f) => f.value);
    resolved = { field: req.field };
    makeFeature = (i, z, p, bin) => ({
      type: 'Feature',
      geometry: fs[i].geometry,
      properties: { source_index: fs[i].sourceIndex, feature_id: fs[i].id, value: values[i], gi_z: z, gi_p: p, gi_bin: bin },
    });
  } else {
    const pts = input.points;
    const inDatabase = input.cellCounts;
    const total = inDatabase ? inDatabase.total : pts.count;
    if (total < MIN_FEATURES) {
      throw new UserError(`Gi* needs at least ${MIN_FEATURES} incidents in the selection, got ${total}`);
    }
    opts.onProgress?.({ phase: 'aggregating incidents', done: 0, total: 3 });
    // Empty cells inside the study area count as zeros: without them every cell holds incidents
    // and nothing can come out cold. Cells outside it are no cells at all.
    let cells: Omit<AggregatedCells, 'cellOfPoint'>;
    let area: StudyArea;
    if (inDatabase) {
      // Counted per cell where the data is (a team workspace's database), on the same lattice.
      const c = inDatabase;
      proj = localProjection(c.centre[0], c.centre[1]);
      const grid = gistarLattice(input.studyArea, proj, { lon: pts.lon, lat: pts.lat, extent: c.extent, sides: c.sides }, c.cellSize, req.grid ?? 'hex', input.language);
      area = grid.area;
      const addInside = (kept: Set<number>, add: (key: number) => void) => {
        for (const key of c.inside) {
          if (!kept.has(key)) {
            kept.add(key);
            add(key);
          }
        }
      };
      cells = latticeCells(grid.lattice, c.keys, c.count, c.value, { keepEmpty: true, area: area.area, addInside }).cells;
    } else {
      proj = localProjectionFor(pts.lon, pts.lat);
      const { x, y } = proj.projectArrays(pts.lon, pts.lat);
      let weights: Float64Array | null = null;
      if (req.weight === 'quantity') {
        weights = Float64Array.from(pts.quantity, (q) => (Number.isFinite(q) ? q : 0));
      }
      const cellSize = req.cellSize ?? defaultCellSize(x, y);
      const grid = gistarLattice(input.studyArea, proj, { lon: pts.lon, lat: pts.lat, extent: pointsExtent(x, y) }, cellSize, req.grid ?? 'hex', input.language);
      area = grid.area;
      cells = aggregateGrid(x, y, weights, {
        cellSize,
        shape: req.grid ?? 'hex',
        keepEmpty: true,
        area: area.area,
        extent: area.kind === 'layer' ? area.area.extent : undefined,
      });
    }
    cx = cells.cx;
    cy = cells.cy;
    values = cells.value;
    spacing = cells.cellSize;
    resolved = {
      cellSize: cells.cellSize,
      grid: cells.shape,
      cells: cells.cx.length,
      ...studyAreaFacts(area),
    };
    counted = { cellsOutsideStudyArea: cells.cellsOutside, incidentsOutsideStudyArea: cells.pointsOutside };
    warnings.push(...area.warnings);
    const outside = outsideWarning(cells.pointsOutside, total, false, input.language);
    if (outside) warnings.push(outside);
    const p0 = proj;
    makeFeature = (i, z, p, bin) => ({
      type: 'Feature',
      geometry: {
        type: 'Polygon',
        coordinates: [cellRing(cells.shape, cells.cellSize, cx[i], cy[i]).map(([a, b]) => p0.inverse(a, b))],
      } as Polygon,
      properties: { cell_id: i, count: cells.count[i], value: values[i], gi_z: z, gi_p: p, gi_bin: bin },
    });
  }
  opts.onProgress?.({ phase: 'neighbours', done: 1, total: 3 });
  // On cells the default band is the lattice's spacing: each cell and its ring of adjacent
  // cells, the smallest band that gives every cell of a whole lattice a neighbour. Taking that
  // smallest band over the cells of a study area instead would let one cell cut off by its edge
  // (an island, a spit of land) widen every cell's neighbourhood; such a cell keeps only itself.
  const adj = distanceBand(cx, cy, req.distanceBand ?? spacing, { signal: opts.signal });
  opts.onProgress?.({ phase: 'Gi*', done: 2, total: 3 });
  const { z, p } = gistar(values, adj);
  const bins = giBins(z, p, { fdr: useFdr });
  for (let i = 0; i < values.length; i++) {
    // Empty, insignificant cells would only paint the map grey; keep every cell that holds
    // incidents or is significant (cold spots are empty cells too).
    if (req.field === undefined && values[i] === 0 && bins[i] === 0) continue;
    features.push(makeFeature(i, z[i], p[i], bins[i]));
  }
  opts.onProgress?.({ phase: 'Gi*', done: 3, total: 3 });
  const explanation = bins.some((b) => b !== 0) ? null : noSignificantCell(z, p, useFdr, req.field === undefined ? 'cells' : 'features', input.language);
  return {
    params: { ...req, ...resolved, distanceBand: adj.band, fdr: useFdr, projection: `EPSG:${proj.epsg}` },
    summary: {
      features: values.length,
      ...binCounts(bins),
      distanceBand: adj.band,
      fdr: useFdr,
      ...resolved,
      ...counted,
      ...(explanation ? { explanation } : {}),
    },
    geojson: { type: 'FeatureCollection', features },
    warnings,
  };
}

/** Why no cell (or feature) came out hot or cold: the strongest z and its p, and whether the FDR took it. */
function noSignificantCell(z: Float64Array, p: Float64Array, fdr: boolean, what: 'cells' | 'features', language: Language = DEFAULT_LANGUAGE): string {
  const t = translator(language, 'analysis');
  let best = -1;
  for (let i = 0; i < z.length; i++) if (best < 0 || Math.abs(z[i]) > Math.abs(z[best])) best = i;
  const n = z.length.toLocaleString(LOCALE[language]);
  if (best < 0 || !(Math.abs(z[best]) > 0)) return t(what === 'cells' ? 'explain.sameCells' : 'explain.sameFeatures', { n });
  const why = fdr && p[best] <= 0.1 ? t('explain.fdr', { n }) : t('explain.weak');
  const values = { n, z: z[best].toFixed(2), p: p[best] < 0.001 ? '< 0.001' : p[best].toFixed(3), why };
  return t(what === 'cells' ? 'explain.noneCells' : 'explain.noneFeatures', values);
}
