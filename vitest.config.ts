import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Tests that check logs capture them with their own logger; the rest stay quiet.
    env: { LOG_LEVEL: 'silent' },
    poolOptions: { forks: { maxForks: 2 } },
  },
});
