/**
 * Scenario 3: fan-out. N graphql-ws subscribers to one centre's `roomBoardChanged` on one API process, held by
 * several client processes; a stream of room changes at one a second; event-to-client latency, lost and duplicated
 * deliveries, reads of the event log per event, the API's memory per idle subscriber and its CPU. In the same step, a
 * plain `ws` server broadcasts messages of the same size to the same number of sockets: the limit to compare with.
 * Both sides stay connected through the step and the stream alternates between them event by event, so that their
 * figures are taken at the same time, interleaved.
 */
import type { ChildProcess } from 'node:child_process';
import type { ApiProcess } from '../../../apps/api/test/processes.js';
import type { Bench } from '../context.js';
import { collectGarbage, INSPECT, inspectorUrl } from '../inspector.js';
import type { SocketCommand } from '../load/sockets.js';
import { FANOUT_ROLE, outboxReads, resetStatements } from '../env.js';
import { processStats, sleep, spawnTs, stop, waitReady } from '../proc.js';
import { ROOM_BOARD_CHANGED } from '../queries.js';
import { ratio } from '../stats.js';
import { freePort } from '../../../apps/api/src/db/free-port.js';
import { closeClients, collect, openClients, reset, RoomChanger, waitFor } from './subscribers.js';

export interface FanoutSide {
  subscribers: number;
  connected: number;
  events: number;
  deliveries: number;
  lost: number;
  duplicates: number;
  p50: number;
  p95: number;
  p99: number;
  memoryPerSubscriberKiB: number;
  cpuPercent: number;
}

export interface FanoutStep {
  subscribers: number;
  kinroom: FanoutSide & {
    /** Times the measured process read each event from the outbox (rows read / events): 1 if it reads once for all. */
    eventLogReadsPerEvent: number;
    /** The outbox reader's statements per event, the 1-second catch-up ticks that found nothing included. */
    eventLogStatementsPerEvent: number;
    /** Scans of the event table by anyone (both Kinroom processes and the bench) per event. */
    eventTableScansPerEvent: number;
  };
  plain: FanoutSide;
  p99Ratio: number | null;
  messageBytes: number;
}

async function eventScans(b: Bench): Promise<number> {
  await b.db.pool.query('select pg_stat_clear_snapshot()');
  const r = await b.db.pool.query<{ n: string }>(
    `select (coalesce(idx_scan, 0) + coalesce(seq_scan, 0))::text as n from pg_stat_user_tables where relname = 'event'`,
  );
  return Number(r.rows[0]!.n);
}

/** One side of a step once its subscribers are connected and idle, and what its share of the stream cost. */
interface Side {
  clients: ChildProcess[];
  ok: number;
  pid: number;
  memoryPerSubscriberKiB: number;
  /** Sends the stream's event number `i`. */
  send: (i: number) => Promise<void>;
  sent: number;
  cpuMs: number;
  wallMs: number;
}

/**
 * How long a process is left idle before its memory is read, before and after its subscribers connect; it then
 * collects all its garbage (through its inspector) before the reading. Without the collection, what a burst of work
 * grew and V8 had not yet collected counted as subscribers' memory: at 1,000 subscribers the figure moved between 3
 * and 38 KiB from run to run with nothing changed, on both sides.
 */
const SETTLE_MS = 10_000;

const memoryPer = (before: { rss: number }, idle: { rss: number }, ok: number) =>
  Math.round(((idle.rss - before.rss) / Math.max(1, ok) / 1024) * 10) / 10;

/** A process's memory once it has been idle and has collected its garbage. */
async function settledMemory(pid: number, inspector: string): Promise<{ rss: number }> {
  await sleep(SETTLE_MS);
  await collectGarbage(inspector);
  await sleep(1000);
  return processStats(pid);
}

/** Kinroom's subscribers, connected and idle; the size of its messages, from the probe event. */
async function connectKinroom(
  b: Bench,
  api: ApiProcess,
  n: number,
  changer: RoomChanger,
): Promise<Side & { messageBytes: number }> {
  const apiUrl = api.url;
  const apiPid = api.child.pid!;
  const inspector = inspectorUrl(api.output());
  const wsUrl = `${apiUrl.replace(/^http/, 'ws')}/graphql`;
  const open = (count: number, batch: number): SocketCommand => ({
    type: 'open',
    kind: 'graphql-ws',
    url: wsUrl,
    token: b.tokens.manager,
    query: ROOM_BOARD_CHANGED,
    variables: { centreId: b.fixture.centreId },
    count,
    batch,
  });
  // A few subscribers first, served one event and gone, so that first-use costs (compiled code, caches) are not
  // counted as memory per subscriber.
  const warm = await openClients(50, (count) => open(count, 25));
  await sleep(1000);
  await changer.change();
  await waitFor(warm.clients, warm.ok, 30_000);
  await closeClients(warm.clients);
  const before = await settledMemory(apiPid, inspector);
  const opened = await openClients(n, (count) => open(count, 100));
  if (opened.failed) b.log(`  Kinroom: ${opened.failed} of ${n} sockets failed to open: ${opened.error}`);
  // Subscriptions are not acknowledged by the protocol: a probe event, received by everyone, says all are live.
  await sleep(1000 + n / 10);
  await changer.change();
  const probed = await waitFor(opened.clients, opened.ok, 60_000 + n * 5);
  if (probed < opened.ok)
    b.log(`  Kinroom: only ${probed} of ${opened.ok} subscribers received the probe event`);
  const { messageBytes } = await collect(opened.clients, []);
  await reset(opened.clients);
  const idle = await settledMemory(apiPid, inspector);
  return {
    clients: opened.clients,
    ok: opened.ok,
    pid: apiPid,
    memoryPerSubscriberKiB: memoryPer(before, idle, opened.ok),
    send: () => changer.change(),
    sent: 0,
    cpuMs: 0,
    wallMs: 0,
    messageBytes,
  };
}

/** The plain ws baseline's sockets, connected and idle. */
async function connectPlain(
  server: ChildProcess,
  inspector: string,
  port: number,
  n: number,
  bytes: number,
  log: (l: string) => void,
): Promise<Side> {
  const before = await settledMemory(server.pid!, inspector);
  const opened = await openClients(n, (count) => ({
    type: 'open',
    kind: 'plain',
    url: `ws://127.0.0.1:${port}`,
    count,
    batch: 100,
  }));
  if (opened.failed) log(`  plain ws: ${opened.failed} of ${n} sockets failed to open: ${opened.error}`);
  server.send({ type: 'broadcast', size: bytes, seq: -1 });
  await waitFor(opened.clients, opened.ok, 60_000);
  await reset(opened.clients);
  const idle = await settledMemory(server.pid!, inspector);
  return {
    clients: opened.clients,
    ok: opened.ok,
    pid: server.pid!,
    memoryPerSubscriberKiB: memoryPer(before, idle, opened.ok),
    send: async (i) => void server.send({ type: 'broadcast', size: bytes, seq: i }),
    sent: 0,
    cpuMs: 0,
    wallMs: 0,
  };
}

/**
 * Sends a side's next event, not before `notBefore` (so that the stream keeps one event a second across the sides'
 * turns), and waits until it has arrived everywhere. Returns when it was sent.
 */
async function sendOne(side: Side, notBefore: number): Promise<number> {
  const cpuBefore = await processStats(side.pid);
  const t0 = Date.now();
  if (notBefore > t0) await sleep(notBefore - t0);
  const sentAt = Date.now();
  await side.send(side.sent);
  side.sent += 1;
  await waitFor(side.clients, side.ok * side.sent, 600_000);
  side.wallMs += Date.now() - t0;
  side.cpuMs += (await processStats(side.pid)).cpuMs - cpuBefore.cpuMs;
  return sentAt;
}

const cpuPercent = (side: Side) => Math.round((side.cpuMs / Math.max(1, side.wallMs)) * 1000) / 10;

/**
 * One step: Kinroom's subscribers and the plain ws sockets are both connected for the whole step, and the stream
 * alternates between them event by event (which side goes first alternates from step to step), so that
 * a busy moment of the machine falls on both sides alike. Each event is delivered everywhere before the next is sent.
 */
async function fanoutStep(
  b: Bench,
  stepIndex: number,
  n: number,
  events: number,
  changer: RoomChanger,
  knownBytes: number,
) {
  // A fresh API process per step: its memory is then this step's subscribers' alone, and no backlog of a
  // saturated earlier step is still being worked off.
  const api = await b.startKinroom();
  const port = await freePort();
  const server = spawnTs('./servers/plain-ws.ts', [String(port)], {
    ipc: true,
    env: { NODE_OPTIONS: INSPECT },
  });
  let serverOutput = '';
  server.stderr!.on('data', (d: Buffer) => (serverOutput += d.toString()));
  const sides: Side[] = [];
  try {
    await waitReady(server, 'plain ws server');
    const kin = await connectKinroom(b, api, n, changer);
    sides.push(kin);
    const bytes = knownBytes || kin.messageBytes;
    const plain = await connectPlain(server, inspectorUrl(serverOutput), port, n, bytes, b.log);
    sides.push(plain);

    const head = (await b.db.pool.query<{ id: string }>('select coalesce(max(id), 0)::text as id from event'))
      .rows[0]!.id;
    const tracked = b.db.statementsTracked;
    if (tracked) await resetStatements(b.db.pool);
    const scansBefore = await eventScans(b);
    // Event by event, so that a busy moment of the machine cannot fall on several events of one side in a row.
    let lastSent = 0;
    for (let turn = 0; kin.sent < events || plain.sent < events; turn++) {
      const preferred = (turn + stepIndex) % 2 === 0 ? kin : plain;
      const side = preferred.sent < events ? preferred : preferred === kin ? plain : kin;
      lastSent = await sendOne(side, lastSent + 1000);
    }
    await sleep(2500);
    const scansAfter = await eventScans(b);
    const reads = tracked ? await outboxReads(b.db.pool, FANOUT_ROLE) : null;
    const expected = (
      await b.db.pool.query<{ id: string }>(
        `select id::text as id from event where id > $1 and centre_id = $2 and topic in ('room', 'session') order by event.id`,
        [head, b.fixture.centreId],
      )
    ).rows.map((r) => r.id);
    const kinGot = await collect(kin.clients, expected);
    const plainGot = await collect(
      plain.clients,
      Array.from({ length: events }, (_, i) => String(i)),
    );
    const per = (x: number) => Math.round((x / Math.max(1, expected.length)) * 100) / 100;
    const figures = (side: Side, got: Awaited<ReturnType<typeof collect>>, count: number): FanoutSide => ({
      subscribers: n,
      connected: side.ok,
      events: count,
      deliveries: got.deliveries,
      lost: got.lost + (n - side.ok) * count,
      duplicates: got.duplicates,
      p50: got.latency.p50,
      p95: got.latency.p95,
      p99: got.latency.p99,
      memoryPerSubscriberKiB: side.memoryPerSubscriberKiB,
      cpuPercent: cpuPercent(side),
    });
    return {
      kinroom: {
        ...figures(kin, kinGot, expected.length),
        eventLogReadsPerEvent: reads ? per(reads.rows) : NaN,
        eventLogStatementsPerEvent: reads ? per(reads.calls) : NaN,
        eventTableScansPerEvent: per(scansAfter - scansBefore),
      },
      plain: figures(plain, plainGot, events),
      messageBytes: bytes,
    };
  } finally {
    for (const side of sides) await closeClients(side.clients);
    await api.kill();
    await stop(server);
  }
}

export async function fanoutScenario(b: Bench, steps: number[], events: number): Promise<FanoutStep[]> {
  // Rooms 4 to 10: neither the one needing tidying nor the one out of service that the board shows.
  const changer = new RoomChanger(b, b.fixture.roomIds.slice(4, 11));
  const out: FanoutStep[] = [];
  let bytes = 0;
  for (const [i, n] of steps.entries()) {
    b.log(`  fan-out to ${n.toLocaleString('en-GB')} subscribers, ${events} events at 1/s each, interleaved`);
    const measured = await fanoutStep(b, i, n, events, changer, bytes);
    bytes ||= measured.messageBytes;
    const step: FanoutStep = {
      subscribers: n,
      kinroom: measured.kinroom,
      plain: measured.plain,
      p99Ratio: ratio(measured.kinroom.p99, measured.plain.p99),
      messageBytes: bytes,
    };
    b.log(
      `    Kinroom p50 ${step.kinroom.p50} p95 ${step.kinroom.p95} p99 ${step.kinroom.p99} ms, lost ${step.kinroom.lost}, ` +
        `event-log reads/event ${step.kinroom.eventLogReadsPerEvent} (statements/event ${step.kinroom.eventLogStatementsPerEvent}), ` +
        `${step.kinroom.memoryPerSubscriberKiB} KiB/subscriber, CPU ${step.kinroom.cpuPercent}%`,
    );
    b.log(
      `    plain ws p50 ${step.plain.p50} p95 ${step.plain.p95} p99 ${step.plain.p99} ms, lost ${step.plain.lost}, ${step.plain.memoryPerSubscriberKiB} KiB/socket, CPU ${step.plain.cpuPercent}%  → p99 ratio ${step.p99Ratio}`,
    );
    out.push(step);
  }
  return out;
}
