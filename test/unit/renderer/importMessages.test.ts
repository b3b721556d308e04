/**
 * The import dialog's words for the back end's messages, on the messages a real back end gives
 * through the web server and the renderer's own client (files uploaded as the browser does): the
 * CLI's flags become the labels of the dialog's controls — the same labels the fields show —,
 * files are named by their own name, and "tick Skip invalid records" is offered only for
 * problems of single records and only where the box is on screen. The CLI's own message keeps
 * its flags. Files: UCDP events written by GDAL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../../electron/backend/backend.ts';
import { startWebServer, type WebServer } from '../../../electron/backend/webServer.ts';
import { plainOptions } from '../../../renderer/analysis/errors.ts';
import { ApiCallError, createApiClient, httpTransport, uploadFiles, type ApiClient } from '../../../renderer/api/client.ts';
import { IMPORT_CONTROLS, importControls } from '../../../renderer/import/controls.ts';
import { wordsFor } from '../../../renderer/i18n/language.tsx';
import { importFailure, inDialogWords } from '../../../renderer/import/importMessages.ts';
import type { ImportOptions } from '../../../shared/api/contract.ts';
import { ucdpCsv, ucdpProjectedCsv } from '../../support/gdalFiles.ts';

const WHERE = "adm_1 = 'Sinaloa state' AND year = '2019'";
const C = IMPORT_CONTROLS;

let tmp: string;
let backend: Backend;
let server: WebServer;
let api: ApiClient;
/** Server-side paths of the uploaded files, by their name. */
const uploaded = new Map<string, string>();

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-wording-'));
  fs.mkdirSync(path.join(tmp, 'www'));
  fs.writeFileSync(path.join(tmp, 'www', 'index.html'), '<!doctype html>');
  const files = [
    ucdpCsv(path.join(tmp, 'norte_oeste.csv'), 'id, latitude AS norte, longitude AS oeste, date_start AS fecha', WHERE),
    ucdpProjectedCsv(path.join(tmp, 'utm.csv'), 'EPSG:32612', 'id, date_start AS fecha', WHERE),
    // Latitude in the longitude column and the other way round.
    ucdpCsv(path.join(tmp, 'cruzadas.csv'), 'id, longitude AS lat, latitude AS lon', WHERE),
    ucdpCsv(path.join(tmp, 'una_mala.csv'), 'id, latitude AS lat, longitude AS lon', WHERE),
  ];
  // One record's latitude not given: the first's.
  const [header, first, ...rest] = fs.readFileSync(files[3], 'utf8').split('\n');
  fs.writeFileSync(files[3], [header, first.replace(/^("?[^,]*"?),"?[^,"]*"?,/, '$1,N/D,'), ...rest].join('\n'));
  backend = openBackend(path.join(tmp, 'w.frontera'), { create: true });
  server = await startWebServer({ api: backend, staticRoot: path.join(tmp, 'www'), log: () => {} });
  api = createApiClient(httpTransport(server.token, server.origin));
  const paths = await uploadFiles(server.token, files.map((f) => new File([fs.readFileSync(f)], path.basename(f))), () => {}, server.origin);
  paths.forEach((p) => uploaded.set(path.basename(p), p));
}, 60_000);

afterAll(async () => {
  await server?.close();
  backend?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

async function importError(name: string, options: ImportOptions = {}): Promise<ApiCallError> {
  const e = await api['import.run']({ paths: [uploaded.get(name)!], options }).then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ApiCallError);
  return e as ApiCallError;
}

describe('back-end messages in the import dialog', () => {
  it('coordinate columns not found: the preview’s reason names the column fields', async () => {
    const p = await api['import.preview']({ path: uploaded.get('norte_oeste.csv')! });
    expect(p.coordinatesMissing).toContain('name them with --lat and --lon, or --wkt');
    expect(inDialogWords(p.coordinatesMissing!)).toBe(
      'no coordinate columns in the header ("id", "norte", "oeste", "fecha"): expected latitude/longitude columns ' +
        `(lat, latitud, y / lon, longitud, x) or a WKT column (wkt, geometry); name them with “${C.lat}” and “${C.lon}”, or “${C.wkt}”`,
    );
  });

  it('a problem of the whole file is the message, without the advice to skip records and without folders', async () => {
    const e = await importError('norte_oeste.csv');
    // The CLI's message, as the back end gives it, keeps the flags.
    expect(e.message).toMatch(/\/norte_oeste\.csv: no coordinate columns .*--lat and --lon, or --wkt$/);
    const shown = importFailure(e, 'unticked');
    expect(shown.message).toMatch(/^norte_oeste\.csv: no coordinate columns /);
    expect(shown.message).toContain(`name them with “${C.lat}” and “${C.lon}”, or “${C.wkt}”`);
    expect(shown.message).not.toMatch(/--|Skip invalid|tick/);
    expect(shown.problems).toEqual([]);
  });

  it('projected coordinates without a CRS: the CRS field, and its example without the flag', async () => {
    const e = await importError('utm.csv');
    expect(e.message).toContain('give the CRS with --crs (e.g. --crs EPSG:32611)');
    const shown = importFailure(e, 'unticked').message;
    expect(shown).toContain(`give the CRS with “${C.crs}” (e.g. EPSG:32611)`);
    expect(shown).not.toMatch(/--|Skip invalid/);
  });

  it('latitude and longitude swapped: the column fields', async () => {
    const shown = importFailure(await importError('cruzadas.csv'), 'unticked').message;
    expect(shown).toContain(`are latitude and longitude swapped? (name the columns with “${C.lat}” and “${C.lon}”)`);
    expect(shown).not.toContain('--');
  });

  it('a name already taken: the layer name field, the placeholder gone', async () => {
    await api['import.run']({ paths: [uploaded.get('cruzadas.csv')!], options: { lat: 'lon', lon: 'lat', layer: 'eventos' } });
    const e = await importError('una_mala.csv', { layer: 'eventos', skipInvalid: true });
    expect(e.message).toMatch(/under another name with --layer NAME$/);
    expect(importFailure(e, 'ticked').message).toMatch(/^a layer named "eventos" already exists in w\.frontera; import una_mala\.csv under another name with “Layer name”$/);
    // In Spanish from the refusal's words, the control named as the Spanish dialog labels it.
    const es = wordsFor('es');
    expect(importFailure(e, 'ticked', es).message).toBe(
      `ya existe una capa llamada "eventos" en w.frontera; importe una_mala.csv con otro nombre con “${importControls(es.t).layer}”`,
    );
  });

  it('a bad record: counted, listed in the dialog’s words, and the box offered only where it is on screen and unticked', async () => {
    const e = await importError('una_mala.csv');
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0]).toMatchObject({ location: 'row 1', index: 0 });
    const unticked = importFailure(e, 'unticked');
    expect(unticked.message).toBe(`1 problem found, nothing was imported. Fix the file, or tick “${C['skip-invalid']}”.`);
    expect(unticked.problems).toEqual([{ file: 'una_mala.csv', location: 'row 1', index: 0, reason: 'latitude "N/D" (column "lat") is not a number' }]);
    expect(importFailure(e, 'ticked').message).toBe('1 problem found, nothing was imported. Fix the file.');
    expect(importFailure(e, 'absent').message).toBe('1 problem found, nothing was imported. Fix the file.');
  });

  it('options the view has no control for read as words, as in the analysis panel', () => {
    expect(plainOptions('DBSCAN with --min-points 100000 needs at least that many incidents', C)).toBe(
      'DBSCAN with min points 100000 needs at least that many incidents',
    );
    expect(plainOptions('(give --network LINE_LAYER)', C)).toBe('(give network LINE_LAYER)');
    // Without a view's controls every flag reads as words: the analysis panel's wording is unchanged.
    expect(plainOptions('give the CRS with --crs (e.g. --crs EPSG:32611)')).toBe('give the CRS with crs (e.g. crs EPSG:32611)');
  });
});
