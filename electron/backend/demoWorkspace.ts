/**
 * Writes the SYNTHETIC demo workspace (shared/demo) to a file: built beside the target and
 * renamed into place, so a failure or an interrupted first launch never leaves half a workspace
 * and never touches one already there. Used by `frontera demo`, `npm run web` and the app.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_GENERATOR, SYNTHETIC_NOTE, buildDemoLayers, type DemoLayer } from '../../shared/demo/layers.ts';
import { detectStackedPoints, type StackedPoint } from '../../shared/analysis/stackedPoints.ts';
import type { NormalizedFeature } from '../../shared/model/feature.ts';
import { gazetteer } from './gazetteer.ts';
import { Workspace } from './store/workspace.ts';

export interface WrittenLayer {
  id: number;
  name: string;
  featureCount: number;
  fingerprint: string;
  /** A point layer's stacked points (the town-centre stacks); absent for other layers. */
  stackedPoints?: StackedPoint[];
}

/** The demo's layers, fingerprinted with the platform's SHA-256. */
export function demoLayers(seed: number): DemoLayer[] {
  return buildDemoLayers(seed, (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex')).layers;
}

/** A point layer's stacked points (the town-centre stacks), as an import finds and keeps them; null for other layers. */
function stackedPointsOf(features: NormalizedFeature[]): StackedPoint[] | null {
  const points = features.flatMap((f) => (f.geometry?.type === 'Point' ? [f.geometry.coordinates] : []));
  if (points.length === 0 || points.length < features.length) return null;
  const lon = Float64Array.from(points, (p) => p[0]);
  const lat = Float64Array.from(points, (p) => p[1]);
  return detectStackedPoints(lon, lat, gazetteer()).stacks;
}

/** The workspace file's SQLite side files. */
const sideFiles = (file: string) => [`${file}-wal`, `${file}-shm`];

export function writeDemoWorkspace(file: string, opts: { seed: number; actor: string }): WrittenLayer[] {
  const dir = path.dirname(path.resolve(file));
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.demo-${process.pid}.tmp`);
  const cleanupTmp = () => {
    for (const f of [tmp, ...sideFiles(tmp)]) fs.rmSync(f, { force: true });
  };
  cleanupTmp();
  const written: WrittenLayer[] = [];
  let ws: Workspace | null = null;
  try {
    ws = Workspace.open(tmp, { create: true });
    for (const { features, ...meta } of demoLayers(opts.seed)) {
      const stackedPoints = stackedPointsOf(features);
      const id = ws.insertLayer(stackedPoints ? { ...meta, metadata: { ...meta.metadata, stackedPoints } } : meta, features);
      written.push({ id, name: meta.name, featureCount: features.length, fingerprint: meta.fingerprint, ...(stackedPoints ? { stackedPoints } : {}) });
    }
    ws.audit(opts.actor, 'demo.create', file, {
      seed: opts.seed,
      generator: DEMO_GENERATOR,
      note: SYNTHETIC_NOTE,
      layers: written.map((w) => ({ name: w.name, features: w.featureCount })),
    });
    ws.close();
    ws = null;
    // An old WAL must not be replayed into the new file.
    for (const f of sideFiles(file)) fs.rmSync(f, { force: true });
    fs.renameSync(tmp, file);
    return written;
  } finally {
    ws?.close();
    cleanupTmp();
  }
}
