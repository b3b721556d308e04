/** DBSCAN hot spots: eps (with a k-distance suggestion), min points, hull shape. */
import { useState } from 'react';
import { describeError } from './errors.ts';
import { registerAnalysisTool, type ToolContext } from './registry.ts';
import { Param, ToolForm, optionalPositive, type SelectionState } from './ToolForm.tsx';

function Suggest({ ctx, s, minPoints, onEps }: { ctx: ToolContext; s: SelectionState; minPoints: number; onEps: (eps: number) => void }) {
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        disabled={busy || !s.layer || !(minPoints >= 1)}
        data-testid="dbscan-suggest"
        title="Knee of the sorted distances to each incident's k-th neighbour (k = min points − 1), lowered when DBSCAN there would put more than half of the incidents in one cluster"
        onClick={async () => {
          if (!s.layer) return;
          setBusy(true);
          try {
            const r = await ctx.api['analysis.suggestEps']({ layer: s.layer.id, selection: s.selection, minPoints });
            const eps = Math.round(r.eps);
            onEps(eps);
            setNote(`Suggested ${eps.toLocaleString('en-US')} m: ${r.note ?? `the knee of the ${r.k}-nearest-neighbour distances`}.`);
          } catch (e) {
            setNote(describeError(e));
          } finally {
            setBusy(false);
          }
        }}
      >
        {busy ? '…' : 'Suggest'}
      </button>
      {note && <span className="hint" data-testid="dbscan-suggested">{note}</span>}
    </>
  );
}

function DbscanPanel(ctx: ToolContext) {
  const [eps, setEps] = useState('800');
  const [minPoints, setMinPoints] = useState('8');
  const [hull, setHull] = useState<'convex' | 'concave'>('convex');
  const mp = Number(minPoints);
  return (
    <ToolForm
      ctx={ctx}
      kind="dbscan"
      params={() => {
        const e = optionalPositive(eps, 'eps');
        if (typeof e === 'string') return e;
        if (e === undefined) return 'eps is required: type a distance in metres or press Suggest';
        if (!Number.isInteger(mp) || mp < 1) return `min points must be a whole number ≥ 1, got "${minPoints}"`;
        return { eps: e, minPoints: mp, hull };
      }}
      describeRun={(run) => (
        <p>
          {String(run.summary.clusters)} clusters; {String(run.summary.noise)} of {String(run.summary.incidents)} incidents are noise.
        </p>
      )}
    >
      {(s) => (
        <>
          <Param label="eps (m)" hint="Neighbourhood radius. No fixed default: Suggest reads it off the data's k-distance knee.">
            <span className="with-button">
              <input value={eps} onChange={(e) => setEps(e.target.value)} inputMode="decimal" data-testid="dbscan-eps" />
              <Suggest ctx={ctx} s={s} minPoints={mp} onEps={(v) => setEps(String(v))} />
            </span>
          </Param>
          <Param label="Min points" hint="Incidents (itself included) within eps that make a core point; 8 suits a year of incidents in a town.">
            <input value={minPoints} onChange={(e) => setMinPoints(e.target.value)} inputMode="numeric" data-testid="dbscan-minpoints" />
          </Param>
          <Param label="Hull" hint="Convex (default) draws each cluster's outline; concave follows its shape (edges up to 2 × eps).">
            <select value={hull} onChange={(e) => setHull(e.target.value as 'convex' | 'concave')}>
              <option value="convex">convex</option>
              <option value="concave">concave</option>
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
