"""Stacked points with numpy, the bench peer of test/bench/stackedPoints.ts (written from the
method, not from Frontera's code): each record's coordinates rounded to 1 m in the plate carree
scaled at the records' mean latitude (rounded to a whole degree; WGS 84 radii of curvature), the
cells counted with np.unique, and the cells of at least max(10, ceil(n / 200)) records kept.

Input: raw float64 files PREFIX.lon and PREFIX.lat (NaN: no coordinates). Prints JSON: the timed
section's wall and CPU ms, the peak RSS, and the stacks (first record's coordinates, count),
largest first.
"""
import json
import math
import resource
import sys
import time

import numpy as np

prefix = sys.argv[1]
lon = np.fromfile(prefix + '.lon', dtype=np.float64)
lat = np.fromfile(prefix + '.lat', dtype=np.float64)

t0, c0 = time.perf_counter(), time.process_time()
ok = np.isfinite(lon) & np.isfinite(lat)
idx = np.nonzero(ok)[0]
n = idx.size
phi = math.radians(round(float(lat[idx].mean())))
a, e2 = 6378137.0, 0.00669437999014
w = 1 - e2 * math.sin(phi) ** 2
per_deg_lon = math.pi / 180 * a * math.cos(phi) / math.sqrt(w)
per_deg_lat = math.pi / 180 * a * (1 - e2) / w ** 1.5
# JavaScript's Math.round: halves go up.
kx = np.floor(lon[idx] * per_deg_lon + 0.5).astype(np.int64)
ky = np.floor(lat[idx] * per_deg_lat + 0.5).astype(np.int64)
keys = np.stack([kx, ky], axis=1)
_, first, counts = np.unique(keys, axis=0, return_index=True, return_counts=True)
min_count = max(10, math.ceil(n / 200))
big = np.nonzero(counts >= min_count)[0]
order = big[np.argsort(-counts[big], kind='stable')]
stacks = [{'lon': float(lon[idx[first[k]]]), 'lat': float(lat[idx[first[k]]]), 'count': int(counts[k])} for k in order]
ms = (time.perf_counter() - t0) * 1000
cpu_ms = (time.process_time() - c0) * 1000
print(json.dumps({
    'ms': ms,
    'cpuMs': cpu_ms,
    'peakRssMb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    'total': int(n),
    'minCount': min_count,
    'stacks': stacks,
}))
