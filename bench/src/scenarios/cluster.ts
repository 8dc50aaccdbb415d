/**
 * Scenario 6: three API processes over one PostgreSQL, as behind a council's load balancer. Subscribers to one
 * centre's `roomBoardChanged` are spread evenly over the three; one change a second goes through each process in
 * turn. Compared, interleaved event by event, with three plain `ws` servers holding as many sockets each. Then a
 * burst of changes, 100 a second through the three processes: the lag from each change's commit to its last
 * subscriber, and nothing lost. Each process must read each event from the outbox once, whatever its subscribers
 * (counted per process by its own login, as the fan-out scenario counts its one process).
 */
import type { ChildProcess } from 'node:child_process';
import type { ApiProcess } from '../../../apps/api/test/processes.js';
import { freePort } from '../../../apps/api/src/db/free-port.js';
import type { Bench } from '../context.js';
import { CLUSTER_ROLES, outboxReads, resetStatements } from '../env.js';
import type { SocketCommand } from '../load/sockets.js';
import { sleep, spawnTs, stop, waitReady } from '../proc.js';
import { ROOM_BOARD_CHANGED } from '../queries.js';
import { ratio } from '../stats.js';
import { closeClients, collect, openClients, reset, RoomChanger, waitFor } from './subscribers.js';

export interface ClusterStep {
  processes: number;
  perProcess: number;
  subscribers: number;
  messageBytes: number;
  kinroom: {
    connected: number;
    events: number;
    lost: number;
    duplicates: number;
    p50: number;
    p95: number;
    p99: number;
    /** Rows each process read from the outbox per event, by process: 1 if each reads once for all. */
    readsPerEvent: number[];
  };
  plain: { connected: number; events: number; lost: number; p50: number; p95: number; p99: number };
  p99Ratio: number | null;
  burst: {
    changes: number;
    /** From the first change sent to the last one answered. */
    seconds: number;
    events: number;
    lost: number;
    duplicates: number;
    /** Delay from a change's commit to its arrival, over every delivery; `max` is the last subscriber's. */
    p50: number;
    p99: number;
    max: number;
    readsPerEvent: number[];
  };
}

interface Opened {
  clients: ChildProcess[];
  ok: number;
}

/** `perProcess` sockets to each URL, in client processes of their own. */
async function openEach(
  urls: string[],
  perProcess: number,
  command: (url: string, count: number) => SocketCommand,
  log: (line: string) => void,
): Promise<Opened> {
  const all: Opened = { clients: [], ok: 0 };
  for (const url of urls) {
    const opened = await openClients(perProcess, (count) => command(url, count));
    if (opened.failed) log(`  ${opened.failed} of ${perProcess} sockets to ${url} failed: ${opened.error}`);
    all.clients.push(...opened.clients);
    all.ok += opened.ok;
  }
  return all;
}

async function eventsAfter(b: Bench, head: string): Promise<string[]> {
  const r = await b.db.pool.query<{ id: string }>(
    `select id::text as id from event where id > $1 and centre_id = $2 and topic in ('room', 'session') order by event.id`,
    [head, b.fixture.centreId],
  );
  return r.rows.map((x) => x.id);
}

async function eventHead(b: Bench): Promise<string> {
  return (await b.db.pool.query<{ id: string }>('select coalesce(max(id), 0)::text as id from event'))
    .rows[0]!.id;
}

async function readsPerProcess(b: Bench, events: number): Promise<number[]> {
  if (!b.db.statementsTracked) return [];
  const out: number[] = [];
  for (const role of CLUSTER_ROLES) {
    const reads = await outboxReads(b.db.pool, role);
    out.push(Math.round((reads.rows / Math.max(1, events)) * 100) / 100);
  }
  return out;
}

async function clusterStep(
  b: Bench,
  stepIndex: number,
  perProcess: number,
  events: number,
  burstChanges: number,
): Promise<ClusterStep> {
  const apis: ApiProcess[] = [];
  const servers: ChildProcess[] = [];
  const sides: Opened[] = [];
  try {
    for (const role of CLUSTER_ROLES) apis.push(await b.startKinroomAs(role));
    const changer = new RoomChanger(
      b,
      b.fixture.roomIds.slice(4, 11),
      apis.map((a) => `${a.url}/graphql`),
    );
    const kin = await openEach(
      apis.map((a) => `${a.url.replace(/^http/, 'ws')}/graphql`),
      perProcess,
      (url, count) => ({
        type: 'open',
        kind: 'graphql-ws',
        url,
        token: b.tokens.manager,
        query: ROOM_BOARD_CHANGED,
        variables: { centreId: b.fixture.centreId },
        count,
        batch: 100,
      }),
      b.log,
    );
    sides.push(kin);
    // Subscriptions are not acknowledged by the protocol: a probe event, received by everyone, says all are live.
    await sleep(1000 + (perProcess * apis.length) / 10);
    await changer.change();
    await waitFor(kin.clients, kin.ok, 60_000 + perProcess * 15);
    const { messageBytes } = await collect(kin.clients, []);
    await reset(kin.clients);

    const ports: number[] = [];
    for (let i = 0; i < apis.length; i++) {
      const port = await freePort();
      const server = spawnTs('./servers/plain-ws.ts', [String(port)], { ipc: true });
      servers.push(server);
      await waitReady(server, 'plain ws server');
      ports.push(port);
    }
    const plain = await openEach(
      ports.map((p) => `ws://127.0.0.1:${p}`),
      perProcess,
      (url, count) => ({ type: 'open', kind: 'plain', url, count, batch: 100 }),
      b.log,
    );
    sides.push(plain);
    const broadcast = (seq: number) => {
      for (const s of servers) s.send({ type: 'broadcast', size: messageBytes, seq });
    };
    broadcast(-1);
    await waitFor(plain.clients, plain.ok, 60_000);
    await reset(plain.clients);

    // The stream: one event a second, alternating between the sides event by event.
    const head = await eventHead(b);
    if (b.db.statementsTracked) await resetStatements(b.db.pool);
    let kinSent = 0;
    let plainSent = 0;
    let lastSent = 0;
    for (let turn = 0; kinSent < events || plainSent < events; turn++) {
      const kinTurn = ((turn + stepIndex) % 2 === 0 && kinSent < events) || plainSent >= events;
      const wait = lastSent + 1000 - Date.now();
      if (wait > 0) await sleep(wait);
      lastSent = Date.now();
      if (kinTurn) {
        await changer.change();
        kinSent += 1;
        await waitFor(kin.clients, kin.ok * kinSent, 600_000);
      } else {
        broadcast(plainSent);
        plainSent += 1;
        await waitFor(plain.clients, plain.ok * plainSent, 600_000);
      }
    }
    await sleep(2500);
    const expected = await eventsAfter(b, head);
    const readsPerEvent = await readsPerProcess(b, expected.length);
    const kinGot = await collect(kin.clients, expected);
    const plainGot = await collect(
      plain.clients,
      Array.from({ length: events }, (_, i) => String(i)),
    );
    const total = perProcess * apis.length;

    // The burst: changes sent on a schedule of `burstChanges` in 10 s, each room's after its previous one.
    await reset(kin.clients);
    const burstHead = await eventHead(b);
    if (b.db.statementsTracked) await resetStatements(b.db.pool);
    const started = Date.now();
    const pending: Promise<void>[] = [];
    for (let i = 0; i < burstChanges; i++) {
      const wait = started + (i * 10_000) / burstChanges - Date.now();
      if (wait > 0) await sleep(wait);
      pending.push(changer.change());
    }
    await Promise.all(pending);
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    const burstEvents = await eventsAfter(b, burstHead);
    await waitFor(kin.clients, kin.ok * burstEvents.length, 600_000);
    await sleep(2500);
    const burstReads = await readsPerProcess(b, burstEvents.length);
    const burstGot = await collect(kin.clients, burstEvents);

    return {
      processes: apis.length,
      perProcess,
      subscribers: total,
      messageBytes,
      kinroom: {
        connected: kin.ok,
        events: expected.length,
        lost: kinGot.lost + (total - kin.ok) * expected.length,
        duplicates: kinGot.duplicates,
        p50: kinGot.latency.p50,
        p95: kinGot.latency.p95,
        p99: kinGot.latency.p99,
        readsPerEvent,
      },
      plain: {
        connected: plain.ok,
        events,
        lost: plainGot.lost + (total - plain.ok) * events,
        p50: plainGot.latency.p50,
        p95: plainGot.latency.p95,
        p99: plainGot.latency.p99,
      },
      p99Ratio: ratio(kinGot.latency.p99, plainGot.latency.p99),
      burst: {
        changes: burstChanges,
        seconds,
        events: burstEvents.length,
        lost: burstGot.lost + (total - kin.ok) * burstEvents.length,
        duplicates: burstGot.duplicates,
        p50: burstGot.latency.p50,
        p99: burstGot.latency.p99,
        max: burstGot.latency.max,
        readsPerEvent: burstReads,
      },
    };
  } finally {
    for (const side of sides) await closeClients(side.clients);
    for (const api of apis) await api.kill();
    for (const server of servers) await stop(server);
  }
}

export async function clusterScenario(
  b: Bench,
  steps: number[],
  events: number,
  burstChanges: number,
): Promise<ClusterStep[]> {
  const out: ClusterStep[] = [];
  for (const [i, perProcess] of steps.entries()) {
    b.log(
      `  three processes, ${perProcess.toLocaleString('en-GB')} subscribers each, ${events} events at 1/s a side, interleaved; then ${burstChanges} changes in 10 s`,
    );
    const s = await clusterStep(b, i, perProcess, events, burstChanges);
    b.log(
      `    Kinroom p50 ${s.kinroom.p50} p95 ${s.kinroom.p95} p99 ${s.kinroom.p99} ms, lost ${s.kinroom.lost}, outbox reads/event per process ${s.kinroom.readsPerEvent.join(' / ')}; plain ws p99 ${s.plain.p99} ms → ${s.p99Ratio}×`,
    );
    b.log(
      `    burst: ${s.burst.events} events in ${s.burst.seconds} s, lag p50 ${s.burst.p50} p99 ${s.burst.p99} max ${s.burst.max} ms, lost ${s.burst.lost}, reads/event ${s.burst.readsPerEvent.join(' / ')}`,
    );
    out.push(s);
  }
  return out;
}
