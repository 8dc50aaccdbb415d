import { defaultFieldResolver, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import type { GraphQLContext } from './context.js';

/** A check run before a root field resolves; it throws (or rejects) to refuse the field. */
export type RootFieldGuard = (
  args: Record<string, unknown>,
  context: GraphQLContext,
  info: GraphQLResolveInfo,
) => void | Promise<void>;

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
        // A guard that must ask elsewhere (the shared allowance of changes) answers later; the others, at once.
        const from = (first: number): unknown => {
          for (let i = first; i < guards.length; i++) {
            const pending = guards[i]!(args, context, info);
            if (pending) return pending.then(() => from(i + 1));
          }
          return resolve(root, args, context, info);
        };
        return from(0);
      };
    }
  }
}
