/**
 * Geodesic distance from a point to a set of geometries (the US–Mexico border, the ports of
 * entry, any layer), in metres on the WGS 84 ellipsoid.
 *
 * A segment between two vertices is the geodesic between them; segments longer than 2 km are cut
 * along it into pieces (Karney's direct problem, geographiclib-geodesic), so each piece's straight
 * lon/lat chord stays within centimetres of the geodesic. The distance to a piece is the exact
 * geodesic distance (Karney's inverse) from P to the foot of the perpendicular found in an
 * ellipsoidal equirectangular plane at their mid latitude: the distance is stationary at the
 * true foot, so the plane's error there costs only its square over the distance. PROJ's
 * `+proj=aeqd` centred on each point with GEOS's distance, the line cut along its geodesics by
 * PROJ, is the independent reference (test/unit/geo/geodesicDistance.test.ts: within centimetres
 * out to 300 km). A point inside a polygon is at 0.
 *
 * Karney's inverse costs a few microseconds, so it runs only on the pieces that can be nearest:
 * a Flatbush index of their boxes gives the candidates, the plane ranks them (good to well under
 * 1 % at these distances), and they are measured exactly in that order until the plane says no
 * other can be nearer.
 */
import Flatbush from 'flatbush';
import geographiclib from 'geographiclib-geodesic';
import type { Geometry, Position } from 'geojson';

const WGS84 = geographiclib.Geodesic.WGS84;
const CAPS = geographiclib.Geodesic.DISTANCE | geographiclib.Geodesic.AZIMUTH;
const DEG = Math.PI / 180;
const A = 6378137;
const E2 = 0.00669437999014;
/** Shortest length of a degree of latitude (at the equator), m: bounds a search box from below. */
const MIN_M_PER_DEG = 110_574;
const R_EARTH = 6_371_000;
/**
 * What the plane's distance may be off by at distance d, m: measured against Karney's over the
 * region, under 2·10⁻⁶ of d to 50 km, 7·10⁻⁵ at 300 km and 1.5·10⁻⁴ at 500 km, growing as (d/R)²;
 * this bound is twice that, and a metre for a piece's bow and the foot's offset.
 */
const margin = (d: number): number => d * (2e-5 + 0.1 * (d / R_EARTH) ** 2) + 1;
/** Segments longer than this are cut along their geodesic (a 2 km piece bows ~5 cm off its lon/lat chord). */
const MAX_SEGMENT_M = 2_000;

/** Geodesic distance and initial azimuth from (lon1, lat1) to (lon2, lat2). */
export function geodesicInverse(lon1: number, lat1: number, lon2: number, lat2: number): { metres: number; azimuth: number } {
  const r = WGS84.Inverse(lat1, lon1, lat2, lon2, CAPS);
  return { metres: r.s12 ?? 0, azimuth: r.azi1 ?? 0 };
}

/** The point `metres` from (lon, lat) along `azimuth` degrees (Karney's direct problem). */
export function geodesicDirect(lon: number, lat: number, azimuth: number, metres: number): [number, number] {
  const r = WGS84.Direct(lat, lon, azimuth, metres, geographiclib.Geodesic.LATITUDE | geographiclib.Geodesic.LONGITUDE);
  return [r.lon2 ?? lon, r.lat2 ?? lat];
}

interface NearestResult {
  /** Geodesic metres; Infinity when the index holds nothing. */
  metres: number;
  /** Index of the geometry the nearest segment or point belongs to (-1 when none). */
  feature: number;
}

interface DistanceIndex {
  /** Distance to the nearest geometry, and which. */
  nearest(lon: number, lat: number): NearestResult;
  /** True when some geometry lies within `metres` (the exact distance decides only near the edge). */
  within(lon: number, lat: number, metres: number): boolean;
  readonly size: number;
}

interface Rings {
  feature: number;
  rings: Position[][];
  box: [number, number, number, number];
}

/** Even–odd point in polygon over a polygon's rings (lon/lat, edges straight in degrees). */
function insideRings(lon: number, lat: number, rings: Position[][]): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/**
 * Builds the index over the geometries' segments (lines, polygon rings) and points. `null`
 * entries (features without a geometry) keep their place, so `feature` numbers the input.
 */
export function distanceIndex(geometries: readonly (Geometry | null)[]): DistanceIndex {
  const ax: number[] = [];
  const ay: number[] = [];
  const bx: number[] = [];
  const by: number[] = [];
  const owner: number[] = [];
  const polygons: Rings[] = [];
  const push = (x1: number, y1: number, x2: number, y2: number, f: number) => {
    ax.push(x1);
    ay.push(y1);
    bx.push(x2);
    by.push(y2);
    owner.push(f);
  };
  const addLine = (line: Position[], f: number) => {
    if (line.length === 1) line = [line[0], line[0]];
    for (let i = 1; i < line.length; i++) {
      const [x1, y1] = line[i - 1];
      const [x2, y2] = line[i];
      const { metres, azimuth } = geodesicInverse(x1, y1, x2, y2);
      // A long segment is cut into pieces along its geodesic: the same line, and each piece bows
      // off its straight lon/lat chord by far less than the approximation's margin.
      const pieces = Math.ceil(metres / MAX_SEGMENT_M);
      if (pieces <= 1) {
        push(x1, y1, x2, y2, f);
        continue;
      }
      let [px, py] = [x1, y1];
      for (let k = 1; k <= pieces; k++) {
        const [qx, qy] = k === pieces ? [x2, y2] : geodesicDirect(x1, y1, azimuth, (metres * k) / pieces);
        push(px, py, qx, qy, f);
        [px, py] = [qx, qy];
      }
    }
  };
  const addPolygon = (rings: Position[][], f: number) => {
    if (!rings.length || rings[0].length < 3) return;
    let w = Infinity;
    let s = Infinity;
    let e = -Infinity;
    let n = -Infinity;
    for (const [x, y] of rings[0]) {
      w = Math.min(w, x);
      e = Math.max(e, x);
      s = Math.min(s, y);
      n = Math.max(n, y);
    }
    polygons.push({ feature: f, rings, box: [w, s, e, n] });
    for (const ring of rings) addLine(ring, f);
  };
  const add = (g: Geometry, f: number): void => {
    switch (g.type) {
      case 'Point':
        addLine([g.coordinates], f);
        break;
      case 'MultiPoint':
        for (const p of g.coordinates) addLine([p], f);
        break;
      case 'LineString':
        addLine(g.coordinates, f);
        break;
      case 'MultiLineString':
        for (const l of g.coordinates) addLine(l, f);
        break;
      case 'Polygon':
        addPolygon(g.coordinates, f);
        break;
      case 'MultiPolygon':
        for (const p of g.coordinates) addPolygon(p, f);
        break;
      case 'GeometryCollection':
        for (const part of g.geometries) add(part, f);
        break;
    }
  };
  geometries.forEach((g, f) => g && add(g, f));

  const count = owner.length;
  const index = new Flatbush(Math.max(count, 1));
  for (let i = 0; i < count; i++) {
    index.add(Math.min(ax[i], bx[i]), Math.min(ay[i], by[i]), Math.max(ax[i], bx[i]), Math.max(ay[i], by[i]));
  }
  if (count === 0) index.add(0, 0, 0, 0);
  index.finish();

  /** Metres per degree of longitude and latitude at a latitude (the ellipsoid's radii of curvature). */
  const scale = (latDeg: number): [number, number] => {
    const s = Math.sin(latDeg * DEG);
    const w = Math.sqrt(1 - E2 * s * s);
    return [(A / w) * Math.cos(latDeg * DEG) * DEG, ((A * (1 - E2)) / (w * w * w)) * DEG];
  };
  // The foot of the perpendicular in the approximation, as a fraction along the last segment ranked.
  let foot = 0;
  const approx = (lon: number, lat: number, i: number): number => {
    const [kx, ky] = scale((lat + (ay[i] + by[i]) / 2) / 2);
    const x1 = (ax[i] - lon) * kx;
    const y1 = (ay[i] - lat) * ky;
    const dx = (bx[i] - ax[i]) * kx;
    const dy = (by[i] - ay[i]) * ky;
    const len2 = dx * dx + dy * dy;
    foot = len2 > 0 ? Math.min(1, Math.max(0, -(x1 * dx + y1 * dy) / len2)) : 0;
    return Math.hypot(x1 + foot * dx, y1 + foot * dy);
  };
  /**
   * The exact distance to the approximation's foot on a segment: the distance is stationary at
   * the true foot, so the approximation's error there costs only its square over the distance
   * (centimetres at 300 km), and pieces of at most 2 km keep the foot within centimetres of the geodesic.
   */
  const exact = (lon: number, lat: number, i: number, t: number): number =>
    WGS84.Inverse(lat, lon, ay[i] + t * (by[i] - ay[i]), ax[i] + t * (bx[i] - ax[i]), geographiclib.Geodesic.DISTANCE).s12 ?? 0;
  const insidePolygon = (lon: number, lat: number): number => {
    for (const p of polygons) {
      const [w, s, e, n] = p.box;
      if (lon >= w && lon <= e && lat >= s && lat <= n && insideRings(lon, lat, p.rings)) return p.feature;
    }
    return -1;
  };
  /** The segments whose boxes come within `metres` of the point (a superset: the box is generous). */
  const candidates = (lon: number, lat: number, metres: number): number[] => {
    const dLat = metres / MIN_M_PER_DEG;
    const cos = Math.cos(Math.min(89, Math.abs(lat) + dLat) * DEG);
    const dLon = Math.min(180, dLat / Math.max(cos, 1e-6));
    return index.search(lon - dLon, lat - dLat, lon + dLon, lat + dLat);
  };

  // The plane's distance and foot of each candidate, reused from point to point (no allocation per point).
  let candDist = new Float64Array(64);
  let candFoot = new Float64Array(64);
  /** The search radius that held the last point's nearest: its neighbour usually needs about the same. */
  let radius = 10_000;
  const nearest = (lon: number, lat: number): NearestResult => {
    if (count === 0) return { metres: Infinity, feature: -1 };
    const inside = insidePolygon(lon, lat);
    if (inside >= 0) return { metres: 0, feature: inside };
    // Widen the search until it holds a piece and every piece that can be nearer than it.
    let near: number[];
    let best = Infinity;
    for (;;) {
      near = candidates(lon, lat, radius);
      if (near.length > candDist.length) {
        candDist = new Float64Array(near.length * 2);
        candFoot = new Float64Array(near.length * 2);
      }
      best = Infinity;
      for (let k = 0; k < near.length; k++) {
        candDist[k] = approx(lon, lat, near[k]);
        candFoot[k] = foot;
        if (candDist[k] < best) best = candDist[k];
      }
      const needed = best + margin(best);
      if (near.length && needed <= radius) break;
      radius = near.length ? needed : radius * 4;
    }
    radius = Math.max(1000, (best + margin(best)) * 1.25);
    // Measure exactly in the plane's order until no piece left can be nearer than the best found.
    const result: NearestResult = { metres: Infinity, feature: -1 };
    for (;;) {
      let k = -1;
      for (let j = 0; j < near.length; j++) if (candDist[j] >= 0 && (k < 0 || candDist[j] < candDist[k] || (candDist[j] === candDist[k] && owner[near[j]] < owner[near[k]]))) k = j;
      if (k < 0 || candDist[k] - margin(candDist[k]) > result.metres) break;
      const d = exact(lon, lat, near[k], candFoot[k]);
      candDist[k] = -1;
      if (d < result.metres) {
        result.metres = d;
        result.feature = owner[near[k]];
      }
    }
    return result;
  };

  const within = (lon: number, lat: number, metres: number): boolean => {
    if (count === 0) return false;
    if (insidePolygon(lon, lat) >= 0) return true;
    const edge = margin(metres);
    const near = candidates(lon, lat, metres + edge);
    const undecided: [number, number][] = [];
    for (const i of near) {
      const d = approx(lon, lat, i);
      if (d <= metres - edge) return true;
      if (d <= metres + edge) undecided.push([i, foot]);
    }
    return undecided.some(([i, t]) => exact(lon, lat, i, t) <= metres);
  };

  return { nearest, within, size: count };
}
