import { describe, expect, it } from 'vitest';
import { parseTime, parseTimeEnd } from '../../../shared/import/time.ts';

const tz = 'America/Tijuana';
const iso = (ms: number) => new Date(ms).toISOString();

function ok(value: string | number, o: { format?: string; timeOfDay?: string | number; timezone?: string } = {}) {
  const r = parseTime(value, { timezone: tz, ...o });
  if ('error' in r) throw new Error(`expected ${value} to parse: ${r.error}`);
  return { at: iso(r.time), precision: r.precision };
}

function err(value: string | number, o: { format?: string; timeOfDay?: string | number } = {}): string {
  const r = parseTime(value, { timezone: tz, ...o });
  if (!('error' in r)) throw new Error(`expected ${value} to fail, got ${iso(r.time)}`);
  return r.error;
}

describe('parseTime', () => {
  it('reads naive times in America/Tijuana with the DST offset of the day (PDT −7 in July, PST −8 in January)', () => {
    expect(ok('2023-07-14 10:00')).toEqual({ at: '2023-07-14T17:00:00.000Z', precision: 'instant' });
    expect(ok('2023-01-14 10:00')).toEqual({ at: '2023-01-14T18:00:00.000Z', precision: 'instant' });
    expect(ok('2023-07-14T10:00:00')).toEqual({ at: '2023-07-14T17:00:00.000Z', precision: 'instant' });
    expect(ok('14/07/2023 10:00')).toEqual({ at: '2023-07-14T17:00:00.000Z', precision: 'instant' });
    expect(ok('14/01/2023 10:00:30')).toEqual({ at: '2023-01-14T18:00:30.000Z', precision: 'instant' });
    expect(ok('14-07-2023')).toEqual({ at: '2023-07-14T07:00:00.000Z', precision: 'date' });
  });

  it('handles the days of the 2023 DST changes (12 March, 5 November) exactly', () => {
    expect(ok('2023-03-12 01:30').at).toBe('2023-03-12T09:30:00.000Z');
    expect(ok('2023-03-12 03:30').at).toBe('2023-03-12T10:30:00.000Z');
    // 01:30 happens twice on 5 November: the first (PDT) occurrence is taken.
    expect(ok('2023-11-05 01:30').at).toBe('2023-11-05T08:30:00.000Z');
    expect(ok('2023-11-05 03:00').at).toBe('2023-11-05T11:00:00.000Z');
    expect(ok('2023-03-12')).toEqual({ at: '2023-03-12T08:00:00.000Z', precision: 'date' });
  });

  it('takes offsets and Z as instants regardless of the zone', () => {
    expect(ok('2023-07-14T10:00:00Z').at).toBe('2023-07-14T10:00:00.000Z');
    expect(ok('2023-07-14T10:00:00-07:00').at).toBe('2023-07-14T17:00:00.000Z');
    expect(ok('2023-07-14T10:00:00.250+0530').at).toBe('2023-07-14T04:30:00.250Z');
    expect(ok('2023-07-14T10:00:00-07:00', { timezone: 'Europe/Madrid' }).at).toBe('2023-07-14T17:00:00.000Z');
  });

  it('gives date-only values precision "date" at the start of the local day', () => {
    expect(ok('2023-07-14')).toEqual({ at: '2023-07-14T07:00:00.000Z', precision: 'date' });
    expect(ok('14/01/2023')).toEqual({ at: '2023-01-14T08:00:00.000Z', precision: 'date' });
    expect(ok(20230714)).toEqual({ at: '2023-07-14T07:00:00.000Z', precision: 'date' });
    expect(ok('2023/7/14')).toEqual({ at: '2023-07-14T07:00:00.000Z', precision: 'date' });
    expect(ok('2023/07/14 10:00').at).toBe('2023-07-14T17:00:00.000Z');
  });

  it('rejects dates that do not exist, with the reason', () => {
    expect(err('31/02/2023')).toMatch(/"31\/02\/2023" is not a calendar date: February 2023 has 28 days/);
    expect(err('29/02/2023')).toMatch(/February 2023 has 28 days/);
    expect(ok('29/02/2024').precision).toBe('date');
    expect(ok('29/02/2000').precision).toBe('date');
    expect(err('29/02/1900')).toMatch(/February 1900 has 28 days/);
    expect(err('2023-04-31')).toMatch(/April 2023 has 30 days/);
    expect(err('07/14/2023')).toMatch(/month 14 does not exist.*MM\/DD\/YYYY/);
    expect(err('2023-07-14 25:10')).toMatch(/not a clock time/);
    expect(err('ayer')).toMatch(/not a recognised date/);
    expect(err('')).toMatch(/empty/);
  });

  it('follows explicit format strings', () => {
    expect(ok('07/14/2023', { format: 'MM/DD/YYYY' })).toEqual({ at: '2023-07-14T07:00:00.000Z', precision: 'date' });
    expect(ok('14/07/2023 22:15', { format: 'DD/MM/YYYY HH:mm' }).at).toBe('2023-07-15T05:15:00.000Z');
    expect(ok('2023.07.14-08.05.09', { format: 'YYYY.MM.DD-HH.mm.ss' }).at).toBe('2023-07-14T15:05:09.000Z');
    expect(ok('14/07/23 10:00 p.m.', { format: 'DD/MM/YY HH:mm A' }).at).toBe('2023-07-15T05:00:00.000Z');
    expect(err('2023-07-14', { format: 'DD/MM/YYYY' })).toMatch(/does not match the format DD\/MM\/YYYY/);
    expect(err('02/31/2023', { format: 'MM/DD/YYYY' })).toMatch(/February 2023 has 28 days/);
  });

  it('joins a date with a separate time-of-day column', () => {
    expect(ok('14/07/2023', { timeOfDay: '22:40' })).toEqual({ at: '2023-07-15T05:40:00.000Z', precision: 'instant' });
    expect(ok('2023-01-14', { timeOfDay: '7:05:09' }).at).toBe('2023-01-14T15:05:09.000Z');
    expect(ok('2023-01-14', { timeOfDay: 930 }).at).toBe('2023-01-14T17:30:00.000Z');
    expect(ok('2023-01-14', { timeOfDay: 0.5 }).at).toBe('2023-01-14T20:00:00.000Z');
    expect(ok('2023-01-14', { timeOfDay: '' })).toEqual({ at: '2023-01-14T08:00:00.000Z', precision: 'date' });
    expect(err('2023-01-14', { timeOfDay: '25:00' })).toMatch(/not a clock time/);
    expect(err('2023-01-14 10:00', { timeOfDay: '11:00' })).toMatch(/already has a clock time/);
  });

  it('reads numbers as YYYYMMDD or epoch milliseconds and refuses the rest', () => {
    expect(ok(1689354000000)).toEqual({ at: '2023-07-14T17:00:00.000Z', precision: 'instant' });
    expect(err(1689354000)).toMatch(/not a date.*epoch milliseconds/);
    expect(err(20230231)).toMatch(/not a date/);
  });
});

describe('parseTimeEnd', () => {
  const end = (value: string | number, o: { format?: string; timezone?: string } = {}) => {
    const r = parseTimeEnd(value, { timezone: tz, ...o });
    if ('error' in r) throw new Error(`expected ${value} to parse: ${r.error}`);
    return { at: iso(r.time), precision: r.precision };
  };

  it('ends a date-only value with its local day: the instant the next day begins, across DST changes and the year', () => {
    // Tijuana is PST (−8) until 02:00 on 12 March 2023 and from 02:00 on 5 November 2023, PDT (−7) between.
    expect(end('2017-02-02')).toEqual({ at: '2017-02-03T08:00:00.000Z', precision: 'date' });
    expect(end('2023-03-11').at).toBe('2023-03-12T08:00:00.000Z'); // a 24-hour day, PST at both ends
    expect(end('2023-03-12').at).toBe('2023-03-13T07:00:00.000Z'); // the 23-hour day of the spring change
    expect(end('2023-11-04').at).toBe('2023-11-05T07:00:00.000Z'); // midnight of 5 November is still PDT
    expect(end('2023-11-05').at).toBe('2023-11-06T08:00:00.000Z'); // the 25-hour day
    expect(end('31/12/2023').at).toBe('2024-01-01T08:00:00.000Z');
    expect(end(20240228).at).toBe('2024-02-29T08:00:00.000Z');
    expect(end('2023-03-12', { timezone: 'America/Hermosillo' }).at).toBe('2023-03-13T07:00:00.000Z'); // no DST: −7 all year
  });

  it('takes an instant as parseTime does, and refuses what parseTime refuses', () => {
    expect(end('2017-02-02T10:00:00Z')).toEqual({ at: '2017-02-02T10:00:00.000Z', precision: 'instant' });
    expect(end('2017-02-02 10:00')).toEqual({ at: '2017-02-02T18:00:00.000Z', precision: 'instant' });
    expect(parseTimeEnd('2017-02-30', { timezone: tz })).toMatchObject({ error: expect.stringMatching(/February 2017 has 28 days/) });
  });
});
