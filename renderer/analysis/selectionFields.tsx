/**
 * The fields every analysis panel uses to say which incidents (ToolForm, Compare, Summary): the
 * layer, the categories, a polygon layer to stay within. One form of each, so they read and
 * behave alike wherever they appear.
 */
import type { TFunction } from 'i18next';
import type { LayerInfo } from '../../shared/api/contract.ts';
import { categoryLabel } from '../../shared/analysis/categoryLabels.ts';
import { layerCategoryLabels } from '../../shared/api/categoryLabels.ts';
import { BASEMAP_LAYERS } from '../../shared/api/bufferInput.ts';
import { useWords } from '../i18n/language.tsx';

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
  const { t, num } = useWords();
  return (
    <label className="field">
      <span>{p.label}</span>
      <select value={p.value} onChange={(e) => p.onChange(Number(e.target.value))} aria-label={p.label === t('tool.incidents') ? t('tool.incidentLayer') : p.label} data-testid={p.testId}>
        {p.layers.map((l) => (
          <option key={l.id} value={l.id}>
            {l.name}
            {p.counts ? ` (${num(l.featureCount)})` : ''}
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
  const { num, language } = useWords();
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
            {categoryLabel(c.category, language, layerCategoryLabels(p.layer))} <span className="muted">({num(c.count)})</span>
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
  const { t } = useWords();
  return (
    <>
      <label className="field">
        <span>{t('selection.within')}</span>
        <select
          value={p.value}
          onChange={(e) => p.onChange(e.target.value)}
          aria-label={t('selection.withinLayer')}
          data-testid={p.testIdPrefix ? `${p.testIdPrefix}within` : undefined}
        >
          <option value="">{t('selection.anywhere')}</option>
          {polygonLayers(p.layers).map((l) => (
            <option key={l.id} value={l.name}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
      {p.value && (
        <label className="field">
          <span>{t('selection.only')}</span>
          <input
            value={p.where}
            onChange={(e) => p.onWhereChange(e.target.value)}
            placeholder={t('selection.onlyPlaceholder')}
            title={t('selection.onlyTitle')}
            data-testid={p.testIdPrefix ? `${p.testIdPrefix}within-where` : undefined}
          />
        </label>
      )}
    </>
  );
}

/**
 * Stay within a distance of a layer of any geometry or of the basemap's border or ports of entry
 * ('' = no limit), as `--within-distance LAYER:METRES` does in the CLI.
 */
export function WithinDistanceField(p: {
  layers: LayerInfo[];
  value: string;
  onChange: (layer: string) => void;
  metres: string;
  onMetresChange: (metres: string) => void;
}) {
  const { t } = useWords();
  return (
    <>
      <label className="field">
        <span>{t('selection.withinDistance')}</span>
        <select value={p.value} onChange={(e) => p.onChange(e.target.value)} data-testid="within-distance-layer">
          <option value="">{t('selection.noLimit')}</option>
          {Object.entries(BASEMAP_LAYERS).map(([id, label]) => (
            <option key={id} value={id}>
              {t(`params.basemap.${id.replace(/^basemap:/, '')}`, { defaultValue: label })}
            </option>
          ))}
          {p.layers.map((l) => (
            <option key={l.id} value={l.name}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
      {p.value && (
        <label className="field">
          <span>{t('selection.distance')}</span>
          <input type="number" min={1} step="any" value={p.metres} onChange={(e) => p.onMetresChange(e.target.value)} data-testid="within-distance-metres" />
        </label>
      )}
    </>
  );
}

/** The Within distance field as the selection's withinDistance: undefined when unset, a message when the distance is not a positive number. */
export function withinDistanceOf(layer: string, metres: string, t: TFunction): { layer: string; metres: number } | undefined | string {
  if (!layer) return undefined;
  const m = Number(metres);
  return metres.trim() !== '' && Number.isFinite(m) && m > 0 ? { layer, metres: m } : t('params.common.within');
}

/** A study area as picked: '' (the default land), 'extent', or a polygon layer, with an optional "Only". */
export interface StudyAreaChoice {
  layer: string;
  where: string;
}

export const DEFAULT_STUDY_AREA: StudyAreaChoice = { layer: '', where: '' };

/** The choice as the API's studyArea: undefined for the default, else 'extent' or 'LAYER[:where]'. */
export function studyAreaSpec(c: StudyAreaChoice): { studyArea?: string } {
  if (!c.layer) return {};
  return { studyArea: c.layer !== 'extent' && c.where.trim() ? `${c.layer}:${c.where.trim()}` : c.layer };
}

/** The tools that take a study area (each has its hint in the catalogue's selection.studyHints). */
type StudyAreaKind = 'gistar' | 'emerging' | 'kde' | 'nni';

/** Where incidents could happen, for the statistics on cells and areas (the CLI's --study-area). */
export function StudyAreaField(p: { kind: StudyAreaKind; layers: LayerInfo[]; value: StudyAreaChoice; onChange: (c: StudyAreaChoice) => void }) {
  const { t } = useWords();
  const polys = polygonLayers(p.layers);
  return (
    <div className="param">
      <label className="field">
        <span>{t('selection.studyArea')}</span>
        <select value={p.value.layer} onChange={(e) => p.onChange({ layer: e.target.value, where: '' })} data-testid="study-area">
          <option value="">{t('selection.studyLand')}</option>
          <option value="extent">{t('selection.studyExtent')}</option>
          {polys.map((l) => (
            // A layer named "extent" goes by its id: the name is the bounding box's keyword.
            <option key={l.id} value={l.name === 'extent' ? String(l.id) : l.name}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
      {p.value.layer && p.value.layer !== 'extent' && (
        <label className="field">
          <span>{t('selection.only')}</span>
          <input
            value={p.value.where}
            onChange={(e) => p.onChange({ ...p.value, where: e.target.value })}
            placeholder={t('selection.onlyPlaceholder')}
            aria-label={t('selection.studyOnly')}
            title={t('selection.studyOnlyTitle')}
          />
        </label>
      )}
      <p className="hint">{t(`selection.studyHints.${p.kind}`, { defaultArea: t('selection.studyDefault') })}</p>
    </div>
  );
}

/** Which study area a finished run used, and its size. */
export function StudyAreaNote({ summary }: { summary: Record<string, unknown> }) {
  const { t, num } = useWords();
  if (typeof summary.studyArea !== 'string' || typeof summary.studyAreaKm2 !== 'number') return null;
  return (
    <p className="muted" data-testid="study-area-used">
      {t('selection.studyUsed', { area: summary.studyArea, km2: num(summary.studyAreaKm2) })}
    </p>
  );
}

/**
 * Leave out the records on stacked points (a coordinate many records share: a town-centre
 * geocode), and keep only records up to a location-precision code when the layer maps one
 * (CLI: --exclude-stacked, --precision-max N).
 */
export function PrecisionFields(p: {
  layer: LayerInfo;
  excludeStacked: boolean;
  onExcludeStacked: (on: boolean) => void;
  precisionMax: string;
  onPrecisionMax: (text: string) => void;
}) {
  const { t, num } = useWords();
  const stacks = p.layer.stackedPoints;
  const stacked = stacks?.reduce((n, s) => n + s.count, 0) ?? 0;
  return (
    <>
      <label className="inline" title={t('selection.stackedTitle')}>
        <input type="checkbox" checked={p.excludeStacked} onChange={(e) => p.onExcludeStacked(e.target.checked)} data-testid="exclude-stacked" />
        {t('selection.excludeStacked')}
        {stacks?.length ? (
          <span className="muted">
            {' '}
            {t('selection.stackedCount', { points: num(stacks.length), n: num(stacked) })}
          </span>
        ) : null}
      </label>
      {p.layer.mapping.precision && (
        <label className="field">
          <span>{t('selection.precision')}</span>
          <input
            value={p.precisionMax}
            onChange={(e) => p.onPrecisionMax(e.target.value)}
            placeholder={t('selection.any')}
            inputMode="decimal"
            aria-label={t('selection.precisionLabel')}
            title={t('selection.precisionTitle', { field: p.layer.mapping.precision })}
            data-testid="precision-max"
          />
        </label>
      )}
    </>
  );
}

/** The Precision ≤ field as the selection's precisionMax: undefined when empty, a message when not a number. */
export function precisionMaxOf(text: string, t: TFunction): number | undefined | string {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const v = Number(trimmed);
  return Number.isFinite(v) ? v : t('params.common.precision', { text: trimmed });
}
