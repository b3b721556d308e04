import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { cli, tempDir } from './helpers.ts';

// The seed case end to end: `frontera demo` then `frontera compare` as the issue writes it.
describe('frontera compare on the demo workspace', () => {
  const t = tempDir('frontera-compare-');
  const ws = path.join(t.dir, 'demo.frontera');
  beforeAll(() => {
    const r = cli(['demo', ws]);
    expect(r.code, r.stderr).toBe(0);
  });
  afterAll(() => t.cleanup());

  it('reproduces the public homicide figures (13 → 6) and says the drop is not significant', () => {
    const r = cli([
      'compare', ws, '--layer', 'incidents', '--split', '2023-07-22', '--before-days', '8', '--after-days', '8',
      '--category', 'homicide', '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.before).toEqual({ count: 13, days: 8, from: '2023-07-14', to: '2023-07-21' });
    expect(j.after).toEqual({ count: 6, days: 8, from: '2023-07-22', to: '2023-07-29' });
    expect(Math.abs(j.pValue - 0.1671)).toBeLessThan(1e-4);
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

  it('gives the same counts with explicit ranges, and restricted to San Luis Río Colorado', () => {
    const ranges = cli([
      'compare', ws, '--layer', 'incidents', '--before', '2023-07-14..2023-07-21', '--after', '2023-07-22..2023-07-29',
      '--category', 'homicide', '--within', 'municipalities:nombre=San Luis Río Colorado', '--json',
    ]);
    expect(ranges.code, ranges.stderr).toBe(0);
    const j = JSON.parse(ranges.stdout);
    expect([j.before.count, j.after.count]).toEqual([13, 6]);
    expect(j.within).toBe('municipalities:nombre=San Luis Río Colorado');
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
