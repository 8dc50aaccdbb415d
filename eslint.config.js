import js from '@eslint/js';
import pluginVue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';
import vueParser from 'vue-eslint-parser';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/.turbo/**',
      '.tools/**',
      '.data/**',

      'packages/schema/src/generated/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    // Single-file components: the template is read by Vue's parser, `<script setup lang="ts">` by TypeScript's.
    files: ['**/*.vue'],
    languageOptions: {
      parser: vueParser,
      parserOptions: { parser: tseslint.parser, sourceType: 'module', extraFileExtensions: ['.vue'] },
    },
    rules: {
      // Prettier owns the layout of templates; these rules would fight it.
      ...pluginVue.configs['no-layout-rules'].rules,
      // vue-tsc checks names in components, as tsc does in .ts files (where typescript-eslint turns this off too).
      'no-undef': 'off',
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through config/ only.' },
      ],
    },
  },
  {
    files: ['**/config/**', '**/*.config.*', '**/test/**', '**/e2e/**', 'scripts/**', '**/scripts/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
