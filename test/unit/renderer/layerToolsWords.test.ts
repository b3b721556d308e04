/**
 * The map's own words in Spanish, outside the browser: a feature's popup rows (our labels from
 * the Spanish catalogue, the days as Intl's es-MX names them, the point's position as shared/geo
 * writes it), the measuring tool's distances and the import's status line (digits as Intl's
 * es-MX writes them). The English forms are mapTools.test.ts's and importedMessage.test.ts's.
 */
import { describe, expect, it } from 'vitest';
import { featurePopupRows } from '../../../renderer/map/featurePopup.ts';
import { formatDistance } from '../../../renderer/map/measure.ts';
import { importFailure, importedMessage } from '../../../renderer/import/importMessages.ts';
import type { ImportSummary } from '../../../shared/api/contract.ts';
import { wordsFor } from '../../../renderer/i18n/language.tsx';
import { formatCoordinate, parseCoordinate } from '../../../shared/geo/coordinateFormats.ts';
import { coordinateWords } from '../../../renderer/map/coordinateFormatSetting.ts';
import { RESOURCES, translator } from '../../../shared/i18n/translator.ts';

const P = RESOURCES.es.app.layerTools.popup;
const esDay = (y: number, m: number, d: number) => new Intl.DateTimeFormat('es-MX', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));

describe('a feature popup in Spanish', () => {
  it('labels our rows from the Spanish catalogue, names the days in es-MX and keeps the fields and values as stored', () => {
    const rows = featurePopupRows(
      { fields: [{ name: 'folio', type: 'string' }], sourceFile: 'incidentes.csv' },
      7,
      { folio: 'F-1', $sourceIndex: 41_234, $time: Date.UTC(2023, 6, 14, 22, 15), $timePrecision: 'instant', $timeEnd: Date.UTC(2023, 6, 22, 7), $timeEndPrecision: 'date', $quantity: 12.5, $unit: 'kg', $precision: '4' },
      { lon: -114.7717, lat: 32.4561, format: 'DD' },
      wordsFor('es'),
    );
    expect(rows).toEqual([
      ['folio', 'F-1'],
      [P.time, `${esDay(2023, 7, 14)}, 22:15 (UTC)`],
      // A date-only end is stored as the next day's start: its own day is the 21st.
      [P.timeEnd, esDay(2023, 7, 21)],
      [P.quantity, '12.5 kg'],
      [P.precision, '4'],
      // West as oeste, the letter the Spanish briefing prints (briefing compass.W).
      [RESOURCES.es.app.layerTools.status.formats.DD, formatCoordinate('DD', -114.7717, 32.4561, coordinateWords(wordsFor('es').t))],
      ['MGRS', formatCoordinate('MGRS', -114.7717, 32.4561)],
      [P.featureId, '7'],
      [P.source, translator('es', 'app')('layerTools.popup.sourceRecord', { file: 'incidentes.csv', n: '41234' })],
    ]);
    expect(RESOURCES.es.app.layerTools.status.west).toBe(RESOURCES.es.briefing.compass.W);
    // Not the English days: the month is named.
    expect(rows[1][1]).not.toContain('2023-07-14');
  });
});

describe('positions in Spanish', () => {
  it('writes west as O, which the go-to box reads back to the same point', () => {
    const west = RESOURCES.es.app.layerTools.status.west;
    for (const format of ['DD', 'DMS'] as const) {
      const text = formatCoordinate(format, -114.7717, 32.4561, coordinateWords(wordsFor('es').t));
      expect(text).toMatch(new RegExp(` ${west}$`));
      const back = parseCoordinate(text);
      // DMS to a tenth of a second: within 3e-5°.
      expect(Math.abs(back.lon + 114.7717)).toBeLessThan(3e-5);
      expect(Math.abs(back.lat - 32.4561)).toBeLessThan(3e-5);
    }
  });

  it('says where UTM and MGRS are not defined in Spanish, in the read-out and the popup alike', () => {
    const words = coordinateWords(wordsFor('es').t);
    expect(formatCoordinate('UTM', 10, 85, words)).toBe('sin UTM más allá de 80° S y 84° N (UPS)');
    expect(formatCoordinate('MGRS', 10, -82, words)).toBe('sin MGRS más allá de 80° S y 84° N (UPS)');
    expect(formatCoordinate('UTM', 10, 85, coordinateWords(wordsFor('en').t))).toBe('no UTM beyond 80° S and 84° N (UPS)');
  });
});

describe('measured distances in Spanish', () => {
  it('writes metres and kilometres with es-MX digits and the same decimals as English', () => {
    const es = (n: number, digits: number) => new Intl.NumberFormat('es-MX', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
    expect(formatDistance(849.6, 'es')).toBe(`${es(850, 0)} m`);
    expect(formatDistance(67_891, 'es')).toBe(`${es(67.891, 2)} km`);
    expect(formatDistance(1_234_567, 'es')).toBe(`${es(1234.567, 1)} km`);
    expect(formatDistance(Number.NaN, 'es')).toBe('—');
  });
});

describe('the import dialog in Spanish', () => {
  const es = translator('es', 'app');
  const esCount = (n: number) => new Intl.NumberFormat('es-MX').format(n);

  it('writes the status line after an import with the Spanish sentences and es-MX digits', () => {
    const summaries = [{ featureCount: 15_130, skippedCount: 1_204, notes: ['encabezado: la columna 5 repite «fecha»'] }] as unknown as ImportSummary[];
    expect(importedMessage(summaries, wordsFor('es'))).toBe(
      `${es('layerTools.import.importedSkipped', { n: esCount(15_130), skipped: esCount(1_204) })} ${es('layerTools.import.note', { notes: 'encabezado: la columna 5 repite «fecha»' })}`,
    );
  });

  it('says a cancelled import in Spanish', () => {
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    expect(importFailure(abort, 'absent', wordsFor('es'))).toEqual({ message: RESOURCES.es.app.layerTools.import.cancelled, problems: [] });
  });
});
