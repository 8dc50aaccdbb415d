import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { authChecker } from '../access/auth-checker.js';
import { logMutationAnswers } from '../access/mutation-reads.js';
import { RESOLVERS } from './resolvers.js';
import { mutationRateLimit, MutationRateLimiter } from './rate-limit.js';
import { guardRootFields } from './root-guards.js';
import { refuseNulCharacters } from './text-guard.js';

/** The one place the executable schema is assembled; `schema:emit` prints the same schema for integrators. */
export async function buildKinroomSchema(
  options: { mutationsPerMinute?: number } = {},
): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: RESOLVERS,
    authChecker,
    authMode: 'error',
    validate: false,
    // Every subscription here supplies its own `subscribe` over the event outbox; TypeGraphQL still insists on a
    // pub/sub, so it gets one that refuses topic-based use instead of silently dropping events.
    pubSub: {
      publish: () => {
        throw new Error('Kinroom publishes through the event outbox, not a pub/sub topic.');
      },
      subscribe: () => {
        throw new Error('Kinroom subscriptions read the event outbox, not a pub/sub topic.');
      },
    },
  });
  logMutationAnswers(schema);
  guardRootFields(schema, [
    mutationRateLimit(new MutationRateLimiter(options.mutationsPerMinute ?? 300)),
    refuseNulCharacters,
  ]);
  return schema;
}
