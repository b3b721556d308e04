/**
 * Vitest global setup: names the run's throwaway PostgreSQL cluster (pgCluster.ts) so every test
 * file of the run shares it, and stops it and removes its folder when the run ends. The cluster
 * starts only when a test file first asks for it.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { stopCluster } from './pgCluster.ts';

export function setup(): () => void {
  // Not under a private mkdtemp folder: as root the cluster runs as `nobody`, who must reach it.
  const dir = path.join(os.tmpdir(), `frontera-pg-run-${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
  process.env.FRONTERA_PG_CLUSTER_DIR = dir;
  return () => stopCluster(dir);
}
