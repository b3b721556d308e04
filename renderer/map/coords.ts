/**
 * Cursor read-outs: decimal degrees and UTM (WGS84, the zone the point lies in), the two forms
 * analysts in the field exchange positions in. UTM comes from the analysis core's own
 * transverse Mercator, so the read-out agrees with the metric CRS every analysis uses.
 */
import { localProjection, type LocalProjection } from '../../shared/analysis/localProjection.ts';

export interface UtmPosition {
  zone: number;
  hemisphere: 'N' | 'S';
  easting: number;
  northing: number;
}

const projections = new Map<string, LocalProjection>();

/** WGS84 lon/lat → UTM in the point's own zone. */
export function toUtm(lon: number, lat: number): UtmPosition {
  const zone = Math.min(60, Math.floor(((((lon + 180) % 360) + 360) % 360) / 6) + 1);
  const key = `${zone}${lat < 0 ? 'S' : 'N'}`;
  let p = projections.get(key);
  if (!p) {
    p = localProjection(lon, lat);
    projections.set(key, p);
  }
  const [easting, northing] = p.forward(lon, lat);
  return { zone: p.zone, hemisphere: p.south ? 'S' : 'N', easting, northing };
}

export function formatDegrees(lon: number, lat: number): string {
  const ns = lat >= 0 ? 'N' : 'S';
  const ew = lon >= 0 ? 'E' : 'W';
  return `${Math.abs(lat).toFixed(5)}° ${ns}, ${Math.abs(lon).toFixed(5)}° ${ew}`;
}

export function formatUtm(u: UtmPosition): string {
  const group = (n: number) => Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `UTM ${u.zone}${u.hemisphere} ${group(u.easting)} E ${group(u.northing)} N`;
}
