import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { SystemResolver } from '../system/system.resolver.js';

/** The one place the executable schema is assembled; `schema:emit` prints the same schema for integrators. */
export function buildKinroomSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [SystemResolver],
    validate: false,
  });
}
