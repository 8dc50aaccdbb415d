import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import type { Viewer } from '../auth/viewer.js';
import type { Config } from '../config/config.js';
import type { Orm } from '../db/orm.js';
import { createLoaders, type Loaders } from './loaders.js';
import { OperationAudit } from './operation-audit.js';
import type { SubscriptionHub } from '../realtime/hub.js';
import type { RoomBoardCache } from '../rooms/room-board.cache.js';

/** What every resolver receives: its own EntityManager fork, never a shared one, and who is asking. */
export interface GraphQLContext {
  em: EntityManager;
  viewer: Viewer | null;
  config: Config;
  /** Names this operation in logs. */
  operationId: string;
  /** What this operation is, for the access log: its root fields as the server ran them, and the client's name. */
  operation: OperationAudit;
  /**
   * The connection pool, without a fork of its own: for writers that outlive the operation (the access log of a
   * live subscription), never for reading records.
   */
  pool: Pick<EntityManager, 'config' | 'getConnection'>;
  loaders: Loaders;
  /** Present on WebSocket operations: the process's fan-out of live events. */
  hub?: SubscriptionHub;
  /** Present on HTTP operations: the room boards kept in memory, and the newest event when the request began. */
  boards?: { cache: RoomBoardCache; head: bigint };
  /** The clock, passed in so that rules never read time on their own. */
  now(): Date;
}

export interface ContextParts {
  orm: Orm;
  /** A fork already made for this operation (to load the viewer); one is made on first use otherwise. */
  em?: EntityManager;
  viewer: Viewer | null;
  config: Config;
  /** The name the client gave the operation, if any: kept in the access log as the client's claim. */
  operationName: string | null;
  now: () => Date;
  hub?: SubscriptionHub;
  boards?: { cache: RoomBoardCache; head: bigint };
}

/**
 * One operation's context. The EntityManager fork, the batch loaders and the operation's id are made when first
 * asked for: a subscription that is only ever answered from its events never holds any of them. A class, so that
 * its getters live once on the prototype rather than as closures on every context.
 */
class OperationContext implements GraphQLContext {
  readonly viewer: Viewer | null;
  readonly config: Config;
  readonly operation: OperationAudit;
  readonly hub: SubscriptionHub | undefined;
  readonly boards: { cache: RoomBoardCache; head: bigint } | undefined;
  readonly now: () => Date;
  private readonly orm: Orm;
  private fork: EntityManager | null;
  private batch: Loaders | null = null;
  private id: string | null = null;

  constructor(parts: ContextParts) {
    this.orm = parts.orm;
    this.fork = parts.em ?? null;
    this.viewer = parts.viewer;
    this.config = parts.config;
    this.operation = new OperationAudit(parts.operationName);
    this.hub = parts.hub;
    this.boards = parts.boards;
    this.now = parts.now;
  }

  get em(): EntityManager {
    return (this.fork ??= this.orm.em.fork());
  }

  get pool(): Pick<EntityManager, 'config' | 'getConnection'> {
    return this.orm.em;
  }

  get loaders(): Loaders {
    return (this.batch ??= createLoaders(this.em, () => this.viewer?.councilId ?? null));
  }

  get operationId(): string {
    return (this.id ??= randomUUID());
  }
}

export function createContext(parts: ContextParts): GraphQLContext {
  return new OperationContext(parts);
}
