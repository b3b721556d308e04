/**
 * Identify on analysis results: a click on a result feature (cluster hull, Gi* cell, corridor,
 * emerging cell, contour) opens a popup with what the analyst asks of it — counts, significance,
 * period — built as DOM text nodes, never HTML from data.
 */
import { Popup, type Map as MapLibreMap, type MapMouseEvent } from 'maplibre-gl';
import { isResultLayer } from '../map/resultLayers.ts';
import { wordsFor, type Words } from '../i18n/language.tsx';
import { codeWithLabel } from '../../shared/analysis/categoryLabels.ts';
import type { CategoryLabels } from '../../shared/api/categoryLabels.ts';

/**
 * The rows a result feature shows, by the kind of layer it came from, in the words of `words`
 * (pure, for tests); a cluster's categories with the incident layer's `labels` for their codes.
 */
export function popupRows(
  props: Record<string, unknown>,
  words: Pick<Words, 't' | 'num' | 'language'> = wordsFor('en'),
  labels?: CategoryLabels,
): [string, string][] {
  const { t } = words;
  const rows: [string, string][] = [];
  const num = (v: unknown, digits = 2) => (typeof v === 'number' ? words.num(v, Number.isInteger(v) ? 0 : digits) : String(v));
  const add = (key: string, label: string, f: (v: unknown) => string = (v) => num(v)) => {
    const v = props[key];
    if (v !== undefined && v !== null && v !== '') rows.push([label, f(v)]);
  };
  const pValue = (v: unknown) => (typeof v === 'number' && v < 0.001 ? `< ${words.num(0.001, 3)}` : num(v, 3));
  const perKm2 = (digits: number) => (v: unknown) => t('params.popup.perKm2', { value: num(v, digits) });
  if (props.cluster_id !== undefined) {
    add('rank', t('params.popup.cluster'), (v) => `#${String(v)}`);
    add('count', t('params.popup.incidents'));
    // A cluster drawn as a point: how many records sit there (a stacked geocode), or on how many spots.
    const spots = Number(props.locations);
    if (props.locations !== undefined) {
      rows.push(
        spots === 1
          ? [t('params.popup.atPoint'), t('params.popup.atPointValue', { n: num(props.count) })]
          : [t('params.popup.locations'), t('params.popup.locationsValue', { n: num(spots) })],
      );
    }
    add('area_km2', t('params.popup.area'), (v) => `${num(v, 2)} km²`);
    add('density_per_km2', t('params.popup.density'), perKm2(1));
    add('first_time', t('params.popup.first'), (v) => String(v).slice(0, 10));
    add('last_time', t('params.popup.last'), (v) => String(v).slice(0, 10));
    const by = parseObject(props.counts_by_category);
    if (by) for (const [k, v] of Object.entries(by).sort((a, b) => Number(b[1]) - Number(a[1])).slice(0, 6)) rows.push([`  ${codeWithLabel(k, words.language, labels)}`, num(v)]);
  } else if (props.gi_z !== undefined) {
    add('gi_z', 'Gi* z');
    add('gi_p', 'p', pValue);
    add('gi_bin', t('params.popup.confidence'), (v) => {
      const b = Number(v);
      const level = [0, 90, 95, 99][Math.abs(b)];
      return b === 0 ? t('params.popup.notSignificant') : t(b > 0 ? 'params.popup.hot' : 'params.popup.cold', { level });
    });
    add('count', t('params.popup.incidents'));
    add('value', t('params.popup.value'));
  } else if (props.pattern !== undefined) {
    add('pattern_label', t('params.popup.pattern'), (v) => t(`params.legend.patterns.${String(props.pattern)}`, { defaultValue: String(v) }));
    add('hot_steps', t('params.popup.hotSteps'));
    add('cold_steps', t('params.popup.coldSteps'));
    add('trend_z', t('params.popup.trend'));
    add('trend_p', t('params.popup.trendP'), (v) => num(v, 3));
  } else if (props.part !== undefined) {
    add('corridor_id', t('params.popup.corridor'), String);
    add('lengthKm', t('params.popup.length'), (v) => `${num(v, 1)} km`);
    add('perKm', t('params.popup.perKm'), (v) => num(v, 1));
    add('count', t('params.popup.incidents'));
    add('meanWidthM', t('params.popup.width'), (v) => `${num(v, 0)} m`);
    add('bearing', t('params.popup.bearing'), (v) => `${num(v, 0)}°`);
    add('borderDistanceM', t('params.popup.toBorder'), (v) => `${num(Number(v) / 1000, 1)} km`);
    add('crossesBorder', t('params.popup.crossesBorder'), (v) => (v === true || v === 'true' ? t('params.popup.yes') : t('params.popup.no')));
    add('pValue', 'p (FDR)', pValue);
  } else if (props.contour_percent !== undefined) {
    add('contour_percent', t('params.popup.contour'), (v) => t('params.popup.contourValue', { percent: num(v) }));
    add('density_level', t('params.popup.densityAtLeast'), perKm2(2));
  } else if (props.sentence !== undefined) {
    add('sentence', '', String);
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

/**
 * Wires the popup to the map; returns the function that unwires it. `words` is read when a popup
 * opens: the language in force then; `labels`, the category labels of the run's incident layer.
 */
export function attachResultPopup(
  map: MapLibreMap,
  title: (layerId: string) => string,
  words: () => Words,
  labels: (layerId: string) => CategoryLabels | undefined = () => undefined,
): () => void {
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
    const rows = popupRows(hit.properties as Record<string, unknown>, words(), labels(hit.layer.id));
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
