/**
 * The subscribers' side of the fan-out scenarios: client processes holding many sockets each (load/sockets.ts),
 * driven over IPC, and the changes whose events they receive.
 */
import type { ChildProcess } from 'node:child_process';
import type { Bench } from '../context.js';
import type { SocketCommand, SocketReply } from '../load/sockets.js';
import { ask, sleep, spawnTs, stop } from '../proc.js';
import { gql, SET_ROOM_CONDITION } from '../queries.js';
import { histogramSummary } from '../stats.js';

/** Sockets per client process: open files are capped at 20,000 per process. */
const PER_PROCESS = 5000;

type Report = Extract<SocketReply, { type: 'report' }>;

export async function openClients(
  n: number,
  command: (count: number) => SocketCommand,
): Promise<{ clients: ChildProcess[]; ok: number; failed: number; error?: string }> {
  const processes = Math.max(2, Math.ceil(n / PER_PROCESS));
  const clients: ChildProcess[] = [];
  for (let i = 0; i < processes; i++) {
    const c = spawnTs('./load/sockets.ts', [], { ipc: true });
    c.stderr!.on('data', () => {});
    c.stdout!.on('data', () => {});
    clients.push(c);
  }
  const shares = clients.map((_, i) => Math.floor(n / processes) + (i < n % processes ? 1 : 0));
  const replies = await Promise.all(
    clients.map((c, i) =>
      ask<Extract<SocketReply, { type: 'opened' }>>(c, command(shares[i]!), 'opened', 600_000),
    ),
  );
  return {
    clients,
    ok: replies.reduce((a, r) => a + r.ok, 0),
    failed: replies.reduce((a, r) => a + r.failed, 0),
    error: replies.find((r) => r.error)?.error,
  };
}

export async function received(clients: ChildProcess[]): Promise<number> {
  const counts = await Promise.all(
    clients.map((c) => ask<Extract<SocketReply, { type: 'received' }>>(c, { type: 'count' }, 'received')),
  );
  return counts.reduce((a, r) => a + r.messages, 0);
}

/**
 * Waits until `total` messages have arrived, or until nothing more has arrived for `stallMs` (a saturated server
 * still delivering late is not losing events), or `ms` at most.
 */
export async function waitFor(
  clients: ChildProcess[],
  total: number,
  ms: number,
  stallMs = 20_000,
): Promise<number> {
  const deadline = Date.now() + ms;
  let have = 0;
  let lastProgress = Date.now();
  while (Date.now() < deadline && Date.now() - lastProgress < stallMs) {
    const now = await received(clients);
    if (now > have) lastProgress = Date.now();
    have = now;
    if (have >= total) return have;
    await sleep(250);
  }
  return have;
}

export async function reset(clients: ChildProcess[]): Promise<void> {
  await Promise.all(clients.map((c) => ask(c, { type: 'reset' }, 'received')));
}

export async function collect(clients: ChildProcess[], expected: string[]) {
  const reports = await Promise.all(
    clients.map((c) => ask<Report>(c, { type: 'report', expected }, 'report')),
  );
  return {
    latency: histogramSummary(reports.flatMap((r) => r.latencies)),
    deliveries: reports.reduce((a, r) => a + r.received, 0),
    lost: reports.reduce((a, r) => a + r.lost, 0),
    duplicates: reports.reduce((a, r) => a + r.duplicates, 0),
    messageBytes: reports.find((r) => r.messageBytes)?.messageBytes ?? 0,
  };
}

export async function closeClients(clients: ChildProcess[]): Promise<void> {
  for (const c of clients) c.send({ type: 'close' } satisfies SocketCommand);
  await Promise.all(clients.map((c) => stop(c)));
}

/**
 * Changes rooms of the benchmark centre through Kinroom's own mutation, one event each, through the given Kinroom
 * processes in turn (by default the second one, `writer`). Rooms take turns, and each room's changes wait for its
 * previous one, so that a slow answer under load never sends a stale version.
 */
export class RoomChanger {
  private readonly rooms: { id: string; version: number; flip: boolean; last: Promise<void> }[];
  private turn = 0;

  constructor(
    private readonly b: Bench,
    roomIds: string[],
    private readonly through: string[] = [b.writer],
  ) {
    this.rooms = roomIds.map((id) => ({ id, version: 0, flip: false, last: Promise.resolve() }));
  }

  change(): Promise<void> {
    const room = this.rooms[this.turn++ % this.rooms.length]!;
    room.last = room.last.catch(() => {}).then(() => this.changeRoom(room));
    return room.last;
  }

  private async changeRoom(room: RoomChanger['rooms'][number]): Promise<void> {
    if (!room.version) {
      const r = await this.b.db.pool.query<{ version: number }>('select version from room where id = $1', [
        room.id,
      ]);
      room.version = r.rows[0]!.version;
    }
    room.flip = !room.flip;
    const res = await gql<{ setRoomCondition: { version: number } }>(
      this.through[this.turn % this.through.length]!,
      this.b.tokens.manager,
      SET_ROOM_CONDITION,
      {
        roomId: room.id,
        condition: room.flip ? 'NEEDS_TIDYING' : 'READY',
        expectedVersion: room.version,
      },
    );
    if (res.errors || !res.data) throw new Error(`setRoomCondition failed: ${JSON.stringify(res.errors)}`);
    room.version = res.data.setRoomCondition.version;
  }
}
