/**
 * The attribute filter on real event data (UCDP GED, 15,130 events): the same records reach a
 * DBSCAN run, the summary, the timeline, the attribute table's count and pages and the map's
 * view bins, and their number equals an independent count of the CSV by Python's csv module
 * (accents folded with unicodedata). An unknown field or a value of the wrong type is refused
 * and leaves the workspace as it was.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../../electron/backend/backend.ts';
import { UCDP } from '../../support/gdalFiles.ts';

/** Python's count of the CSV rows for which `predicate` (a Python expression over r, fold, num) holds. */
function pythonCount(predicate: string): number {
  const script = [
    'import csv, sys, unicodedata',
    "fold = lambda s: ''.join(c for c in unicodedata.normalize('NFD', s) if not unicodedata.combining(c)).lower()",
    "num = lambda s: float(s) if s.strip() else None",
    "rows = csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8'))",
    `print(sum(1 for r in rows if (${predicate})))`,
  ].join('\n');
  return Number(execFileSync('/usr/bin/python3', ['-c', script, UCDP], { encoding: 'utf8' }).trim());
}

const CASES: { where: string; text: string; python: string }[] = [
  {
    // Accents and case aside: "michoacan" finds "Michoacán state".
    where: "adm_1 contains 'michoacan' and best >= 5",
    text: 'adm_1 contains "michoacan" and best >= 5',
    python: "'michoacan' in fold(r['adm_1']) and num(r['best']) is not None and num(r['best']) >= 5",
  },
  {
    where: 'date_start >= "2020-01-01" and (adm_1 starts with "CHIHUAHUA" or adm_1 = "Guanajuato state") and adm_2 is not empty',
    text: 'date_start >= "2020-01-01" and (adm_1 starts with "CHIHUAHUA" or adm_1 = "Guanajuato state") and adm_2 is not empty',
    python: "r['date_start'][:10] >= '2020-01-01' and (fold(r['adm_1']).startswith('chihuahua') or r['adm_1'] == 'Guanajuato state') and r['adm_2'].strip() != ''",
  },
  {
    where: 'where_prec in (1, 2) and deaths_civilians > 0',
    text: 'where_prec in (1, 2) and deaths_civilians > 0',
    python: "r['where_prec'] in ('1', '2') and float(r['deaths_civilians']) > 0",
  },
];

let dir: string;
let backend: Backend;
let layerId: number;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-where-'));
  backend = openBackend(path.join(dir, 'w.frontera'), { create: true });
  const [s] = await backend['import.run']({
    paths: [UCDP],
    options: { layer: 'ucdp', mapping: { time: ['date_start'], category: 'type_of_violence', precision: 'where_prec' } },
  });
  layerId = s.layerId;
}, 180_000);

afterAll(() => {
  backend?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('an attribute filter on UCDP GED', () => {
  it.each(CASES)('$where: every reader keeps the records Python counts', async ({ where, text, python }) => {
    const expected = pythonCount(python);
    // Not vacuous: a part of the layer, not none and not all.
    expect(expected).toBeGreaterThan(50);
    expect(expected).toBeLessThan(15_130 / 2);

    const run = await backend['analysis.run']({ kind: 'dbscan', layer: 'ucdp', eps: 5000, minPoints: 10, selection: { where } });
    const sel = run.params.selection as { count: number; where: string };
    expect(sel.where).toBe(text);
    expect(sel.count).toBe(expected);
    expect(run.summary.incidents).toBe(expected);

    expect((await backend['layers.count']({ layerId, where })).count).toBe(expected);
    const page = await backend['layers.features']({ layerId, where, limit: 200, offset: expected - 5 });
    expect(page.features).toHaveLength(5);
    const summary = await backend['layers.summary']({ layer: 'ucdp', selection: { where } });
    expect(summary.count).toBe(expected);
    const timeline = await backend['analysis.timeline']({ layer: 'ucdp', selection: { where }, bin: 'month', aoristic: false });
    expect(timeline.total).toBe(expected);
    const bins = await backend['layers.bins']({ layerId, where, bbox: [-118, 14, -86, 33], zoom: 4 });
    expect(bins.total).toBe(expected);
  });

  it('refuses an unknown field or a value of the wrong type, naming them, and stores nothing', async () => {
    const before = backend.workspace.contentHash();
    await expect(backend['analysis.run']({ kind: 'nni', layer: 'ucdp', selection: { where: 'adm1 = "Sinaloa state"' } })).rejects.toThrow(
      /^Filter: layer "ucdp" has no field "adm1" \(its fields: id, relid, year/,
    );
    await expect(backend['layers.count']({ layerId, where: 'best >= "many"' })).rejects.toThrow(
      'Filter: field "best" holds numbers; "many" is not a number',
    );
    await expect(backend['layers.bins']({ layerId, where: 'best >=', bbox: [-118, 14, -86, 33], zoom: 4 })).rejects.toThrow(
      'Filter best >=: column 8: expected a value (text in quotes, a number, true or false), found the end',
    );
    expect(backend.workspace.contentHash()).toBe(before);
  });
});
