import vue from '@vitejs/plugin-vue';
import { createLogger, defineConfig, type Plugin } from 'vite';

/** A package's folder in a module id, however deeply pnpm nests it. */
const inPackages = (names: string): RegExp => new RegExp(`[\\\\/]node_modules[\\\\/](?:${names})[\\\\/]`);

/**
 * Libraries in chunks by what loads them. The first view's libraries (Vue, Apollo, the parts of graphql it uses)
 * come first, so no later group can pull them into a chunk of its own. GraphiQL's stack (React, its UI kit,
 * markdown, animation) is loaded only by the API explorer (a dynamic import): split by library so that no single
 * file is large and an upgrade of one leaves the others cached.
 */
const chunkGroups = [
  { name: 'vendor-vue', test: inPackages('vue|@vue|vue-router'), tags: ['$initial' as const], priority: 2 },
  // Bundler helpers (virtual modules, "\0...") go with them: GraphiQL's lazy imports use the same preload helper.
  { name: 'vendor', test: /[\\/]node_modules[\\/]|^\0/, tags: ['$initial' as const], priority: 1 },
  { name: 'explorer-react', test: inPackages('react|react-dom|scheduler') },
  {
    name: 'explorer-graphql',
    test: inPackages('graphql|graphql-language-service|vscode-languageserver-types'),
  },
  {
    name: 'explorer-markdown',
    test: inPackages('markdown-it|entities|linkify-it|mdurl|punycode\\.js|uc\\.micro'),
  },
  {
    name: 'explorer-motion',
    test: inPackages('framer-motion|motion-dom|motion-utils|popmotion|style-value-types'),
  },
  {
    name: 'explorer-ui',
    test: inPackages('@graphiql|@radix-ui|@headlessui|@floating-ui|@tanstack|@react-aria'),
  },
];

/**
 * GraphiQL's React components mark their modules "use client" (a React Server Components boundary) and React
 * Compiler's runtime marks itself "use no memo". A bundle for the browser has no server components and this build
 * runs no React Compiler, so dropping the directives changes nothing; the warning is silenced for these packages
 * only, and still speaks for any other.
 */
const reactDirectivePackages = inPackages('@radix-ui|react-compiler-runtime');

/**
 * A clean build prints no warning (docs/operations.md, "Installing on Linux and macOS"), so one that does fails at
 * its end: a new warning is acted on, not scrolled past. Every warning Vite and Rolldown print goes through this
 * logger.
 */
const logger = createLogger();
let warnings = 0;
for (const method of ['warn', 'warnOnce'] as const) {
  const print = logger[method];
  logger[method] = (message, options) => {
    warnings += 1;
    print(message, options);
  };
}
const failOnWarnings: Plugin = {
  name: 'kinroom:fail-on-warnings',
  apply: 'build',
  closeBundle() {
    if (warnings > 0) this.error(`the build printed ${warnings} warning(s); act on each one`);
  },
};

export default defineConfig({
  customLogger: logger,
  plugins: [vue(), failOnWarnings],
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
    // The budget for one file, in kB minified (docs/operations.md, "Installing on Linux and macOS").
    chunkSizeWarningLimit: 350,
    rolldownOptions: {
      output: { codeSplitting: { groups: chunkGroups } },
      // How long plugins took is a note on this machine's speed, not on the dashboard.
      checks: { bundlerTimings: false },
      onLog(level, log, handle) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE' && log.id && reactDirectivePackages.test(log.id)) return;
        handle(level, log);
      },
    },
  },
});
