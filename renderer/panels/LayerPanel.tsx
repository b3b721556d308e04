import { useState } from 'react';
import type { LayerInfo } from '../../shared/api/contract.ts';

export interface LayerStyle {
  visible: boolean;
  opacity: number;
  color: string;
}

export interface LayerPanelProps {
  layers: LayerInfo[];
  styles: Map<number, LayerStyle>;
  activeLayerId: number | null;
  onSelect: (id: number) => void;
  onStyle: (id: number, patch: Partial<LayerStyle>) => void;
  onZoomTo: (id: number) => void;
  /** -1 moves the layer up (drawn above its neighbour), +1 down. */
  onMove: (id: number, delta: -1 | 1) => void;
  onShowTable: (id: number) => void;
  onRemove: (id: number) => Promise<void>;
  onImport: () => void;
  onZoomRegion: () => void;
}

const geometryLabel: Record<string, string> = {
  Point: 'points',
  MultiPoint: 'points',
  LineString: 'lines',
  MultiLineString: 'lines',
  Polygon: 'polygons',
  MultiPolygon: 'polygons',
};

/** Left panel: one row per layer, top of the list drawn on top of the map. */
export function LayerPanel(props: LayerPanelProps) {
  const [confirming, setConfirming] = useState<number | null>(null);
  const [removing, setRemoving] = useState<number | null>(null);
  return (
    <aside className="panel layer-panel" aria-label="Layers">
      <header className="panel-header">
        <h2>Layers</h2>
        <div className="header-actions">
          <button onClick={props.onZoomRegion} title="Zoom to the border zone">Region</button>
          <button className="primary" onClick={props.onImport} data-testid="open-import">
            Import…
          </button>
        </div>
      </header>
      {props.layers.length === 0 && <p className="muted">No layers yet. Import a shapefile, GeoJSON or CSV.</p>}
      <ul className="layer-list">
        {props.layers.map((layer, index) => {
          const style = props.styles.get(layer.id);
          if (!style) return null;
          const synthetic = layer.metadata?.synthetic === true;
          return (
            <li
              key={layer.id}
              className={layer.id === props.activeLayerId ? 'layer-row active' : 'layer-row'}
              data-testid="layer-row"
              data-layer-id={layer.id}
              onClick={() => props.onSelect(layer.id)}
            >
              <div className="layer-line">
                <input
                  type="checkbox"
                  checked={style.visible}
                  aria-label={`Show ${layer.name}`}
                  onChange={(e) => props.onStyle(layer.id, { visible: e.target.checked })}
                  onClick={(e) => e.stopPropagation()}
                />
                <input
                  type="color"
                  value={style.color}
                  aria-label={`Colour of ${layer.name}`}
                  onChange={(e) => props.onStyle(layer.id, { color: e.target.value })}
                  onClick={(e) => e.stopPropagation()}
                />
                <span className="layer-name" title={`${layer.sourceFile}\n${layer.sourceFormat}, ${layer.sourceCrs}`}>
                  {layer.name}
                </span>
                {synthetic && (
                  <span className="badge synthetic" title={String(layer.metadata.note ?? 'synthetic data')}>
                    SYNTHETIC
                  </span>
                )}
              </div>
              <div className="layer-line secondary">
                <span className="layer-count" data-testid="layer-count">
                  {layer.featureCount.toLocaleString('en-US')}
                </span>
                <span className="muted">{geometryLabel[layer.geometryType] ?? layer.geometryType.toLowerCase()}</span>
                <input
                  className="opacity"
                  type="range"
                  min={0}
                  max={100}
                  value={Math.round(style.opacity * 100)}
                  aria-label={`Opacity of ${layer.name}`}
                  onChange={(e) => props.onStyle(layer.id, { opacity: Number(e.target.value) / 100 })}
                  onClick={(e) => e.stopPropagation()}
                />
              </div>
              <div className="layer-line actions">
                <button title="Move up" disabled={index === 0} onClick={(e) => (e.stopPropagation(), props.onMove(layer.id, -1))}>
                  ▲
                </button>
                <button
                  title="Move down"
                  disabled={index === props.layers.length - 1}
                  onClick={(e) => (e.stopPropagation(), props.onMove(layer.id, 1))}
                >
                  ▼
                </button>
                <button title="Zoom to layer" disabled={!layer.bbox} onClick={(e) => (e.stopPropagation(), props.onZoomTo(layer.id))}>
                  ⤢
                </button>
                <button title="Attribute table" onClick={(e) => (e.stopPropagation(), props.onShowTable(layer.id))}>
                  ▦
                </button>
                <button title="Remove layer" onClick={(e) => (e.stopPropagation(), setConfirming(layer.id))}>
                  ✕
                </button>
              </div>
              {confirming === layer.id && (
                <div className="confirm" role="alertdialog" onClick={(e) => e.stopPropagation()}>
                  <span>
                    Remove “{layer.name}” and its {layer.featureCount.toLocaleString('en-US')} features from the workspace?
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
                    Remove
                  </button>
                  <button onClick={() => setConfirming(null)}>Cancel</button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </aside>
  );
}
