/**
 * Time windows and location precision on real event data: the UCDP GED events of Mexico (15,130
 * records, date_start/date_end, where_prec 1–7), imported as `frontera import --time-end
 * date_end --precision where_prec` does — the 9 MB file goes through the import worker — and
 * checked record by record against an independent reading of the CSV (test/support/
 * aoristic_reference.py: Python's csv and zoneinfo, local days in America/Tijuana); then exported
 * to every format that writes the mapped fields and read back by GDAL: time_end beside time, a
 * date-only end as its date, the precision as the source coded it. Then counted aoristically
 * (timeline per month and week, compare around a split) against the same script's weights.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FeatureCollection } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../../electron/backend/backend.ts';
import type { LayerInfo } from '../../../shared/api/contract.ts';
import { UCDP, gdal, ucdpCsv } from '../../support/gdalFiles.ts';

const REFERENCE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'support', 'aoristic_reference.py');

interface Reference {
  records: [string, number, number, string][];
  windowed: number;
  widest_ms: number;
  months: Record<string, number>;
  months_total: number;
  wider: { week: number; month: number };
  split: { before: number; after: number; straddling: number; partlyOutside: number; aoristicBefore: number; aoristicAfter: number };
}

// A split with windows across it (checked against the reference: 14 straddle it).
const SPLIT = '2012-06-15';
const SPLIT_DAYS = 91;

let dir: string;
let backend: Backend;
let layer: LayerInfo;
let ref: Reference;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-ucdp-windows-'));
  backend = openBackend(path.join(dir, 'w.frontera'), { create: true });
  const [summary] = await backend['import.run'](
    { paths: [UCDP], options: { layer: 'ucdp', mapping: { time: ['date_start'], timeEnd: 'date_end', precision: 'where_prec' } } },
    { actor: 'test' },
  );
  layer = backend.workspace.getLayer(summary.layerId);
  const r = spawnSync('/usr/bin/python3', [REFERENCE, UCDP, 'id', 'date_start', 'date_end', 'where_prec', 'America/Tijuana', '--split', SPLIT, '--days', String(SPLIT_DAYS)], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(r.stderr);
  ref = JSON.parse(r.stdout) as Reference;
}, 120_000);

afterAll(() => {
  backend?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('UCDP GED time windows and precision', () => {
  it('stores every window and precision as the independent reading of the CSV gives them, and counts the windows', () => {
    expect(layer.featureCount).toBe(15_130);
    expect(layer.mapping).toMatchObject({ time: ['date_start'], timeEnd: 'date_end', precision: 'where_prec' });
    const got = [...backend.workspace.iterateFeatures(layer.id)].map((f) => [String(f.properties.id), f.time, f.timeEnd, f.precision]);
    expect(got).toEqual(ref.records);
    expect(ref.windowed).toBe(1_874);
    expect(layer.timeWindows).toEqual({ count: ref.windowed, widestMs: ref.widest_ms });
    const points = backend.workspace.readPoints(layer.id);
    expect(Array.from(points.timeEnd!)).toEqual(ref.records.map((r) => r[2]));
    expect(points.precisions!.slice().sort()).toEqual(['1', '2', '3', '4', '5', '6']);
  });

  it('exports time_end beside time and the precision, which GDAL reads back in every format that writes them', async () => {
    const byId = new Map(ref.records.map((r) => [r[0], r]));
    // 2008–2012 (the years with most windows), a few columns: GDAL's own CSV of them.
    const subset = ucdpCsv(path.join(dir, 'ucdp_2008_2012.csv'), 'id, latitude, longitude, date_start, date_end, where_prec', "year IN ('2008', '2009', '2010', '2011', '2012')");
    const [imported] = await backend['import.run'](
      { paths: [subset], options: { mapping: { time: ['date_start'], timeEnd: 'date_end', precision: 'where_prec' } } },
      { actor: 'test' },
    );
    // The source's own dates: a date-only end is written as its date again.
    const source = new Map<string, { start: string; end: string }>();
    for (const line of fs.readFileSync(subset, 'utf8').trim().split('\n').slice(1)) {
      const [id, , , start, end] = line.split(',').map((c) => c.replace(/^"|"$/g, ''));
      source.set(id, { start, end });
    }
    expect([...source.values()].filter((d) => d.end > d.start).length).toBe(277);
    for (const ext of ['csv', 'geojson', 'gpkg', 'shp', 'kml']) {
      const out = path.join(dir, `ucdp.${ext}`);
      await backend['export.layer']({ layerId: imported.layerId, out }, { actor: 'test' });
      const fc = JSON.parse(
        gdal('ogr2ogr', '-f', 'GeoJSON', '/vsistdout/', out, ...(ext === 'csv' ? ['-oo', 'X_POSSIBLE_NAMES=lon', '-oo', 'Y_POSSIBLE_NAMES=lat'] : [])),
      ) as FeatureCollection;
      expect(fc.features.length, ext).toBe(source.size);
      const first = fc.features[0].properties!;
      const keys = Object.keys(first);
      expect(keys.indexOf('time_end'), ext).toBe(keys.indexOf('time') + 1);
      for (const f of fc.features) {
        const p = f.properties!;
        const id = String(p.id);
        const want = source.get(id)!;
        // GDAL types a shapefile's or GeoPackage's all-date column as a date: the text is the same.
        expect([String(p.time).slice(0, 10), String(p.time_end).replace(/\//g, '-')], `${ext} ${id}`).toEqual([want.start, want.end]);
        expect(String(p.precision), `${ext} ${id}`).toBe(byId.get(id)![3]);
      }
    }
  }, 120_000);

  it('spreads each record over its window: the months\' weights, the records wider than a week or a month, as the reference computes them', async () => {
    const months = await backend['analysis.timeline']({ layer: layer.id, bin: 'month' });
    // On by default: the layer has windows.
    expect(months.aoristic).toMatchObject({ on: true, by: 'default', windowed: ref.windowed });
    const got: Record<string, number> = {};
    for (const b of months.timeline.bins) if (b.total) got[b.label] = b.total;
    expect(Object.keys(got)).toEqual(Object.keys(ref.months));
    for (const [month, w] of Object.entries(ref.months)) expect(Math.abs(got[month] - w), month).toBeLessThan(1e-9);
    const total = months.timeline.bins.reduce((a, b) => a + b.total, 0);
    expect(Math.abs(total - layer.featureCount)).toBeLessThan(1e-9);
    expect(ref.months_total).toBe(layer.featureCount);
    const hours = months.dayHour.counts.flat().reduce((a, b) => a + b, 0);
    expect(Math.abs(hours - layer.featureCount)).toBeLessThan(1e-9);
    expect(months.timeline.wider!.count).toBe(ref.wider.month);
    const weeks = await backend['analysis.timeline']({ layer: layer.id, bin: 'week' });
    expect(weeks.timeline.wider!.count).toBe(ref.wider.week);
    // Each record at its date instead: whole counts by the start.
    const plain = await backend['analysis.timeline']({ layer: layer.id, bin: 'month', aoristic: false });
    expect(plain.aoristic).toMatchObject({ on: false, by: 'asked' });
    expect(plain.timeline.bins.every((b) => Number.isInteger(b.total))).toBe(true);
    console.info(
      `UCDP GED: ${ref.windowed} windows; wider than their month ${ref.wider.month}, than a week ${ref.wider.week};`,
      `Jan 2010 aoristic ${got['2010-01'].toFixed(3)} (by start ${plain.timeline.bins.find((b) => b.label === '2010-01')!.total})`,
    );
  }, 60_000);

  it('compares whole records around a split and puts the aoristic expected counts beside the test', async () => {
    const r = await backend['analysis.compare']({ layer: layer.id, split: SPLIT, beforeDays: SPLIT_DAYS, afterDays: SPLIT_DAYS });
    expect([r.before.count, r.after.count]).toEqual([ref.split.before, ref.split.after]);
    const a = r.aoristic!;
    expect(a.on).toBe(true);
    if (!a.on) return;
    expect([a.straddling, a.partlyOutside]).toEqual([ref.split.straddling, ref.split.partlyOutside]);
    expect(ref.split.straddling).toBeGreaterThan(0);
    expect(Math.abs(a.before - ref.split.aoristicBefore)).toBeLessThan(1e-9);
    expect(Math.abs(a.after - ref.split.aoristicAfter)).toBeLessThan(1e-9);
    console.info(`UCDP GED, split ${SPLIT} ±${SPLIT_DAYS} days: whole records ${r.before.count} → ${r.after.count}, straddling ${a.straddling},`,
      `partly outside ${a.partlyOutside}, aoristic ${a.before.toFixed(4)} → ${a.after.toFixed(4)}; ${a.widerSentence}`);
  }, 60_000);
});
