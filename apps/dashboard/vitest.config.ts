import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

/** Component and unit tests for the pieces with logic, in happy-dom. */
export default defineConfig({
  plugins: [vue()],
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'happy-dom',
  },
});
