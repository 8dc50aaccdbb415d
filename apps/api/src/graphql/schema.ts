import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { authChecker } from '../access/auth-checker.js';
import { RESOLVERS } from './resolvers.js';

/** The one place the executable schema is assembled; `schema:emit` prints the same schema for integrators. */
export function buildKinroomSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: RESOLVERS,
    authChecker,
    authMode: 'error',
    validate: false,
  });
}
