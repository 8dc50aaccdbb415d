import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../src/config/config.js';
import { loadDemoDataIfEmpty } from '../src/db/seed/demo.js';
import { DEMO_USERS } from '../src/db/seed/demo-cast.js';
import { signToken } from '../src/auth/tokens.js';
import type { StaffRole } from '../src/people/staff-user.entity.js';
import { ensureEvidenceKeyFile, evidenceKeys } from '../src/observations/evidence-keys.js';
import { createKinroomServer, type KinroomServer } from '../src/server/app.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: { code?: string; [k: string]: unknown } }[];
}

export interface TestApi {
  db: TestDatabase;
  server: KinroomServer;
  url: string;
  config: Config;
  /** Sends one GraphQL operation over real HTTP. */
  gql<T = Record<string, unknown>>(
    token: string | null,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GqlResult<T>>;
  /** A bearer token for a demo user, through the development sign-in. */
  tokenFor(email: string): Promise<string>;
  close(): Promise<void>;
}

let keyFile: Promise<string> | null = null;

/** The evidence key of this test process: a file outside any database, as a deployment keeps it. */
export function testEvidenceKeyFile(): Promise<string> {
  return (keyFile ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kinroom-evidence-key-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'evidence-key.pem');
    await ensureEvidenceKeyFile(file);
    return file;
  })());
}

/** A real Kinroom server on a free port over a database of this test file's own, with the demo week loaded. */
export async function startTestApi(
  options: {
    /** A database of the test's own (migrated), instead of a clone of the run's template; closing drops it too. */
    db?: TestDatabase;
    demo?: boolean;
    now?: Date;
    env?: Record<string, string>;
    clock?: () => Date;
    /** How often WebSocket clients are pinged (and given to answer); tests that wait for a dead one shorten it. */
    keepAliveMs?: number;
    /** How often open sockets' people are read again; tests of what closes them at once make it very long. */
    accessRecheckMs?: number;
  } = {},
): Promise<TestApi> {
  const db = options.db ?? (await createTestDatabase());
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    KINROOM_LOG_LEVEL: 'error',
    KINROOM_DEV_SIGNIN: 'true',
    KINROOM_EVIDENCE_KEY: await testEvidenceKeyFile(),
    ...options.env,
  });
  if (options.demo !== false) {
    await loadDemoDataIfEmpty(db.orm.em.fork(), options.now ?? new Date(), await evidenceKeys(config));
  }
  const server = await createKinroomServer(config, db.orm, {
    clock: options.clock,
    keepAliveMs: options.keepAliveMs,
    accessRecheckMs: options.accessRecheckMs,
  });
  const port = await server.listen();
  const url = `http://127.0.0.1:${port}`;
  const gql: TestApi['gql'] = async (token, query, variables) => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as GqlResult;
    return { ...body, status: res.status } as never;
  };
  const tokens = new Map<string, string>();
  return {
    db,
    server,
    url,
    config,
    gql,
    tokenFor: async (email) => {
      const cached = tokens.get(email);
      if (cached) return cached;
      // Development sign-in serves the demo cast alone; anyone else a test made is signed for as the server signs.
      if (!DEMO_USERS.some((u) => u.email === email)) {
        const u = (await db.sql('select id, council_id, role from staff_user where email = $1', [email]))
          .rows[0] as { id: string; council_id: string; role: StaffRole } | undefined;
        if (!u) throw new Error(`cannot sign in as ${email}: no such user`);
        const token = await signToken(
          { userId: u.id, councilId: u.council_id, role: u.role },
          config.jwtSecret,
        );
        tokens.set(email, token);
        return token;
      }
      const r = await gql<{ signInAsDemoUser: { token: string } }>(
        null,
        'mutation($e: String!) { signInAsDemoUser(email: $e) { token } }',
        { e: email },
      );
      const token = r.data?.signInAsDemoUser.token;
      if (!token) throw new Error(`cannot sign in as ${email}: ${JSON.stringify(r.errors)}`);
      tokens.set(email, token);
      return token;
    },
    close: async () => {
      await server.close();
      await db.drop();
    },
  };
}

export const DEMO = {
  manager: 'priya.shah@coxford.example',
  supervisor1: 'tom.okafor@coxford.example',
  supervisor2: 'grace.lin@coxford.example',
  socialWorker1: 'aisha.khan@coxford.example',
  socialWorker3: 'megan.hughes@coxford.example',
  integrator: 'case-system@coxford.example',
  admin: 'lee.turner@coxford.example',
  otherManager: 'owen.reid@eastmoor.example',
} as const;
