/**
 * Loads the map state the workspace saved (once, with the layers it applies to) and saves the
 * app's map state back whenever it changes, a moment after the change settles — so a reload, a
 * reopened workspace or `frontera brief` finds the map as the analyst left it.
 */
import { useEffect, useRef, useState } from 'react';
import type { AnalysisDetail, LayerInfo, WorkspaceInfo } from '../../shared/api/contract.ts';
import type { MapState } from '../../shared/api/mapState.ts';
import type { ApiClient } from '../api/client.ts';
import type { LayerStyle } from '../panels/LayerPanel.tsx';
import { arrangeLayers } from '../panels/layerOrder.ts';
import { defaultStyle, sameSaved, savedLayerState } from './mapStateModel.ts';

/** After the last change, how long the app waits before it saves (a pan ends in many events). */
const SAVE_DELAY_MS = 400;

/** What the app opens on: the workspace, its layers, and the map as it was saved (null when never saved). */
export interface OpeningState {
  workspace: WorkspaceInfo | null;
  layers: LayerInfo[];
  /** Panel order (top first) and styles: the saved ones for layers that still exist, defaults for the rest. */
  order: number[];
  styles: Map<number, LayerStyle>;
  saved: MapState | null;
  /** The results that were on the map, top first, that still exist. */
  shown: { detail: AnalysisDetail; visible: boolean }[];
}

/**
 * Loads, once, what the app opens on. A map state that cannot be read, or a layer or analysis
 * removed since it was saved, never keeps the app shut: the map opens on what there is.
 */
export function useOpeningState(api: ApiClient, onError: (e: unknown) => void): OpeningState | null {
  const [opening, setOpening] = useState<OpeningState | null>(null);
  const latestError = useRef(onError);
  latestError.current = onError;
  useEffect(() => {
    let stale = false;
    void (async () => {
      const saved = await api['mapState.get']({}).then((r) => r.state, () => null);
      let workspace: WorkspaceInfo | null = null;
      let layers: LayerInfo[] = [];
      try {
        [workspace, layers] = await Promise.all([api['workspace.info']({}), api['layers.list']({})]);
      } catch (e) {
        latestError.current(e);
      }
      const kept = savedLayerState(saved, layers);
      const shown: OpeningState['shown'] = [];
      for (const s of saved?.panels.shownAnalyses ?? []) {
        const detail = await api['analysis.get']({ id: s.id }).catch(() => null);
        if (detail) shown.push({ detail, visible: s.visible });
      }
      if (stale) return;
      setOpening({
        workspace,
        layers,
        order: arrangeLayers(kept.order, layers),
        styles: new Map(layers.map((l) => [l.id, kept.styles.get(l.id) ?? defaultStyle(l.id)])),
        saved,
        shown,
      });
    })();
    return () => {
      stale = true;
    };
  }, [api]);
  return opening;
}

/** Saves `state` (null: not restored yet, nothing to save) when it differs from what was saved last. */
export function useSaveMapState(api: ApiClient, state: MapState | null, onError: (e: unknown) => void): void {
  const last = useRef<MapState | null>(null);
  const latestError = useRef(onError);
  latestError.current = onError;
  useEffect(() => {
    if (state === null || sameSaved(state, last.current)) return;
    const timer = setTimeout(() => {
      last.current = state;
      api['mapState.save'](state).catch((e: unknown) => latestError.current(e));
    }, SAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [api, state]);
}
