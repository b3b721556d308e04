import { describe, expect, it } from 'vitest';
import { fmt } from '../../../shared/analysis/asciiGrid.ts';
import { mulberry32 } from '../../bench/peers/synthPoints.ts';

// What .asc cells held before the fast path: 7 significant digits, shortest form.
const reference = (v: number) => (!Number.isFinite(v) ? '-9999' : v === 0 ? '0' : String(Number(v.toPrecision(7))));

describe('.asc cell values', () => {
  it('are written exactly as String(Number(v.toPrecision(7))) over 30 orders of magnitude', () => {
    const rnd = mulberry32(4242);
    const differ: [number, string, string][] = [];
    for (let i = 0; i < 300_000; i++) {
      let v = rnd() * 10 ** (Math.floor(rnd() * 60) - 30) * (rnd() < 0.1 ? -1 : 1);
      if (i % 7 === 0) v = Math.round(v * 1e6) / 1e6; // trailing zeros to cut
      if (i % 11 === 0) v = Math.round(rnd() * 1e9); // integers, some past 7 digits
      if (fmt(v) !== reference(v)) differ.push([v, fmt(v), reference(v)]);
    }
    expect(differ).toEqual([]);
  });

  it('at the edges of fixed notation and beyond', () => {
    for (const v of [1, 10, 100, 1e6, 1e7, 9999999.5, 0.1, 1e-6, 9.9999999e-7, 1e-7, 1e21, 123456789, -0.5, 5e-324, Number.MAX_VALUE, NaN, Infinity, -Infinity]) {
      expect([v, fmt(v)]).toEqual([v, reference(v)]);
    }
    expect(fmt(540.63620001)).toBe('540.6362');
    expect(fmt(1234567.4)).toBe('1234567');
    expect(fmt(12345678)).toBe('12345680');
    expect(fmt(NaN)).toBe('-9999');
  });
});
