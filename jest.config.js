// Unit tests sit beside the code (*.spec.ts); end-to-end tests in test/ boot the real apps
// against real PostgreSQL and Redis (each file on its own cloned database and Redis prefix).
const base = {
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Type checking is `npm run typecheck`'s job; tests only transpile, which keeps them fast.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  moduleNameMapper: { '^@kedai/([a-z0-9-]+)(/.*)?$': '<rootDir>/libs/$1/src$2' },
};

module.exports = {
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,db}/**/*.spec.ts'] },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
  maxWorkers: 2,
  testTimeout: 60_000,
};
