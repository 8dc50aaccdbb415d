import type { GraphQLObjectType, GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { authChecker } from '../access/auth-checker.js';
import { logMutationAnswers } from '../access/mutation-reads.js';
import { RESOLVERS } from './resolvers.js';
import { mutationRateLimit, type MutationAllowance } from './rate-limit.js';
import { refuseMalformedIds } from './id-guard.js';
import { guardRootFields } from './root-guards.js';
import { refuseNulCharacters } from './text-guard.js';

/**
 * The one place the executable schema is assembled; `schema:emit` prints the same schema for integrators. Without an
 * `allowance` (tools and tests that run operations in memory) changes are not rate limited.
 */
export async function buildKinroomSchema(
  options: { allowance?: MutationAllowance } = {},
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
  describeRootTypes(schema);
  logMutationAnswers(schema);
  guardRootFields(schema, [
    ...(options.allowance ? [mutationRateLimit(options.allowance)] : []),
    refuseNulCharacters,
    refuseMalformedIds,
  ]);
  return schema;
}

/**
 * What the root operation types are, for integrators reading the published schema. TypeGraphQL creates them with no
 * way to describe them, so they are described here, once the schema is built.
 */
const ROOT_DESCRIPTIONS = {
  query:
    'Reads, over HTTP (POST, or GET with a preflight header) or WebSocket at /graphql. Every read is limited to what the signed-in person may see (docs/access.md); a record they may not see, or an id that names nothing, is NOT_FOUND.',
  mutation:
    'Changes, over HTTP POST or WebSocket at /graphql. Each is checked against the domain rules (docs/domain.md) and refused with a stable `extensions.code`; an id that names nothing, or a record the person may not see, is NOT_FOUND.',
  subscription:
    'Live events, over WebSocket only (graphql-transport-ws at /graphql, docs/websocket.md). Given `after:` a cursor, a subscription first replays what it missed, then continues live with no gap and nothing twice.',
} as const;

function describeRootTypes(schema: GraphQLSchema): void {
  const roots: [GraphQLObjectType | null | undefined, string][] = [
    [schema.getQueryType(), ROOT_DESCRIPTIONS.query],
    [schema.getMutationType(), ROOT_DESCRIPTIONS.mutation],
    [schema.getSubscriptionType(), ROOT_DESCRIPTIONS.subscription],
  ];
  for (const [type, description] of roots) if (type) type.description = description;
}
