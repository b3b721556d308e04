import { useEffect, useMemo, useRef, useState } from 'react';
import type { FeatureCollection, Geometry } from 'geojson';
import type { LayerInfo } from '../../shared/api/contract.ts';
import type { ApiClient } from '../api/client.ts';
import { useTableRows, type TableFeature, type TableQuery } from './tableRows.ts';

const ROW_HEIGHT = 24;
const OVERSCAN = 8;

export interface AttributeTableProps {
  layer: LayerInfo;
  data: FeatureCollection<Geometry | null> | null;
  selectedId: number | null;
  /** The row's feature comes along, for layers the app does not hold in memory. */
  onSelect: (featureId: number, feature?: TableFeature) => void;
  onClose: () => void;
  /** A layer too big to hold (a viewport layer): rows are paged from the back end through `api`. */
  remote?: boolean;
  api?: ApiClient;
}

const ANALYSIS_FIELDS = ['$time', '$category', '$quantity', '$unit'];

const columnLabel = (c: string) => (c.startsWith('$') ? c.slice(1) : c);

function cell(value: unknown, column: string): string {
  if (value === null || value === undefined) return '';
  if (column === '$time' && typeof value === 'number') return new Date(value).toISOString().replace('T', ' ').replace(/:00\.000Z$|\.000Z$/, ' UTC');
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(6).replace(/\.?0+$/, '');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * Bottom drawer. Only the rows in view (plus a few) exist in the DOM, so a layer of a million
 * incidents scrolls as smoothly as one of ten.
 */
export function AttributeTable({ layer, data, selectedId, onSelect, onClose, remote = false, api }: AttributeTableProps) {
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(240);
  const [query, setQuery] = useState<TableQuery>({ sort: null, search: '' });
  const body = useRef<HTMLDivElement>(null);
  const rows = useTableRows(api, layer, data, query, remote);
  const total = rows.total ?? 0;
  const sample = rows.rowAt(0) ?? rows.rowAt(Math.floor(scrollTop / ROW_HEIGHT));
  const columns = useMemo(() => {
    const names = layer.fields.map((f) => f.name);
    const first = sample?.properties ?? {};
    // The back end adds the mapped analysis fields as `$name`; show those that carry data.
    for (const key of ANALYSIS_FIELDS) if (first[key] !== null && first[key] !== undefined) names.push(key);
    for (const key of Object.keys(first)) if (!names.includes(key) && !key.startsWith('$')) names.push(key);
    return names;
  }, [layer, sample]);

  const viewport = Math.max(1, height - 28);

  // A feature picked on the map scrolls its row into view.
  useEffect(() => {
    if (selectedId === null || !body.current) return;
    const index = rows.indexOf(selectedId);
    if (index < 0) return;
    const top = (index + 1) * ROW_HEIGHT; // +1: the sticky header row
    const el = body.current;
    if (top < el.scrollTop + ROW_HEIGHT || top + ROW_HEIGHT > el.scrollTop + el.clientHeight) {
      el.scrollTop = Math.max(0, top - el.clientHeight / 2);
    }
    // Only a new selection scrolls; pages arriving while the analyst scrolls must not.
  }, [selectedId, remote ? null : rows]);
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
  const arrow = (field: string) => (query.sort?.field === field ? (query.sort.desc ? ' ▼' : ' ▲') : '');
  const gridTemplate = `80px repeat(${columns.length}, minmax(120px, 1fr))`;

  return (
    <section className="attribute-table" style={{ height }} aria-label={`Attributes of ${layer.name}`}>
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
          {rows.total !== null ? `${total.toLocaleString('en-US')} of ${layer.featureCount.toLocaleString('en-US')} features` : 'loading…'}
        </span>
        <input
          type="search"
          placeholder="Filter rows…"
          aria-label="Filter rows"
          value={query.search}
          onChange={(e) => setQuery((q) => ({ ...q, search: e.target.value }))}
          data-testid="table-search"
        />
        <button onClick={onClose} title="Close the table">✕</button>
      </header>
      <div className="table-scroll" ref={body} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
        <div className="table-row head" style={{ gridTemplateColumns: gridTemplate }}>
          <span className="sortable" onClick={() => sortBy('id')} title="Sort">
            id{arrow('id')}
          </span>
          {columns.map((c) => (
            <span key={c} className="sortable" onClick={() => sortBy(c)} title="Sort">
              {columnLabel(c)}
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
                className={id === selectedId ? 'table-row selected' : 'table-row'}
                data-testid="table-row"
                style={{ gridTemplateColumns: gridTemplate, position: 'absolute', top: (start + i) * ROW_HEIGHT, height: ROW_HEIGHT }}
                onClick={() => onSelect(id, f)}
              >
                <span>{id}</span>
                {columns.map((c) => (
                  <span key={c}>{cell(f.properties?.[c], c)}</span>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}
