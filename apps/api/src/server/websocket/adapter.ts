import {
  CloseCode,
  DEPRECATED_GRAPHQL_WS_PROTOCOL,
  GRAPHQL_TRANSPORT_WS_PROTOCOL,
  handleProtocols,
} from 'graphql-ws';
import type { IncomingMessage, Server } from 'node:http';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { signedIn } from '../../auth/viewer.js';
import type { Config } from '../../config/config.js';
import type { Orm } from '../../db/orm.js';
import { LIMITS } from '../../graphql/limits.js';
import type { OperationPipeline } from '../../graphql/pipeline.js';
import type { SubscriptionHub } from '../../realtime/hub.js';
import { hostAllowed } from '../host-check.js';
import { handling } from '../../observability/correlation.js';
import { loggerFor } from '../../observability/logger.js';
import { closeOnInternalError, Connection, Protocol, TRY_AGAIN_LATER } from './core.js';
import { ACCESS_RECHECK_MS, AccessRecheck, staffReader } from './people.js';
import { Expiries, Heartbeat, KEEP_ALIVE_MS } from './timers.js';

/** A connection over a `ws` socket: what the protocol core sends and closes goes to the socket. */
export class WsConnection extends Connection {
  /** Whether the socket speaks graphql-transport-ws; one that does not is closed at once and never heard. */
  readonly speaks: boolean;
  /** The heartbeat's tick at which a ping was sent that has not been answered yet; -1 when none is awaited. */
  pingedAt = -1;

  constructor(readonly socket: WebSocket) {
    super();
    this.speaks = socket.protocol === GRAPHQL_TRANSPORT_WS_PROTOCOL;
  }

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  get gone(): boolean {
    return this.socket.readyState === WebSocket.CLOSED;
  }

  write(data: string): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.socket.readyState !== WebSocket.OPEN) return resolve();
      this.socket.send(data, (err) => (err ? reject(err) : resolve()));
    });
  }

  push(data: string): void {
    this.socket.send(data);
  }

  cutIfBehind(): boolean {
    if (this.socket.bufferedAmount <= LIMITS.maxSocketBacklogBytes) return false;
    this.socket.close(TRY_AGAIN_LATER, 'Too slow to keep up: reconnect and resume from your last cursor');
    return true;
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }
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
 * GraphQL over WebSocket (graphql-transport-ws, the protocol of graphql-ws) on the HTTP server's port, with the same
 * protections as HTTP: the bearer token in `connection_init` (closed with 4403 when missing, invalid or expired),
 * the same validation limits, a cap on subscriptions per connection, a message size cap, an init timeout and an
 * Origin allowlist. The protocol itself is core.ts; this is what ties it to `ws` sockets: the upgrade, the
 * subprotocol, the heartbeat, token expiry, the Origin and Host checks and the backlog cap.
 *
 * An idle socket costs little: no timers of its own (one heartbeat, and one expiry timer per moment, serve them
 * all), no closures of its own (its listeners are shared), nothing of its upgrade request or sign-in kept.
 */
export function attachWebSocket(
  httpServer: Server,
  pipeline: OperationPipeline,
  config: Config,
  orm: Orm,
  hub: SubscriptionHub,
  keepAliveMs = KEEP_ALIVE_MS,
  accessRecheckMs = ACCESS_RECHECK_MS,
) {
  const production = config.env === 'production';
  const log = loggerFor(config);
  // Upgrades are routed by hand (noServer) so that the HTTP server's own errors, such as a port in use, are
  // reported once, where it listens, and never relayed through the socket server. Open sockets are tracked here.
  const wss = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    maxPayload: LIMITS.maxPayloadBytes,
    handleProtocols,
    // A development instance answers only to its loopback names, on the upgrade as on HTTP (host-check.ts).
    verifyClient: ({ origin, req }: { origin: string; req: IncomingMessage }) =>
      hostAllowed(config, req) && originAllowed(config, origin, req.headers.host),
  });
  httpServer.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://kinroom').pathname;
    if (path !== '/graphql') {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const connections = new Map<WebSocket, WsConnection>();
  const heartbeat = new Heartbeat(connections, keepAliveMs);
  const readStaff = staffReader(orm);
  const protocol: Protocol = new Protocol({
    pipeline,
    hub,
    // Only the connection is used, which the global EntityManager reaches as well as a fork would: no fork per
    // socket, made and thrown away at once.
    signIn: (token) => signedIn(orm.em, token, config.jwtSecrets),
    readStaff,
    connections: () => connections.values(),
    expiries: new Expiries((c) => protocol.shut(c)),
    maxSocketsPerPerson: config.socketsPerPerson,
    maxSubscriptionsPerPerson: config.subscriptionsPerPerson,
    production,
  });
  const recheck = new AccessRecheck(readStaff, protocol.people, accessRecheckMs);
  // A deactivation, sign-out or revoked key anywhere (any process) closes the sockets it ends at once.
  const stopHearingOfAccess = hub.stream.onEvents((events) => {
    if (events.some((e) => e.topic === 'access')) recheck.now();
  });
  let drained: (() => void) | null = null;

  wss.once('error', (err) => {
    log.error({ err }, 'kinroom: error: the WebSocket server failed');
    let firstErr: unknown = null;
    for (const socket of connections.keys()) {
      try {
        closeOnInternalError(socket, err, production);
      } catch (err2) {
        firstErr = firstErr ?? err2;
      }
    }
    if (firstErr) throw firstErr;
  });

  // The sockets' listeners, one of each for all of them: `this` is the socket.
  function onSocketError(this: WebSocket, err: Error) {
    // A client that breaks the protocol (a frame over the size cap, bad UTF-8, an unknown opcode) is the client's
    // fault, and anyone can do it before signing in: ws has already closed the socket with the right code, and one
    // line says so, never a stack trace per frame.
    const code = (err as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code.startsWith('WS_ERR_')) {
      log.info(`kinroom: WebSocket closed: the client broke the protocol (${code}: ${err.message})`);
      return;
    }
    log.error({ err }, 'kinroom: error: a WebSocket failed');
    closeOnInternalError(this, err, production);
  }
  function onSocketMessage(this: WebSocket, data: RawData) {
    const c = connections.get(this);
    if (!c?.speaks) return;
    // Each message is handled as one request: what it logs, and an error it answers, share a correlation id.
    handling(() => protocol.receive(c, String(data)).catch((err: unknown) => protocol.failed(c, err)));
  }
  function onSocketPong(this: WebSocket) {
    const c = connections.get(this);
    if (c) c.pingedAt = -1;
  }
  function onSocketClose(this: WebSocket, code: number) {
    const c = connections.get(this);
    if (!c) return;
    connections.delete(this);
    protocol.closed(c);
    if (
      !production &&
      code === CloseCode.SubprotocolNotAcceptable &&
      this.protocol === DEPRECATED_GRAPHQL_WS_PROTOCOL
    )
      log.info(
        `kinroom: WebSocket closed: the client speaks the deprecated subprotocol "${this.protocol}" of subscriptions-transport-ws, not graphql-transport-ws`,
      );
    if (connections.size === 0) drained?.();
  }

  wss.on('connection', (socket: WebSocket) => {
    const c = new WsConnection(socket);
    connections.set(socket, c);
    socket.on('error', onSocketError);
    socket.on('message', onSocketMessage);
    socket.on('pong', onSocketPong);
    socket.on('close', onSocketClose);
    if (!c.speaks) {
      socket.close(CloseCode.SubprotocolNotAcceptable, 'Subprotocol not acceptable');
      return;
    }
    protocol.opened(c);
  });

  return {
    wss,
    /** WebSockets open now. */
    get open(): number {
      return connections.size;
    },
    close: async () => {
      heartbeat.stop();
      recheck.stop();
      stopHearingOfAccess();
      const gone = new Promise<void>((resolve) => {
        drained = resolve;
        if (connections.size === 0) resolve();
      });
      for (const socket of connections.keys()) socket.close(1001, 'Going away');
      wss.removeAllListeners();
      await gone;
      await new Promise<void>((r) => wss.close(() => r()));
    },
  };
}
