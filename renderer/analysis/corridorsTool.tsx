/** Corridors: along a line network (snap, lixels, network KDE) or free, with border metrics. */
import { useState } from 'react';
import { registerAnalysisTool, type ToolContext } from './registry.ts';
import { Param, ToolForm, optionalPositive } from './ToolForm.tsx';
import { lineLayers } from './selectionFields.tsx';

function CorridorsPanel(ctx: ToolContext) {
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
        for (const [text, name, key] of [
          [snap, 'snap', 'snap'],
          [lixel, 'lixel', 'lixel'],
          [bandwidth, 'bandwidth', 'bandwidth'],
          [minLength, 'min length', 'minLength'],
        ] as const) {
          const v = optionalPositive(text, name);
          if (typeof v === 'string') return v;
          if (v !== undefined) out[key] = v;
        }
        if (!network && (out.snap || out.lixel || out.bandwidth)) return 'snap, lixel and bandwidth apply to network corridors: choose a network layer';
        if (network) out.network = Number(network);
        if (border) out.border = Number(border);
        return out;
      }}
      describeRun={(run) => (
        <p>
          {String(run.summary.corridors)} corridors ({String(run.summary.mode)}).
        </p>
      )}
    >
      {() => (
        <>
          <Param label="Network" hint="A line layer (roads, river): corridors along it. None: free corridors from elongated clusters.">
            <select value={network} onChange={(e) => setNetwork(e.target.value)}>
              <option value="">none (free corridors)</option>
              {lines.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          </Param>
          {network && (
            <>
              <Param label="Snap (m)" hint="Empty = 250 m: incidents farther from every line are listed, not snapped.">
                <input value={snap} onChange={(e) => setSnap(e.target.value)} placeholder="250" inputMode="decimal" />
              </Param>
              <Param label="Lixel (m)" hint="Empty = 100 m: the network is cut into pieces this long and density counted on each.">
                <input value={lixel} onChange={(e) => setLixel(e.target.value)} placeholder="100" inputMode="decimal" />
              </Param>
              <Param label="Bandwidth (m)" hint="Empty = 1,000 m: how far along the lines each incident counts.">
                <input value={bandwidth} onChange={(e) => setBandwidth(e.target.value)} placeholder="1000" inputMode="decimal" />
              </Param>
            </>
          )}
          <Param label="Min length (m)" hint={network ? 'Empty = 2,000 m: shorter runs of significant lixels are not corridors.' : 'Empty = 5,000 m: shorter elongated clusters are not corridors.'}>
            <input value={minLength} onChange={(e) => setMinLength(e.target.value)} placeholder={network ? '2000' : '5000'} inputMode="decimal" />
          </Param>
          <Param label="Border" hint="Empty = the basemap's US–Mexico line, for distance-to-border metrics.">
            <select value={border} onChange={(e) => setBorder(e.target.value)}>
              <option value="">US–Mexico border (basemap)</option>
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
