/**
 * A team workspace's address and how to connect to it, by libpq's conventions so a GIS shop's
 * existing setup works unchanged: `postgresql://USER@HOST:PORT/DB?schema=NAME` (or
 * `postgres://`), PGHOST/PGPORT/PGUSER/PGDATABASE for what the URL leaves out, the password
 * from PGPASSWORD or the password file (~/.pgpass, or PGPASSFILE), TLS as `sslmode` and
 * `sslrootcert` say.
 *
 * A password never travels with the workspace: one written in the URL is refused (the URL is
 * shown, kept in the recent list and written into provenance), and the password is looked up
 * each time a connection opens — never stored on an object, in a message or in the audit log.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import pg from 'pg';
import pgpass from 'pgpass/lib/helper.js';
import { UserError } from '../../../../shared/errors.ts';

const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
type SslMode = (typeof SSL_MODES)[number];

/** Query parameters a workspace URL may carry (libpq's that matter here, and `schema`). */
const PARAMETERS = ['schema', 'sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'host', 'port', 'user', 'dbname', 'application_name', 'connect_timeout'];

/** Where the workspace is, with everything resolved but the password. */
export interface TeamAddress {
  /** The URL as shown to people: as given, never with a password. */
  location: string;
  host: string;
  port: number;
  user: string;
  database: string;
  schema: string;
  sslmode: SslMode;
  sslrootcert: string | null;
  sslcert: string | null;
  sslkey: string | null;
  applicationName: string;
  connectTimeoutSeconds: number | null;
}

/** A PostgreSQL identifier, quoted. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function defaultHost(env: NodeJS.ProcessEnv): string {
  if (env.PGHOST) return env.PGHOST;
  // libpq's default is its Unix socket; Debian's server puts it here.
  return fs.existsSync('/var/run/postgresql') ? '/var/run/postgresql' : 'localhost';
}

/** Parses a workspace URL; a UserError names what is wrong (and never repeats a password). */
export function parseTeamUrl(url: string, env: NodeJS.ProcessEnv = process.env): TeamAddress {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UserError('not a valid team workspace URL: expected postgresql://USER@HOST:PORT/DATABASE?schema=NAME');
  }
  if (u.protocol !== 'postgresql:' && u.protocol !== 'postgres:') {
    throw new UserError(`a team workspace URL starts with postgresql:// (got ${u.protocol}//)`);
  }
  if (u.password !== '') {
    // The message must not echo the URL: it holds the password.
    throw new UserError(
      'a team workspace URL must not hold a password (it is shown, kept in the recent workspaces and written into provenance): ' +
        'give it in PGPASSWORD or in ~/.pgpass (hostname:port:database:username:password, mode 0600)',
    );
  }
  const unknown = [...u.searchParams.keys()].filter((k) => !PARAMETERS.includes(k));
  if (unknown.length) throw new UserError(`unknown parameter${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} in the team workspace URL (known: ${PARAMETERS.join(', ')})`);
  const q = (k: string) => u.searchParams.get(k) ?? undefined;
  const hostInUrl = decodeURIComponent(u.hostname);
  if (hostInUrl.includes(',')) throw new UserError('a team workspace URL names one host (libpq lists of hosts are not supported)');
  const host = q('host') ?? (hostInUrl !== '' ? hostInUrl.replace(/^\[(.*)\]$/, '$1') : defaultHost(env));
  const portText = q('port') ?? (u.port !== '' ? u.port : (env.PGPORT ?? '5432'));
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UserError(`port ${portText} in the team workspace URL is not a port number`);
  const user = q('user') ?? (u.username !== '' ? decodeURIComponent(u.username) : (env.PGUSER ?? os.userInfo().username));
  const pathDb = decodeURIComponent(u.pathname.replace(/^\//, ''));
  const database = q('dbname') ?? (pathDb !== '' ? pathDb : (env.PGDATABASE ?? user));
  const schema = q('schema') ?? 'frontera';
  if (schema === '' || schema.length > 63) throw new UserError(`schema "${schema}" in the team workspace URL must be 1 to 63 characters`);
  const sslmode = (q('sslmode') ?? env.PGSSLMODE ?? 'prefer') as SslMode;
  if (!SSL_MODES.includes(sslmode)) throw new UserError(`sslmode=${sslmode} in the team workspace URL: use one of ${SSL_MODES.join(', ')}`);
  const timeout = q('connect_timeout') ?? env.PGCONNECT_TIMEOUT;
  const connectTimeoutSeconds = timeout === undefined ? null : Number(timeout);
  if (connectTimeoutSeconds !== null && !(connectTimeoutSeconds >= 0)) throw new UserError(`connect_timeout=${timeout} in the team workspace URL is not a number of seconds`);
  return {
    location: url,
    host,
    port,
    user,
    database,
    schema,
    sslmode,
    sslrootcert: q('sslrootcert') ?? env.PGSSLROOTCERT ?? null,
    sslcert: q('sslcert') ?? env.PGSSLCERT ?? null,
    sslkey: q('sslkey') ?? env.PGSSLKEY ?? null,
    applicationName: q('application_name') ?? 'frontera',
    connectTimeoutSeconds,
  };
}

/**
 * The password libpq would use: PGPASSWORD, else the password file's first matching line
 * (hostname:port:database:username:password, `*` matching anything; ignored unless mode 0600).
 * A socket connection matches `localhost`, as libpq's does. The lines are parsed by the `pgpass`
 * package's parser; its own lookup hands back the last match of a chunk, not libpq's first.
 */
export function lookupPassword(a: TeamAddress): string | undefined {
  if (process.env.PGPASSWORD !== undefined) return process.env.PGPASSWORD;
  const file = pgpass.getFileName(process.env);
  let stats: fs.Stats;
  try {
    stats = fs.statSync(file);
  } catch {
    return undefined;
  }
  if (!pgpass.usePgPass(stats, file)) return undefined;
  const conn = { host: a.host.startsWith('/') ? 'localhost' : a.host, port: a.port, database: a.database, user: a.user };
  for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
    const entry = pgpass.parseLine(line);
    if (entry && pgpass.isValidEntry(entry) && pgpass.match(conn, entry)) return entry.password;
  }
  return undefined;
}

function readFile(file: string, what: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    throw new UserError(`cannot read the ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/**
 * The TLS options of a connection attempt; null for none. libpq's modes: `require` encrypts
 * without checking the server unless a root certificate is at hand (then as verify-ca);
 * `verify-ca` checks the chain, `verify-full` the chain and the host name. `prefer` (the
 * default) and `allow` try both ways (see connectionConfigs).
 */
function tlsOptions(a: TeamAddress, mode: SslMode): ConnectionOptions | null {
  if (mode === 'disable' || mode === 'allow' || mode === 'prefer') return null;
  const defaultRoot = path.join(os.homedir(), '.postgresql', 'root.crt');
  const rootFile = a.sslrootcert ?? (fs.existsSync(defaultRoot) ? defaultRoot : null);
  const opts: ConnectionOptions = {};
  if (a.sslcert) opts.cert = readFile(a.sslcert, 'client certificate (sslcert)');
  if (a.sslkey) opts.key = readFile(a.sslkey, 'client key (sslkey)');
  // sslrootcert=system: the machine's own trusted authorities, as libpq 16 takes it.
  if (rootFile && rootFile !== 'system') opts.ca = readFile(rootFile, 'root certificate (sslrootcert)');
  if (mode === 'require' && !rootFile) return { ...opts, rejectUnauthorized: false };
  if (mode === 'verify-ca' || mode === 'verify-full') {
    if (!rootFile) {
      throw new UserError(`sslmode=${mode} needs the server's root certificate: give sslrootcert=FILE in the URL or put it in ${defaultRoot}`);
    }
  }
  opts.rejectUnauthorized = true;
  if (mode !== 'verify-full') opts.checkServerIdentity = () => undefined;
  return opts;
}

/**
 * bigint (int8) columns as numbers: ids, counts and epoch milliseconds all lie well inside 2^53,
 * and the store hands numbers on as the file's does.
 */
const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === pg.types.builtins.INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, (format ?? 'text') as 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * The connection settings to try in order: `prefer` tries TLS first and then without, `allow` the
 * other way round. `password` is one the analyst typed in the app (its publish and open dialogs):
 * held only in this closure, for the pool's life, and used before PGPASSWORD and ~/.pgpass.
 */
export function connectionConfigs(a: TeamAddress, password?: string): pg.PoolConfig[] {
  const base: pg.PoolConfig = {
    host: a.host,
    port: a.port,
    user: a.user,
    database: a.database,
    // Looked up for each connection, never kept on this object.
    // pg takes an undefined answer as "no password" (the server may not ask for one).
    password: (() => password ?? lookupPassword(a)) as () => string,
    application_name: a.applicationName,
    types: TYPES,
    ...(a.connectTimeoutSeconds ? { connectionTimeoutMillis: a.connectTimeoutSeconds * 1000 } : {}),
  };
  const tls = (rejectUnauthorized: boolean): ConnectionOptions => ({ ...(tlsOptions(a, 'require') ?? {}), rejectUnauthorized });
  switch (a.sslmode) {
    case 'disable':
      return [{ ...base, ssl: false }];
    case 'allow':
      return [{ ...base, ssl: false }, { ...base, ssl: tls(false) }];
    case 'prefer':
      return [{ ...base, ssl: tls(false) }, { ...base, ssl: false }];
    default:
      return [{ ...base, ssl: tlsOptions(a, a.sslmode) ?? false }];
  }
}

/** Whether a failed attempt may be retried the other way (TLS or not) under `prefer` / `allow`. */
function worthOtherWay(e: unknown): boolean {
  const m = (e as Error)?.message ?? '';
  return /does not support SSL|no pg_hba\.conf entry|SSL off|no encryption|SSL connection/i.test(m);
}

/**
 * What a connection failure means, for people: never the driver's object or a config, which
 * could hold what the password lookup returned.
 */
export function connectionError(a: TeamAddress, e: unknown): Error {
  const err = e as { code?: string; message?: string };
  const where = `${a.user}@${a.host}:${a.port}/${a.database}`;
  switch (err?.code) {
    case 'ECONNREFUSED':
      return new UserError(`cannot reach the team workspace at ${where}: the connection was refused (is the server running, and listening there?)`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new UserError(`cannot reach the team workspace at ${where}: host "${a.host}" is unknown`);
    case 'ETIMEDOUT':
      return new UserError(`cannot reach the team workspace at ${where}: the connection timed out`);
    case 'ENOENT':
      return new UserError(`cannot reach the team workspace at ${where}: no server socket in ${a.host}`);
    case '28P01':
      return new UserError(`the server refused the password for role "${a.user}" at ${where} (give it in PGPASSWORD or ~/.pgpass)`);
    case '28000':
      return new UserError(`the server does not let role "${a.user}" connect to ${where}: ${err.message ?? ''}`);
    case '3D000':
      return new UserError(`there is no database "${a.database}" at ${a.host}:${a.port}`);
  }
  if (/password must be a string|client password must be a string|SASL: SCRAM-SERVER-FIRST-MESSAGE: client password/i.test(err?.message ?? '')) {
    return new UserError(`the server at ${where} asks for a password for role "${a.user}": give it in PGPASSWORD or ~/.pgpass`);
  }
  return new UserError(`cannot open the team workspace at ${where}: ${err?.message ?? String(e)}`);
}

/** A pool of connections, TLS settled by a first connection (`prefer` falls back as libpq does). */
export async function connectPool(a: TeamAddress, max = 4, password?: string): Promise<pg.Pool> {
  const configs = connectionConfigs(a, password);
  let last: unknown;
  for (const [k, config] of configs.entries()) {
    const pool = new pg.Pool({ ...config, max, idleTimeoutMillis: 30_000 });
    // An idle connection the server drops is replaced on next use; the error must not kill the process.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    try {
      const c = await pool.connect();
      c.release();
      return pool;
    } catch (e) {
      last = e;
      await pool.end().catch(() => {});
      if (k === configs.length - 1 || !worthOtherWay(e)) break;
    }
  }
  throw connectionError(a, last);
}
