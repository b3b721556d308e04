/** Numbers, dates and sentences as each language writes them. */
import { describe, expect, it } from 'vitest';
import { formatCount, formatDateText, formatDay, formatMonthOf, formatNumber, joinList } from '../../../shared/i18n/format.ts';
import { comparePeriods, comparisonSentence } from '../../../shared/analysis/compare.ts';
import { emergingSummary, type EmergingCategory } from '../../../shared/analysis/emerging.ts';
import { nniSentence } from '../../../shared/analysis/nni.ts';
import { dateTimeGroup } from '../../../shared/report/dtg.ts';

describe('numbers and dates', () => {
  it('groups thousands with a comma and writes a decimal point in both languages (Mexican usage, and Intl es-MX)', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(999)).toBe('999');
    expect(formatNumber(1234.56, 'es')).toBe('1,234.6');
    expect(formatNumber(1234.56, 'es')).toBe(new Intl.NumberFormat('es-MX', { maximumFractionDigits: 1 }).format(1234.56));
    expect(formatNumber(1234.56, 'en', 2)).toBe('1,234.56');
  });

  it('keeps ISO days in English and names the month in Spanish', () => {
    expect(formatDay('2023-07-14', 'en')).toBe('2023-07-14');
    expect(formatDay('2023-07-14', 'es')).toBe('14 jul 2023');
    expect(formatDay('2023-01-01', 'es')).toBe('1 ene 2023');
    expect(formatMonthOf(Date.parse('2023-12-15T12:00:00Z'), 'America/Tijuana', 'es')).toBe('dic 2023');
  });

  it('writes an instant with a zone as local day and 24 h time in Spanish', () => {
    // 21:30Z is 14:30 in Tijuana (PDT, UTC−7): es-MX would say "2:30 p.m." on its own.
    expect(formatDateText('2023-07-14T21:30:00Z', 'America/Tijuana', 'es')).toBe('14 jul 2023, 14:30');
    expect(formatDateText('2023-03-01T08:00:00-07:00', 'America/Tijuana', 'es')).toBe('1 mar 2023, 07:00');
    expect(formatDateText('2023-07-14', 'America/Tijuana', 'es')).toBe('14 jul 2023');
    // English shows what was asked; text that is neither stays as typed.
    expect(formatDateText('2023-07-14T21:30:00Z', 'America/Tijuana', 'en')).toBe('2023-07-14T21:30:00Z');
    expect(formatDateText('2023-07-14T08:00', 'America/Tijuana', 'es')).toBe('2023-07-14T08:00');
  });

  it('joins lists without a serial comma in English, with y / e in Spanish', () => {
    expect(joinList(['a', 'b', 'c'], 'en')).toBe('a, b and c');
    expect(joinList(['homicidios', 'incidentes'], 'es')).toBe('homicidios e incidentes');
  });

  it('abbreviates the DTG month in the language', () => {
    expect(dateTimeGroup(new Date('2026-12-25T14:30:00Z'), 'es')).toBe('251430ZDIC26');
    expect(dateTimeGroup(new Date('2026-01-02T03:04:00Z'), 'es')).toBe('020304ZENE26');
    expect(dateTimeGroup(new Date('2026-12-25T14:30:00Z'))).toBe('251430ZDEC26');
  });
});

describe('analysis sentences in Spanish', () => {
  const period = (count: number, days = 8) => ({ count, days, from: '', to: '' });

  it('says the period comparison as in English, in every case', () => {
    const say = (before: ReturnType<typeof period>, after: ReturnType<typeof period>, label?: string | string[]) => {
      const c = comparePeriods({ before, after, label });
      const categories = typeof label === 'string' ? [label] : label;
      // In English it is the sentence the comparison already made.
      expect(comparisonSentence(c, categories, 'en')).toBe(c.sentence);
      return comparisonSentence(c, categories, 'es');
    };
    expect(say(period(13), period(6), 'homicide')).toBe(
      'Los homicidios disminuyeron de 13 a 6 (−54 %); con cifras tan bajas, el cambio no es estadísticamente significativo (prueba exacta, p = 0.17).',
    );
    expect(say(period(13, 30), period(6, 8), 'homicide')).toBe(
      'Los homicidios aumentaron de 0.43 a 0.75 al día (13 en 30 días y luego 6 en 8 días; +73 %); con cifras tan bajas, el cambio no es estadísticamente significativo (prueba exacta, p = 0.26).',
    );
    expect(say(period(8, 16), period(4, 8))).toBe(
      'Los incidentes no cambiaron: 0.5 al día en ambos periodos (8 en 16 días y luego 4 en 8 días; prueba exacta, p = 1.00).',
    );
    expect(say(period(0, 1), period(0, 1), 'seizure_fentanyl')).toBe('No hubo aseguramientos de fentanilo en ninguno de los dos periodos (1 día cada uno).');
    expect(say(period(2100), period(1400), ['homicide', 'armed_confrontation'])).toMatch(
      /^Los homicidios y enfrentamientos armados disminuyeron de 2,100 a 1,400 \(−33 %\); el cambio es estadísticamente significativo \(prueba exacta, p < 0\.001\)\.$/,
    );
    expect(say(period(3), period(3), 'Robos en SLRC')).toBe('Los incidentes de “Robos en SLRC” no cambiaron: 3 en cada periodo (prueba exacta, p = 1.00).');
  });

  it('says the nearest-neighbour and emerging hot spot results', () => {
    expect(nniSentence({ pattern: 'clustered', ratio: 0.412, z: -9.8, p: 0.0001 }, 'es')).toBe(
      'Los incidentes están agrupados (razón del vecino más cercano R = 0.41, z = -9.80, p < 0.001).',
    );
    expect(nniSentence({ pattern: 'random', ratio: 0.98, z: -0.4, p: 0.69 }, 'es')).toBe(
      'Los incidentes no se apartan de un patrón aleatorio (R = 0.98, z = -0.40, p = 0.69).',
    );
    const tally = { new_hot: 1, intensifying_hot: 3, persistent_cold: 2, no_pattern: 114 } as Record<EmergingCategory, number>;
    expect(emergingSummary(tally, 'es')).toBe(
      'De 120 ubicaciones, 1 es un punto caliente nuevo, 3 son puntos calientes en intensificación y 2 son puntos fríos persistentes; 114 no muestran ningún patrón.',
    );
    expect(emergingSummary({ no_pattern: 1 } as Record<EmergingCategory, number>, 'es')).toBe('De 1 ubicación, ninguna muestra un patrón de punto caliente o frío.');
  });
});
