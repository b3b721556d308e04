/**
 * The printed briefing: one sheet of the model's paper size in page units (inches), laid out
 * for a commander's one-minute read — banner, title block, the map with scale bar and north
 * arrow, legend, key figures, timeline, overview, then sources and provenance in small print.
 * Only the map is a raster; every word is text in the PDF, in the model's language (the page's
 * own labels from shared/i18n/briefing.<language>.ts).
 */
import { useLayoutEffect, useRef, useState } from 'react';
import type { TFunction } from 'i18next';
import { formatCount, formatNumber } from '../../shared/i18n/format.ts';
import { splitWithinDistance } from '../../shared/api/bufferInput.ts';
import { translator } from '../../shared/i18n/translator.ts';
import type { BriefingModel, LegendEntry } from '../../shared/report/model.ts';
import type { BriefingPageInfo } from '../../shared/report/briefingPage.ts';
import { scaleBar } from '../../shared/report/scaleBar.ts';
import { printMap, type EarlyMap, type PrintedMap } from './printMap.ts';
import { OverviewInset, loadInsetBasemap } from './OverviewInset.tsx';
import { TimelineChart } from './TimelineChart.tsx';

/** What the page reports once drawn: the map as printed and its scale bar. */
export type BriefingReadyInfo = Pick<BriefingPageInfo, 'map' | 'scale'>;

function Banner({ banner }: { banner: BriefingModel['banner'] }) {
  if (!banner) return null;
  return (
    <div className="banner" style={{ background: banner.color, color: banner.textColor }}>
      {banner.text}
    </div>
  );
}

function Swatch({ e }: { e: LegendEntry }) {
  switch (e.swatch) {
    case 'point': {
      // A class of a style graduated by size: its circle as the map draws it.
      const side = e.radius ? Math.ceil(e.radius * 2 + 2) : 12;
      return (
        <svg width={side} height={side} viewBox={`0 0 ${side} ${side}`}>
          <circle cx={side / 2} cy={side / 2} r={e.radius ?? 3.6} fill={e.color} stroke="#fff" strokeWidth="0.8" />
        </svg>
      );
    }
    case 'line':
      return (
        <svg width="16" height="12" viewBox="0 0 16 12">
          <line x1="1" y1="6" x2="15" y2="6" stroke={e.color} strokeWidth="2.4" />
        </svg>
      );
    case 'heat':
      return (
        <svg width="16" height="12" viewBox="0 0 16 12">
          <defs>
            <linearGradient id="heat-swatch">
              <stop offset="0" stopColor="#fecc5c" />
              <stop offset="0.5" stopColor="#fd8d3c" />
              <stop offset="1" stopColor="#bd0026" />
            </linearGradient>
          </defs>
          <rect x="0.5" y="1.5" width="15" height="9" fill="url(#heat-swatch)" />
        </svg>
      );
    default:
      return (
        <svg width="16" height="12" viewBox="0 0 16 12">
          <rect x="1" y="1.5" width="14" height="9" fill={e.color} fillOpacity="0.75" stroke={e.color} strokeWidth="1" />
        </svg>
      );
  }
}

function NorthArrow({ t }: { t: TFunction }) {
  return (
    <svg className="north-arrow" viewBox="0 0 24 36" width="22" height="33" aria-label={t('map.north')}>
      <polygon points="12,2 19,24 12,19 5,24" fill="#111" />
      <polygon points="12,2 12,19 5,24" fill="#fff" stroke="#111" strokeWidth="0.8" />
      <text x="12" y="34" textAnchor="middle" fontSize="10" fontWeight="700" fill="#111">
        {t('map.northLetter')}
      </text>
    </svg>
  );
}

function ScaleBarView({ metresPerPx, maxPx, lat, t }: { metresPerPx: number; maxPx: number; lat: number; t: TFunction }) {
  const bar = scaleBar(metresPerPx, maxPx);
  const half = bar.px / 2;
  return (
    <div className="scale-bar" data-metres={bar.metres} data-label={bar.label}>
      <div className="scale-bar-track" data-testid="scale-bar-track" style={{ width: `${bar.px}px` }}>
        <div className="scale-seg dark" style={{ width: `${half}px` }} />
        <div className="scale-seg light" style={{ width: `${half}px` }} />
      </div>
      <div className="scale-ticks" style={{ width: `${bar.px}px` }}>
        <span style={{ left: 0 }}>0</span>
        <span style={{ left: `${half}px` }}>{bar.ticks[1].label}</span>
        <span style={{ left: `${bar.px}px` }}>{bar.label}</span>
      </div>
      <div className="scale-note">{t('scale.trueAt', { latitude: `${Math.abs(lat).toFixed(2)}°${t(lat >= 0 ? 'compass.N' : 'compass.S')}` })}</div>
    </div>
  );
}

/** Greedy placement in the model's order (largest cluster first): a label that would overlap one already placed is dropped. */
function placeLabels<T extends { x: number; y: number; text: string }>(labels: T[]): T[] {
  const placed: { x0: number; y0: number; x1: number; y1: number }[] = [];
  return labels.filter((l) => {
    const w = l.text.length * 5.2 + 4;
    const box = { x0: l.x - w / 2, y0: l.y - 7, x1: l.x + w / 2, y1: l.y + 7 };
    if (placed.some((p) => box.x0 < p.x1 && box.x1 > p.x0 && box.y0 < p.y1 && box.y1 > p.y0)) return false;
    placed.push(box);
    return true;
  });
}

export function BriefingPage({
  model,
  basemapBase,
  onReady,
  onError,
  early,
  mapDpi,
}: {
  model: BriefingModel;
  basemapBase: string;
  onReady: (info: BriefingReadyInfo) => void;
  onError: (e: unknown) => void;
  /** The basemap already started while the model was on its way (main.tsx). */
  early?: EarlyMap;
  /** The map raster's resolution; the print dialog's preview draws at screen resolution. */
  mapDpi?: number;
}) {
  const mapRef = useRef<HTMLDivElement>(null);
  const [printed, setPrinted] = useState<PrintedMap | null>(null);
  const [inset, setInset] = useState<Awaited<ReturnType<typeof loadInsetBasemap>> | null>(null);
  const barRef = useRef<HTMLDivElement>(null);

  useLayoutEffect(() => {
    let live = true;
    Promise.all([printMap(mapRef.current!, model, basemapBase, early, mapDpi), loadInsetBasemap(basemapBase)]).then(
      ([m, b]) => {
        if (!live) return;
        setInset(b);
        setPrinted(m);
      },
      (e) => onError(e),
    );
    return () => {
      live = false;
    };
  }, [model, basemapBase, onError, early, mapDpi]);

  useLayoutEffect(() => {
    if (!printed) return;
    const img = mapRef.current?.querySelector('img');
    const track = barRef.current?.querySelector<HTMLElement>('.scale-bar-track');
    const wrap = barRef.current?.querySelector<HTMLElement>('.scale-bar');
    if (!img || !track || !wrap) return;
    const { image: _image, ...map } = printed;
    void img.decode().then(() =>
      onReady({
        map,
        scale: {
          barPx: track.getBoundingClientRect().width,
          metres: Number(wrap.dataset.metres),
          label: wrap.dataset.label ?? '',
          metresPerPx: printed.metresPerPx,
        },
      }),
    );
  }, [printed, onReady]);

  const { page } = model;
  const t = translator(model.language, 'briefing');
  const landscape = page.orientation === 'landscape';
  const sheetStyle = { width: `${page.widthIn}in`, height: `${page.heightIn}in`, padding: `${page.marginIn}in` };

  const mapFrame = (
    <div className="map-frame">
      <div className="map" ref={mapRef} data-testid="briefing-map">
        {printed ? <img src={printed.image} alt={t('map.alt')} style={{ width: `${printed.widthPx}px`, height: `${printed.heightPx}px` }} /> : null}
      </div>
      {printed ? (
        <>
          {placeLabels(printed.labels).map((l, i) => (
            <span key={i} className="map-label" style={{ left: `${l.x}px`, top: `${l.y}px`, color: l.color }}>
              {l.text}
            </span>
          ))}
          <div className="map-overlay-br" ref={barRef}>
            <ScaleBarView metresPerPx={printed.metresPerPx} maxPx={Math.min(200, printed.widthPx * 0.28)} lat={printed.center[1]} t={t} />
          </div>
          <div className="map-overlay-tr">
            <NorthArrow t={t} />
          </div>
        </>
      ) : null}
      {model.notice ? <div className="notice">{model.notice}</div> : null}
    </div>
  );

  const legend = (
    <section className="legend">
      <h3>{t('legend.title')}</h3>
      {model.legend.map((g) => (
        <div key={g.title} className={`legend-group${g.entries.length > 6 ? ' many' : ''}`}>
          <div className="legend-title">{g.title}</div>
          {g.note ? <div className="legend-note">{g.note}</div> : null}
          {g.entries.map((e) => (
            <div key={e.label} className="legend-entry">
              <Swatch e={e} />
              <span>{e.label}</span>
              {e.count !== undefined ? <span className="legend-count">{formatCount(e.count)}</span> : null}
            </div>
          ))}
        </div>
      ))}
      <div className="legend-group">
        <div className="legend-entry">
          <svg width="16" height="12" viewBox="0 0 16 12">
            <line x1="1" y1="6" x2="15" y2="6" stroke="#9b2c2c" strokeWidth="2" />
          </svg>
          <span>{t('legend.border')}</span>
        </div>
      </div>
    </section>
  );

  const figures = (
    <section className="figures">
      <h3>{t('figures.title')}</h3>
      {model.comparison ? (
        <p className="comparison">
          {model.comparison.sentence}
          {/\bp [=<]/.test(model.comparison.sentence) ? null : <span className="muted"> ({model.comparison.pText})</span>}
        </p>
      ) : null}
      <table>
        <tbody>
          {model.keyFigures.flatMap((s) => [
            <tr key={`h-${s.title}`} className="figures-head">
              <th colSpan={2}>{s.title}</th>
            </tr>,
            ...s.rows.map((r, i) => (
              <tr key={`${s.title}-${i}`}>
                <td>
                  <span className="label">{r.label}</span>
                  {r.detail ? <span className="detail">{r.detail}</span> : null}
                </td>
                <td className="num">{r.value}</td>
              </tr>
            )),
          ])}
        </tbody>
      </table>
    </section>
  );

  const overview = (
    <section className="overview-box">
      <h3>{t('overview.title')}</h3>
      {inset && printed ? <OverviewInset basemap={inset} bounds={printed.bounds} t={t} /> : null}
    </section>
  );

  const timeline = model.timeline ? (
    <section className="timeline">
      <h3>{t('timeline.title', { unit: t(`timeline.unit.${model.timeline.bin}`), n: formatCount(model.timeline.total), tz: model.timeline.tz })}</h3>
      <TimelineChart timeline={model.timeline} label={t('timeline.label')} />
    </section>
  ) : null;

  const prov = model.provenance;
  const sel = prov.selection;
  const near = sel.withinDistance ? splitWithinDistance(sel.withinDistance) : null;
  const selectedLayer = `${sel.layer ?? t('provenance.noLayer')}${sel.layerFingerprint ? ` (sha256 ${sel.layerFingerprint.slice(0, 16)})` : ''}`;
  const provenance = (
    <section className="provenance">
      <h3>{t('provenance.title')}</h3>
      <ul className="sources">
        {model.sources.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ul>
      <p>
        {t('provenance.workspace', { file: prov.workspace.file, fingerprint: prov.workspace.fingerprint, tz: prov.workspace.timezone })}{' '}
        {t('provenance.selection', {
          layer: selectedLayer,
          from: sel.from ?? t('provenance.firstRecord'),
          to: sel.to ?? t('provenance.lastRecord'),
          categories: `${sel.categories?.join(', ') ?? t('provenance.allCategories')}${sel.within ? `, ${t('selection.within', { area: sel.within })}` : ''}${near ? `, ${t('selection.withinDistance', { metres: formatNumber(near.metres, model.language), layer: near.layer })}` : ''}${sel.where ? `, ${t('selection.where', { filter: sel.where })}` : ''}`,
          incidents: t('incidents', { count: sel.count, n: formatCount(sel.count) }),
        })}
      </p>
      {prov.analyses.map((a) => (
        <p key={a.id}>
          {t('provenance.analysis', { id: a.id, method: a.method, selection: a.selection, params: a.params, fingerprint: a.inputFingerprint, at: a.createdAt })}
        </p>
      ))}
      {prov.comparison ? <p>{t('provenance.comparison', { request: prov.comparison.request, test: prov.comparison.test })}</p> : null}
      {prov.timeline ? <p>{t('provenance.timeline', { unit: t(`timeline.unit.${prov.timeline.bin}`), tz: prov.timeline.tz })}</p> : null}
      <p>
        {t('provenance.reprint', { generator: prov.generator, at: model.generatedAt })} <code>{prov.reproduce}</code>
      </p>
    </section>
  );

  return (
    <div className={`sheet ${landscape ? 'landscape' : 'portrait'}`} style={sheetStyle}>
      <Banner banner={model.banner} />
      <header className="title-block">
        <div>
          <h1>{model.title}</h1>
          {model.subtitle ? <h2>{model.subtitle}</h2> : null}
        </div>
        <div className="meta">
          <div className="dtg">
            {t('dtg.label')} {model.dtg}
          </div>
          {model.analyst || model.unit ? <div>{[model.analyst, model.unit].filter(Boolean).join(' · ')}</div> : null}
          {model.synthetic ? <div className="synthetic">{model.synthetic}</div> : null}
        </div>
      </header>
      {landscape ? (
        <div className="body-landscape">
          {mapFrame}
          <div className="side">
            {legend}
            {figures}
            {overview}
          </div>
        </div>
      ) : (
        <>
          {mapFrame}
          <div className="below-map">
            {legend}
            {figures}
            {overview}
          </div>
        </>
      )}
      {timeline}
      {provenance}
      <Banner banner={model.banner} />
    </div>
  );
}
