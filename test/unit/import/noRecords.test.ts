/**
 * A file that holds no record — a CSV of its header only, an empty GeoJSON FeatureCollection, an
 * empty shapefile — is refused by the import (API and CLI) and by the preview with one message
 * naming the file, and the workspace is left as it was. The files are written by GDAL from the
 * real fixtures, and GDAL (ogrinfo) is the reference that they hold no feature, while the same
 * files with records import as many features as GDAL counts.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../../electron/backend/backend.ts';
import { ImportError } from '../../../shared/import/problems.ts';
import { FIXTURES, UCDP, gdal, gdalCount } from '../../support/gdalFiles.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const PLACES = path.join(FIXTURES, 'natural-earth', 'clipped', 'ne_10m_populated_places_sonora_bc.shp');
const PEER_EMPTY = path.join(FIXTURES, 'shapefile-peer-suite', 'empty.shp');
const BIN = path.join(repoRoot, 'bin', 'frontera.js');

let dir: string;
let backend: Backend;
const state = () => ({ hash: backend.workspace.contentHash(), layers: JSON.stringify(backend.workspace.listLayers()) });

/** Each case: the empty file, and the same made with `where` letting records through. */
const cases: { name: string; empty: string; full: string; message: RegExp }[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-norecords-'));
  const csvSql = (where: string) =>
    `SELECT id, latitude, longitude, date_start, type_of_violence FROM ucdp_ged_mexico_other_states WHERE ${where}`;
  /** `name` written by GDAL twice: with no record, and with those `where` selects. */
  const made = (name: string, where: string, args: (out: string, where: string) => string[]) => {
    const empty = path.join(dir, 'empty', name);
    const full = path.join(dir, 'full', name);
    fs.mkdirSync(path.dirname(empty), { recursive: true });
    fs.mkdirSync(path.dirname(full), { recursive: true });
    gdal('ogr2ogr', ...args(empty, '1=0'));
    gdal('ogr2ogr', ...args(full, where));
    return { empty, full };
  };
  cases.push({
    name: 'a CSV of its header only',
    ...made('incidentes.csv', "adm_1 = 'Sinaloa state'", (out, where) => ['-f', 'CSV', out, UCDP, '-sql', csvSql(where)]),
    message: /^incidentes\.csv: the file has a header but no records$/,
  });
  cases.push({
    name: 'an empty GeoJSON FeatureCollection',
    ...made('poblaciones.geojson', "NAME LIKE 'M%'", (out, where) => ['-f', 'GeoJSON', out, PLACES, '-where', where]),
    message: /^poblaciones\.geojson: the file has no features$/,
  });
  cases.push({
    name: 'an empty shapefile with a .dbf header',
    ...made('poblaciones.shp', "NAME LIKE 'M%'", (out, where) => [out, PLACES, '-where', where]),
    message: /^poblaciones\.shp: the file has a header but no records$/,
  });
  backend = openBackend(path.join(dir, 'w.frontera'), { create: true });
  await backend['import.run']({ paths: [PLACES], options: { layer: 'places' } });
}, 60_000);

afterAll(() => {
  backend?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function refusal(p: Promise<unknown>): Promise<ImportError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ImportError);
  return e as ImportError;
}

describe('a file without records', () => {
  it.each(['a CSV of its header only', 'an empty GeoJSON FeatureCollection', 'an empty shapefile with a .dbf header'])(
    '%s: refused by import and preview, the workspace unchanged; with records it imports',
    async (name) => {
      const c = cases.find((x) => x.name === name)!;
      expect(gdalCount(c.empty), c.name).toBe(0);
      const before = state();
      const imported = await refusal(backend['import.run']({ paths: [c.empty] }));
      expect(imported.problems).toHaveLength(1);
      expect(imported.problems[0]).toMatchObject({ location: null, index: null });
      expect(path.basename(imported.message)).toMatch(c.message);
      expect(state()).toEqual(before);
      const previewed = await refusal(backend['import.preview']({ path: c.empty }));
      expect(previewed.message).toBe(imported.message);

      const expected = gdalCount(c.full);
      expect(expected).toBeGreaterThan(0);
      const [summary] = await backend['import.run']({ paths: [c.full], options: { layer: `${c.name} with records` } });
      expect(summary.featureCount).toBe(expected);
    },
  );

  it('the shapefile library suite’s empty shapefile (a .dbf of no fields) is refused the same way', async () => {
    expect(gdalCount(PEER_EMPTY)).toBe(0);
    const e = await refusal(backend['import.run']({ paths: [PEER_EMPTY], options: { layer: 'peer empty' } }));
    expect(e.message).toBe(`${PEER_EMPTY}: the file has no features`);
  });

  it('records that were all skipped as invalid are not this: the summary lists them', async () => {
    const lines = fs.readFileSync(cases[0].full, 'utf8').trim().split('\n');
    const bad = path.join(dir, 'todos_malos.csv');
    fs.writeFileSync(bad, [lines[0], ...lines.slice(1, 6).map((l) => l.replace(/^([^,]*),[^,]*,/, '$1,N/D,'))].join('\n') + '\n');
    const [summary] = await backend['import.run']({ paths: [bad], options: { skipInvalid: true } });
    expect(summary.featureCount).toBe(0);
    expect(summary.skippedCount).toBe(5);
    expect(summary.skipped[0].reason).toMatch(/latitude "N\/D"/);
  });

  it('the CLI says the same and exits 1', () => {
    const ws = path.join(dir, 'cli.frontera');
    const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, FRONTERA_DEBUG: '' } });
    expect(cli('init', ws).status).toBe(0);
    const r = cli('import', ws, cases[0].empty);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain(`${cases[0].empty}: the file has a header but no records`);
  }, 240_000);
});
