import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../src/db/free-port.js';
import { createTestDatabase, type TestDatabase } from './database.js';

interface Run {
  code: number | null;
  out: string;
  err: string;
}

/** Starts the real entry point as a user would, and stops it once `until` is seen (or it exits by itself). */
function start(env: Record<string, string>, until?: RegExp): Promise<Run & { kill(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, KINROOM_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run: Run = { code: null, out: '', err: '' };
  const exited = new Promise<void>((r) => child.once('exit', (code) => ((run.code = code), r())));
  return new Promise((resolveRun) => {
    const done = () => resolveRun({ ...run, kill: async () => void (child.kill('SIGTERM'), await exited) });
    child.stdout.on('data', (d: Buffer) => {
      run.out += d.toString();
      if (until?.test(run.out)) done();
    });
    child.stderr.on('data', (d: Buffer) => (run.err += d.toString()));
    void exited.then(done);
  });
}

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

describe('starting Kinroom', () => {
  it('migrates, loads the demo week and answers GraphQL', async () => {
    const port = await freePort();
    const run = await start({ DATABASE_URL: db.url, PORT: String(port) }, /ready at/);
    try {
      expect(run.out).toContain('loaded the demo week');
      expect(run.out).toMatch(/centre_manager\s+Priya Shah/);
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
    } finally {
      await run.kill();
    }
  });

  it('fails with one clear line and a non-zero exit for a bad DATABASE_URL', async () => {
    const port = await freePort();
    const run = await start({ DATABASE_URL: `postgres://nobody@127.0.0.1:${port}/none`, PORT: '0' });
    expect(run.code).toBe(1);
    expect(run.err.trim().split('\n')).toHaveLength(1);
    expect(run.err).toMatch(/^kinroom: cannot reach the database at postgres:\/\/nobody@127\.0\.0\.1/);
  });

  it('refuses a DATABASE_URL that is not a PostgreSQL URL', async () => {
    const run = await start({ DATABASE_URL: 'mysql://x@localhost/db' });
    expect(run.code).toBe(1);
    expect(run.err.trim()).toBe(
      'kinroom: invalid configuration: DATABASE_URL must be a postgres:// or postgresql:// URL',
    );
  });

  it('fails with one clear line when the port is in use', async () => {
    const blocker = createServer();
    const port = await new Promise<number>((r) =>
      blocker.listen(0, '127.0.0.1', () => r((blocker.address() as { port: number }).port)),
    );
    try {
      const run = await start({ DATABASE_URL: db.url, PORT: String(port) });
      expect(run.code).toBe(1);
      expect(run.err.trim()).toBe(`kinroom: port ${port} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
  });
});
