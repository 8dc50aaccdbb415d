import express from 'express';
import { logChildReads, type AuditedOperation } from '../access/access-log.service.js';
import { assertMayProduceCourtBundle } from '../access/index.js';
import { bearerToken, signedIn } from '../auth/viewer.js';
import { KinroomError, notFound, type ERROR_CODES } from '../common/errors.js';
import { isUuid } from '../common/uuid.js';
import type { Config } from '../config/config.js';
import type { Orm } from '../db/orm.js';
import { makeFormatError, type ErrorLogger } from '../graphql/format-error.js';
import { evidenceKeys } from '../observations/evidence-keys.js';
import { bundleRange, gatherCourtBundle, type CourtBundle } from './bundle.data.js';
import { renderCourtBundle } from './bundle.pdf.js';

export const COURT_BUNDLE_PATH = '/api/children/:id/court-bundle.pdf';

/** What the access log names as the operation that read the child. */
const OPERATION: AuditedOperation = { rootFields: 'GET court-bundle.pdf', clientName: null };

const STATUS: Partial<Record<keyof typeof ERROR_CODES, number>> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  SERVICE_UNAVAILABLE: 503,
};

/**
 * `GET /api/children/:id/court-bundle.pdf?from=YYYY-MM-DD&to=YYYY-MM-DD` (docs/court-bundle.md): the child's whole
 * contact history over the range as a PDF, for the child's social worker, with the same bearer token as GraphQL.
 * Refusals are JSON in the shape of a GraphQL error, with the API's stable codes: a bad range 400, no or a bad token
 * 401, a role that produces no bundle 403, a child that is not theirs (or does not exist) 404. The bundle's
 * production is written to the access log before any of it is sent, and nothing of it is kept by a cache.
 */
export function courtBundleRoute(
  config: Config,
  orm: Orm,
  clock: () => Date,
  log: ErrorLogger,
): express.Router {
  const router = express.Router();
  const format = makeFormatError(log, { hideHints: true });
  router.get(COURT_BUNDLE_PATH, async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    try {
      const em = orm.em.fork();
      const session = await signedIn(em, bearerToken(req.headers.authorization), config.jwtSecrets);
      if (!session) throw new KinroomError('UNAUTHENTICATED');
      const viewer = session.viewer;
      const range = bundleRange(req.query.from, req.query.to);
      const childId = req.params.id;
      if (!isUuid(childId)) throw notFound('child');
      await assertMayProduceCourtBundle(em, viewer, childId);
      const now = clock();
      const bundle = await gatherCourtBundle(
        em,
        viewer,
        OPERATION,
        await evidenceKeys(config),
        childId,
        range,
        now,
      );
      await logChildReads(em, viewer, OPERATION, [
        {
          childId,
          fields: [
            'sessions',
            'attendance',
            'observations',
            'amendments',
            'flags',
            'agreements',
            'evidence_chain',
          ],
          reason: `court bundle produced for ${range.from} to ${range.to}`,
        },
      ]);
      const pdf = await renderCourtBundle(bundle);
      res
        .status(200)
        .type('application/pdf')
        .setHeader('Content-Disposition', `attachment; filename="${bundleFileName(bundle)}"`)
        .send(pdf);
    } catch (err) {
      refuse(res, err, format);
    }
  });
  return router;
}

/** `court-bundle-MS-2026-01-01-to-2026-06-30.pdf`: the child's initials, never their name, and the range. */
export function bundleFileName(b: {
  child: Pick<CourtBundle['child'], 'firstName' | 'lastName'>;
  range: CourtBundle['range'];
}): string {
  const initials = `${b.child.firstName} ${b.child.lastName}`
    .split(/\s+/)
    .map((part) => part.normalize('NFD').replace(/[^A-Za-z]/g, '')[0] ?? '')
    .join('')
    .toUpperCase();
  return `court-bundle-${initials || 'child'}-${b.range.from}-to-${b.range.to}.pdf`;
}

/** A refusal or a fault as JSON, formatted by the API's one error formatter (codes kept, internals logged). */
function refuse(res: express.Response, err: unknown, format: ReturnType<typeof makeFormatError>) {
  const error = format({ message: '' }, err);
  const code = String(error.extensions?.code ?? '');
  res.status(STATUS[code as keyof typeof ERROR_CODES] ?? 500).json({ errors: [error] });
}
