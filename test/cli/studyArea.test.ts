/**
 * `--study-area` on the command line (issue 17): which methods take it, what the result says of
 * the area in words and with --json, NNI's `--area` read as before, and bad values refused with
 * the flag named and exit 1, the workspace left as it was. The area of a municipality is checked
 * against GDAL's (ogr2ogr reprojects the layer as `frontera export` writes it to the run's UTM
 * zone; SpatiaLite's ST_Area).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { gdal } from '../support/gdalFiles.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(repoRoot, 'bin', 'frontera.js');
const SLRC = 'municipalities:nombre=San Luis Río Colorado';

let dir: string;
let ws: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-study-area-cli-'));
  ws = path.join(dir, 'demo.frontera');
  expect(cli('demo', ws).code).toBe(0);
}, 240_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function json(...args: string[]): { id: number; params: Record<string, unknown>; summary: Record<string, unknown>; warnings: string[] } {
  const r = cli(...args, '--json');
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

const analyses = () => (JSON.parse(cli('analyses', ws, '--json').stdout) as unknown[]).length;

it('says which study area and its km², in words and in --json, for every method that takes one', () => {
  const human = cli('analyze', 'gistar', ws, '--layer', 'incidents', '--cell-size', '2000');
  expect(human.code, human.stderr).toBe(0);
  expect(human.stdout).toMatch(/^ {2}studyArea: +land in Mexico \(basemap\) within the incidents' bounding box and one cell around it$/m);
  expect(human.stdout).toMatch(/^ {2}studyAreaKm2: +1\d,\d{3}(\.\d+)?$/m);
  expect(human.stdout).toMatch(/^ {2}cellsOutsideStudyArea: +[\d,]+$/m);
  for (const args of [['kde'], ['nni'], ['emerging', '--cell-size', '2000', '--step', 'month']]) {
    const r = json('analyze', args[0], ws, '--layer', 'incidents', ...args.slice(1));
    expect(r.summary.studyArea, args[0]).toMatch(/^land in Mexico \(basemap\) within the (incidents' bounding box|density grid)/);
    expect(typeof r.summary.studyAreaKm2).toBe('number');
    expect(r.params.studyArea).toBe(r.summary.studyArea);
  }
  const extent = json('analyze', 'gistar', ws, '--layer', 'incidents', '--cell-size', '2000', '--study-area', 'extent');
  expect(extent.summary.studyArea).toBe("the incidents' bounding box and one cell around it");
}, 240_000);

it("takes a municipality: its km² as GDAL measures it, and NNI's --area reads as --study-area", () => {
  const gi = json('analyze', 'gistar', ws, '--layer', 'incidents', '--cell-size', '1000', '--study-area', SLRC);
  expect(gi.summary.studyArea).toBe(SLRC);
  const epsg = String(gi.params.projection).replace('EPSG:', '');
  const file = path.join(dir, 'municipalities.geojson');
  expect(cli('export', ws, 'municipalities', '--out', file).code).toBe(0);
  const utm = path.join(dir, 'municipalities.gpkg');
  gdal('ogr2ogr', '-f', 'GPKG', '-t_srs', `EPSG:${epsg}`, '-nln', 'm', utm, file);
  const km2 =
    Number(gdal('ogr2ogr', '-f', 'CSV', '/vsistdout/', utm, '-dialect', 'SQLite', '-sql', "SELECT ST_Area(geom) AS a FROM m WHERE nombre = 'San Luis Río Colorado'").trim().split('\n')[1].replace(/"/g, '')) / 1e6;
  expect(Math.abs((gi.summary.studyAreaKm2 as number) - km2) / km2).toBeLessThan(1e-9);
  // Incidents elsewhere (Mexicali) are in no cell of this area: counted, said, left out.
  expect(gi.summary.incidentsOutsideStudyArea as number).toBeGreaterThan(0);
  expect(gi.warnings.some((w) => /lie outside the study area, in cells outside it: they are not counted/.test(w))).toBe(true);
  const byArea = json('analyze', 'nni', ws, '--layer', 'incidents', '--area', SLRC);
  const byStudyArea = json('analyze', 'nni', ws, '--layer', 'incidents', '--study-area', SLRC);
  expect(byArea.summary.areaKm2).toBe(byStudyArea.summary.areaKm2);
  expect(byArea.summary.ratio).toBe(byStudyArea.summary.ratio);
  expect(Math.abs((byArea.summary.areaKm2 as number) - km2) / km2).toBeLessThan(1e-9);
}, 240_000);

it('refuses what it cannot use, naming --study-area, with exit 1 and nothing stored', () => {
  const before = analyses();
  const cases: [string[], RegExp][] = [
    [['analyze', 'dbscan', ws, '--layer', 'incidents', '--eps', '500', '--min-points', '5', '--study-area', 'municipalities'], /--study-area does not apply to dbscan/],
    [['analyze', 'gistar', ws, '--layer', 'incidents', '--study-area', 'roads'], /--study-area roads: layer "roads" holds LineString features, not polygons/],
    [['analyze', 'kde', ws, '--layer', 'incidents', '--study-area', 'nowhere'], /no layer "nowhere"/],
    [['analyze', 'gistar', ws, '--layer', 'incidents', '--study-area', 'municipalities:nombre=Atlantis'], /--study-area municipalities:nombre=Atlantis: no polygon matches/],
    [['analyze', 'nni', ws, '--layer', 'incidents', '--study-area', 'municipalities', '--area', 'municipalities'], /give --study-area or --area \(its earlier name\), not both/],
  ];
  for (const [args, message] of cases) {
    const r = cli(...args);
    expect(r.code, args.join(' ')).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  }
  expect(analyses()).toBe(before);
  expect(cli('analyze', '--help').stdout).toMatch(/--study-area A +where incidents could happen/);
}, 240_000);
