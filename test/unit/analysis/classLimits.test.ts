/**
 * Manual class limits as the analyst types them (shared/analysis/classify.ts parseClassLimits),
 * read the one way the choropleth and the style editor read them: accepted lists give the classes
 * a hand count gives; refused ones say why in the style editor's words, in English and Spanish.
 */
import { describe, expect, it } from 'vitest';
import { classify, parseClassLimits } from '../../../shared/analysis/classify.ts';
import { translator } from '../../../shared/i18n/translator.ts';
import { Symbology } from '../../../shared/api/mapState.ts';

const refusal = (text: string, language: 'en' | 'es'): string => {
  const r = parseClassLimits(text);
  if (!('problem' in r)) throw new Error(`"${text}" was accepted`);
  return translator(language, 'app')(`layerTools.style.limitsProblem.${r.problem}`, { ...r });
};

describe('manual class limits', () => {
  it('reads numbers between commas, semicolons or spaces, and classes values as counted by hand', () => {
    expect(parseClassLimits('5, 20, 50')).toEqual({ limits: [5, 20, 50] });
    expect(parseClassLimits(' 0.5;2.25  10 ')).toEqual({ limits: [0.5, 2.25, 10] });
    expect(parseClassLimits('-3,0')).toEqual({ limits: [-3, 0] });
    const r = parseClassLimits('2, 5');
    if ('problem' in r) throw new Error('refused');
    // 1 2 | 3 4 5 | 6 9 (a class is closed above: 2 ≤ 2, 5 ≤ 5).
    const c = classify([1, 2, 3, 4, 5, 6, 9, null], 'manual', 0, r.limits);
    expect(c.classes.map((k) => [k.lower, k.upper, k.count])).toEqual([
      [1, 2, 2],
      [2, 5, 3],
      [5, 9, 2],
    ]);
    expect(c.noData).toBe(1);
  });

  it('refuses what is not a list of numbers, limits that do not rise and more than eleven, in English and Spanish', () => {
    expect(parseClassLimits('5, veinte')).toEqual({ problem: 'notNumbers', text: '5, veinte' });
    expect(parseClassLimits('  ')).toEqual({ problem: 'notNumbers', text: '  ' });
    expect(parseClassLimits('5, 20, 20')).toEqual({ problem: 'notRising', before: 20, after: 20 });
    expect(parseClassLimits('5 2')).toEqual({ problem: 'notRising', before: 5, after: 2 });
    expect(parseClassLimits(Array.from({ length: 12 }, (_, i) => i).join(','))).toEqual({ problem: 'tooMany', max: 11 });

    expect(refusal('5, veinte', 'en')).toBe('Class limits: “5, veinte” is not a list of numbers; type them with a decimal point, separated by commas (5, 20, 50).');
    expect(refusal('5, veinte', 'es')).toBe('Límites de clase: «5, veinte» no es una lista de números; escríbalos con punto decimal, separados por comas (5, 20, 50).');
    expect(refusal('50, 20', 'en')).toBe('Class limits must rise: 50 is followed by 20.');
    expect(refusal('50, 20', 'es')).toBe('Los límites de clase deben ir de menor a mayor: después de 50 viene 20.');
    expect(refusal('1 2 3 4 5 6 7 8 9 10 11 12', 'es')).toBe('Límites de clase: 11 como máximo (doce clases).');
  });
});

describe('manual limits saved in the map state', () => {
  const graduated = {
    mode: 'graduated',
    field: 'cantidad',
    by: 'color',
    method: 'manual',
    classes: [
      { lower: 0.3, upper: 5, count: 10, color: '#fee8c8', radius: 3 },
      { lower: 5, upper: 40, count: 4, color: '#e34a33', radius: 14 },
    ],
  };

  it('keeps the limits, and still loads a style saved before they were kept', () => {
    expect(Symbology.parse({ ...graduated, limits: [5] })).toMatchObject({ method: 'manual', limits: [5] });
    expect(Symbology.safeParse(graduated).success).toBe(true);
    expect(Symbology.safeParse({ ...graduated, limits: [] }).success).toBe(false);
    expect(Symbology.safeParse({ ...graduated, limits: ['5'] }).success).toBe(false);
  });
});
