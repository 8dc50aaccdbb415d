import express, { type Express } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Serves the built single-page dashboard; unknown paths get its index so that client-side routes work on reload. */
export function serveDashboard(app: Express, dir: string): void {
  const index = join(dir, 'index.html');
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
