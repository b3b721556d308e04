/** Incidents per bin as an SVG bar chart drawn with d3 scales: vector on paper. */
import { useLayoutEffect, useRef, useState } from 'react';
import { max, scaleBand, scaleLinear } from 'd3';
import type { BriefingModel } from '../../shared/report/model.ts';

/** Drawn at its real size in CSS px (measured), so text is never stretched with the chart. */
const H = 92;
const M = { top: 8, right: 6, bottom: 18, left: 30 };

export function TimelineChart({ timeline, label }: { timeline: NonNullable<BriefingModel['timeline']>; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [W, setW] = useState(0);
  useLayoutEffect(() => setW(ref.current?.clientWidth ?? 0), []);
  return (
    <div ref={ref} className="timeline-chart">
      {W > 0 ? <Bars timeline={timeline} W={W} label={label} /> : null}
    </div>
  );
}

function Bars({ timeline, W, label }: { timeline: NonNullable<BriefingModel['timeline']>; W: number; label: string }) {
  const bins = timeline.bins;
  const x = scaleBand<number>()
    .domain(bins.map((_b, i) => i))
    .range([M.left, W - M.right])
    .paddingInner(bins.length > 120 ? 0 : 0.15);
  const top = max(bins, (b) => b.total) ?? 0;
  const y = scaleLinear().domain([0, Math.max(1, top)]).nice(4).range([H - M.bottom, M.top]);
  const every = Math.max(1, Math.ceil(bins.length / Math.max(2, Math.floor(W / 70))));
  return (
    <svg width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
      {y.ticks(4).map((t) => (
        <g key={t}>
          <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} stroke="#e2e2e2" strokeWidth={0.5} />
          <text x={M.left - 3} y={y(t) + 3} textAnchor="end" fontSize={8} fill="#444">
            {t}
          </text>
        </g>
      ))}
      {bins.map((b, i) => (
        <rect key={b.label} x={x(i)} y={y(b.total)} width={Math.max(0.5, x.bandwidth())} height={y(0) - y(b.total)} fill="#34495e" />
      ))}
      <line x1={M.left} x2={W - M.right} y1={y(0)} y2={y(0)} stroke="#222" strokeWidth={0.7} />
      {bins.map((b, i) =>
        i % every === 0 ? (
          <text key={`l${b.label}`} x={(x(i) ?? 0) + x.bandwidth() / 2} y={H - 5} textAnchor="middle" fontSize={8} fill="#444">
            {b.label}
          </text>
        ) : null,
      )}
    </svg>
  );
}
