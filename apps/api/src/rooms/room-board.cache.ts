import type { EventStream } from '../realtime/event-stream.js';
import type { BoardAgreementInput, BoardNames, BoardRoomInput } from '@kinroom/domain';
import type { Session } from '../sessions/session.entity.js';

/** Everything a centre's board is computed from on one London day: the rooms, the sessions and their names. */
export interface BoardInputs {
  centreName: string;
  rooms: readonly BoardRoomInput[];
  /**
   * Plain copies of every stored property: the rules read some, the board's sessions show others. With each, when
   * its first absence notice was recorded (a notice is an event of the session, so it drops the kept board too).
   */
  sessions: readonly (Session & { absenceNoticeRecordedAt: Date | null })[];
  agreements: readonly BoardAgreementInput[];
  names: BoardNames;
}

interface Entry {
  day: string;
  inputs: BoardInputs;
  /** The newest event committed before the inputs were read: they reflect it and everything before it. */
  asOf: bigint;
  storedAt: number;
}

/** Names and supervision levels change without a board event; a kept board is read again at least this often. */
const MAX_AGE_MS = 60_000;
const MAX_CENTRES = 1_000;

/**
 * The boards' inputs kept in memory, per centre and day, and dropped the moment the process's event stream
 * brings any change to that centre (or to its council as a whole). A request first learns the newest event id in
 * the same statement that loads who is asking; a kept board is used only when the stream has already delivered
 * everything up to that id and nothing for the centre came after the board was read. So a board is never older
 * than the request: a manager who has just changed a room, on this process or another, sees the change.
 */
export class RoomBoardCache {
  private readonly entries = new Map<string, Entry>();
  /** The newest event seen per centre (and per council, for changes that name no centre). */
  private readonly changedAt = new Map<string, bigint>();

  constructor(private readonly stream: EventStream) {
    stream.onEvents((events) => {
      for (const e of events) {
        const key = e.centreId ? centreKey(e.councilId, e.centreId) : e.councilId;
        this.changedAt.set(key, e.seq);
        if (e.centreId) this.entries.delete(key);
        else for (const k of this.entries.keys()) if (k.startsWith(`${e.councilId}:`)) this.entries.delete(k);
      }
    });
  }

  /** The kept inputs of a centre's day, if they are known to be current as of event `head`. */
  get(councilId: string, centreId: string, day: string, head: bigint, now: number): BoardInputs | null {
    const key = centreKey(councilId, centreId);
    const entry = this.entries.get(key);
    if (!entry || entry.day !== day || now - entry.storedAt > MAX_AGE_MS) return null;
    if (BigInt(this.stream.cursor) < head) return null;
    const changed = this.changedAt.get(key) ?? 0n;
    const councilChanged = this.changedAt.get(councilId) ?? 0n;
    if (changed > entry.asOf || councilChanged > entry.asOf) return null;
    return entry.inputs;
  }

  /** Keeps inputs read after event `asOf` was committed. */
  set(
    councilId: string,
    centreId: string,
    day: string,
    asOf: bigint,
    inputs: BoardInputs,
    now: number,
  ): void {
    if (this.entries.size >= MAX_CENTRES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(centreKey(councilId, centreId), { day, inputs, asOf, storedAt: now });
  }
}

function centreKey(councilId: string, centreId: string): string {
  return `${councilId}:${centreId}`;
}
