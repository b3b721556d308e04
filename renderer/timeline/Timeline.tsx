/**
 * The timeline under the map: incidents over time by category (stacked bars, d3) from
 * `analysis.timeline`, a d3 brush that sets the app-wide time window (snapped to whole bins),
 * the count in the window, a clear button, and the weekday × hour table of the window.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import * as d3 from 'd3';
import type { LayerInfo, TimelineResult } from '../../shared/api/contract.ts';
import type { TimelineBin } from '../../shared/analysis/timeline.ts';
import type { ApiClient } from '../api/client.ts';
import type { MapState } from '../../shared/api/mapState.ts';
import { describeError } from '../analysis/errors.ts';
import { DayHourTable } from './DayHourTable.tsx';
import { AoristicCheckbox, aoristicRequest, type AoristicChoice } from '../analysis/aoristicField.tsx';
import { widerSentence } from '../../shared/analysis/aoristic.ts';
import { categoryLabel } from '../../shared/analysis/categoryLabels.ts';
import { layerCategoryLabels, type CategoryLabels } from '../../shared/api/categoryLabels.ts';
import { LOCALE, type Language } from '../../shared/i18n/languages.ts';
import { useWords, type Words } from '../i18n/language.tsx';
import { countInWindow, formatWindow, snapToBins, windowToSelection, type TimeWindow } from './timeWindow.ts';

/** The timeline's own settings: kept by the app so they are saved with the map. */
export type TimelinePanel = MapState['panels']['timeline'];

export const DEFAULT_TIMELINE_PANEL: TimelinePanel = { layerId: null, bin: 'week', collapsed: false, dayHour: false };

export interface TimelineProps {
  api: ApiClient;
  layers: LayerInfo[];
  tz: string;
  window: TimeWindow | null;
  onWindow: (w: TimeWindow | null) => void;
  panel: TimelinePanel;
  onPanel: (p: TimelinePanel) => void;
  /** Attribute filters by layer id: the timeline counts only the records that pass its layer's. */
  filters?: ReadonlyMap<number, string>;
}

/** Category colours: Tableau 10, then grey for the rest. */
function categoryColor(index: number): string {
  return index < d3.schemeTableau10.length ? d3.schemeTableau10[index] : '#9d9d9d';
}

/**
 * The time axis's labels as d3's default ticks choose them (a year at its start, a month at its
 * start, else a day), with the names in the app's language: "February" / "febrero".
 */
function timeTicks(language: Language): (d: Date | d3.NumberValue) => string {
  const locale = LOCALE[language];
  const year = new Intl.DateTimeFormat(locale, { year: 'numeric' });
  const month = new Intl.DateTimeFormat(locale, { month: 'long' });
  const day = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric' });
  return (v) => {
    const d = v instanceof Date ? v : new Date(+v);
    if (d3.timeYear(d) >= d) return year.format(d);
    return (d3.timeMonth(d) >= d ? month : day).format(d);
  };
}

const HEIGHT = 130;
const MARGIN = { top: 8, right: 12, bottom: 20, left: 40 };

/** A count of records, or of aoristic shares of records (rounded, marked ≈): "1,234 incidents". */
function countText(n: number, { t, num }: Words): string {
  const whole = Math.round(n);
  const text = t('timeline.incidents', { count: whole, n: num(whole) });
  return Math.abs(n - whole) < 1e-6 ? text : `≈ ${text}`;
}

function timedPointLayers(layers: LayerInfo[]): LayerInfo[] {
  return layers.filter((l) => (l.geometryType === 'Point' || l.geometryType === 'MultiPoint') && l.timeRange !== null);
}

export function Timeline({ api, layers, tz, window: win, onWindow, panel, onPanel, filters }: TimelineProps) {
  const words = useWords();
  const { t } = words;
  const candidates = useMemo(() => timedPointLayers(layers), [layers]);
  const { bin, collapsed, dayHour: showDayHour } = panel;
  const [result, setResult] = useState<TimelineResult | null>(null);
  const [windowDayHour, setWindowDayHour] = useState<TimelineResult['dayHour'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const layer = candidates.find((l) => l.id === panel.layerId) ?? candidates[0] ?? null;
  const fingerprint = layer?.fingerprint;
  // Aoristic counting: the layer's default (on when it has time windows) until the analyst chooses.
  const [chosen, setChosen] = useState<{ layerId: number; on: boolean } | null>(null);
  const aoristic: AoristicChoice = chosen && chosen.layerId === layer?.id ? chosen.on : null;
  const setAoristic = (on: boolean) => layer && setChosen({ layerId: layer.id, on });
  const where = layer ? filters?.get(layer.id) : undefined;

  useEffect(() => {
    if (!layer) return;
    let stale = false;
    api['analysis.timeline']({ layer: layer.id, bin, ...(where ? { selection: { where } } : {}), ...aoristicRequest(aoristic) })
      .then((r) => !stale && (setResult(r), setError(null)))
      .catch((e) => !stale && setError(describeError(e, words)));
    return () => {
      stale = true;
    };
    // Refetch when the layer's content changes, not on every new layer-list object.
  }, [api, layer?.id, fingerprint, bin, aoristic, where]);

  // The weekday × hour table follows the window.
  useEffect(() => {
    if (!layer || !showDayHour) return;
    if (!win) {
      setWindowDayHour(null);
      return;
    }
    let stale = false;
    api['analysis.timeline']({ layer: layer.id, bin: 'month', selection: { ...windowToSelection(win), ...(where ? { where } : {}) }, ...aoristicRequest(aoristic) })
      .then((r) => !stale && setWindowDayHour(r.dayHour))
      .catch((e) => !stale && setError(describeError(e, words)));
    return () => {
      stale = true;
    };
  }, [api, layer?.id, fingerprint, win?.from, win?.to, showDayHour, aoristic, where]);

  if (!layer) return null;
  const bins = result?.timeline.bins ?? [];
  const inWindow = win ? countInWindow(bins, win) : (result?.total ?? 0);
  const spread = result?.aoristic?.on === true;
  const wider = spread && result.timeline.wider ? widerSentence(result.timeline.wider, words.language) : '';
  return (
    <section className="timeline" aria-label={t('timeline.name')} data-testid="timeline">
      <header className="timeline-header">
        <button className="icon" onClick={() => onPanel({ ...panel, collapsed: !collapsed })} title={collapsed ? t('timeline.show') : t('timeline.hide')}>
          {collapsed ? '▸' : '▾'}
        </button>
        <strong>{t('timeline.name')}</strong>
        <select aria-label={t('timeline.layer')} value={layer.id} onChange={(e) => onPanel({ ...panel, layerId: Number(e.target.value) })}>
          {candidates.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </select>
        <select aria-label={t('timeline.bin')} value={bin} onChange={(e) => onPanel({ ...panel, bin: e.target.value as typeof bin })}>
          <option value="day">{t('timeline.perDay')}</option>
          <option value="week">{t('timeline.perWeek')}</option>
          <option value="month">{t('timeline.perMonth')}</option>
        </select>
        <span className="window-count" data-testid="window-count">
          {t(win ? 'timeline.inWindow' : 'timeline.inTotal', { incidents: countText(inWindow, words) })}
        </span>
        {win ? (
          <>
            <span className="window-range" data-testid="window-range">{formatWindow(win, tz, words.language)}</span>
            <button onClick={() => onWindow(null)} data-testid="window-clear" title={t('timeline.clearTitle')}>
              {t('timeline.clear')}
            </button>
          </>
        ) : (
          <span className="muted">{t('timeline.hint')}</span>
        )}
        <span className="grow" />
        {result && result.timeline.undated > 0 && <span className="muted">{t('timeline.undated', { incidents: countText(result.timeline.undated, words) })}</span>}
        <AoristicCheckbox layer={layer} value={aoristic} onChange={setAoristic} testId="timeline-aoristic" />
        {wider && (
          <span className="muted" data-testid="timeline-wider">
            {t(`layerTools.timeline.spread.${bin}`, { wider })}
          </span>
        )}
        <label className="inline">
          <input type="checkbox" checked={showDayHour} onChange={(e) => onPanel({ ...panel, dayHour: e.target.checked })} /> {t('timeline.dayHour')}
        </label>
      </header>
      {error && <p className="error">{error}</p>}
      {!collapsed && result && (
        <div className="timeline-body">
          <TimelineChart bins={bins} names={result.timeline.names} window={win} onWindow={onWindow} language={words.language} labels={layerCategoryLabels(layer)} />
          {showDayHour && <DayHourTable matrix={windowDayHour ?? result.dayHour} aoristic={spread} />}
        </div>
      )}
    </section>
  );
}

interface ChartProps {
  bins: TimelineBin[];
  names: string[];
  window: TimeWindow | null;
  onWindow: (w: TimeWindow | null) => void;
  language: Language;
  /** The layer's own labels of its category codes. */
  labels: CategoryLabels | undefined;
}

/** d3 owns the SVG's content; React only hands it the data. */
function TimelineChart({ bins, names, window: win, onWindow, language, labels }: ChartProps) {
  const { t } = useWords();
  const wrap = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const [width, setWidth] = useState(600);
  const latest = useRef({ onWindow, bins });
  latest.current = { onWindow, bins };
  const brushRef = useRef<{ brush: d3.BrushBehavior<unknown>; x: d3.ScaleTime<number, number>; g: d3.Selection<SVGGElement, unknown, null, undefined> } | null>(null);
  const silent = useRef(false);

  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.max(200, el.clientWidth)));
    ro.observe(el);
    setWidth(Math.max(200, el.clientWidth));
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    const svg = d3.select(svgRef.current!);
    svg.selectAll('*').remove();
    if (bins.length === 0) return;
    const innerW = width - MARGIN.left - MARGIN.right;
    const innerH = HEIGHT - MARGIN.top - MARGIN.bottom;
    const x = d3.scaleTime().domain([bins[0].start, bins[bins.length - 1].end]).range([0, innerW]);
    const keys = [...names, '(uncategorised)'];
    const rows = bins.map((b) => ({ ...b.byCategory, '(uncategorised)': b.uncategorized, start: b.start, end: b.end }) as Record<string, number>);
    const series = d3.stack<Record<string, number>>().keys(keys).value((d, k) => d[k] ?? 0)(rows);
    const maxY = d3.max(bins, (b) => b.total) ?? 1;
    const y = d3.scaleLinear().domain([0, Math.max(1, maxY)]).nice().range([innerH, 0]);
    const g = svg.append('g').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
    g.append('g')
      .selectAll('g')
      .data(series)
      .join('g')
      .attr('fill', (_, i) => categoryColor(i))
      .selectAll('rect')
      .data((s) => s.map((d) => ({ d, key: s.key })))
      .join('rect')
      .attr('x', ({ d }) => x(d.data.start) + 0.5)
      .attr('width', ({ d }) => Math.max(1, x(d.data.end) - x(d.data.start) - 1))
      .attr('y', ({ d }) => y(d[1]))
      .attr('height', ({ d }) => Math.max(0, y(d[0]) - y(d[1])))
      .append('title')
      .text(({ d, key }) => `${key}: ${(d[1] - d[0]).toLocaleString('en-US')}`);
    g.append('g')
      .attr('transform', `translate(0,${innerH})`)
      .call(d3.axisBottom(x).ticks(Math.max(2, Math.floor(innerW / 90))).tickFormat(timeTicks(language)));
    g.append('g').call(d3.axisLeft(y).ticks(4).tickFormat(d3.format('~s')));
    const brush = d3
      .brushX<unknown>()
      .extent([
        [0, 0],
        [innerW, innerH],
      ])
      .on('end', (event: d3.D3BrushEvent<unknown>) => {
        if (silent.current || !event.sourceEvent) return;
        const sel = event.selection as [number, number] | null;
        if (!sel) {
          latest.current.onWindow(null);
          return;
        }
        const w = snapToBins(latest.current.bins, +x.invert(sel[0]), +x.invert(sel[1]));
        latest.current.onWindow(w);
      });
    const bg = g.append('g').attr('class', 'brush').attr('data-testid', 'timeline-brush').call(brush);
    brushRef.current = { brush, x, g: bg };
  }, [bins, names, width, language]);

  // Keep the drawn brush on the window (snapped, or cleared from outside).
  useEffect(() => {
    const b = brushRef.current;
    if (!b) return;
    silent.current = true;
    try {
      b.brush.move(b.g, win ? [b.x(win.from), b.x(win.to)] : null);
    } finally {
      silent.current = false;
    }
  }, [win, bins, width]);

  return (
    <div className="timeline-chart" ref={wrap}>
      <svg ref={svgRef} width={width} height={HEIGHT} data-testid="timeline-chart" role="img" aria-label={t('timeline.chart')} />
      <ul className="timeline-keys">
        {names.map((n, i) => (
          <li key={n} title={n}>
            <span className="swatch" style={{ background: categoryColor(i) }} />
            {categoryLabel(n, language, labels)}
          </li>
        ))}
      </ul>
    </div>
  );
}
