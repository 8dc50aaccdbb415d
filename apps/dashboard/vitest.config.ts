import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

/** Component and unit tests for the pieces with logic, in happy-dom. */
export default defineConfig({
  plugins: [vue()],
  // The domain's recurrence reads rrule as the CommonJS package Node loads; its ES build has no default export.
  resolve: { alias: [{ find: /^rrule$/, replacement: 'rrule/dist/es5/rrule.js' }] },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'happy-dom',
  },
});
