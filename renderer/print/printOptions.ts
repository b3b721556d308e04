/**
 * The print dialog's form, and the briefing it asks for (shared/report/options.ts). Pure, so
 * what the dialog prints for a given map is tested without a page.
 */
import type { LayerInfo } from '../../shared/api/contract.ts';
import type { MapViewState, PrintDefaults } from '../../shared/api/mapState.ts';
import type { Language } from '../../shared/i18n/languages.ts';
import type { BriefingOptions, Orientation, PageSize } from '../../shared/report/options.ts';
import { windowToSelection, type TimeWindow } from '../timeline/timeWindow.ts';

/** The map's extent: the window's current view (the default), one layer's extent, or what is drawn. */
type PrintExtent = { kind: 'view' } | { kind: 'layer'; layerId: number } | { kind: 'fit' };

export interface PrintForm {
  title: string;
  subtitle: string;
  /** Classification banner, top and bottom of the sheet; remembered per workspace. */
  banner: string;
  page: PageSize;
  orientation: Orientation;
  language: Language;
  format: 'pdf' | 'png';
  /** Stored analyses drawn, bottom first. */
  analyses: number[];
  /** Workspace layers drawn, in panel order. */
  layers: number[];
  extent: PrintExtent;
  /** Count, chart and draw only the incidents of the timeline's window. */
  useTimeWindow: boolean;
  timeline: boolean;
}

export function initialForm(
  defaults: PrintDefaults,
  visibleLayerIds: number[],
  shownAnalysisIds: number[],
  timeWindow: TimeWindow | null,
  /** The app's language: the page's until a print in this workspace chose one. */
  appLanguage: Language,
): PrintForm {
  return {
    title: defaults.title ?? '',
    subtitle: '',
    banner: defaults.banner ?? '',
    page: defaults.page ?? 'letter',
    orientation: defaults.orientation ?? 'portrait',
    language: defaults.language ?? appLanguage,
    format: defaults.format ?? 'pdf',
    // The legend lists them on top of one another: the map's top result prints on top too.
    analyses: [...shownAnalysisIds].reverse(),
    layers: visibleLayerIds,
    extent: { kind: 'view' },
    useTimeWindow: timeWindow !== null,
    timeline: true,
  };
}

/** What the workspace remembers of a print for the next one. */
export function defaultsOf(form: PrintForm): PrintDefaults {
  return {
    ...(form.title.trim() ? { title: form.title.trim() } : {}),
    ...(form.banner.trim() ? { banner: form.banner.trim() } : {}),
    page: form.page,
    orientation: form.orientation,
    language: form.language,
    format: form.format,
  };
}

/** A single point's extent is no extent: about a kilometre around it. */
function padded(b: [number, number, number, number]): [number, number, number, number] {
  const [w, s, e, n] = b;
  const pad = 0.005;
  return w === e || s === n ? [w - pad, s - pad, e + pad, n + pad] : b;
}

export function briefingOptionsOf(
  form: PrintForm,
  ctx: { view: MapViewState | null; layers: LayerInfo[]; timeWindow: TimeWindow | null; filters?: ReadonlyMap<number, string> },
): BriefingOptions {
  const o: BriefingOptions = { page: form.page, orientation: form.orientation, language: form.language };
  if (form.title.trim()) o.title = form.title.trim();
  if (form.subtitle.trim()) o.subtitle = form.subtitle.trim();
  if (form.banner.trim()) o.banner = form.banner.trim();
  if (form.analyses.length) o.analyses = form.analyses;
  const present = form.layers.filter((id) => ctx.layers.some((l) => l.id === id));
  if (present.length) o.layers = present;
  if (form.extent.kind === 'view' && ctx.view) o.bbox = ctx.view.bounds;
  else if (form.extent.kind === 'layer') {
    const id = form.extent.layerId;
    const bbox = ctx.layers.find((l) => l.id === id)?.bbox;
    if (bbox) o.bbox = padded(bbox);
  }
  if (form.useTimeWindow && ctx.timeWindow) Object.assign(o, windowToSelection(ctx.timeWindow));
  // The briefing counts the incidents of its first point layer: under that layer's attribute
  // filter, as the map shows them.
  const incidents = present.map((id) => ctx.layers.find((l) => l.id === id)).find((l) => l?.geometryType === 'Point' || l?.geometryType === 'MultiPoint');
  const where = incidents ? ctx.filters?.get(incidents.id) : undefined;
  if (where) o.where = where;
  if (!form.timeline) o.timeline = false;
  return o;
}
