import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiProcess } from '../../apps/api/test/processes.js';
import type { BenchFixture, DataGenerator } from './data/generate.js';
import type { BenchDatabase } from './env.js';
import type { BookLoad, BookLoadResult } from './load/book.js';
import type { HttpLoad, HttpLoadResult } from './load/http.js';
import { runToEnd, spawnTs } from './proc.js';

export interface Bench {
  quick: boolean;
  now: Date;
  db: BenchDatabase;
  generator: DataGenerator;
  fixture: BenchFixture;
  secret: string;
  /** The settings every Kinroom process of the bench is started with (production). */
  apiEnv: Record<string, string>;
  api: ApiProcess;
  /** Kinroom's GraphQL endpoint over HTTP. */
  kinroom: string;
  /** Starts another Kinroom API process over the bench database (fan-out measures a fresh one per step). */
  startKinroom(): Promise<ApiProcess>;
  /** Starts another Kinroom API process over the bench database, logged in as `role` (env.ts). */
  startKinroomAs(role: string): Promise<ApiProcess>;
  /** A second Kinroom process over the same database, for the changes the fan-out scenario streams. */
  writer: string;
  raw: string;
  /** The kept board's server (servers/kept.ts). */
  kept: string;
  peer: string;
  rawProcess: ChildProcess;
  peerProcess: ChildProcess;
  tokens: { manager: string; socialWorker: string };
  managerId: string;
  log(line: string): void;
}

export async function httpLoad(load: HttpLoad): Promise<HttpLoadResult> {
  const out = await runToEnd(spawnTs('./load/http.ts', [JSON.stringify(load)]), 'load generator');
  return JSON.parse(out.trim().split('\n').at(-1)!) as HttpLoadResult;
}

export async function bookLoad(load: BookLoad): Promise<BookLoadResult> {
  const dir = await mkdtemp(join(tmpdir(), 'kinroom-bench-book-'));
  const file = join(dir, 'load.json');
  await writeFile(file, JSON.stringify(load));
  try {
    const out = await runToEnd(spawnTs('./load/book.ts', [file]), 'booking load');
    return JSON.parse(out.trim().split('\n').at(-1)!) as BookLoadResult;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface Measured {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  rounds: HttpLoadResult[];
}

/**
 * Runs each target's load in turn, `rounds` times, rotating who goes first, so that a busy moment on the machine
 * falls on every side alike. Throughput is the total over all rounds; latency percentiles are the median round's.
 */
export async function interleaved(
  targets: Record<string, HttpLoad>,
  rounds: number,
  log: (line: string) => void,
): Promise<Record<string, Measured>> {
  const names = Object.keys(targets);
  const runs: Record<string, HttpLoadResult[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    const order = names.map((_, i) => names[(i + r) % names.length]!);
    for (const name of order) {
      const result = await httpLoad(targets[name]!);
      runs[name]!.push(result);
      log(
        `  round ${r + 1}/${rounds} ${name.padEnd(15)} ${result.rps.toFixed(0).padStart(6)} req/s  p50 ${result.p50.toFixed(1)} ms  p95 ${result.p95.toFixed(1)} ms  p99 ${result.p99.toFixed(1)} ms${result.non2xx || result.errors ? `  non-2xx ${result.non2xx} errors ${result.errors}` : ''}`,
      );
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return Object.fromEntries(
    names.map((n) => {
      const rs = runs[n]!;
      const requests = rs.reduce((a, x) => a + x.requests, 0);
      const seconds = rs.reduce((a, x) => a + x.seconds, 0);
      return [
        n,
        {
          rps: requests / seconds,
          p50: median(rs.map((x) => x.p50)),
          p95: median(rs.map((x) => x.p95)),
          p99: median(rs.map((x) => x.p99)),
          requests,
          non2xx: rs.reduce((a, x) => a + x.non2xx, 0),
          errors: rs.reduce((a, x) => a + x.errors, 0),
          rounds: rs,
        },
      ];
    }),
  );
}
