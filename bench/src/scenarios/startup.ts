/**
 * Scenario 5: start-up as a person meets it. Kinroom with no DATABASE_URL on an empty data folder (it creates and
 * starts its embedded PostgreSQL, migrates, loads the demo week) until its GraphQL endpoint answers; then a warm
 * restart on the same folder. The baseline is the embedded PostgreSQL alone, started the same way (first start with
 * initdb, then a warm restart): what Kinroom adds on top of the database it carries.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../../apps/api/src/db/free-port.js';
import { startPostgresProcess } from '../../../apps/api/test/postgres-process.js';
import type { Bench } from '../context.js';
import { sleep } from '../proc.js';
import { ratio } from '../stats.js';

const API_DIR = fileURLToPath(new URL('../../../apps/api/', import.meta.url));

export interface StartupScenario {
  kinroom: { firstMs: number; warmMs: number };
  postgres: { firstMs: number; warmMs: number };
  ratios: { first: number | null; warm: number | null };
}

async function kinroomStart(dir: string): Promise<{ ms: number; stop: () => Promise<void> }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    KINROOM_DATA_DIR: dir,
    KINROOM_LOG_LEVEL: 'error',
  };
  delete env.DATABASE_URL;
  delete env.NODE_ENV;
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: API_DIR,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Kinroom exited during start-up: ${out}`);
    if (Date.now() > deadline) throw new Error(`Kinroom did not become ready: ${out}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      if (res.ok && ((await res.json()) as { data?: unknown }).data) break;
    } catch {
      // not listening yet
    }
    await sleep(25);
  }
  const ms = performance.now() - t0;
  return {
    ms,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function median(runs: number, fn: () => Promise<{ first: number; warm: number }>) {
  const all: { first: number; warm: number }[] = [];
  for (let i = 0; i < runs; i++) all.push(await fn());
  const mid = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return {
    firstMs: Math.round(mid(all.map((x) => x.first))),
    warmMs: Math.round(mid(all.map((x) => x.warm))),
  };
}

export async function startupScenario(b: Bench): Promise<StartupScenario> {
  const runs = b.quick ? 1 : 3;
  const fresh = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kinroom-bench-start-'));
    await chmod(dir, 0o755);
    return dir;
  };
  const postgres = await median(runs, async () => {
    const dir = await fresh();
    try {
      let t = performance.now();
      const pg1 = await startPostgresProcess(dir);
      const first = performance.now() - t;
      await pg1.stop();
      t = performance.now();
      const pg2 = await startPostgresProcess(dir);
      const warm = performance.now() - t;
      await pg2.stop();
      return { first, warm };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  const kinroom = await median(runs, async () => {
    const dir = await fresh();
    try {
      const a = await kinroomStart(dir);
      await a.stop();
      const c = await kinroomStart(dir);
      await c.stop();
      return { first: a.ms, warm: c.ms };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  b.log(
    `  start-up: Kinroom first ${kinroom.firstMs} ms, warm ${kinroom.warmMs} ms; embedded PostgreSQL alone first ${postgres.firstMs} ms, warm ${postgres.warmMs} ms`,
  );
  return {
    kinroom,
    postgres,
    ratios: { first: ratio(kinroom.firstMs, postgres.firstMs), warm: ratio(kinroom.warmMs, postgres.warmMs) },
  };
}
