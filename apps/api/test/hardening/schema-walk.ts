import {
  getNamedType,
  GraphQLID,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  parse,
  typeFromAST,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { randomUUID } from 'node:crypto';

export type OperationKind = 'query' | 'mutation' | 'subscription';

export interface RootField {
  kind: OperationKind;
  name: string;
}

/** Every root field of the schema, queries first, then mutations, then subscriptions, each sorted by name. */
export function rootFields(schema: GraphQLSchema): RootField[] {
  const roots: [OperationKind, ReturnType<GraphQLSchema['getQueryType']>][] = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ];
  return roots.flatMap(([kind, type]) =>
    type
      ? Object.keys(type.getFields())
          .sort()
          .map((name) => ({ kind, name }))
      : [],
  );
}

function swapIds(type: GraphQLInputType, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (isNonNullType(type)) return swapIds(type.ofType, value);
  if (isListType(type)) return Array.isArray(value) ? value.map((v) => swapIds(type.ofType, v)) : value;
  if (isInputObjectType(type)) {
    const fields = type.getFields();
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k,
        fields[k] ? swapIds(fields[k].type, v) : v,
      ]),
    );
  }
  return getNamedType(type) === GraphQLID ? randomUUID() : value;
}

/**
 * The same variables with every value of type ID (at any depth of an input) replaced by a fresh random UUID: what a
 * caller would send for a record that does not exist. A refusal must read the same either way.
 */
export function withRandomIds(
  schema: GraphQLSchema,
  document: string,
  variables: Record<string, unknown>,
): Record<string, unknown> {
  const doc = parse(document);
  const out = { ...variables };
  for (const def of doc.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const v of def.variableDefinitions ?? []) {
      const name = v.variable.name.value;
      const type = typeFromAST(schema, v.type) as GraphQLInputType | undefined;
      if (type && name in out) out[name] = swapIds(type, out[name]);
    }
  }
  return out;
}

/**
 * The children a response shows: every `childId` value, and the `id` of every object held under a `child` key.
 * What an allowed read shows must be in the access log.
 */
export function childIdsIn(value: unknown, acc = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const v of value) childIdsIn(v, acc);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'childId' && typeof v === 'string') acc.add(v);
      if (k === 'child' && v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string') {
        acc.add((v as { id: string }).id);
      }
      childIdsIn(v, acc);
    }
  }
  return acc;
}

/**
 * A selection of every field of an output type that needs no argument, nested up to `depth` levels, never entering
 * a type already on the path: what a curious client would ask for to see everything reachable.
 */
export function selectEverything(
  schema: GraphQLSchema,
  typeName: string,
  depth: number,
  path: string[] = [],
): string {
  const type = schema.getType(typeName);
  if (!type || !('getFields' in type) || isInputObjectType(type)) return '';
  const parts: string[] = [];
  for (const [name, field] of Object.entries(type.getFields())) {
    if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    const named = getNamedType(field.type);
    if (!('getFields' in named)) {
      parts.push(name);
    } else if (depth > 1 && !path.includes(named.name)) {
      const inner = selectEverything(schema, named.name, depth - 1, [...path, typeName]);
      if (inner) parts.push(`${name} { ${inner} }`);
    }
  }
  return parts.join(' ');
}
