"""Independent count of stacked points in a CSV of events, for the stacked-point tests.

Reads the CSV with Python's csv module (UCDP's quoted multi-line fields included), rounds each
record's coordinates to 1 m in the plate carree scaled at the records' mean latitude (rounded to
a whole degree), with the WGS 84 radii of curvature written out here, groups equal cells, and
prints as JSON the groups of at least max(10, ceil(n / 200)) records: their first record's
coordinates and their count. Also prints the groups of equal coordinate text, so a test can see
the rounding merged or split nothing.

usage: stacked_points_reference.py FILE.csv LON_COLUMN LAT_COLUMN
"""
import csv
import json
import math
import sys
from collections import OrderedDict

path, lon_col, lat_col = sys.argv[1:4]
with open(path, newline='', encoding='utf-8') as f:
    rows = [(r[lon_col], r[lat_col]) for r in csv.DictReader(f)]
points = [(float(a), float(b)) for a, b in rows if a.strip() and b.strip()]
n = len(points)
phi = math.radians(round(sum(p[1] for p in points) / n))
a, e2 = 6378137.0, 0.00669437999014
w = 1 - e2 * math.sin(phi) ** 2
per_deg_lon = math.pi / 180 * a * math.cos(phi) / math.sqrt(w)
per_deg_lat = math.pi / 180 * a * (1 - e2) / w ** 1.5


def half_up(v):
    # JavaScript's Math.round: halves go up.
    return math.floor(v + 0.5)


cells = OrderedDict()
for lon, lat in points:
    key = (half_up(lon * per_deg_lon), half_up(lat * per_deg_lat))
    if key in cells:
        cells[key][2] += 1
    else:
        cells[key] = [lon, lat, 1]
texts = OrderedDict()
for a_text, b_text in rows:
    texts[(a_text, b_text)] = texts.get((a_text, b_text), 0) + 1
min_count = max(10, math.ceil(n / 200))
stacks = sorted((v for v in cells.values() if v[2] >= min_count), key=lambda v: -v[2])
print(json.dumps({
    'total': n,
    'minCount': min_count,
    'stacks': [{'lon': s[0], 'lat': s[1], 'count': s[2]} for s in stacks],
    'textGroups': sorted((c for c in texts.values() if c >= min_count), reverse=True),
}))
