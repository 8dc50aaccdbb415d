import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../src/db/free-port.js';
import { ensureEvidenceKeyFile } from '../src/observations/evidence-keys.js';
import { emptyDatabase, type EmptyDatabase } from './machine-postgres.js';
import { startPgBouncer } from './support/pgbouncer.js';
import { machinePostgresTls } from './support/postgres-tls.js';

/**
 * The production folder as a council's IT team gets it (docs/operations.md, "Build and deploy"): made by
 * scripts/package.sh from the builds `pnpm run build` made before the tests, moved elsewhere, then migrated and
 * served from yet another directory with NODE_ENV=production, as the container's image runs it.
 */
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const CANCEL = `mutation { cancelSession(input: { sessionId: "00000000-0000-0000-0000-000000000000", expectedVersion: 1, reason: CHILD_ILL }) { id } }`;

let work: string;
let folder: string;
/** The directory the folder's commands are run from: neither the folder nor the repository. */
let elsewhere: string;
let keyFile: string;
let db: EmptyDatabase;
const jwtSecret = randomBytes(32).toString('base64url');

/** The environment a deployment gives the folder: nothing inherited from the test run but PATH. */
function productionEnv(databaseUrl: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: elsewhere,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    JWT_SECRET: jwtSecret,
    KINROOM_EVIDENCE_KEY: keyFile,
    ...extra,
  };
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [join(folder, 'main.js'), ...args], { cwd: elsewhere, env });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

interface Served {
  url: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Serves the folder and waits until /healthz answers (generously: a loaded machine is slow to start it). */
async function serve(env: NodeJS.ProcessEnv): Promise<Served> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(folder, 'main.js')], {
    cwd: elsewhere,
    env: { ...env, HOST: '127.0.0.1', PORT: String(port) },
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the folder stopped while starting: ${output}`);
    const up = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) throw new Error(`the folder did not answer /healthz: ${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

async function graphql(url: string, query: string) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as {
    data?: Record<string, unknown>;
    errors?: { extensions?: { code?: string } }[];
  };
}

async function sql(url: string, text: string): Promise<Record<string, unknown>[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text)).rows;
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'kinroom-folder-'));
  const built = join(work, 'built', 'kinroom');
  execFileSync('bash', [join(REPO, 'scripts/package.sh'), '--no-build', built], {
    cwd: REPO,
    stdio: 'pipe',
    // Copying the dependencies is disk-bound: slow on a machine busy with other tests.
    timeout: 420_000,
  });
  // Moved, as it is copied to a server: nothing in it may point back at where it was made.
  await mkdir(join(work, 'server', 'opt'), { recursive: true });
  folder = join(work, 'server', 'opt', 'kinroom');
  await rename(built, folder);
  elsewhere = join(work, 'server', 'home');
  await mkdir(elsewhere);
  keyFile = join(work, 'server', 'evidence-key.pem');
  await ensureEvidenceKeyFile(keyFile);
  db = await emptyDatabase();
}, 480_000);

afterAll(async () => {
  await db?.drop();
  await rm(work, { recursive: true, force: true });
});

describe('the production folder', () => {
  it('holds the built API and dashboard and production dependencies only: no sources, tests or data', async () => {
    for (const f of [
      'main.js',
      'kinroom-release.json',
      'apps/api/dist/main.js',
      'apps/dashboard/dist/index.html',
    ])
      expect(existsSync(join(folder, f)), f).toBe(true);
    for (const f of [
      'apps/api/src',
      'apps/api/test',
      '.data',
      'apps/dashboard/src',
      'apps/api/tsconfig.json',
    ])
      expect(existsSync(join(folder, f)), f).toBe(false);
    const domain = join(folder, 'apps/api/node_modules/@kinroom/domain');
    expect(readdirSync(domain)).toContain('dist');
    expect(readdirSync(domain)).not.toContain('src');
    const api = JSON.parse(await readFile(join(REPO, 'apps/api/package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    const devInstalled = Object.keys(api.devDependencies).filter((name) =>
      existsSync(join(folder, 'apps/api/node_modules', name)),
    );
    expect(devInstalled).toEqual([]);
    const release = JSON.parse(await readFile(join(folder, 'kinroom-release.json'), 'utf8')) as {
      node: string;
    };
    expect(release.node).toBe('>=22.17');
  });

  it.skipIf(!isOlderNode('/usr/bin/node'))(
    'refuses, in one line, a Node older than 22.17',
    () => {
      const old = spawnSync('/usr/bin/node', [join(folder, 'main.js'), 'migrate'], {
        cwd: elsewhere,
        env: productionEnv(db.url),
        encoding: 'utf8',
      });
      expect(old.status).toBe(1);
      expect(old.stderr).toMatch(/^kinroom: Node >= 22\.17 is required; this is Node 2\d\.\d+\.\d+\n$/);
    },
    30_000,
  );

  it('migrates, then serves the dashboard, GraphQL and /healthz from another directory, in production', async () => {
    const migrated = await run(['migrate'], productionEnv(db.url));
    expect(migrated.code, migrated.output).toBe(0);
    expect(migrated.output).toMatch(/0020-mutation-allowance/);

    const server = await serve(productionEnv(db.url));
    try {
      const page = await fetch(`${server.url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>Kinroom</title>');
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect(await graphql(server.url, '{ serverStatus { status } }')).toEqual({
        data: { serverStatus: { status: 'ok' } },
      });
      // A change is counted in the shared allowance before it is refused for want of a sign-in.
      const change = await graphql(server.url, CANCEL);
      expect(change.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(await sql(db.url, `select key from mutation_allowance`)).toEqual([
        { key: 'mutations:anonymous' },
      ]);
    } finally {
      await server.stop();
    }
    expect(server.output()).not.toContain(jwtSecret);
  }, 240_000);

  it('serves over TLS, checking the database server certificate, as the URL says', async (ctx) => {
    // The machine's PostgreSQL is the one whose TLS the tests turn on; a throwaway server of the test's own has none.
    if (!db.onMachine) return ctx.skip();
    const { caFile } = await machinePostgresTls();
    const url = new URL(db.url);
    url.searchParams.set('sslmode', 'verify-full');
    url.searchParams.set('sslrootcert', caFile);
    const server = await serve(productionEnv(url.toString()));
    try {
      expect(await graphql(server.url, '{ serverStatus { status } }')).toEqual({
        data: { serverStatus: { status: 'ok' } },
      });
      const encrypted = await sql(
        db.url,
        `select count(*)::int as n from pg_stat_ssl s join pg_stat_activity a using (pid)
          where a.datname = current_database() and s.ssl and a.pid <> pg_backend_pid()`,
      );
      expect(encrypted[0]!.n).toBeGreaterThan(0);
    } finally {
      await server.stop();
    }
  }, 180_000);

  it('serves through PgBouncer in transaction mode, the direct URL beside it', async () => {
    const bouncer = await startPgBouncer(db.url);
    const server = await serve(productionEnv(bouncer.url, { KINROOM_DATABASE_DIRECT_URL: db.url }));
    try {
      expect(await graphql(server.url, '{ serverStatus { status } }')).toEqual({
        data: { serverStatus: { status: 'ok' } },
      });
      // The shared allowance's statements hold no session state, so they run through the pooler as they do without.
      await sql(db.url, 'delete from mutation_allowance');
      for (let i = 0; i < 3; i++) {
        const change = await graphql(server.url, CANCEL);
        expect(change.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      }
      expect(await sql(db.url, `select points from mutation_allowance`)).toEqual([{ points: 3 }]);
      expect((await bouncer.counts()).clients).toBeGreaterThan(0);
    } finally {
      await server.stop();
      await bouncer.stop();
    }
  }, 180_000);
});

function isOlderNode(node: string): boolean {
  if (!existsSync(node)) return false;
  const [major, minor] = execFileSync(node, ['-p', 'process.versions.node'])
    .toString()
    .trim()
    .split('.')
    .map(Number) as [number, number];
  return major < 22 || (major === 22 && minor < 17);
}
