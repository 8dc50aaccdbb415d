/**
 * Sends a list of requests at a fixed concurrency from a process of its own and counts the outcomes by error code:
 * used for booking contention (every request at once) and booking throughput.
 *   node --import tsx book.ts <options json file>
 */
import { readFile } from 'node:fs/promises';
import { summary } from '../stats.js';

export interface BookLoad {
  url: string;
  headers: Record<string, string>;
  bodies: string[];
  concurrency: number;
}

export interface BookLoadResult {
  ok: number;
  codes: Record<string, number>;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

const o = JSON.parse(await readFile(process.argv[2]!, 'utf8')) as BookLoad;
const codes: Record<string, number> = {};
const latencies: number[] = [];
let ok = 0;
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: Math.min(o.concurrency, o.bodies.length) }, async () => {
    while (next < o.bodies.length) {
      const body = o.bodies[next++]!;
      const t = performance.now();
      try {
        const res = await fetch(o.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...o.headers },
          body,
        });
        const json = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
        const code = json.errors?.[0]?.extensions?.code;
        if (code) codes[code] = (codes[code] ?? 0) + 1;
        else if (res.ok) ok += 1;
        else codes[`HTTP_${res.status}`] = (codes[`HTTP_${res.status}`] ?? 0) + 1;
      } catch (err) {
        codes.NETWORK = (codes.NETWORK ?? 0) + 1;
        void err;
      }
      latencies.push(performance.now() - t);
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
const s = summary(latencies);
const out: BookLoadResult = {
  ok,
  codes,
  seconds,
  perSecond: ok / seconds,
  p50: s.p50,
  p95: s.p95,
  p99: s.p99,
};
process.stdout.write(`${JSON.stringify(out)}\n`);
