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
import { coordinateWords, formatShortName, storedCoordinateFormat } from './coordinateFormatSetting.ts';
import { codeWithLabel } from '../../shared/analysis/categoryLabels.ts';
import { layerCategoryLabels } from '../../shared/api/categoryLabels.ts';
import { wordsFor, type Words } from '../i18n/language.tsx';
import { formatInstant } from '../../shared/i18n/format.ts';

const popups = new WeakMap<MapLibreMap, Popup>();

function text(v: unknown): string {
  return attributeText(v) || '—';
}

/**
 * Rows of the popup: [label, value], the source last. A point's position comes in the read-out's
 * format, then in decimal degrees and MGRS (the forms positions are passed on in) if not already.
 * Our own labels and the days are in the words of `words`; the layer's fields keep their names.
 */
export function featurePopupRows(
  layer: Pick<LayerInfo, 'fields' | 'sourceFile'> & Partial<Pick<LayerInfo, 'metadata'>>,
  id: number,
  props: Record<string, unknown>,
  point?: { lon: number; lat: number; format: CoordinateFormat },
  words: Pick<Words, 't' | 'day' | 'language'> = wordsFor('en'),
  tz = 'UTC',
): [string, string][] {
  const { t, day } = words;
  // A date-only time as its day; an instant as its day and clock time in the workspace's zone,
  // which it names (as the summary and the timeline count days in it).
  const when = (iso: string, dateOnly: boolean) => (dateOnly ? day(iso.slice(0, 10)) : `${formatInstant(Date.parse(iso), tz, words.language)} (${tz})`);
  const rows: [string, string][] = [];
  for (const f of layer.fields) rows.push([f.name, text(props[f.name])]);
  for (const k of Object.keys(props)) {
    if (!k.startsWith('$') && !layer.fields.some((f) => f.name === k)) rows.push([k, text(props[k])]);
  }
  const time = props.$time;
  if (typeof time === 'number' && Number.isFinite(time)) {
    const iso = new Date(time).toISOString();
    rows.push([t('layerTools.popup.time'), when(iso, props.$timePrecision === 'date')]);
  }
  const end = props.$timeEnd;
  if (typeof end === 'number' && Number.isFinite(end)) {
    // A date-only end is kept as the start of the next local day: its own day began a day
    // (± an hour of DST) before, which reads as its date the way the time's midnight does.
    const iso = new Date(props.$timeEndPrecision === 'date' ? end - 86_400_000 : end).toISOString();
    rows.push([t('layerTools.popup.timeEnd'), when(iso, props.$timeEndPrecision === 'date')]);
  }
  if (props.$category !== null && props.$category !== undefined) {
    // The layer's label for a raw code, with the code beside it (the source field keeps the code alone).
    rows.push([t('layerTools.popup.category'), codeWithLabel(text(props.$category), words.language, layerCategoryLabels(layer))]);
  }
  if (props.$quantity !== null && props.$quantity !== undefined) rows.push([t('layerTools.popup.quantity'), `${text(props.$quantity)}${props.$unit ? ` ${String(props.$unit)}` : ''}`]);
  if (props.$precision !== null && props.$precision !== undefined) rows.push([t('layerTools.popup.precision'), text(props.$precision)]);
  if (point) {
    for (const f of new Set<CoordinateFormat>([point.format, 'DD', 'MGRS'])) rows.push([formatShortName(f, t), formatCoordinate(f, point.lon, point.lat, coordinateWords(t))]);
  }
  rows.push([t('layerTools.popup.featureId'), String(id)]);
  const si = props.$sourceIndex;
  rows.push([t('layerTools.popup.source'), si === undefined || si === null ? layer.sourceFile : t('layerTools.popup.sourceRecord', { file: layer.sourceFile, n: text(si) })]);
  return rows;
}

export function showFeaturePopup(
  map: MapLibreMap,
  at: { lng: number; lat: number },
  layer: Pick<LayerInfo, 'name' | 'fields' | 'sourceFile'> & Partial<Pick<LayerInfo, 'metadata'>>,
  id: number,
  props: Record<string, unknown>,
  geometry?: Geometry | null,
  words: Pick<Words, 't' | 'day' | 'language'> = wordsFor('en'),
  tz = 'UTC',
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
  const rows = featurePopupRows(layer, id, props, point, words, tz);
  rows.forEach(([k, v], i) => {
    const tr = table.insertRow();
    tr.insertCell().textContent = k;
    tr.insertCell().textContent = v;
    if (i === rows.length - 1) tr.dataset.testid = 'feature-popup-source';
  });
  root.appendChild(table);
  popup.setLngLat(at).setDOMContent(root).addTo(map);
}

