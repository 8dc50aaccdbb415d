import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [vue()],
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
