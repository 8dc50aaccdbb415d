import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import type { Viewer } from '../auth/viewer.js';
import type { Config } from '../config/config.js';
import type { Orm } from '../db/orm.js';
import { createLoaders, type Loaders } from './loaders.js';
import type { SubscriptionHub } from '../realtime/hub.js';
import type { RoomBoardCache } from '../rooms/room-board.cache.js';

/** What every resolver receives: its own EntityManager fork, never a shared one, and who is asking. */
export interface GraphQLContext {
  em: EntityManager;
  viewer: Viewer | null;
  config: Config;
  /** Names this operation in logs and in the access log. */
  operationId: string;
  operationName: string | null;
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
  operationName: string | null;
  now: () => Date;
  hub?: SubscriptionHub;
  boards?: { cache: RoomBoardCache; head: bigint };
}

/**
 * One operation's context. The EntityManager fork and the batch loaders are made when a resolver first asks for
 * them: a subscription that is only ever answered from its events never holds either.
 */
export function createContext(parts: ContextParts): GraphQLContext {
  let em = parts.em ?? null;
  let loaders: Loaders | null = null;
  const viewer = parts.viewer;
  const forkOnce = () => (em ??= parts.orm.em.fork());
  return {
    get em() {
      return forkOnce();
    },
    get loaders() {
      return (loaders ??= createLoaders(forkOnce(), () => viewer?.councilId ?? null));
    },
    viewer,
    config: parts.config,
    operationId: randomUUID(),
    operationName: parts.operationName,
    hub: parts.hub,
    boards: parts.boards,
    now: parts.now,
  };
}
