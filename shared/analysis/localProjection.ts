/**
 * A local metric CRS for analysis: the UTM zone (WGS84) of the data's centre, so every distance,
 * bandwidth and cell size downstream is in metres, never degrees.
 *
 * Transverse Mercator is our own (Krüger series to n⁶, after Karney 2011, "Transverse Mercator
 * with an accuracy of a few nanometers"): it agrees with proj4 to well under a millimetre inside
 * a zone (tested against GDAL and proj4) and projects typed arrays about twice as fast as
 * proj4's per-point forward() (test/bench/analysis.ts runs both).
 *
 * Longitudes are taken relative to the zone's central meridian and wrapped into [-180, 180), so
 * data crossing the antimeridian (Fiji, 179°..181°) projects as one contiguous patch.
 * The Norway/Svalbard zone exceptions are not applied (irrelevant to the border zone; the
 * projection is still conformal and metric there, only the EPSG code differs from convention).
 */
import { UserError } from '../errors.ts';

export interface LocalProjection {
  /** EPSG code of the UTM zone, e.g. 32611 (UTM 11N) or 32701 (UTM 1S). */
  epsg: number;
  zone: number;
  south: boolean;
  /** Central meridian in degrees. */
  centralMeridian: number;
  /** lon/lat degrees → [x, y] metres (easting, northing). */
  forward(lon: number, lat: number): [number, number];
  /** [x, y] metres → [lon, lat] degrees; lon in [-180, 180). */
  inverse(x: number, y: number): [number, number];
  /** Projects coordinate arrays of equal length into new arrays (inputs untouched). */
  projectArrays(lon: Float64Array, lat: Float64Array): { x: Float64Array; y: Float64Array };
}

// WGS84
const A_AXIS = 6378137;
const F = 1 / 298.257223563;
const K0 = 0.9996;
const FALSE_EASTING = 500000;
const FALSE_NORTHING_SOUTH = 10000000;
const DEG = Math.PI / 180;

const N = F / (2 - F);
const N2 = N * N;
const N3 = N2 * N;
const N4 = N3 * N;
const N5 = N4 * N;
const N6 = N5 * N;
const E = Math.sqrt(F * (2 - F));
const RECT = (A_AXIS / (1 + N)) * (1 + N2 / 4 + N4 / 64 + N6 / 256);
const ALPHA = [
  N / 2 - (2 / 3) * N2 + (5 / 16) * N3 + (41 / 180) * N4 - (127 / 288) * N5 + (7891 / 37800) * N6,
  (13 / 48) * N2 - (3 / 5) * N3 + (557 / 1440) * N4 + (281 / 630) * N5 - (1983433 / 1935360) * N6,
  (61 / 240) * N3 - (103 / 140) * N4 + (15061 / 26880) * N5 + (167603 / 181440) * N6,
  (49561 / 161280) * N4 - (179 / 168) * N5 + (6601661 / 7257600) * N6,
  (34729 / 80640) * N5 - (3418889 / 1995840) * N6,
  (212378941 / 319334400) * N6,
];
const BETA = [
  N / 2 - (2 / 3) * N2 + (37 / 96) * N3 - (1 / 360) * N4 - (81 / 512) * N5 + (96199 / 604800) * N6,
  (1 / 48) * N2 + (1 / 15) * N3 - (437 / 1440) * N4 + (46 / 105) * N5 - (1118711 / 3870720) * N6,
  (17 / 480) * N3 - (37 / 840) * N4 - (209 / 4480) * N5 + (5569 / 90720) * N6,
  (4397 / 161280) * N4 - (11 / 504) * N5 - (830251 / 7257600) * N6,
  (4583 / 161280) * N5 - (108847 / 3991680) * N6,
  (20648693 / 638668800) * N6,
];

function wrapDegrees(d: number): number {
  return ((((d + 180) % 360) + 360) % 360) - 180;
}

/** Conformal latitude (as tan) → geodetic latitude (as tan), Newton's method after Karney 2011 eq. 19–21. */
function tauFromTauPrime(taup: number): number {
  const e2m = 1 - E * E;
  let tau = taup / e2m;
  for (let i = 0; i < 6; i++) {
    const tau1 = Math.sqrt(1 + tau * tau);
    const sig = Math.sinh(E * Math.atanh((E * tau) / tau1));
    const taupa = Math.sqrt(1 + sig * sig) * tau - sig * tau1;
    const dtau = ((taup - taupa) * (1 + e2m * tau * tau)) / (e2m * tau1 * Math.sqrt(1 + taupa * taupa));
    tau += dtau;
    if (!(Math.abs(dtau) >= 1e-15 * Math.max(1, Math.abs(tau)))) break;
  }
  return tau;
}

function makeTM(lon0: number, falseNorthing: number) {
  const forwardInto = (lon: number, lat: number, out: Float64Array | number[], at: number): void => {
    const lam = wrapDegrees(lon - lon0) * DEG;
    const phi = lat * DEG;
    const s = Math.sin(phi);
    const c = Math.cos(phi);
    // τ' = sinh(atanh(sin φ) − e·atanh(e·sin φ)), expanded with sinh(atanh(sin φ)) = tan φ and
    // cosh(atanh(sin φ)) = sec φ, and cosh/sinh of the second term from one exp.
    const eb = Math.exp(E * Math.atanh(E * s));
    const t = (s * (eb + 1 / eb) - (eb - 1 / eb)) / (2 * c);
    const cl = Math.cos(lam);
    const xip = Math.atan2(t, cl);
    const u = Math.sin(lam) / Math.sqrt(1 + t * t);
    const etap = Math.atanh(u);
    // sin/cos(2jξ') and cosh/sinh(2jη') by the multiple-angle recurrences, started from
    // sin/cos ξ' = (τ', cos λ)/hypot and exp(2η') = (1 + u)/(1 − u): seven transcendental calls
    // per point, not eleven (projectArrays on 200k points: 31 → 23 ms).
    const r = Math.sqrt(t * t + cl * cl);
    const sx = t / r;
    const cx = cl / r;
    const c2 = cx * cx - sx * sx;
    const s2 = 2 * sx * cx;
    const e2 = (1 + u) / (1 - u);
    const ch2 = (e2 + 1 / e2) / 2;
    const sh2 = (e2 - 1 / e2) / 2;
    let sPrev = 0;
    let cPrev = 1;
    let shPrev = 0;
    let chPrev = 1;
    let sj = s2;
    let cj = c2;
    let shj = sh2;
    let chj = ch2;
    let xi = xip;
    let eta = etap;
    for (let j = 0; j < 6; j++) {
      const a = ALPHA[j];
      xi += a * sj * chj;
      eta += a * cj * shj;
      const sNext = 2 * c2 * sj - sPrev;
      const cNext = 2 * c2 * cj - cPrev;
      const shNext = 2 * ch2 * shj - shPrev;
      const chNext = 2 * ch2 * chj - chPrev;
      sPrev = sj;
      cPrev = cj;
      shPrev = shj;
      chPrev = chj;
      sj = sNext;
      cj = cNext;
      shj = shNext;
      chj = chNext;
    }
    out[at] = FALSE_EASTING + K0 * RECT * eta;
    out[at + 1] = falseNorthing + K0 * RECT * xi;
  };
  const inverse = (x: number, y: number): [number, number] => {
    const xi = (y - falseNorthing) / (K0 * RECT);
    const eta = (x - FALSE_EASTING) / (K0 * RECT);
    let xip = xi;
    let etap = eta;
    for (let j = 1; j <= 6; j++) {
      const b = BETA[j - 1];
      xip -= b * Math.sin(2 * j * xi) * Math.cosh(2 * j * eta);
      etap -= b * Math.cos(2 * j * xi) * Math.sinh(2 * j * eta);
    }
    const sxip = Math.sin(xip);
    const cxip = Math.cos(xip);
    const shetap = Math.sinh(etap);
    const taup = sxip / Math.sqrt(shetap * shetap + cxip * cxip);
    const tau = tauFromTauPrime(taup);
    const lat = Math.atan(tau) / DEG;
    const lon = wrapDegrees(lon0 + Math.atan2(shetap, cxip) / DEG);
    return [lon, lat];
  };
  return { forwardInto, inverse };
}

/** The UTM projection for a data centre given in degrees. */
export function localProjection(centerLon: number, centerLat: number): LocalProjection {
  if (!Number.isFinite(centerLon) || !Number.isFinite(centerLat) || Math.abs(centerLat) > 90) {
    throw new UserError(`cannot choose a local projection: centre (${centerLon}, ${centerLat}) is not a valid lon/lat`);
  }
  if (Math.abs(centerLat) > 84) {
    throw new UserError(`cannot choose a local projection: latitude ${centerLat.toFixed(2)} is outside UTM's range (80°S..84°N)`);
  }
  const lon = wrapDegrees(centerLon);
  const zone = Math.min(60, Math.floor((lon + 180) / 6) + 1);
  const south = centerLat < 0;
  const cm = -183 + 6 * zone;
  const tm = makeTM(cm, south ? FALSE_NORTHING_SOUTH : 0);
  const pair: [number, number] = [0, 0];
  return {
    epsg: (south ? 32700 : 32600) + zone,
    zone,
    south,
    centralMeridian: cm,
    forward(lonDeg, latDeg) {
      tm.forwardInto(lonDeg, latDeg, pair, 0);
      return [pair[0], pair[1]];
    },
    inverse: tm.inverse,
    projectArrays(lonArr, latArr) {
      if (lonArr.length !== latArr.length) {
        throw new UserError(`cannot project: ${lonArr.length} longitudes but ${latArr.length} latitudes`);
      }
      const n = lonArr.length;
      const x = new Float64Array(n);
      const y = new Float64Array(n);
      const buf = new Float64Array(2);
      for (let i = 0; i < n; i++) {
        tm.forwardInto(lonArr[i], latArr[i], buf, 0);
        x[i] = buf[0];
        y[i] = buf[1];
      }
      return { x, y };
    },
  };
}

/**
 * The centre of a set of lon/lat points: bbox midpoint of latitudes and the circular mean of
 * longitudes (so 179° and −179° average to 180°, not 0°).
 */
export function dataCentre(lon: Float64Array, lat: Float64Array): [number, number] {
  const n = lon.length;
  if (n === 0) throw new UserError('cannot choose a local projection for an empty set of points');
  let sx = 0;
  let sy = 0;
  let minLat = Infinity;
  let maxLat = -Infinity;
  for (let i = 0; i < n; i++) {
    const l = lon[i] * DEG;
    sx += Math.cos(l);
    sy += Math.sin(l);
    if (lat[i] < minLat) minLat = lat[i];
    if (lat[i] > maxLat) maxLat = lat[i];
  }
  const meanLon = sx === 0 && sy === 0 ? lon[0] : Math.atan2(sy, sx) / DEG;
  return [meanLon, (minLat + maxLat) / 2];
}

/** localProjection(dataCentre(lon, lat)) — the usual way in. */
export function localProjectionFor(lon: Float64Array, lat: Float64Array): LocalProjection {
  const [cl, ct] = dataCentre(lon, lat);
  return localProjection(cl, ct);
}
