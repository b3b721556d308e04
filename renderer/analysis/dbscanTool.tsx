/** DBSCAN hot spots: eps (with a k-distance suggestion), min points, hull shape. */
import { useState } from 'react';
import { useWords } from '../i18n/language.tsx';
import { describeError } from './errors.ts';
import { registerAnalysisTool, type ToolContext } from './registry.ts';
import { Param, ToolForm, optionalPositive, type SelectionState } from './ToolForm.tsx';

function Suggest({ ctx, s, minPoints, onEps }: { ctx: ToolContext; s: SelectionState; minPoints: number; onEps: (eps: number) => void }) {
  const { t, num, language } = useWords();
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        disabled={busy || !s.layer || !(minPoints >= 1)}
        data-testid="dbscan-suggest"
        title={t('params.dbscan.suggestTitle')}
        onClick={async () => {
          if (!s.layer) return;
          setBusy(true);
          try {
            const r = await ctx.api['analysis.suggestEps']({ layer: s.layer.id, selection: s.selection, minPoints });
            const eps = Math.round(r.eps);
            onEps(eps);
            // The back end's note on a lowered eps is its own English sentence.
            setNote(t('params.dbscan.suggested', { eps: num(eps), why: r.note ?? t('params.dbscan.knee', { k: r.k }) }));
          } catch (e) {
            setNote(describeError(e, { t, language }));
          } finally {
            setBusy(false);
          }
        }}
      >
        {busy ? '…' : t('params.dbscan.suggest')}
      </button>
      {note && <span className="hint" data-testid="dbscan-suggested">{note}</span>}
    </>
  );
}

function DbscanPanel(ctx: ToolContext) {
  const { t, num } = useWords();
  const [eps, setEps] = useState('800');
  const [minPoints, setMinPoints] = useState('8');
  const [hull, setHull] = useState<'convex' | 'concave'>('convex');
  const mp = Number(minPoints);
  return (
    <ToolForm
      ctx={ctx}
      kind="dbscan"
      params={() => {
        const e = optionalPositive(eps, t('params.dbscan.eps'), t);
        if (typeof e === 'string') return e;
        if (e === undefined) return t('params.dbscan.epsRequired');
        if (!Number.isInteger(mp) || mp < 1) return t('params.dbscan.minPointsWhole', { text: minPoints });
        return { eps: e, minPoints: mp, hull };
      }}
      describeRun={(run) => (
        <p>
          {t('params.dbscan.result', { clusters: num(Number(run.summary.clusters)), noise: num(Number(run.summary.noise)), incidents: num(Number(run.summary.incidents)) })}
        </p>
      )}
    >
      {(s) => (
        <>
          <Param label={t('params.dbscan.eps')} hint={t('params.dbscan.epsHint')}>
            <span className="with-button">
              <input value={eps} onChange={(e) => setEps(e.target.value)} inputMode="decimal" data-testid="dbscan-eps" />
              <Suggest ctx={ctx} s={s} minPoints={mp} onEps={(v) => setEps(String(v))} />
            </span>
          </Param>
          <Param label={t('params.dbscan.minPoints')} hint={t('params.dbscan.minPointsHint')}>
            <input value={minPoints} onChange={(e) => setMinPoints(e.target.value)} inputMode="numeric" data-testid="dbscan-minpoints" />
          </Param>
          <Param label={t('params.dbscan.hull')} hint={t('params.dbscan.hullHint')}>
            <select value={hull} onChange={(e) => setHull(e.target.value as 'convex' | 'concave')}>
              <option value="convex">{t('params.dbscan.convex')}</option>
              <option value="concave">{t('params.dbscan.concave')}</option>
            </select>
          </Param>
        </>
      )}
    </ToolForm>
  );
}

registerAnalysisTool({
  id: 'dbscan',
  title: 'DBSCAN clusters',
  description: 'Density clusters of incidents (hot spot outlines with counts)',
  Panel: DbscanPanel,
});
