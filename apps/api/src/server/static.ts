import express, { type Express } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Serves the built single-page dashboard; unknown paths get its index so that client-side routes work on reload.
 * Without `sourceMaps` (production), a source map is answered 404 even where the build left one: it would hand
 * anyone the dashboard's source, comments included.
 */
export function serveDashboard(app: Express, dir: string, options: { sourceMaps: boolean }): void {
  const index = join(dir, 'index.html');
  if (!options.sourceMaps) {
    app.get(/\.map$/i, (_req, res) => {
      res.status(404).type('text/plain').send('Not found.');
    });
  }
  if (!existsSync(index)) {
    app.get('/', (_req, res) => {
      res.type('text/plain').send('The Kinroom dashboard has not been built: run `pnpm run build`.');
    });
    return;
  }
  app.use(express.static(dir, { index: false, maxAge: '1h', immutable: false }));
  app.get(/^\/(?!graphql).*/, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
