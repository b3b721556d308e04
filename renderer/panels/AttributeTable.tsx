import { useEffect, useMemo, useRef, useState, type MouseEvent as ReactMouseEvent } from 'react';
import type { TFunction } from 'i18next';
import type { FeatureCollection, Geometry } from 'geojson';
import type { LayerInfo } from '../../shared/api/contract.ts';
import type { ApiClient } from '../api/client.ts';
import { useTableRows, type TableFeature, type TableQuery } from './tableRows.ts';
import { attributeText } from '../format/attributeText.ts';
import { useWords } from '../i18n/language.tsx';
import { ownCategoryLabel } from '../../shared/analysis/categoryLabels.ts';
import { layerCategoryLabels, type CategoryLabels } from '../../shared/api/categoryLabels.ts';
import type { Language } from '../../shared/i18n/languages.ts';
import { formatInstant } from '../../shared/i18n/format.ts';

/** Rows a Shift-click selects at most (they are drawn on the map as one GeoJSON source). */
const MAX_RANGE_ROWS = 10_000;

const ROW_HEIGHT = 24;
const OVERSCAN = 8;

export interface AttributeTableProps {
  layer: LayerInfo;
  data: FeatureCollection<Geometry | null> | null;
  /** This layer's selected features; the anchor is the row clicked last. */
  selectedIds: ReadonlySet<number>;
  anchorId: number | null;
  /** A click: only this row, or (Ctrl/⌘) in or out of the selection. The row's feature comes along, for layers the app does not hold in memory. */
  onSelect: (featureId: number, feature: TableFeature, mode: 'only' | 'toggle') => void;
  /** A Shift-click: the rows from the anchor to the clicked one, in table order. */
  onSelectRows: (rows: TableFeature[], anchorId: number) => void;
  onClearSelection: () => void;
  onClose: () => void;
  /** A layer too big to hold (a viewport layer): rows are paged from the back end through `api`. */
  remote?: boolean;
  api?: ApiClient;
  /** The layer's attribute filter: the table shows only the rows that pass it. */
  where?: string;
  /** The workspace's time zone: times are shown in it (the summary and the timeline count days in it). */
  timezone?: string;
}

const ANALYSIS_FIELDS = ['$time', '$timeEnd', '$category', '$quantity', '$unit', '$precision'];

/** An analysis column ($time …) by the popup's name for it, in the language; a field by its own name. */
const columnLabel = (c: string, t: TFunction) => (c.startsWith('$') ? t(`layerTools.popup.${c.slice(1)}`, { defaultValue: c.slice(1) }) : c);

/** The category column shows the layer's label for a code (the source field beside it keeps the code). */
function cell(value: unknown, column: string, labels: CategoryLabels | undefined, language: Language, tz: string): string {
  if (value === null || value === undefined) return '';
  if (column === '$category' && labels) return ownCategoryLabel(String(value), language, labels) ?? attributeText(value);
  // The day and clock time in the workspace's zone, which the column's heading names.
  if (TIME_COLUMNS.has(column) && typeof value === 'number') return formatInstant(value, tz, language);
  return attributeText(value);
}

const TIME_COLUMNS = new Set(['$time', '$timeEnd']);

/**
 * Bottom drawer. Only the rows in view (plus a few) exist in the DOM, so a layer of a million
 * incidents scrolls as smoothly as one of ten.
 */
export function AttributeTable({ layer, data, selectedIds, anchorId, onSelect, onSelectRows, onClearSelection, onClose, remote = false, api, where, timezone = 'UTC' }: AttributeTableProps) {
  const { t, num, language } = useWords();
  const labels = layerCategoryLabels(layer);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(240);
  const [query, setQuery] = useState<TableQuery>({ sort: null, search: '' });
  const body = useRef<HTMLDivElement>(null);
  const filtered = useMemo(() => (where ? { ...query, where } : query), [query, where]);
  const rows = useTableRows(api, layer, data, filtered, remote);
  const total = rows.total ?? 0;
  const sample = rows.rowAt(0) ?? rows.rowAt(Math.floor(scrollTop / ROW_HEIGHT));
  const columns = useMemo(() => {
    const names = layer.fields.map((f) => f.name);
    const first = sample?.properties ?? {};
    // The back end adds the mapped analysis fields as `$name`; show those that carry data, and a
    // time_end or precision the layer maps (its first row may have none).
    const mapped = (key: string) => (key === '$timeEnd' && layer.mapping.timeEnd) || (key === '$precision' && layer.mapping.precision);
    for (const key of ANALYSIS_FIELDS) if ((first[key] !== null && first[key] !== undefined) || mapped(key)) names.push(key);
    for (const key of Object.keys(first)) if (!names.includes(key) && !key.startsWith('$')) names.push(key);
    return names;
  }, [layer, sample]);

  const viewport = Math.max(1, height - 28);

  // A feature picked on the map scrolls its row into view.
  useEffect(() => {
    if (anchorId === null || !body.current) return;
    const index = rows.indexOf(anchorId);
    if (index < 0) return;
    const top = (index + 1) * ROW_HEIGHT; // +1: the sticky header row
    const el = body.current;
    if (top < el.scrollTop + ROW_HEIGHT || top + ROW_HEIGHT > el.scrollTop + el.clientHeight) {
      el.scrollTop = Math.max(0, top - el.clientHeight / 2);
    }
    // Only a new selection scrolls; pages arriving while the analyst scrolls must not.
  }, [anchorId, remote ? null : rows]);
  const start = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const end = Math.min(total, Math.ceil((scrollTop + viewport) / ROW_HEIGHT) + OVERSCAN);
  const { request } = rows;
  useEffect(() => request(start, end), [request, start, end]);
  const shown: (TableFeature | undefined)[] = [];
  for (let i = start; i < end; i++) shown.push(rows.rowAt(i));
  const sortBy = (field: string) =>
    setQuery((q) => ({
      ...q,
      // ascending → descending → off
      sort: q.sort?.field !== field ? { field, desc: false } : q.sort.desc ? null : { field, desc: true },
    }));
  const click = (e: ReactMouseEvent, index: number, f: TableFeature) => {
    const id = Number(f.id);
    const from = anchorId === null ? -1 : rows.indexOf(anchorId);
    if (e.shiftKey && from >= 0) {
      // From the anchor towards the clicked row, at most MAX_RANGE_ROWS of them.
      const lo = index >= from ? from : Math.max(index, from - MAX_RANGE_ROWS + 1);
      const hi = index >= from ? Math.min(index, from + MAX_RANGE_ROWS - 1) : from;
      void rows.range(lo, hi + 1).then((picked) => onSelectRows(picked, anchorId as number));
    } else onSelect(id, f, e.ctrlKey || e.metaKey || e.shiftKey ? 'toggle' : 'only');
  };
  const arrow = (field: string) => (query.sort?.field === field ? (query.sort.desc ? ' ▼' : ' ▲') : '');
  const gridTemplate = `80px repeat(${columns.length}, minmax(120px, 1fr))`;

  return (
    <section className="attribute-table" style={{ height }} aria-label={t('layerTools.table.name', { layer: layer.name })}>
      <div
        className="resize-handle"
        onPointerDown={(e) => {
          const startY = e.clientY;
          const startH = height;
          const move = (ev: PointerEvent) => setHeight(Math.min(window.innerHeight * 0.8, Math.max(120, startH - (ev.clientY - startY))));
          const up = () => (window.removeEventListener('pointermove', move), window.removeEventListener('pointerup', up));
          window.addEventListener('pointermove', move);
          window.addEventListener('pointerup', up);
        }}
      />
      <header className="table-header">
        <strong>{layer.name}</strong>
        <span className="muted" data-testid="table-count">
          {rows.total !== null ? t('table.count', { count: layer.featureCount, n: num(total), total: num(layer.featureCount) }) : t('table.loading')}
        </span>
        {selectedIds.size > 0 && (
          <span className="table-selection" data-testid="table-selection">
            {t('table.selected', { count: selectedIds.size, n: num(selectedIds.size) })}
            <button onClick={onClearSelection} title={t('table.clearTitle')} data-testid="clear-selection">
              {t('table.clear')}
            </button>
          </span>
        )}
        <input
          type="search"
          placeholder={t('table.searchPlaceholder')}
          aria-label={t('table.search')}
          value={query.search}
          onChange={(e) => setQuery((q) => ({ ...q, search: e.target.value }))}
          data-testid="table-search"
        />
        <button onClick={onClose} title={t('table.close')}>
          ✕
        </button>
      </header>
      <div className="table-scroll" ref={body} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
        <div className="table-row head" style={{ gridTemplateColumns: gridTemplate }}>
          <span className="sortable" onClick={() => sortBy('id')} title={t('table.sort')}>
            id{arrow('id')}
          </span>
          {columns.map((c) => (
            <span key={c} className="sortable" onClick={() => sortBy(c)} title={t('table.sort')}>
              {columnLabel(c, t)}
              {TIME_COLUMNS.has(c) ? ` (${timezone})` : ''}
              {arrow(c)}
            </span>
          ))}
        </div>
        <div style={{ height: total * ROW_HEIGHT, position: 'relative' }}>
          {shown.map((f, i) => {
            if (!f) {
              return (
                <div
                  key={`pending-${start + i}`}
                  className="table-row pending"
                  data-testid="table-row-pending"
                  style={{ gridTemplateColumns: gridTemplate, position: 'absolute', top: (start + i) * ROW_HEIGHT, height: ROW_HEIGHT }}
                >
                  <span className="muted">…</span>
                </div>
              );
            }
            const id = Number(f.id);
            return (
              <div
                key={id}
                className={selectedIds.has(id) ? 'table-row selected' : 'table-row'}
                data-testid="table-row"
                style={{ gridTemplateColumns: gridTemplate, position: 'absolute', top: (start + i) * ROW_HEIGHT, height: ROW_HEIGHT }}
                title={t('table.rowTitle')}
                onClick={(e) => click(e, start + i, f)}
              >
                <span>{id}</span>
                {columns.map((c) => (
                  <span key={c} title={c === '$category' && labels ? attributeText(f.properties?.[c]) : undefined}>
                    {cell(f.properties?.[c], c, labels, language, timezone)}
                  </span>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}
