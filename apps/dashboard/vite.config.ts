import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [vue()],
  // The domain's recurrence reads rrule as the CommonJS package Node loads; its ES build has no default export.
  resolve: { alias: [{ find: /^rrule$/, replacement: 'rrule/dist/es5/rrule.js' }] },
  server: {
    proxy: {
      // A development API answers only requests addressed to its own loopback name and port (docs/security.md), so
      // the proxy names the API, not this dev server. Vite refuses other hosts itself before anything is proxied.
      '/graphql': { target: 'http://127.0.0.1:4000', ws: true, changeOrigin: true, rewriteWsOrigin: true },
    },
  },
  build: {
    outDir: 'dist',
    sourcemap: true,
  },
});
