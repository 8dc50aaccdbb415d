import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEMO, startTestApi, type TestApi } from '../../test/api.js';
import { collect, wsClient } from '../../test/ws.js';
import { buildSchema, getIntrospectionQuery, Lexer, parse, Source, TokenKind, validate } from 'graphql';
import { connect } from 'node:net';
import { LIMITS, OperationLimits } from './limits.js';

let api: TestApi;
let token: string;

beforeAll(async () => {
  api = await startTestApi();
  token = await api.tokenFor(DEMO.manager);
  centreId = (await api.db.sql(`select id from centre where name like 'Coxford Road%'`)).rows[0].id;
});
afterAll(() => api.close());

/** An introspection query nested exactly `depth` levels deep (type references nest without end). */
function deepQuery(depth: number): string {
  const k = depth - 5;
  return `{ __schema { types { fields { type { ${'ofType { '.repeat(k)}name${' }'.repeat(k)} } } } } }`;
}
const aliasQuery = (n: number) =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: serverStatus { status }`).join(' ')} }`;
const directiveQuery = (n: number) =>
  `{ serverStatus { ${Array.from({ length: n }, () => 'status @include(if: true)').join(' ')} } }`;
/** Exactly `n` fields once fragments are expanded: the root field, then three per spread, then singles. */
const fieldQuery = (n: number) => {
  const spreads = Math.floor((n - 1) / 3);
  const singles = n - 1 - spreads * 3;
  return `{ serverStatus { ${'...S '.repeat(spreads)}${'status '.repeat(singles)}} } fragment S on ServerStatus { status version now }`;
};

let centreId = '';
/**
 * A valid query of exactly `n` lexical tokens: a long list argument, so that no other limit (fields, aliases, the
 * validator's own bound on many identical sibling fields) is reached first.
 */
function tokenQuery(n: number): string {
  return `{ centreSchedule(centreId: "${centreId}", statuses: [${'ENDED '.repeat(n - 15)}]) { id } }`;
}
function countTokens(doc: string): number {
  const lexer = new Lexer(new Source(doc));
  let count = 0;
  while (lexer.advance().kind !== TokenKind.EOF) count += 1;
  return count;
}

const cases: [string, (n: number) => string, number][] = [
  ['depth', deepQuery, LIMITS.maxIntrospectionDepth],
  ['aliases', aliasQuery, LIMITS.maxAliases],
  ['directives', directiveQuery, LIMITS.maxDirectives],
  ['cost', fieldQuery, LIMITS.maxFields],
];

describe('operation limits over HTTP', () => {
  for (const [limit, build, max] of cases) {
    it(`accepts ${limit} at ${max} and refuses ${max + 1}`, async () => {
      const ok = await api.gql(token, build(max));
      expect(ok.errors).toBeUndefined();
      const over = await api.gql(token, build(max + 1));
      expect(over.errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit });
      expect(over.data ?? null).toBeNull();
    });
  }

  it('accepts a request body just under the size cap', async () => {
    const body = JSON.stringify({ query: '{ __typename }', variables: { padding: '' } });
    const padding = 'x'.repeat(LIMITS.maxPayloadBytes - body.length - 10);
    const res = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }', variables: { padding } }),
    });
    expect(res.status).toBe(200);
  });

  it(`parses ${LIMITS.maxTokens} tokens and refuses ${LIMITS.maxTokens + 1}`, async () => {
    expect(countTokens(tokenQuery(LIMITS.maxTokens))).toBe(LIMITS.maxTokens);
    expect((await api.gql(token, tokenQuery(LIMITS.maxTokens))).errors).toBeUndefined();
    const over = await api.gql(token, tokenQuery(LIMITS.maxTokens + 1));
    expect(over.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(over.errors?.[0]?.message).toMatch(/tokens/);
  });

  it('closes a connection that trickles its request headers', async () => {
    let answer = '';
    const closed = await new Promise<boolean>((resolve) => {
      const socket = connect(Number(new URL(api.url).port), '127.0.0.1', () => {
        socket.write('POST /graphql HTTP/1.1\r\nHost: kinroom\r\n');
      });
      const give = setTimeout(() => resolve(false), LIMITS.headersTimeoutMs + 20_000);
      socket.on('data', (d: Buffer) => (answer += d.toString()));
      socket.on('close', () => {
        clearTimeout(give);
        resolve(true);
      });
      socket.on('error', () => {});
    });
    expect(closed).toBe(true);
    expect(answer).toMatch(/^HTTP\/1.1 408/);
  }, 60_000);

  it('refuses a request body over the size cap', async () => {
    const padding = 'x'.repeat(LIMITS.maxPayloadBytes);
    const res = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }', variables: { padding } }),
    });
    expect(res.status).toBe(413);
  });
});

describe('the same limits over WebSocket', () => {
  for (const [limit, build, max] of cases) {
    it(`accepts ${limit} at ${max} and refuses ${max + 1}`, async () => {
      const c = wsClient(api.url, token);
      const ok = collect(c, build(max));
      await ok.waitFor(1);
      const over = collect(c, build(max + 1));
      await expect(over.waitFor(1, 5000)).rejects.toThrow(new RegExp(`"limit":"${limit}"`));
      await c.dispose();
    });
  }

  it(`holds at most ${LIMITS.maxSubscriptionsPerConnection} subscriptions per connection`, async () => {
    const c = wsClient(api.url, token);
    const centreId = (await api.db.sql(`select id from centre where name like 'Coxford Road%'`)).rows[0].id;
    const q = `subscription($c: ID!) { roomBoardChanged(centreId: $c) { cursor } }`;
    const subs = Array.from({ length: LIMITS.maxSubscriptionsPerConnection }, () =>
      collect(c, q, { c: centreId }),
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(subs.every((s) => s.errors.length === 0)).toBe(true);
    const extra = collect(c, q, { c: centreId });
    await expect(extra.waitFor(1, 5000)).rejects.toThrow(/"limit":"subscriptions"/);
    await c.dispose();
  });

  it(`parses ${LIMITS.maxTokens} tokens and refuses ${LIMITS.maxTokens + 1} over WebSocket too`, async () => {
    const c = wsClient(api.url, token);
    await collect(c, tokenQuery(LIMITS.maxTokens)).waitFor(1);
    await expect(collect(c, tokenQuery(LIMITS.maxTokens + 1)).waitFor(1, 5000)).rejects.toThrow(/tokens/);
    await c.dispose();
  });

  it('closes a connection whose message is over the size cap', async () => {
    const code = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${api.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
      ws.on('open', () =>
        ws.send(
          JSON.stringify({
            type: 'connection_init',
            payload: { token, pad: 'x'.repeat(LIMITS.maxPayloadBytes) },
          }),
        ),
      );
      ws.on('close', (c) => resolve(c));
    });
    expect(code).toBe(1009);
  });

  it('closes a connection that never authenticates', async () => {
    const started = Date.now();
    const code = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${api.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
      ws.on('close', (c) => resolve(c));
    });
    expect(code).toBe(4408);
    expect(Date.now() - started).toBeGreaterThanOrEqual(LIMITS.connectionInitTimeoutMs - 100);
  }, 20_000);
});

describe('the depth limit for ordinary fields', () => {
  // Kinroom's own types nest only a few levels, so the rule is checked against a schema whose type refers to itself.
  const schema = buildSchema(`type Node { child: Node, name: String } type Query { node: Node }`);
  const nested = (depth: number) =>
    `{ ${'node { '}${'child { '.repeat(depth - 2)}name${' }'.repeat(depth - 1)} }`;

  it(`accepts ${LIMITS.maxDepth} levels and refuses ${LIMITS.maxDepth + 1}`, () => {
    expect(validate(schema, parse(nested(LIMITS.maxDepth)), [OperationLimits])).toEqual([]);
    const errors = validate(schema, parse(nested(LIMITS.maxDepth + 1)), [OperationLimits]);
    expect(errors.map((e) => e.extensions.limit)).toEqual(['depth']);
  });

  it('answers the standard introspection query that tools send', async () => {
    const r = await api.gql(token, getIntrospectionQuery());
    expect(r.errors).toBeUndefined();
  });
});
