import type { EntityManager } from '@mikro-orm/postgresql';

/** What every resolver receives: its own EntityManager fork, never a shared one. */
export interface GraphQLContext {
  em: EntityManager;
  operationId: string;
}
