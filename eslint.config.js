import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Libraries the core is built from; a chat SDK never belongs here. */
const CORE_LIBRARIES = [
  'zod',
  'kysely',
  'better-sqlite3',
  'pg',
  'graphile-worker',
  'ts-fsrs',
  'chart.js',
  '@napi-rs/canvas',
  'pino',
  'pino-pretty',
  'prom-client',
  'csv-parse',
  'csv-stringify',
  'gift-pegjs',
  'htmlparser2',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'dist.*/',
      '.dist-*/',
      'data/',
      'coverage/',
      'artifacts/',
      'bench-results/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-imports': 'off',
    },
  },
  // Layering, as allow-lists: a new chat SDK or a new adapter cannot slip past a deny-list.
  // The math core imports only itself and the two dependency-free leaves it answers in.
  {
    files: ['src/scaling/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\./[^/]+$|\\.\\./(worked|input-error)\\.js$)',
              message: 'src/scaling imports only itself, src/worked.ts and src/input-error.ts.',
            },
          ],
        },
      ],
    },
  },
  // commands/ builds on the core; it never knows a chat platform or the runtime above it.
  {
    files: ['commands/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: String.raw`^(?!\./[^/]+$|\.\./src/|zod$|node:)|/(adapters|runtime)/`,
              message: 'commands/ imports the core, zod and Node built-ins only.',
            },
          ],
        },
      ],
    },
  },
  // The command runtime sits between commands/ and the adapters: it never knows a platform.
  {
    files: ['src/runtime/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: String.raw`^(?!\.\.?/|node:|zod$)|/adapters/`,
              message:
                'src/runtime imports commands/, the core, zod and Node built-ins only — never an adapter or a chat SDK.',
            },
          ],
        },
      ],
    },
  },
  // The core knows neither the platforms nor the commands built on it: its own files, Node's
  // built-ins and the libraries it is made of.
  {
    files: [
      'src/charts/**',
      'src/quiz/**',
      'src/flashcards/**',
      'src/store/**',
      'src/games/**',
      'src/course/**',
      'src/content/**',
      'src/text/**',
      'src/http/**',
      'src/*.ts',
    ],
    ignores: ['src/main.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: String.raw`^(?!\.\.?/|node:|(${CORE_LIBRARIES.join('|')})(/[\w./-]+)?$)|/(adapters|commands|runtime)/`,
              message:
                'The core imports only itself, Node built-ins and its own libraries (eslint.config.js CORE_LIBRARIES) — never an adapter, a chat SDK or commands/.',
            },
          ],
        },
      ],
    },
  },
);
