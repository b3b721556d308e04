import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/bench/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The team-workspace tests' PostgreSQL cluster: one per run, stopped at its end.
    globalSetup: ['test/support/pgGlobalSetup.ts'],
    reporters: ['default'],
  },
});
