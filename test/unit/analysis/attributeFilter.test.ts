/**
 * The attribute filter's text form and matcher (shared/analysis/attributeFilter.ts): typed by the
 * layer's fields, case and accents set aside by contains / starts with, numbers against text,
 * dates as local days, empty values; malformed text refused at its column.
 */
import { describe, expect, it } from 'vitest';
import type { FieldInfo } from '../../../shared/model/feature.ts';
import { FilterError, compileFilter, formatFilter, parseFilter } from '../../../shared/analysis/attributeFilter.ts';
import { RESOURCES } from '../../../shared/i18n/translator.ts';

const FIELDS: FieldInfo[] = [
  { name: 'tipo', type: 'string' },
  { name: 'municipio', type: 'string' },
  { name: 'victimas', type: 'integer' },
  { name: 'monto', type: 'number' },
  { name: 'fecha', type: 'date' },
  { name: 'armado', type: 'boolean' },
  { name: 'clave', type: 'string' },
  { name: 'nota libre', type: 'string' },
];

const RECORDS: Record<string, unknown>[] = [
  { tipo: 'homicidio', municipio: 'San Luis Río Colorado', victimas: 2, monto: 1.5, fecha: '2023-07-14', armado: true, clave: '02007' },
  { tipo: 'Homicidio', municipio: 'Mexicali', victimas: 1, monto: null, fecha: '2023-07-15T23:30:00', armado: false, clave: '02002' },
  { tipo: 'robo', municipio: 'RIO BRAVO', victimas: '3', monto: '', fecha: '01/08/2023', armado: 'true', clave: '2007' },
  { tipo: 'secuestro', municipio: 'Tijuana', victimas: null, monto: 10, fecha: '', clave: null, 'nota libre': 'río' },
  { tipo: '', municipio: 'Ensenada', victimas: 0, monto: 2, fecha: '2022-12-31' },
];

/** The indexes of RECORDS the filter keeps. */
const kept = (text: string): number[] => {
  const f = compileFilter(text, FIELDS, 'incidentes');
  return RECORDS.flatMap((r, i) => (f.matches(r) ? [i] : []));
};

describe('matching', () => {
  it('= on text is exact; contains and starts with ignore case and accents', () => {
    expect(kept('tipo = "homicidio"')).toEqual([0]);
    expect(kept('tipo = homicidio')).toEqual([0]);
    expect(kept('municipio contains "rio"')).toEqual([0, 2]);
    expect(kept('municipio contains "RÍO"')).toEqual([0, 2]);
    expect(kept('municipio starts with "san luis"')).toEqual([0]);
    expect(kept('tipo starts with "HOMI"')).toEqual([0, 1]);
  });

  it('compares numbers as numbers, a text cell that reads as one included, and leaves empty values out', () => {
    expect(kept('victimas >= 2')).toEqual([0, 2]);
    expect(kept('victimas < 2')).toEqual([1, 4]);
    expect(kept('victimas != 1')).toEqual([0, 2, 4]);
    // 10 > 9 as numbers (as text "10" < "9").
    expect(kept('monto > 9')).toEqual([3]);
    expect(kept('monto <= 2')).toEqual([0, 4]);
    expect(kept('victimas = "3"')).toEqual([2]);
  });

  it('keeps a code a text field holds as written: 02007 is not 2007', () => {
    expect(kept('clave = 02007')).toEqual([0]);
    expect(kept('clave in (2007, "02002")')).toEqual([1, 2]);
  });

  it('compares dates by the local day written, ISO or day-first, the time of day aside', () => {
    expect(kept('fecha = "2023-07-15"')).toEqual([1]);
    expect(kept('fecha >= "2023-07-15"')).toEqual([1, 2]);
    expect(kept('fecha < "2023-01-01"')).toEqual([4]);
    expect(kept('fecha is empty')).toEqual([3]);
  });

  it('is empty / is not empty: null, missing and blank text are empty', () => {
    expect(kept('tipo is empty')).toEqual([4]);
    expect(kept('monto is empty')).toEqual([1, 2]);
    expect(kept('armado is not empty')).toEqual([0, 1, 2]);
  });

  it('booleans, in lists, and / or with and binding tighter, parentheses', () => {
    expect(kept('armado = true')).toEqual([0, 2]);
    expect(kept('tipo in ("robo", "secuestro")')).toEqual([2, 3]);
    expect(kept('tipo = "robo" or tipo = "homicidio" and victimas >= 2')).toEqual([0, 2]);
    expect(kept('(tipo = "robo" or tipo = "homicidio") and victimas >= 3')).toEqual([2]);
    expect(kept('`nota libre` contains rio')).toEqual([3]);
  });
});

describe('the text form', () => {
  it('reads ≠ ≤ ≥ and <> as != <= >=, and gives back the same expression', () => {
    const text = formatFilter(parseFilter("tipo ≠ 'robo' AND victimas ≥ 2 or (monto ≤ 3 OR fecha <> \"2023-07-14\") and `nota libre` is not empty"));
    expect(text).toBe('tipo != "robo" and victimas >= 2 or (monto <= 3 or fecha != "2023-07-14") and `nota libre` is not empty');
    expect(formatFilter(parseFilter(text))).toBe(text);
    expect(formatFilter(parseFilter('a in (1, "x\\"y", true)'))).toBe('a in (1, "x\\"y", true)');
  });

  it('refuses malformed text naming the column', () => {
    expect(() => parseFilter('tipo homicidio')).toThrow('column 6: expected an operator after "tipo"');
    expect(() => parseFilter('tipo = "homicidio')).toThrow('column 8: the text opened here has no closing "');
    expect(() => parseFilter('tipo = homicidio and')).toThrow('column 21: expected a field name, found the end');
    expect(() => parseFilter('(tipo = a')).toThrow('column 10: expected ")" to close the group');
    expect(() => parseFilter('victimas is 3')).toThrow('column 13: expected "empty" after "is"');
    expect(() => parseFilter('  ')).toThrow('column 3: the filter is empty');
    expect(() => compileFilter('tipo = # 3', FIELDS, 'incidentes')).toThrow('Filter tipo = # 3: column 8: unexpected "#"');
  });

  it('refuses an unknown field and a value of the wrong type, naming them', () => {
    expect(() => compileFilter('tipos = robo', FIELDS, 'incidentes')).toThrow(/^Filter: layer "incidentes" has no field "tipos" \(its fields: tipo, municipio/);
    expect(() => compileFilter('Tipo = robo', FIELDS, 'incidentes')).toThrow('Filter: layer "incidentes" has no field "Tipo" (did you mean "tipo"?)');
    expect(() => compileFilter('victimas >= dos', FIELDS, 'incidentes')).toThrow('Filter: field "victimas" holds numbers; "dos" is not a number');
    expect(() => compileFilter('fecha > "14/07/2023"', FIELDS, 'incidentes')).toThrow('Filter: field "fecha" holds dates; "14/07/2023" is not a date (YYYY-MM-DD)');
    expect(() => compileFilter('armado = 1', FIELDS, 'incidentes')).toThrow('Filter: field "armado" holds true/false values; 1 is not true or false');
    expect(() => compileFilter('victimas contains 2', FIELDS, 'incidentes')).toThrow('Filter: contains compares text; field "victimas" holds numbers');
  });
});

/** The Spanish template of a key of the catalogue's filter section, its placeholders filled by hand. */
function es(key: string, values: Record<string, string | number> = {}): string {
  const template = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], RESOURCES.es.analysis.filter);
  if (typeof template !== 'string') throw new Error(`es:analysis:filter.${key} is not a string`);
  return template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(values[k]));
}

/** The reader's refusal of `run`, in Spanish. */
function spanish(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    if (e instanceof FilterError) return e.textIn('es');
    throw e;
  }
  throw new Error('the filter was accepted');
}

describe('the reader in Spanish (issue 18)', () => {
  it('says a malformed filter in Spanish, the column and the filter text as written', () => {
    expect(spanish(() => parseFilter('tipo = "homicidio'))).toBe(es('syntax', { column: 8, reason: es('unclosedText', { quote: '"' }) }));
    expect(spanish(() => parseFilter('tipo = homicidio and'))).toBe(es('syntax', { column: 21, reason: es('expectedField', { found: es('theEnd') }) }));
    expect(spanish(() => parseFilter('victimas is not 3'))).toBe(es('syntax', { column: 17, reason: es('expectedEmpty', { after: 'is not', found: '"3"' }) }));
    expect(spanish(() => parseFilter('  '))).toBe(es('syntax', { column: 3, reason: es('empty') }));
    expect(spanish(() => compileFilter('tipo = # 3', FIELDS, 'incidentes'))).toBe(
      es('inText', { text: 'tipo = # 3', message: es('syntax', { column: 8, reason: es('unexpected', { char: '#' }) }) }),
    );
    // The hand-filled English of the same refusal is the reader's message, word for word.
    expect(() => parseFilter('tipo = homicidio and')).toThrow('column 21: expected a field name, found the end');
  });

  it('says an unknown field and a value of the wrong type in Spanish', () => {
    expect(spanish(() => compileFilter('Tipo = robo', FIELDS, 'incidentes'))).toBe(es('noFieldNear', { layer: 'incidentes', field: 'Tipo', near: 'tipo' }));
    expect(spanish(() => compileFilter('victimas >= dos', FIELDS, 'incidentes'))).toBe(
      es('notKind', { field: 'victimas', kind: es('kinds.number'), value: '"dos"', need: es('need.number') }),
    );
    expect(spanish(() => compileFilter('victimas contains 2', FIELDS, 'incidentes'))).toBe(es('textOnly', { op: 'contains', field: 'victimas', kind: es('kinds.number') }));
    expect(spanish(() => compileFilter('armado > true', FIELDS, 'incidentes'))).toBe(es('booleanOps', { field: 'armado' }));
  });
});
