/**
 * `--where EXPR` on the commands that take the selection flags: analyze, summary, timeline and compare
 * keep the records GDAL counts with the same condition in a GeoPackage export of the demo's
 * incidents (ogrinfo -sql … WHERE); the run's provenance states the filter; a malformed filter is
 * refused with the column of the error, an unknown field naming it, and nothing is stored.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gdal } from '../support/gdalFiles.ts';
import { RESOURCES } from '../../shared/i18n/translator.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(repoRoot, 'bin', 'frontera.js');

let dir: string;
let ws: string;
let gpkg: string;

function cli(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** GDAL's count of the exported incidents where `where` (OGR SQL) holds. */
function gdalCount(where: string): number {
  const out = gdal('ogrinfo', '-ro', '-q', gpkg, '-sql', `SELECT COUNT(*) AS n FROM incidents WHERE ${where}`);
  return Number(/n \(Integer(?:64)?\) = (\d+)/.exec(out)![1]);
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-where-cli-'));
  ws = path.join(dir, 'demo.frontera');
  gpkg = path.join(dir, 'incidents.gpkg');
  expect(cli('demo', ws).code).toBe(0);
  const exported = cli('export', ws, 'incidents', '--out', gpkg);
  expect(exported.stderr).toBe('');
  expect(exported.code).toBe(0);
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('--where', () => {
  it('analyze: the run keeps the records GDAL counts and states the filter', () => {
    // The demo's municipalities are Mexicali and San Luis Río Colorado: "rio" (accents aside) finds the second.
    const expected = gdalCount("municipio = 'San Luis Río Colorado' AND tipo = 'Homicidio doloso'");
    expect(expected).toBeGreaterThan(100);
    const r = cli('analyze', 'dbscan', ws, '--layer', 'incidents', '--eps', '500', '--min-points', '8', '--where', "municipio contains rio and tipo = 'Homicidio doloso'", '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const run = JSON.parse(r.stdout) as { params: { selection: { where: string; count: number } }; summary: { incidents: number } };
    expect(run.params.selection.where).toBe('municipio contains "rio" and tipo = "Homicidio doloso"');
    expect(run.params.selection.count).toBe(expected);
    expect(run.summary.incidents).toBe(expected);
  });

  it('summary and timeline: numbers, dates and lists as GDAL compares them', () => {
    const cases: [string, string][] = [
      ['cantidad >= 10 and unidad = "kg"', "cantidad >= 10 AND unidad = 'kg'"],
      ['fecha >= "2023-07-01" and fecha < "2023-08-01" and tipo in ("Homicidio doloso", "Enfrentamiento armado")', "fecha >= '2023-07-01' AND fecha < '2023-08-01' AND tipo IN ('Homicidio doloso', 'Enfrentamiento armado')"],
      ['fecha_fin is not empty or precision_ubicacion > 1', 'fecha_fin IS NOT NULL OR precision_ubicacion > 1'],
    ];
    for (const [where, sql] of cases) {
      const expected = gdalCount(sql);
      expect(expected, sql).toBeGreaterThan(20);
      expect(expected, sql).toBeLessThan(5512);
      const s = cli('summary', ws, '--layer', 'incidents', '--where', where, '--json');
      expect(s.stderr).toBe('');
      expect((JSON.parse(s.stdout) as { count: number }).count, where).toBe(expected);
      const t = cli('timeline', ws, '--layer', 'incidents', '--where', where, '--no-aoristic', '--json');
      expect(t.stderr).toBe('');
      expect((JSON.parse(t.stdout) as { total: number }).total, where).toBe(expected);
    }
  });

  it('compare: both periods count the records GDAL counts, and the result states the filter', () => {
    const slrc = "municipio = 'San Luis Río Colorado' AND categoria = 'homicide'";
    const before = gdalCount(`${slrc} AND fecha >= '2023-07-14' AND fecha < '2023-07-22'`);
    const after = gdalCount(`${slrc} AND fecha >= '2023-07-22' AND fecha < '2023-07-30'`);
    expect(before + after).toBeGreaterThan(10);
    const r = cli('compare', ws, '--layer', 'incidents', '--split', '2023-07-22', '--before-days', '8', '--after-days', '8', '--where', 'municipio contains rio and categoria = homicide', '--no-aoristic', '--json');
    expect(r.stderr).toBe('');
    const c = JSON.parse(r.stdout) as { where: string; before: { count: number }; after: { count: number } };
    expect(c.where).toBe('municipio contains "rio" and categoria = "homicide"');
    expect([c.before.count, c.after.count]).toEqual([before, after]);
  });

  it('refuses a malformed filter at its column, an unknown field or a wrong value naming them, and stores nothing', () => {
    const before = JSON.parse(cli('analyses', ws, '--json').stdout) as unknown[];
    const syntax = cli('analyze', 'nni', ws, '--layer', 'incidents', '--where', 'tipo = "Homicidio doloso" and');
    expect(syntax.code).not.toBe(0);
    expect(syntax.stderr).toContain('--where "tipo = \\"Homicidio doloso\\" and": column 30: expected a field name, found the end');
    const field = cli('analyze', 'nni', ws, '--layer', 'incidents', '--where', 'Tipo = x');
    expect(field.code).toBe(1);
    expect(field.stderr).toContain('Filter: layer "incidents" has no field "Tipo" (did you mean "tipo"?)');
    const value = cli('summary', ws, '--layer', 'incidents', '--where', 'fecha > "14/07/2023"');
    expect(value.code).toBe(1);
    expect(value.stderr).toContain('Filter: field "fecha" holds dates; "14/07/2023" is not a date (YYYY-MM-DD)');
    expect(JSON.parse(cli('analyses', ws, '--json').stdout)).toEqual(before);
  });
  it('--lang es: the same refusals in Spanish (issue 18), the filter text and the flag as written', () => {
    const es = RESOURCES.es.analysis.filter;
    const fill = (template: string, values: Record<string, string | number>) => template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(values[k]));
    const before = JSON.parse(cli('analyses', ws, '--json').stdout) as unknown[];
    const syntax = cli('analyze', 'nni', ws, '--layer', 'incidents', '--where', 'tipo = "Homicidio doloso" and', '--lang', 'es');
    expect(syntax.code).toBe(1);
    const reason = fill(es.expectedField, { found: es.theEnd });
    expect(syntax.stderr).toContain(`--where "tipo = \\"Homicidio doloso\\" and": ${fill(es.syntax, { column: 30, reason })}`);
    const field = cli('analyze', 'nni', ws, '--layer', 'incidents', '--where', 'Tipo = x', '--lang', 'es');
    expect(field.code).toBe(1);
    expect(field.stderr).toContain(fill(es.noFieldNear, { layer: 'incidents', field: 'Tipo', near: 'tipo' }));
    const value = cli('summary', ws, '--layer', 'incidents', '--where', 'fecha > "14/07/2023"', '--lang', 'es');
    expect(value.code).toBe(1);
    expect(value.stderr).toContain(fill(es.notKind, { field: 'fecha', kind: es.kinds.date, value: '"14/07/2023"', need: es.need.date }));
    expect(JSON.parse(cli('analyses', ws, '--json').stdout)).toEqual(before);
  });
});
