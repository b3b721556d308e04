/**
 * The choices of a polygon picker: each feature by its name. INEGI's municipalities hold several
 * records for some (Mexicali, Ensenada, San Quintín: the mainland and islands or fragments, one
 * CVEGEO), and a list showing "Mexicali" twice leaves the analyst to guess which one holds the
 * municipality. A name that recurs is told apart by the layer's key field (CVEGEO, clave …) when
 * it has one, the part's area (geodesic, km²) and its record number, largest part first.
 */
import type { Feature, Geometry, MultiPolygon, Polygon } from 'geojson';
import type { LayerInfo } from '../../../shared/api/contract.ts';
import { geodesicArea } from '../../../shared/analysis/geodesicArea.ts';
import { LOCALE } from '../../../shared/i18n/languages.ts';
import { wordsFor, type Words } from '../../i18n/language.tsx';

export interface PolygonChoice {
  sourceIndex: number;
  label: string;
}

/** A field that names the features (nombre, NOMGEO, name …), else the first text field. */
function nameField(layer: Pick<LayerInfo, 'fields'>): string | null {
  const text = layer.fields.filter((f) => f.type === 'string');
  return (text.find((f) => /^(nom|name|nombre|nomgeo|nom_mun|municipio)$/i.test(f.name)) ?? text.find((f) => /nom|name/i.test(f.name)) ?? text[0])?.name ?? null;
}

/** A field that keys the features (CVEGEO, clave, code …), if the layer has one. */
function keyField(layer: Pick<LayerInfo, 'fields'>): string | null {
  return layer.fields.find((f) => /^(cvegeo|cve_?geo|clave|cve|code|codigo|código|id)$/i.test(f.name))?.name ?? null;
}

const km2 = (m2: number, w: Pick<Words, 'language'>): string =>
  `${(m2 / 1e6).toLocaleString(LOCALE[w.language], m2 < 1e7 ? { maximumSignificantDigits: 2 } : { maximumFractionDigits: 0 })} km²`;

/** The choices in the words of `w` (English by default). */
export function polygonChoices(
  layer: Pick<LayerInfo, 'fields'>,
  features: readonly Feature<Geometry | null>[],
  w: Pick<Words, 't' | 'language'> = wordsFor('en'),
): PolygonChoice[] {
  const name = nameField(layer);
  const key = keyField(layer);
  const rows = features.map((f) => {
    const props = (f.properties ?? {}) as Record<string, unknown>;
    const sourceIndex = Number(props.$sourceIndex);
    const g = f.geometry;
    const area = g && (g.type === 'Polygon' || g.type === 'MultiPolygon') ? geodesicArea(g as Polygon | MultiPolygon) : 0;
    const base = name && props[name] != null && props[name] !== '' ? String(props[name]) : w.t('params.common.record', { n: sourceIndex });
    return { sourceIndex, area, base, key: key && props[key] != null ? String(props[key]) : null };
  });
  const times = new Map<string, number>();
  for (const r of rows) times.set(r.base, (times.get(r.base) ?? 0) + 1);
  return rows
    .sort((a, b) => a.base.localeCompare(b.base, 'es') || b.area - a.area || a.sourceIndex - b.sourceIndex)
    .map((r) => ({
      sourceIndex: r.sourceIndex,
      label:
        times.get(r.base)! > 1
          ? `${r.base}${r.key !== null ? ` (${r.key})` : ''} — ${km2(r.area, w)}, ${w.t('params.common.record', { n: r.sourceIndex })}`
          : r.base,
    }));
}
