/**
 * A throwaway PostgreSQL 15 + PostGIS cluster for the tests and the team bench: initdb into a
 * temporary folder, listening on a free loopback port only (and a socket in that folder), with
 * password (SCRAM) authentication so the tests exercise PGPASSWORD and ~/.pgpass. One cluster per
 * test run, shared by every test file through a lock folder: the first file that needs it starts
 * it, the others wait for its `ready` file; the vitest global setup (pgGlobalSetup.ts) stops it
 * and removes the folder when the run ends. Nothing here ever connects to any other server.
 *
 * initdb and postgres refuse to run as root: as root (CI) they run as `nobody`, which owns the
 * cluster's folder; as anyone else, as that user.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const PG_BIN = process.env.FRONTERA_PG_BIN ?? '/usr/lib/postgresql/15/bin';
/** The superuser the tests administer the cluster as (its password is the cluster's own, in `ready`). */
export const ADMIN = 'frontera_admin';
/** A database holding the postgis extension, copied for each test database. */
const TEMPLATE = 'frontera_template';

export interface Cluster {
  dir: string;
  host: string;
  port: number;
  adminPassword: string;
}

/** The run's cluster folder: one per vitest run (its global setup names it), else one per process. */
function clusterDir(): string {
  return process.env.FRONTERA_PG_CLUSTER_DIR ?? path.join(os.tmpdir(), `frontera-pg-${process.pid}`);
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a PostgreSQL binary as the cluster's owner. */
function runPg(bin: string, args: string[]): void {
  const cmd = path.join(PG_BIN, bin);
  const [file, argv] = asRoot ? ['setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', '--', cmd, ...args]] : [cmd, args];
  const r = spawnSync(file, argv, { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts the run's cluster, or waits for the test file that is starting it. */
export async function startCluster(dir = clusterDir()): Promise<Cluster> {
  const readyFile = path.join(dir, 'ready.json');
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  let mine = false;
  try {
    fs.mkdirSync(dir, { mode: 0o755 });
    mine = true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  if (!mine) {
    for (let waited = 0; !fs.existsSync(readyFile); waited += 200) {
      if (fs.existsSync(path.join(dir, 'failed'))) throw new Error(`the test cluster in ${dir} failed to start: ${fs.readFileSync(path.join(dir, 'failed'), 'utf8')}`);
      if (waited > 180_000) throw new Error(`the test cluster in ${dir} did not start within 3 minutes`);
      await sleep(200);
    }
    return JSON.parse(fs.readFileSync(readyFile, 'utf8')) as Cluster;
  }
  try {
    const adminPassword = crypto.randomBytes(18).toString('base64url');
    const data = path.join(dir, 'data');
    const pwfile = path.join(dir, 'pwfile');
    fs.writeFileSync(pwfile, adminPassword + '\n', { mode: 0o600 });
    if (asRoot) execFileSync('chown', ['-R', 'nobody:nogroup', dir]);
    runPg('initdb', ['-D', data, '-U', ADMIN, '--pwfile', pwfile, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-sync']);
    fs.rmSync(pwfile);
    const port = await freePort();
    const options = [
      '-c listen_addresses=127.0.0.1',
      `-p ${port}`,
      `-c unix_socket_directories=${dir}`,
      // A scratch cluster: nothing to make durable.
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=100',
      '-c shared_buffers=64MB',
    ].join(' ');
    runPg('pg_ctl', ['-D', data, '-o', options, '-l', path.join(dir, 'server.log'), '-w', '-t', '120', 'start']);
    const cluster: Cluster = { dir, host: '127.0.0.1', port, adminPassword };
    const admin = await adminClient(cluster, 'postgres');
    try {
      await admin.query(`CREATE DATABASE ${TEMPLATE}`);
    } finally {
      await admin.end();
    }
    const tpl = await adminClient(cluster, TEMPLATE);
    try {
      await tpl.query('CREATE EXTENSION postgis');
    } finally {
      await tpl.end();
    }
    fs.writeFileSync(readyFile + '.tmp', JSON.stringify(cluster));
    fs.renameSync(readyFile + '.tmp', readyFile);
    return cluster;
  } catch (e) {
    fs.writeFileSync(path.join(dir, 'failed'), String((e as Error).message));
    throw e;
  }
}

/** Stops the cluster in `dir` (if one was started there) and removes the folder. */
export function stopCluster(dir = clusterDir()): void {
  if (!fs.existsSync(dir)) return;
  const data = path.join(dir, 'data');
  if (fs.existsSync(path.join(data, 'postmaster.pid'))) {
    try {
      runPg('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // Already gone.
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

export async function adminClient(c: Cluster, database: string): Promise<pg.Client> {
  const client = new pg.Client({ host: c.host, port: c.port, user: ADMIN, password: c.adminPassword, database });
  await client.connect();
  return client;
}

let counter = 0;

/** A new database (PostGIS installed) for one test file or test; its name. */
export async function createDatabase(c: Cluster, prefix = 'test'): Promise<string> {
  const name = `${prefix}_${process.pid}_${++counter}_${crypto.randomBytes(3).toString('hex')}`;
  const admin = await adminClient(c, 'postgres');
  try {
    // CREATE DATABASE copies a template no one else is connected to: retry while another file copies it.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE}`);
        break;
      } catch (e) {
        if (attempt > 50 || !/being accessed by other users/.test((e as Error).message)) throw e;
        await sleep(100 + Math.random() * 200);
      }
    }
  } finally {
    await admin.end();
  }
  return name;
}
