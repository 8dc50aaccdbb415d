import {
  getNamedType,
  GraphQLID,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type TestApi } from '../../test/api.js';
import { buildKinroomSchema } from './schema.js';

const MALFORMED = 'not-a-uuid';

/** A value of `type` that coerces, with every ID in it malformed; optional inputs are left out unless they hold ids. */
function valueOf(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return valueOf(type.ofType);
  if (isListType(type)) return [valueOf(type.ofType)];
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter((f) => isNonNullType(f.type) || holdsId(f.type));
    return Object.fromEntries(fields.map((f) => [f.name, valueOf(f.type)]));
  }
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (type === GraphQLID) return MALFORMED;
  const scalars: Record<string, unknown> = {
    Int: 1,
    Float: 1,
    Boolean: false,
    DateTimeISO: '2026-06-01T10:00:00.000Z',
  };
  return scalars[type.name] ?? 'text';
}

function holdsId(type: GraphQLInputType, seen = new Set<string>()): boolean {
  const named = getNamedType(type);
  if (named === GraphQLID) return true;
  if (!isInputObjectType(named) || seen.has(named.name)) return false;
  seen.add(named.name);
  return Object.values(named.getFields()).some((f) => holdsId(f.type, seen));
}

/** The root fields of `type` that take an id anywhere in their arguments, each with a request carrying malformed ids. */
function requestsWithMalformedIds(type: GraphQLObjectType, operation: 'query' | 'mutation') {
  return Object.values(type.getFields())
    .filter((field) => field.args.some((a) => holdsId(a.type)))
    .map((field: GraphQLField<unknown, unknown>) => {
      const args = field.args.filter((a: GraphQLArgument) => isNonNullType(a.type) || holdsId(a.type));
      const defs = args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
      const uses = args.map((a) => `${a.name}: $${a.name}`).join(', ');
      // A field answering a scalar or an enum takes no selection.
      const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
      return {
        name: `${operation} ${field.name}`,
        query: `${operation}${defs ? `(${defs})` : ''} { ${field.name}${uses ? `(${uses})` : ''}${selection} }`,
        variables: Object.fromEntries(args.map((a) => [a.name, valueOf(a.type)])),
      };
    });
}

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api?.close());

describe('an id that is not a UUID', () => {
  it('is NOT_FOUND in every query and every mutation that takes an id, over HTTP', async () => {
    const schema = await buildKinroomSchema();
    const requests = [
      ...requestsWithMalformedIds(schema.getQueryType()!, 'query'),
      ...requestsWithMalformedIds(schema.getMutationType()!, 'mutation'),
    ];
    // The reads and writes named here must be among them: the list is made from the schema, not by hand.
    expect(requests.map((r) => r.name)).toEqual(
      expect.arrayContaining(['query session', 'mutation bookSession', 'mutation createAgreement']),
    );
    const manager = await api.tokenFor(DEMO.manager);
    const codes: Record<string, unknown> = {};
    for (const r of requests) {
      const answer = await api.gql(manager, r.query, r.variables);
      codes[r.name] = answer.errors?.[0]?.extensions?.code;
    }
    expect(codes).toEqual(Object.fromEntries(requests.map((r) => [r.name, 'NOT_FOUND'])));
  });

  it('is answered as an id that names nothing: the same code and message', async () => {
    const manager = await api.tokenFor(DEMO.manager);
    const read = 'query($id: ID!) { session(id: $id) { id } }';
    const malformed = await api.gql(manager, read, { id: MALFORMED });
    const unknown = await api.gql(manager, read, { id: '00000000-0000-4000-8000-000000000000' });
    expect(malformed.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    expect(malformed.errors?.[0]?.message).toBe(unknown.errors?.[0]?.message);
  });
});
