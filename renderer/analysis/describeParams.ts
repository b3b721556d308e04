/**
 * How a stored analysis's parameters and selection read in the legend and the runs list:
 * "eps 800 m · min points 8 · hull convex" and "2023-07-14 – 2023-07-21 · homicide".
 */
import { localDateOf } from '../../shared/time/zone.ts';
import { splitWithinDistance } from '../../shared/api/bufferInput.ts';
import { LAYER_REF_PARAMS } from '../../shared/api/analysisInputs.ts';

const LABELS: Record<string, [string, string]> = {
  eps: ['eps', 'm'],
  minPoints: ['min points', ''],
  hull: ['hull', ''],
  bandwidth: ['bandwidth', 'm'],
  cellSize: ['cell', 'm'],
  contours: ['contours', '%'],
  grid: ['grid', ''],
  field: ['field', ''],
  distanceBand: ['distance band', 'm'],
  fdr: ['FDR', ''],
  studyArea: ['study area', ''],
  studyAreaKm2: ['area', 'km²'],
  area: ['study area', ''],
  network: ['network', ''],
  snap: ['snap', 'm'],
  snapToleranceM: ['snap', 'm'],
  lixel: ['lixel', 'm'],
  lixelLengthM: ['lixel', 'm'],
  bandwidthM: ['bandwidth', 'm'],
  minLength: ['min length', 'm'],
  minLengthM: ['min length', 'm'],
  border: ['border', ''],
  step: ['step', ''],
  weight: ['weight', ''],
  mode: ['mode', ''],
  by: ['areas', ''],
  per: ['population', ''],
  mapValue: ['map', ''],
  classify: ['classes by', ''],
  classes: ['classes', ''],
  breaks: ['limits', ''],
};

function fmt(v: unknown, unit: string): string {
  if (typeof v === 'number') {
    const n = Number.isInteger(v) ? v.toLocaleString('en-US') : v.toLocaleString('en-US', { maximumFractionDigits: 1 });
    return unit ? `${n} ${unit}` : n;
  }
  if (typeof v === 'boolean') return v ? 'on' : 'off';
  if (Array.isArray(v)) return `${v.join('/')}${unit ? ` ${unit}` : ''}`;
  return String(v);
}

/** The run's parameters, one short phrase each, in a stable order; layers by name when `layerName` knows them. */
export function describeParams(params: Record<string, unknown>, layerName?: (id: number) => string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const [key, [label, unit]] of Object.entries(LABELS)) {
    const raw = params[key];
    const v = layerName && LAYER_REF_PARAMS.has(key) && typeof raw === 'number' ? layerName(raw) : raw;
    if (v === undefined || v === null || seen.has(label)) continue;
    seen.add(label);
    out.push(`${label} ${fmt(v, unit)}`);
  }
  return out;
}

/** A date or instant of a selection as the workspace's local day. */
function day(s: string, tz: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return s;
  const t = Date.parse(s);
  return Number.isFinite(t) ? localDateOf(t, tz) : s;
}

/** The selection a run was made with: time window, categories, area, attribute filter, and the records left out as imprecise. */
export function describeSelection(params: Record<string, unknown>, tz: string): string {
  const sel = (params.selection ?? {}) as {
    from?: string;
    to?: string;
    categories?: string[];
    within?: string;
    withinDistance?: string;
    where?: string;
    excludeStacked?: boolean;
    precisionMax?: number;
    leftOut?: { precision?: number; noPrecision?: number; stacked?: number };
  };
  const parts: string[] = [];
  if (sel.from || sel.to) {
    const from = sel.from ? day(sel.from, tz) : '…';
    // Instants are exclusive at the end: show the last whole day in the window.
    let to = '…';
    if (sel.to) to = /^\d{4}-\d{2}-\d{2}$/.test(sel.to) ? sel.to : localDateOf(Date.parse(sel.to) - 1, tz);
    parts.push(from === to ? from : `${from} – ${to}`);
  } else parts.push('all times');
  parts.push(sel.categories?.length ? sel.categories.join(', ') : 'all categories');
  if (sel.within) parts.push(`within ${sel.within}`);
  if (sel.withinDistance) {
    const d = splitWithinDistance(sel.withinDistance);
    parts.push(`within ${d.metres.toLocaleString('en-US')} m of ${d.layer}`);
  }
  if (sel.where) parts.push(`filter: ${sel.where}`);
  const n = (v: number | undefined) => (v ?? 0).toLocaleString('en-US');
  if (sel.precisionMax !== undefined) {
    parts.push(`precision ≤ ${sel.precisionMax} (${n((sel.leftOut?.precision ?? 0) + (sel.leftOut?.noPrecision ?? 0))} records left out)`);
  }
  if (sel.excludeStacked) parts.push(`stacked points left out (${n(sel.leftOut?.stacked)} records)`);
  return parts.join(' · ');
}
