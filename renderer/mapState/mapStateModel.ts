/**
 * The map state as the app holds it, to and from what the workspace saves (shared/api/mapState.ts).
 * Pure, so what is saved and what comes back is tested without a page.
 */
import type { LayerInfo } from '../../shared/api/contract.ts';
import type { MapState, MapViewState, PrintDefaults } from '../../shared/api/mapState.ts';
import type { LayerStyle } from '../panels/LayerPanel.tsx';
import type { TimeWindow } from '../timeline/timeWindow.ts';
import type { TimelinePanel } from '../timeline/Timeline.tsx';
import { defaultLayerColor } from '../map/palette.ts';

export interface AppMapState {
  order: number[];
  styles: Map<number, LayerStyle>;
  view: MapViewState | null;
  timeWindow: TimeWindow | null;
  activeLayerId: number | null;
  tableLayerId: number | null;
  analysisTool: string | null;
  analysisPanelOpen: boolean;
  shownAnalyses: { id: number; visible: boolean }[];
  timeline: TimelinePanel;
  print: PrintDefaults;
}

const DEFAULT_STYLE_OPACITY = 0.9;

export function defaultStyle(layerId: number): LayerStyle {
  return { visible: true, opacity: DEFAULT_STYLE_OPACITY, color: defaultLayerColor(layerId) };
}

/** What the workspace saves: layers in panel order with their styles. */
export function toSaved(s: AppMapState): MapState {
  return {
    layers: s.order.flatMap((id) => {
      const st = s.styles.get(id);
      return st
        ? [
            {
              id,
              visible: st.visible,
              opacity: Math.round(st.opacity * 1000) / 1000,
              color: st.color.toLowerCase(),
              ...(st.filter ? { filter: st.filter } : {}),
              ...(st.symbology ? { symbology: st.symbology } : {}),
              ...(st.labels ? { labels: st.labels } : {}),
            },
          ]
        : [];
    }),
    view: s.view,
    timeWindow: s.timeWindow,
    panels: {
      activeLayerId: s.activeLayerId,
      tableLayerId: s.tableLayerId,
      analysisTool: s.analysisTool,
      analysisPanelOpen: s.analysisPanelOpen,
      shownAnalyses: s.shownAnalyses,
      timeline: s.timeline,
    },
    print: s.print,
  };
}

/** The saved order and styles of the layers that still exist; layers added since are left to the app's defaults. */
export function savedLayerState(saved: MapState | null, layers: LayerInfo[]): { order: number[]; styles: Map<number, LayerStyle> } {
  const present = new Set(layers.map((l) => l.id));
  const kept = (saved?.layers ?? []).filter((l) => present.has(l.id));
  return {
    order: kept.map((l) => l.id),
    styles: new Map(
      kept.map((l) => [
        l.id,
        {
          visible: l.visible,
          opacity: l.opacity,
          color: l.color,
          ...(l.filter ? { filter: l.filter } : {}),
          ...(l.symbology ? { symbology: l.symbology } : {}),
          ...(l.labels ? { labels: l.labels } : {}),
        },
      ]),
    ),
  };
}

/** A saved id that no longer exists (a layer removed since) reads as none. */
export function existingId(id: number | null | undefined, layers: LayerInfo[]): number | null {
  return id !== null && id !== undefined && layers.some((l) => l.id === id) ? id : null;
}

/** Two saves of equal content are one: the app saves only when something changed. */
export function sameSaved(a: MapState | null, b: MapState | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
