import { useRef, useState } from 'react';
import type { LayerInfo } from '../../shared/api/contract.ts';
import { useWords } from '../i18n/language.tsx';
import { FilterBuilder, FilterChip } from './FilterBuilder.tsx';
import type { Symbology } from '../../shared/api/mapState.ts';
import type { ApiClient } from '../api/client.ts';
import { StyleEditor } from './StyleEditor.tsx';
import { CategoryLabelsDialog } from './CategoryLabelsDialog.tsx';
import { recount } from '../map/restyle.ts';
import { crsLabelIn } from '../../shared/geo/crsLabel.ts';

export interface LayerStyle {
  visible: boolean;
  opacity: number;
  color: string;
  /** The attribute filter (its text form): the map, the table, the timeline and the tools' selection show only what passes. */
  filter?: string;
  /** Style by attribute (StyleEditor.tsx); absent: the single colour. */
  symbology?: Symbology;
  /** Labels by this field. */
  labels?: string;
}

export interface LayerPanelProps {
  layers: LayerInfo[];
  styles: Map<number, LayerStyle>;
  /** Records that pass each filtered layer's attribute filter (absent while counting). */
  filteredCounts?: Map<number, number>;
  activeLayerId: number | null;
  onSelect: (id: number) => void;
  onStyle: (id: number, patch: Partial<LayerStyle>) => void;
  onZoomTo: (id: number) => void;
  /** -1 moves the layer up (drawn above its neighbour), +1 down. */
  onMove: (id: number, delta: -1 | 1) => void;
  /** Drag and drop: puts the layer at `index` of the list without it (0 = top). */
  onReorder?: (id: number, index: number) => void;
  onShowTable: (id: number) => void;
  onRemove: (id: number) => Promise<void>;
  onExport: (id: number) => void;
  /** Buffer…: a layer of the area within a distance of this one. */
  onBuffer: (id: number) => void;
  /** Distances: a copy of a point layer with each point's distance to the border and the nearest port of entry. */
  onDistances: (id: number) => void;
  /** For Style…: a field's values and classes (layers.fieldValues). */
  api?: ApiClient;
  /** After Category labels… saved a layer's labels: read the layers again. */
  onLabelsSaved?: () => void;
  onImport: () => void;
  onPrint: () => void;
  /** Publish to team workspace… and Open team workspace… (issue 19): the menu's commands, also here for the browser shell. */
  onPublishTeam?: () => void;
  onOpenTeam?: () => void;
  onZoomRegion: () => void;
}

/** Geometry types by the word the panel says for them (keys of the catalogue's layers.geometry). */
const geometryKind: Record<string, string> = {
  Point: 'points',
  MultiPoint: 'points',
  LineString: 'lines',
  MultiLineString: 'lines',
  Polygon: 'polygons',
  MultiPolygon: 'polygons',
};

/** Left panel: one row per layer, top of the list drawn on top of the map. */
export function LayerPanel(props: LayerPanelProps) {
  const { t, num, language } = useWords();
  const [confirming, setConfirming] = useState<number | null>(null);
  const [filtering, setFiltering] = useState<number | null>(null);
  const [styling, setStyling] = useState<number | null>(null);
  const [labelling, setLabelling] = useState<number | null>(null);
  const [removing, setRemoving] = useState<number | null>(null);
  // Drag by the handle with pointer events (a row holds sliders and colour pickers that an
  // HTML5 draggable row would fight with); `target` is the drop index in the list without the row.
  const [drag, setDrag] = useState<{ id: number; target: number } | null>(null);
  const list = useRef<HTMLUListElement>(null);
  /** The latest recount asked per layer: an answer to an older filter is dropped. */
  const recounts = useRef(new Map<number, number>());
  /**
   * A new attribute filter, applied at once; a style by attribute is then counted again for it
   * (restyle.ts), so its legend and classes are of the features the map shows. Should the count
   * fail, the style keeps its former counts.
   */
  const applyFilter = async (layer: LayerInfo, style: LayerStyle, filter: string | undefined): Promise<void> => {
    props.onStyle(layer.id, { filter });
    const s = style.symbology;
    if (!s || !props.api) return;
    const ticket = (recounts.current.get(layer.id) ?? 0) + 1;
    recounts.current.set(layer.id, ticket);
    const symbology = await recount(props.api, layer, style.color, s, filter).catch(() => null);
    if (symbology && recounts.current.get(layer.id) === ticket) props.onStyle(layer.id, { symbology });
  };
  const dropIndex = (id: number, clientY: number): number => {
    const rows = [...(list.current?.querySelectorAll<HTMLElement>(':scope > li') ?? [])].filter((el) => el.dataset.layerId !== String(id));
    return rows.filter((el) => {
      const r = el.getBoundingClientRect();
      return r.top + r.height / 2 < clientY;
    }).length;
  };
  const rest = drag ? props.layers.filter((l) => l.id !== drag.id) : [];
  const dropMark = (id: number): string => {
    if (!drag || id === drag.id) return '';
    if (rest[drag.target]?.id === id) return ' drop-above';
    if (drag.target === rest.length && rest[rest.length - 1]?.id === id) return ' drop-below';
    return '';
  };
  return (
    <aside className="panel layer-panel" aria-label={t('common.layers')}>
      <header className="panel-header">
        <h2>{t('common.layers')}</h2>
        <div className="header-actions">
          <button onClick={props.onZoomRegion} title={t('layers.regionTitle')}>
            {t('layers.region')}
          </button>
          <button className="primary" onClick={props.onImport} data-testid="open-import">
            {t('layers.import')}
          </button>
          <button onClick={props.onPrint} title={t('layers.printTitle')}>
            {t('print.title')}
          </button>
        </div>
      </header>
      {props.layers.length === 0 && <p className="muted">{t('layers.none')}</p>}
      <ul className="layer-list" ref={list}>
        {props.layers.map((layer, index) => {
          const style = props.styles.get(layer.id);
          if (!style) return null;
          const synthetic = layer.metadata?.synthetic === true;
          return (
            <li
              key={layer.id}
              className={
                (layer.id === props.activeLayerId ? 'layer-row active' : 'layer-row') +
                (drag?.id === layer.id ? ' dragging' : '') +
                dropMark(layer.id)
              }
              data-testid="layer-row"
              data-layer-id={layer.id}
              onClick={() => props.onSelect(layer.id)}
            >
              <div className="layer-line">
                <span
                  className="drag-handle"
                  role="button"
                  tabIndex={0}
                  data-testid="layer-drag"
                  title={t('layers.dragTitle')}
                  aria-label={t('layers.move', { name: layer.name })}
                  onClick={(e) => e.stopPropagation()}
                  onPointerDown={(e) => {
                    if (e.button !== 0) return;
                    e.preventDefault();
                    e.stopPropagation();
                    e.currentTarget.setPointerCapture(e.pointerId);
                    setDrag({ id: layer.id, target: index });
                  }}
                  onPointerMove={(e) => {
                    if (drag?.id !== layer.id) return;
                    const target = dropIndex(layer.id, e.clientY);
                    if (target !== drag.target) setDrag({ id: layer.id, target });
                  }}
                  onPointerUp={(e) => {
                    if (drag?.id !== layer.id) return;
                    const target = dropIndex(layer.id, e.clientY);
                    setDrag(null);
                    if (target !== index) props.onReorder?.(layer.id, target);
                  }}
                  onPointerCancel={() => setDrag(null)}
                  onKeyDown={(e) => {
                    if (e.key === 'ArrowUp' && index > 0) props.onMove(layer.id, -1);
                    else if (e.key === 'ArrowDown' && index < props.layers.length - 1) props.onMove(layer.id, 1);
                    else return;
                    e.preventDefault();
                    const el = e.currentTarget;
                    // React moves the row's node; keep the keyboard on its handle.
                    requestAnimationFrame(() => el.focus());
                  }}
                >
                  ⠿
                </span>
                <input
                  type="checkbox"
                  checked={style.visible}
                  aria-label={t('layers.show', { name: layer.name })}
                  onChange={(e) => props.onStyle(layer.id, { visible: e.target.checked })}
                  onClick={(e) => e.stopPropagation()}
                />
                <input
                  type="color"
                  value={style.color}
                  aria-label={t('layers.colour', { name: layer.name })}
                  onChange={(e) => props.onStyle(layer.id, { color: e.target.value })}
                  onClick={(e) => e.stopPropagation()}
                />
                <span className="layer-name" title={`${layer.sourceFile}\n${layer.sourceFormat}, ${crsLabelIn(layer.sourceCrs, language)}`}>
                  {layer.name}
                </span>
                {synthetic && (
                  <span className="badge synthetic" title={String(layer.metadata.note ?? t('layers.syntheticData'))}>
                    {t('layers.synthetic')}
                  </span>
                )}
              </div>
              <div className="layer-line secondary">
                <span className="layer-count" data-testid="layer-count">
                  {style.filter && props.filteredCounts?.has(layer.id)
                    ? t('layers.countOf', { n: num(props.filteredCounts.get(layer.id)!), total: num(layer.featureCount) })
                    : num(layer.featureCount)}
                </span>
                <span className="muted">
                  {geometryKind[layer.geometryType] ? t(`layers.geometry.${geometryKind[layer.geometryType]}`) : layer.geometryType.toLowerCase()}
                </span>
                <input
                  className="opacity"
                  type="range"
                  min={0}
                  max={100}
                  value={Math.round(style.opacity * 100)}
                  aria-label={t('layers.opacity', { name: layer.name })}
                  onChange={(e) => props.onStyle(layer.id, { opacity: Number(e.target.value) / 100 })}
                  onClick={(e) => e.stopPropagation()}
                />
              </div>
              <div className="layer-line actions">
                <button title={t('layers.moveUp')} disabled={index === 0} onClick={(e) => (e.stopPropagation(), props.onMove(layer.id, -1))}>
                  ▲
                </button>
                <button
                  title={t('layers.moveDown')}
                  disabled={index === props.layers.length - 1}
                  onClick={(e) => (e.stopPropagation(), props.onMove(layer.id, 1))}
                >
                  ▼
                </button>
                <button title={t('layers.zoom')} disabled={!layer.bbox} onClick={(e) => (e.stopPropagation(), props.onZoomTo(layer.id))}>
                  ⤢
                </button>
                <button title={t('layers.table')} onClick={(e) => (e.stopPropagation(), props.onShowTable(layer.id))}>
                  ▦
                </button>
                <button
                  title={t('layers.filterTitle', { name: layer.name })}
                  aria-pressed={Boolean(style.filter)}
                  onClick={(e) => (e.stopPropagation(), setFiltering(filtering === layer.id ? null : layer.id))}
                >
                  {t('layers.filter')}
                </button>
                {props.api && (
                  <button
                    title={t('layerTools.style.buttonTitle', { layer: layer.name })}
                    aria-pressed={Boolean(style.symbology || style.labels)}
                    onClick={(e) => (e.stopPropagation(), setStyling(styling === layer.id ? null : layer.id))}
                  >
                    {t('layerTools.style.button')}
                  </button>
                )}
                {props.api && layer.categories.length > 0 && (
                  <button
                    title={t('categories.buttonTitle', { layer: layer.name })}
                    onClick={(e) => (e.stopPropagation(), setLabelling(labelling === layer.id ? null : layer.id))}
                  >
                    {t('categories.button')}
                  </button>
                )}
                <button title={t('layers.bufferTitle', { name: layer.name })} onClick={(e) => (e.stopPropagation(), props.onBuffer(layer.id))}>
                  {t('layers.buffer')}
                </button>
                {layer.geometryType === 'Point' && (
                  <button title={t('layers.distancesTitle', { name: layer.name })} onClick={(e) => (e.stopPropagation(), props.onDistances(layer.id))}>
                    {t('layers.distances')}
                  </button>
                )}
                <button title={t('layers.exportTitle', { name: layer.name })} onClick={(e) => (e.stopPropagation(), props.onExport(layer.id))}>
                  {t('common.exportEllipsis')}
                </button>
                <button title={t('layers.remove')} onClick={(e) => (e.stopPropagation(), setConfirming(layer.id))}>
                  ✕
                </button>
              </div>
              {style.filter && <FilterChip filter={style.filter} onClear={() => void applyFilter(layer, style, undefined)} />}
              {filtering === layer.id && (
                <FilterBuilder
                  layer={layer}
                  value={style.filter}
                  onApply={(filter) => {
                    void applyFilter(layer, style, filter);
                    setFiltering(null);
                  }}
                  onClose={() => setFiltering(null)}
                />
              )}
              {styling === layer.id && props.api && (
                <StyleEditor
                  layer={layer}
                  api={props.api}
                  style={style}
                  onApply={(patch) => {
                    props.onStyle(layer.id, patch);
                    setStyling(null);
                  }}
                  onClose={() => setStyling(null)}
                />
              )}
              {labelling === layer.id && props.api && (
                <CategoryLabelsDialog layer={layer} api={props.api} onSaved={() => props.onLabelsSaved?.()} onClose={() => setLabelling(null)} />
              )}
              {confirming === layer.id && (
                <div className="confirm" role="alertdialog" onClick={(e) => e.stopPropagation()}>
                  <span>
                    {t('layers.confirmRemove', { name: layer.name, count: layer.featureCount, n: num(layer.featureCount) })}
                  </span>
                  <button
                    className="danger"
                    disabled={removing === layer.id}
                    onClick={async () => {
                      setRemoving(layer.id);
                      try {
                        await props.onRemove(layer.id);
                      } finally {
                        setRemoving(null);
                        setConfirming(null);
                      }
                    }}
                  >
                    {t('layers.removeButton')}
                  </button>
                  <button onClick={() => setConfirming(null)}>{t('common.cancel')}</button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {(props.onPublishTeam || props.onOpenTeam) && (
        <footer className="team-actions">
          {props.onPublishTeam && <button onClick={props.onPublishTeam}>{t('team.publish.button')}</button>}
          {props.onOpenTeam && <button onClick={props.onOpenTeam}>{t('team.open.button')}</button>}
        </footer>
      )}
    </aside>
  );
}
