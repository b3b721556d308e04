/** The `pgpass` package's parser (the password file reader node-postgres uses) ships no types. */
declare module 'pgpass/lib/helper.js' {
  import type { Stats } from 'node:fs';

  interface Entry {
    host: string;
    port: string;
    database: string;
    user: string;
    password: string;
  }
  const helper: {
    /** PGPASSFILE, else ~/.pgpass. */
    getFileName(env?: NodeJS.ProcessEnv): string;
    /** False (with libpq's warning on stderr) for a file others may read, or not a regular file. */
    usePgPass(stats: Stats, file: string): boolean;
    /** One line as libpq reads it (`\:` and `\\` unescaped); null for a comment or a short line. */
    parseLine(line: string): Entry | null;
    isValidEntry(entry: Entry): boolean;
    match(conn: { host: string; port: number; database: string; user: string }, entry: Entry): boolean;
  };
  export default helper;
}
