/**
 * One polygon of a polygon layer, chosen from a list (by its name field) or by clicking it on the
 * map, and outlined on the map while chosen: the summary's area when it is not the map's extent.
 */
import { useEffect, useMemo, useState } from 'react';
import type { GeoJSONSource, Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import type { FeatureCollection, Geometry } from 'geojson';
import type { LayerInfo } from '../../../shared/api/contract.ts';
import type { ApiClient } from '../../api/client.ts';
import type { MapController } from '../../map/MapController.ts';
import { useWords } from '../../i18n/language.tsx';
import { describeError } from '../errors.ts';
import { polygonChoices } from './polygonChoices.ts';

const AREA_SOURCE = 'summary-area';
const AREA_LAYER = 'summary-area-line';

function drawArea(map: MapLibreMap, data: FeatureCollection<Geometry | null>): void {
  const fc = { type: 'FeatureCollection' as const, features: data.features.filter((f) => f.geometry) } as FeatureCollection;
  const src = map.getSource(AREA_SOURCE) as GeoJSONSource | undefined;
  if (src) src.setData(fc);
  else if (map.isStyleLoaded()) {
    map.addSource(AREA_SOURCE, { type: 'geojson', data: fc });
    map.addLayer({ id: AREA_LAYER, type: 'line', source: AREA_SOURCE, paint: { 'line-color': '#7b2cbf', 'line-width': 3, 'line-dasharray': [3, 1.5] } });
  }
}

export interface PolygonPick {
  layer: LayerInfo;
  /** The chosen polygon's source index, or null. */
  picked: number | null;
  label: string | undefined;
}

export function PolygonPicker(p: {
  api: ApiClient;
  controller: MapController | null | undefined;
  polygons: LayerInfo[];
  onPick: (pick: PolygonPick | null) => void;
  onError: (message: string) => void;
}) {
  const { api, controller, polygons } = p;
  const words = useWords();
  const { t } = words;
  const [layerId, setLayerId] = useState<number | null>(null);
  const layer = polygons.find((l) => l.id === layerId) ?? polygons[0] ?? null;
  const [features, setFeatures] = useState<FeatureCollection<Geometry | null> | null>(null);
  // Labelled again when the language changes (a duplicate's area and record number are in words).
  const choices = useMemo(() => (layer && features ? polygonChoices(layer, features.features, words) : []), [features, words]);
  const [picked, setPicked] = useState<number | null>(null);
  const [picking, setPicking] = useState(false);

  useEffect(() => {
    if (layer) p.onPick({ layer, picked, label: choices.find((c) => c.sourceIndex === picked)?.label });
    // Reported whenever the choice changes.
  }, [layer?.id, picked, choices]);

  // The polygon layer's features, for the list and the outline.
  useEffect(() => {
    if (!layer) return;
    let stale = false;
    api['layers.features']({ layerId: layer.id })
      .then((fc) => {
        if (stale) return;
        setFeatures(fc);
      })
      .catch((e) => !stale && p.onError(describeError(e, words)));
    return () => {
      stale = true;
    };
  }, [api, layer?.id, layer?.fingerprint]);

  // The chosen polygon outlined on the map while the picker shows it; gone with the picker.
  useEffect(() => {
    const map = controller?.map;
    if (!map) return;
    const f = picked !== null ? features?.features.filter((x) => Number((x.properties ?? {}).$sourceIndex) === picked) : [];
    drawArea(map, { type: 'FeatureCollection', features: f ?? [] });
  }, [controller, picked, features]);
  useEffect(() => {
    const map = controller?.map;
    return () => {
      if (map?.getStyle()) drawArea(map, { type: 'FeatureCollection', features: [] });
    };
  }, [controller]);

  // Pick a polygon by clicking it: the map's next click, on the polygon layer's fill.
  useEffect(() => {
    const map = controller?.map;
    if (!map || !picking || !layer || !controller) return;
    controller.interceptClicks = true;
    map.getCanvas().style.cursor = 'pointer';
    const onClick = (e: MapMouseEvent) => {
      const id = `lyr-${layer.id}-fill`;
      const hit = map.getLayer(id) ? map.queryRenderedFeatures(e.point, { layers: [id] })[0] : undefined;
      const si = hit ? Number(hit.properties.$sourceIndex) : NaN;
      if (Number.isInteger(si)) setPicked(si);
      setPicking(false);
    };
    map.once('click', onClick);
    return () => {
      map.off('click', onClick);
      // After the click's own handlers have run, so the pick does not also select a feature.
      setTimeout(() => (controller.interceptClicks = false), 0);
      map.getCanvas().style.cursor = '';
    };
  }, [controller, picking, layer?.id]);

  if (!layer) return null;
  return (
    <>
      <label className="field">
        {t('params.picker.layer')}
        <select value={layer.id} onChange={(e) => (setLayerId(Number(e.target.value)), setPicked(null))} data-testid="summary-polygon-layer">
          {polygons.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        {t('params.picker.feature')}
        <select value={picked ?? ''} onChange={(e) => setPicked(e.target.value === '' ? null : Number(e.target.value))} data-testid="summary-polygon-feature">
          <option value="">{t('params.picker.choose')}</option>
          {choices.map((c) => (
            <option key={c.sourceIndex} value={c.sourceIndex}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <button onClick={() => setPicking((x) => !x)} className={picking ? 'active' : ''} data-testid="summary-pick">
        {picking ? t('params.picker.picking') : t('params.picker.pick')}
      </button>
    </>
  );
}
