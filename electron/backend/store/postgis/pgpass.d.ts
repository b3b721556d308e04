/** The `pgpass` package (the password file reader node-postgres uses) ships no types. */
declare module 'pgpass' {
  function pgpass(connInfo: { host?: string; port?: number; database?: string; user?: string }, callback: (password: string | undefined) => void): void;
  export default pgpass;
}
