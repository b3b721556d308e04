/**
 * A layer's CRS label in the analyst's language. Labels are stored as the readers write them, in
 * English ("INEGI LCC (from .prj)", "WGS 84 (assumed: …)": the audit log and --json keep them);
 * only their few words of our own are said again, the CRS's own name left as it is.
 */
import type { Language } from '../i18n/languages.ts';
import { translator } from '../i18n/translator.ts';

/** The English endings and beginnings our readers write (crs.ts, gpkgRead.ts, importer.ts), by catalogue key. */
const WORDS: [RegExp, string][] = [
  [/ \(from \.prj\)$/, 'crs.labels.fromPrj'],
  [/ \(from WKT\)$/, 'crs.labels.fromWkt'],
  [/ \(proj string\)$/, 'crs.labels.projString'],
  [/ \(from the GeoPackage\)$/, 'crs.labels.fromGeoPackage'],
  [/ \(assumed(: coordinates fit longitude\/latitude)?\)$/, 'crs.labels.assumed'],
];

export function crsLabelIn(label: string, language: Language): string {
  if (language === 'en') return label;
  const t = translator(language, 'import');
  let out = label.replace(/^Geographic \(/, `${t('crs.labels.geographic')} (`);
  for (const [re, key] of WORDS) out = out.replace(re, ` (${t(key)})`);
  return out;
}
