/**
 * scikit-learn's DBSCAN as a bench peer, when the machine has it (Debian: apt-get install
 * python3-sklearn; PyPI is not reachable here). The projected points go to a Python process as
 * raw float64; it times `DBSCAN(eps, min_samples).fit` alone (wall and CPU) and reports its
 * clusters, noise and peak RSS. Same semantics as ours: min_samples counts the point itself and
 * a neighbour lies within ≤ eps.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const PYTHON = '/usr/bin/python3';

const SCRIPT = `
import json, resource, sys, time
import numpy as np
from sklearn.cluster import DBSCAN
n, eps, k = int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
xy = np.fromfile(sys.argv[1], dtype=np.float64).reshape(n, 2)
t, c = time.perf_counter(), time.process_time()
labels = DBSCAN(eps=eps, min_samples=k).fit(xy).labels_
ms, cpu = (time.perf_counter() - t) * 1000, (time.process_time() - c) * 1000
print(json.dumps({"ms": ms, "cpuMs": cpu, "clusters": int(labels.max()) + 1, "noise": int((labels < 0).sum()),
                  "peakRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
`;

export interface SklearnRun {
  ms: number;
  cpuMs: number;
  clusters: number;
  noise: number;
  peakRssMb: number;
}

/** Why scikit-learn cannot run here, or null when it can. */
export function sklearnMissing(): string | null {
  if (!fs.existsSync(PYTHON)) return `${PYTHON} not found`;
  const r = spawnSync(PYTHON, ['-c', 'import sklearn'], { encoding: 'utf8' });
  return r.status === 0 ? null : 'scikit-learn not installed (apt-get install python3-sklearn)';
}

export function sklearnDbscan(x: Float64Array, y: Float64Array, eps: number, minPoints: number): SklearnRun {
  const n = x.length;
  const xy = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    xy[2 * i] = x[i];
    xy[2 * i + 1] = y[i];
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-sklearn-'));
  try {
    const file = path.join(dir, 'xy.bin');
    fs.writeFileSync(file, new Uint8Array(xy.buffer));
    const r = spawnSync(PYTHON, ['-c', SCRIPT, file, String(n), String(eps), String(minPoints)], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`scikit-learn DBSCAN failed: ${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').pop() as string) as SklearnRun;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
