import { describe, expect, it } from 'vitest';
import {
  comparePeriods,
  compareZones,
  periodsFromRanges,
  periodsFromSplit,
  type PeriodCount,
} from '../../../shared/analysis/compare.ts';
import { categoryLabel } from '../../../shared/analysis/categoryLabels.ts';
import { UserError } from '../../../shared/errors.ts';
import { exactTwoSidedP, upperTailDouble } from '../stats/exact.ts';

const period = (count: number, days = 8, from = '', to = ''): PeriodCount => ({ count, days, from, to });

function allNumbersFinite(v: unknown): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(allNumbersFinite);
  if (v && typeof v === 'object') return Object.values(v).every(allNumbersFinite);
  return true;
}

describe('comparePeriods — the San Luis Río Colorado case', () => {
  // Single police command from 2023-07-22: homicides "from 13 to 6".
  const r = comparePeriods({
    before: period(13, 8, '2023-07-14', '2023-07-21'),
    after: period(6, 8, '2023-07-22', '2023-07-29'),
    label: 'homicide',
  });

  it('is not significant: exact p = 2·P(X ≤ 6 | 19, ½) = 0.1671', () => {
    expect(Math.abs((r.pValue as number) - 0.1671)).toBeLessThan(1e-4);
    expect(r.pValue).toBeCloseTo(exactTwoSidedP(6, 19, 1, 2), 13);
    expect(r.significant).toBe(false);
  });

  it('says so in one plain sentence', () => {
    expect(r.sentence).toBe(
      'Homicides fell from 13 to 6 (−54 %); with counts this small the change is not statistically significant (exact test, p = 0.17).',
    );
  });

  it('has exactly the contract keys, rate ratio 6/13 and an interval that holds 1', () => {
    expect(Object.keys(r).sort()).toEqual(
      ['after', 'before', 'pValue', 'percentChange', 'rateRatio', 'rateRatioCI95', 'sentence', 'significant', 'test'].sort(),
    );
    expect(r.before).toEqual({ count: 13, days: 8, from: '2023-07-14', to: '2023-07-21' });
    expect(r.rateRatio).toBeCloseTo(6 / 13, 14);
    expect(r.percentChange).toBeCloseTo((6 / 13 - 1) * 100, 12);
    const [lo, hi] = r.rateRatioCI95 as [number, number];
    expect(lo).toBeLessThan(1);
    expect(hi).toBeGreaterThan(1);
    // The bounds are Clopper–Pearson bounds of p = 6/19 carried to p/(1−p): check their defining
    // equations with a plain binomial sum.
    const pLo = lo / (1 + lo);
    const pHi = hi / (1 + hi);
    expect(upperTailDouble(6, 19, pLo)).toBeCloseTo(0.025, 10);
    expect(1 - upperTailDouble(7, 19, pHi)).toBeCloseTo(0.025, 10);
    expect(r.test).toMatch(/exact/);
  });
});

describe('from incident times to the sentence', () => {
  it('counts with the split periods put local-midnight edges on the right side', () => {
    const tz = 'America/Tijuana';
    const p = periodsFromSplit('2023-07-22', 8, 8, tz);
    // 13 homicides between 2023-07-14 00:00 and 07-21 23:59:59.999 local (PDT, −07:00), 6 from
    // 07-22 00:00 to 07-29 23:59:59.999; one more on each side just outside the 16 days.
    const before = [
      '2023-07-14T00:00:00-07:00', '2023-07-14T09:10:00-07:00', '2023-07-15T22:40:00-07:00',
      '2023-07-16T03:05:00-07:00', '2023-07-16T18:00:00-07:00', '2023-07-17T12:00:00-07:00',
      '2023-07-18T01:30:00-07:00', '2023-07-18T23:59:00-07:00', '2023-07-19T14:45:00-07:00',
      '2023-07-20T07:20:00-07:00', '2023-07-20T21:00:00-07:00', '2023-07-21T16:30:00-07:00',
      '2023-07-21T23:59:59.999-07:00',
    ];
    const after = [
      '2023-07-22T00:00:00-07:00', '2023-07-23T11:00:00-07:00', '2023-07-25T02:15:00-07:00',
      '2023-07-26T19:40:00-07:00', '2023-07-28T08:00:00-07:00', '2023-07-29T23:59:59.999-07:00',
    ];
    const outside = ['2023-07-13T23:59:59.999-07:00', '2023-07-30T00:00:00-07:00'];
    const times = [...before, ...after, ...outside].map(Date.parse);
    const count = (w: { start: number; end: number }) => times.filter((t) => t >= w.start && t < w.end).length;
    const r = comparePeriods({
      before: { count: count(p.before), days: p.before.days, from: p.before.from, to: p.before.to },
      after: { count: count(p.after), days: p.after.days, from: p.after.from, to: p.after.to },
      label: ['homicide'],
    });
    expect([r.before.count, r.after.count]).toEqual([13, 6]);
    expect(r.sentence).toBe(
      'Homicides fell from 13 to 6 (−54 %); with counts this small the change is not statistically significant (exact test, p = 0.17).',
    );
  });
});

describe('comparePeriods — independent reference values', () => {
  it("R's poisson.test(c(11, 6+8+7), c(800, 1083+1050+878)): p = 0.07967, CI 0.8584264 … 4.2772659, RR 1.971488", () => {
    // Example in R's ?poisson.test (eba1977, Fredericia vs the three other cities, ages 55-59);
    // R's first sample is our "after".
    const r = comparePeriods({ before: period(21, 3011), after: period(11, 800) });
    expect(r.pValue).toBeCloseTo(0.07967, 5);
    expect(r.rateRatio).toBeCloseTo(1.971488, 6);
    expect(r.rateRatioCI95[0]).toBeCloseTo(0.8584264, 6);
    expect(r.rateRatioCI95[1]).toBeCloseTo(4.2772659, 6);
    expect(r.pValue).toBeCloseTo(exactTwoSidedP(11, 32, 800, 3811), 12);
  });

  const unequal: [number, number, number, number][] = [
    [13, 30, 6, 8],
    [40, 90, 9, 31],
    [3, 7, 15, 28],
    [100, 365, 30, 61],
    [2, 10, 0, 5],
    [0, 10, 4, 5],
  ];
  for (const [a, ta, b, tb] of unequal) {
    it(`unequal exposure: ${a} in ${ta} days vs ${b} in ${tb} days`, () => {
      const r = comparePeriods({ before: period(a, ta), after: period(b, tb) });
      // Under H0, b | a+b ~ Binomial(a+b, tb/(ta+tb)): exact rational p-value.
      expect(r.pValue).toBeCloseTo(exactTwoSidedP(b, a + b, tb, ta + tb), 12);
      if (a > 0) {
        expect(r.rateRatio).toBeCloseTo(b / tb / (a / ta), 12);
        expect(r.percentChange).toBeCloseTo((b / tb / (a / ta) - 1) * 100, 10);
      }
      expect(r.significant).toBe((r.pValue as number) < 0.05);
      expect(allNumbersFinite(r)).toBe(true);
    });
  }

  it('a large drop is significant', () => {
    const r = comparePeriods({ before: period(60, 30), after: period(25, 30), label: 'armed_confrontation' });
    expect(r.pValue).toBeCloseTo(exactTwoSidedP(25, 85, 1, 2), 12);
    expect(r.significant).toBe(true);
    expect(r.sentence).toBe(
      'Armed confrontations fell from 60 to 25 (−58 %); the change is statistically significant (exact test, p < 0.001).',
    );
  });
});

describe('comparePeriods — zero counts', () => {
  it('0 vs 0: no p-value, not significant, says there were none; no NaN anywhere', () => {
    const r = comparePeriods({ before: period(0), after: period(0), label: 'homicide' });
    expect(r.pValue).toBeNull();
    expect(r.significant).toBe(false);
    expect(r.rateRatio).toBeNull();
    expect(r.percentChange).toBeNull();
    expect(r.rateRatioCI95).toEqual([null, null]);
    expect(r.sentence).toBe('There were no homicides in either period (8 days each).');
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
    expect(comparePeriods({ before: period(0, 8), after: period(0, 8) }).sentence).toBe(
      'There were no incidents in either period (8 days each).',
    );
  });

  it('0 before, 5 after: p = 2·(½)^5, the upper end of the interval is unbounded (null)', () => {
    const r = comparePeriods({ before: period(0), after: period(5) });
    expect(r.pValue).toBeCloseTo(2 * 0.5 ** 5, 14);
    expect(r.rateRatio).toBeNull();
    expect(r.percentChange).toBeNull();
    // x = n = 5: lower Clopper–Pearson bound 0.025^(1/5) in closed form.
    const pl = 0.025 ** (1 / 5);
    expect(r.rateRatioCI95[0]).toBeCloseTo(pl / (1 - pl), 10);
    expect(r.rateRatioCI95[1]).toBeNull();
    expect(r.sentence).toBe(
      'Incidents rose from 0 to 5; with counts this small the change is not statistically significant (exact test, p = 0.06).',
    );
    expect(allNumbersFinite(r)).toBe(true);
  });

  it('13 before, 0 after: p = 2·(½)^13, interval [0, (1−0.025^(1/13)) / 0.025^(1/13)]', () => {
    const r = comparePeriods({ before: period(13), after: period(0), label: 'seizure_fentanyl' });
    expect(r.pValue).toBeCloseTo(2 * 0.5 ** 13, 15);
    expect(r.rateRatio).toBe(0);
    expect(r.percentChange).toBe(-100);
    const pu = 1 - 0.025 ** (1 / 13);
    expect(r.rateRatioCI95[0]).toBe(0);
    expect(r.rateRatioCI95[1]).toBeCloseTo(pu / (1 - pu), 12);
    expect(r.sentence).toBe(
      'Fentanyl seizures fell from 13 to 0 (−100 %); the change is statistically significant (exact test, p < 0.001).',
    );
  });
});

describe('comparePeriods — sentences', () => {
  it('rose, did not change, unequal periods in rates per day, several categories', () => {
    expect(comparePeriods({ before: period(6), after: period(13), label: 'homicide' }).sentence).toBe(
      'Homicides rose from 6 to 13 (+117 %); with counts this small the change is not statistically significant (exact test, p = 0.17).',
    );
    expect(comparePeriods({ before: period(7), after: period(7), label: 'homicide' }).sentence).toBe(
      'Homicides did not change: 7 in each period (exact test, p = 1.00).',
    );
    expect(comparePeriods({ before: period(13, 30), after: period(6, 8), label: 'homicide' }).sentence).toBe(
      'Homicides rose from 0.43 to 0.75 a day (13 in 30 days, then 6 in 8 days; +73 %); with counts this small the change is not statistically significant (exact test, p = 0.26).',
    );
    expect(comparePeriods({ before: period(8, 16), after: period(4, 8) }).sentence).toBe(
      'Incidents did not change: 0.5 a day in both periods (8 in 16 days, then 4 in 8 days; exact test, p = 1.00).',
    );
    expect(
      comparePeriods({ before: period(100, 30), after: period(80, 30), label: ['homicide', 'armed_confrontation', 'seizure_fentanyl'] })
        .sentence,
    ).toBe(
      'Homicides, armed confrontations and fentanyl seizures fell from 100 to 80 (−20 %); the change is not statistically significant (exact test, p = 0.16).',
    );
  });

  it('category labels', () => {
    expect(categoryLabel('homicide')).toBe('Homicides');
    expect(categoryLabel('armed_confrontation')).toBe('Armed confrontations');
    expect(categoryLabel('seizure_fentanyl')).toBe('Fentanyl seizures');
    expect(categoryLabel('seizure_weapons')).toBe('Weapon seizures');
    expect(categoryLabel('robbery')).toBe('Robberies');
    expect(categoryLabel('Robos en SLRC')).toBe('Robos en SLRC');
  });

  it('bad counts and exposures are user errors', () => {
    expect(() => comparePeriods({ before: period(-1), after: period(3) })).toThrow(UserError);
    expect(() => comparePeriods({ before: period(2.5), after: period(3) })).toThrow(/whole number/);
    expect(() => comparePeriods({ before: period(2, 0), after: period(3) })).toThrow(/more than 0 days/);
    expect(() => comparePeriods({ before: period(2, NaN), after: period(3) })).toThrow(UserError);
  });
});

describe('periods', () => {
  it('split 2023-07-22 with 8/8 days in America/Tijuana: 2023-07-14..21 and 2023-07-22..29', () => {
    const p = periodsFromSplit('2023-07-22', 8, 8, 'America/Tijuana');
    expect(p.before).toEqual({
      start: Date.parse('2023-07-14T00:00:00-07:00'),
      end: Date.parse('2023-07-22T00:00:00-07:00'),
      from: '2023-07-14',
      to: '2023-07-21',
      days: 8,
    });
    expect(p.after).toEqual({
      start: Date.parse('2023-07-22T00:00:00-07:00'),
      end: Date.parse('2023-07-30T00:00:00-07:00'),
      from: '2023-07-22',
      to: '2023-07-29',
      days: 8,
    });
  });

  it('split across the spring DST change keeps whole local days', () => {
    const p = periodsFromSplit('2023-03-13', 2, 1, 'America/Tijuana');
    expect(p.before.start).toBe(Date.parse('2023-03-11T00:00:00-08:00'));
    expect(p.before.end).toBe(Date.parse('2023-03-13T00:00:00-07:00'));
    expect((p.before.end - p.before.start) / 3_600_000).toBe(47);
    expect(p.before.days).toBe(2);
  });

  it('ranges: inclusive local dates, or instants with a zone', () => {
    const p = periodsFromRanges('2023-03-01..2023-03-31', '2023-07-22..2023-08-21', 'America/Tijuana');
    expect(p.before).toMatchObject({
      start: Date.parse('2023-03-01T00:00:00-08:00'),
      end: Date.parse('2023-04-01T00:00:00-07:00'),
      days: 31,
    });
    expect(p.after.days).toBe(31);
    const q = periodsFromRanges(
      '2023-07-20T00:00:00Z..2023-07-21T12:00:00Z',
      '2023-07-22T06:00:00-07:00..2023-07-23T06:00:00-07:00',
      'America/Tijuana',
    );
    expect(q.before.days).toBe(1.5);
    expect(q.after).toMatchObject({ start: Date.parse('2023-07-22T13:00:00Z'), days: 1 });
  });

  it('bad periods are user errors naming the value', () => {
    expect(() => periodsFromSplit('2023-02-30', 8, 8, 'America/Tijuana')).toThrow(/calendar date/);
    expect(() => periodsFromSplit('22/07/2023', 8, 8, 'America/Tijuana')).toThrow(/22\/07\/2023/);
    expect(() => periodsFromSplit('2023-07-22', 0, 8, 'America/Tijuana')).toThrow(/days before/);
    expect(() => periodsFromRanges('2023-07-01', '2023-07-22..2023-07-29', 'America/Tijuana')).toThrow(/FROM\.\.TO/);
    expect(() => periodsFromRanges('2023-07-01..2023-07-25', '2023-07-22..2023-07-29', 'America/Tijuana')).toThrow(
      /overlap/,
    );
    expect(() => periodsFromRanges('2023-07-10..2023-07-01', '2023-07-22..2023-07-29', 'America/Tijuana')).toThrow(
      UserError,
    );
    expect(() => periodsFromSplit('2023-07-22', 8, 8, 'Nowhere/Here')).toThrow(/time zone/);
  });
});

describe('compareZones', () => {
  it('adds Benjamini–Hochberg q-values across the zones that have incidents', () => {
    const rows = compareZones(
      [
        { id: 'A', before: 13, after: 0 }, // p = 2·(½)^13
        { id: 'B', before: 0, after: 5 }, // p = 2·(½)^5 = 0.0625
        { id: 'C', before: 7, after: 7 }, // p = 1
        { id: 'D', before: 0, after: 0 }, // no test
      ],
      8,
      8,
      { label: 'homicide' },
    );
    // By hand, m = 3: q(A) = 3·2^-12, q(B) = min(0.0625·3/2, 1) = 0.09375, q(C) = 1.
    expect(rows.map((r) => r.id)).toEqual(['A', 'B', 'C', 'D']);
    expect(rows[0].qValue).toBeCloseTo(3 * 2 ** -12, 15);
    expect(rows[1].qValue).toBeCloseTo(0.09375, 14);
    expect(rows[2].qValue).toBeCloseTo(1, 14);
    expect(rows[3].qValue).toBeNull();
    expect(rows.map((r) => r.significant)).toEqual([true, false, false, false]);
    expect(rows[1].sentence).toContain('q = 0.09 after correcting for 3 zones');
    expect(rows[3].sentence).toBe('There were no homicides in either period (8 days each).');
  });

  it('the q-value never undercuts a smaller p (step-up monotone)', () => {
    const rows = compareZones(
      [
        { id: 1, before: 20, after: 8 },
        { id: 2, before: 20, after: 9 },
        { id: 3, before: 5, after: 12 },
        { id: 4, before: 30, after: 10 },
      ],
      30,
      30,
    );
    const sorted = [...rows].sort((a, b) => (a.pValue as number) - (b.pValue as number));
    for (let i = 1; i < sorted.length; i++) {
      expect(sorted[i].qValue as number).toBeGreaterThanOrEqual(sorted[i - 1].qValue as number);
      expect(sorted[i].qValue as number).toBeGreaterThanOrEqual(sorted[i].pValue as number);
    }
  });
});
