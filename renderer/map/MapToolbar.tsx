/**
 * The map's tool bar (top left of the map, a MapLibre control React renders into through a
 * portal): measure distance (M), zoom to the selection (Z), and the measurement read-out.
 * Shortcuts work whenever the focus is not in a text field; QGIS's Ctrl+Shift+M and Ctrl+J are
 * the app's Measure Distance and Zoom to Selection commands (the menu, or renderer/shortcuts.ts).
 */
import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { IControl } from 'maplibre-gl';
import { useWords } from '../i18n/language.tsx';
import type { MapController } from './MapController.ts';
import { MeasureTool, formatDistance, type MeasureState } from './measure.ts';
import './mapTools.css';

export interface MapToolbarProps {
  controller: MapController | null;
  /** Whether a feature is selected (table or map). */
  hasSelection: boolean;
  onZoomSelection: () => void;
  /** Bumped by the app's Measure Distance command (menu or shortcut): each change toggles the tool. */
  measureToggles: number;
}

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable) return true;
  return tag === 'INPUT' && !['checkbox', 'radio', 'range', 'color', 'button'].includes((el as HTMLInputElement).type);
}

export function MapToolbar({ controller, hasSelection, onZoomSelection, measureToggles }: MapToolbarProps) {
  const words = useWords();
  const { t } = words;
  const [host, setHost] = useState<HTMLElement | null>(null);
  const [measure, setMeasure] = useState<MeasureState | null>(null);
  const tool = useRef<MeasureTool | null>(null);
  const latest = useRef({ hasSelection, onZoomSelection });
  latest.current = { hasSelection, onZoomSelection };

  useEffect(() => {
    if (!controller) return;
    const el = document.createElement('div');
    el.className = 'maplibregl-ctrl map-toolbar';
    const control: IControl = { onAdd: () => el, onRemove: () => el.remove() };
    controller.map.addControl(control, 'top-left');
    const t = new MeasureTool(controller.map, setMeasure, (on) => (controller.interceptClicks = on));
    tool.current = t;
    setHost(el);
    return () => {
      t.destroy();
      tool.current = null;
      controller.map.removeControl(control);
      setHost(null);
    };
  }, [controller]);

  // The labels the tool draws on the map, and the north arrow's name, speak the window's language.
  useEffect(() => {
    if (tool.current) tool.current.words = words;
    controller?.nameNorthArrow(words.t('layerTools.status.north'), words.t('layerTools.status.northArrow'));
  }, [words, host, controller]);

  const toggleMeasure = () => {
    const t = tool.current;
    if (!t) return;
    if (t.isActive) t.stop();
    else t.start();
  };

  useEffect(() => {
    if (measureToggles > 0) toggleMeasure();
  }, [measureToggles]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = tool.current;
      if (!t || typing(e.target) || e.altKey) return;
      const key = e.key.toLowerCase();
      const plain = !e.ctrlKey && !e.metaKey && !e.shiftKey;
      if (key === 'm' && plain) toggleMeasure();
      else if (key === 'z' && plain) {
        if (latest.current.hasSelection) latest.current.onZoomSelection();
      } else if (key === 'enter' && t.isActive) t.finish();
      else if (key === 'escape' && t.isActive) {
        if (t.state().vertices.length) t.clear();
        else t.stop();
      } else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (!host) return null;
  const m = measure;
  return createPortal(
    <div className="map-tools" onClick={(e) => e.stopPropagation()} onDoubleClick={(e) => e.stopPropagation()}>
      <div className="maplibregl-ctrl-group map-tool-buttons">
        <button
          className={m?.active ? 'active' : ''}
          onClick={toggleMeasure}
          title={t('map.measure')}
          aria-pressed={m?.active ?? false}
          data-testid="tool-measure"
        >
          <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
            <path d="M3 17 17 3l4 4L7 21z" fill="none" stroke="currentColor" strokeWidth="1.6" />
            <path d="M7 13l2 2M10 10l2 2M13 7l2 2" stroke="currentColor" strokeWidth="1.6" />
          </svg>
        </button>
        <button onClick={onZoomSelection} disabled={!hasSelection} title={t('map.zoomSelection')} data-testid="zoom-selection">
          <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
            <rect x="4" y="4" width="16" height="16" fill="none" stroke="currentColor" strokeWidth="1.6" strokeDasharray="3 2" />
            <circle cx="12" cy="12" r="3" fill="#ffd400" stroke="currentColor" strokeWidth="1.4" />
          </svg>
        </button>
      </div>
      {m && (m.active || m.vertices.length > 0) && (
        <div className="measure-panel" data-testid="measure-panel" aria-live="polite">
          <div className="measure-head">
            <strong>{t('map.distance')}</strong>
            <span className="muted">{t('map.geodesic')}</span>
            <button onClick={() => tool.current?.clear()} title={t('map.clearTitle')} data-testid="measure-clear" disabled={m.vertices.length === 0}>
              {t('map.clear')}
            </button>
          </div>
          {m.segments.length === 0 ? (
            <p className="muted">{m.active ? t('map.startHint') : t('map.noLine')}</p>
          ) : (
            <ol className="measure-segments">
              {m.segments.map((s, i) => (
                <li key={i} data-testid="measure-segment" data-metres={s.toFixed(3)}>
                  {formatDistance(s, words.language)}
                </li>
              ))}
            </ol>
          )}
          <div className="measure-total">
            {t('map.total')} <span data-testid="measure-total" data-metres={m.total.toFixed(3)}>{formatDistance(m.total, words.language)}</span>
            {m.finished && m.segments.length > 0 && <span className="muted"> · {t('map.finished')}</span>}
          </div>
        </div>
      )}
    </div>,
    host,
  );
}
