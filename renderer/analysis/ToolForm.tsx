/**
 * What every analysis tool shares: the incident layer, the selection (time window from the
 * timeline brush, categories, within a polygon layer), Run with progress and Cancel, readable
 * errors and warnings, and the result put on the map. A tool supplies only its parameters.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { TFunction } from 'i18next';
import type { AnalysisRun, LayerInfo } from '../../shared/api/contract.ts';
import type { AnalysisRequest, Selection } from '../../shared/api/analysisInputs.ts';
import type { Progress } from '../../shared/api/contract.ts';
import { formatWindow, windowToSelection } from '../timeline/timeWindow.ts';
import { categoryLabel } from '../../shared/analysis/categoryLabels.ts';
import { layerCategoryLabels } from '../../shared/api/categoryLabels.ts';
import { describeError } from './errors.ts';
import type { ToolContext } from './registry.ts';
import { CategoryField, LayerField, PrecisionFields, WithinDistanceField, WithinField, pointLayers, precisionMaxOf, withinDistanceOf, withinSpec } from './selectionFields.tsx';
import { FilterChip } from '../panels/FilterBuilder.tsx';
import { useWords } from '../i18n/language.tsx';
import { phaseName } from '../../shared/i18n/phaseName.ts';
import type { Language } from '../../shared/i18n/languages.ts';

export interface SelectionState {
  layer: LayerInfo | null;
  selection: Selection;
}

export interface ToolFormProps {
  ctx: ToolContext;
  kind: AnalysisRequest['kind'];
  /** The tool's parameter fields; gets the current layer and selection (DBSCAN's Suggest needs them). */
  children: (s: SelectionState) => ReactNode;
  /** The tool's parameters, or a message saying what is wrong with them. */
  params: () => Record<string, unknown> | string;
  /** What to show of a finished run beyond warnings (NNI's sentence …). */
  describeRun?: (run: AnalysisRun) => ReactNode;
}

/** Parses an optional positive number field: '' → undefined; anything else must be > 0 (else a message naming the field's `label`). */
export function optionalPositive(text: string, label: string, t: TFunction): number | undefined | string {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const v = Number(trimmed);
  return Number.isFinite(v) && v > 0 ? v : t('params.common.positive', { name: label, text: trimmed });
}

function progressText(p: Progress, language: Language): string {
  const pct = p.total ? ` ${Math.round((100 * p.done) / p.total)} %` : '';
  return `${phaseName(p.phase, language)}${pct}${p.message ? ` — ${p.message}` : ''}`;
}

export function ToolForm({ ctx, kind, children, params, describeRun }: ToolFormProps) {
  const { t, language } = useWords();
  const incidents = pointLayers(ctx.layers);
  const [layerId, setLayerId] = useState<number | null>(null);
  const layer = incidents.find((l) => l.id === (layerId ?? ctx.activeLayerId)) ?? incidents[0] ?? null;
  const [useWindow, setUseWindow] = useState(true);
  // The layer's attribute filter (layer panel) applies unless cleared for this tool.
  const [useFilter, setUseFilter] = useState(true);
  const layerFilter = layer ? ctx.filters?.get(layer.id) : undefined;
  const [categories, setCategories] = useState<string[]>([]);
  const [within, setWithin] = useState('');
  const [withinWhere, setWithinWhere] = useState('');
  const [nearLayer, setNearLayer] = useState('');
  const [nearMetres, setNearMetres] = useState('5000');
  const [excludeStacked, setExcludeStacked] = useState(false);
  const [precisionText, setPrecisionText] = useState('');
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [run, setRun] = useState<AnalysisRun | null>(null);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const tz = ctx.timezone ?? 'UTC';
  const win = useWindow ? (ctx.timeWindow ?? null) : null;
  const selection: Selection = {
    ...windowToSelection(win),
    ...(categories.length ? { categories } : {}),
    ...(within ? { within: withinSpec(within, withinWhere) } : {}),
    ...(excludeStacked ? { excludeStacked: true } : {}),
    ...(useFilter && layerFilter ? { where: layerFilter } : {}),
  };
  const precisionMax = layer?.mapping.precision ? precisionMaxOf(precisionText, t) : undefined;
  const withinDistance = withinDistanceOf(nearLayer, nearMetres, t);
  if (typeof withinDistance === 'object') selection.withinDistance = withinDistance;
  if (typeof precisionMax === 'number') selection.precisionMax = precisionMax;

  const start = async () => {
    if (!layer) return;
    if (typeof precisionMax === 'string') {
      setError(precisionMax);
      return;
    }
    if (typeof withinDistance === 'string') {
      setError(withinDistance);
      return;
    }
    const p = params();
    if (typeof p === 'string') {
      setError(p);
      return;
    }
    // A tool that names its own layer (Gi* on a polygon layer's field) works on that layer's
    // features: the incident selection does not apply to them.
    const ownLayer = p.layer !== undefined && p.layer !== layer.id;
    // The run's warnings and notes in the app's language.
    const req = { kind, layer: layer.id, ...(!ownLayer && Object.keys(selection).length ? { selection } : {}), ...p, language } as AnalysisRequest;
    const ac = new AbortController();
    abort.current = ac;
    setRunning(true);
    setError(null);
    setRun(null);
    setProgress(null);
    try {
      const r = await ctx.api['analysis.run'](req, { onProgress: setProgress, signal: ac.signal });
      setRun(r);
      const detail = await ctx.api['analysis.get']({ id: r.id });
      ctx.results.show(detail);
    } catch (e) {
      setError(ac.signal.aborted ? t('tool.cancelled') : describeError(e, { t, language }));
    } finally {
      setRunning(false);
      abort.current = null;
    }
  };

  if (!layer) return <p className="muted">{t('tool.noLayer')}</p>;
  const shape = { layer, selection };
  return (
    <form
      className="tool-form"
      data-testid={`tool-${kind}`}
      onSubmit={(e) => {
        e.preventDefault();
        void start();
      }}
    >
      <LayerField label={t('tool.incidents')} layers={incidents} value={layer.id} onChange={setLayerId} counts />
      <fieldset className="selection">
        <legend>{t('tool.selection')}</legend>
        <label className="inline">
          <input type="checkbox" checked={useWindow} onChange={(e) => setUseWindow(e.target.checked)} />
          {ctx.timeWindow ? t('tool.window', { window: formatWindow(ctx.timeWindow, tz, language) }) : t('tool.allTimes')}
        </label>
        {layerFilter &&
          (useFilter ? (
            <FilterChip filter={layerFilter} onClear={() => setUseFilter(false)} />
          ) : (
            <button type="button" className="link" onClick={() => setUseFilter(true)}>
              {t('tool.useFilter', { filter: layerFilter })}
            </button>
          ))}
        <CategoryField
          layer={layer}
          isOn={(c) => categories.includes(c)}
          onToggle={(c, on) => setCategories((prev) => (on ? [...prev, c] : prev.filter((x) => x !== c)))}
          summary={t('tool.categories', { list: categories.length ? categories.map((c) => categoryLabel(c, language, layerCategoryLabels(layer))).join(', ') : t('tool.all') })}
        />
        <WithinField layers={ctx.layers} value={within} onChange={setWithin} where={withinWhere} onWhereChange={setWithinWhere} />
        <WithinDistanceField layers={ctx.layers} value={nearLayer} onChange={setNearLayer} metres={nearMetres} onMetresChange={setNearMetres} />
        <PrecisionFields
          layer={layer}
          excludeStacked={excludeStacked}
          onExcludeStacked={setExcludeStacked}
          precisionMax={precisionText}
          onPrecisionMax={setPrecisionText}
        />
      </fieldset>
      {children(shape)}
      <div className="run-row">
        <button type="submit" className="primary" disabled={running} data-testid="analysis-run">
          {t('tool.run')}
        </button>
        {running && (
          <button type="button" onClick={() => abort.current?.abort()} data-testid="analysis-cancel">
            {t('common.cancel')}
          </button>
        )}
      </div>
      {running && (
        <div className="progress" data-testid="analysis-progress">
          <progress max={progress?.total ?? undefined} value={progress?.total ? progress.done : undefined} />
          <span className="muted">{progress ? progressText(progress, language) : t('tool.starting')}</span>
        </div>
      )}
      {error && (
        <p className="error" role="alert" data-testid="analysis-error">
          {error}
        </p>
      )}
      {run && (
        <div className="run-result" data-testid="analysis-result">
          <p>{t(describeRun ? 'tool.doneColon' : 'tool.done', { id: run.id })}</p>
          {describeRun?.(run)}
          <RunExplained summary={run.summary} />
          {run.warnings.map((w, i) => (
            <p key={i} className="warning">
              ⚠ {w}
            </p>
          ))}
        </div>
      )}
    </form>
  );
}

/**
 * What a run's summary says beyond its figures: why it found nothing (`explanation`), and the
 * records a warning counts ({count, sourceIndex} lists, e.g. corridors' incidents not snapped),
 * listed here where the warning points.
 */
function RunExplained({ summary }: { summary: Record<string, unknown> }) {
  const { t, num } = useWords();
  const lists = Object.entries(summary).filter(
    (e): e is [string, { count: number; sourceIndex: number[] }] =>
      typeof e[1] === 'object' && e[1] !== null && typeof (e[1] as { count?: unknown }).count === 'number' && Array.isArray((e[1] as { sourceIndex?: unknown }).sourceIndex),
  );
  return (
    <>
      {typeof summary.explanation === 'string' && (
        <p className="explanation" data-testid="analysis-explanation">
          {summary.explanation}
        </p>
      )}
      {lists
        .filter(([, v]) => v.count > 0)
        .map(([key, v]) => (
          <details key={key} data-testid={`analysis-list-${key}`}>
            <summary>
              {t(v.sourceIndex.length < v.count ? 'params.run.listFirst' : 'params.run.list', {
                n: num(v.count),
                what: t(`params.run.listed.${key}`, { defaultValue: key }),
                first: num(v.sourceIndex.length),
              })}
            </summary>
            <p className="source-indexes">{v.sourceIndex.join(', ')}</p>
          </details>
        ))}
    </>
  );
}

/** One parameter: label, input, and a line saying what the default is and why. */
export function Param({ label, hint, children }: { label: string; hint: string; children: ReactNode }) {
  return (
    <div className="param">
      <label className="field">
        <span>{label}</span>
        {children}
      </label>
      <p className="hint">{hint}</p>
    </div>
  );
}
