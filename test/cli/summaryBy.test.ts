/**
 * `frontera summary --by`: the JSON rows with exactly the keys, each area's figures equal
 * to the Summary of its own polygon (`--within LAYER:N`, a separate path: Turf's point-in-polygon
 * on the selection), the rate per 100,000 with --per, the human table, and bad input refused in the
 * CLI's words with nothing stored.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend } from '../../electron/backend/backend.ts';
import type { AreaRow } from '../../shared/analysis/areaRows.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(repoRoot, 'bin', 'frontera.js');
const INEGI_SHP = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'inegi-mun-lcc', 'sonora_bc', 'mun_02_26.shp');

let dir: string;
let ws: string;

function cli(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-summary-by-'));
  ws = path.join(dir, 'demo.frontera');
  expect(cli('demo', ws).code).toBe(0);
  expect(cli('import', ws, INEGI_SHP, '--layer', 'inegi').code).toBe(0);
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('frontera summary --by', () => {
  it('prints a row per polygon with the issue keys, each equal to the Summary of that polygon alone', async () => {
    const r = cli('summary', ws, '--layer', 'incidents', '--by', 'inegi', '--name-field', 'NOMGEO', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as AreaRow[];
    expect(rows).toHaveLength(85);
    for (const row of rows) expect(Object.keys(row)).toEqual(['source_index', 'name', 'count', 'areaKm2', 'density', 'countsByCategory', 'quantityByUnit']);
    expect(rows.map((x) => x.source_index)).toEqual([...Array(85).keys()]);
    const backend = openBackend(ws);
    try {
      for (const row of rows) {
        const s = await backend['layers.summary']({ layer: 'incidents', selection: { within: `inegi:${row.source_index}` } });
        expect(row.count).toBe(s.count);
        expect(row.countsByCategory).toEqual(Object.fromEntries(s.byCategory.map((c) => [c.category, c.count])));
        expect(row.quantityByUnit).toEqual(Object.fromEntries(s.quantityByUnit.map((u) => [u.unit, u.total])));
      }
    } finally {
      backend.close();
    }
    expect(rows.filter((x) => x.count > 0).map((x) => x.name)).toEqual(['Mexicali', 'San Luis Río Colorado']);
  });

  it('adds the population and the rate per 100,000 with --per, and takes the selection flags', () => {
    const all = JSON.parse(cli('summary', ws, '--layer', 'incidents', '--by', 'inegi', '--per', 'Shape_Area', '--json').stdout) as AreaRow[];
    const some = JSON.parse(cli('summary', ws, '--layer', 'incidents', '--by', 'inegi', '--per', 'Shape_Area', '--category', 'homicide', '--to', '2023-06-30', '--json').stdout) as AreaRow[];
    for (const row of all) {
      expect(Object.keys(row).slice(-2)).toEqual(['population', 'per100k']);
      expect(row.per100k).toBeCloseTo((row.count / row.population!) * 100_000, 12);
    }
    const top = some.find((x) => x.count > 0)!;
    expect(Object.keys(top.countsByCategory)).toEqual(['homicide']);
    expect(some.reduce((n, x) => n + x.count, 0)).toBeLessThan(all.reduce((n, x) => n + x.count, 0));
  });

  it('prints a table for people, largest count first, and stores the run', () => {
    const r = cli('summary', ws, '--layer', 'incidents', '--by', 'municipalities', '--classes', '3');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/incidents of incidents in 2 areas of municipalities; stored as analysis #\d+/);
    const lines = r.stdout.split('\n');
    expect(lines[1]).toMatch(/^ +area +record +incidents +km² +per 100 km² +top category +quantities$/);
    const incidents = lines.slice(2, 4).map((l) => Number(/^ +\S+ +\d+ +([\d,]+) /.exec(l)![1].replace(/,/g, '')));
    expect(incidents[0]).toBeGreaterThan(incidents[1]);
    // Named by the layer's first text field when --name-field is not given.
    const layers = JSON.parse(cli('layers', ws, '--json').stdout) as { name: string; fields: { name: string; type: string }[] }[];
    const firstText = layers.find((l) => l.name === 'municipalities')!.fields.find((f) => f.type === 'string')!.name;
    const analyses = JSON.parse(cli('analyses', ws, '--json').stdout) as { kind: string; params: Record<string, unknown> }[];
    expect(analyses.at(-1)).toMatchObject({ kind: 'areas', params: { by: 'municipalities', nameField: firstText, classify: 'natural-breaks' } });
  });

  it('refuses bad input in the CLI words, naming the layer, field or record, and stores nothing', () => {
    const before = cli('analyses', ws, '--json').stdout;
    const cases: [string[], string][] = [
      [['--by', 'incidents'], '--by incidents: the layer holds Point features, not polygons'],
      [['--by', 'nada'], 'no layer "nada"'],
      [['--by', 'inegi', '--name-field', 'NOMBRE'], '--name-field NOMBRE: layer "inegi" has no field "NOMBRE" (fields: fid, OBJECTID, CVEGEO, CVE_ENT, CVE_MUN, NOMGEO,'],
      [['--by', 'inegi', '--per', 'NOMGEO'], '--per NOMGEO: layer "inegi", record 0: "San Felipe" is not a population (a number ≥ 0)'],
      [['--by', 'inegi', '--map-value', 'per100k'], 'mapping the rate per 100,000 people needs --per POPULATION_FIELD'],
      [['--by', 'inegi', '--classes', '12'], '--classes'],
      [['--by', 'inegi', '--breaks', '5,x'], '--breaks takes numbers like 10,50,100, got "5,x"'],
      [['--by', 'inegi', '--breaks', '50,5'], 'manual class limits must rise: 50 then 5'],
      [['--by', 'inegi', '--bbox=-116,32,-114,33'], '--bbox does not apply with --by'],
      [['--classes', '4'], '--classes applies with --by POLYGON_LAYER only'],
    ];
    for (const [args, message] of cases) {
      const r = cli('summary', ws, '--layer', 'incidents', ...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    }
    expect(cli('analyses', ws, '--json').stdout).toBe(before);
  });
});
