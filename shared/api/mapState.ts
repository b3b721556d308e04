/**
 * The map as the analyst left it, saved in the workspace (the `map_state` table) and restored
 * when it opens again — in the app, in the browser shell after a reload, and by `frontera brief`
 * (the saved view is its default extent). Layer and analysis ids that no longer exist are
 * skipped on restore, never an error: a colleague may have removed the layer since.
 */
import * as z from 'zod';
import { PAGE_SIZES } from '../report/options.ts';
import { LANGUAGES } from '../i18n/languages.ts';
import { Symbology, fieldName, hex } from './symbology.ts';

export { Symbology };

const id = z.number().int().positive();
const lon = z.number().min(-180).max(180);
const lat = z.number().min(-90).max(90);

const LayerStyleState = z
  .object({
    id,
    visible: z.boolean(),
    opacity: z.number().min(0).max(1),
    color: hex,
    /** The layer's attribute filter (shared/analysis/attributeFilter.ts): what the map, the table, the timeline and the tools show of it. */
    filter: z.string().min(1).max(4000).optional(),
    /** Style by attribute; absent: the single colour. */
    symbology: Symbology.optional(),
    /** Labels by this field. */
    labels: fieldName.optional(),
  })
  .strict();
type LayerStyleState = z.infer<typeof LayerStyleState>;

export const MapViewState = z
  .object({
    center: z.tuple([lon, lat]),
    zoom: z.number().min(0).max(24),
    bearing: z.number().min(-360).max(360),
    pitch: z.number().min(0).max(85),
    /** What the window showed, [minLon, minLat, maxLon, maxLat]: the default extent of a print. */
    bounds: z.tuple([lon, lat, lon, lat]).refine((b) => b[0] < b[2] && b[1] < b[3], 'bounds must be [minLon, minLat, maxLon, maxLat]'),
  })
  .strict();
export type MapViewState = z.infer<typeof MapViewState>;

/** The print dialog's settings that belong to the workspace, e.g. its classification banner. */
export const PrintDefaults = z
  .object({
    title: z.string().max(200).optional(),
    banner: z.string().max(120).optional(),
    page: z.enum(PAGE_SIZES).optional(),
    orientation: z.enum(['portrait', 'landscape']).optional(),
    language: z.enum(LANGUAGES).optional(),
    format: z.enum(['pdf', 'png']).optional(),
  })
  .strict();
export type PrintDefaults = z.infer<typeof PrintDefaults>;

export const MapStateInput = z
  .object({
    /** Layers in panel order, top of the panel (drawn on top) first. */
    layers: z.array(LayerStyleState).max(10_000),
    view: MapViewState.nullable(),
    /** The timeline's window, epoch ms [from, to). */
    timeWindow: z
      .object({ from: z.number().finite(), to: z.number().finite() })
      .strict()
      .refine((w) => w.from < w.to, 'timeWindow.from must be before timeWindow.to')
      .nullable(),
    panels: z
      .object({
        activeLayerId: id.nullable(),
        /** The layer whose attribute table is open, or null. */
        tableLayerId: id.nullable(),
        /** The analysis tool open in the analysis panel, or null. */
        analysisTool: z.string().min(1).max(40).nullable(),
        analysisPanelOpen: z.boolean(),
        /** Stored analyses drawn on the map, top first. */
        shownAnalyses: z.array(z.object({ id, visible: z.boolean() }).strict()).max(200),
        timeline: z
          .object({
            layerId: id.nullable(),
            bin: z.enum(['day', 'week', 'month']),
            collapsed: z.boolean(),
            dayHour: z.boolean(),
          })
          .strict(),
      })
      .strict(),
    print: PrintDefaults,
  })
  .strict();
export type MapState = z.infer<typeof MapStateInput>;

export interface SavedMapState {
  /** Null for a workspace whose map was never saved. */
  state: MapState | null;
  savedAt: string | null;
}
