import type { StaffRow, Viewer } from '../../auth/viewer.js';
import type { Orm } from '../../db/orm.js';
import { queryPrepared } from '../../db/prepared.js';

/**
 * How often the people with open sockets are read again, all of them in one statement: a person deactivated, signed
 * out, given another role, centre or council, or whose API key is revoked, loses their sockets and subscriptions
 * within this time.
 */
export const ACCESS_RECHECK_MS = 2_000;

/**
 * The sockets held together as one person: a member of staff, or one API key of a machine client (a client may hold
 * several keys with different scopes, and revoking one must not close the others' sockets).
 */
function personKey(viewer: Viewer): string {
  return viewer.apiKey ? `${viewer.userId}/${viewer.apiKey.id}` : viewer.userId;
}

/** Whether two viewers of one person may see the same: the same council, role and centre. */
function sameAccess(a: Viewer, b: Viewer): boolean {
  return a.councilId === b.councilId && a.role === b.role && a.centreId === b.centreId;
}

/** Whether the row read now still makes the person who they were when their sockets signed in. */
function stillHolds(viewer: Viewer, now: StaffRow | null | undefined): now is StaffRow {
  return (
    !!now &&
    now.active &&
    now.council_id === viewer.councilId &&
    now.role === viewer.role &&
    now.centre_id === viewer.centreId &&
    (viewer.apiKey
      ? now.live_keys.includes(viewer.apiKey.id)
      : !(
          now.signed_out_before &&
          viewer.signedInAt &&
          Date.parse(now.signed_out_before) >= viewer.signedInAt.getTime()
        ))
  );
}

/**
 * One person signed in on one or more sockets: one viewer object for all of them, and what they hold across them
 * (sockets, operations), for the caps. Held while any of their sockets is open.
 */
export class Person {
  sockets = 0;
  operations = 0;
  /** Found to be someone else now (or no one): their sockets are being closed, and nothing more is served. */
  revoked = false;

  constructor(public viewer: Viewer) {}
}

/** The people with signed-in sockets open, by user id (and key, for a machine client: `personKey`). */
export class People {
  private readonly byUser = new Map<string, Person>();

  constructor(
    private readonly maxSockets: number,
    /** Closes every socket of a person who is no longer who they signed in as. */
    private readonly revoke: (p: Person) => void,
  ) {}

  get size(): number {
    return this.byUser.size;
  }

  all(): Person[] {
    return [...this.byUser.values()];
  }

  /**
   * The person `viewer` is, for one more socket; null when they already hold as many as they may. A sign-in that
   * finds them with another role, centre or council than their open sockets were given closes those sockets: the
   * database has said who they are now.
   */
  admit(viewer: Viewer): Person | null {
    let p = this.byUser.get(personKey(viewer));
    if (p && !sameAccess(p.viewer, viewer)) {
      this.withdraw(p);
      p = undefined;
    }
    if (!p) {
      p = new Person(viewer);
      this.byUser.set(personKey(viewer), p);
    } else if (p.viewer.name !== viewer.name) p.viewer = { ...viewer, signedInAt: p.viewer.signedInAt };
    if (p.sockets >= this.maxSockets) return null;
    p.sockets += 1;
    return p;
  }

  release(p: Person): void {
    p.sockets -= 1;
    const key = personKey(p.viewer);
    if (p.sockets === 0 && this.byUser.get(key) === p) this.byUser.delete(key);
  }

  /** Compares what was read now with who each person signed in as; anyone else loses their sockets at once. */
  judge(people: readonly Person[], rows: ReadonlyMap<string, StaffRow>): void {
    for (const p of people) {
      if (p.revoked) continue;
      const now = rows.get(p.viewer.userId);
      if (!stillHolds(p.viewer, now)) this.withdraw(p);
      else if (now.name !== p.viewer.name) p.viewer = { ...p.viewer, name: now.name };
    }
  }

  withdraw(p: Person): void {
    if (p.revoked) return;
    p.revoked = true;
    const key = personKey(p.viewer);
    if (this.byUser.get(key) === p) this.byUser.delete(key);
    this.revoke(p);
  }
}

/** Reads the staff rows of many people, by user id. */
export type StaffReader = (userIds: readonly string[]) => Promise<Map<string, StaffRow>>;

/** Reads the staff rows of many people in one statement. */
export function staffReader(orm: Orm): StaffReader {
  return async (userIds) => {
    const rows = await queryPrepared<StaffRow>(
      orm.em,
      `select s.id, s.council_id, s.role, s.centre_id, s.name, s.active, s.signed_out_before,
              array(select k.id from api_key k where k.client_id = s.id and k.revoked_at is null)::text[] as live_keys
         from staff_user s where s.id = any(?::uuid[])`,
      [userIds],
    );
    return new Map(rows.map((r) => [r.id, r]));
  };
}

/**
 * Reads again, every `intervalMs`, who every person with an open socket is, in ONE statement for all of them, and
 * closes the sockets of anyone who is no longer who they signed in as. One timer for the process, none per socket;
 * a round that is still reading when the next is due is not overlapped.
 */
export class AccessRecheck {
  private readonly timer: NodeJS.Timeout;
  private running = false;
  private again = false;

  constructor(
    private readonly readStaff: StaffReader,
    private readonly people: People,
    intervalMs: number,
  ) {
    this.timer = setInterval(() => void this.round(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /**
   * Reads everyone again now, without waiting for the next round: someone was just deactivated, signed out or had a
   * key revoked (auth/access-change.ts). A round already reading is followed by one more, so nothing is missed.
   */
  now(): void {
    if (this.running) this.again = true;
    else void this.round();
  }

  private async round(): Promise<void> {
    if (this.running || this.people.size === 0) return;
    this.running = true;
    try {
      const people = this.people.all();
      const ids = people.map((p) => p.viewer.userId);
      this.people.judge(people, await this.readStaff(ids));
    } catch {
      // The database is out of reach: nothing can be served from it meanwhile, and the next round reads again.
    } finally {
      this.running = false;
      if (this.again) {
        this.again = false;
        void this.round();
      }
    }
  }
}
