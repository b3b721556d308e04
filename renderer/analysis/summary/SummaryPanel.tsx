/**
 * Summary: what the analyst is looking at, in numbers — incidents, counts by category,
 * quantities seized by unit (kg, units …), first and last time — for the timeline's window, the
 * chosen categories, and either the map's current extent (follows the map, debounced) or one
 * polygon (a municipality picked from the list or by clicking it on the map). From `layers.summary`.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { LayerSummary } from '../../../shared/api/contract.ts';
import type { BBox } from '../../../shared/model/feature.ts';
import { formatWindow, windowToSelection } from '../../timeline/timeWindow.ts';
import { describeError } from '../errors.ts';
import { useWords } from '../../i18n/language.tsx';
import { registerAnalysisTool, type ToolContext } from '../registry.ts';
import { CategoryField, LayerField, pointLayers, polygonLayers } from '../selectionFields.tsx';
import { PolygonPicker, type PolygonPick } from './PolygonPicker.tsx';
import { SummaryResult } from './SummaryResult.tsx';
import { layerCategoryLabels } from '../../../shared/api/categoryLabels.ts';
import '../../map/mapTools.css';

/** Wait for the map to settle before asking again (a drag ends in a burst of moveends). */
const EXTENT_DEBOUNCE_MS = 300;

/** The map's view as [minLon, minLat, maxLon, maxLat], clamped to the world. */
function viewBBox(map: MapLibreMap): BBox {
  const b = map.getBounds();
  const clamp = (v: number, lim: number) => Math.max(-lim, Math.min(lim, v));
  return [clamp(b.getWest(), 180), clamp(b.getSouth(), 90), clamp(b.getEast(), 180), clamp(b.getNorth(), 90)];
}

function SummaryPanel(ctx: ToolContext) {
  const { api, controller, timeWindow, timezone = 'UTC' } = ctx;
  const { t, num, language } = useWords();
  const points = useMemo(() => pointLayers(ctx.layers), [ctx.layers]);
  const polygons = useMemo(() => polygonLayers(ctx.layers), [ctx.layers]);
  const [layerId, setLayerId] = useState<number | null>(null);
  const layer = points.find((l) => l.id === layerId) ?? points.find((l) => l.id === ctx.activeLayerId) ?? points[0] ?? null;
  const [area, setArea] = useState<'extent' | 'polygon'>('extent');
  const [pick, setPick] = useState<PolygonPick | null>(null);
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

  const categories = layer?.categories.map((c) => c.category) ?? [];
  const chosen = categories.filter((c) => !excluded.has(c));
  const within = area === 'polygon' && pick && pick.picked !== null ? `${pick.layer.id}:${pick.picked}` : null;
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
      setError(t('params.summary.noCategory'));
      return;
    }
    setBusy(true);
    api['layers.summary'](request)
      .then((s) => {
        if (latestKey.current !== key) return;
        setSummary(s);
        setError(null);
      })
      .catch((e) => latestKey.current === key && setError(describeError(e, { t, language })))
      .finally(() => latestKey.current === key && setBusy(false));
    // `key` stands for the whole request.
  }, [api, key]);

  if (!layer) return <p className="muted">{t('params.summary.noLayer')}</p>;
  return (
    <div className="summary-panel" data-testid="summary-panel">
      <LayerField label={t('params.summary.layer')} layers={points} value={layer.id} onChange={setLayerId} testId="summary-layer" />
      <div className="choices" role="radiogroup" aria-label={t('params.summary.area')}>
        <label>
          <input type="radio" checked={area === 'extent'} onChange={() => setArea('extent')} data-testid="summary-area-extent" /> {t('params.summary.extent')}
        </label>
        <label>
          <input type="radio" checked={area === 'polygon'} onChange={() => setArea('polygon')} disabled={polygons.length === 0} data-testid="summary-area-polygon" />{' '}
          {t('params.summary.polygon')}
        </label>
      </div>
      {area === 'polygon' && <PolygonPicker api={api} controller={controller} polygons={polygons} onPick={setPick} onError={setError} />}
      <p className="muted" data-testid="summary-scope">
        {timeWindow ? t('params.summary.window', { window: formatWindow(timeWindow, timezone, language) }) : t('params.summary.allTimes')} ·{' '}
        {excluded.size ? t('params.summary.someCategories', { n: num(chosen.length), total: num(categories.length) }) : t('params.summary.allCategories')} ·{' '}
        {area === 'extent' ? t('params.summary.inExtent') : pick?.label ? t('params.summary.inPolygon', { name: pick.label }) : t('params.summary.noPolygon')}
      </p>
      <CategoryField
        layer={layer}
        isOn={(c) => !excluded.has(c)}
        onToggle={(c, on) =>
          setExcluded((prev) => {
            const next = new Set(prev);
            if (on) next.delete(c);
            else next.add(c);
            return next;
          })
        }
        summary={t('params.summary.categories')}
        testIdPrefix="summary-cat-filter-"
      />
      {error && (
        <p className="error" role="alert" data-testid="summary-error">
          {error}
        </p>
      )}
      {summary && <SummaryResult summary={summary} timezone={timezone} busy={busy} labels={layerCategoryLabels(layer)} />}
    </div>
  );
}

registerAnalysisTool({
  id: 'summary',
  title: 'Summary',
  description: 'Counts by category and quantities by unit in the map extent or a polygon, for the time window',
  Panel: SummaryPanel,
});
