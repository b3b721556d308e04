/** The map's camera as the workspace saves it: centre, zoom, bearing, pitch and the extent shown. */
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { MapViewState } from '../../shared/api/mapState.ts';

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const round = (v: number, digits: number) => Number(v.toFixed(digits));

export function viewOf(map: MapLibreMap): MapViewState {
  const c = map.getCenter();
  const b = map.getBounds();
  // Zoomed far out the view can span more than the world; what is saved stays within it.
  let w = clamp(b.getWest(), -180, 180);
  let e = clamp(b.getEast(), -180, 180);
  if (w >= e) [w, e] = [-180, 180];
  const s = clamp(b.getSouth(), -90, 90);
  const n = clamp(b.getNorth(), -90, 90);
  return {
    center: [round(clamp(c.lng, -180, 180), 6), round(clamp(c.lat, -90, 90), 6)],
    zoom: round(clamp(map.getZoom(), 0, 24), 3),
    bearing: round(map.getBearing(), 2),
    pitch: round(clamp(map.getPitch(), 0, 85), 2),
    bounds: [round(w, 6), round(s, 6), round(e, 6), round(n, 6)],
  };
}
