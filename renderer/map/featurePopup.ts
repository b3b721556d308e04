/**
 * The popup a click on a feature opens (QGIS's identify): the layer, the feature's own fields
 * in the layer's order, the mapped analysis fields, and where it came from — the source file and
 * its record number (`source_index`, 0-based; the N of `--within LAYER:N`).
 */
import { Popup, type Map as MapLibreMap } from 'maplibre-gl';
import type { LayerInfo } from '../../shared/api/contract.ts';
import type { Geometry } from 'geojson';
import { formatCoordinate, type CoordinateFormat } from '../../shared/geo/coordinateFormats.ts';
import { attributeText } from '../format/attributeText.ts';
import { storedCoordinateFormat } from './coordinateFormatSetting.ts';

const popups = new WeakMap<MapLibreMap, Popup>();

function text(v: unknown): string {
  return attributeText(v) || '—';
}

/**
 * Rows of the popup: [label, value], the source last. A point's position comes in the read-out's
 * format, then in decimal degrees and MGRS (the forms positions are passed on in) if not already.
 */
export function featurePopupRows(
  layer: Pick<LayerInfo, 'fields' | 'sourceFile'>,
  id: number,
  props: Record<string, unknown>,
  point?: { lon: number; lat: number; format: CoordinateFormat },
): [string, string][] {
  const rows: [string, string][] = [];
  for (const f of layer.fields) rows.push([f.name, text(props[f.name])]);
  for (const k of Object.keys(props)) {
    if (!k.startsWith('$') && !layer.fields.some((f) => f.name === k)) rows.push([k, text(props[k])]);
  }
  const time = props.$time;
  if (typeof time === 'number' && Number.isFinite(time)) {
    const iso = new Date(time).toISOString();
    rows.push(['time', props.$timePrecision === 'date' ? iso.slice(0, 10) : `${iso.slice(0, 16).replace('T', ' ')} UTC`]);
  }
  const end = props.$timeEnd;
  if (typeof end === 'number' && Number.isFinite(end)) {
    // A date-only end is kept as the start of the next local day: its own day began a day
    // (± an hour of DST) before, which reads as its date the way the time's midnight does.
    const iso = new Date(props.$timeEndPrecision === 'date' ? end - 86_400_000 : end).toISOString();
    rows.push(['time_end', props.$timeEndPrecision === 'date' ? iso.slice(0, 10) : `${iso.slice(0, 16).replace('T', ' ')} UTC`]);
  }
  if (props.$category !== null && props.$category !== undefined) rows.push(['category', text(props.$category)]);
  if (props.$quantity !== null && props.$quantity !== undefined) rows.push(['quantity', `${text(props.$quantity)}${props.$unit ? ` ${String(props.$unit)}` : ''}`]);
  if (props.$precision !== null && props.$precision !== undefined) rows.push(['precision', text(props.$precision)]);
  if (point) {
    for (const f of new Set<CoordinateFormat>([point.format, 'DD', 'MGRS'])) rows.push([f, formatCoordinate(f, point.lon, point.lat)]);
  }
  rows.push(['feature id', String(id)]);
  const si = props.$sourceIndex;
  rows.push(['source', `${layer.sourceFile}${si === undefined || si === null ? '' : `, record ${text(si)} (source_index)`}`]);
  return rows;
}

export function showFeaturePopup(
  map: MapLibreMap,
  at: { lng: number; lat: number },
  layer: Pick<LayerInfo, 'name' | 'fields' | 'sourceFile'>,
  id: number,
  props: Record<string, unknown>,
  geometry?: Geometry | null,
): void {
  let popup = popups.get(map);
  if (!popup) {
    popup = new Popup({ closeButton: true, maxWidth: '320px', className: 'feature-popup' });
    popups.set(map, popup);
    const open = popup;
    // Escape closes it, as it closes a dialog. While the map is dragged the popup lets the
    // pointer through: a drag released over it would otherwise never reach the map.
    window.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && open.isOpen()) open.remove();
    });
    map.on('dragstart', () => open.getElement()?.style.setProperty('pointer-events', 'none'));
    map.on('dragend', () => open.getElement()?.style.removeProperty('pointer-events'));
  }
  const root = document.createElement('div');
  root.dataset.testid = 'feature-popup';
  const h = document.createElement('strong');
  h.textContent = layer.name;
  root.appendChild(h);
  const table = document.createElement('table');
  const point = geometry?.type === 'Point' ? { lon: geometry.coordinates[0], lat: geometry.coordinates[1], format: storedCoordinateFormat() } : undefined;
  for (const [k, v] of featurePopupRows(layer, id, props, point)) {
    const tr = table.insertRow();
    tr.insertCell().textContent = k;
    tr.insertCell().textContent = v;
    if (k === 'source') tr.dataset.testid = 'feature-popup-source';
  }
  root.appendChild(table);
  popup.setLngLat(at).setDOMContent(root).addTo(map);
}

