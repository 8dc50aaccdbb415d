import type { Client } from 'graphql-ws';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { signToken } from '../../src/auth/tokens.js';
import { loadConfig } from '../../src/config/config.js';
import type { StaffRole } from '../../src/people/staff-user.entity.js';
import { loadDemoDataIfEmpty } from '../../src/db/seed/demo.js';
import { DEMO, startTestApi, testEvidenceKeyFile, type TestApi } from '../api.js';
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
/** A built dashboard of three files, one of them a source map, as a production build may leave. */
let dashboardDir: string;
let evidenceKey: string;
let db: TestDatabase;
let api: ApiProcess;
let token: string;
let ws: Client;
let checked = 0;

beforeAll(async () => {
  db = await createTestDatabase();
  await loadDemoDataIfEmpty(db.orm.em.fork(), new Date());
  dashboardDir = await mkdtemp(join(tmpdir(), 'kinroom-dashboard-'));
  await mkdir(join(dashboardDir, 'assets'));
  await writeFile(
    join(dashboardDir, 'index.html'),
    '<!doctype html><title>Kinroom</title><div id="app"></div>',
  );
  await writeFile(
    join(dashboardDir, 'assets', 'app.js'),
    'console.log(1);\n//# sourceMappingURL=app.js.map\n',
  );
  await writeFile(join(dashboardDir, 'assets', 'app.js.map'), '{"version":3,"sources":["secret.ts"]}');
  evidenceKey = await testEvidenceKeyFile();
  api = await startApiProcess(db.url, {
    NODE_ENV: 'production',
    JWT_SECRET: SECRET,
    KINROOM_EVIDENCE_KEY: evidenceKey,
    KINROOM_DASHBOARD_DIR: dashboardDir,
    // Start-up lines are logged at info: one of them is checked below.
    KINROOM_LOG_LEVEL: 'info',
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
        // The server's own log has the story under the same id: the database's SQLSTATE (undefined table) and the
        // stack; never the database's message, which can quote a row (docs/operations.md, "Logs").
        const deadline = Date.now() + 10_000;
        while (!api.output().includes(id) && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 50));
        const logged = api.output().slice(api.output().indexOf(id));
        expect(logged).toMatch(/SQLSTATE 42P01/);
        // Production logs JSON: the stack's lines are escaped within its one line.
        expect(logged).toMatch(/"stack":"[^"]*\\n\s*at /);
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
      KINROOM_EVIDENCE_KEY: evidenceKey,
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

describe('security headers and source maps', () => {
  const HEADERS: Record<string, RegExp> = {
    'content-security-policy': /default-src 'self'.*script-src 'self'.*frame-ancestors 'none'/,
    'x-content-type-options': /^nosniff$/,
    'x-frame-options': /^DENY$/,
    'referrer-policy': /^no-referrer$/,
    'strict-transport-security': /max-age=\d+/,
  };

  it('are sent with the dashboard’s pages, its files and every API answer', async () => {
    const answers = [
      await fetch(`${api.url}/`),
      await fetch(`${api.url}/explorer`),
      await fetch(`${api.url}/assets/app.js`),
      await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ me { name } }' }),
      }),
    ];
    for (const res of answers) {
      expect(res.status, res.url).toBe(200);
      for (const [name, value] of Object.entries(HEADERS))
        expect(res.headers.get(name), `${res.url} ${name}`).toMatch(value);
      // Nothing in the policy lets a script run from anywhere but this server, nor from inline code or eval.
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).not.toMatch(/script-src[^;]*(unsafe-inline|unsafe-eval|\*|https?:)/);
    }
  });

  it('refuses source maps in production', async () => {
    const map = await fetch(`${api.url}/assets/app.js.map`);
    expect(map.status).toBe(404);
    expect(await map.text()).not.toContain('secret.ts');
  });
});

/** An HTTP request with a `Host` header of the test's choosing (fetch will not let one be set). */
function withHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/graphql`,
      { method: 'POST', headers: { host, 'content-type': 'application/json' } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.once('error', reject);
    req.end(JSON.stringify({ query: '{ __typename }' }));
  });
}

/** Whether a WebSocket upgrade sent with this `Host` header is accepted. */
function upgradeWithHost(url: string, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', {
      headers: { host },
    });
    ws.once('open', () => {
      ws.close();
      resolve(true);
    });
    ws.once('error', () => resolve(false));
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      resolve(false);
      ws.terminate();
    });
  });
}

describe('when started carelessly', () => {
  let dev: TestApi;
  beforeAll(async () => {
    dev = await startTestApi();
  });
  afterAll(() => dev?.close());

  it('refuses to start reachable from other machines with the public development secret', async () => {
    await expect(
      startApiProcess(db.url, { NODE_ENV: '', HOST: '0.0.0.0', JWT_SECRET: '', KINROOM_DEV_SIGNIN: '' }),
    ).rejects.toThrow(/JWT_SECRET is required when HOST \(0\.0\.0\.0\) is not a loopback address/);
  });

  it('refuses development sign-in in production or on an address other machines can reach', async () => {
    const careless: Record<string, string>[] = [
      {
        NODE_ENV: 'production',
        JWT_SECRET: SECRET,
        KINROOM_EVIDENCE_KEY: evidenceKey,
        KINROOM_DEV_SIGNIN: 'true',
      },
      { NODE_ENV: '', HOST: '0.0.0.0', JWT_SECRET: SECRET, KINROOM_DEV_SIGNIN: 'true' },
    ];
    for (const env of careless) {
      await expect(startApiProcess(db.url, env), JSON.stringify(env)).rejects.toThrow(
        /KINROOM_DEV_SIGNIN can be on only in development on a loopback HOST/,
      );
    }
    expect(() => loadConfig({ HOST: '::', JWT_SECRET: SECRET, KINROOM_DEV_SIGNIN: 'yes' })).toThrow(
      /KINROOM_DEV_SIGNIN/,
    );
  });

  it('offers no development conveniences when NODE_ENV is unset on an address other machines can reach', async () => {
    const open = await startApiProcess(db.url, {
      NODE_ENV: '',
      HOST: '0.0.0.0',
      JWT_SECRET: SECRET,
      KINROOM_DEV_SIGNIN: '',
      KINROOM_INTROSPECTION: '',
    });
    try {
      const signIn = await httpGql(
        open.url,
        null,
        `mutation { signInAsDemoUser(email: "${DEMO.manager}") { token } }`,
      );
      expect(codeOf(signIn), signIn.raw).toBe('FORBIDDEN');
      expect((await httpGql(open.url, null, `{ demoUsers { email } }`)).data).toEqual({ demoUsers: [] });
      const schema = await httpGql(open.url, token, `{ __schema { queryType { name } } }`);
      expect(codeOf(schema), schema.raw).toBe('GRAPHQL_VALIDATION_FAILED');
    } finally {
      await open.kill();
    }
    // With nothing configured on loopback (`./kinroom start`), the development instance starts as before.
    const config = loadConfig({ NODE_ENV: undefined, HOST: undefined, JWT_SECRET: undefined });
    expect(config).toMatchObject({ developmentInstance: true, devSignIn: true, demoData: true });
  });

  it('signs in, and lists, only the demo cast on a development instance', async () => {
    await dev.db.sql(
      `insert into staff_user (id, council_id, centre_id, role, name, email, active)
       select gen_random_uuid(), council_id, centre_id, 'centre_manager', 'A Real Person', 'real.person@coxford.example', true
         from staff_user where email = $1`,
      [DEMO.manager],
    );
    const signIn = await httpGql(
      dev.url,
      null,
      `mutation { signInAsDemoUser(email: "real.person@coxford.example") { token } }`,
    );
    expect(codeOf(signIn), signIn.raw).toBe('NOT_FOUND');
    expect(signIn.data ?? null).toBeNull();
    const listed = await httpGql(dev.url, null, `{ demoUsers { email } }`);
    const emails = (listed.data as { demoUsers: { email: string }[] }).demoUsers.map((u) => u.email);
    expect(emails).toContain(DEMO.manager);
    expect(emails).not.toContain('real.person@coxford.example');
    const cast = (await import('../../src/db/seed/demo-cast.js')).DEMO_USERS.map((u) => u.email);
    for (const e of emails) expect(cast).toContain(e);
  });

  it('answers a development instance only at its loopback names, on HTTP and the WebSocket upgrade', async () => {
    const port = new URL(dev.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
      expect(await withHost(dev.url, host), host).toBe(200);
      expect(await upgradeWithHost(dev.url, host), host).toBe(true);
    }
    for (const host of [`rebound.example:${port}`, `127.0.0.1:${Number(port) + 1}`, 'localhost']) {
      expect(await withHost(dev.url, host), host).toBe(403);
      expect(await upgradeWithHost(dev.url, host), host).toBe(false);
    }
  });
});

describe('production without an identity provider', () => {
  it('starts, and says at start-up that no staff can sign in until one is configured', () => {
    expect(api.output()).toMatch(
      /no staff can sign in until the council’s identity provider is configured: set KINROOM_OIDC_ISSUER/,
    );
  });
});
