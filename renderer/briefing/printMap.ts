/**
 * Draws the briefing map once, at print resolution, and swaps the WebGL canvas for an <img>:
 * Chromium's PDF printer then embeds a plain raster of the map (≥ 200 dpi) instead of asking a
 * GPU context to repaint mid-print. Everything measured on the map (scale, label positions,
 * the real bounds) is read before the map is removed.
 */
import { Map as MapLibreMap } from 'maplibre-gl';
import type { BriefingModel } from '../../shared/report/model.ts';
import type { PrintedMapInfo } from '../../shared/report/briefingPage.ts';
import { metresPerCssPixel } from '../../shared/report/scaleBar.ts';
import { REGION_BOUNDS, basemapStyle } from '../map/basemapStyle.ts';
import { briefingLayerSpecs, briefingSources } from './briefingLayers.ts';

/** CSS pixels per inch: Chromium prints 96 of them to the inch. */
export const CSS_PX_PER_IN = 96;
/**
 * The map's raster resolution on paper: 250 dpi, what print shops ask of a map plate and the
 * briefing's printers promise (at least 250 ppi at print size), 2.6 device pixels per CSS pixel.
 */
const MAP_DPI = 250;

export interface PrintedMap extends PrintedMapInfo {
  image: string;
}

/** MapLibre errors seen while drawing (read by the printing host). */
export const mapErrors: string[] = [];

const MAP_OPTIONS = {
  pixelRatio: 1,
  interactive: false,
  attributionControl: false as const,
  fadeDuration: 0,
  // At ≥ 200 dpi MSAA buys nothing visible, and under software WebGL it multiplies the draw time.
  canvasContextAttributes: { preserveDrawingBuffer: true, antialias: false },
};

function keepErrors(map: MapLibreMap): void {
  // A source that fails (say, a basemap file missing from the build) should show in the
  // printing host's log, not hang the page: keep the messages and print what did load.
  map.on('error', (ev) => mapErrors.push(String((ev.error as Error | undefined)?.message ?? ev.error)));
}

/**
 * The map started on the basemap alone, parked off the sheet, while the model is still being
 * built: the WebGL context, the shaders and the basemap sources are ready when it arrives.
 */
export interface EarlyMap {
  map: MapLibreMap;
  /** The map's container, moved into the sheet's map frame when the model is laid out. */
  box: HTMLDivElement;
  loaded: Promise<void>;
  taken: boolean;
}

export function startBasemap(basemapBase: string): EarlyMap {
  const park = document.createElement('div');
  park.style.cssText = 'position:fixed;left:-20000px;top:0;width:720px;height:540px;overflow:hidden';
  const box = document.createElement('div');
  box.style.cssText = 'position:absolute;inset:0';
  park.append(box);
  document.body.append(park);
  const map = new MapLibreMap({ container: box, style: basemapStyle(basemapBase), bounds: REGION_BOUNDS, ...MAP_OPTIONS });
  keepErrors(map);
  const loaded = new Promise<void>((resolve) => map.once('load', () => resolve()));
  return { map, box, loaded, taken: false };
}

/** Waits for the next frame after which nothing is loading or moving. */
function idle(map: MapLibreMap): Promise<void> {
  return new Promise<void>((resolve) => {
    map.once('idle', () => resolve());
    map.triggerRepaint();
  });
}

export async function printMap(
  container: HTMLElement,
  model: BriefingModel,
  basemapBase: string,
  early?: EarlyMap,
  dpi: number = MAP_DPI,
): Promise<PrintedMap> {
  const widthPx = container.clientWidth;
  const heightPx = container.clientHeight;
  const pixelRatio = Math.max(window.devicePixelRatio || 1, dpi / CSS_PX_PER_IN);
  const [w, s, e, n] = model.extent;
  const bounds: [[number, number], [number, number]] = [
    [w, s],
    [e, n],
  ];
  const t0 = performance.now();
  let map: MapLibreMap;
  let box: HTMLElement | null = null;
  if (early && !early.taken) {
    // The basemap is up (or on its way): move it into the frame, add the model's layers under
    // the town labels, and frame the extent as the constructor's `bounds` would.
    early.taken = true;
    map = early.map;
    box = early.box;
    const park = box.parentElement;
    container.append(box);
    park?.remove();
    map.resize();
    await early.loaded;
    for (const [id, source] of Object.entries(briefingSources(model.layers))) map.addSource(id, source);
    for (const layer of model.layers.flatMap(briefingLayerSpecs)) map.addLayer(layer, 'town-labels');
    map.fitBounds(bounds, { padding: 4, duration: 0 });
  } else {
    const base = basemapStyle(basemapBase);
    const labelsAt = base.layers.findIndex((l) => l.id === 'town-labels');
    const ours = model.layers.flatMap(briefingLayerSpecs);
    const layers = [...base.layers.slice(0, labelsAt), ...ours, ...base.layers.slice(labelsAt)];
    map = new MapLibreMap({
      container,
      style: { ...base, sources: { ...base.sources, ...briefingSources(model.layers) }, layers },
      bounds,
      fitBoundsOptions: { padding: 4 },
      ...MAP_OPTIONS,
    });
    keepErrors(map);
  }
  try {
    if (box) await idle(map);
    else await new Promise<void>((resolve) => map.once('load', () => resolve()));
    const t1 = performance.now();
    // Loading frames are drawn at 1× (software WebGL pays per pixel); the print frame at full ratio.
    map.setPixelRatio(pixelRatio);
    await idle(map);
    const t2 = performance.now();
    const canvas = map.getCanvas();
    if (Math.abs(canvas.width - widthPx * pixelRatio) > 2) {
      throw new Error(`map canvas is ${canvas.width} px wide, expected ${Math.round(widthPx * pixelRatio)} at ${pixelRatio}×`);
    }
    const b = map.getBounds();
    const c = map.getCenter();
    const zoom = map.getZoom();
    const labels = model.layers.flatMap((l) =>
      l.labels.flatMap((lab) => {
        const p = map.project([lab.lon, lab.lat]);
        return p.x >= 0 && p.y >= 0 && p.x <= widthPx && p.y <= heightPx ? [{ x: p.x, y: p.y - (lab.above ?? 0), text: lab.text, color: lab.color }] : [];
      }),
    );
    // PNG: lossless lines and labels; toBlob encodes off the main thread, unlike toDataURL.
    const image = await canvasUrl(canvas, 'image/png');
    const phases = { loadMs: Math.round(t1 - t0), drawMs: Math.round(t2 - t1), encodeMs: Math.round(performance.now() - t2) };
    return {
      image,
      widthPx,
      heightPx,
      pixelRatio,
      zoom,
      center: [c.lng, c.lat],
      bounds: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()],
      metresPerPx: metresPerCssPixel(zoom, c.lat),
      labels,
      phases,
    };
  } finally {
    map.remove();
    box?.remove();
  }
}

function canvasUrl(canvas: HTMLCanvasElement, type: string): Promise<string> {
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(URL.createObjectURL(b)) : reject(new Error('the map canvas could not be encoded'))), type, 0.92),
  );
}
