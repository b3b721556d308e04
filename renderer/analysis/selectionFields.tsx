/**
 * The fields every analysis panel uses to say which incidents (ToolForm, Compare, Summary): the
 * layer, the categories, a polygon layer to stay within. One form of each, so they read and
 * behave alike wherever they appear.
 */
import type { LayerInfo } from '../../shared/api/contract.ts';
import { categoryLabel } from '../../shared/analysis/categoryLabels.ts';

export function pointLayers(layers: LayerInfo[]): LayerInfo[] {
  return layers.filter((l) => l.geometryType === 'Point' || l.geometryType === 'MultiPoint');
}
export function polygonLayers(layers: LayerInfo[]): LayerInfo[] {
  return layers.filter((l) => l.geometryType === 'Polygon' || l.geometryType === 'MultiPolygon');
}
export function lineLayers(layers: LayerInfo[]): LayerInfo[] {
  return layers.filter((l) => l.geometryType === 'LineString' || l.geometryType === 'MultiLineString');
}

/** A layer picker: "Incidents" in the tools, "Layer" in the summary. */
export function LayerField(p: { label: string; layers: LayerInfo[]; value: number; onChange: (id: number) => void; counts?: boolean; testId?: string }) {
  return (
    <label className="field">
      <span>{p.label}</span>
      <select value={p.value} onChange={(e) => p.onChange(Number(e.target.value))} aria-label={p.label === 'Incidents' ? 'Incident layer' : p.label} data-testid={p.testId}>
        {p.layers.map((l) => (
          <option key={l.id} value={l.id}>
            {l.name}
            {p.counts ? ` (${l.featureCount.toLocaleString('en-US')})` : ''}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The layer's categories with their counts, each on or off; the summary says how many are on. */
export function CategoryField(p: {
  layer: LayerInfo;
  isOn: (category: string) => boolean;
  onToggle: (category: string, on: boolean) => void;
  summary: string;
  testIdPrefix?: string;
}) {
  if (p.layer.categories.length === 0) return null;
  return (
    <details>
      <summary>{p.summary}</summary>
      <div className="category-list">
        {p.layer.categories.map((c) => (
          <label key={c.category} className="inline">
            <input
              type="checkbox"
              checked={p.isOn(c.category)}
              data-testid={p.testIdPrefix ? `${p.testIdPrefix}${c.category}` : undefined}
              onChange={(e) => p.onToggle(c.category, e.target.checked)}
            />
            {categoryLabel(c.category)} <span className="muted">({c.count.toLocaleString('en-US')})</span>
          </label>
        ))}
      </div>
    </details>
  );
}

/** The request's `within` for a chosen layer: the layer alone (all its polygons), or `layer:field=value` / `layer:N`. */
export function withinSpec(layerName: string, where: string): string {
  return where.trim() ? `${layerName}:${where.trim()}` : layerName;
}

/**
 * Stay within a polygon layer's polygons ('' = anywhere), or only some of them ("Only":
 * 'nombre=Mexicali' or a record number), as `--within LAYER[:ID]` does in the CLI.
 */
export function WithinField(p: {
  layers: LayerInfo[];
  value: string;
  onChange: (layerName: string) => void;
  where: string;
  onWhereChange: (where: string) => void;
  testIdPrefix?: string;
}) {
  return (
    <>
      <label className="field">
        <span>Within</span>
        <select
          value={p.value}
          onChange={(e) => p.onChange(e.target.value)}
          aria-label="Within polygon layer"
          data-testid={p.testIdPrefix ? `${p.testIdPrefix}within` : undefined}
        >
          <option value="">anywhere</option>
          {polygonLayers(p.layers).map((l) => (
            <option key={l.id} value={l.name}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
      {p.value && (
        <label className="field">
          <span>Only</span>
          <input
            value={p.where}
            onChange={(e) => p.onWhereChange(e.target.value)}
            placeholder="field=value, or a record number"
            title="Empty: any polygon of the layer. 'nombre=Mexicali': that polygon. '3': the layer's record 3."
            data-testid={p.testIdPrefix ? `${p.testIdPrefix}within-where` : undefined}
          />
        </label>
      )}
    </>
  );
}
