import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
  // Layering: commands/ never knows about a chat platform...
  {
    files: ['commands/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['discord.js', '@slack/*', '**/adapters/**'] },
      ],
    },
  },
  // ...and the core knows neither the platforms nor the commands built on it.
  {
    files: [
      'src/scaling/**',
      'src/charts/**',
      'src/quiz/**',
      'src/flashcards/**',
      'src/store/**',
      'src/games/**',
      'src/content/**',
      'src/reply.ts',
      'src/interaction.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['discord.js', '@slack/*', '**/adapters/**', '**/commands/**'] },
      ],
    },
  },
);
