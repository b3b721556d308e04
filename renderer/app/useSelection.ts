/**
 * The features selected (selectionModel.ts), highlighted on the map whichever way they were
 * chosen (table rows or map clicks): the app's own copy of a feature where it holds the layer,
 * else the one the click gave.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { LayerInfo } from '../../shared/api/contract.ts';
import type { MapController } from '../map/MapController.ts';
import { geometryBBox, setSelectionHighlight, unionBBox, zoomToBBox } from '../map/selection.ts';
import type { Selection } from '../map/selectionModel.ts';
import type { LayerData } from './useMapLayers.ts';

export function useSelection(controller: MapController | null, data: Map<number, LayerData>, layers: LayerInfo[], order: number[]) {
  const [selection, setSelection] = useState<Selection | null>(null);
  const selected = useMemo(() => {
    if (!selection) return [];
    const held = data.get(selection.layerId)?.features;
    const byId = held ? new Map(held.map((f) => [Number(f.id), f])) : null;
    return selection.ids.flatMap((id) => byId?.get(id) ?? selection.features.get(id) ?? []);
  }, [data, selection]);
  useEffect(() => {
    if (controller) setSelectionHighlight(controller.map, selected);
  }, [controller, selected, layers, order]);
  const zoomToSelection = useCallback(() => {
    const b = unionBBox(selected.map((f) => geometryBBox(f.geometry)));
    if (b && controller) zoomToBBox(controller.map, b);
  }, [selected, controller]);
  return { selection, setSelection, selected, zoomToSelection };
}
