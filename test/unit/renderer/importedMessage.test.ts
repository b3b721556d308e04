/** The app's status line after an import names the stacked points found, as the CLI's import summary does. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../../electron/backend/backend.ts';
import type { ImportSummary } from '../../../shared/api/contract.ts';
import { importedMessage } from '../../../renderer/import/importMessages.ts';
import { wordsFor } from '../../../renderer/i18n/language.tsx';
import { repoRoot } from '../../../scripts/web.ts';
import { tempDir } from '../analysisService/helpers.ts';

const UCDP = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'ucdp-ged-mexico-other-states', 'ucdp_ged_mexico_other_states.csv');

describe('the status line after an import', () => {
  const tmp = tempDir('frontera-imported-message-');
  let backend: Backend;
  let ucdp: ImportSummary[];
  beforeAll(async () => {
    backend = openBackend(path.join(tmp.dir, 'w.frontera'), { create: true });
    ucdp = await backend['import.run']({ paths: [UCDP], options: { layer: 'ucdp' } });
  }, 120_000);
  afterAll(() => {
    backend?.close();
    tmp.cleanup();
  });

  it('names the largest stack of UCDP GED with its town, and how many there are', () => {
    expect(importedMessage(ucdp)).toBe(
      'Imported 15,130 features. 27 stacked points hold 7,766 records; the largest: 2,023 records (13 %) share one point 3.3 km from ' +
        "Juárez (Chihuahua)'s centre: likely geocoded to the town. “Exclude stacked points” in an analysis leaves them out.",
    );
  });

  it('says nothing of stacks where there are none, and counts skipped records', () => {
    expect(importedMessage([{ ...ucdp[0], stackedPoints: [], skippedCount: 1204 }])).toBe('Imported 15,130 features, skipped 1,204.');
  });

  it("gives the reader's notes: a repeated column renamed", async () => {
    const file = path.join(tmp.dir, 'dup.csv');
    fs.writeFileSync(file, 'id,fecha,lat,lon,fecha\n1,2023-01-02,32.5,-115.4,2023-02-03\n');
    const s = await backend['import.run']({ paths: [file], options: {} });
    expect(importedMessage(s)).toBe(`Imported 1 features. Note: ${file}: header: column 5 repeats the name "fecha": called "fecha_2".`);
  });

  it('in Spanish: the stacked points and the notes in the app’s language (issue 18)', async () => {
    expect(importedMessage(ucdp, wordsFor('es'))).toBe(
      'Se importaron 15,130 elementos. 27 puntos apilados reúnen 7,766 registros; el mayor: 2,023 registros (13 %) comparten un mismo punto ' +
        'a 3.3 km del centro de Juárez (Chihuahua): probablemente geocodificados a la localidad. «Excluir puntos apilados» en un análisis los deja fuera.',
    );
    const file = path.join(tmp.dir, 'dup_es.csv');
    fs.writeFileSync(file, 'id,fecha,lat,lon,,fecha\n1,2023-01-02,32.5,-115.4,x,2023-02-03\n');
    const s = await backend['import.run']({ paths: [file], options: {} });
    expect(importedMessage(s, wordsFor('es'))).toBe(
      `Se importaron 1 elementos. Nota: ${file}: encabezado: la columna 5 no tiene nombre: se llama "column_5"; ` +
        `${file}: encabezado: la columna 6 repite el nombre "fecha": se llama "fecha_2".`,
    );
  });
});
