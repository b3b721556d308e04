/** The app's status line after an import names the stacked points found, as the CLI's import summary does. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../../electron/backend/backend.ts';
import type { ImportSummary } from '../../../shared/api/contract.ts';
import { importedMessage } from '../../../renderer/import/importMessages.ts';
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
});
