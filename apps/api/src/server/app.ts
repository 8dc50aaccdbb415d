import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Config } from '../config/config.js';
import { databaseOf, type Orm } from '../db/orm.js';
import type { GraphQLContext } from '../graphql/context.js';
import { buildKinroomSchema } from '../graphql/schema.js';
import { SharedMutationAllowance } from '../graphql/rate-limit.js';
import { CompilingExecutor } from '../graphql/executor.js';
import { TrustedDocuments } from '../graphql/trusted-documents.js';
import type { ErrorLogger } from '../graphql/format-error.js';
import { OperationPipeline } from '../graphql/pipeline.js';
import { bearerToken, signedIn, type SignedIn } from '../auth/viewer.js';
import { ERROR_CODES, KinroomError } from '../common/errors.js';
import { translateDatabaseError } from '../db/database-errors.js';
import { GraphQLError } from 'graphql';
import { serveDashboard } from './static.js';
import { courtBundleRoute } from '../bundle/bundle.route.js';
import { hostAllowed, HOST_REFUSED } from './host-check.js';
import { securityHeaders } from './security-headers.js';
import { handling } from '../observability/correlation.js';
import { observabilityRoutes } from '../observability/endpoints.js';
import { ReadinessProbe } from '../observability/health.js';
import { loggerFor } from '../observability/logger.js';
import { KinroomMetrics } from '../observability/metrics.js';
import { attachWebSocket } from './websocket/adapter.js';
import { LIMITS } from '../graphql/limits.js';
import { EventStream } from '../realtime/event-stream.js';
import { SubscriptionHub } from '../realtime/hub.js';
import { RoomBoardCache } from '../rooms/room-board.cache.js';
import { startEscalationJob } from '../safeguarding/escalation.job.js';
import { channelsFromConfig } from '../notifications/channels/index.js';
import { MessageEngine } from '../notifications/engine.js';

/** How often unacknowledged safeguarding flags are checked against their deadlines. */
const ESCALATION_CHECK_MS = 30_000;

export interface KinroomServer {
  httpServer: Server;
  /** The process's one reader of the event outbox, and its fan-out to subscribers. */
  events: EventStream;
  hub: SubscriptionHub;
  /** Plans and sends messages outside the dashboard (notifications/engine.ts); null when this process does not. */
  messages: MessageEngine | null;
  /** Runs operations: the trusted documents compiled at start-up, any other on graphql-js. */
  executor: CompilingExecutor;
  /** Resolves with the port actually bound (useful with port 0). */
  listen(): Promise<number>;
  close(): Promise<void>;
}

export class PortInUseError extends Error {}

/**
 * One Node process: GraphQL over HTTP and WebSocket at /graphql, and the built dashboard for every other path.
 */
export interface ServerOptions {
  /** The clock every rule reads; tests pass their own to walk through a week. */
  clock?: () => Date;
  /** How often WebSocket clients are pinged, and how long one has to answer before it is dropped (12 s). */
  keepAliveMs?: number;
  /**
   * How often the people with open sockets are read again (server/websocket/people.ts, 2 s). Deactivations, sign-outs
   * and revoked keys made through Kinroom close sockets at once anyway; this catches changes made any other way.
   */
  accessRecheckMs?: number;
}

export async function createKinroomServer(
  config: Config,
  orm: Orm,
  options: ServerOptions = {},
): Promise<KinroomServer> {
  const clock = options.clock ?? (() => new Date());
  const app = express();
  app.disable('x-powered-by');
  // Before anything else: a development instance answers only to its loopback names (DNS rebinding).
  app.use((req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (hostAllowed(config, req)) return next();
    res.status(403).type('text/plain').send(HOST_REFUSED);
  });
  app.use(securityHeaders(config));
  // No entity tags: answers are never cached (no-store), and tagging one hashed every answer's body.
  app.set('etag', false);
  // A client that trickles its request cannot hold a connection open for long (checked every 2 s).
  const httpServer = createServer(
    {
      headersTimeout: LIMITS.headersTimeoutMs,
      requestTimeout: LIMITS.requestTimeoutMs,
      connectionsCheckingInterval: 2_000,
    },
    app,
  );
  const allowance = new SharedMutationAllowance(orm, config.mutationsPerMinute);
  const schema = await buildKinroomSchema({ allowance });
  const log = loggerFor(config);
  const logError: ErrorLogger = ({ correlationId, error }) => {
    log.error({ err: error, correlationId }, 'kinroom: error');
  };
  const events = new EventStream(databaseOf(orm));
  const hub = new SubscriptionHub(events);
  const boards = new RoomBoardCache(events);
  const channels = config.messageEngine ? channelsFromConfig(config.messaging) : null;
  const messages = channels
    ? new MessageEngine(orm, channels, {
        now: clock,
        dashboardUrl: config.publicUrl,
        log: (line) => log.warn(line),
      })
    : null;
  // The dashboard's and integrators' documents, compiled now so that they run compiled from their first request.
  const trusted = TrustedDocuments.load(schema);
  const executor = new CompilingExecutor(schema, trusted);
  const metrics = new KinroomMetrics(trusted.operationNames);
  // How every operation runs, over HTTP and WebSocket alike (pipeline.ts).
  const pipeline = new OperationPipeline({
    schema,
    config,
    orm,
    executor,
    logError,
    clock,
    metrics,
    log,
  });
  const ws = attachWebSocket(
    httpServer,
    pipeline,
    config,
    orm,
    hub,
    options.keepAliveMs,
    options.accessRecheckMs,
  );
  metrics.watch({ orm, events, hub, openSockets: () => ws.open });
  const apollo = new ApolloServer<GraphQLContext>(
    pipeline.apolloOptions({
      plugins: [
        ApolloServerPluginDrainHttpServer({ httpServer }),
        // No cache hints are given, and the cache-control plugin would otherwise wrap every field's resolver.
        ApolloServerPluginCacheControlDisabled(),
      ],
      // A trusted document asked for by its hash alone (trusted-documents.ts).
      persistedQueries: trusted.persistedQueries(),
    }),
  );
  await apollo.start();
  let stopEscalation: (() => Promise<void>) | null = null;

  app.use(observabilityRoutes(config, new ReadinessProbe(orm, events), metrics));
  app.use(
    '/graphql',
    // Answers are about children in care: no browser or proxy keeps a copy.
    (_req: express.Request, res: express.Response, next: express.NextFunction) => {
      res.setHeader('Cache-Control', 'no-store');
      next();
    },
    express.json({ limit: LIMITS.maxPayloadBytes }),
    // From here on the request is one operation: its log lines and its error's reference share one id. (Not before
    // the body is read: the body's stream would run the rest outside it.)
    (_req: express.Request, _res: express.Response, next: express.NextFunction) => handling(next),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const em = orm.em.fork();
        let session: SignedIn | null;
        try {
          session = await signedIn(em, bearerToken(req.headers.authorization), config.jwtSecrets);
        } catch (err) {
          throw contextError(err);
        }
        return pipeline.context({
          em,
          viewer: session?.viewer ?? null,
          operationName: typeof req.body?.operationName === 'string' ? req.body.operationName : null,
          boards: session ? { cache: boards, head: session.eventHead } : undefined,
        });
      },
    }),
  );
  app.use('/graphql', unreadableBody(logError));
  app.use(courtBundleRoute(config, orm, clock, logError));
  serveDashboard(app, config.dashboardDir, { sourceMaps: config.env !== 'production' });

  return {
    httpServer,
    events,
    hub,
    messages,
    executor,
    listen: async () => {
      await events.start();
      if (messages) {
        await messages.start();
        // A message goes out within seconds of the change that calls for it, not at the next minute's catch-up.
        events.onEvents(() => messages.wake());
      }
      stopEscalation = startEscalationJob(orm, ESCALATION_CHECK_MS, {
        now: clock,
        onError: (err) => log.error({ err }, 'kinroom: error: flag escalation failed'),
      });
      return new Promise<number>((resolveListen, reject) => {
        httpServer.once('error', (err: NodeJS.ErrnoException) => {
          reject(
            err.code === 'EADDRINUSE'
              ? new PortInUseError(`port ${config.port} on ${config.host} is already in use`)
              : err,
          );
        });
        httpServer.listen(config.port, config.host, () => {
          const address = httpServer.address();
          resolveListen(typeof address === 'object' && address ? address.port : config.port);
        });
      });
    },
    close: async () => {
      await stopEscalation?.();
      await messages?.stop();
      await channels?.close();
      hub.closeAll();
      await ws.close();
      await events.stop();
      await apollo.stop();
      allowance.close();
      if (httpServer.listening) await new Promise<void>((r) => httpServer.close(() => r()));
    },
  };
}

/** A failure while working out who is asking: the client's token is at fault, or the database is unreachable. */
function contextError(err: unknown): GraphQLError {
  const known =
    err instanceof KinroomError
      ? err
      : (translateDatabaseError(err) ?? new KinroomError('SERVICE_UNAVAILABLE'));
  const status = known.code === 'UNAUTHENTICATED' ? 401 : 503;
  return new GraphQLError(known.message, {
    originalError: known,
    extensions: { code: known.code, http: { status } },
  });
}

const UNREADABLE: Record<number, string> = {
  400: 'The request body could not be read as JSON.',
  413: `The request body is larger than ${LIMITS.maxPayloadBytes} bytes.`,
  415: 'The request body must be JSON in UTF-8.',
};

/**
 * A request body that cannot be read (not JSON, too large, an unknown encoding) is the client's to fix: it is
 * answered in the shape of a GraphQL response, never with the parser's stack, which Express prints outside
 * production. Anything else that fails before GraphQL runs is logged with a correlation id, like any other fault.
 */
function unreadableBody(log: ErrorLogger): express.ErrorRequestHandler {
  return (err: unknown, _req, res, _next) => {
    const status = (err as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).json({
        errors: [{ message: UNREADABLE[status] ?? UNREADABLE[400], extensions: { code: 'BAD_REQUEST' } }],
      });
      return;
    }
    const correlationId = randomUUID();
    log({ correlationId, error: err });
    res.status(500).json({
      errors: [
        {
          message: `${ERROR_CODES.INTERNAL_SERVER_ERROR} Quote reference ${correlationId} if you report it.`,
          extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId },
        },
      ],
    });
  };
}
