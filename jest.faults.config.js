/**
 * The fault scenarios (`npm run test:faults`): each starts its own PostgreSQL and Redis and the built server as
 * processes, and breaks them. Kept out of `npm test` (their files end in `.fault.ts`) and run one at a time.
 */
export default {
  displayName: 'faults',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/faults/**/*.fault.ts'],
  // A scenario starts servers, loads them and waits for them to recover (a stalled deadline job up to two minutes).
  testTimeout: 240_000,
  maxWorkers: 1,
};
