import { defaultFieldResolver, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import type { GraphQLContext } from './context.js';

/** A check run before a root field resolves; it throws to refuse the field. */
export type RootFieldGuard = (
  args: Record<string, unknown>,
  context: GraphQLContext,
  info: GraphQLResolveInfo,
) => void;

/**
 * Puts the guards in front of every root field (queries, mutations, and each event of a subscription), on HTTP and
 * WebSocket alike. They are attached here rather than as resolver middleware because middleware wraps every field
 * of every type, and a field wrapped in middleware resolves through a promise: a page of fifty history entries
 * then completes a thousand fields asynchronously for checks that only ever apply at the root.
 */
export function guardRootFields(schema: GraphQLSchema, guards: readonly RootFieldGuard[]): void {
  for (const type of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (!type) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (root, args: Record<string, unknown>, context: GraphQLContext, info) => {
        for (const guard of guards) guard(args, context, info);
        return resolve(root, args, context, info);
      };
    }
  }
}
