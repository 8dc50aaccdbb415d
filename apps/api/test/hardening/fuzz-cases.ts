import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { looksLikeALeak } from './leaks.js';
import type { OperationKind } from './schema-walk.js';

/**
 * Schema-aware generators for the fuzz test: operations on every root field, with variables that are sometimes
 * right and often wrong (types, nulls, huge or strange strings, edge numbers, impossible or inverted times, unknown
 * and malformed ids), selections drawn from the return type, and now and then a document broken on purpose.
 */

export interface Pools {
  /** Ids that exist: every record of the demo week, of both councils. */
  ids: readonly string[];
  /** Bearer tokens to send: the roles, none, and some that are not tokens at all. */
  tokens: readonly (string | null)[];
  /** Strings that look like cursors: event ids, sealed page cursors, and near misses. */
  cursors: readonly string[];
  emails: readonly string[];
}

export interface FuzzOperation {
  kind: OperationKind;
  field: string;
  document: string;
  variables: Record<string, unknown>;
  token: string | null;
  overWs: boolean;
}

const DAY = 86_400_000;
const NOW = Date.now();

const SPECIAL_TEXT = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u202Egnp.exe',
  'Ω≈ç√∫˜µ≤≥÷',
  '👨‍👩‍👧‍👦🏳️‍🌈',
  'زبان فارسی',
  '\uFEFFbom',
  '\uD800',
  "'; drop table child; --",
  '" OR 1=1 --',
  '<script>alert(1)</script>',
  '${7*7}{{7*7}}',
  '../../etc/passwd',
  '%00%0a%0d',
  'null',
  'undefined',
  'NaN',
  '1e309',
  '__proto__',
  'constructor',
];

const text: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 5, arbitrary: fc.string({ maxLength: 30 }) },
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
    { weight: 3, arbitrary: fc.constantFrom(...SPECIAL_TEXT) },
    { weight: 1, arbitrary: fc.integer({ min: 2_000, max: 30_000 }).map((n) => 'é'.repeat(n)) },
  )
  .filter((s) => !looksLikeALeak(s));

const int: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -5, max: 60 }) },
  { weight: 2, arbitrary: fc.integer() },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      0,
      -1,
      2_147_483_647,
      2_147_483_648,
      -2_147_483_649,
      2 ** 53 + 2,
      1e21,
      -1e308,
      0.5,
    ),
  },
);

/** An instant somewhere in London's working day, near now: often a time a booking could really take. */
const nearInstant: fc.Arbitrary<number> = fc
  .record({ day: fc.integer({ min: -30, max: 120 }), minute: fc.integer({ min: 6 * 60, max: 23 * 60 }) })
  .map(({ day, minute }) => Math.floor(NOW / DAY) * DAY + day * DAY + minute * 60_000);

const instant: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: nearInstant.map((t) => new Date(t).toISOString()) },
  { weight: 2, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '2026-02-30T10:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-01-01T25:61:00Z',
      'yesterday',
      '',
      '2026-01-01',
      '+275760-09-13T00:00:00.000Z',
      '0000-01-01T00:00:00Z',
      '1970-01-01T00:00:00Z',
      '2026-06-01T10:00:00+14:00',
      '2026-06-01T10:00:00.123456789Z',
    ),
  },
  { weight: 1, arbitrary: fc.integer() },
);

/** Two instants as a range: in order, inverted, empty, overlapping whatever is booked, or absurdly long. */
const timeRange: fc.Arbitrary<[string, string]> = fc
  .tuple(nearInstant, fc.oneof(fc.integer({ min: -180, max: 300 }), fc.constantFrom(0, 60, 40 * 24 * 60)))
  .map(([start, minutes]) => [
    new Date(start).toISOString(),
    new Date(start + minutes * 60_000).toISOString(),
  ]);

const dateKey: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: -400, max: 400 }).map((d) => new Date(NOW + d * DAY).toISOString().slice(0, 10)),
  fc.constantFrom(
    '2026-02-30',
    '2026-13-01',
    '26-01-01',
    '2026/01/01',
    '',
    'today',
    '9999-12-31',
    '0000-00-00',
  ),
);

/** `arb` one time in twenty, otherwise nothing. */
function rarely<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: 19, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
}

const anything: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }).filter((v) => !looksLikeALeak(JSON.stringify(v) ?? '')),
  fc.constantFrom({}, [], 'x', 1, true, -0, 1.5),
);

function idArb(pools: Pools): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...pools.ids) },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.constantFrom(...pools.ids).map((id) => id.toUpperCase()) },
    {
      weight: 1,
      arbitrary: fc.oneof(
        text,
        fc.constantFrom('1', '0', '-1', '00000000-0000-0000-0000-000000000000', '{}', 'g'.repeat(36)),
      ),
    },
  );
}

function stringFor(name: string, pools: Pools): fc.Arbitrary<string> {
  if (/^after$/i.test(name)) return fc.oneof(fc.constantFrom(...pools.cursors), text);
  if (/email/i.test(name)) return fc.oneof(fc.constantFrom(...pools.emails), text);
  if (/date$/i.test(name)) return fc.oneof({ weight: 3, arbitrary: dateKey }, { weight: 1, arbitrary: text });
  return text;
}

function rightlyTyped(type: GraphQLInputType, name: string, pools: Pools): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return rightlyTyped(type.ofType, name, pools);
  if (isListType(type)) {
    return fc.oneof(
      { weight: 6, arbitrary: fc.array(valueFor(type.ofType, name, pools), { maxLength: 4 }) },
      {
        weight: 1,
        arbitrary: fc.array(valueFor(type.ofType, name, pools), { minLength: 30, maxLength: 120 }),
      },
    );
  }
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    const ranged = 'startsAt' in type.getFields() && 'endsAt' in type.getFields();
    return fc
      .tuple(
        fc.tuple(
          ...fields.map((f) => fc.option(valueFor(f.type, f.name, pools), { freq: 12, nil: undefined })),
        ),
        fc.option(timeRange, { freq: 2, nil: undefined }),
        rarely(fc.tuple(fc.constantFrom('nope', '__proto__', 'id', 'councilId'), anything)),
      )
      .map(([values, range, extra]) => {
        const out: Record<string, unknown> = {};
        fields.forEach((f, i) => {
          if (values[i] !== undefined) out[f.name] = values[i];
        });
        if (ranged && range) [out.startsAt, out.endsAt] = range;
        if (extra) out[extra[0]] = extra[1];
        return out;
      });
  }
  if (isEnumType(type)) {
    return fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...type.getValues().map((v) => v.name)) },
      {
        weight: 1,
        arbitrary: fc.oneof(text, fc.constantFrom(...type.getValues().map((v) => v.value as string))),
      },
    );
  }
  switch (type.name) {
    case 'ID':
      return idArb(pools);
    case 'String':
      return stringFor(name, pools);
    case 'Int':
      return int;
    case 'Float':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'Boolean':
      return fc.boolean();
    case 'DateTimeISO':
      return instant;
    default:
      return anything;
  }
}

function valueFor(type: GraphQLInputType, name: string, pools: Pools): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 12, arbitrary: rightlyTyped(type, name, pools) },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: anything },
  );
}

/** A value written into the document itself rather than sent as a variable. */
function literal(value: unknown, type: GraphQLInputType): string {
  const named = getNamedType(type);
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string' && isEnumType(named) && /^[A-Z_]+$/.test(value)) return value;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map((v) => literal(v, named as GraphQLInputType)).join(', ')}]`;
  const fields = isInputObjectType(named) ? named.getFields() : {};
  const parts = Object.entries(value as Record<string, unknown>)
    .filter(([k]) => /^[_A-Za-z][_0-9A-Za-z]*$/.test(k))
    .map(([k, v]) => `${k}: ${literal(v, (fields[k]?.type ?? named) as GraphQLInputType)}`);
  return `{ ${parts.join(', ')} }`;
}

type ArgMode = 'variable' | 'inline' | 'omit' | 'mistyped';

function argArb(
  arg: GraphQLArgument,
  pools: Pools,
): fc.Arbitrary<{ arg: GraphQLArgument; mode: ArgMode; value: unknown }> {
  return fc.record({
    arg: fc.constant(arg),
    mode: fc.oneof(
      { weight: 15, arbitrary: fc.constant<ArgMode>('variable') },
      { weight: 3, arbitrary: fc.constant<ArgMode>('inline') },
      { weight: 1, arbitrary: fc.constant<ArgMode>('omit') },
      { weight: 1, arbitrary: fc.constant<ArgMode>('mistyped') },
    ),
    value: valueFor(arg.type, arg.name, pools),
  });
}

/** Some leaf fields of the return type, and now and then one nested object with leaves of its own. */
function selectionArb(schema: GraphQLSchema, typeName: string, depth: number): fc.Arbitrary<string> {
  const type = schema.getType(typeName);
  if (!type || !isObjectType(type)) return fc.constant('');
  const fields = Object.values(type.getFields()).filter(
    (f) => !f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined),
  );
  const leaves = fields.filter((f) => isLeafType(getNamedType(f.type))).map((f) => f.name);
  const objects = fields.filter((f) => isObjectType(getNamedType(f.type)));
  const nested =
    depth > 0 && objects.length > 0
      ? fc.option(
          fc
            .constantFrom(...objects)
            .chain((o) =>
              selectionArb(schema, getNamedType(o.type).name, depth - 1).map((s) => `${o.name} { ${s} }`),
            ),
          { freq: 2, nil: '' },
        )
      : fc.constant('');
  return fc
    .tuple(
      leaves.length > 0 ? fc.subarray(leaves, { maxLength: Math.min(6, leaves.length) }) : fc.constant([]),
      nested,
    )
    .map(([ls, n]) => ['__typename', ...ls, n].filter(Boolean).join(' '));
}

/** Ways to break a document on purpose; the answer must still be a clear client error. */
const BREAKAGES: ((doc: string) => string)[] = [
  (d) => d.slice(0, Math.max(1, Math.floor(d.length / 2))),
  (d) => d.replace(/\{ (\w+)/, '{ $1x'),
  (d) => d.replace(/\}\s*$/, ' nope: __typename }'),
  (d) => `${d} ${d}`,
  (d) => d.replace('{', '{ ...F ') + ' fragment F on Query { ...F }',
  (d) => d.replace(/\{ (\w+)/, '{ $1 @skip(if: "yes")'),
  (d) =>
    `${d.replace(/\}\s*$/, '')} ${Array.from({ length: 25 }, (_, i) => `a${i}: __typename`).join(' ')} }`,
  () =>
    `{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } }`,
  () => `query Fuzz($a: Int = "x") { serverStatus { status } }`,
  () => '{}',
  () => ' ',
];

function fieldArb(
  schema: GraphQLSchema,
  kind: OperationKind,
  field: GraphQLField<unknown, unknown>,
  pools: Pools,
): fc.Arbitrary<FuzzOperation> {
  return fc
    .record({
      args: fc.tuple(...field.args.map((a) => argArb(a, pools))),
      selection: selectionArb(schema, getNamedType(field.type).name, 2),
      token: fc.constantFrom(...pools.tokens),
      overWs: fc.oneof(
        { weight: 9, arbitrary: fc.constant(false) },
        { weight: 1, arbitrary: fc.constant(true) },
      ),
      breakage: rarely(fc.integer({ min: 0, max: BREAKAGES.length - 1 })),
    })
    .map(({ args, selection, token, overWs, breakage }) => {
      const defs: string[] = [];
      const passed: string[] = [];
      const variables: Record<string, unknown> = {};
      for (const { arg, mode, value } of args) {
        if (mode === 'omit') continue;
        if (mode === 'inline') {
          passed.push(`${arg.name}: ${literal(value, arg.type)}`);
          continue;
        }
        const declared =
          mode === 'mistyped' ? (String(arg.type) === 'String' ? 'Int' : 'String') : String(arg.type);
        defs.push(`$${arg.name}: ${declared}`);
        passed.push(`${arg.name}: $${arg.name}`);
        if (value !== undefined) variables[arg.name] = value;
      }
      const head = `${kind} Fuzz${defs.length ? `(${defs.join(', ')})` : ''}`;
      const call = `${field.name}${passed.length ? `(${passed.join(', ')})` : ''}`;
      const body = selection ? `${call} { ${selection} }` : call;
      let document = `${head} { ${body} }`;
      if (breakage !== undefined) document = BREAKAGES[breakage]!(document);
      return { kind, field: field.name, document, variables, token, overWs };
    });
}

/**
 * Root fields the fuzzer leaves out, each with why. Signing out ends every sign-in of the person calling it, the
 * fuzzer's own tokens and sockets included, which it would then report as closed without cause; its refusals and
 * effects are tested in apps/api/src/auth/oidc.int.test.ts and the authorization matrix.
 */
const NOT_FUZZED = new Set(['signOut']);

/** Operations over every root field: queries and changes alike often, subscriptions now and then. */
export function operationArb(schema: GraphQLSchema, pools: Pools): fc.Arbitrary<FuzzOperation> {
  const roots: [OperationKind, number][] = [
    ['query', 9],
    ['mutation', 9],
    ['subscription', 2],
  ];
  const weighted = roots.flatMap(([kind, weight]) => {
    const type =
      kind === 'query'
        ? schema.getQueryType()
        : kind === 'mutation'
          ? schema.getMutationType()
          : schema.getSubscriptionType();
    const fields = Object.values(type?.getFields() ?? {}).filter((f) => !NOT_FUZZED.has(f.name));
    return fields.map((f) => ({
      weight: Math.max(1, Math.round((weight * 10) / fields.length)),
      arbitrary: fieldArb(schema, kind, f, pools),
    }));
  });
  return fc.oneof(...weighted);
}

/** Request bodies that are not a GraphQL request at all, or not even JSON. */
export const malformedBodyArb: fc.Arbitrary<{ body: string | Uint8Array; contentType: string }> = fc.oneof(
  fc.record({ body: fc.string({ maxLength: 200 }), contentType: fc.constant('application/json') }),
  fc.record({
    body: fc
      .constantFrom(
        '{"query": "{ me { id } }"',
        '{"query": ',
        '[',
        '{',
        '"',
        'nul',
        'tru',
        '{"query": "{ me }",}',
      )
      .map((s) => s),
    contentType: fc.constant('application/json'),
  }),
  fc.record({
    body: fc.constantFrom(
      '[{"query": "{ __typename }"}, {"query": "{ __typename }"}]',
      '{"query": 42}',
      '{"query": null}',
      '{"query": ["{ me { id } }"]}',
      '{"query": "{ __typename }", "variables": [1, 2]}',
      '{"query": "{ __typename }", "variables": "x"}',
      '{"query": "{ __typename }", "operationName": 7}',
      '{"query": "{ __typename }", "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "abc"}}}',
      '{"__proto__": {"query": "{ __typename }"}}',
      '{}',
      'null',
      '42',
      '"{ __typename }"',
    ),
    contentType: fc.constant('application/json'),
  }),
  fc.record({
    body: fc.integer({ min: 1_000, max: 50_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
    contentType: fc.constant('application/json'),
  }),
  fc.record({
    body: fc.uint8Array({ minLength: 1, maxLength: 200 }),
    contentType: fc.constantFrom(
      'application/json',
      'application/json; charset=latin1',
      'application/json; charset=utf-16',
    ),
  }),
  fc.record({
    body: fc.constant('{"query": "{ __typename }"}'),
    contentType: fc.constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data',
      '',
      'application/graphql',
    ),
  }),
  fc.record({
    body: fc.constant(JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(120_000) } })),
    contentType: fc.constant('application/json'),
  }),
);

/** Frames a WebSocket client could send that break the graphql-transport-ws protocol. */
export type FrameScript = {
  label: string;
  init: 'none' | 'valid' | 'twice' | 'no-token';
  frames: (string | Uint8Array)[];
};

export function frameScriptArb(token: string): fc.Arbitrary<FrameScript> {
  const init = JSON.stringify({ type: 'connection_init', payload: { token } });
  return fc.oneof<fc.Arbitrary<FrameScript>[]>(
    fc
      .string({ maxLength: 100 })
      .map((s) => ({ label: 'garbage before init', init: 'none' as const, frames: [s] })),
    fc
      .string({ maxLength: 100 })
      .map((s) => ({ label: 'garbage after init', init: 'valid' as const, frames: [s] })),
    fc
      .uint8Array({ minLength: 1, maxLength: 100 })
      .map((b) => ({ label: 'binary frame', init: 'valid' as const, frames: [b] })),
    fc.constant<FrameScript>({
      label: 'subscribe before init',
      init: 'none' as const,
      frames: [JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ __typename }' } })],
    }),
    fc.constant<FrameScript>({ label: 'init twice', init: 'twice', frames: [init] }),
    fc.constant<FrameScript>({ label: 'init without a token', init: 'no-token', frames: [] }),
    fc
      .constantFrom(
        { type: 'subscribe' },
        { type: 'subscribe', id: '1' },
        { type: 'subscribe', id: 1, payload: { query: '{ __typename }' } },
        { type: 'subscribe', id: '1', payload: { query: 42 } },
        { type: 'subscribe', id: '1', payload: 'x' },
        { type: 'what' },
        { id: '1' },
        [],
        null,
      )
      .map((m) => ({
        label: `bad message ${JSON.stringify(m)}`,
        init: 'valid' as const,
        frames: [JSON.stringify(m)],
      })),
    fc.constant<FrameScript>({
      label: 'same id twice',
      init: 'valid' as const,
      frames: [0, 1].map(() =>
        JSON.stringify({
          id: 'dup',
          type: 'subscribe',
          payload: { query: 'subscription { sessionChanged { cursor } }' },
        }),
      ),
    }),
    fc.constant<FrameScript>({
      label: 'frame over the size cap',
      init: 'valid',
      frames: ['x'.repeat(150_000)],
    }),
  );
}
