/**
 * What an analyst can ask of a briefing map, validated once here for every host (CLI, the
 * loopback server, Electron). Paper sizes are ISO/ANSI, in inches as Chromium's PDF printer
 * takes them; the margin keeps ink off the unprintable rim of office printers.
 */
import * as z from 'zod';
import { LANGUAGES } from '../i18n/languages.ts';
import { AttributeFilterText, SelectionInput } from '../api/analysisInputs.ts';
import { LayerStyling } from '../api/symbology.ts';

export const PAGE_SIZES = ['letter', 'legal', 'tabloid', 'a4', 'a3'] as const;
export type PageSize = (typeof PAGE_SIZES)[number];
export type Orientation = 'portrait' | 'landscape';

const MM = 1 / 25.4;

/** Portrait width × height in inches. */
const PORTRAIT_INCHES: Record<PageSize, [number, number]> = {
  letter: [8.5, 11],
  legal: [8.5, 14],
  tabloid: [11, 17],
  a4: [210 * MM, 297 * MM],
  a3: [297 * MM, 420 * MM],
};

/** Most office printers cannot print the outer ~0.25 in; 0.4 in leaves room for their drift. */
export const PRINT_MARGIN_IN = 0.4;

export function pageInches(size: PageSize, orientation: Orientation): { width: number; height: number } {
  const [w, h] = PORTRAIT_INCHES[size];
  return orientation === 'landscape' ? { width: h, height: w } : { width: w, height: h };
}

/** PostScript points (1/72 in), as pdfinfo reports a page. */
export function pagePoints(size: PageSize, orientation: Orientation): { width: number; height: number } {
  const { width, height } = pageInches(size, orientation);
  return { width: width * 72, height: height * 72 };
}

const lonLat = z.number().finite();
const isoDate = z.string().min(1).max(40);

export const BriefingOptionsInput = z
  .object({
    /** Stored analyses to draw, in this order (bottom first). */
    analyses: z.array(z.number().int().positive()).max(20).optional(),
    /** Workspace layers to draw, by name or id; default: the analyses' incident layers, else every point layer. */
    layers: z.array(z.union([z.number().int().positive(), z.string().min(1).max(200)])).max(30).optional(),
    bbox: z.tuple([lonLat, lonLat, lonLat, lonLat]).optional(),
    title: z.string().min(1).max(200).optional(),
    subtitle: z.string().min(1).max(300).optional(),
    /** Classification banner, e.g. "UNCLASSIFIED // FOR OFFICIAL USE ONLY"; none by default. */
    banner: z.string().min(1).max(120).optional(),
    /** CSS colour of the banner bar (name or #hex). */
    bannerColor: z
      .string()
      .regex(/^(#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|[a-zA-Z]{3,20})$/, 'a colour name or #rgb / #rrggbb')
      .optional(),
    analyst: z.string().min(1).max(120).optional(),
    unit: z.string().min(1).max(120).optional(),
    page: z.enum(PAGE_SIZES).optional(),
    orientation: z.enum(['portrait', 'landscape']).optional(),
    /** The incident selection drawn, counted and charted (analyses keep their own). */
    from: isoDate.optional(),
    to: isoDate.optional(),
    categories: z.array(z.string().min(1)).max(50).optional(),
    /** Only incidents inside a polygon layer, one of its records or those with a field value (as `--within` elsewhere). */
    within: z.string().min(1).max(300).optional(),
    /** Only incidents within a distance of a layer or of the basemap's border or ports (as `--within-distance` elsewhere). */
    withinDistance: SelectionInput.shape.withinDistance,
    /** Only incidents whose attributes pass a filter (as `--where` elsewhere). */
    where: AttributeFilterText.optional(),
    /** Adds the period-comparison sentence: N days before `split` against `split` and N−1 after. */
    compare: z.object({ split: isoDate, days: z.number().int().min(1).max(3660) }).strict().optional(),
    /** Include the timeline chart (default true). */
    timeline: z.boolean().optional(),
    /** The instant the briefing is dated (ISO, default now): fixing it makes a reprint identical. */
    at: z.string().datetime({ offset: true }).optional(),
    /**
     * The drawn layers' styles by attribute and labels, as the map shows them (the print dialog
     * sends the window's); absent: the workspace's saved map state's. A layer not listed prints
     * in its plain colour.
     */
    styles: z.array(LayerStyling).max(1000).optional(),
    /** The language of every word the page prints of its own (default English); data stays as stored. */
    language: z.enum(LANGUAGES).optional(),
  })
  .strict();
export type BriefingOptions = z.infer<typeof BriefingOptionsInput>;
