import { createRequire } from 'node:module';
import { configDefaults, defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * Tests that load the whole machine (thousands of requests, processes killed, a database stopped): they run after
 * the others, one at a time, so that no other test's timing suffers from them and theirs from no other.
 */
const UNDER_LOAD = ['test/hardening/fuzz.int.test.ts', 'test/hardening/faults.int.test.ts'];

export default defineConfig({
  resolve: {
    // One copy of graphql, or type-graphql's types and the executor's come from different realms.
    alias: { graphql: require.resolve('graphql') },
  },
  test: {
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default', './test/hardening/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'api',
          exclude: [...configDefaults.exclude, ...UNDER_LOAD],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'under-load',
          include: UNDER_LOAD,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
