/**
 * Before/after comparison: a split date with N days either side, or two explicit ranges; the
 * exact test of two Poisson rates from the back end, shown as counts, rate ratio with its 95 %
 * interval, p-value, the verdict, and the briefing sentence in large type.
 */
import { useEffect, useState } from 'react';
import type { AnalysisDetail, AnalysisListing, CompareResult, LayerInfo } from '../../shared/api/contract.ts';
import type { CompareRequest } from '../../shared/api/analysisInputs.ts';
import { comparisonSentence, formatP } from '../../shared/analysis/compare.ts';
import { useWords, wordsFor, type Words } from '../i18n/language.tsx';
import { LOCALE } from '../../shared/i18n/languages.ts';
import { describeWindows, widerSentence } from '../../shared/analysis/aoristic.ts';
import { translator } from '../../shared/i18n/translator.ts';
import { describeError } from '../analysis/errors.ts';
import { registerAnalysisTool, type ToolContext } from '../analysis/registry.ts';
import { Param } from '../analysis/ToolForm.tsx';
import { CategoryField, LayerField, WithinField, pointLayers, withinSpec } from '../analysis/selectionFields.tsx';
import { categoryLabel } from '../../shared/analysis/categoryLabels.ts';
import { layerCategoryLabels, type CategoryLabels } from '../../shared/api/categoryLabels.ts';
import { AoristicCheckbox, aoristicRequest, type AoristicChoice } from '../analysis/aoristicField.tsx';
import { FilterChip } from '../panels/FilterBuilder.tsx';

/** "0.46 (95 % CI 0.14 – 1.30)", in the words of `words` (English by default). */
export function formatRateRatio(r: Pick<CompareResult, 'rateRatio' | 'rateRatioCI95'>, words: Pick<Words, 't' | 'language'> = wordsFor('en')): string {
  if (r.rateRatio === null) return '–';
  const [lo, hi] = r.rateRatioCI95;
  const f = (v: number | null) => (v === null ? '∞' : v.toLocaleString(LOCALE[words.language], { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
  return words.t('params.compare.ci', { ratio: f(r.rateRatio), lo: f(lo), hi: f(hi) });
}

export function formatPercent(v: number | null): string {
  if (v === null) return '–';
  const r = Math.round(v);
  return `${r > 0 ? '+' : r < 0 ? '−' : ''}${Math.abs(r)} %`;
}

/** How the map names a zone: DBSCAN clusters by rank ("#1 (682)"), Gi* cells by id. */
export function zoneLabelsOf(detail: Pick<AnalysisDetail, 'kind' | 'geojson'>, t: Words['t'] = wordsFor('en').t): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of detail.geojson.features) {
    const p = (f.properties ?? {}) as Record<string, unknown>;
    if (detail.kind === 'dbscan' && p.cluster_id !== undefined) out.set(String(p.cluster_id), `#${String(p.rank)} (${String(p.count)})`);
    else if (p.cell_id !== undefined) out.set(String(p.cell_id), t('params.compare.cell', { id: String(p.cell_id) }));
  }
  return out;
}

/** "0.17", "< 0.001": a p-value without its name, for table cells. */
export function pOnly(p: number): string {
  return formatP(p).replace(/^p = /, '').replace(/^p /, '');
}

function CompareView({ r, zoneLabels, labels, windows }: { r: CompareResult; zoneLabels: Map<string, string>; labels: CategoryLabels | undefined; windows: LayerInfo['timeWindows'] }) {
  const words = useWords();
  const { t, num, day, language } = words;
  return (
    <div className="compare-result" data-testid="compare-result">
      <div className="compare-counts">
        <div>
          <div className="big" data-testid="compare-before">
            {num(r.before.count)}
          </div>
          <div className="muted">
            {t('compare.before', { from: day(r.before.from), to: day(r.before.to), days: r.before.days })}
          </div>
        </div>
        <div className="arrow">→</div>
        <div>
          <div className="big" data-testid="compare-after">
            {num(r.after.count)}
          </div>
          <div className="muted">
            {t('compare.after', { from: day(r.after.from), to: day(r.after.to), days: r.after.days })}
          </div>
        </div>
      </div>
      <table className="compare-stats">
        <tbody>
          <tr>
            <th>{t('compare.change')}</th>
            <td>{formatPercent(r.percentChange)}</td>
          </tr>
          <tr>
            <th>{t('compare.rateRatio')}</th>
            <td data-testid="compare-rr">{formatRateRatio(r, words)}</td>
          </tr>
          <tr>
            <th>{t('compare.pValue')}</th>
            <td data-testid="compare-p">{r.pValue === null ? '–' : formatP(r.pValue)}</td>
          </tr>
          <tr>
            <th>{t('compare.verdict')}</th>
            <td data-testid="compare-significant" className={r.significant ? 'significant' : 'not-significant'}>
              {r.significant ? t('compare.significant') : t('compare.notSignificant')}
            </td>
          </tr>
        </tbody>
      </table>
      <p className="compare-sentence" data-testid="compare-sentence">
        {/* The back end's sentence is English; the briefing's words say it in Spanish. */}
        {language === 'en' ? r.sentence : comparisonSentence(r, r.categories ?? undefined, language, labels)}
      </p>
      <p className="hint">{r.test}</p>
      <AoristicView r={r} windows={windows} />
      {r.zones && r.zones.length > 0 && (
        <table className="compare-zones" data-testid="compare-zones">
          <thead>
            <tr>
              <th>{t('compare.zone')}</th>
              <th>{t('compare.beforeColumn')}</th>
              <th>{t('compare.afterColumn')}</th>
              <th>{t('compare.change')}</th>
              <th title={t('compare.pTitle')}>p</th>
              <th title={t('compare.qTitle')}>q (FDR)</th>
            </tr>
          </thead>
          <tbody>
            {r.zones.map((z) => (
              <tr key={String(z.id)} className={z.qValue !== null && z.qValue < 0.05 ? 'significant' : undefined}>
                <td>{zoneLabels.get(String(z.id)) ?? String(z.id)}</td>
                <td className="num">{num(z.before.count)}</td>
                <td className="num">{num(z.after.count)}</td>
                <td className="num">{formatPercent(z.percentChange)}</td>
                <td className="num">{z.pValue === null ? '–' : pOnly(z.pValue)}</td>
                <td className="num">{z.qValue === null ? '–' : pOnly(z.qValue)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** Records known only to a time window: how the test counted them, and the aoristic expected counts beside it. */
function AoristicView({ r, windows }: { r: CompareResult; windows: LayerInfo['timeWindows'] }) {
  const { t, num, language } = useWords();
  const a = r.aoristic;
  if (!a) return null;
  // The note is the back end's English (aoristicNote); in another language it is said again from
  // the layer's windows with the same analysis words, as is the wider-than-a-period sentence.
  if (!a.on) {
    const said = translator(language, 'analysis');
    const note = language === 'en' ? a.note : said('aoristic.countedAtTime', { windows: windows ? describeWindows(windows, language) : said('aoristic.noLayerWindows') });
    return <p className="hint">{t('params.compare.countedAtTime', { note: note.replace(/^.*; /, '') })}</p>;
  }
  const n = (v: number) => num(v, 1);
  return (
    <div className="compare-aoristic" data-testid="compare-aoristic">
      <p className="hint">
        {t('params.compare.wholeRecords', { straddling: n(a.straddling), outside: n(a.partlyOutside) })}
        {a.widerSentence ? t('params.compare.wider', { sentence: widerSentence(a.wider, language) }) : ''}
      </p>
      <p className="hint">
        {t('params.compare.expected')} <span data-testid="compare-aoristic-before">{n(a.before)}</span>, {t('params.compare.expectedAfter')}{' '}
        <span data-testid="compare-aoristic-after">{n(a.after)}</span>.
      </p>
    </div>
  );
}

function ComparePanel(ctx: ToolContext) {
  const { t, language } = useWords();
  const incidents = pointLayers(ctx.layers);
  const [layerId, setLayerId] = useState<number | null>(null);
  const layer = incidents.find((l) => l.id === (layerId ?? ctx.activeLayerId)) ?? incidents[0] ?? null;
  const [mode, setMode] = useState<'split' | 'ranges'>('split');
  const [split, setSplit] = useState('');
  const [beforeDays, setBeforeDays] = useState('28');
  const [afterDays, setAfterDays] = useState('28');
  const [before, setBefore] = useState('');
  const [after, setAfter] = useState('');
  const [categories, setCategories] = useState<string[]>([]);
  const [within, setWithin] = useState('');
  const [withinWhere, setWithinWhere] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<CompareResult | null>(null);
  const [byAnalysis, setByAnalysis] = useState('');
  const [aoristic, setAoristic] = useState<{ layerId: number; on: boolean } | null>(null);
  const [zoneLabels, setZoneLabels] = useState<Map<string, string>>(new Map());
  const [zoneRuns, setZoneRuns] = useState<AnalysisListing[]>([]);
  useEffect(() => {
    let stale = false;
    ctx.api['analysis.list']({}).then(
      (l) => !stale && setZoneRuns(l.filter((a) => (a.kind === 'dbscan' || a.kind === 'gistar') && a.layerId === layer?.id).sort((a, b) => b.id - a.id)),
      () => {},
    );
    return () => {
      stale = true;
    };
  }, [ctx.api, layer?.id, ctx.results.shown.length]);
  if (!layer) return <p className="muted">{t('params.compare.noLayer')}</p>;
  // Aoristic: the layer's default (on when it has time windows) until the analyst chooses.
  const aoristicChoice: AoristicChoice = aoristic?.layerId === layer.id ? aoristic.on : null;

  const run = async () => {
    let req: CompareRequest = { layer: layer.id };
    if (mode === 'split') {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(split)) return setError(t('params.compare.badSplit'));
      const b = Number(beforeDays);
      const a = Number(afterDays);
      if (!Number.isInteger(b) || b < 1 || !Number.isInteger(a) || a < 1) return setError(t('params.compare.badDays'));
      req = { ...req, split, beforeDays: b, afterDays: a };
    } else {
      const range = /^\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$/;
      if (!range.test(before) || !range.test(after)) return setError(t('params.compare.badRanges'));
      req = { ...req, before, after };
    }
    if (categories.length) req.categories = categories;
    if (within) req.within = withinSpec(within, withinWhere);
    // The layer's attribute filter (layer panel), as in the analysis tools.
    const where = ctx.filters?.get(layer.id);
    if (where) req.where = where;
    if (byAnalysis) req.byAnalysis = Number(byAnalysis);
    req = { ...req, ...aoristicRequest(aoristicChoice) };
    setBusy(true);
    setError(null);
    try {
      const r = await ctx.api['analysis.compare'](req);
      setZoneLabels(req.byAnalysis ? zoneLabelsOf(await ctx.api['analysis.get']({ id: req.byAnalysis }), t) : new Map());
      setResult(r);
    } catch (e) {
      setResult(null);
      setError(describeError(e, { t, language }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="tool-form"
      data-testid="tool-compare"
      onSubmit={(e) => {
        e.preventDefault();
        void run();
      }}
    >
      <LayerField label={t('tool.incidents')} layers={incidents} value={layer.id} onChange={setLayerId} />
      <Param label={t('params.compare.periods')} hint={t('params.compare.periodsHint')}>
        <select value={mode} onChange={(e) => setMode(e.target.value as 'split' | 'ranges')}>
          <option value="split">{t('params.compare.split')}</option>
          <option value="ranges">{t('params.compare.ranges')}</option>
        </select>
      </Param>
      {mode === 'split' ? (
        <>
          <Param label={t('params.compare.splitDate')} hint={t('params.compare.splitHint')}>
            <input type="date" value={split} onChange={(e) => setSplit(e.target.value)} data-testid="compare-split" />
          </Param>
          <Param label={t('params.compare.days')} hint={t('params.compare.daysHint')}>
            <span className="with-button">
              <input value={beforeDays} onChange={(e) => setBeforeDays(e.target.value)} inputMode="numeric" data-testid="compare-before-days" />
              <input value={afterDays} onChange={(e) => setAfterDays(e.target.value)} inputMode="numeric" data-testid="compare-after-days" />
            </span>
          </Param>
        </>
      ) : (
        <>
          <Param label={t('params.compare.before')} hint={t('params.compare.beforeHint')}>
            <input value={before} onChange={(e) => setBefore(e.target.value)} placeholder="2023-07-14..2023-07-21" />
          </Param>
          <Param label={t('params.compare.after')} hint={t('params.compare.afterHint')}>
            <input value={after} onChange={(e) => setAfter(e.target.value)} placeholder="2023-07-22..2023-07-29" />
          </Param>
        </>
      )}
      <CategoryField
        layer={layer}
        isOn={(c) => categories.includes(c)}
        onToggle={(c, on) => setCategories((prev) => (on ? [...prev, c] : prev.filter((x) => x !== c)))}
        summary={t('tool.categories', { list: categories.length ? categories.map((c) => categoryLabel(c, language, layerCategoryLabels(layer))).join(', ') : t('tool.all') })}
        testIdPrefix="compare-cat-"
      />
      <WithinField
        layers={ctx.layers}
        value={within}
        onChange={setWithin}
        where={withinWhere}
        onWhereChange={setWithinWhere}
        testIdPrefix="compare-"
      />
      {ctx.filters?.get(layer.id) && <FilterChip filter={ctx.filters.get(layer.id)!} />}
      <Param label={t('params.compare.perZone')} hint={t('params.compare.perZoneHint')}>
        <select value={byAnalysis} onChange={(e) => setByAnalysis(e.target.value)}>
          <option value="">{t('params.compare.wholeSelection')}</option>
          {zoneRuns.map((a) => (
            <option key={a.id} value={a.id}>
              #{a.id} {t(a.kind === 'dbscan' ? 'params.compare.zoneRuns.dbscan' : 'params.compare.zoneRuns.gistar')}
            </option>
          ))}
        </select>
      </Param>
      <AoristicCheckbox layer={layer} value={aoristicChoice} onChange={(on) => setAoristic({ layerId: layer.id, on })} testId="compare-aoristic-on" />
      <div className="run-row">
        <button type="submit" className="primary" disabled={busy} data-testid="compare-run">
          {t('params.compare.run')}
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {result && <CompareView r={result} zoneLabels={zoneLabels} labels={layerCategoryLabels(layer)} windows={layer.timeWindows} />}
    </form>
  );
}

registerAnalysisTool({ id: 'compare', title: 'Compare periods', description: 'Before/after counts with an exact test', Panel: ComparePanel });
