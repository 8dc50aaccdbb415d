import {
  defaultFieldResolver,
  Kind,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { logChildReads } from './access-log.service.js';

/**
 * A change whose answer carries a child's record is a read of it like any query: acknowledging a flag answers with
 * the disclosure, approving an observation with its sections. Every mutation's answer that holds records of a child
 * (objects with a `childId`: flags, observations, amendments, sessions, agreements) gets one
 * access-log row per child, naming the parts of the answer selected, written before the answer goes out. A change
 * that fails answers nothing, and logs nothing.
 */
export function logMutationAnswers(schema: GraphQLSchema): void {
  const mutation = schema.getMutationType();
  if (!mutation) return;
  for (const field of Object.values(mutation.getFields())) {
    const resolve = field.resolve ?? defaultFieldResolver;
    field.resolve = async (root, args, context: GraphQLContext, info) => {
      const answer: unknown = await resolve(root, args, context, info);
      const children = childrenIn(answer);
      if (children.size > 0 && context.viewer) {
        const fields = selectedFields(info);
        await logChildReads(
          context.em,
          context.viewer,
          context.operation,
          [...children].map((childId) => ({ childId, fields, reason: `answer to ${info.fieldName}` })),
        );
      }
      return answer;
    };
  }
}

function childrenIn(answer: unknown): Set<string> {
  const children = new Set<string>();
  for (const item of Array.isArray(answer) ? answer : [answer]) {
    const childId = (item as { childId?: unknown } | null)?.childId;
    if (typeof childId === 'string') children.add(childId);
  }
  return children;
}

/** The fields selected directly on the answer, fragments included. */
function selectedFields(info: GraphQLResolveInfo): string[] {
  const names = new Set<string>();
  const walk = (set: SelectionSetNode | undefined, depth: number) => {
    if (!set || depth > 8) return;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (!s.name.value.startsWith('__')) names.add(s.name.value);
      } else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet, depth + 1);
      else walk(info.fragments[s.name.value]?.selectionSet, depth + 1);
    }
  };
  for (const node of info.fieldNodes) walk(node.selectionSet, 0);
  return names.size > 0 ? [...names] : ['id'];
}
