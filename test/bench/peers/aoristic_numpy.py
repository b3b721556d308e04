"""Aoristic weights with numpy, the bench peer of test/bench/aoristic.ts (written from the method,
not from Frontera's code).

Input: raw float64 files of n records: time (epoch ms), time_end (NaN: none) and a uint8 file of
date-only flags; the zone. A record's window is [time, end): its time_end, else for a date-only
time the start of the next local day (zoneinfo), else an instant. Each windowed record spreads a
weight of one uniformly by time; an instant counts whole in its bin.

Vectorised without a loop over records: the cumulative weight G(t) = sum_i clip((t - s_i) / len_i,
0, 1) is piecewise linear, its slope rising by 1/len at each start and falling by it at each end,
so G at every bin edge is E * (sum of slope changes before E) - (sum of change * breakpoint before
E), from np.bincount and np.cumsum; a bin's weight is G(right) - G(left). Times are taken from the
year's start in hours so the two sums do not cancel catastrophically.

Bins: local ISO weeks (Monday 00:00, zoneinfo) and UTC hours mapped to local weekday x hour
(zoneinfo; America/Tijuana's offsets are whole hours, so every local hour is a UTC hour).
Prints JSON: the timed section's wall and CPU ms, the week totals and the 7 x 24 table.
"""
import datetime as dt
import json
import resource
import sys
import time

import numpy as np
from zoneinfo import ZoneInfo

prefix, zone, year = sys.argv[1], sys.argv[2], int(sys.argv[3])
tz = ZoneInfo(zone)
t = np.fromfile(prefix + '.time', dtype=np.float64)
e = np.fromfile(prefix + '.end', dtype=np.float64)
date_only = np.fromfile(prefix + '.dateonly', dtype=np.uint8).astype(bool)


def ms(d):
    return d.timestamp() * 1000


def local_midnight(d):
    return ms(dt.datetime(d.year, d.month, d.day, tzinfo=tz))


# Week edges: local Mondays from the one on or before 1 January to past the last window's end.
jan1 = dt.date(year, 1, 1)
monday = jan1 - dt.timedelta(days=jan1.weekday())
week_edges = []
d = monday
while True:
    week_edges.append(local_midnight(d))
    if d > dt.date(year + 1, 3, 1):
        break
    d += dt.timedelta(days=7)
week_edges = np.array(week_edges)
origin = week_edges[0]
hour_edges = np.arange(origin, week_edges[-1] + 1, 3_600_000.0)
# Local weekday and hour of each UTC hour bin.
starts = [dt.datetime.fromtimestamp(h / 1000, tz) for h in hour_edges[:-1]]
hour_wd = np.array([s.weekday() for s in starts])
hour_h = np.array([s.hour for s in starts])

wall0, cpu0 = time.perf_counter(), time.process_time()

# Ends of date-only records without one: the next local midnight (one zone lookup per day).
missing = np.isnan(e) & date_only
days, inverse = np.unique(t[missing], return_inverse=True)
nxt = np.array([local_midnight(dt.datetime.fromtimestamp(x / 1000, tz).date() + dt.timedelta(days=1)) for x in days])
end = np.where(np.isnan(e), t, e)
end[missing] = nxt[inverse]
length = end - t
win = length > 0


def spread(edges):
    """Weights per bin [edges[k], edges[k+1]): windows by the cumulative G, instants by bin."""
    x = (edges - origin) / 3_600_000.0
    s = (t[win] - origin) / 3_600_000.0
    f = (end[win] - origin) / 3_600_000.0
    c = 1.0 / (f - s)
    # Breakpoint b with change c contributes c * (E - b) to G(E) for E >= b: index of first edge >= b.
    nb = len(edges)
    ks = np.searchsorted(x, s, side='left')
    kf = np.searchsorted(x, f, side='left')
    a1 = np.bincount(ks, weights=c, minlength=nb + 1)[:nb] - np.bincount(kf, weights=c, minlength=nb + 1)[:nb]
    a2 = np.bincount(ks, weights=c * s, minlength=nb + 1)[:nb] - np.bincount(kf, weights=c * f, minlength=nb + 1)[:nb]
    g = x * np.cumsum(a1) - np.cumsum(a2)
    out = np.diff(g)
    inst = t[~win]
    k = np.searchsorted(edges, inst, side='right') - 1
    ok = (k >= 0) & (k < nb - 1)
    out += np.bincount(k[ok], minlength=nb - 1)[: nb - 1]
    return out


weeks = spread(week_edges)
hours = spread(hour_edges)
table = np.zeros((7, 24))
np.add.at(table, (hour_wd, hour_h), hours)

wall, cpu = (time.perf_counter() - wall0) * 1000, (time.process_time() - cpu0) * 1000
print(json.dumps({'ms': wall, 'cpuMs': cpu, 'weekEdges': week_edges.tolist(), 'weeks': weeks.tolist(), 'table': table.tolist(),
                  'peakRssMb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
