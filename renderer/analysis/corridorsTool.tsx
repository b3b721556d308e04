/** Corridors: along a line network (snap, lixels, network KDE) or free, with border metrics. */
import { useState } from 'react';
import { useWords } from '../i18n/language.tsx';
import { registerAnalysisTool, type ToolContext } from './registry.ts';
import { Param, ToolForm, optionalPositive } from './ToolForm.tsx';
import { lineLayers } from './selectionFields.tsx';

function CorridorsPanel(ctx: ToolContext) {
  const { t, num } = useWords();
  const lines = lineLayers(ctx.layers);
  const [network, setNetwork] = useState<string>('');
  const [snap, setSnap] = useState('');
  const [lixel, setLixel] = useState('');
  const [bandwidth, setBandwidth] = useState('');
  const [minLength, setMinLength] = useState('');
  const [border, setBorder] = useState('');
  return (
    <ToolForm
      ctx={ctx}
      kind="corridors"
      params={() => {
        const out: Record<string, unknown> = {};
        for (const [text, label, key] of [
          [snap, t('params.corridors.snap'), 'snap'],
          [lixel, t('params.corridors.lixel'), 'lixel'],
          [bandwidth, t('params.common.bandwidth'), 'bandwidth'],
          [minLength, t('params.corridors.minLength'), 'minLength'],
        ] as const) {
          const v = optionalPositive(text, label, t);
          if (typeof v === 'string') return v;
          if (v !== undefined) out[key] = v;
        }
        if (!network && (out.snap || out.lixel || out.bandwidth)) return t('params.corridors.needsNetwork');
        if (network) out.network = Number(network);
        if (border) out.border = Number(border);
        return out;
      }}
      describeRun={(run) => (
        <p>
          {t('params.corridors.result', {
            corridors: num(Number(run.summary.corridors)),
            mode: t(`params.corridors.modes.${String(run.summary.mode)}`, { defaultValue: String(run.summary.mode) }),
          })}
        </p>
      )}
    >
      {() => (
        <>
          <Param label={t('params.corridors.network')} hint={t('params.corridors.networkHint')}>
            <select value={network} onChange={(e) => setNetwork(e.target.value)}>
              <option value="">{t('params.corridors.free')}</option>
              {lines.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          </Param>
          {network && (
            <>
              <Param label={t('params.corridors.snap')} hint={t('params.corridors.snapHint')}>
                <input value={snap} onChange={(e) => setSnap(e.target.value)} placeholder="250" inputMode="decimal" />
              </Param>
              <Param label={t('params.corridors.lixel')} hint={t('params.corridors.lixelHint')}>
                <input value={lixel} onChange={(e) => setLixel(e.target.value)} placeholder="100" inputMode="decimal" />
              </Param>
              <Param label={t('params.common.bandwidth')} hint={t('params.corridors.bandwidthHint', { metres: num(1000) })}>
                <input value={bandwidth} onChange={(e) => setBandwidth(e.target.value)} placeholder="1000" inputMode="decimal" />
              </Param>
            </>
          )}
          <Param
            label={t('params.corridors.minLength')}
            hint={network ? t('params.corridors.minLengthNetwork', { metres: num(2000) }) : t('params.corridors.minLengthFree', { metres: num(5000) })}
          >
            <input value={minLength} onChange={(e) => setMinLength(e.target.value)} placeholder={network ? '2000' : '5000'} inputMode="decimal" />
          </Param>
          <Param label={t('params.corridors.border')} hint={t('params.corridors.borderHint')}>
            <select value={border} onChange={(e) => setBorder(e.target.value)}>
              <option value="">{t('params.basemap.border')}</option>
              {lines.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          </Param>
        </>
      )}
    </ToolForm>
  );
}

registerAnalysisTool({ id: 'corridors', title: 'Corridors', description: 'Linear concentrations along roads, rivers or free', Panel: CorridorsPanel });
