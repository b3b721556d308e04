"""Independent time windows and aoristic weights of a CSV of events, for the aoristic tests.

Reads the CSV with Python's csv module (UCDP's quoted multi-line fields included). Each record's
window is [start of its start date's local day, start of the local day after its end date) in
the zone given, with zoneinfo (the system's tz database) — written here from the dates, not from
Frontera's code. Prints JSON on stdout:

  records    [[id, start_ms, end_ms, precision], ...] in file order
  windowed   records whose end date is after their start date (a one-day record has none)
  widest_ms  the widest such window, ms
  months     {YYYY-MM: weight}: each record's weight 1 spread over the local months its window
             overlaps, in proportion to the milliseconds of the window in each (exact fractions)
  split      with --split DATE --days N: the records entirely in [split - N days, split), entirely
             in [split, split + N days), those overlapping both periods (straddling), those
             overlapping one period but reaching outside both, and the aoristic shares of the two
             periods (each record's milliseconds inside a period over its window's)
  wider      {week: n, month: n}: windows longer than the local ISO week (Monday to Monday: 7 days,
             an hour less or more across a DST change) / than the local month they start in

usage: aoristic_reference.py FILE.csv ID_COL START_COL END_COL PRECISION_COL ZONE [--split YYYY-MM-DD --days N]
"""
import csv
import datetime as dt
import json
import sys
from fractions import Fraction
from zoneinfo import ZoneInfo

path, id_col, start_col, end_col, prec_col, zone = sys.argv[1:7]
opts = dict(zip(sys.argv[7::2], sys.argv[8::2]))
tz = ZoneInfo(zone)


def local_midnight_ms(day):
    """Epoch ms of 00:00 local on `day` (a date): the zone's offset at that wall-clock time."""
    t = dt.datetime(day.year, day.month, day.day, tzinfo=tz)
    return round(t.timestamp() * 1000)


def month_start(year, month):
    return local_midnight_ms(dt.date(year, month, 1))


def next_month(year, month):
    return (year + 1, 1) if month == 12 else (year, month + 1)


records = []
with open(path, newline='', encoding='utf-8') as f:
    for r in csv.DictReader(f):
        start_day = dt.date.fromisoformat(r[start_col])
        end_day = dt.date.fromisoformat(r[end_col])
        records.append((r[id_col], start_day, end_day, local_midnight_ms(start_day),
                        local_midnight_ms(end_day + dt.timedelta(days=1)), r[prec_col]))

windowed = [x for x in records if x[2] > x[1]]
months = {}
wider = {'week': 0, 'month': 0}
for _, start_day, end_day, s, e, _ in records:
    y, m = start_day.year, start_day.month
    length = Fraction(e - s)
    while True:
        a, b = month_start(y, m), month_start(*next_month(y, m))
        overlap = min(b, e) - max(a, s)
        if overlap > 0:
            key = f'{y:04d}-{m:02d}'
            months[key] = months.get(key, Fraction(0)) + Fraction(overlap) / length
        if b >= e:
            break
        y, m = next_month(y, m)
    if end_day > start_day:
        monday = start_day - dt.timedelta(days=start_day.weekday())
        if e - s > local_midnight_ms(monday + dt.timedelta(days=7)) - local_midnight_ms(monday):
            wider['week'] += 1
        ms = month_start(start_day.year, start_day.month)
        if e - s > month_start(*next_month(start_day.year, start_day.month)) - ms:
            wider['month'] += 1

out = {
    'records': [[i, s, e, p] for i, _, _, s, e, p in records],
    'windowed': len(windowed),
    'widest_ms': max(e - s for _, _, _, s, e, _ in windowed) if windowed else None,
    'months': {k: float(v) for k, v in sorted(months.items())},
    'months_total': float(sum(months.values())),
    'wider': wider,
}

if '--split' in opts:
    split_day = dt.date.fromisoformat(opts['--split'])
    days = int(opts['--days'])
    lo = local_midnight_ms(split_day - dt.timedelta(days=days))
    mid = local_midnight_ms(split_day)
    hi = local_midnight_ms(split_day + dt.timedelta(days=days))
    before = after = straddling = partly = 0
    share_before = share_after = Fraction(0)
    for _, _, _, s, e, _ in records:
        in_before = min(e, mid) - max(s, lo)
        in_after = min(e, hi) - max(s, mid)
        if s >= lo and e <= mid:
            before += 1
        elif s >= mid and e <= hi:
            after += 1
        elif in_before > 0 and in_after > 0:
            straddling += 1
        elif in_before > 0 or in_after > 0:
            partly += 1
        share_before += Fraction(max(0, in_before), e - s)
        share_after += Fraction(max(0, in_after), e - s)
    out['split'] = {'before': before, 'after': after, 'straddling': straddling, 'partlyOutside': partly,
                    'aoristicBefore': float(share_before), 'aoristicAfter': float(share_after)}

json.dump(out, sys.stdout)
