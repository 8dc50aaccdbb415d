/**
 * Kinroom's benchmarks, one command:
 *   pnpm bench            every scenario at 10k, 100k and 1M sessions; fan-out to 1k, 5k, 10k and 19.9k subscribers
 *   pnpm bench --quick    10k sessions and 1k subscribers, in a few minutes; CI's smoke test
 * Options: --scales=10000,100000  --steps=1000,5000  --cluster=1000,5000 (subscribers on each of three processes)
 * --skip=startup,fanout,cluster,booking,reads,board,history,dashboard  --merge  --report (rewrite BENCHMARKS.md from
 * bench/results/latest.json and exit).
 *
 * It starts everything itself: an embedded PostgreSQL, the data, Kinroom's API as a separate process, the raw and
 * PostGraphile servers over the same database, a plain ws server, and load generators in processes of their own.
 * Every run asserts the correctness figures (no event lost, one read of the event log per event per process, with
 * one process and with three, exactly one of 200 clashing bookings and of 200 clashing series wins) and exits
 * non-zero when one fails. It never asserts a timing.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { startApiProcess } from '../../apps/api/test/processes.js';
import { freePort } from '../../apps/api/src/db/free-port.js';
import { ensureEvidenceKeyFile } from '../../apps/api/src/observations/evidence-keys.js';
import type { Bench } from './context.js';
import { DataGenerator, markRooms } from './data/generate.js';
import { FANOUT_ROLE, startBenchDatabase, WRITER_ROLE } from './env.js';
import { INSPECT } from './inspector.js';
import { API_TSCONFIG, BENCH_DIR, spawnTs, stop, waitReady } from './proc.js';
import { signToken } from './queries.js';
import { formatted, writeReport, type Results } from './report/markdown.js';
import { bookingScenario } from './scenarios/booking.js';
import { seriesScenario } from './scenarios/series.js';
import { clusterScenario } from './scenarios/cluster.js';
import { fanoutScenario } from './scenarios/fanout.js';
import { dashboardScenario } from './scenarios/dashboard.js';
import { childHistoryScenario, roomBoardScenario } from './scenarios/reads.js';
import { startupScenario } from './scenarios/startup.js';

const SECRET = 'kinroom-bench-signing-secret-0123456789abcdef';
// Every child process (the API included) compiles Kinroom's decorators with the API's own settings.
process.env.TSX_TSCONFIG_PATH = API_TSCONFIG;
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const list = (name: string, fallback: number[]) => option(name)?.split(',').map(Number) ?? fallback;

const quick = flag('quick');
const resultsDir = join(BENCH_DIR, 'results');
const skip = new Set(option('skip')?.split(',') ?? []);
// Only a full run (or one merged into it) is the record; a run of some scenarios alone leaves it as it is.
const partial = !quick && skip.size > 0 && !flag('merge');
const resultsFile = join(resultsDir, quick ? 'quick.json' : partial ? 'partial.json' : 'latest.json');

if (flag('report')) {
  const results = JSON.parse(await readFile(join(resultsDir, 'latest.json'), 'utf8')) as Results;
  await writeReport(results);
  process.exit(0);
}

const scales = list('scales', quick ? [10_000] : [10_000, 100_000, 1_000_000]);
const steps = list('steps', quick ? [1000] : [1000, 5000, 10_000, 19_900]);
/** Subscribers on each of the three processes of the cluster scenario. */
const clusterSteps = list('cluster', quick ? [100] : [1000, 5000, 19_900]);
const started = new Date();
const log = (line: string) => process.stdout.write(`${line}\n`);

const results: Results = {
  mode: quick ? 'quick' : 'full',
  startedAt: started.toISOString(),
  finishedAt: null,
  machine: {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    postgres: '',
    loadAverageAtStart: loadavg().map((x) => Math.round(x * 100) / 100),
    loadAverageAtEnd: [],
  },
  scales: [],
  fanout: [],
  cluster: [],
  booking: null,
  series: null,
  startup: null,
  dashboard: null,
  checks: [],
  notes: [],
};

// --merge: keep the figures of an earlier full run and replace only the scenarios this run measures.
if (flag('merge')) {
  const earlier = await readFile(resultsFile, 'utf8').then(
    (t) => JSON.parse(t) as Results,
    () => null,
  );
  if (earlier) {
    const ran = ['reads', 'fanout', 'cluster', 'booking', 'startup', 'dashboard'].filter((x) => !skip.has(x));
    const again = `${ran.join(', ')} measured again on `;
    // An earlier note about scenarios that are all measured again since (now, or in a later run) no longer says
    // where any figure is from. Walked newest first, so that each note is checked against what came after it.
    const measuredSince = new Set(ran);
    const kept = [...earlier.notes].reverse().filter((note) => {
      const [scenarios, rest] = note.split(' measured again on ');
      if (rest === undefined) return true;
      const names = scenarios!.split(', ');
      const current = names.some((x) => !measuredSince.has(x));
      for (const x of names) measuredSince.add(x);
      return current;
    });
    Object.assign(results, {
      scales: skip.has('reads') ? earlier.scales : [],
      fanout: skip.has('fanout') ? earlier.fanout : [],
      cluster: skip.has('cluster') ? (earlier.cluster ?? []) : [],
      booking: skip.has('booking') ? earlier.booking : null,
      series: skip.has('booking') ? (earlier.series ?? null) : null,
      startup: skip.has('startup') ? earlier.startup : null,
      dashboard: skip.has('dashboard') ? (earlier.dashboard ?? null) : null,
      notes: [
        ...kept.reverse(),
        `${again}${started.toISOString().slice(0, 16).replace('T', ' ')} UTC; the rest is from the run of ${earlier.startedAt.slice(0, 16).replace('T', ' ')} UTC`,
      ],
    });
    results.startedAt = earlier.startedAt;
  }
}

async function save(): Promise<void> {
  await mkdir(resultsDir, { recursive: true });
  await writeFile(resultsFile, await formatted(resultsFile, JSON.stringify(results)));
}

log(`kinroom bench (${results.mode}): scales ${scales.join(', ')}; fan-out ${steps.join(', ')}`);
const db = await startBenchDatabase(log);
results.machine.postgres = db.version.split(' on ')[0] ?? db.version;
const cleanup: (() => Promise<void>)[] = [() => db.stop()];
const cleanUp = async () => {
  for (const c of cleanup.splice(0)) await c().catch(() => {});
};
// Whatever stops the bench, it stops what it started (PostgreSQL, the API and the comparison servers) first.
process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));
process.once('SIGTERM', () => void cleanUp().finally(() => process.exit(143)));
process.on('unhandledRejection', (err) => {
  log(`bench: ${(err as Error)?.stack ?? String(err)}`);
  void cleanUp().finally(() => process.exit(1));
});
let failed = false;
try {
  const now = new Date();
  const generator = new DataGenerator(db.pool, now);
  const fixture = await generator.core();
  await markRooms(db.pool, fixture, now);
  await generator.growTo(scales[0]!);

  // Production needs the key that seals final records, kept outside the database: one of the bench's own.
  const keyDir = await mkdtemp(join(tmpdir(), 'kinroom-bench-key-'));
  cleanup.push(() => rm(keyDir, { recursive: true, force: true }));
  const evidenceKey = join(keyDir, 'evidence-key.pem');
  await ensureEvidenceKeyFile(evidenceKey);
  const apiEnv = {
    NODE_ENV: 'production',
    JWT_SECRET: SECRET,
    KINROOM_EVIDENCE_KEY: evidenceKey,
    // The line the bench waits for ("ready at") is logged at info; nothing is logged per request at that level.
    KINROOM_LOG_LEVEL: 'info',
    KINROOM_DEMO_DATA: 'false',
    KINROOM_MUTATIONS_PER_MINUTE: '10000000',
    // The fan-out's subscribers are all one manager: far more sockets than one person may hold in production.
    KINROOM_SOCKETS_PER_PERSON: '100000',
    KINROOM_SUBSCRIPTIONS_PER_PERSON: '100000',
    // Node options for Kinroom's processes alone, to profile them under load (`--cpu-prof --cpu-prof-dir=…`).
    ...(process.env.BENCH_API_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_API_NODE_OPTIONS } : {}),
  };
  const api = await startApiProcess(db.url, apiEnv);
  cleanup.unshift(() => api.kill());
  // A second Kinroom process makes the changes the fan-out streams (as another instance behind a load balancer
  // would), so that every one of the measured process's 20,000 file descriptors is left for subscribers.
  const writer = await startApiProcess(db.urlAs(WRITER_ROLE), apiEnv);
  cleanup.unshift(() => writer.kill());
  const rawPort = await freePort();
  const rawProcess = spawnTs('./servers/raw.ts', [db.url, String(rawPort), SECRET], { ipc: true });
  await waitReady(rawProcess, 'raw server');
  cleanup.unshift(() => stop(rawProcess));
  const keptPort = await freePort();
  const keptProcess = spawnTs('./servers/kept.ts', [db.url, String(keptPort), SECRET], { ipc: true });
  await waitReady(keptProcess, 'kept board server');
  cleanup.unshift(() => stop(keptProcess));
  const peerPort = await freePort();
  const peerProcess = spawnTs('./servers/peer.ts', [db.url, String(peerPort)], { ipc: true });
  await waitReady(peerProcess, 'PostGraphile');
  cleanup.unshift(() => stop(peerProcess));

  const user = async (email: string) =>
    (
      await db.pool.query<{ id: string; council_id: string; role: string }>(
        'select id, council_id, role from staff_user where email = $1',
        [email],
      )
    ).rows[0]!;
  const manager = await user(fixture.managerEmail);
  const socialWorker = await user(fixture.socialWorkerEmail);
  const token = (u: typeof manager) => signToken(SECRET, { id: u.id, councilId: u.council_id, role: u.role });
  const bench: Bench = {
    quick,
    now,
    db,
    generator,
    fixture,
    secret: SECRET,
    apiEnv,
    api,
    kinroom: `${api.url}/graphql`,
    writer: `${writer.url}/graphql`,
    // With its inspector open, so that the fan-out can have it collect its garbage before reading its memory.
    startKinroom: () =>
      startApiProcess(db.urlAs(FANOUT_ROLE), {
        ...apiEnv,
        NODE_OPTIONS: [apiEnv.NODE_OPTIONS, INSPECT].filter(Boolean).join(' '),
      }),
    startKinroomAs: (role) => startApiProcess(db.urlAs(role), apiEnv),
    raw: `http://127.0.0.1:${rawPort}`,
    kept: `http://127.0.0.1:${keptPort}`,
    peer: `http://127.0.0.1:${peerPort}/graphql`,
    rawProcess,
    peerProcess,
    tokens: { manager: token(manager), socialWorker: token(socialWorker) },
    managerId: manager.id,
    log,
  };

  for (const [i, scale] of scales.entries()) {
    // Only the reads are measured at more than the first scale: without them, growing the data is wasted time.
    if (i > 0 && skip.has('reads')) break;
    if (i > 0) await generator.growTo(scale);
    const sessions = await generator.sessionCount();
    if (!skip.has('reads')) {
      log(`room board and child history at ${sessions.toLocaleString('en-GB')} sessions`);
      const board = skip.has('board') ? null : await roomBoardScenario(bench);
      const history = skip.has('history') ? null : await childHistoryScenario(bench);
      // A run that skips one of the two reads prints its figures but records neither (the report compares both).
      if (board && history) {
        results.scales.push({ scale, sessions, board, history });
        await save();
      }
    }
    if (i === 0) {
      if (!skip.has('fanout')) {
        log('fan-out');
        results.fanout = await fanoutScenario(bench, steps, quick ? 10 : 40);
        await save();
      }
      if (!skip.has('cluster')) {
        log('three API processes, one PostgreSQL');
        results.cluster = await clusterScenario(bench, clusterSteps, quick ? 5 : 40, quick ? 50 : 1000);
        await save();
      }
      if (!skip.has('booking')) {
        log('booking');
        results.booking = await bookingScenario(bench);
        await save();
        results.series = await seriesScenario(bench);
        await save();
      }
    }
  }
  if (!skip.has('startup')) {
    log('start-up');
    results.startup = await startupScenario(bench);
  }
  // Timings alone, nothing to assert: a full run's.
  if (!quick && !skip.has('dashboard')) {
    log('the dashboard, cold');
    results.dashboard = await dashboardScenario(bench);
  }
} catch (err) {
  failed = true;
  results.notes.push(`run stopped early: ${(err as Error).message.split('\n')[0]}`);
  log(`bench: ${(err as Error).stack ?? String(err)}`);
} finally {
  await cleanUp();
}

// Correctness figures: asserted in every run, timings never.
for (const step of results.fanout) {
  results.checks.push({
    name: `no event lost at ${step.subscribers} subscribers`,
    ok:
      step.kinroom.lost === 0 && step.kinroom.duplicates === 0 && step.kinroom.connected === step.subscribers,
    detail: `${step.kinroom.lost} lost, ${step.kinroom.duplicates} duplicated, ${step.kinroom.connected} of ${step.subscribers} connected`,
  });
  results.checks.push({
    name: `one event-log read per event at ${step.subscribers} subscribers`,
    ok: step.kinroom.eventLogReadsPerEvent === 1,
    detail: `each event read ${step.kinroom.eventLogReadsPerEvent} time(s) from the outbox by the API process; ${step.kinroom.eventLogStatementsPerEvent} reader statements per event, idle catch-up ticks included`,
  });
}
for (const step of results.cluster) {
  const n = `${step.processes} × ${step.perProcess}`;
  results.checks.push({
    name: `no event lost across ${step.processes} API processes (${n} subscribers)`,
    ok:
      step.kinroom.lost === 0 &&
      step.kinroom.duplicates === 0 &&
      step.burst.lost === 0 &&
      step.burst.duplicates === 0 &&
      step.kinroom.connected === step.subscribers,
    detail: `stream ${step.kinroom.lost} lost, ${step.kinroom.duplicates} duplicated; burst of ${step.burst.events}: ${step.burst.lost} lost, ${step.burst.duplicates} duplicated; ${step.kinroom.connected} of ${step.subscribers} connected`,
  });
  results.checks.push({
    name: `one outbox read per event per process (${n} subscribers)`,
    ok:
      [...step.kinroom.readsPerEvent, ...step.burst.readsPerEvent].every((x) => x === 1) &&
      step.kinroom.readsPerEvent.length === step.processes,
    detail: `rows read per event by each process: stream ${step.kinroom.readsPerEvent.join(' / ')}, burst ${step.burst.readsPerEvent.join(' / ')}`,
  });
}
if (results.booking) {
  const c = results.booking.contention;
  results.checks.push({
    name: 'exactly one of 200 clashing bookings wins',
    ok: c.exactlyOneWon,
    detail: `${c.succeeded} succeeded, ${JSON.stringify(c.codes)}, ${c.rowsInDatabase} row(s)`,
  });
}
if (results.series) {
  const c = results.series.contention;
  results.checks.push({
    name: 'exactly one of 200 clashing series wins',
    ok: c.exactlyOneWon,
    detail: `${c.succeeded} succeeded, ${JSON.stringify(c.codes)}, ${c.rowsInDatabase} session row(s)`,
  });
}
const missing = [
  !skip.has('fanout') && results.fanout.length === 0,
  !skip.has('cluster') && results.cluster.length === 0,
  !skip.has('booking') && (!results.booking || !results.series),
].some(Boolean);
if (missing) {
  results.checks.push({
    name: 'every correctness scenario ran',
    ok: false,
    detail: results.notes.join('; ') || 'missing',
  });
}
results.machine.loadAverageAtEnd = loadavg().map((x) => Math.round(x * 100) / 100);
results.finishedAt = new Date().toISOString();
await save();
if (!quick && !partial) await writeReport(results);

log('');
for (const c of results.checks) log(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
const failures = results.checks.filter((c) => !c.ok).length;
log(`${results.checks.length - failures} passed, ${failures} failed`);
log(`results: ${resultsFile}`);
process.exit(failed || failures > 0 ? 1 : 0);
