import 'reflect-metadata';
import type { GraphQLObjectType, GraphQLSchema } from 'graphql';
import { Authorized, buildSchema, getMetadataStorage, Mutation, Query, Resolver } from 'type-graphql';
import { describe, expect, it } from 'vitest';
import { authChecker } from '../access/auth-checker.js';
import { ANYONE, MANAGER } from '../access/roles.js';
import { STAFF_ROLES } from '../people/staff-user.entity.js';
import { RESOLVERS } from './resolvers.js';
import { buildKinroomSchema } from './schema.js';

/**
 * Every root field must say, on its own method, who may call it (issue 3: "Every root field declares who may call
 * it, and a test fails if any does not"). A class-wide `@Authorized` is not accepted: it would silently cover the
 * next field added to the class without its author deciding who may call it. An empty role list is refused too:
 * our auth checker would turn everyone away, which is never what the author meant.
 */
const KNOWN_ROLES = new Set<unknown>([...STAFF_ROLES, ANYONE]);

interface Handler {
  target: object;
  methodName: string;
  schemaName: string;
}

/** A class and its ancestors, so that a field inherited from a base resolver is judged by its own declaration. */
function lineage(cls: object): object[] {
  const chain: object[] = [];
  for (
    let c: unknown = cls;
    typeof c === 'function' && c !== Function.prototype;
    c = Object.getPrototypeOf(c)
  ) {
    chain.push(c);
  }
  return chain;
}

const nameOf = (cls: object) => (cls as { name?: string }).name ?? '(anonymous class)';

function problemsIn(
  root: GraphQLObjectType | null | undefined,
  handlers: readonly Handler[],
  resolvers: readonly object[],
): string[] {
  if (!root) return [];
  const { authorizedFields } = getMetadataStorage();
  const problems: string[] = [];
  for (const fieldName of Object.keys(root.getFields()).sort()) {
    const where = `${root.name}.${fieldName}`;
    const handler = handlers.find(
      (h) => h.schemaName === fieldName && resolvers.some((r) => lineage(r).includes(h.target)),
    );
    if (!handler) {
      problems.push(`${where}: no resolver method found among the registered resolvers`);
      continue;
    }
    const at = `${nameOf(handler.target)}.${handler.methodName}`;
    const declared = authorizedFields.find(
      (a) => a.target === handler.target && a.fieldName === handler.methodName,
    );
    if (!declared) {
      problems.push(`${where} (${at}): no @Authorized(...) on the method`);
    } else if (declared.roles.length === 0) {
      problems.push(`${where} (${at}): @Authorized() names no role, so nobody could call it`);
    } else {
      const unknown = declared.roles.filter((r) => !KNOWN_ROLES.has(r));
      if (unknown.length > 0) problems.push(`${where} (${at}): unknown roles ${JSON.stringify(unknown)}`);
    }
  }
  return problems;
}

function rootFieldProblems(schema: GraphQLSchema, resolvers: readonly object[]) {
  const storage = getMetadataStorage();
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
  return {
    checked: roots.reduce((n, t) => n + (t ? Object.keys(t.getFields()).length : 0), 0),
    problems: [
      ...problemsIn(roots[0], storage.queries, resolvers),
      ...problemsIn(roots[1], storage.mutations, resolvers),
      ...problemsIn(roots[2], storage.subscriptions, resolvers),
    ],
  };
}

describe('root fields', () => {
  it('each declare, with @Authorized(...) on the method, which roles may call them', async () => {
    const { checked, problems } = rootFieldProblems(
      await buildKinroomSchema(),
      RESOLVERS as readonly object[],
    );
    console.info(`root fields checked: ${checked}; without a proper @Authorized: ${problems.length}`);
    if (problems.length > 0) {
      console.error(`Root fields that do not declare who may call them:\n  ${problems.join('\n  ')}`);
    }
    expect(checked).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('are caught when undeclared, declared only on the class, or declared for nobody', async () => {
    @Authorized(MANAGER)
    @Resolver()
    class GuardedOnlyByClass {
      @Query(() => String, { description: 'x' })
      coveredByClass(): string {
        return '';
      }
    }

    @Resolver()
    class Careless {
      @Authorized(MANAGER)
      @Query(() => String, { description: 'x' })
      declared(): string {
        return '';
      }

      @Query(() => String, { description: 'x' })
      forgotten(): string {
        return '';
      }

      @Authorized()
      @Mutation(() => String, { description: 'x' })
      forNobody(): string {
        return '';
      }

      @Authorized('janitor')
      @Mutation(() => String, { description: 'x' })
      forAStranger(): string {
        return '';
      }
    }
    const resolvers = [GuardedOnlyByClass, Careless] as const;
    const schema = await buildSchema({ resolvers, authChecker, validate: false });
    expect(rootFieldProblems(schema, resolvers).problems).toEqual([
      'Query.coveredByClass (GuardedOnlyByClass.coveredByClass): no @Authorized(...) on the method',
      'Query.forgotten (Careless.forgotten): no @Authorized(...) on the method',
      'Mutation.forAStranger (Careless.forAStranger): unknown roles ["janitor"]',
      'Mutation.forNobody (Careless.forNobody): @Authorized() names no role, so nobody could call it',
    ]);
  });
});
