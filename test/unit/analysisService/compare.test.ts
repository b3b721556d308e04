import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { booleanPointInPolygon } from '@turf/turf';
import type { Point, Polygon } from 'geojson';
import { DEMO_SEED } from '../../../shared/demo/layers.ts';
import { SLRC_SPIKE } from '../../../shared/demo/facts.ts';
import { demoLayers } from '../../../electron/backend/demoWorkspace.ts';
import { weeksAroundSplit } from '../demo/weeklyRhythm.ts';
import { cli, tempDir } from './helpers.ts';

const SLRC_WITHIN = 'municipalities:nombre=San Luis Río Colorado';
const localDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Tijuana', year: 'numeric', month: '2-digit', day: '2-digit' });

// The seed case end to end: `frontera demo` then `frontera compare` as issue 17 writes it.
describe('frontera compare on the demo workspace', () => {
  const t = tempDir('frontera-compare-');
  const ws = path.join(t.dir, 'demo.frontera');
  beforeAll(() => {
    const r = cli(['demo', ws]);
    expect(r.code, r.stderr).toBe(0);
  });
  afterAll(() => t.cleanup());

  it('reproduces the public homicide figures of San Luis Río Colorado (13 → 6) and says the drop is not significant', () => {
    const r = cli([
      'compare', ws, '--layer', 'incidents', '--split', '2023-07-22', '--before-days', '8', '--after-days', '8',
      '--category', 'homicide', '--within', SLRC_WITHIN, '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.within).toBe(SLRC_WITHIN);
    expect(j.before).toEqual({ count: 13, days: 8, from: '2023-07-14', to: '2023-07-21' });
    expect(j.after).toEqual({ count: 6, days: 8, from: '2023-07-22', to: '2023-07-29' });
    // By hand: two-sided exact binomial test of 6 out of 19 at 1/2 = 2 · Σ_{k≤6} C(19,k) / 2^19
    // = 2 · (1 + 19 + 171 + 969 + 3876 + 11628 + 27132) / 524288 = 87592 / 524288 = 0.16707.
    expect(j.pValue).toBeCloseTo(87_592 / 524_288, 12);
    expect(j.significant).toBe(false);
    expect(j.percentChange).toBeCloseTo(-53.846, 2);
    expect(j.rateRatio).toBeCloseTo(6 / 13, 10);
    expect(j.rateRatioCI95[0]).toBeLessThan(j.rateRatio);
    expect(j.rateRatioCI95[1]).toBeGreaterThan(1);
    expect(typeof j.test).toBe('string');
    expect(j.sentence).toBe(
      'Homicides fell from 13 to 6 (−54 %); with counts this small the change is not statistically significant (exact test, p = 0.17).',
    );
  });

  it('gives the same counts with explicit ranges; region-wide the same days count every homicide, as a loop over the demo finds', () => {
    const ranges = cli([
      'compare', ws, '--layer', 'incidents', '--before', '2023-07-14..2023-07-21', '--after', '2023-07-22..2023-07-29',
      '--category', 'homicide', '--within', SLRC_WITHIN, '--json',
    ]);
    expect(ranges.code, ranges.stderr).toBe(0);
    const j = JSON.parse(ranges.stdout);
    expect([j.before.count, j.after.count]).toEqual([13, 6]);
    expect(j.within).toBe(SLRC_WITHIN);

    // Independently: the generated layers, local dates by Intl, the SLRC polygon by turf. A record
    // known only to a window (fecha … fecha_fin) is counted apart: whether a period counts it
    // (whole records, or by its start) is the compare's rule, not the demo's.
    const [incidents, , municipalities] = demoLayers(DEMO_SEED);
    const slrc = municipalities.features.find((f) => f.properties.nombre === SLRC_SPIKE.municipality)!.geometry as Polygon;
    const periods = [['2023-07-14', '2023-07-21'], ['2023-07-22', '2023-07-29']];
    const count = { region: [0, 0], windowsTouching: [0, 0], slrc: [0, 0] };
    for (const f of incidents.features) {
      if (f.category !== 'homicide') continue;
      const from = localDate.format(new Date(f.time as number));
      const to = (f.properties.fecha_fin as string | null) ?? from;
      const inSlrc = booleanPointInPolygon((f.geometry as Point).coordinates, slrc);
      periods.forEach(([a, b], k) => {
        if (to < a || from > b) return;
        if (inSlrc) count.slrc[k]++;
        if (f.timeEnd != null) count.windowsTouching[k]++;
        else count.region[k]++;
      });
    }
    expect(count.slrc).toEqual([13, 6]);
    const region = cli([
      'compare', ws, '--layer', 'incidents', '--split', '2023-07-22', '--before-days', '8', '--after-days', '8', '--category', 'homicide', '--json',
    ]);
    expect(region.code, region.stderr).toBe(0);
    const all = JSON.parse(region.stdout);
    [all.before.count, all.after.count].forEach((n: number, k) => {
      expect(n).toBeGreaterThanOrEqual(count.region[k]);
      expect(n).toBeLessThanOrEqual(count.region[k] + count.windowsTouching[k]);
    });
    console.info('homicides 14–21 / 22–29 July: San Luis Río Colorado', count.slrc, 'region', [all.before.count, all.after.count],
      'of which', count.region, 'without a window', 'region p', all.pValue);
  });

  it('tests whole records and puts the aoristic expected counts beside the test (--aoristic: on by default, the demo has windows)', () => {
    const args = ['compare', ws, '--layer', 'incidents', '--split', '2023-07-22', '--before-days', '8', '--after-days', '8', '--category', 'homicide', '--json'];
    const run = (...more: string[]) => {
      const r = cli([...args, ...more]);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout);
    };
    const byDefault = run();
    const asked = run('--aoristic');
    const off = run('--no-aoristic');
    // Independently, from the generated records: a window is [time, time_end) (time_end: the start
    // of the day after fecha_fin); July in Tijuana is UTC−7 throughout.
    const [incidents] = demoLayers(DEMO_SEED);
    const [b0, b1, b2] = ['2023-07-14', '2023-07-22', '2023-07-30'].map((d) => Date.parse(`${d}T00:00:00-07:00`));
    const whole = [0, 0];
    const atTime = [0, 0];
    const share = [0, 0];
    let straddling = 0;
    let partly = 0;
    for (const f of incidents.features) {
      if (f.category !== 'homicide') continue;
      const s = f.time as number;
      const k = s >= b0 && s < b1 ? 0 : s >= b1 && s < b2 ? 1 : -1;
      if (k >= 0) atTime[k]++;
      if (f.timeEnd == null) {
        if (k >= 0) {
          whole[k]++;
          share[k]++;
        }
        continue;
      }
      const e = f.timeEnd as number;
      const inBefore = Math.max(0, Math.min(e, b1) - Math.max(s, b0));
      const inAfter = Math.max(0, Math.min(e, b2) - Math.max(s, b1));
      share[0] += inBefore / (e - s);
      share[1] += inAfter / (e - s);
      if (s >= b0 && e <= b1) whole[0]++;
      else if (s >= b1 && e <= b2) whole[1]++;
      else if (inBefore > 0 && inAfter > 0) straddling++;
      else if (inBefore > 0 || inAfter > 0) partly++;
    }
    for (const [r, by] of [[byDefault, 'default'], [asked, 'asked']] as const) {
      expect([r.before.count, r.after.count]).toEqual(whole);
      expect(r.aoristic).toMatchObject({ on: true, by, straddling, partlyOutside: partly });
      expect(r.aoristic.before).toBeCloseTo(share[0], 9);
      expect(r.aoristic.after).toBeCloseTo(share[1], 9);
    }
    expect(straddling + partly).toBeGreaterThan(0);
    expect([off.before.count, off.after.count]).toEqual(atTime);
    expect(off.aoristic).toMatchObject({ on: false, by: 'asked' });
    const both = cli([...args, '--aoristic', '--no-aoristic']);
    expect(both.code).not.toBe(0);
    expect(both.stderr).toMatch(/either --aoristic or --no-aoristic/);
    console.info(`region homicides 14–21 / 22–29 July: whole records ${whole.join(' → ')}, at their time ${atTime.join(' → ')},`,
      `${straddling} straddling, ${partly} partly outside, aoristic ${share.map((v) => v.toFixed(2)).join(' → ')}`);
  });

  it('keeps the region\'s weekly homicide series (frontera timeline --bin week) in its usual range around the split', () => {
    const r = cli(['timeline', ws, '--layer', 'incidents', '--bin', 'week', '--category', 'homicide', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const bins = JSON.parse(r.stdout).timeline.bins as { start: number; total: number }[];
    // Each weekly bin's total as the homicides of its first local day (the rule counts by date).
    const byMonday = new Map(bins.map((b) => [localDate.format(new Date(b.start)), b.total]));
    const rule = weeksAroundSplit(byMonday, 2023, SLRC_SPIKE.before.from, SLRC_SPIKE.after.to);
    expect(rule.weeks.map((w) => w.monday)).toEqual(['2023-07-10', '2023-07-17', '2023-07-24']);
    for (const w of rule.weeks) {
      expect(w.count).toBeGreaterThanOrEqual(Math.max(w.lo, rule.p5));
      expect(w.count).toBeLessThanOrEqual(w.hi);
    }
    console.info('frontera timeline, weeks around the split', rule.weeks.map((w) => `${w.monday}: ${w.count}`).join(', '),
      `(level ${rule.weeks[0].level}, Poisson 99 % [${rule.weeks[0].lo}, ${rule.weeks[0].hi}], year's 5th percentile ${rule.p5})`);
  });

  it('refuses contradictory or impossible periods with exit code 1 and one clear line', () => {
    const both = cli(['compare', ws, '--layer', 'incidents', '--split', '2023-07-22', '--before', '2023-07-01..2023-07-02']);
    expect(both.code).toBe(1);
    expect(both.stderr).toMatch(/either --split .* or --before and --after/);
    const bad = cli(['compare', ws, '--layer', 'incidents', '--split', '2023-02-30']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/2023-02-30/);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    const cat = cli(['compare', ws, '--layer', 'incidents', '--split', '2023-07-22', '--category', 'homicidio']);
    expect(cat.code).toBe(1);
    expect(cat.stderr).toMatch(/no category "homicidio"/);
  });
});
