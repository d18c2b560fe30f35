import { defineConfig } from 'vitest/config'

// Unit tests sit beside their module (*.test.ts); tests that need sockets,
// processes or fixtures live under test/. Both run in one `npm test`.
export default defineConfig({
  test: {
    include: ['simulators/**/*.test.ts', 'harness/**/*.test.ts', 'dispatcher/**/*.test.ts', 'scenarios/**/*.test.ts', 'reports/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    // One fresh TMPDIR for the whole run, removed at its end; what tests leave there is named (test/support/temp-root.ts).
    globalSetup: ['test/support/temp-root.ts'],
  },
})
