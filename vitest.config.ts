import { defineConfig } from 'vitest/config';

// Store-backed tests that run a second time on PostgreSQL when TEST_DATABASE_URL is set
// (.ci/run starts a throwaway cluster); they open their store with test/store/test-store.ts.
const POSTGRES_FILES = [
  'test/store/store.test.ts',
  'test/quiz/engine.test.ts',
  'test/quiz/streak.test.ts',
  'test/quiz/numeric.test.ts',
  'test/quiz/answer-race.test.ts',
  'test/quiz/pause.test.ts',
  'test/flashcards/engine.test.ts',
  'test/flashcards/store.test.ts',
  'test/flashcards/grade-race.test.ts',
  'test/games/session.test.ts',
  // (test/games/deadline-retry.test.ts fails SQLite on purpose; test/store/postgres.test.ts cuts PostgreSQL.)
];
const postgres = process.env.TEST_DATABASE_URL?.trim();
// One line, once (the config is read again for each project).
if (!postgres && !process.env.VITEST_WORKER_ID && !process.env.TUTOR_PG_NOTICE) {
  process.env.TUTOR_PG_NOTICE = '1';
  console.log('PostgreSQL tests skipped: TEST_DATABASE_URL is not set (.ci/run sets it).');
}

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2 } },
    projects: [
      {
        extends: true,
        // Tests that check logs capture them with their own logger; the rest stay quiet.
        test: { name: 'main', include: ['test/**/*.test.ts'], env: { LOG_LEVEL: 'silent' } },
      },
      ...(postgres
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                include: POSTGRES_FILES,
                env: { LOG_LEVEL: 'silent', TEST_STORE: 'postgres' },
              },
            },
          ]
        : []),
    ],
  },
});
