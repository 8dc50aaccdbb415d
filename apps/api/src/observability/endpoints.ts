import { createHash, timingSafeEqual } from 'node:crypto';
import express from 'express';
import type { Config } from '../config/config.js';
import type { ReadinessProbe } from './health.js';
import type { KinroomMetrics } from './metrics.js';

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Whether the request carries `Authorization: Bearer <token>`, compared in constant time. */
function carriesToken(req: express.Request, token: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return !!m && timingSafeEqual(digest(m[1]!), digest(token));
}

/**
 * /healthz, /readyz and /metrics, for the data centre's probes and Prometheus: never cached, never logged per
 * request, and answering nothing about anyone. Registered before the dashboard, whose pages answer any other path.
 */
export function observabilityRoutes(
  config: Config,
  readiness: ReadinessProbe,
  metrics: KinroomMetrics,
): express.Router {
  const router = express.Router();
  router.use(['/healthz', '/readyz', '/metrics'], (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // The process answers: nothing else is asked, so a slow database never gets a live process restarted.
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const { ready, failing } = await readiness.check();
    if (ready) res.json({ status: 'ready' });
    else res.status(503).json({ status: 'not ready', failing });
  });
  router.get('/metrics', async (req, res) => {
    if (!config.metricsToken) {
      res.status(404).type('text/plain').send('Not found.');
      return;
    }
    if (!carriesToken(req, config.metricsToken)) {
      res.status(401).setHeader('WWW-Authenticate', 'Bearer').type('text/plain').send('Unauthorized.');
      return;
    }
    const text = await metrics.scrape();
    res.type(metrics.contentType).send(text);
  });
  return router;
}
