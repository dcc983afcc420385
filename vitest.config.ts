import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Names the run so compileForChild emits the tree once for all test files that spawn a child process.
    globalSetup: ['test/support/child-build-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: {
      SNOWFLAKE_DISABLE_PLATFORM_DETECTION: 'true',
      SF_TELEMETRY_DISABLE_CONNECTION_SHAPE: '1',
    },
  },
});
