/**
 * Summary: what the analyst is looking at, in numbers — incidents, counts by category,
 * quantities seized by unit (kg, units …), first and last time — for the timeline's window, the
 * chosen categories, and either the map's current extent (follows the map, debounced) or one
 * polygon (a municipality picked from the list or by clicking it on the map). From `layers.summary`.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { GeoJSONSource, Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import type { FeatureCollection, Geometry } from 'geojson';
import type { LayerInfo, LayerSummary } from '../../shared/api/contract.ts';
import type { BBox } from '../../shared/model/feature.ts';
import { categoryLabel } from '../../shared/analysis/categoryLabels.ts';
import { localParts } from '../../shared/time/zone.ts';
import { formatWindow, windowToSelection } from '../timeline/timeWindow.ts';
import { describeError } from './errors.ts';
import { registerAnalysisTool, type ToolContext } from './registry.ts';
import { polygonLayers } from './ToolForm.tsx';
import '../map/mapTools.css';

const AREA_SOURCE = 'summary-area';
const AREA_LAYER = 'summary-area-line';
/** Wait for the map to settle before asking again (a drag ends in a burst of moveends). */
export const EXTENT_DEBOUNCE_MS = 300;

function pointLayers(layers: LayerInfo[]): LayerInfo[] {
  return layers.filter((l) => l.geometryType === 'Point' || l.geometryType === 'MultiPoint');
}

/** The map's view as [minLon, minLat, maxLon, maxLat], clamped to the world. */
export function viewBBox(map: MapLibreMap): BBox {
  const b = map.getBounds();
  const clamp = (v: number, lim: number) => Math.max(-lim, Math.min(lim, v));
  return [clamp(b.getWest(), 180), clamp(b.getSouth(), 90), clamp(b.getEast(), 180), clamp(b.getNorth(), 90)];
}

function localDateTime(ms: number | null, tz: string): string {
  if (ms === null) return '—';
  const p = localParts(ms, tz);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`;
}

function quantity(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 3 });
}

/** A field that names the features (nombre, NOMGEO, name …), else the first text field. */
function nameField(layer: LayerInfo): string | null {
  const text = layer.fields.filter((f) => f.type === 'string');
  return (text.find((f) => /^(nom|name|nombre|nomgeo|nom_mun|municipio)$/i.test(f.name)) ?? text.find((f) => /nom|name/i.test(f.name)) ?? text[0])?.name ?? null;
}

interface PolygonChoice {
  sourceIndex: number;
  label: string;
}

function drawArea(map: MapLibreMap, data: FeatureCollection<Geometry | null>): void {
  const fc = { type: 'FeatureCollection' as const, features: data.features.filter((f) => f.geometry) } as FeatureCollection;
  const src = map.getSource(AREA_SOURCE) as GeoJSONSource | undefined;
  if (src) src.setData(fc);
  else if (map.isStyleLoaded()) {
    map.addSource(AREA_SOURCE, { type: 'geojson', data: fc });
    map.addLayer({ id: AREA_LAYER, type: 'line', source: AREA_SOURCE, paint: { 'line-color': '#7b2cbf', 'line-width': 3, 'line-dasharray': [3, 1.5] } });
  }
}

function SummaryPanel(ctx: ToolContext) {
  const { api, controller, timeWindow, timezone = 'UTC' } = ctx;
  const points = useMemo(() => pointLayers(ctx.layers), [ctx.layers]);
  const polygons = useMemo(() => polygonLayers(ctx.layers), [ctx.layers]);
  const [layerId, setLayerId] = useState<number | null>(null);
  const layer = points.find((l) => l.id === layerId) ?? points.find((l) => l.id === ctx.activeLayerId) ?? points[0] ?? null;
  const [area, setArea] = useState<'extent' | 'polygon'>('extent');
  const [polyLayerId, setPolyLayerId] = useState<number | null>(null);
  const polyLayer = polygons.find((l) => l.id === polyLayerId) ?? polygons[0] ?? null;
  const [choices, setChoices] = useState<PolygonChoice[]>([]);
  const [polyFeatures, setPolyFeatures] = useState<FeatureCollection<Geometry | null> | null>(null);
  const [picked, setPicked] = useState<number | null>(null);
  const [picking, setPicking] = useState(false);
  const [excluded, setExcluded] = useState<Set<string>>(new Set());
  const [bbox, setBBox] = useState<BBox | null>(null);
  const [summary, setSummary] = useState<LayerSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // The extent follows the map, debounced.
  useEffect(() => {
    const map = controller?.map;
    if (!map || area !== 'extent') return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const update = () => {
      clearTimeout(timer);
      timer = setTimeout(() => setBBox(viewBBox(map)), EXTENT_DEBOUNCE_MS);
    };
    setBBox(viewBBox(map));
    map.on('moveend', update);
    return () => {
      clearTimeout(timer);
      map.off('moveend', update);
    };
  }, [controller, area]);

  // The polygon layer's features, for the list and the outline.
  useEffect(() => {
    if (!polyLayer || area !== 'polygon') return;
    let stale = false;
    api['layers.features']({ layerId: polyLayer.id })
      .then((fc) => {
        if (stale) return;
        const field = nameField(polyLayer);
        setPolyFeatures(fc);
        setChoices(
          fc.features
            .map((f) => {
              const p = (f.properties ?? {}) as Record<string, unknown>;
              const si = Number(p.$sourceIndex);
              return { sourceIndex: si, label: field && p[field] != null ? String(p[field]) : `record ${si}` };
            })
            .sort((a, b) => a.label.localeCompare(b.label, 'es') || a.sourceIndex - b.sourceIndex),
        );
      })
      .catch((e) => !stale && setError(describeError(e)));
    return () => {
      stale = true;
    };
  }, [api, polyLayer?.id, polyLayer?.fingerprint, area]);

  // The chosen polygon outlined on the map while the panel shows it.
  useEffect(() => {
    const map = controller?.map;
    if (!map) return;
    const f = area === 'polygon' && picked !== null ? polyFeatures?.features.filter((x) => Number((x.properties ?? {}).$sourceIndex) === picked) : [];
    drawArea(map, { type: 'FeatureCollection', features: f ?? [] });
  }, [controller, area, picked, polyFeatures]);
  useEffect(() => {
    const map = controller?.map;
    return () => {
      if (map?.getStyle()) drawArea(map, { type: 'FeatureCollection', features: [] });
    };
  }, [controller]);

  // Pick a polygon by clicking it: the map's next click, on the polygon layer's fill.
  useEffect(() => {
    const map = controller?.map;
    if (!map || !picking || !polyLayer || !controller) return;
    controller.interceptClicks = true;
    map.getCanvas().style.cursor = 'pointer';
    const onClick = (e: MapMouseEvent) => {
      const id = `lyr-${polyLayer.id}-fill`;
      const hit = map.getLayer(id) ? map.queryRenderedFeatures(e.point, { layers: [id] })[0] : undefined;
      const si = hit ? Number(hit.properties.$sourceIndex) : NaN;
      if (Number.isInteger(si)) setPicked(si);
      setPicking(false);
    };
    map.once('click', onClick);
    return () => {
      map.off('click', onClick);
      // After the click's own handlers have run, so the pick does not also select a feature.
      setTimeout(() => (controller.interceptClicks = false), 0);
      map.getCanvas().style.cursor = '';
    };
  }, [controller, picking, polyLayer?.id]);

  const categories = layer?.categories.map((c) => c.category) ?? [];
  const chosen = categories.filter((c) => !excluded.has(c));
  const within = area === 'polygon' && polyLayer && picked !== null ? `${polyLayer.id}:${picked}` : null;
  const ready = layer !== null && (area === 'extent' ? bbox !== null : within !== null);
  const request = ready
    ? {
        layer: layer.id,
        selection: {
          ...windowToSelection(timeWindow ?? null),
          ...(excluded.size && categories.length ? { categories: chosen } : {}),
          ...(within ? { within } : {}),
        },
        ...(area === 'extent' && bbox ? { bbox } : {}),
      }
    : null;
  const key = JSON.stringify(request);
  const latestKey = useRef(key);
  latestKey.current = key;

  useEffect(() => {
    if (!request) {
      setSummary(null);
      return;
    }
    if (request.selection.categories && request.selection.categories.length === 0) {
      setSummary(null);
      setError('No category chosen.');
      return;
    }
    setBusy(true);
    api['layers.summary'](request)
      .then((s) => {
        if (latestKey.current !== key) return;
        setSummary(s);
        setError(null);
      })
      .catch((e) => latestKey.current === key && setError(describeError(e)))
      .finally(() => latestKey.current === key && setBusy(false));
    // `key` stands for the whole request.
  }, [api, key]);

  if (!layer) return <p className="muted">No point layer to summarise.</p>;
  const pickedLabel = choices.find((c) => c.sourceIndex === picked)?.label;
  return (
    <div className="summary-panel" data-testid="summary-panel">
      <label className="field">
        Layer
        <select value={layer.id} onChange={(e) => setLayerId(Number(e.target.value))} data-testid="summary-layer">
          {points.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
      <div className="choices" role="radiogroup" aria-label="Area">
        <label>
          <input type="radio" checked={area === 'extent'} onChange={() => setArea('extent')} data-testid="summary-area-extent" /> Map extent
        </label>
        <label>
          <input type="radio" checked={area === 'polygon'} onChange={() => setArea('polygon')} disabled={polygons.length === 0} data-testid="summary-area-polygon" />{' '}
          Polygon
        </label>
      </div>
      {area === 'polygon' && polyLayer && (
        <>
          <label className="field">
            Polygon layer
            <select value={polyLayer.id} onChange={(e) => (setPolyLayerId(Number(e.target.value)), setPicked(null))} data-testid="summary-polygon-layer">
              {polygons.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            Feature
            <select value={picked ?? ''} onChange={(e) => setPicked(e.target.value === '' ? null : Number(e.target.value))} data-testid="summary-polygon-feature">
              <option value="">— choose —</option>
              {choices.map((c) => (
                <option key={c.sourceIndex} value={c.sourceIndex}>
                  {c.label}
                </option>
              ))}
            </select>
          </label>
          <button onClick={() => setPicking((p) => !p)} className={picking ? 'active' : ''} data-testid="summary-pick">
            {picking ? 'Click a polygon on the map…' : 'Pick on the map'}
          </button>
        </>
      )}
      <p className="muted" data-testid="summary-scope">
        {timeWindow ? `Time window ${formatWindow(timeWindow, timezone)}` : 'All times'} ·{' '}
        {excluded.size ? `${chosen.length} of ${categories.length} categories` : 'all categories'} ·{' '}
        {area === 'extent' ? 'map extent' : pickedLabel ? `in ${pickedLabel}` : 'no polygon chosen'}
      </p>
      {categories.length > 0 && (
        <details>
          <summary>Categories</summary>
          {categories.map((c) => (
            <label key={c} className="field checkbox">
              <input
                type="checkbox"
                checked={!excluded.has(c)}
                data-testid={`summary-cat-filter-${c}`}
                onChange={(e) =>
                  setExcluded((prev) => {
                    const next = new Set(prev);
                    if (e.target.checked) next.delete(c);
                    else next.add(c);
                    return next;
                  })
                }
              />
              {categoryLabel(c)}
            </label>
          ))}
        </details>
      )}
      {error && (
        <p className="error" role="alert" data-testid="summary-error">
          {error}
        </p>
      )}
      {summary && (
        <div data-testid="summary-result" aria-busy={busy}>
          <div>
            <span className="summary-count" data-testid="summary-count" data-value={summary.count}>
              {summary.count.toLocaleString('en-US')}
            </span>{' '}
            incidents
          </div>
          <div className="muted">
            First <span data-testid="summary-first">{localDateTime(summary.firstTime, timezone)}</span>, last{' '}
            <span data-testid="summary-last">{localDateTime(summary.lastTime, timezone)}</span>
          </div>
          {summary.quantityByUnit.length > 0 && (
            <>
              <h4>Quantities by unit</h4>
              <table>
                <tbody>
                  {summary.quantityByUnit.map((u) => (
                    <tr key={u.unit}>
                      <td>{u.unit || '(no unit)'}</td>
                      <td className="num" data-testid={`summary-unit-${u.unit || 'none'}`} data-value={u.total}>
                        {quantity(u.total)}
                      </td>
                      <td className="num muted">{u.records.toLocaleString('en-US')} rec.</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {summary.byCategory.length > 0 && (
            <>
              <h4>By category</h4>
              <table>
                <tbody>
                  {summary.byCategory.map((c) => {
                    const q = summary.quantityByCategory.filter((x) => x.category === c.category);
                    return (
                      <tr key={c.category}>
                        <td>{categoryLabel(c.category)}</td>
                        <td className="num" data-testid={`summary-cat-${c.category}`} data-value={c.count}>
                          {c.count.toLocaleString('en-US')}
                        </td>
                        <td className="num muted">{q.map((x) => `${quantity(x.total)} ${x.unit}`.trim()).join(', ')}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </>
          )}
        </div>
      )}
    </div>
  );
}

registerAnalysisTool({
  id: 'summary',
  title: 'Summary',
  description: 'Counts by category and quantities by unit in the map extent or a polygon, for the time window',
  Panel: SummaryPanel,
});
