import type { AuthCheckerFn } from 'type-graphql';
import { KinroomError } from '../common/errors.js';
import type { GraphQLContext } from '../graphql/context.js';
import { assertScope } from './api-scopes.js';
import { ANYONE } from './roles.js';

/**
 * The role gate every root field declares with `@Authorized(...)`. Relationship rules (caseload, centre, assigned
 * sessions) are decided after this, by the policy, inside the services.
 */
export const authChecker: AuthCheckerFn<GraphQLContext> = ({ context, info }, roles) => {
  if (roles.includes(ANYONE)) return true;
  if (!context.viewer) throw new KinroomError('UNAUTHENTICATED', 'Sign in to do this.');
  if (!roles.includes(context.viewer.role))
    throw new KinroomError('FORBIDDEN', 'Your role does not allow this.');
  // An API key reads only with `read` and changes only with `write`, whatever the field (access/api-scopes.ts).
  if (context.viewer.apiKey) {
    const writes = info.parentType.name === info.schema.getMutationType()?.name;
    assertScope(context.viewer, writes ? 'write' : 'read');
  }
  return true;
};
