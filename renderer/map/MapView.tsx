import { useEffect, useRef } from 'react';
import { MapController, type MapControllerOptions } from './MapController.ts';

declare global {
  interface Window {
    /** For end-to-end tests and the briefing printer: the live MapLibre map and its controller. */
    __fronteraMap?: MapController['map'];
    __fronteraController?: MapController;
  }
}

/** Mounts the map once; React never re-renders into it. */
export function MapView(props: MapControllerOptions & { onReady: (c: MapController) => void }) {
  const container = useRef<HTMLDivElement>(null);
  const latest = useRef(props);
  latest.current = props;
  useEffect(() => {
    if (!container.current) return;
    const controller = new MapController(container.current, {
      basemapBase: props.basemapBase,
      onCursor: (c) => latest.current.onCursor?.(c),
      onFeatureClick: (l, f, at, props, geometry, additive) => latest.current.onFeatureClick?.(l, f, at, props, geometry, additive),
    });
    window.__fronteraMap = controller.map;
    window.__fronteraController = controller;
    latest.current.onReady(controller);
    return () => {
      controller.destroy();
      delete window.__fronteraMap;
      delete window.__fronteraController;
    };
    // The map lives as long as the component: later prop changes go through the controller.
  }, []);
  return <div className="map" ref={container} data-testid="map" />;
}
