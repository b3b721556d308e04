/**
 * The study area of the statistics: where the incidents of the data could have happened. Gi*
 * and emerging hot spots count only the cells inside it (there an empty cell is a zero; a cell
 * outside is neither a zero nor a neighbour), kernel density draws and ranks only its cells
 * inside it, and the nearest-neighbour index takes its area as A.
 *
 * What it is (StudyAreaInput, from the host):
 *  - 'layer': the analyst's polygons (`--study-area LAYER[:ID]`, read as --within reads them),
 *    whole — for kernel density, within its density grid, the only place it has cells;
 *  - 'extent': the window itself — the incidents' bounding box as the method widens it — which
 *    is what every method used before there were study areas;
 *  - 'land', the default: the basemap's land on the incidents' side of the US–Mexico border,
 *    within the window.
 * The window (StudyAreaWindow) is the method's: the incidents' bounding box for the
 * nearest-neighbour index; that box and one cell around it for cells (the cell of an incident on
 * the box's edge has its centre outside the box); the density grid — the box and one bandwidth
 * around it — for kernel density.
 *
 * The incidents' side: each incident is put on one side of the border line of
 * shared/geo/usMexicoBorder.ts (treaty monuments: sharper than the basemap's 1:10m line, which
 * strays hundreds of metres at Mexicali), and the land is cut along that line. A side is in the
 * study area when it holds at least SIDE_SHARE (10 %) of the incidents: the side of most
 * incidents always is; a few across the line — a geocoding slip, a port of entry — do not bring
 * the other country's desert and farmland in as zeros, while data spread over both sides keeps
 * both. Incidents on a side left out are counted in a warning on the result.
 *
 * When the basemap is not installed, or does not cover the incidents (it spans lon −122..−105,
 * lat 24..37), or holds no land in the window (incidents at sea), the study area is the window,
 * and a warning says why and to choose one.
 *
 * The cell rule, the same for every method (aggregateGrid.ts, runKde.ts): a cell is inside when
 * its centre is. Hexagons and squares are centrally symmetric, so a boundary running straight
 * across a cell leaves the centre inside exactly when at least half of the cell is: wherever the
 * boundary is straight at the scale of a cell, this is the 50 %-overlap rule ArcGIS Pro and
 * PySAL users apply, at the cost of one point test per cell instead of a polygon clip. Where a
 * coast bends within a cell the two rules can differ by that cell. One addition, for cells that
 * count incidents (Gi*, emerging): a cell holding an incident that lies in the area is inside
 * whatever its centre — an incident in the area is never left out. UCDP GED's 15,130 events with
 * the Mexican states as the area, 10 km cells: by the centre alone 2,172 (14 %) went uncounted,
 * 2,169 of them lying in a state (in 22 cells centred at sea or abroad); with the addition 3 do,
 * whose own coordinates are off the coast. A density cell holds no incident; there the centre
 * decides.
 *
 * Regions are built and cut row by row (planarArea.ts) after a rectangle clip (Turf's bboxClip);
 * the area's km² is planar in the local projection — the very metres every distance of the
 * analysis is measured in (the nearest-neighbour index needs the two to agree).
 */
import { bboxClip } from '@turf/bbox-clip';
import { multiPolygon as turfMultiPolygon } from '@turf/helpers';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { UserError } from '../errors.ts';
import { formatCount, joinList } from '../i18n/format.ts';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages.ts';
import { translator } from '../i18n/translator.ts';
import { MEXICO_SIDE, southOfUsMexicoBorder } from '../geo/usMexicoBorder.ts';
import type { LocalProjection } from './localProjection.ts';
import { areaOutline, combineAreas, planarArea, type PlanarArea } from './planarArea.ts';
import type { Extent } from './pointsExtent.ts';
import { unprojectGeometry } from './unprojectGeometry.ts';

/** A country's land on the basemap (data/basemap/land.geojson), lon/lat. */
export interface LandFeature {
  iso: string;
  name: string;
  geometry: Polygon | MultiPolygon;
}

export type StudyAreaInput =
  | { kind: 'layer'; spec: string; geometry: Polygon | MultiPolygon }
  | { kind: 'extent' }
  /** null: the host has no basemap. */
  | { kind: 'land'; land: LandFeature[] | null };

export interface StudyAreaWindow {
  /** Metres, in the analysis's projection. */
  extent: Extent;
  /** In words, e.g. "the incidents' bounding box and one cell around it" (windowName). */
  name: string;
  /** Cut an analyst's polygons to the window too (kernel density: its surface ends at its grid). */
  clipLayer?: boolean;
  /** The language of the study area's name and warnings; English when absent. */
  language?: Language;
}

/** A window in words: the incidents' bounding box, alone, with a cell or with a bandwidth around it. */
export function windowName(which: 'box' | 'boxCell' | 'grid', language: Language = DEFAULT_LANGUAGE): string {
  return translator(language, 'analysis')(`studyArea.windows.${which}`);
}

export interface StudyArea {
  kind: StudyAreaInput['kind'];
  /** Which area, in words, for the result and its provenance. */
  name: string;
  areaKm2: number;
  /** Metres. */
  area: PlanarArea;
  /** lon/lat, for the map: the analyst's polygons as given, or the region's outline traced. */
  geometry(): Polygon | MultiPolygon;
  /** To say on the result: a side left out, a basemap that does not cover the incidents … */
  warnings: string[];
}

/** The share of the incidents that brings a side of the border into the default study area. */
const SIDE_SHARE = 0.1;

/** The keyword of `--study-area extent`: the window itself. */
export const EXTENT_KEYWORD = 'extent';

/** Segments of the border ring are split to this many degrees before projecting (a 3° parallel bows ~1 km in UTM). */
const DENSIFY_DEG = 0.01;
/** lon/lat margin around the window when land and the border's side are cut out of the world. */
const BOX_MARGIN_DEG = 0.5;

type Polys = Position[][][];
type BBox = [number, number, number, number];

/** The polygons of a geometry, less rings of under 4 positions (the basemap's clipping left empty ones). */
function coordsOf(g: Polygon | MultiPolygon): Polys {
  return (g.type === 'Polygon' ? [g.coordinates] : g.coordinates)
    .map((p) => p.filter((ring) => ring.length >= 4))
    .filter((p) => p.length > 0 && p[0].length >= 4);
}

/** Polygons cut to a box (Sutherland–Hodgman, planar: lon/lat or metres alike). */
function clip(polys: Polys, box: BBox): Polys {
  if (!polys.length) return [];
  return coordsOf(bboxClip(turfMultiPolygon(polys), box).geometry as Polygon | MultiPolygon);
}

const bboxOf = (e: Extent): BBox => [e.minX, e.minY, e.maxX, e.maxY];

function project(polys: Polys, f: (x: number, y: number) => [number, number]): Polys {
  return polys.map((p) => p.map((ring) => ring.map(([x, y]) => f(x, y))));
}

function densify(ring: Position[]): Position[] {
  const out: Position[] = [];
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x1, y1] = ring[i];
    const [x2, y2] = ring[i + 1];
    const steps = Math.max(1, Math.ceil(Math.max(Math.abs(x2 - x1), Math.abs(y2 - y1)) / DENSIFY_DEG));
    for (let k = 0; k < steps; k++) out.push([x1 + ((x2 - x1) * k) / steps, y1 + ((y2 - y1) * k) / steps]);
  }
  out.push(ring[ring.length - 1]);
  return out;
}

function rectangle(e: Extent): Polys {
  return [[[[e.minX, e.minY], [e.maxX, e.minY], [e.maxX, e.maxY], [e.minX, e.maxY], [e.minX, e.minY]]]];
}

/** The lon/lat box around a window in metres (its corners and edge midpoints), widened. */
function lonLatBox(e: Extent, proj: LocalProjection, margin: number): BBox {
  let [w, s, east, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const x of [e.minX, (e.minX + e.maxX) / 2, e.maxX]) {
    for (const y of [e.minY, (e.minY + e.maxY) / 2, e.maxY]) {
      const [lon, lat] = proj.inverse(x, y);
      [w, s, east, n] = [Math.min(w, lon), Math.min(s, lat), Math.max(east, lon), Math.max(n, lat)];
    }
  }
  return [w - margin, s - margin, east + margin, n + margin];
}

function lonLatExtent(polys: Polys): Extent {
  const e = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (const p of polys) {
    for (const [x, y] of p[0]) {
      e.minX = Math.min(e.minX, x);
      e.maxX = Math.max(e.maxX, x);
      e.minY = Math.min(e.minY, y);
      e.maxY = Math.max(e.maxY, y);
    }
  }
  return e;
}

const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(part / whole < 0.1 ? 1 : 0)} %`;

function studyArea(kind: StudyArea['kind'], name: string, area: PlanarArea, proj: LocalProjection, warnings: string[], given?: Polygon | MultiPolygon): StudyArea {
  return {
    kind,
    name,
    areaKm2: area.areaM2 / 1e6,
    area,
    geometry: () => given ?? unprojectGeometry(areaOutline(area), proj.inverse),
    warnings,
  };
}

function windowArea(window: StudyAreaWindow, proj: LocalProjection, warnings: string[]): StudyArea {
  const rect = rectangle(window.extent);
  return studyArea('extent', window.name, planarArea(rect), proj, warnings, { type: 'Polygon', coordinates: project(rect, proj.inverse)[0] });
}

/**
 * The land on the incidents' side(s) within the window, or the window with a warning saying why
 * not. lon, lat: the incidents (their sides).
 */
/** Where the incidents lie against the basemap's land: beyond what it covers, and on each side of the border ('MX', 'US'). */
export interface LandSides {
  n: number;
  beyond: number;
  bySide: Map<string, number>;
}

/** The lon/lat extent the basemap's land covers: incidents beyond it make the default area the window. */
export function landCoverage(land: LandFeature[]): Extent {
  return lonLatExtent(land.flatMap((f) => coordsOf(f.geometry)));
}

function landSides(land: LandFeature[], lon: Float64Array, lat: Float64Array): LandSides {
  const coverage = landCoverage(land);
  let beyond = 0;
  const bySide = new Map<string, number>();
  for (let i = 0; i < lon.length; i++) {
    if (lon[i] < coverage.minX || lon[i] > coverage.maxX || lat[i] < coverage.minY || lat[i] > coverage.maxY) beyond++;
    const side = southOfUsMexicoBorder(lon[i], lat[i]) ? 'MX' : 'US';
    bySide.set(side, (bySide.get(side) ?? 0) + 1);
  }
  return { n: lon.length, beyond, bySide };
}

function landArea(land: LandFeature[] | null, proj: LocalProjection, lon: Float64Array, lat: Float64Array, window: StudyAreaWindow, counted?: LandSides): StudyArea {
  const language = window.language ?? DEFAULT_LANGUAGE;
  const t = translator(language, 'analysis');
  const choose = t('studyArea.choose');
  if (!land || !land.length) {
    return windowArea(window, proj, [t('studyArea.noBasemap', { window: window.name, choose })]);
  }
  const coverage = landCoverage(land);
  const { beyond, bySide, n } = counted ?? landSides(land, lon, lat);
  if (beyond > 0) {
    const span = `lon ${coverage.minX}..${coverage.maxX}, lat ${coverage.minY}..${coverage.maxY}`;
    return windowArea(window, proj, [t('studyArea.beyond', { n: formatCount(beyond), span, window: window.name, choose })]);
  }
  // A country the catalogue knows is named in the language (México); another as the basemap names it.
  const nameOf = (iso: string) => (iso === 'MX' || iso === 'US' ? t(`studyArea.countries.${iso}`) : (land.find((f) => f.iso === iso)?.name ?? iso));
  const sides = [...bySide.keys()].filter((s) => (bySide.get(s) ?? 0) >= SIDE_SHARE * n).sort();
  const warnings: string[] = [];
  for (const [side, count] of bySide) {
    if (!sides.includes(side)) {
      warnings.push(t('studyArea.side', { n: formatCount(count), percent: pct(count, n), side: nameOf(side), threshold: SIDE_SHARE * 100 }));
    }
  }
  const box = lonLatBox(window.extent, proj, BOX_MARGIN_DEG);
  let area = planarArea(land.flatMap((f) => clip(project(clip(coordsOf(f.geometry), box), proj.forward), bboxOf(window.extent))));
  if (sides.length === 1) {
    // Mexico's side of the treaty line, cut to the box and densified, so its straight lon/lat
    // lines stay where they are once projected; the United States' side is what it leaves.
    const mexico = planarArea(project(clip([[[...MEXICO_SIDE, MEXICO_SIDE[0]].map(([x, y]) => [x, y])]], box).map((p) => p.map(densify)), proj.forward));
    area = combineAreas(area, mexico, sides[0] === 'MX' ? 'and' : 'minus');
  }
  const names = joinList(sides.map(nameOf), language);
  if (!(area.areaM2 > 0)) {
    return windowArea(window, proj, [...warnings, t('studyArea.noLand', { names, window: window.name, choose })]);
  }
  return studyArea('land', t('studyArea.land', { names, window: window.name }), area, proj, warnings);
}

/**
 * `sides`: where the incidents lie against the basemap's land, when a database counted it (a
 * team workspace's big selections); otherwise counted from `lon`, `lat`.
 */
export function resolveStudyArea(
  input: StudyAreaInput | undefined,
  proj: LocalProjection,
  lon: Float64Array,
  lat: Float64Array,
  window: StudyAreaWindow,
  sides?: LandSides,
): StudyArea {
  // No input: the window, as before study areas (a caller of the core that gives none).
  const source = input ?? { kind: 'extent' };
  switch (source.kind) {
    case 'extent':
      return windowArea(window, proj, []);
    case 'land':
      return landArea(source.land, proj, lon, lat, window, sides);
    case 'layer': {
      const whole = planarArea(project(coordsOf(source.geometry), proj.forward));
      const area = window.clipLayer ? combineAreas(whole, planarArea(rectangle(window.extent)), 'and') : whole;
      if (!(area.areaM2 > 0)) throw new UserError(`--study-area ${source.spec}: the area has nothing within ${window.name}`);
      return window.clipLayer
        ? studyArea('layer', translator(window.language ?? DEFAULT_LANGUAGE, 'analysis')('studyArea.layerWithin', { spec: source.spec, window: window.name }), area, proj, [])
        : studyArea('layer', source.spec, area, proj, [], source.geometry);
    }
  }
}

/** What every result says of its study area (summary and resolved parameters). */
export function studyAreaFacts(sa: StudyArea): { studyArea: string; studyAreaKm2: number } {
  return { studyArea: sa.name, studyAreaKm2: sa.areaKm2 };
}

/** The warning for incidents outside the study area: left out (cells), or counted all the same. */
export function outsideWarning(outside: number, total: number, counted: boolean, language: Language = DEFAULT_LANGUAGE): string | null {
  if (outside === 0) return null;
  return translator(language, 'analysis')(counted ? 'studyArea.outsideCounted' : 'studyArea.outsideLeft', { n: formatCount(outside), percent: pct(outside, total) });
}

/** A window grown by a margin on every side. */
export function grown(e: Extent, margin: number): Extent {
  return { minX: e.minX - margin, minY: e.minY - margin, maxX: e.maxX + margin, maxY: e.maxY + margin };
}
