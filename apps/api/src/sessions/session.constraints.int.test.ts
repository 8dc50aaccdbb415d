import {
  addDaysToDateKey,
  fromLondonDateKey,
  londonDateKey,
  SUPERVISING_ROLES,
  weekdayOfDateKey,
} from '@kinroom/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type TestApi } from '../../test/api.js';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { seedBasics, sessionFor, type Basics } from '../../test/fixtures.js';
import { fingerprint } from '../../test/hardening/fingerprint.js';
import { make } from '../db/make.js';
import { Migration0007SessionStaff } from '../db/migrations/migration-0007-session-staff.js';
import { StaffUser, type StaffRole } from '../people/staff-user.entity.js';
import { Session } from './session.entity.js';

const EXCLUSION_VIOLATION = '23P01';

let db: TestDatabase;
let b: Basics;

beforeAll(async () => {
  db = await createTestDatabase();
  b = await seedBasics(db.orm.em.fork());
});
afterAll(() => db.drop());

async function book(
  over: Parameters<typeof sessionFor>[3],
  start: string,
  minutes = 60,
): Promise<string | null> {
  const em = db.orm.em.fork();
  try {
    await em.persist(sessionFor(b, new Date(start), minutes, over)).flush();
    return null;
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}

/** Like `book`, but says which rule refused it: the constraint, or the hint a trigger gave. */
async function refusal(over: Parameters<typeof sessionFor>[3], start: string): Promise<string | null> {
  const em = db.orm.em.fork();
  try {
    await em.persist(sessionFor(b, new Date(start), 60, over)).flush();
    return null;
  } catch (err) {
    const e = err as { constraint?: string; hint?: string; message?: string };
    return e.constraint ?? e.hint ?? String(e.message);
  }
}

describe('double booking is refused by the database (docs/domain.md rule 3)', () => {
  it('lets exactly one of 50 concurrent bookings of the same room and time win', async () => {
    const start = '2026-12-01T16:00:00Z';
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        // Each request has a different supervisor slot but the same room, so only the room constraint decides.
        book({ supervisorId: b.supervisors[i % 2]!.id, secondStaffId: null }, start),
      ),
    );
    const wins = results.filter((r) => r === null).length;
    expect(wins).toBe(1);
    expect(results.filter((r) => r === EXCLUSION_VIOLATION)).toHaveLength(49);
    const stored = await db.sql(
      'select count(*)::int as n from session where room_id = $1 and starts_at = $2',
      [b.rooms[0]!.id, start],
    );
    expect(stored.rows[0].n).toBe(1);
  });

  it('refuses a supervisor in two rooms at once', async () => {
    expect(await book({ roomId: b.rooms[0]!.id }, '2026-12-02T16:00:00Z')).toBeNull();
    expect(await book({ roomId: b.rooms[1]!.id }, '2026-12-02T16:30:00Z')).toBe(EXCLUSION_VIOLATION);
    expect(
      await book({ roomId: b.rooms[1]!.id, supervisorId: b.supervisors[1]!.id }, '2026-12-02T16:30:00Z'),
    ).toBeNull();
  });

  it('keeps the staggered arrival, departure and tidying gap around each booking', async () => {
    // 10:00–11:00 holds the room from 09:45 (parent arrives) to 11:30 (parent leaves, then 15 minutes tidying).
    expect(await book({}, '2026-12-03T10:00:00Z')).toBeNull();
    const other = { supervisorId: b.supervisors[1]!.id };
    expect(await book(other, '2026-12-03T11:40:00Z')).toBe(EXCLUSION_VIOLATION); // would hold from 11:25
    expect(await book(other, '2026-12-03T08:30:00Z')).toBe(EXCLUSION_VIOLATION); // would hold until 09:45+
    expect(await book(other, '2026-12-03T11:45:00Z')).toBeNull(); // holds from 11:30 exactly
    const held = await db.sql(
      `select held_from, held_until from session where starts_at = '2026-12-03T10:00:00Z'`,
    );
    expect(held.rows[0].held_from.toISOString()).toBe('2026-12-03T09:45:00.000Z');
    expect(held.rows[0].held_until.toISOString()).toBe('2026-12-03T11:30:00.000Z');
  });

  it('does not let a client forge the held span', async () => {
    await db.sql(
      `update session set held_from = starts_at, held_until = starts_at + interval '1 minute' where starts_at = '2026-12-03T10:00:00Z'`,
    );
    const held = await db.sql(`select held_until from session where starts_at = '2026-12-03T10:00:00Z'`);
    expect(held.rows[0].held_until.toISOString()).toBe('2026-12-03T11:30:00.000Z');
  });

  it('frees the room when a session is cancelled', async () => {
    const em = db.orm.em.fork();
    const s = sessionFor(b, new Date('2026-12-04T10:00:00Z'));
    await em.persist(s).flush();
    expect(await book({ supervisorId: b.supervisors[1]!.id }, '2026-12-04T10:00:00Z')).toBe(
      EXCLUSION_VIOLATION,
    );
    Object.assign(s, {
      status: 'cancelled',
      cancelledAt: new Date(),
      cancelledById: b.manager.id,
      cancellationReason: 'child_ill',
    });
    await em.flush();
    expect(await book({ supervisorId: b.supervisors[1]!.id }, '2026-12-04T10:00:00Z')).toBeNull();
  });

  it('never lets a booking reference another council’s room', async () => {
    const other = await seedBasics(db.orm.em.fork(), 'Other Council');
    expect(await book({ roomId: other.rooms[0]!.id }, '2026-12-05T10:00:00Z')).toBe('23503');
  });
});

describe('a person is in one place at a time, whatever their part (docs/domain.md rule 3)', () => {
  const STAFF_CLASH = 'session_staff_no_double_booking';
  let third: StaffUser;

  beforeAll(async () => {
    const em = db.orm.em.fork();
    third = make(StaffUser, {
      councilId: b.council.id,
      centreId: b.centre.id,
      name: 'Tia Third',
      email: `tia.third.${b.council.id.slice(0, 8)}@test.example`,
      role: 'supervisor',
    });
    await em.persist(third).flush();
  });

  it('refuses a supervisor who is second member of staff in another room at the same time, either way round', async () => {
    const [a, c] = [b.supervisors[0]!.id, b.supervisors[1]!.id];
    expect(await refusal({ roomId: b.rooms[0]!.id, supervisorId: a }, '2026-12-08T16:00:00Z')).toBeNull();
    expect(
      await refusal({ roomId: b.rooms[1]!.id, supervisorId: c, secondStaffId: a }, '2026-12-08T16:30:00Z'),
    ).toBe(STAFF_CLASH);

    expect(
      await refusal({ roomId: b.rooms[0]!.id, supervisorId: c, secondStaffId: a }, '2026-12-09T16:00:00Z'),
    ).toBeNull();
    expect(await refusal({ roomId: b.rooms[1]!.id, supervisorId: a }, '2026-12-09T16:30:00Z')).toBe(
      STAFF_CLASH,
    );
    const stored = await db.sql(
      `select count(*)::int as n from session where starts_at::date in ('2026-12-08', '2026-12-09')`,
    );
    expect(stored.rows[0].n).toBe(2);
  });

  it('refuses the same second member of staff in two rooms at once', async () => {
    const [a, c] = [b.supervisors[0]!.id, b.supervisors[1]!.id];
    expect(
      await refusal(
        { roomId: b.rooms[0]!.id, supervisorId: a, secondStaffId: third.id },
        '2026-12-10T16:00:00Z',
      ),
    ).toBeNull();
    expect(
      await refusal(
        { roomId: b.rooms[1]!.id, supervisorId: c, secondStaffId: third.id },
        '2026-12-10T16:00:00Z',
      ),
    ).toMatch(/no_double_booking$/);
  });

  it('keeps the same arrival, departure and tidying gap as for rooms and supervisors', async () => {
    const [a, c] = [b.supervisors[0]!.id, b.supervisors[1]!.id];
    // a supervises 10:00–11:00, held 09:45–11:30.
    expect(await refusal({ roomId: b.rooms[0]!.id, supervisorId: a }, '2026-12-11T10:00:00Z')).toBeNull();
    const asSecond = { roomId: b.rooms[1]!.id, supervisorId: c, secondStaffId: a };
    expect(await refusal(asSecond, '2026-12-11T11:40:00Z')).toBe(STAFF_CLASH); // would hold from 11:25
    expect(await refusal(asSecond, '2026-12-11T08:30:00Z')).toBe(STAFF_CLASH); // would hold until 09:45+
    expect(await refusal(asSecond, '2026-12-11T11:45:00Z')).toBeNull(); // holds from 11:30 exactly
  });

  it('frees the person when the session is cancelled, and follows a change of staff or time', async () => {
    const [a, c] = [b.supervisors[0]!.id, b.supervisors[1]!.id];
    const em = db.orm.em.fork();
    const s = sessionFor(b, new Date('2026-12-14T10:00:00Z'), 60, { supervisorId: a });
    await em.persist(s).flush();
    const elsewhere = { roomId: b.rooms[1]!.id, supervisorId: c, secondStaffId: a };
    expect(await refusal(elsewhere, '2026-12-14T10:00:00Z')).toBe(STAFF_CLASH);
    Object.assign(s, {
      startsAt: new Date('2026-12-14T13:00:00Z'),
      endsAt: new Date('2026-12-14T14:00:00Z'),
    });
    await em.flush();
    expect(await refusal(elsewhere, '2026-12-14T10:00:00Z')).toBeNull();
    expect(
      await refusal({ roomId: b.rooms[1]!.id, supervisorId: third.id }, '2026-12-14T13:00:00Z'),
    ).toBeNull();
    // Now give the moved session a second member of staff who supervises elsewhere then: refused.
    s.secondStaffId = third.id;
    await expect(em.flush()).rejects.toMatchObject({ constraint: STAFF_CLASH });
    em.clear();
    const moved = await db.orm.em.fork().findOneOrFail(Session, { id: s.id });
    expect(moved.secondStaffId).toBeNull();

    const em2 = db.orm.em.fork();
    const t = sessionFor(b, new Date('2026-12-15T10:00:00Z'), 60, { supervisorId: a });
    await em2.persist(t).flush();
    expect(await refusal(elsewhere, '2026-12-15T10:00:00Z')).toBe(STAFF_CLASH);
    Object.assign(t, {
      status: 'cancelled',
      cancelledAt: new Date(),
      cancelledById: b.manager.id,
      cancellationReason: 'child_ill',
    });
    await em2.flush();
    expect(await refusal(elsewhere, '2026-12-15T10:00:00Z')).toBeNull();
  });

  it('keeps its record of who is held when only by the session itself', async () => {
    for (const statement of [
      `delete from session_staff`,
      `update session_staff set cancelled = true`,
      `insert into session_staff (session_id, council_id, staff_id, slot, during, cancelled)
         select session_id, council_id, staff_id, slot, during, true from session_staff limit 1`,
      `truncate session_staff`,
    ]) {
      await expect(db.sql(statement), statement).rejects.toThrow(/cannot be (changed directly|truncated)/);
    }
  });
});

describe('sessions booked before the rule', () => {
  it('are taken over when the rule arrives, the first booked keeping its place in a clash already there', async () => {
    const fresh = await createTestDatabase();
    try {
      const c = await seedBasics(fresh.orm.em.fork(), 'Before the Rule');
      // The database as it was before: no session_staff, no triggers that keep it.
      await fresh.sql(`drop table session_staff cascade;
        drop trigger session_staff_sync on session; drop trigger session_staff_eligible on session;
        drop function session_staff_sync(); drop function session_staff_eligible();
        drop function session_staff_written_by_trigger();`);
      const [a, d] = [c.supervisors[0]!.id, c.supervisors[1]!.id];
      const em = fresh.orm.em.fork();
      const first = sessionFor(c, new Date('2027-03-01T10:00:00Z'), 60, { supervisorId: a });
      const clash = sessionFor(c, new Date('2027-03-01T10:30:00Z'), 60, {
        roomId: c.rooms[1]!.id,
        supervisorId: d,
        secondStaffId: a,
      });
      const later = sessionFor(c, new Date('2027-03-02T10:00:00Z'), 60, {
        supervisorId: d,
        secondStaffId: a,
      });
      // Booked in this order, on different days.
      [first, clash, later].forEach((s, k) => (s.createdAt = new Date(Date.UTC(2027, 0, 1 + k))));
      em.persist([first, clash, later]);
      await em.flush();

      const migration = new Migration0007SessionStaff(fresh.orm.em.getDriver(), fresh.orm.config as never);
      await migration.up();
      for (const q of migration.getQueries()) await fresh.sql(String(q));

      const held = await fresh.sql(
        `select session_id, staff_id, slot from session_staff order by lower(during), slot`,
      );
      expect(held.rows.map((r) => [r.session_id, r.staff_id, r.slot])).toEqual([
        [first.id, a, 'supervisor'],
        [clash.id, d, 'supervisor'], // a is already held by the first session: only d is taken over
        [later.id, a, 'second_staff'],
        [later.id, d, 'supervisor'],
      ]);
      // From now on the rule holds, and the table is the trigger's alone.
      const again = fresh.orm.em.fork();
      again.persist(
        sessionFor(c, new Date('2027-03-01T10:15:00Z'), 60, { roomId: c.rooms[1]!.id, supervisorId: a }),
      );
      await expect(again.flush()).rejects.toMatchObject({ code: '23P01' });
      await expect(fresh.sql(`delete from session_staff`)).rejects.toThrow(/cannot be changed directly/);
    } finally {
      await fresh.drop();
    }
  });
});

describe('only contact supervisors staff a session (database)', () => {
  let people: Record<StaffRole | 'inactive' | 'elsewhere', StaffUser>;

  beforeAll(async () => {
    const em = db.orm.em.fork();
    const person = (role: StaffRole, key: string, over: Partial<StaffUser> = {}) =>
      make(StaffUser, {
        councilId: b.council.id,
        centreId: b.centre.id,
        name: `Eligibility ${key}`,
        email: `eligibility.${key}.${b.council.id.slice(0, 8)}@test.example`,
        role,
        ...over,
      });
    // Another centre of the same council, with a supervisor of its own.
    const centre = await db.sql(
      `insert into centre (id, council_id, name, address, opening_hours)
         values (gen_random_uuid(), $1, 'Second Centre', '2 Test Street', $2::jsonb) returning id`,
      [b.council.id, JSON.stringify(b.centre.openingHours)],
    );
    people = {
      supervisor: person('supervisor', 'supervisor'),
      centre_manager: person('centre_manager', 'manager'),
      social_worker: person('social_worker', 'sw', { centreId: null }),
      integrator: person('integrator', 'integrator', { centreId: null }),
      admin: person('admin', 'admin', { centreId: null }),
      inactive: person('supervisor', 'inactive', { active: false }),
      elsewhere: person('supervisor', 'elsewhere', { centreId: centre.rows[0].id }),
    };
    await em.persist(Object.values(people)).flush();
  });

  it('agrees with the domain on which roles may supervise or be second staff', async () => {
    let day = 1;
    for (const role of ['supervisor', 'centre_manager', 'social_worker', 'integrator', 'admin'] as const) {
      const allowed = (SUPERVISING_ROLES as readonly string[]).includes(role);
      const id = people[role].id;
      const asSupervisor = await refusal(
        { roomId: b.rooms[0]!.id, supervisorId: id },
        `2027-01-${String(day++).padStart(2, '0')}T10:00:00Z`,
      );
      const asSecond = await refusal(
        { roomId: b.rooms[0]!.id, supervisorId: b.supervisors[0]!.id, secondStaffId: id },
        `2027-01-${String(day++).padStart(2, '0')}T10:00:00Z`,
      );
      expect([role, asSupervisor, asSecond]).toEqual([
        role,
        allowed ? null : 'session/staff-not-eligible',
        allowed ? null : 'session/staff-not-eligible',
      ]);
    }
  });

  it('refuses an inactive supervisor and a supervisor of another centre, in either slot', async () => {
    let day = 1;
    for (const who of [people.inactive, people.elsewhere]) {
      expect(
        await refusal({ roomId: b.rooms[0]!.id, supervisorId: who.id }, `2027-02-0${day++}T10:00:00Z`),
      ).toBe('session/staff-not-eligible');
      expect(
        await refusal(
          { roomId: b.rooms[0]!.id, supervisorId: b.supervisors[0]!.id, secondStaffId: who.id },
          `2027-02-0${day++}T10:00:00Z`,
        ),
      ).toBe('session/staff-not-eligible');
    }
    const stored = await db.sql(`select count(*)::int as n from session where starts_at >= '2027-01-01'`);
    expect(stored.rows[0].n).toBe(2); // the two a supervisor held in the test above
  });
});

/** A Saturday far ahead, as a London date key: no school, no work, nothing of the demo week. */
function saturday(weeksAhead: number): string {
  let key = addDaysToDateKey(londonDateKey(new Date()), 200 + 7 * weeksAhead);
  while (weekdayOfDateKey(key) !== 6) key = addDaysToDateKey(key, 1);
  return key;
}

describe('over HTTP, under concurrency', () => {
  let api: TestApi;
  let manager: string;
  let staff: Record<string, string>;
  let rooms: Record<string, string>;
  let agreements: string[];
  let ruby: string;
  const BOOK = `mutation($input: BookSessionInput!) { bookSession(input: $input) { id } }`;
  const RESCHEDULE = `mutation($input: RescheduleSessionInput!) { rescheduleSession(input: $input) { id } }`;
  const q = async (text: string, params?: unknown[]) => (await api.db.sql(text, params)).rows;
  const at = (weeks: number, clock: string, minutes = 60) => {
    const startsAt = fromLondonDateKey(saturday(weeks), clock);
    return {
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + minutes * 60_000).toISOString(),
    };
  };

  beforeAll(async () => {
    api = await startTestApi();
    manager = await api.tokenFor(DEMO.manager);
    staff = Object.fromEntries(
      (await q(`select email, id from staff_user`)).map((r) => [r.email as string, r.id as string]),
    );
    rooms = Object.fromEntries(
      (await q(`select name, id from room`)).map((r) => [r.name as string, r.id as string]),
    );
    agreements = (
      await q(
        `select a.id from contact_agreement a join centre c on c.id = a.centre_id
          where c.name like 'Coxford Road%' and a.status = 'active' and a.supervision_level <> 'high_vigilance'
          order by a.id limit 5`,
      )
    ).map((r) => r.id as string);
    ruby = (
      await q(
        `select a.id from contact_agreement a join child c on c.id = a.child_id where c.first_name = 'Ruby'`,
      )
    )[0].id;
  });
  afterAll(() => api.close());

  it('lets one of five simultaneous bookings hold a person, as supervisor or second staff: never two', async () => {
    const x = staff['tom.okafor@coxford.example']!;
    const others = ['grace.lin', 'sam.patel', 'kwame.mensah', 'hannah.price'].map(
      (n) => staff[`${n}@coxford.example`]!,
    );
    const roomNames = ['Birch', 'Cedar', 'Hazel', 'Oak', 'Rowan'];
    for (let round = 0; round < 6; round++) {
      const t = at(round, '10:00');
      const inputs = roomNames.map((room, k) => ({
        agreementId: agreements[k]!,
        roomId: rooms[room]!,
        kind: 'CONTACT',
        ...t,
        // The first holds x as supervisor; the others as second member of staff, each with a supervisor of their own.
        ...(k === 0 ? { supervisorId: x } : { supervisorId: others[k - 1]!, secondStaffId: x }),
      }));
      const answers = await Promise.all(
        inputs.map((input) => api.gql<{ bookSession: { id: string } }>(manager, BOOK, { input })),
      );
      const won = answers.filter((a) => !a.errors);
      expect(won, JSON.stringify(answers)).toHaveLength(1);
      const winner = won[0]!.data!.bookSession.id;
      for (const a of answers.filter((r) => r.errors)) {
        expect(a.errors![0]!.extensions).toMatchObject({
          code: 'SESSION_STAFF_DOUBLE_BOOKED',
          clashingSessionId: winner,
          staffId: x,
        });
        expect(a.errors![0]!.message).toMatch(
          /^Tom Okafor is already booked as (supervisor|second member of staff) for a session from/,
        );
      }
      const held = await q(
        `select count(*)::int as n from session where starts_at = $1 and (supervisor_id = $2 or second_staff_id = $2)`,
        [t.startsAt, x],
      );
      expect(held[0].n).toBe(1);
    }
  });

  it('refuses moving a session onto a supervisor who is second staff elsewhere then, naming the clash', async () => {
    const t = at(10, '10:00');
    const kwame = staff['kwame.mensah@coxford.example']!;
    const first = await api.gql<{ bookSession: { id: string } }>(manager, BOOK, {
      input: {
        agreementId: ruby,
        roomId: rooms.Birch,
        kind: 'CONTACT',
        supervisorId: staff['grace.lin@coxford.example'],
        secondStaffId: kwame,
        ...t,
      },
    });
    expect(first.errors).toBeUndefined();
    const second = await api.gql<{ bookSession: { id: string } }>(manager, BOOK, {
      input: {
        agreementId: agreements[0],
        roomId: rooms.Cedar,
        kind: 'CONTACT',
        supervisorId: staff['sam.patel@coxford.example'],
        ...at(10, '13:00'),
      },
    });
    expect(second.errors).toBeUndefined();
    const id = second.data!.bookSession.id;
    const version = (await q(`select version from session where id = $1`, [id]))[0].version;
    const before = await fingerprint((text, params) => api.db.sql(text, params), ['access_log']);
    const moved = await api.gql(manager, RESCHEDULE, {
      input: { sessionId: id, expectedVersion: version, supervisorId: kwame, ...at(10, '10:30') },
    });
    expect(moved.errors?.[0]?.extensions).toMatchObject({
      code: 'SESSION_STAFF_DOUBLE_BOOKED',
      clashingSessionId: first.data!.bookSession.id,
      staffId: kwame,
    });
    expect(moved.errors?.[0]?.message).toMatch(/Kwame Mensah is already booked as second member of staff/);
    expect(await fingerprint((text, params) => api.db.sql(text, params), ['access_log'])).toEqual(before);
  });

  it('refuses anyone but an active contact supervisor of the centre as staff of a high-vigilance session', async () => {
    const kwame = staff['kwame.mensah@coxford.example']!;
    const hannah = staff['hannah.price@coxford.example']!;
    await api.db.sql(`update staff_user set active = false where id = $1`, [hannah]);
    try {
      const candidates: [string, string][] = [
        ['integrator', staff[DEMO.integrator]!],
        ['admin', staff[DEMO.admin]!],
        ['social worker', staff[DEMO.socialWorker1]!],
        ['centre manager', staff[DEMO.manager]!],
        ['inactive supervisor', hannah],
        ['manager of another council', staff[DEMO.otherManager]!],
      ];
      const before = await fingerprint((text, params) => api.db.sql(text, params), ['access_log']);
      let week = 20;
      for (const [who, id] of candidates) {
        for (const slot of ['second', 'supervisor'] as const) {
          const r = await api.gql(manager, BOOK, {
            input: {
              agreementId: ruby,
              roomId: rooms.Birch,
              kind: 'CONTACT',
              ...(slot === 'second'
                ? { supervisorId: kwame, secondStaffId: id }
                : { supervisorId: id, secondStaffId: kwame }),
              ...at(week++, '10:00'),
            },
          });
          expect([who, slot, r.errors?.[0]?.extensions?.code]).toEqual([
            who,
            slot,
            'SESSION_STAFF_NOT_ELIGIBLE',
          ]);
          expect(r.errors?.[0]?.extensions?.staffId).toBe(id);
          expect(r.data ?? null).toBeNull();
        }
      }
      expect(await fingerprint((text, params) => api.db.sql(text, params), ['access_log'])).toEqual(before);
    } finally {
      await api.db.sql(`update staff_user set active = true where id = $1`, [hannah]);
    }
    // The same booking with a contact supervisor as second member of staff is accepted.
    const ok = await api.gql(manager, BOOK, {
      input: {
        agreementId: ruby,
        roomId: rooms.Birch,
        kind: 'CONTACT',
        supervisorId: kwame,
        secondStaffId: hannah,
        ...at(40, '10:00'),
      },
    });
    expect(ok.errors).toBeUndefined();
  });
});
