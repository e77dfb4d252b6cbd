import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration suites start their own servers on port 0; files in parallel stay independent.
    pool: 'forks',
    // `npm run coverage` only: each test file's V8 coverage goes to the merged report (test/coverage).
    setupFiles: process.env.AUDIAN_COVERAGE === '1' ? ['test/coverage/vitest-setup.ts'] : [],
  },
});
