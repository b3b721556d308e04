/**
 * The analysis results shown on the map: a list React holds, mirrored onto MapLibre through
 * resultLayers.ts (added once per result, then only shown/hidden/removed).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AnalysisDetail, LayerInfo } from '../../shared/api/contract.ts';
import type { MapController } from '../map/MapController.ts';
import { attachResultPopup } from './resultPopup.ts';
import { layerCategoryLabels } from '../../shared/api/categoryLabels.ts';
import { useWords } from '../i18n/language.tsx';
import { kindTitle } from './kindTitle.ts';
import { addResultLayers, keepResultsOnTop, removeResultLayers, setResultVisibility } from '../map/resultLayers.ts';

export interface ShownResult {
  detail: AnalysisDetail;
  visible: boolean;
}

export interface ResultsApi {
  shown: ShownResult[];
  /** Counts the results shown so far: the stored-analyses list refreshes when it grows. */
  runs: number;
  /** Adds a result on top (or brings it back to visible if already listed). */
  show: (detail: AnalysisDetail) => void;
  toggle: (id: number) => void;
  remove: (id: number) => void;
}

export function useAnalysisResults(controller: MapController | null | undefined, layers: LayerInfo[] = []): ResultsApi {
  const wordsNow = useWords();
  const { t } = wordsNow;
  /** The popup's title in the language in force when it opens (the popup is attached once per map). */
  const words = useRef(t);
  words.current = t;
  /** And its rows, likewise. */
  const popupWords = useRef(wordsNow);
  popupWords.current = wordsNow;
  const [shown, setShown] = useState<ShownResult[]>([]);
  const [runs, setRuns] = useState(0);
  const onMap = useRef(new Map<number, boolean>());
  const shownRef = useRef(shown);
  shownRef.current = shown;
  /** The workspace's layers, for the category labels of a run's incident layer in its popup. */
  const layersRef = useRef(layers);
  layersRef.current = layers;

  useEffect(() => {
    if (!controller) return;
    let cancelled = false;
    void controller.whenLoaded().then(() => {
      if (cancelled) return;
      const map = controller.map;
      const wanted = new Map(shown.map((r) => [r.detail.id, r]));
      for (const id of [...onMap.current.keys()]) {
        if (!wanted.has(id)) {
          removeResultLayers(map, id);
          onMap.current.delete(id);
        }
      }
      for (const r of shown) {
        const id = r.detail.id;
        if (!onMap.current.has(id)) {
          addResultLayers(map, r.detail);
          onMap.current.set(id, true);
        }
        if (onMap.current.get(id) !== r.visible) {
          setResultVisibility(map, id, r.visible);
          onMap.current.set(id, r.visible);
        }
      }
    });
    return () => {
      cancelled = true;
    };
  }, [controller, shown]);

  // The controller re-stacks the workspace layers on reorder; put the results back on top.
  useEffect(() => {
    if (!controller) return;
    const map = controller.map;
    const onStyle = () => {
      if (map.isStyleLoaded()) keepResultsOnTop(map);
    };
    map.on('styledata', onStyle);
    const runOf = (layerId: string) => {
      const id = Number(/^res-(\d+)-/.exec(layerId)?.[1]);
      return { id, detail: shownRef.current.find((r) => r.detail.id === id)?.detail };
    };
    const detach = attachResultPopup(
      map,
      (layerId) => {
        const { id, detail } = runOf(layerId);
        return `${detail ? kindTitle(detail.kind, words.current) : words.current('analysis.title')} #${id}`;
      },
      () => popupWords.current,
      (layerId) => layerCategoryLabels(layersRef.current.find((l) => l.id === runOf(layerId).detail?.layerId)),
    );
    return () => {
      map.off('styledata', onStyle);
      detach();
    };
  }, [controller]);

  const show = useCallback((detail: AnalysisDetail) => {
    setRuns((n) => n + 1);
    setShown((prev) =>
      prev.some((r) => r.detail.id === detail.id)
        ? prev.map((r) => (r.detail.id === detail.id ? { ...r, visible: true } : r))
        : [{ detail, visible: true }, ...prev],
    );
  }, []);
  const toggle = useCallback((id: number) => {
    setShown((prev) => prev.map((r) => (r.detail.id === id ? { ...r, visible: !r.visible } : r)));
  }, []);
  const remove = useCallback((id: number) => setShown((prev) => prev.filter((r) => r.detail.id !== id)), []);
  return { shown, runs, show, toggle, remove };
}
