import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'coverage/', 'artifacts/', 'bench-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // Layering: the core and commands/ never know about a chat platform.
      'no-restricted-imports': 'off',
    },
  },
  {
    files: [
      'src/scaling/**',
      'src/charts/**',
      'src/quiz/**',
      'src/flashcards/**',
      'src/store/**',
      'src/games/**',
      'src/data/**',
      'src/reply.ts',
      'commands/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['discord.js', '@slack/*', '**/adapters/**'] },
      ],
    },
  },
);
