/**
 * The rule the demo's region-wide weekly homicide series must keep around the planted San Luis
 * Río Colorado split (issue 17: "no dip made to fit"), computed here by hand, independently of
 * the product's timeline code.
 *
 * Weeks are local Monday–Sunday weeks, keyed by their Monday. The weeks around the split are those
 * that overlap the two compared periods. Each of them must hold a count
 *  - inside the central 99 % of a Poisson distribution whose mean is the local level: the mean of
 *    the four full weeks before and the four after them (the seasonal level, which moves slowly);
 *  - and not below the 5th percentile (nearest rank) of the year's other full weeks.
 * The old demo's notch (8 and 13 against ~50) fails both; ordinary week-to-week variation passes.
 */

const DAY = 86_400_000;

/** 'YYYY-MM-DD' of the Monday of a local date's week. */
function mondayOf(date: string): string {
  const t = Date.parse(`${date}T00:00:00Z`);
  const sinceMonday = (new Date(t).getUTCDay() + 6) % 7;
  return new Date(t - sinceMonday * DAY).toISOString().slice(0, 10);
}

const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

/** Smallest k with P(X ≤ k) ≥ q for X ~ Poisson(lambda), summing the pmf in log space. */
function poissonQuantile(lambda: number, q: number): number {
  let cdf = 0;
  for (let k = 0; ; k++) {
    let logFact = 0;
    for (let i = 2; i <= k; i++) logFact += Math.log(i);
    cdf += Math.exp(-lambda + k * Math.log(lambda) - logFact);
    if (cdf >= q) return k;
  }
}

export interface WeekCheck {
  monday: string;
  count: number;
  /** Central 99 % of Poisson(level). */
  lo: number;
  hi: number;
  level: number;
}

/**
 * `counts`: local date → records that day. `year`: the full weeks are those whose seven days all
 * lie in it. `from`..`to`: the compared days (both periods, inclusive).
 */
export function weeksAroundSplit(
  counts: Map<string, number>,
  year: number,
  from: string,
  to: string,
): { weeks: WeekCheck[]; p5: number; others: number[] } {
  const weekly = new Map<string, number>();
  for (const [date, n] of counts) weekly.set(mondayOf(date), (weekly.get(mondayOf(date)) ?? 0) + n);
  const full: string[] = [];
  // The first Monday of the year is in the week of 7 January.
  for (let m = mondayOf(`${year}-01-07`); addDays(m, 6) <= `${year}-12-31`; m = addDays(m, 7)) full.push(m);
  const first = mondayOf(from);
  const last = mondayOf(to);
  const around = full.filter((m) => m >= first && m <= last);
  const i0 = full.indexOf(first);
  const i1 = full.indexOf(last);
  const neighbours = [...full.slice(i0 - 4, i0), ...full.slice(i1 + 1, i1 + 5)];
  if (neighbours.length !== 8) throw new Error(`the split ${from}..${to} needs four full weeks on each side in ${year}`);
  const level = neighbours.reduce((s, m) => s + (weekly.get(m) ?? 0), 0) / 8;
  const others = full.filter((m) => !around.includes(m)).map((m) => weekly.get(m) ?? 0).sort((a, b) => a - b);
  const p5 = others[Math.ceil(0.05 * others.length) - 1];
  const lo = poissonQuantile(level, 0.005);
  const hi = poissonQuantile(level, 0.995);
  return { weeks: around.map((monday) => ({ monday, count: weekly.get(monday) ?? 0, lo, hi, level })), p5, others };
}
