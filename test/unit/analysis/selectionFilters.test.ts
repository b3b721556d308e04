/**
 * The selection's precision and stacked-point filters on real event data (UCDP GED, where_prec
 * 1 exact … 7 country): what every analysis keeps and leaves out, against counts of the CSV made
 * by Python's csv module; the stacked-point warning every run carries; bad input refused in the
 * words of the interface.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../../electron/backend/backend.ts';
import { UCDP } from '../../support/gdalFiles.ts';

/** where_prec of every record, counted by Python. */
function precisionCounts(): Record<string, number> {
  const script = [
    'import csv, json, sys, collections',
    "rows = csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8'))",
    "print(json.dumps(collections.Counter(r['where_prec'] for r in rows)))",
  ].join('\n');
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, UCDP], { encoding: 'utf8' })) as Record<string, number>;
}

let dir: string;
let backend: Backend;
let counts: Record<string, number>;
const total = () => Object.values(counts).reduce((a, b) => a + b, 0);
const above = (n: number) => Object.entries(counts).reduce((a, [k, v]) => a + (Number(k) > n ? v : 0), 0);

beforeAll(async () => {
  counts = precisionCounts();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-filters-'));
  backend = openBackend(path.join(dir, 'w.frontera'), { create: true });
  await backend['import.run']({
    paths: [UCDP],
    options: { layer: 'ucdp', mapping: { time: ['date_start'], category: 'type_of_violence', precision: 'where_prec' } },
  });
  const plain = path.join(dir, 'plain.csv');
  fs.writeFileSync(plain, ['lat,lon', ...Array.from({ length: 20 }, (_, i) => `${32 + i / 100},${-115 + i / 100}`)].join('\n'));
  await backend['import.run']({ paths: [plain], options: { layer: 'plain' } });
}, 180_000);

afterAll(() => {
  backend?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('--precision-max', () => {
  it.each([1, 2, 3])('keeps the records coded ≤ %i and says how many it left out, code by code', async (n) => {
    const run = await backend['analysis.run']({ kind: 'nni', layer: 'ucdp', selection: { precisionMax: n } });
    const sel = run.params.selection as { count: number; precisionMax: number; leftOut: Record<string, number> };
    expect(sel.precisionMax).toBe(n);
    expect(sel.leftOut).toEqual({ precision: above(n), noPrecision: 0 });
    expect(sel.count).toBe(total() - above(n));
    expect(run.summary.incidents ?? run.summary.n).toBe(total() - above(n));
    const coded = Object.entries(counts)
      .filter(([k]) => Number(k) > n)
      .sort((a, b) => Number(a[0]) - Number(b[0]))
      .map(([k, v]) => `${v.toLocaleString('en-US')} coded ${k}`)
      .join(', ');
    expect(run.warnings).toContain(
      `--precision-max ${n} (Precision ≤ ${n}) left out ${above(n).toLocaleString('en-US')} records: ${above(n).toLocaleString('en-US')} with a precision code above ${n} (${coded})`,
    );
  });

  it('refuses a layer without a precision field, naming the flag, the layer and how to map one', async () => {
    await expect(backend['analysis.run']({ kind: 'nni', layer: 'plain', selection: { precisionMax: 2 } })).rejects.toThrow(
      '--precision-max 2: layer "plain" has no location-precision field mapped (import it with --precision COL)',
    );
  });
});

describe('stacked points in every analysis', () => {
  it('warns of them, largest first with its town, and --exclude-stacked leaves out exactly their records', async () => {
    const plain = await backend['analysis.run']({ kind: 'dbscan', layer: 'ucdp', eps: 5000, minPoints: 20 });
    expect(plain.warnings[0]).toMatch(
      /^27 stacked points hold 7,766 of the 15,130 incidents \(51 %\): 2,023 records \(13 %\) share one point 3\.3 km from Juárez \(Chihuahua\)'s centre: likely geocoded to the town; /,
    );
    const without = await backend['analysis.run']({ kind: 'dbscan', layer: 'ucdp', eps: 5000, minPoints: 20, selection: { excludeStacked: true } });
    const sel = without.params.selection as { count: number; excludeStacked: boolean; leftOut: Record<string, number> };
    expect(sel.excludeStacked).toBe(true);
    expect(sel.leftOut).toEqual({ stacked: 7766, stackedPoints: 27 });
    expect(sel.count).toBe(15_130 - 7766);
    expect(without.summary.incidents).toBe(7364);
    expect(without.warnings[0]).toMatch(/^7,766 records on 27 stacked points left out \(--exclude-stacked, Exclude stacked points\), the largest: 2,023 records/);
    // No cluster of the rest holds a town-centre stack: the largest is far below Juárez's 2,023.
    expect((without.summary.top as { count: number }[])[0].count).toBeLessThan(200);
  });

  it('finds the stacks of the selection after the precision filter: where_prec 1 keeps the town geocodes', async () => {
    const run = await backend['analysis.run']({ kind: 'nni', layer: 'ucdp', selection: { precisionMax: 1, excludeStacked: true } });
    const sel = run.params.selection as { count: number; leftOut: Record<string, number> };
    expect(sel.leftOut.precision).toBe(above(1));
    expect(sel.leftOut.stacked! + sel.count).toBe(counts['1']);
    // Ciudad Juárez's town geocode is coded 1 (2,003 records) and 2 (20).
    expect(run.warnings[1]).toMatch(/the largest: 2,003 records \(20 %\) share one point 3\.3 km from Juárez/);
  });
});
