/**
 * How a stored analysis's parameters and selection read in the legend and the runs list:
 * "eps 800 m · min points 8 · hull convex" and "2023-07-14 – 2023-07-21 · homicide".
 */
import { localDateOf } from '../../shared/time/zone.ts';
import { splitWithinDistance } from '../../shared/api/bufferInput.ts';
import { LAYER_REF_PARAMS } from '../../shared/api/analysisInputs.ts';
import { wordsFor, type Words } from '../i18n/language.tsx';

/** Each parameter's phrase in the catalogue (params.describe.labels) and its unit; two keys with one phrase show once. */
const LABELS: Record<string, [string, string]> = {
  eps: ['eps', 'm'],
  minPoints: ['minPoints', ''],
  hull: ['hull', ''],
  bandwidth: ['bandwidth', 'm'],
  cellSize: ['cell', 'm'],
  contours: ['contours', '%'],
  grid: ['grid', ''],
  field: ['field', ''],
  distanceBand: ['distanceBand', 'm'],
  fdr: ['fdr', ''],
  studyArea: ['studyArea', ''],
  studyAreaKm2: ['area', 'km²'],
  area: ['studyArea', ''],
  network: ['network', ''],
  snap: ['snap', 'm'],
  snapToleranceM: ['snap', 'm'],
  lixel: ['lixel', 'm'],
  lixelLengthM: ['lixel', 'm'],
  bandwidthM: ['bandwidth', 'm'],
  minLength: ['minLength', 'm'],
  minLengthM: ['minLength', 'm'],
  border: ['border', ''],
  step: ['step', ''],
  weight: ['weight', ''],
  mode: ['mode', ''],
  by: ['areas', ''],
  per: ['population', ''],
  mapValue: ['map', ''],
  classify: ['classesBy', ''],
  classes: ['classes', ''],
  breaks: ['limits', ''],
};

/** Parameter values that are words, by the catalogue section naming them (English reads them as the code). */
const VALUE_WORDS: Record<string, string> = { hull: 'params.dbscan', step: 'params.emerging.steps', mode: 'params.corridors.modes' };

type DescribeWords = Pick<Words, 't' | 'num'>;

function fmt(v: unknown, unit: string, w: DescribeWords, valueWords?: string): string {
  if (typeof v === 'number') {
    const n = w.num(v, Number.isInteger(v) ? 0 : 1);
    return unit ? `${n} ${unit}` : n;
  }
  if (typeof v === 'boolean') return w.t(v ? 'params.describe.on' : 'params.describe.off');
  if (Array.isArray(v)) return `${v.join('/')}${unit ? ` ${unit}` : ''}`;
  return valueWords ? w.t(`${valueWords}.${String(v)}`, { defaultValue: String(v) }) : String(v);
}

/** The run's parameters, one short phrase each, in a stable order, in the words of `w`; layers by name when `layerName` knows them. */
export function describeParams(params: Record<string, unknown>, layerName?: (id: number) => string, w: DescribeWords = wordsFor('en')): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const [key, [label, unit]] of Object.entries(LABELS)) {
    const raw = params[key];
    const v = layerName && LAYER_REF_PARAMS.has(key) && typeof raw === 'number' ? layerName(raw) : raw;
    if (v === undefined || v === null || seen.has(label)) continue;
    seen.add(label);
    out.push(`${w.t(`params.describe.labels.${label}`)} ${fmt(v, unit, w, VALUE_WORDS[key])}`);
  }
  return out;
}

/** A date or instant of a selection as the workspace's local day (YYYY-MM-DD). */
function localDay(s: string, tz: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return s;
  const t = Date.parse(s);
  return Number.isFinite(t) ? localDateOf(t, tz) : s;
}

/** The selection a run was made with: time window, categories, area, attribute filter, and the records left out as imprecise. */
export function describeSelection(params: Record<string, unknown>, tz: string, w: Pick<Words, 't' | 'num' | 'day'> = wordsFor('en')): string {
  const { t } = w;
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
    const from = sel.from ? localDay(sel.from, tz) : '…';
    // Instants are exclusive at the end: show the last whole day in the window.
    let to = '…';
    if (sel.to) to = /^\d{4}-\d{2}-\d{2}$/.test(sel.to) ? sel.to : localDateOf(Date.parse(sel.to) - 1, tz);
    parts.push(from === to ? w.day(from) : `${w.day(from)} – ${w.day(to)}`);
  } else parts.push(t('params.describe.allTimes'));
  parts.push(sel.categories?.length ? sel.categories.join(', ') : t('params.describe.allCategories'));
  if (sel.within) parts.push(t('params.describe.within', { area: sel.within }));
  if (sel.withinDistance) {
    const d = splitWithinDistance(sel.withinDistance);
    parts.push(t('params.describe.withinDistance', { metres: w.num(d.metres), layer: d.layer }));
  }
  if (sel.where) parts.push(t('params.describe.filter', { filter: sel.where }));
  const n = (v: number | undefined) => w.num(v ?? 0);
  if (sel.precisionMax !== undefined) {
    parts.push(t('params.describe.precision', { max: w.num(sel.precisionMax, 2), n: n((sel.leftOut?.precision ?? 0) + (sel.leftOut?.noPrecision ?? 0)) }));
  }
  if (sel.excludeStacked) parts.push(t('params.describe.stacked', { n: n(sel.leftOut?.stacked) }));
  return parts.join(' · ');
}
