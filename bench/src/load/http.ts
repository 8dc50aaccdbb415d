/**
 * One HTTP load run in a process of its own, so that the load generator never shares a CPU budget with the server's
 * event loop: a warm-up run (discarded), then a measured run at fixed concurrency. Prints one JSON line: requests,
 * seconds, req/s, latency p50 / p95 / p99 from every response, non-2xx and errors.
 *   node --import tsx http.ts '<json options>'
 */
import autocannon from 'autocannon';

export interface HttpLoad {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  seconds: number;
  warmupSeconds: number;
}

export interface HttpLoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  non2xx: number;
  errors: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function run(o: HttpLoad, seconds: number, latencies: number[] | null) {
  return new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: o.url,
        method: o.method ?? 'GET',
        headers: o.headers ?? {},
        body: o.body,
        connections: o.connections,
        duration: seconds,
        pipelining: 1,
        timeout: 30,
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    if (latencies) instance.on('response', (_client, _status, _bytes, ms: number) => latencies.push(ms));
  });
}

const options = JSON.parse(process.argv[2] ?? '{}') as HttpLoad;
if (options.warmupSeconds > 0) await run(options, options.warmupSeconds, null);
const latencies: number[] = [];
const started = performance.now();
const result = await run(options, options.seconds, latencies);
const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const out: HttpLoadResult = {
  requests: latencies.length,
  seconds,
  rps: latencies.length / seconds,
  p50: percentile(latencies, 50),
  p95: percentile(latencies, 95),
  p99: percentile(latencies, 99),
  non2xx: result.non2xx,
  errors: result.errors + result.timeouts,
};
process.stdout.write(`${JSON.stringify(out)}\n`);
