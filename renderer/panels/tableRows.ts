/**
 * Where the attribute table's rows come from. A layer the app holds in memory (up to
 * AGGREGATE_THRESHOLD features) is sorted and filtered here; a viewport layer (a million
 * incidents) is never in memory: its rows are paged from the back end as the table scrolls
 * (`layers.features` with offset/limit, sort and search done in SQL; `layers.count` for the
 * total), so the table holds a few pages whatever the layer's size.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { LayerInfo } from '../../shared/api/contract.ts';
import { foldText } from '../../shared/analysis/attributeFilter.ts';
import type { ApiClient } from '../api/client.ts';

export type TableFeature = Feature<Geometry | null>;

export interface TableQuery {
  /** `id`, `$time`, `$category`, `$quantity`, `$unit` or a property name. */
  sort: { field: string; desc: boolean } | null;
  /** Case-insensitive text any value contains. */
  search: string;
  /**
   * The layer's attribute filter, applied by the back end: to the pages of a remote layer here,
   * and to a layer held in memory when the map loaded it (its data is already filtered).
   */
  where?: string;
}

export interface TableRows {
  /** Rows matching the query; null until known. */
  total: number | null;
  /** The row at `index`, or undefined while its page is on its way. */
  rowAt(index: number): TableFeature | undefined;
  /** The table shows rows [start, end): fetch what is missing. */
  request(start: number, end: number): void;
  /** Index of a feature among the rows loaded so far, -1 when unknown. */
  indexOf(featureId: number): number;
  /** Rows [start, end), loaded or not (a Shift-click selection). */
  range(start: number, end: number): Promise<TableFeature[]>;
  /** True when the rows are paged from the back end. */
  remote: boolean;
}

export const PAGE_ROWS = 200;
const MAX_PAGES = 50;

function valueOf(f: TableFeature, field: string): unknown {
  return field === 'id' ? Number(f.id) : f.properties?.[field];
}

function compare(a: unknown, b: unknown): number {
  // Empty values last, whatever the direction is (as SQLite's NULLs in ascending order: first… kept simple).
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

function matches(f: TableFeature, needle: string): boolean {
  const props = f.properties ?? {};
  for (const v of Object.values(props)) {
    if (v !== null && v !== undefined && foldText(String(typeof v === 'object' ? JSON.stringify(v) : v)).includes(needle)) return true;
  }
  return false;
}

function useMemoryRows(data: FeatureCollection<Geometry | null> | null, query: TableQuery): TableRows {
  const rows = useMemo(() => {
    let features = data?.features ?? [];
    const needle = foldText(query.search.trim());
    if (needle) features = features.filter((f) => matches(f, needle));
    if (query.sort) {
      const { field, desc } = query.sort;
      features = features.slice().sort((a, b) => (desc ? -1 : 1) * compare(valueOf(a, field), valueOf(b, field)) || Number(a.id) - Number(b.id));
    }
    return features;
  }, [data, query]);
  return useMemo(
    () => ({
      total: data ? rows.length : null,
      rowAt: (i: number) => rows[i],
      request: () => {},
      indexOf: (id: number) => rows.findIndex((f) => Number(f.id) === id),
      range: (start: number, end: number) => Promise.resolve(rows.slice(start, end)),
      remote: false,
    }),
    [data, rows],
  );
}

function useRemoteRows(api: ApiClient | undefined, layer: LayerInfo, enabled: boolean, query: TableQuery): TableRows {
  const [total, setTotal] = useState<number | null>(null);
  const [version, setVersion] = useState(0);
  const pages = useRef(new Map<number, TableFeature[]>());
  const pending = useRef(new Set<number>());
  const abort = useRef<AbortController | null>(null);
  // Each search is a scan of the layer in the back end: wait until the analyst stops typing.
  const [search, setSearch] = useState(query.search.trim());
  useEffect(() => {
    const t = setTimeout(() => setSearch(query.search.trim()), 300);
    return () => clearTimeout(t);
  }, [query.search]);
  const base = useMemo(
    () => ({
      layerId: layer.id,
      ...(search ? { search } : {}),
      ...(query.sort ? { sort: { field: query.sort.field, desc: query.sort.desc } } : {}),
      ...(query.where ? { where: query.where } : {}),
    }),
    [layer.id, search, query.sort, query.where],
  );

  // A new layer version or query starts afresh.
  useEffect(() => {
    if (!enabled || !api) return;
    const ac = new AbortController();
    abort.current?.abort();
    abort.current = ac;
    pages.current = new Map();
    pending.current = new Set();
    setTotal(null);
    setVersion((v) => v + 1);
    const { sort: _sort, ...countQuery } = base;
    api['layers.count'](countQuery, { signal: ac.signal })
      .then((r) => !ac.signal.aborted && setTotal(r.count))
      .catch(() => {});
    return () => ac.abort();
  }, [api, enabled, base, layer.fingerprint]);

  const request = useCallback(
    (start: number, end: number) => {
      if (!enabled || !api || !abort.current) return;
      const ac = abort.current;
      const first = Math.floor(start / PAGE_ROWS);
      const last = Math.floor(Math.max(start, end - 1) / PAGE_ROWS);
      for (let p = first; p <= last; p++) {
        if (pages.current.has(p) || pending.current.has(p)) continue;
        pending.current.add(p);
        api['layers.features']({ ...base, offset: p * PAGE_ROWS, limit: PAGE_ROWS }, { signal: ac.signal })
          .then((fc) => {
            if (ac.signal.aborted) return;
            pending.current.delete(p);
            pages.current.set(p, fc.features);
            // Keep the pages near the view; drop the oldest beyond MAX_PAGES.
            while (pages.current.size > MAX_PAGES) pages.current.delete(pages.current.keys().next().value as number);
            setVersion((v) => v + 1);
          })
          .catch(() => pending.current.delete(p));
      }
    },
    [api, enabled, base],
  );

  return useMemo(
    () => ({
      total,
      rowAt: (i: number) => pages.current.get(Math.floor(i / PAGE_ROWS))?.[i % PAGE_ROWS],
      request,
      indexOf: (id: number) => {
        for (const [p, rows] of pages.current) {
          const k = rows.findIndex((f) => Number(f.id) === id);
          if (k >= 0) return p * PAGE_ROWS + k;
        }
        return -1;
      },
      range: async (start: number, end: number) => {
        if (!api || end <= start) return [];
        return (await api['layers.features']({ ...base, offset: start, limit: end - start })).features;
      },
      remote: true,
    }),
    // `version` changes whenever a page arrives: a new object makes the table re-render.
    [total, request, version, api, base],
  );
}

/** The table's rows: from `data` when the app holds the layer, else paged from the back end through `api`. */
export function useTableRows(
  api: ApiClient | undefined,
  layer: LayerInfo,
  data: FeatureCollection<Geometry | null> | null,
  query: TableQuery,
  remote: boolean,
): TableRows {
  const memory = useMemoryRows(remote ? null : data, query);
  const paged = useRemoteRows(api, layer, remote, query);
  return remote ? paged : memory;
}
