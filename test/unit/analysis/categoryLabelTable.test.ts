/**
 * A layer's own labels of its category codes (issue 18: raw codes like "2" become labels an
 * analyst sets once per layer): the label in the language asked, else the other language's,
 * else the code's own phrase; in phrases, the analyst's text is never re-cased.
 */
import { describe, expect, it } from 'vitest';
import { categoriesPhrase, categoryLabel, codeWithLabel, ownCategoryLabel } from '../../../shared/analysis/categoryLabels.ts';
import { comparePeriods, comparisonSentence } from '../../../shared/analysis/compare.ts';
import { layerCategoryLabels, type CategoryLabels } from '../../../shared/api/categoryLabels.ts';
import { validateInput } from '../../../shared/api/contract.ts';
import { popupRows } from '../../../renderer/analysis/resultPopup.ts';
import { featurePopupRows } from '../../../renderer/map/featurePopup.ts';
import { wordsFor } from '../../../renderer/i18n/language.tsx';

// UCDP GED's type_of_violence codes as its codebook names them.
const LABELS: CategoryLabels = {
  '1': { en: 'State-based conflict', es: 'Conflicto con participación del Estado' },
  '2': { es: 'Conflicto no estatal' },
  '3': { en: 'One-sided violence' },
  homicide: { es: 'Homicidio doloso' },
};

describe('category labels of a layer', () => {
  it('gives the label in the language asked', () => {
    expect(categoryLabel('1', 'en', LABELS)).toBe('State-based conflict');
    expect(categoryLabel('1', 'es', LABELS)).toBe('Conflicto con participación del Estado');
  });

  it('falls back to the other language, then to the code as before', () => {
    expect(categoryLabel('2', 'en', LABELS)).toBe('Conflicto no estatal');
    expect(categoryLabel('3', 'es', LABELS)).toBe('One-sided violence');
    // No label for "4": the raw code, as without a table.
    expect(categoryLabel('4', 'es', LABELS)).toBe(categoryLabel('4', 'es'));
    expect(categoryLabel('4', 'en', LABELS)).toBe('4s');
    // A code the catalogue phrases keeps its phrase where the table has no label in either language.
    expect(categoryLabel('armed_confrontation', 'es', LABELS)).toBe('Enfrentamientos armados');
    // A label only in Spanish stands in for English too.
    expect(categoryLabel('homicide', 'en', LABELS)).toBe('Homicidio doloso');
    expect(categoryLabel('homicide', 'en')).toBe('Homicides');
  });

  it('treats an empty or blank label as none', () => {
    const blank: CategoryLabels = { '1': { en: '  ', es: 'Estatal' }, '2': { en: '', es: '' } };
    expect(categoryLabel('1', 'en', blank)).toBe('Estatal');
    expect(ownCategoryLabel('2', 'es', blank)).toBeNull();
  });

  it('never finds a label on the object prototype', () => {
    expect(ownCategoryLabel('constructor', 'en', LABELS)).toBeNull();
    expect(categoryLabel('constructor', 'en', LABELS)).toBe('Constructors');
  });

  it('names a set of codes by their labels, the analyst’s text as typed', () => {
    expect(categoriesPhrase(['1'], 'es', LABELS)).toEqual({ text: 'Conflicto con participación del Estado', generated: false });
    expect(categoriesPhrase(['1', '3'], 'en', LABELS)).toEqual({ text: 'State-based conflict and One-sided violence', generated: false });
    expect(categoriesPhrase(['1', '3'], 'es', LABELS).text).toBe('Conflicto con participación del Estado y One-sided violence');
    expect(categoriesPhrase(['armed_confrontation', 'homicide'], 'es', LABELS).text).toBe('Enfrentamientos armados y Homicidio doloso');
    // Without the table, as before.
    expect(categoriesPhrase(['homicide'], 'es')).toEqual({ text: 'Homicidios', generated: true });
  });

  it('shows a code as data with its label beside it', () => {
    expect(codeWithLabel('2', 'es', LABELS)).toBe('Conflicto no estatal (2)');
    expect(codeWithLabel('4', 'es', LABELS)).toBe('4');
    expect(codeWithLabel('2', 'en', undefined)).toBe('2');
  });

  it('labels the codes in a feature’s popup and a cluster’s, the code kept beside the label', () => {
    const layer = { fields: [{ name: 'tipo', type: 'string' as const }], sourceFile: 'codigos.csv', metadata: { categoryLabels: LABELS } };
    const rows = featurePopupRows(layer, 7, { tipo: '2', $category: '2' }, undefined, wordsFor('es'));
    expect(rows).toContainEqual(['tipo', '2']);
    expect(rows).toContainEqual(['categoría', 'Conflicto no estatal (2)']);
    expect(featurePopupRows({ ...layer, metadata: {} }, 7, { $category: '2' }, undefined, wordsFor('es'))).toContainEqual(['categoría', '2']);
    const cluster = popupRows({ cluster_id: 1, rank: 1, count: 30, counts_by_category: JSON.stringify({ '2': 20, '1': 10 }) }, wordsFor('en'), LABELS);
    expect(cluster.slice(-2)).toEqual([
      ['  Conflicto no estatal (2)', '20'],
      ['  State-based conflict (1)', '10'],
    ]);
  });

  it('puts the labels in the comparison sentence in either language', () => {
    const c = comparePeriods({
      before: { count: 20, days: 30, from: '2023-01-01', to: '2023-01-30' },
      after: { count: 8, days: 30, from: '2023-01-31', to: '2023-03-01' },
      label: ['1'],
    });
    // An analyst's label is quoted as typed, as the sentence quotes any label.
    expect(comparisonSentence(c, ['1'], 'es', LABELS)).toMatch(/^Los incidentes de “Conflicto con participación del Estado” disminuyeron de 20 a 8/);
    expect(comparisonSentence(c, ['1'], 'en', LABELS)).toMatch(/State-based conflict/);
    expect(comparisonSentence(c, ['1'], 'en')).not.toMatch(/State-based conflict/);
  });

  it('reads the table from a layer’s metadata, and nothing from an unreadable one', () => {
    expect(layerCategoryLabels({ metadata: { categoryLabels: LABELS, synthetic: true } })).toEqual(LABELS);
    expect(layerCategoryLabels({ metadata: {} })).toBeUndefined();
    expect(layerCategoryLabels({ metadata: { categoryLabels: { '1': 'State' } } })).toBeUndefined();
    expect(layerCategoryLabels(undefined)).toBeUndefined();
  });

  it('validates a change: a code, a label of at most 200 characters, something to do', () => {
    expect(validateInput('layers.setLabels', { layer: 'ucdp', set: [{ code: ' 2 ', es: ' Conflicto no estatal ' }] })).toEqual({
      layer: 'ucdp',
      set: [{ code: '2', es: 'Conflicto no estatal' }],
    });
    expect(() => validateInput('layers.setLabels', { layer: 'ucdp' })).toThrow(/name at least one label to set or clear/);
    expect(() => validateInput('layers.setLabels', { layer: 'ucdp', set: [{ code: '', en: 'x' }] })).toThrow(/set\.0\.code: a category code cannot be empty/);
    expect(() => validateInput('layers.setLabels', { layer: 'ucdp', set: [{ code: '1', en: 'x'.repeat(201) }] })).toThrow(/a label is at most 200 characters/);
    expect(() => validateInput('layers.setLabels', { layer: 'ucdp', set: [{ code: '1', fr: 'x' }] })).toThrow(/set\.0/);
  });
});
