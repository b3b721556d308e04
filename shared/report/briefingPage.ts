/**
 * What the briefing page (renderer/briefing) and the host that prints it (the back end's Chromium
 * printer, Electron's hidden print window) tell each other through the page's global object: one
 * declaration for both sides, which compile in different projects.
 */
import type { BriefingModel } from './model.ts';
import type { BriefingOptions } from './options.ts';

/** The map as the page drew it for print (its image aside). */
export interface PrintedMapInfo {
  widthPx: number;
  heightPx: number;
  pixelRatio: number;
  zoom: number;
  center: [number, number];
  /** west, south, east, north as drawn. */
  bounds: [number, number, number, number];
  metresPerPx: number;
  labels: { x: number; y: number; text: string; color: string }[];
  /** Milliseconds spent loading the style and sources, drawing the print frame, encoding it. */
  phases: { loadMs: number; drawMs: number; encodeMs: number };
}

/** What the page measured, for checks of the printed scale. */
export interface BriefingPageInfo {
  map: PrintedMapInfo;
  scale: { barPx: number; metres: number; label: string; metresPerPx: number };
  /** The page's `html lang`: the briefing's language. */
  lang: string;
  /** MapLibre errors seen while drawing. */
  mapErrors: string[];
  /** Page side: fetching the model over the API, then drawing until ready. */
  timings: { modelMs: number; drawMs: number };
}

/** The page's globals: the model a host may inject, and what the page reports back. */
export interface BriefingPageGlobals {
  __briefingModel?: BriefingModel;
  __briefingOptions?: BriefingOptions;
  /** True once the map image and every text block are in place: the host prints. */
  __briefingReady?: boolean;
  __briefingInfo?: BriefingPageInfo;
  __briefingError?: string;
}
