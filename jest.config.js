/**
 * Two projects: `unit` (specs beside the code, no I/O) and `integration` (suites under test/, on the
 * real PostgreSQL/Redis when they answer, PGlite and the in-process queue otherwise — see
 * scripts/test.js).
 */
const moduleNameMapper = {
  '^@app/(core|contracts|enterprises|rules|policies|approvals|payouts|sandbox|appeals)$': '<rootDir>/libs/$1/src',
  '^@app/(core|contracts|enterprises|rules|policies|approvals|payouts|sandbox|appeals)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
};
const common = { rootDir: __dirname, moduleFileExtensions: ['ts', 'js', 'json'], testEnvironment: 'node', transform, moduleNameMapper };

module.exports = {
  // Jest's default on a 2-core machine is one worker; two keep both cores busy (the integration
  // suites wait on PostgreSQL and Redis much of the time) and keep .ci/run well under 20 minutes.
  maxWorkers: 2,
  projects: [
    // apps/console has its own runners: Vitest (*.test.ts) and Playwright (e2e/*.spec.ts).
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'], testPathIgnorePatterns: ['/node_modules/', '<rootDir>/apps/console/'] },
    {
      ...common,
      displayName: 'integration',
      testTimeout: 120_000,
      testMatch: ['<rootDir>/test/**/*.int-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/support/env.setup.ts'],
    },
  ],
};
