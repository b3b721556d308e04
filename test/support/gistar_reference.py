"""Getis-Ord Gi* with a study area, the reference the Gi* tests compare Frontera with.

What it is: NOT PySAL's esda (esda is not packaged for Debian's /usr/bin/python3 and PyPI cannot
be reached from here), but an independent implementation in numpy of the formulas esda's
G_Local.calc uses, as written out in ../shared/fixtures/pysal-esda/expected_values.md (esda @
11450be, getisord.py), for Gi* (star=True: r = 0, a feature is its own neighbour with weight 1)
and binary weights (transform="B"):

    Gs_i  = (W y)_i / sum(y)
    EGs_i = W_i / n,  W_i = sum_j w_ij
    VGs_i = W_i (n - W_i) / (n - 1) / n^2 * var / mean^2,  mean = sum(y)/n, var = sum(y^2)/n - mean^2
    Zs_i  = (Gs_i - EGs_i) / sqrt(VGs_i)

This is esda's G-ratio form; Frontera computes the textbook z form of Ord & Getis (1995), which
equals it algebraically, so agreement to 1e-7 checks the arithmetic of both.

Modes (argv[1]):
  esda CSV   -- esda's own toy data set from the fixture (getisord_local_expected.csv: points,
                values; libpysal DistanceBand(threshold=15) = binary, 0 < d <= 15) run through
                the formulas above for the Gistar_binary and Gi_binary (star=False: r = 1, N = n - 1,
                self excluded) variants; prints {"Gistar_binary": [z...], "Gi_binary": [z...]}
                for the test to hold against esda's values in the same CSV.
  cells      -- a study area's cells, JSON on stdin: {"cx", "cy": every lattice centre (metres),
                "inside": whether each centre is in the study area, "px", "py": the incidents
                (metres), "pin": whether each incident is in the study area (both decided by
                GDAL, not by us), "band": metres}. Each incident goes to its nearest lattice
                centre (the hexagon holding it, by brute force: no lattice arithmetic shared with
                Frontera). A cell is in the study area when its centre is, or when it holds an
                incident that is; incidents in other cells count nowhere. Gi* over those cells
                only, neighbours within band (1 + 1e-9), self included. Prints {"cells": lattice
                indices of the cells, ascending, "counts": [...], "z": [...], "outside": n}.
"""
import csv
import json
import sys

import numpy as np


def gi(values, neighbours, star):
    """esda's G_Local.calc for binary weights: neighbours is a boolean matrix without self."""
    y = np.asarray(values, dtype=float)
    n = len(y)
    w = neighbours.astype(float)
    if star:
        w = w + np.eye(n)
    r = 0 if star else 1
    big_n = n - r
    w_i = w.sum(axis=1)
    total = y.sum() - r * y
    mean = total / big_n
    var = (np.sum(y * y) - r * y * y) / big_n - mean * mean
    gs = (w @ y) / total
    egs = w_i / big_n
    vgs = w_i * (big_n - w_i) / (big_n - 1) / big_n**2 * var / mean**2
    return (gs - egs) / np.sqrt(vgs)


def esda_mode(path):
    rows = [r for r in csv.DictReader(open(path, newline="")) if r["variant"] == "Gistar_binary"]
    x = np.array([float(r["x"]) for r in rows])
    y = np.array([float(r["y"]) for r in rows])
    v = np.array([float(r["value"]) for r in rows])
    d = np.hypot(x[:, None] - x[None, :], y[:, None] - y[None, :])
    band = (d > 0) & (d <= 15)
    print(json.dumps({"Gistar_binary": gi(v, band, True).tolist(), "Gi_binary": gi(v, band, False).tolist()}))


def cells_mode():
    data = json.load(sys.stdin)
    cx = np.array(data["cx"], dtype=float)
    cy = np.array(data["cy"], dtype=float)
    inside = np.array(data["inside"], dtype=bool)
    px = np.array(data["px"], dtype=float)
    py = np.array(data["py"], dtype=float)
    pin = np.array(data["pin"], dtype=bool)
    band = float(data["band"])
    nearest = np.empty(len(px), dtype=int)
    for s in range(0, len(px), 512):
        d2 = (px[s : s + 512, None] - cx[None, :]) ** 2 + (py[s : s + 512, None] - cy[None, :]) ** 2
        nearest[s : s + 512] = np.argmin(d2, axis=1)
    inside[nearest[pin]] = True
    index = np.full(len(cx), -1)
    index[inside] = np.arange(inside.sum())
    cell = index[nearest]
    counts = np.bincount(cell[cell >= 0], minlength=int(inside.sum())).astype(float)
    ix, iy = cx[inside], cy[inside]
    m = len(ix)
    reach = band * (1 + 1e-9)
    near = np.zeros((m, m), dtype=bool)
    for s in range(0, m, 1024):
        d = np.hypot(ix[s : s + 1024, None] - ix[None, :], iy[s : s + 1024, None] - iy[None, :])
        near[s : s + 1024] = d <= reach
    np.fill_diagonal(near, False)
    print(json.dumps({"cells": np.flatnonzero(inside).tolist(), "counts": counts.tolist(), "z": gi(counts, near, True).tolist(), "outside": int((cell < 0).sum())}))


if __name__ == "__main__":
    if sys.argv[1] == "esda":
        esda_mode(sys.argv[2])
    else:
        cells_mode()
