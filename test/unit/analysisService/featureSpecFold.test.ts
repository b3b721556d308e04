/**
 * `LAYER:field=value` (--within, a tool's "Only" field) sets the value's case and accents aside,
 * as the table's search does: on INEGI's municipalities of Baja California and Sonora, every
 * spelling names the records whose NOMGEO Python's unicodedata folds (NFD, marks dropped, lower
 * case) to the same text — GDAL's reading of the same file.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../../electron/backend/backend.ts';
import { resolveFeatures } from '../../../electron/backend/analysis/featureSpec.ts';
import { repoRoot } from '../../../scripts/web.ts';

const SHP = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'inegi-mun-lcc', 'sonora_bc', 'mun_02_26.shp');
const SPELLINGS: Record<string, string[]> = {
  'San Luis Río Colorado': ['san luis rio colorado', 'SAN LUIS RÍO COLORADO', 'San Luis Río Colorado'],
  'San Quintín': ['san quintin', 'SAN QUINTÍN'],
  Mexicali: ['mexicali', 'MEXICALI'],
};

let dir: string;
let backend: Backend;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-spec-fold-'));
  backend = openBackend(path.join(dir, 'w.frontera'), { create: true });
  await backend['import.run']({ paths: [SHP], options: { layer: 'mun' } });
});
afterAll(() => {
  backend?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Record numbers (GDAL's FIDs) whose NOMGEO folds as `value` does. */
function python(value: string): number[] {
  const script = `
import json, sys, unicodedata
from osgeo import ogr
fold = lambda s: ''.join(c for c in unicodedata.normalize('NFD', s) if not unicodedata.combining(c)).lower()
ds = ogr.Open(sys.argv[1])  # kept: its layer dies with it
print(json.dumps([f.GetFID() for f in ds.GetLayer(0) if fold(f.GetField('NOMGEO')) == fold(sys.argv[2])]))
`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, SHP, value], { encoding: 'utf8' })) as number[];
}

describe('LAYER:field=value ignores case and accents', () => {
  it.each(Object.entries(SPELLINGS))('%s', async (name, spellings) => {
    const expected = python(name);
    expect(expected.length).toBeGreaterThan(0);
    for (const s of spellings) {
      const got = (await resolveFeatures(backend.store, `mun:NOMGEO=${s}`, '--within')).features.map((f) => f.sourceIndex).sort((a, b) => a - b);
      expect(got, s).toEqual(expected);
    }
  });
});
