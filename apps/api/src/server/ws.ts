import {
  createSourceEventStream,
  execute,
  GraphQLError,
  type ExecutionResult,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type GraphQLSchema,
} from 'graphql';
import type { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { IncomingMessage, Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { bearerToken, signedIn, type Viewer } from '../auth/viewer.js';
import { ERROR_CODES, KinroomError } from '../common/errors.js';
import { translateDatabaseError } from '../db/database-errors.js';
import type { Config } from '../config/config.js';
import type { Orm } from '../db/orm.js';
import { visibilityScope } from '../access/policy.js';
import { createContext } from '../graphql/context.js';
import { DocumentCache } from '../graphql/document-cache.js';
import type { makeFormatError } from '../graphql/format-error.js';
import { LIMIT_RULES, LIMITS } from '../graphql/limits.js';
import { LiveFeed, type SubscriptionHub } from '../realtime/hub.js';
import { SharedExecution, type LiveMember } from '../realtime/shared-execution.js';

/** graphql-ws closes with 4403 when `onConnect` refuses; it is also what we send when a token expires. */
const FORBIDDEN_CLOSE = 4403 as CloseCode;
/** WebSocket's own "try again later" (RFC 6455 registry): the server cannot serve now, the client may retry. */
const TRY_AGAIN_LATER = 1013;

type Extra = {
  socket: WebSocket;
  request: IncomingMessage;
  viewer?: Viewer;
  expiryTimer?: NodeJS.Timeout;
};

/** A subscription answered straight from its live feed: the socket and id to answer on, and its execution group. */
interface LiveTarget {
  socket: WebSocket;
  id: string;
  group: string;
}

/** A client that cannot keep up is cut loose rather than buffered without end; it resumes from its cursor. */
function cutIfBehind(socket: WebSocket): boolean {
  if (socket.bufferedAmount <= LIMITS.maxSocketBacklogBytes) return false;
  socket.close(TRY_AGAIN_LATER, 'Too slow to keep up: reconnect and resume from your last cursor');
  return true;
}

/**
 * Serves a subscription from its live feed: each event is executed once for the subscriber's whole group, and the
 * one serialised result is written to this socket under this subscription's id. graphql-ws sees an operation that
 * yields nothing and ends when the feed closes; it still owns the protocol (`complete`, errors, closing).
 */
function answerLive(
  feed: LiveFeed,
  group: ReturnType<SharedExecution['join']>,
  { socket, id }: LiveTarget,
): AsyncGenerator<ExecutionResult> {
  const prefix = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
  const member: LiveMember = {
    send: (json) => {
      if (socket.readyState !== socket.OPEN || cutIfBehind(socket)) return;
      socket.send(`${prefix}${json}}`);
    },
  };
  const done: IteratorResult<ExecutionResult> = { value: undefined, done: true };
  let end: (r: IteratorResult<ExecutionResult>) => void = () => {};
  let fail: (err: unknown) => void = () => {};
  const ended = new Promise<IteratorResult<ExecutionResult>>((resolve, reject) => {
    end = resolve;
    fail = reject;
  });
  ended.catch(() => {});
  feed.onClose(() => {
    group.leave();
    end(done);
  });
  feed.attach((e) => group.offer(e, member), fail);
  const operation: AsyncGenerator<ExecutionResult> = {
    next: () => ended,
    return: () => {
      feed.close();
      return Promise.resolve(done);
    },
    throw: (err: unknown) => {
      feed.close();
      return Promise.reject(err);
    },
    [Symbol.asyncIterator]: () => operation,
    [Symbol.asyncDispose]: async () => feed.close(),
  };
  return operation;
}

/**
 * graphql-js leaves its own refusals without a code: a document that does not validate, variables that do not fit
 * the operation. Apollo tags them on HTTP; the socket must too, or the formatter would take a client's mistake for
 * a failure of ours.
 */
function asClientError(e: GraphQLError, code: string): GraphQLError {
  if (e.extensions.code) return e;
  return new GraphQLError(e.message, {
    nodes: e.nodes,
    source: e.source,
    positions: e.positions,
    path: e.path,
    originalError: e.originalError,
    extensions: { ...e.extensions, code },
  });
}

/** Which browser pages may open a socket: the configured origins, or this server's own address. */
function originAllowed(config: Config, origin: string | undefined, host: string | undefined): boolean {
  if (!origin) return true; // not a browser: the token decides
  if (config.allowedOrigins.length > 0) return config.allowedOrigins.includes(origin);
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/**
 * GraphQL over WebSocket (graphql-ws protocol) on the HTTP server's port, with the same protections as HTTP:
 * the bearer token in `connection_init` (closed with 4403 when missing, invalid or expired), the same validation
 * limits, a cap on subscriptions per connection, a message size cap, an init timeout and an Origin allowlist.
 */
export function attachWebSocket(
  httpServer: Server,
  schema: GraphQLSchema,
  config: Config,
  orm: Orm,
  hub: SubscriptionHub,
  formatError: ReturnType<typeof makeFormatError>,
  clock: () => Date = () => new Date(),
) {
  const rules = [
    ...specifiedRules,
    ...LIMIT_RULES,
    ...(config.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
  ];
  // Upgrades are routed by hand (noServer) so that the HTTP server's own errors, such as a port in use, are
  // reported once, where it listens, and never relayed through the socket server.
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: LIMITS.maxPayloadBytes,
    verifyClient: ({ origin, req }: { origin: string; req: IncomingMessage }) =>
      originAllowed(config, origin, req.headers.host),
  });
  httpServer.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://kinroom').pathname;
    if (path !== '/graphql') {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  // Documents that parsed and passed validation, by their text: a thousand dashboards subscribing with the same
  // operation parse and validate it once, and hold one copy.
  const documents = new DocumentCache();
  const shared = new SharedExecution((result) =>
    result.errors ? { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e)) } : result,
  );
  const answerers = new WeakMap<object, LiveTarget>();

  const cleanup = useServer<Record<string, unknown>, Extra>(
    {
      schema,
      connectionInitWaitTimeout: LIMITS.connectionInitTimeoutMs,
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const raw =
          typeof params.token === 'string'
            ? params.token
            : bearerToken(typeof params.authorization === 'string' ? params.authorization : null);
        if (!raw) return false;
        try {
          const session = await signedIn(orm.em.fork(), raw, config.jwtSecret);
          if (!session) return false;
          const { viewer, expiresAt } = session;
          ctx.extra.expiryTimer = setTimeout(
            () => ctx.extra.socket.close(FORBIDDEN_CLOSE, 'Forbidden'),
            Math.max(expiresAt.getTime() - Date.now(), 0),
          );
          ctx.extra.expiryTimer.unref();
          // The upgrade request has served (origin, token): it is not kept for the life of the socket.
          (ctx.extra as { request?: IncomingMessage }).request = undefined;
          ctx.extra.viewer = viewer;
          return true;
        } catch (err) {
          // The token may be fine: with the database out of reach, say "try again later" (1013), not 4403, which a
          // client rightly takes as a sign-in to throw away.
          if (!(err instanceof KinroomError) && translateDatabaseError(err)?.code === 'SERVICE_UNAVAILABLE') {
            ctx.extra.socket.close(TRY_AGAIN_LATER, ERROR_CODES.SERVICE_UNAVAILABLE);
          }
          return false;
        }
      },
      onClose: (ctx) => {
        if (ctx.extra.expiryTimer) clearTimeout(ctx.extra.expiryTimer);
      },
      onSubscribe: async (ctx, id, payload) => {
        const others = Object.keys(ctx.subscriptions).filter((k) => k !== id).length;
        if (others >= LIMITS.maxSubscriptionsPerConnection) {
          return [
            new GraphQLError(
              `A connection may hold at most ${LIMITS.maxSubscriptionsPerConnection} subscriptions.`,
              {
                extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'subscriptions' },
              },
            ),
          ];
        }
        if (payload.query.length > LIMITS.maxDocumentChars) {
          return [
            new GraphQLError('The operation document is too large.', {
              extensions: { code: 'BAD_USER_INPUT' },
            }),
          ];
        }
        let document = await documents.get(payload.query);
        if (!document) {
          try {
            document = parse(payload.query, { maxTokens: LIMITS.maxTokens });
          } catch (err) {
            return [
              new GraphQLError((err as Error).message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } }),
            ];
          }
          const errors = validate(schema, document, rules);
          if (errors.length > 0) return errors.map((e) => asClientError(e, 'GRAPHQL_VALIDATION_FAILED'));
          await documents.set(payload.query, document);
        }
        const viewer = ctx.extra.viewer ?? null;
        const contextValue = createContext({
          orm,
          viewer,
          config,
          operationName: payload.operationName ?? null,
          now: clock,
          hub,
        });
        const variableValues = payload.variables ?? undefined;
        answerers.set(contextValue, {
          socket: ctx.extra.socket,
          id,
          group: [
            viewer ? visibilityScope(viewer) : '',
            payload.operationName ?? '',
            JSON.stringify(variableValues ?? {}),
            payload.query,
          ].join('\n'),
        });
        return {
          schema,
          document,
          contextValue,
          variableValues,
          operationName: payload.operationName ?? undefined,
        };
      },
      execute,
      subscribe: async (args) => {
        const source = await createSourceEventStream(args);
        if (!(source instanceof LiveFeed)) {
          if (Symbol.asyncIterator in source)
            throw new Error('A subscription must be served from a live feed.');
          return source;
        }
        const target = answerers.get(args.contextValue as object);
        if (!target) throw new Error('A live operation must be set up by onSubscribe.');
        // Joined once: the group key (which holds the whole document) is not kept per subscriber.
        answerers.delete(args.contextValue as object);
        return answerLive(source, shared.join(target.group, args), target);
      },
      onNext: (ctx, _id, _payload, _args, result) => {
        if (cutIfBehind(ctx.extra.socket)) return;
        if (!result.errors) return;
        // A resolver's error always has a path; one without is the request's own (variables that do not fit).
        const errors = result.errors.map((e) => (e.path ? e : asClientError(e, 'BAD_USER_INPUT')));
        return { ...result, errors: errors.map((e) => formatError(e.toJSON(), e)) };
      },
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => formatError(e.toJSON(), e)),
    },
    wss,
  );

  return {
    wss,
    close: async () => {
      await cleanup.dispose();
      await new Promise<void>((r) => wss.close(() => r()));
    },
  };
}
