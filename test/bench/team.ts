/**
 * A team workspace at scale, on a throwaway PostgreSQL 15 + PostGIS cluster of its own
 * (test/support/pgCluster.ts): a CSV of N seeded incidents (10 million by default) loaded by
 * `frontera import` into PostGIS, beside GDAL's `ogr2ogr -f PostgreSQL` (COPY) loading the same
 * file into the same server in the same run; then DBSCAN on the layer by `frontera analyze`,
 * clustered in the database (ST_ClusterDBSCAN, only the clustered incidents sent) and streamed
 * (every point read into this process), and Gi* on 500 m hexagons, the cells counted in the
 * database (GROUP BY cell, only the counts sent) and streamed; each with our process's wall time,
 * CPU and peak RSS.
 *
 *   npm run bench -- team                    (10,000,000 points)
 *   TEAM_POINTS=1000000 npm run bench -- team   (a quicker look)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writePoints } from '../../scripts/gen-points.ts';
import { ADMIN, adminClient, createDatabase, startCluster, stopCluster } from '../support/pgCluster.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BENCH_DIR = path.join(repoRoot, '.bench', 'team');
const BIN = path.join(repoRoot, 'bin', 'frontera.js');
const SEED = 20261206;

interface Measure {
  wallS: number;
  cpuS: number | null;
  maxRssMB: number | null;
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command under GNU time: wall, user + system CPU and peak RSS. */
function measure(cmd: string, args: string[], env: NodeJS.ProcessEnv): Measure {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'maxrss-kb %M cpu-s %U %S', cmd, ...args], { encoding: 'utf8', env, maxBuffer: 256 << 20 });
  const wallS = (performance.now() - t0) / 1000;
  const m = /maxrss-kb (\d+) cpu-s ([\d.]+) ([\d.]+)/.exec(r.stderr ?? '');
  return {
    wallS,
    cpuS: m ? Number(m[2]) + Number(m[3]) : null,
    maxRssMB: m ? Number(m[1]) / 1024 : null,
    code: r.status ?? -1,
    stdout: r.stdout ?? '',
    stderr: r.stderr ?? '',
  };
}

const fmt = (m: Measure): string =>
  `${m.wallS.toFixed(1)} s wall, ${m.cpuS === null ? '?' : m.cpuS.toFixed(1)} s CPU, peak RSS ${m.maxRssMB === null ? '?' : `${m.maxRssMB.toFixed(0)} MB`}`;

function check(what: string, m: Measure): void {
  if (m.code !== 0) throw new Error(`${what} failed (${m.code}): ${m.stderr.slice(-2000)}`);
}

export async function bench(): Promise<void> {
  if (!fs.existsSync('/usr/bin/time')) throw new Error('the team bench needs GNU time (/usr/bin/time)');
  const n = Number(process.env.TEAM_POINTS ?? 10_000_000);
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  const csv = path.join(BENCH_DIR, `points-${n}.csv`);
  if (!fs.existsSync(csv)) {
    const t0 = performance.now();
    const bytes = writePoints(csv, n, SEED);
    process.stdout.write(`  generated ${path.basename(csv)}: ${n.toLocaleString('en-US')} points, ${(bytes / 1e6).toFixed(0)} MB in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
  }
  const dir = path.join('/tmp', `frontera-pg-bench-${process.pid}`);
  const cluster = await startCluster(dir);
  try {
    const db = await createDatabase(cluster, 'bench');
    const env = { ...process.env, PGPASSWORD: cluster.adminPassword };
    const url = `postgresql://${ADMIN}@127.0.0.1:${cluster.port}/${db}?schema=team&sslmode=disable`;
    check('frontera init', measure(process.execPath, [BIN, 'init', url], env));

    const ours = measure(process.execPath, [BIN, 'import', url, csv, '--layer', 'incidents'], env);
    check('frontera import', ours);
    const admin = await adminClient(cluster, db);
    await admin.query('CREATE SCHEMA ogr');
    const pgSource = `PG:host=127.0.0.1 port=${cluster.port} dbname=${db} user=${ADMIN}`;
    const peer = measure(
      'ogr2ogr',
      ['--config', 'PG_USE_COPY', 'YES', '-f', 'PostgreSQL', pgSource, csv, '-nln', 'ogr.incidents', '-oo', 'X_POSSIBLE_NAMES=lon', '-oo', 'Y_POSSIBLE_NAMES=lat', '-oo', 'AUTODETECT_TYPE=YES', '-a_srs', 'EPSG:4326', '-lco', 'SPATIAL_INDEX=GIST', '-gt', '65536'],
      env,
    );
    check('ogr2ogr', peer);
    const counts = await admin.query(`SELECT (SELECT count(*) FROM team.features)::int AS ours, (SELECT count(*) FROM ogr.incidents)::int AS peer`);
    const sizes = await admin.query(`SELECT pg_total_relation_size('team.features_1') AS ours, pg_total_relation_size('ogr.incidents') AS peer`);
    await admin.end();
    process.stdout.write(`  load ${n.toLocaleString('en-US')} points into PostGIS (rows ${counts.rows[0].ours} / ${counts.rows[0].peer}):\n`);
    process.stdout.write(`    frontera import (COPY, GiST built once):  ${fmt(ours)}, ${(Number(sizes.rows[0].ours) / 1e6).toFixed(0)} MB in the database\n`);
    process.stdout.write(`    ogr2ogr -f PostgreSQL (COPY, GiST):        ${fmt(peer)}, ${(Number(sizes.rows[0].peer) / 1e6).toFixed(0)} MB in the database\n`);

    // eps shrinks as the incidents get denser (25 m at 10 million), so the clusters stay alike.
    const eps = Math.round(25 * Math.sqrt(10_000_000 / n));
    const dbscan = ['analyze', 'dbscan', url, '--layer', 'incidents', '--eps', String(eps), '--min-points', '50', '--json'];
    const inDb = measure(process.execPath, [BIN, ...dbscan], env);
    check('dbscan in the database', inDb);
    const streamed = measure(process.execPath, [BIN, ...dbscan], { ...env, FRONTERA_PUSHDOWN_MIN_POINTS: String(Number.MAX_SAFE_INTEGER) });
    check('dbscan streamed', streamed);
    const a = JSON.parse(inDb.stdout).summary as { clusters: number; noise: number; corePoints: number };
    const b = JSON.parse(streamed.stdout).summary as { clusters: number; noise: number; corePoints: number };
    process.stdout.write(`  DBSCAN eps ${eps} m, min points 50 over ${n.toLocaleString('en-US')} incidents:\n`);
    process.stdout.write(`    in the database (ST_ClusterDBSCAN):       ${fmt(inDb)}; ${a.clusters} clusters, ${a.corePoints} core, ${a.noise} noise\n`);
    process.stdout.write(`    streamed to this process:                 ${fmt(streamed)}; ${b.clusters} clusters, ${b.corePoints} core, ${b.noise} noise\n`);
    if (a.clusters !== b.clusters || a.corePoints !== b.corePoints || a.noise !== b.noise) throw new Error('the two DBSCAN runs disagree');

    // Gi* on 500 m hexagons: cells counted in the database (only the counts sent) and streamed.
    const gistar = ['analyze', 'gistar', url, '--layer', 'incidents', '--cell-size', '500', '--json'];
    const giDb = measure(process.execPath, [BIN, ...gistar], env);
    check('Gi* in the database', giDb);
    const giStreamed = measure(process.execPath, [BIN, ...gistar], { ...env, FRONTERA_PUSHDOWN_MIN_POINTS: String(Number.MAX_SAFE_INTEGER) });
    check('Gi* streamed', giStreamed);
    const hot = (m: Measure) => {
      const s = JSON.parse(m.stdout).summary as Record<string, number>;
      return { text: `${s.cells} cells, ${s.hot99 + s.hot95 + s.hot90} hot, ${s.cold99 + s.cold95 + s.cold90} cold`, summary: JSON.stringify(s) };
    };
    const [g1, g2] = [hot(giDb), hot(giStreamed)];
    process.stdout.write(`  Gi* on 500 m hexagons over ${n.toLocaleString('en-US')} incidents:\n`);
    process.stdout.write(`    cells counted in the database:            ${fmt(giDb)}; ${g1.text}\n`);
    process.stdout.write(`    streamed to this process:                 ${fmt(giStreamed)}; ${g2.text}\n`);
    if (g1.summary !== g2.summary) throw new Error('the two Gi* runs disagree');
  } finally {
    stopCluster(dir);
  }
}
