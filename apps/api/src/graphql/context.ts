import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../auth/viewer.js';
import type { Config } from '../config/config.js';
import type { Loaders } from './loaders.js';
import type { SubscriptionHub } from '../realtime/hub.js';

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
  /** The clock, passed in so that rules never read time on their own. */
  now(): Date;
}
