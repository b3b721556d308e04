/**
 * A team workspace's URL and connection by libpq's conventions (connection.ts): what the URL,
 * the PG* variables and the password file give, as libpq's documentation says; a password never
 * taken from the URL nor repeated; sslmode's attempts and what verify-ca/verify-full require.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectionConfigs, connectionError, lookupPassword, parseTeamUrl } from '../../../electron/backend/store/postgis/connection.ts';
import { tempDir } from '../analysisService/helpers.ts';

const t = tempDir('frontera-teamurl-');
afterAll(() => t.cleanup());

describe('a team workspace URL', () => {
  it('gives host, port, user, database and schema, the PG* variables filling what it leaves out', () => {
    const a = parseTeamUrl('postgresql://ana@gis.example:5433/frontera?schema=sonora&sslmode=verify-full&sslrootcert=/etc/ca.pem', {});
    expect(a).toMatchObject({ host: 'gis.example', port: 5433, user: 'ana', database: 'frontera', schema: 'sonora', sslmode: 'verify-full', sslrootcert: '/etc/ca.pem' });
    const b = parseTeamUrl('postgres:///?schema=s', { PGHOST: 'db.local', PGPORT: '6000', PGUSER: 'bruno', PGDATABASE: 'gis', PGSSLMODE: 'require' });
    expect(b).toMatchObject({ host: 'db.local', port: 6000, user: 'bruno', database: 'gis', schema: 's', sslmode: 'require' });
    // libpq: the database defaults to the user's name; the schema to Frontera's.
    expect(parseTeamUrl('postgresql://carla@h/', {})).toMatchObject({ database: 'carla', schema: 'frontera', port: 5432, sslmode: 'prefer' });
  });

  it('refuses a password in the URL without repeating it, and names what else is wrong', () => {
    let message = '';
    try {
      parseTeamUrl('postgresql://ana:S3cr3t-xyz@h/db');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/must not hold a password.*PGPASSWORD or in ~\/\.pgpass/);
    expect(message).not.toContain('S3cr3t-xyz');
    expect(() => parseTeamUrl('postgresql://h/db?sslmode=maybe', {})).toThrow(/sslmode=maybe .* use one of disable, allow, prefer, require, verify-ca, verify-full/);
    expect(() => parseTeamUrl('postgresql://h/db?password=x', {})).toThrow(/unknown parameter password/);
    expect(() => parseTeamUrl('postgresql://h/db?port=99999', {})).toThrow(/port 99999 in the team workspace URL is not a port number/);
  });

  it('takes the password from PGPASSWORD, else the first matching line of the password file (libpq rules)', async () => {
    const file = path.join(t.dir, 'pgpass');
    fs.writeFileSync(
      file,
      ['# a comment', 'other:5432:*:ana:wrong-host', 'gis.example:5433:frontera:ana:first\\:colon', '*:*:*:ana:fallback', '*:*:*:bruno:bruno-pw'].join('\n') + '\n',
      { mode: 0o600 },
    );
    const saved = { file: process.env.PGPASSFILE, pw: process.env.PGPASSWORD };
    process.env.PGPASSFILE = file;
    delete process.env.PGPASSWORD;
    try {
      const a = parseTeamUrl('postgresql://ana@gis.example:5433/frontera', {});
      expect(await lookupPassword(a)).toBe('first:colon');
      expect(await lookupPassword(parseTeamUrl('postgresql://ana@elsewhere/frontera', {}))).toBe('fallback');
      expect(await lookupPassword(parseTeamUrl('postgresql://dora@elsewhere/frontera', {}))).toBeUndefined();
      process.env.PGPASSWORD = 'from-env';
      expect(await lookupPassword(a)).toBe('from-env');
      // A password file others may read is ignored, as libpq ignores it.
      delete process.env.PGPASSWORD;
      fs.chmodSync(file, 0o644);
      expect(await lookupPassword(a)).toBeUndefined();
    } finally {
      if (saved.file === undefined) delete process.env.PGPASSFILE;
      else process.env.PGPASSFILE = saved.file;
      if (saved.pw !== undefined) process.env.PGPASSWORD = saved.pw;
    }
  });

  it('tries TLS as sslmode says, and will not verify a server without its root certificate', () => {
    const configs = (q: string) => connectionConfigs(parseTeamUrl(`postgresql://ana@h/db?${q}`, {}));
    expect(configs('sslmode=disable').map((c) => c.ssl)).toEqual([false]);
    const prefer = configs('sslmode=prefer');
    expect(prefer).toHaveLength(2);
    expect(prefer[1].ssl).toBe(false);
    expect(configs('sslmode=allow')[0].ssl).toBe(false);
    expect(configs('sslmode=require')[0].ssl).toMatchObject({ rejectUnauthorized: false });
    expect(() => configs('sslmode=verify-full&sslrootcert=/nonexistent/ca.pem')).toThrow(/cannot read the root certificate \(sslrootcert\) \/nonexistent\/ca\.pem/);
    const ca = path.join(t.dir, 'ca.pem');
    fs.writeFileSync(ca, '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n');
    const full = configs(`sslmode=verify-full&sslrootcert=${ca}`)[0].ssl as { rejectUnauthorized: boolean; checkServerIdentity?: unknown };
    expect(full.rejectUnauthorized).toBe(true);
    expect(full.checkServerIdentity).toBeUndefined();
    const caOnly = configs(`sslmode=verify-ca&sslrootcert=${ca}`)[0].ssl as { checkServerIdentity?: unknown };
    expect(typeof caOnly.checkServerIdentity).toBe('function');
    // No config holds the password itself: it is looked up when a connection opens.
    for (const c of prefer) expect(typeof c.password).toBe('function');
  });

  it('says why a connection failed in words, without the driver objects', () => {
    const a = parseTeamUrl('postgresql://ana@gis.example:5433/frontera', {});
    expect(connectionError(a, { code: 'ECONNREFUSED' }).message).toBe(
      'cannot reach the team workspace at ana@gis.example:5433/frontera: the connection was refused (is the server running, and listening there?)',
    );
    expect(connectionError(a, { code: '28P01', message: 'password authentication failed for user "ana"' }).message).toMatch(/refused the password for role "ana"/);
    expect(connectionError(a, { code: '3D000' }).message).toBe('there is no database "frontera" at gis.example:5433');
  });
});
