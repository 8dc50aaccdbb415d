import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/auth/tokens.js';
import type { StaffRole } from '../../src/people/staff-user.entity.js';
import { loadDemoDataIfEmpty } from '../../src/db/seed/demo.js';
import { DEMO } from '../api.js';
import { createTestDatabase, type TestDatabase } from '../database.js';
import { startApiProcess, type ApiProcess } from '../processes.js';
import { writeFigures } from './figures.js';
import { leaksIn } from './leaks.js';
import { httpGql, wsConnect, wsFirst, type Answer } from './transport.js';

/**
 * The real entry point started as production starts it: NODE_ENV=production and a signing secret of its own, so
 * no development sign-in (tokens are signed here with that secret). On both transports: no introspection unless
 * configured on, no "did you mean" hints, no stack traces, and an unexpected failure reaches the client as a
 * generic message with a correlation id while the server logs it in full under the same id.
 */

const SECRET = 'production-secret-for-the-hardening-tests-0123456789';
let db: TestDatabase;
let api: ApiProcess;
let token: string;
let ws: Client;
let checked = 0;

beforeAll(async () => {
  db = await createTestDatabase();
  await loadDemoDataIfEmpty(db.orm.em.fork(), new Date());
  api = await startApiProcess(db.url, {
    NODE_ENV: 'production',
    JWT_SECRET: SECRET,
    KINROOM_LOG_LEVEL: 'error',
  });
  const m = (await db.sql('select id, council_id, role from staff_user where email = $1', [DEMO.manager]))
    .rows[0] as { id: string; council_id: string; role: StaffRole };
  token = await signToken({ userId: m.id, councilId: m.council_id, role: m.role }, SECRET);
  ws = wsConnect(api.url, token);
});

afterAll(async () => {
  await ws?.dispose();
  await api?.kill();
  await db?.drop();
});

async function both(query: string, variables: Record<string, unknown> = {}): Promise<Answer[]> {
  const overWs = wsFirst(ws, query, variables);
  const answers = [await httpGql(api.url, token, query, variables), await overWs.answer];
  overWs.stop();
  checked += answers.length;
  return answers;
}

const codeOf = (a: Answer) => a.errors?.[0]?.extensions?.code;

describe('in production', () => {
  it('turns development sign-in off', async () => {
    const signIn = await httpGql(
      api.url,
      null,
      `mutation { signInAsDemoUser(email: "${DEMO.manager}") { token } }`,
    );
    expect(codeOf(signIn)).toBe('FORBIDDEN');
    expect((await httpGql(api.url, null, `{ demoUsers { email } }`)).data).toEqual({ demoUsers: [] });
  });

  it('answers no introspection, on HTTP or WebSocket', async () => {
    for (const query of [
      `{ __schema { types { name } } }`,
      `{ __type(name: "Query") { fields { name } } }`,
    ]) {
      for (const a of await both(query)) {
        expect(codeOf(a), `${a.transport}: ${a.raw}`).toBe('GRAPHQL_VALIDATION_FAILED');
        expect(a.raw).not.toMatch(/SessionType|bookSession/);
      }
    }
    // Asking what type an object is stays possible: it maps nothing.
    for (const a of await both(`{ serverStatus { __typename } }`)) expect(a.errors).toBeUndefined();
  });

  it('gives no hint of field, argument, type or value names', async () => {
    const mistakes = [
      `{ serverStatu { status } }`,
      `{ me { nam } }`,
      `query($id: ID!) { child(idd: $id) { id } }`,
      `query($r: StaffRol) { centreStaff(centreId: "x", role: $r) { id } }`,
      `{ centreStaff(centreId: "x", role: SUPERVISR) { id } }`,
    ];
    for (const query of mistakes) {
      for (const a of await both(query, { id: 'x' })) {
        expect(codeOf(a), `${a.transport} ${query}: ${a.raw}`).toBe('GRAPHQL_VALIDATION_FAILED');
        expect(a.raw, `${a.transport} ${query}`).not.toMatch(/did you mean/i);
      }
    }
    // A misspelt value in the variables: refused as bad input, still without the right spelling.
    const role = `query($r: StaffRole) { centreStaff(centreId: "x", role: $r) { id } }`;
    for (const a of await both(role, { r: 'SUPERVISR' })) {
      expect(codeOf(a), `${a.transport}: ${a.raw}`).toBe('BAD_USER_INPUT');
      expect(a.raw, a.transport).not.toMatch(/did you mean|SUPERVISOR/i);
    }
  });

  it('shows no stack trace and no internals in any error', async () => {
    const answers = [
      ...(await both(`{ child(id: "not-an-id") { id } }`)),
      ...(await both(`query($n: Int!) { centreFlags(centreId: "x", limit: $n) { id } }`, { n: 'ten' })),
      ...(await both(`{ session(id: "00000000-0000-0000-0000-00000000000g") { id } }`)),
      await httpGql(api.url, 'not.a.token', `{ me { id } }`),
    ];
    const res = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": "{ me',
    });
    const malformed = await res.text();
    expect(res.status).toBe(400);
    expect(JSON.parse(malformed)).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
    for (const a of answers) {
      expect(a.errors?.length, a.raw).toBeGreaterThan(0);
      expect(leaksIn(a.raw), a.raw).toEqual([]);
      for (const e of a.errors ?? []) expect(e.extensions ?? {}).not.toHaveProperty('stacktrace');
    }
    expect(leaksIn(malformed), malformed).toEqual([]);
  });

  it('answers an unexpected failure with a generic message and a correlation id, and logs it in full', async () => {
    // A fault the code does not expect: a table it reads has gone from under it.
    await db.sql('alter table room rename to room_moved');
    try {
      for (const a of await both(`{ myCentres { rooms { name capacity } } }`)) {
        const e = a.errors?.[0];
        expect(e?.extensions?.code, a.raw).toBe('INTERNAL_SERVER_ERROR');
        const id = String(e?.extensions?.correlationId);
        expect(id).toMatch(/^[0-9a-f-]{36}$/);
        expect(e?.message).toContain(id);
        expect(leaksIn(a.raw), a.raw).toEqual([]);
        expect(a.raw).not.toMatch(/room_moved|does not exist/);
        // The server's own log has the whole story under the same id: the database's message and the stack.
        const deadline = Date.now() + 10_000;
        while (!api.output().includes(id) && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 50));
        const logged = api.output().slice(api.output().indexOf(id));
        expect(logged).toMatch(/relation "room" does not exist/);
        expect(logged).toMatch(/\n\s+at /);
      }
    } finally {
      await db.sql('alter table room_moved rename to room');
    }
  });

  it('tells browsers and proxies to keep no copy of any answer', async () => {
    const res = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ me { name } }' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('allows introspection when configured on', async () => {
    const open = await startApiProcess(db.url, {
      NODE_ENV: 'production',
      JWT_SECRET: SECRET,
      KINROOM_INTROSPECTION: 'true',
      KINROOM_LOG_LEVEL: 'error',
    });
    try {
      const a = await httpGql(open.url, token, `{ __schema { queryType { name } } }`);
      expect(a.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
      const c = wsConnect(open.url, token);
      const s = wsFirst(c, `{ __schema { queryType { name } } }`);
      expect((await s.answer).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
      await c.dispose();
    } finally {
      await open.kill();
    }
    writeFigures('production', { answersChecked: checked });
  });
});
