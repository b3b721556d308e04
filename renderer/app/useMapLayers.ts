/**
 * The workspace's layers as the map shows them: the list, the panel order and each layer's style,
 * their features (loaded once per fingerprint, big point layers by view instead), pushed to the
 * map controller; the time window applied as their filter.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FeatureCollection, Geometry } from 'geojson';
import type { LayerInfo, WorkspaceInfo } from '../../shared/api/contract.ts';
import type { ApiClient } from '../api/client.ts';
import { PAGE_SIZE, loadLayerFeatures } from '../api/layerData.ts';
import type { MapController } from '../map/MapController.ts';
import { isViewportLayer } from '../map/layerStyle.ts';
import { ViewportLoader, type ViewportState } from '../map/viewportLoader.ts';
import { defaultStyle } from '../mapState/mapStateModel.ts';
import type { LayerStyle } from '../panels/LayerPanel.tsx';
import { arrangeLayers } from '../panels/layerOrder.ts';
import { applyTimeWindow } from '../timeline/mapFilter.ts';
import type { TimeWindow } from '../timeline/timeWindow.ts';
import { describeError } from '../analysis/errors.ts';
import { useWords } from '../i18n/language.tsx';

export type LayerData = FeatureCollection<Geometry | null>;

/** Each collection the loader hands over is a new object: its number is its version. */
const versions = new WeakMap<LayerData, number>();
let lastVersion = 0;
function versionOf(fc: LayerData): number {
  let v = versions.get(fc);
  if (v === undefined) versions.set(fc, (v = ++lastVersion));
  return v;
}

export function useMapLayers(api: ApiClient, controller: MapController | null, timeWindow: TimeWindow | null, say: (message: string) => void) {
  const [workspace, setWorkspace] = useState<WorkspaceInfo | null>(null);
  const [layers, setLayers] = useState<LayerInfo[]>([]);
  const [styles, setStyles] = useState<Map<number, LayerStyle>>(new Map());
  const [order, setOrder] = useState<number[]>([]);
  const [data, setData] = useState<Map<number, LayerData>>(new Map());
  const [viewport, setViewport] = useState<ViewportLoader | null>(null);
  const [viewportStates, setViewportStates] = useState<ViewportState[]>([]);
  const loading = useRef(new Set<string>());
  const latestSay = useRef(say);
  latestSay.current = say;
  // Errors said in the window's language as it is when they happen.
  const words = useWords();
  const latestWords = useRef(words);
  latestWords.current = words;

  /** The list again from the back end (after an import or a removal); new layers get default styles. */
  const refreshLayers = useCallback(async () => {
    try {
      const [info, list] = await Promise.all([api['workspace.info']({}), api['layers.list']({})]);
      setWorkspace(info);
      setLayers(list);
      setOrder((prev) => arrangeLayers(prev, list));
      setStyles((prev) => new Map(list.map((l) => [l.id, prev.get(l.id) ?? defaultStyle(l.id)])));
    } catch (e) {
      latestSay.current(describeError(e, latestWords.current));
    }
  }, [api]);

  // A team workspace changes under the other analysts: its layers are asked for again whenever
  // the window comes back into focus, so each sees the others' committed work.
  const engine = workspace?.engine;
  useEffect(() => {
    if (engine !== 'postgis') return;
    const onFocus = () => void refreshLayers();
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, [engine, refreshLayers]);

  /** Forgets a removed layer's features. */
  const dropData = useCallback((id: number) => {
    setData((prev) => {
      const next = new Map(prev);
      next.delete(id);
      return next;
    });
  }, []);

  // Each layer's attribute filter, as text: a change refetches that layer only.
  const filters = layers.map((l) => styles.get(l.id)?.filter ?? '').join('\n');
  // Fetch each layer's features once per fingerprint and filter; the controller skips unchanged versions.
  useEffect(() => {
    for (const layer of layers) {
      const where = styles.get(layer.id)?.filter;
      const key = `${layer.id}:${layer.fingerprint}:${where ?? ''}`;
      // Big point layers are never loaded whole: the viewport loader fetches the view's bins or points.
      if (isViewportLayer(layer) || loading.current.has(key)) continue;
      // A filter changed: the layer's earlier load no longer answers (its pages are dropped).
      for (const k of loading.current) if (k.startsWith(`${layer.id}:`)) loading.current.delete(k);
      loading.current.add(key);
      const current = () => loading.current.has(key);
      loadLayerFeatures(api, layer, {
        ...(where ? { where } : {}),
        onPage: (fc, loaded) => {
          if (!current()) return;
          setData((prev) => new Map(prev).set(layer.id, fc));
          if (layer.featureCount > PAGE_SIZE) {
            latestSay.current(
              loaded < layer.featureCount
                ? `Loading ${layer.name}: ${loaded.toLocaleString('en-US')} of ${layer.featureCount.toLocaleString('en-US')} features…`
                : `${layer.name}: ${loaded.toLocaleString('en-US')} features loaded.`,
            );
          }
        },
      }).catch((e) => {
        if (!current()) return;
        latestSay.current(`${layer.name}: ${describeError(e, latestWords.current)}`);
        // A filter the back end refuses shows nothing rather than the layer unfiltered.
        if (where) setData((prev) => new Map(prev).set(layer.id, { type: 'FeatureCollection', features: [] }));
      });
    }
    // `filters` stands for the styles' filters: a colour change must not refetch.
  }, [api, layers, filters]);

  useEffect(() => {
    if (!controller) return;
    const ordered = order.flatMap((id) => layers.filter((l) => l.id === id));
    controller.setLayers(
      ordered.flatMap((l) => {
        const s = styles.get(l.id);
        return s ? [{ id: l.id, geometryType: l.geometryType, featureCount: l.featureCount, ...s }] : [];
      }),
    );
    for (const l of ordered) {
      const fc = data.get(l.id);
      // The version changes with every page that arrives, with the layer's content and its filter.
      if (fc) controller.setLayerData(l.id, fc, `${l.fingerprint}:${versionOf(fc)}`);
    }
  }, [controller, layers, styles, data, order]);

  useEffect(() => {
    if (!controller) return;
    const loader = new ViewportLoader(controller, api, setViewportStates, (l, e) => latestSay.current(`${l.name}: ${describeError(e, latestWords.current)}`));
    setViewport(loader);
    return () => loader.destroy();
  }, [controller, api]);

  // After the layer effect above (effects run in order), so the bins source exists when data arrive.
  useEffect(() => {
    viewport?.setLayers(layers);
  }, [viewport, layers]);

  useEffect(() => {
    const where = Object.fromEntries(layers.flatMap((l) => (styles.get(l.id)?.filter ? [[l.id, styles.get(l.id)!.filter!]] : [])));
    viewport?.setFilter({ ...(timeWindow ? { from: timeWindow.from, to: timeWindow.to } : {}), ...(Object.keys(where).length ? { where } : {}) });
  }, [viewport, timeWindow, filters]);

  // After the controller has (re)made the layers: the time window as a filter on incident layers.
  useEffect(() => {
    if (controller) applyTimeWindow(controller, layers, timeWindow);
  }, [controller, layers, styles, data, order, timeWindow]);

  // How many records pass each layer's filter, for the layer panel (counted by the back end).
  const [filteredCounts, setFilteredCounts] = useState<Map<number, number>>(new Map());
  useEffect(() => {
    const ac = new AbortController();
    const filtered = layers.flatMap((l) => {
      const where = styles.get(l.id)?.filter;
      return where ? [{ id: l.id, where }] : [];
    });
    void Promise.all(
      filtered.map(({ id, where }) =>
        api['layers.count']({ layerId: id, where }, { signal: ac.signal }).then(
          (r) => [id, r.count] as const,
          () => null,
        ),
      ),
    ).then((counts) => {
      if (!ac.signal.aborted) setFilteredCounts(new Map(counts.filter((c): c is readonly [number, number] => c !== null)));
    });
    return () => ac.abort();
  }, [api, layers, filters]);

  const layersInOrder = order.flatMap((id) => layers.filter((l) => l.id === id));
  return {
    workspace,
    setWorkspace,
    layers,
    setLayers,
    layersInOrder,
    styles,
    setStyles,
    order,
    setOrder,
    data,
    dropData,
    viewportStates,
    refreshLayers,
    filteredCounts,
  };
}
