/**
 * Applies the time window to the map's incident layers (point layers with times): MapLibre
 * filters on the `$time` property `layers.features` returns (epoch ms). The layers themselves
 * stay the map controller's; only their filter changes.
 */
import type { LayerInfo } from '../../shared/api/contract.ts';
import type { MapController } from '../map/MapController.ts';
import { timeFilter, type TimeWindow } from './timeWindow.ts';

export function applyTimeWindow(controller: MapController, layers: LayerInfo[], w: TimeWindow | null): void {
  const apply = () => {
    const map = controller.map;
    if (!map.isStyleLoaded() && !map.getStyle()) return;
    for (const l of layers) {
      if (!(l.geometryType === 'Point' || l.geometryType === 'MultiPoint') || !l.timeRange) continue;
      for (const kind of ['circle', 'heat']) {
        const id = `lyr-${l.id}-${kind}`;
        if (map.getLayer(id)) map.setFilter(id, timeFilter(w));
      }
    }
  };
  // After the controller's own deferred sync, when the style is still loading.
  void controller.whenLoaded().then(apply);
}
