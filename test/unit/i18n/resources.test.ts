/**
 * The translations themselves: every key in every language, the same placeholders, no Spanish
 * left in English except where the word is the same in both, and data values that pass through
 * a template untouched.
 */
import { describe, expect, it } from 'vitest';
import { RESOURCES, translator } from '../../../shared/i18n/translator.ts';
import { LANGUAGES } from '../../../shared/i18n/languages.ts';
import { categoriesPhrase, categoryLabel } from '../../../shared/analysis/categoryLabels.ts';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(`${prefix}${k}`, v);
    else for (const [kk, vv] of leaves(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

/** Keys whose translation may use other values of those passed: Spanish puts "Los" before the phrase in lower case. */
const OTHER_PLACEHOLDERS = new Set(['es:analysis:compare.subject_generated']);

/**
 * Spanish strings that are right to equal the English: the hemisphere letters N, S, E (norte,
 * sur, este) and the north arrow's N. Names such as DBSCAN and units such as km² only ever
 * appear inside longer strings. The app's language switch is named "Language / Idioma" and
 * offers "English" and "Español" whatever the language; "Total" and "no" are Spanish too. Anything else
 * equal to its English was left untranslated.
 */
const SAME_IN_BOTH = new Set([
  'briefing:compass.N',
  'briefing:compass.S',
  'briefing:compass.E',
  'briefing:map.northLetter',
  // The language switch names itself in both languages, and each language in its own.
  'app:language.switch',
  'app:language.en',
  'app:language.es',
  'app:map.total',
  'cli:common.no',
  // The analysis tools' symbols and units: eps, lixel and km² are the methods' own terms; "no" is Spanish too.
  'app:params.dbscan.eps',
  'app:params.corridors.lixel',
  'app:params.areaTable.areaKm2',
  'app:params.popup.no',
  'app:params.describe.labels.eps',
  'app:params.describe.labels.lixel',
  // Getis-Ord's statistic, the name of a progress phase, is written Gi* in both languages.
  'analysis:phases.Gi*',
]);

describe('translation resources', () => {
  const namespaces = Object.keys(RESOURCES.en) as (keyof typeof RESOURCES.en)[];

  it('has every key in every language, with the same placeholders', () => {
    for (const ns of namespaces) {
      const en = leaves(RESOURCES.en[ns] as Tree);
      expect(en.size).toBeGreaterThan(10);
      for (const lang of LANGUAGES) {
        const other = leaves(RESOURCES[lang][ns] as Tree);
        expect([...other.keys()].sort(), `${lang}:${ns}`).toEqual([...en.keys()].sort());
        for (const [key, text] of en) {
          expect(other.get(key)!.trim(), `${lang}:${ns}:${key}`).not.toBe('');
          if (OTHER_PLACEHOLDERS.has(`${lang}:${ns}:${key}`)) continue;
          expect(placeholders(other.get(key)!), `${lang}:${ns}:${key}`).toEqual(placeholders(text));
        }
      }
    }
  });

  it('leaves no Spanish string equal to the English one, except the words both languages share', () => {
    const same: string[] = [];
    for (const ns of namespaces) {
      const en = leaves(RESOURCES.en[ns] as Tree);
      for (const [key, text] of leaves(RESOURCES.es[ns] as Tree)) if (text === en.get(key)) same.push(`${ns}:${key}`);
    }
    expect(same.sort()).toEqual([...SAME_IN_BOTH].sort());
  });

  it('interpolates data values as they are, never as templates', () => {
    const t = translator('es', 'briefing');
    expect(t('legend.heat', { incidents: '{{n}} $t(legend.title)' })).toBe('Densidad de incidentes ({{n}} $t(legend.title))');
    expect(t('incidents', { count: 1, n: '1' })).toBe('1 incidente');
    expect(t('incidents', { count: 1_000_000, n: '1,000,000' })).toBe('1,000,000 incidentes');
  });

  it('names categories in Mexican Spanish, and keeps what it cannot name as data', () => {
    expect(categoryLabel('homicide', 'es')).toBe('Homicidios');
    expect(categoryLabel('armed_confrontation', 'es')).toBe('Enfrentamientos armados');
    expect(categoryLabel('seizure_fentanyl', 'es')).toBe('Aseguramientos de fentanilo');
    expect(categoryLabel('seizure_armored_vehicles', 'es')).toBe('Aseguramientos de vehículos blindados');
    // A seized thing without a Spanish name stays as the data says it; so does an unknown code.
    expect(categoryLabel('seizure_tramadol', 'es')).toBe('Aseguramientos de tramadol');
    expect(categoryLabel('vehicle_theft', 'es')).toBe('Vehicle theft');
    expect(categoryLabel('Robos en SLRC', 'es')).toBe('Robos en SLRC');
    expect(categoriesPhrase(undefined, 'es')).toEqual({ text: 'Incidentes', generated: true });
    expect(categoriesPhrase(['homicide', 'armed_confrontation', 'seizure_cocaine'], 'es').text).toBe(
      'Homicidios, enfrentamientos armados y aseguramientos de cocaína',
    );
    // Spanish "y" becomes "e" before an /i/ sound.
    expect(categoriesPhrase(['homicide', 'other'], 'es').text).toBe('Homicidios y otros incidentes');
    expect(categoriesPhrase(['homicide', 'unknown'], 'es').text).toBe('Homicidios e incidentes de categoría desconocida');
    expect(categoriesPhrase(['homicide', 'vehicle_theft'], 'es')).toEqual({ text: 'Homicidios y vehicle theft', generated: false });
  });
});
