/**
 * Identify on analysis results: a click on a result feature (cluster hull, Gi* cell, corridor,
 * emerging cell, contour) opens a popup with what the analyst asks of it — counts, significance,
 * period — built as DOM text nodes, never HTML from data.
 */
import { Popup, type Map as MapLibreMap, type MapMouseEvent } from 'maplibre-gl';
import { isResultLayer } from '../map/resultLayers.ts';

/** The rows a result feature shows, by the kind of layer it came from (pure, for tests). */
export function popupRows(props: Record<string, unknown>): [string, string][] {
  const rows: [string, string][] = [];
  const num = (v: unknown, digits = 2) =>
    typeof v === 'number' ? (Number.isInteger(v) ? v.toLocaleString('en-US') : v.toLocaleString('en-US', { maximumFractionDigits: digits })) : String(v);
  const add = (label: string, key: string, f: (v: unknown) => string = (v) => num(v)) => {
    const v = props[key];
    if (v !== undefined && v !== null && v !== '') rows.push([label, f(v)]);
  };
  if (props.cluster_id !== undefined) {
    add('Cluster', 'rank', (v) => `#${String(v)}`);
    add('Incidents', 'count');
    // A cluster drawn as a point: how many records sit there (a stacked geocode), or on how many spots.
    const spots = Number(props.locations);
    if (props.locations !== undefined) {
      rows.push(spots === 1 ? ['At this point', `all ${num(props.count)} incidents share one location`] : ['Locations', `${num(spots)}, on one line`]);
    }
    add('Area', 'area_km2', (v) => `${num(v, 2)} km²`);
    add('Density', 'density_per_km2', (v) => `${num(v, 1)} per km²`);
    add('First', 'first_time', (v) => String(v).slice(0, 10));
    add('Last', 'last_time', (v) => String(v).slice(0, 10));
    const by = parseObject(props.counts_by_category);
    if (by) for (const [k, v] of Object.entries(by).sort((a, b) => Number(b[1]) - Number(a[1])).slice(0, 6)) rows.push([`  ${k}`, num(v)]);
  } else if (props.gi_z !== undefined) {
    add('Gi* z', 'gi_z');
    add('p', 'gi_p', (v) => (typeof v === 'number' && v < 0.001 ? '< 0.001' : num(v, 3)));
    add('Confidence', 'gi_bin', (v) => {
      const b = Number(v);
      return b === 0 ? 'not significant' : `${b > 0 ? 'hot' : 'cold'} ${[0, 90, 95, 99][Math.abs(b)]} %`;
    });
    add('Incidents', 'count');
    add('Value', 'value');
  } else if (props.pattern !== undefined) {
    add('Pattern', 'pattern_label', String);
    add('Hot steps', 'hot_steps');
    add('Cold steps', 'cold_steps');
    add('Trend (Mann-Kendall z)', 'trend_z');
    add('Trend p', 'trend_p', (v) => num(v, 3));
  } else if (props.part !== undefined) {
    add('Corridor', 'corridor_id', String);
    add('Length', 'lengthKm', (v) => `${num(v, 1)} km`);
    add('Incidents per km', 'perKm', (v) => num(v, 1));
    add('Incidents', 'count');
    add('Width', 'meanWidthM', (v) => `${num(v, 0)} m`);
    add('Bearing', 'bearing', (v) => `${num(v, 0)}°`);
    add('To the border', 'borderDistanceM', (v) => `${num(Number(v) / 1000, 1)} km`);
    add('Crosses the border', 'crossesBorder', (v) => (v === true || v === 'true' ? 'yes' : 'no'));
    add('p (FDR)', 'pValue', (v) => (typeof v === 'number' && v < 0.001 ? '< 0.001' : num(v, 3)));
  } else if (props.contour_percent !== undefined) {
    add('Contour', 'contour_percent', (v) => `densest ${String(v)} % of cells`);
    add('Density ≥', 'density_level', (v) => `${num(v, 2)} per km²`);
  } else if (props.sentence !== undefined) {
    add('', 'sentence', String);
  }
  return rows;
}

function parseObject(v: unknown): Record<string, unknown> | null {
  // GeoJSON sources hand nested objects back as JSON strings.
  if (typeof v === 'string') {
    try {
      const o = JSON.parse(v) as unknown;
      return o && typeof o === 'object' ? (o as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }
  return v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
}

/** Wires the popup to the map; returns the function that unwires it. */
export function attachResultPopup(map: MapLibreMap, title: (layerId: string) => string): () => void {
  const popup = new Popup({ closeButton: true, maxWidth: '280px' });
  const onClick = (e: MapMouseEvent) => {
    const ids = map
      .getStyle()
      .layers.filter((l) => isResultLayer(l.id) && l.type !== 'symbol' && l.type !== 'raster')
      .map((l) => l.id)
      .reverse();
    if (ids.length === 0) return;
    const hit = map.queryRenderedFeatures(e.point, { layers: ids })[0];
    if (!hit) return;
    const rows = popupRows(hit.properties as Record<string, unknown>);
    if (rows.length === 0) return;
    const root = document.createElement('div');
    root.className = 'result-popup';
    const h = document.createElement('strong');
    h.textContent = title(hit.layer.id);
    root.appendChild(h);
    const table = document.createElement('table');
    for (const [k, v] of rows) {
      const tr = table.insertRow();
      tr.insertCell().textContent = k;
      tr.insertCell().textContent = v;
    }
    root.appendChild(table);
    popup.setLngLat(e.lngLat).setDOMContent(root).addTo(map);
  };
  map.on('click', onClick);
  return () => {
    map.off('click', onClick);
    popup.remove();
  };
}
