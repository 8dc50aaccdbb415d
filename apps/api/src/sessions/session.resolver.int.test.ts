import { addDaysToDateKey, fromLondonDateKey, londonDateKey } from '@kinroom/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type TestApi } from '../../test/api.js';

let api: TestApi;
let manager: string;
let supervisor: string;
let ids: {
  centre: string;
  rooms: Record<string, string>;
  agreement: string;
  supervisor: string;
  otherSupervisor: string;
  suspended: string;
};

const BOOK = `mutation Book($input: BookSessionInput!) {
  bookSession(input: $input) { id status version startsAt continuityNote room { name } child { firstName lastInitial } }
}`;

/**
 * A weekday after school, well in the future, in London time. Tests take days a week apart, so that no two land
 * on the same Monday when a weekend moves them on.
 */
function slot(daysAhead: number, clock: string, minutes = 60) {
  let key = addDaysToDateKey(londonDateKey(new Date()), daysAhead);
  while ([0, 6].includes(new Date(`${key}T12:00:00Z`).getUTCDay())) key = addDaysToDateKey(key, 1);
  const startsAt = fromLondonDateKey(key, clock);
  return {
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + minutes * 60_000).toISOString(),
  };
}

beforeAll(async () => {
  api = await startTestApi();
  manager = await api.tokenFor(DEMO.manager);
  supervisor = await api.tokenFor(DEMO.supervisor1);
  const q = (sql: string) => api.db.sql(sql).then((r) => r.rows);
  const centre = (await q(`select id from centre where name like 'Coxford Road%'`))[0].id;
  const rooms = Object.fromEntries(
    (await q(`select id, name from room where centre_id = '${centre}'`)).map((r) => [r.name, r.id]),
  );
  const agreement = (
    await q(
      `select a.id from contact_agreement a join child c on c.id = a.child_id where c.first_name = 'Maisie'`,
    )
  )[0].id;
  const suspended = (await q(`select id from contact_agreement where status = 'suspended'`))[0].id;
  const sup = await q(`select id, email from staff_user where role = 'supervisor' order by email`);
  ids = {
    centre,
    rooms,
    agreement,
    suspended,
    supervisor: sup.find((s) => s.email === DEMO.supervisor1).id,
    otherSupervisor: sup.find((s) => s.email === DEMO.supervisor2).id,
  };
});
afterAll(() => api.close());

describe('booking sessions', () => {
  it('books a session and refuses a double booking with a clear code naming the clash', async () => {
    const t = slot(10, '16:00');
    const input = {
      agreementId: ids.agreement,
      roomId: ids.rooms.Birch,
      supervisorId: ids.supervisor,
      kind: 'CONTACT',
      ...t,
    };
    const first = await api.gql<{
      bookSession: {
        id: string;
        status: string;
        room: { name: string };
        child: { firstName: string; lastInitial: string };
      };
    }>(manager, BOOK, { input });
    expect(first.errors).toBeUndefined();
    expect(first.data?.bookSession).toMatchObject({
      status: 'SCHEDULED',
      room: { name: 'Birch' },
      child: { firstName: 'Maisie', lastInitial: 'C' },
    });

    const clash = await api.gql(manager, BOOK, {
      input: { ...input, supervisorId: ids.otherSupervisor, ...slot(10, '16:30') },
    });
    expect(clash.errors?.[0]?.extensions?.code).toBe('SESSION_ROOM_DOUBLE_BOOKED');
    expect(clash.errors?.[0]?.extensions?.clashingSessionId).toBe(first.data?.bookSession.id);
    expect(clash.errors?.[0]?.message).toContain(first.data?.bookSession.id);

    const busy = await api.gql(manager, BOOK, {
      input: { ...input, roomId: ids.rooms.Cedar, ...slot(10, '16:30') },
    });
    expect(busy.errors?.[0]?.extensions?.code).toBe('SESSION_SUPERVISOR_DOUBLE_BOOKED');
  });

  it('refuses a booking under a suspended agreement and changes nothing', async () => {
    const before = (await api.db.sql('select count(*)::int as n from session')).rows[0].n;
    const r = await api.gql(manager, BOOK, {
      input: {
        agreementId: ids.suspended,
        roomId: ids.rooms.Birch,
        supervisorId: ids.supervisor,
        kind: 'CONTACT',
        ...slot(17, '16:00'),
      },
    });
    expect(r.errors?.[0]?.extensions?.code).toBe('AGREEMENT_SUSPENDED');
    expect((await api.db.sql('select count(*)::int as n from session')).rows[0].n).toBe(before);
  });

  it('refuses a time in school hours with SESSION_SCHEDULE_CONFLICT', async () => {
    const r = await api.gql(manager, BOOK, {
      input: {
        agreementId: ids.agreement,
        roomId: ids.rooms.Birch,
        supervisorId: ids.supervisor,
        kind: 'CONTACT',
        ...slot(24, '11:00'),
      },
    });
    expect(r.errors?.[0]?.extensions?.code).toBe('SESSION_SCHEDULE_CONFLICT');
    expect(r.errors?.[0]?.extensions?.violations).toContain('clashes_with_school');
  });

  it('makes another supervisor visible as a continuity note', async () => {
    const r = await api.gql<{ bookSession: { continuityNote: string | null } }>(manager, BOOK, {
      input: {
        agreementId: ids.agreement,
        roomId: ids.rooms.Birch,
        supervisorId: ids.otherSupervisor,
        kind: 'CONTACT',
        ...slot(31, '16:00'),
      },
    });
    expect(r.errors).toBeUndefined();
    expect(r.data?.bookSession.continuityNote).toMatch(/Tom Okafor|usual/i);
  });

  it('does not let a supervisor book, or a manager of another council see the session', async () => {
    const r = await api.gql(supervisor, BOOK, {
      input: {
        agreementId: ids.agreement,
        roomId: ids.rooms.Birch,
        supervisorId: ids.supervisor,
        kind: 'CONTACT',
        ...slot(38, '16:00'),
      },
    });
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const other = await api.tokenFor(DEMO.otherManager);
    const someSession = (await api.db.sql(`select id from session limit 1`)).rows[0].id;
    const seen = await api.gql(other, 'query($id: ID!) { session(id: $id) { id } }', { id: someSession });
    expect(seen.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('answers an id that cannot name a session as it answers one that names none: NOT_FOUND', async () => {
    for (const id of ['not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
      const r = await api.gql(manager, 'query($id: ID!) { session(id: $id) { id } }', { id });
      expect(r.errors?.[0]?.extensions?.code, id).toBe('NOT_FOUND');
      expect(r.data, id).toBeNull();
    }
  });
});

describe('a centre’s schedule over several days', () => {
  const WEEK = `query Week($c: ID!, $d: String, $r: ID, $n: Int) {
    centreSchedule(centreId: $c, date: $d, roomId: $r, days: $n) { id }
  }`;

  it('reads a week in one query, the days counted from the date, each child’s read logged once', async () => {
    // A Monday some months ahead, so nothing else this file books is in that room that week.
    let monday = addDaysToDateKey(londonDateKey(new Date()), 150);
    while (new Date(`${monday}T12:00:00Z`).getUTCDay() !== 1) monday = addDaysToDateKey(monday, 1);
    const bookOn = async (day: string) => {
      const startsAt = fromLondonDateKey(day, '17:00');
      const r = await api.gql<{ bookSession: { id: string } }>(manager, BOOK, {
        input: {
          agreementId: ids.agreement,
          roomId: ids.rooms.Cedar,
          supervisorId: ids.supervisor,
          kind: 'CONTACT',
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
        },
      });
      expect(r.errors).toBeUndefined();
      return r.data!.bookSession.id;
    };
    const onMonday = await bookOn(monday);
    const onFriday = await bookOn(addDaysToDateKey(monday, 4));
    const read = async (d: string, n?: number) => {
      const r = await api.gql<{ centreSchedule: { id: string }[] }>(manager, WEEK, {
        c: ids.centre,
        d,
        r: ids.rooms.Cedar,
        n,
      });
      expect(r.errors).toBeUndefined();
      return r.data!.centreSchedule.map((x) => x.id);
    };
    expect(await read(monday)).toEqual([onMonday]);
    expect(await read(monday, 4)).toEqual([onMonday]);
    expect(await read(monday, 5)).toEqual([onMonday, onFriday]);
    expect(await read(addDaysToDateKey(monday, 1), 7)).toEqual([onFriday]);

    const logged = async () =>
      (
        await api.db.sql(
          `select count(*)::int as n from access_log l join contact_agreement a on a.child_id = l.child_id
           where a.id = $1 and l.reason = 'sessions read'`,
          [ids.agreement],
        )
      ).rows[0].n as number;
    const before = await logged();
    await read(monday, 7);
    expect((await logged()) - before).toBe(1);
  });

  it('refuses a number of days outside 1 to 7 as bad input', async () => {
    for (const n of [0, 8, -1]) {
      const r = await api.gql(manager, WEEK, { c: ids.centre, d: londonDateKey(new Date()), n });
      expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0]?.message).toBe('Ask for between 1 and 7 days.');
    }
  });
});

describe('running a session', () => {
  const STEP = `mutation Step($input: RecordSessionStepInput!) { recordSessionStep(input: $input) { id status version attendance { outcome } } }`;

  it('walks a session from arrival to end, refusing steps out of order and stale versions', async () => {
    const s = (
      await api.db.sql(
        `select s.id, s.version from session s join staff_user u on u.id = s.supervisor_id
          where u.email = $1 and s.status = 'parent_arrived' limit 1`,
        [DEMO.supervisor2],
      )
    ).rows[0];
    const sup2 = await api.tokenFor(DEMO.supervisor2);
    const early = await api.gql(sup2, STEP, {
      input: { sessionId: s.id, expectedVersion: s.version, step: 'START' },
    });
    expect(early.errors?.[0]?.extensions?.code).toBe('SESSION_ILLEGAL_TRANSITION');
    const child = await api.gql<{ recordSessionStep: { version: number; status: string } }>(sup2, STEP, {
      input: { sessionId: s.id, expectedVersion: s.version, step: 'RECORD_CHILD_ARRIVAL' },
    });
    expect(child.data?.recordSessionStep.status).toBe('CHILD_ARRIVED');
    const stale = await api.gql(sup2, STEP, {
      input: { sessionId: s.id, expectedVersion: s.version, step: 'START' },
    });
    expect(stale.errors?.[0]?.extensions?.code).toBe('STALE_VERSION');
    const v = child.data!.recordSessionStep.version;
    const started = await api.gql<{ recordSessionStep: { version: number } }>(sup2, STEP, {
      input: { sessionId: s.id, expectedVersion: v, step: 'START' },
    });
    // Started early, ten minutes before its booked start: its outcome waits for that time. Then time passes.
    const shift = (interval: string) =>
      api.db.sql(
        `update session set starts_at = starts_at + $2::interval, ends_at = ends_at + $2::interval where id = $1`,
        [s.id, interval],
      );
    await shift('10 minutes');
    const beforeStart = await api.gql(sup2, STEP, {
      input: { sessionId: s.id, expectedVersion: started.data!.recordSessionStep.version, step: 'END' },
    });
    expect(beforeStart.errors?.[0]?.extensions?.code).toBe('SESSION_NOT_YET');
    await shift('-10 minutes');
    const ended = await api.gql<{ recordSessionStep: { status: string; attendance: { outcome: string } } }>(
      sup2,
      STEP,
      {
        input: { sessionId: s.id, expectedVersion: started.data!.recordSessionStep.version, step: 'END' },
      },
    );
    expect(ended.data?.recordSessionStep).toMatchObject({
      status: 'ENDED',
      attendance: { outcome: 'ATTENDED' },
    });
    const events = await api.db.sql(`select kind from event where subject_id = $1 order by id`, [s.id]);
    expect(events.rows.map((e) => e.kind)).toEqual(['record_child_arrival', 'start', 'end']);
  });

  it('does not let a supervisor run someone else’s session', async () => {
    const s = (
      await api.db.sql(
        `select s.id, s.version from session s join staff_user u on u.id = s.supervisor_id where u.email = $1 and s.status = 'scheduled' limit 1`,
        [DEMO.supervisor2],
      )
    ).rows[0];
    const r = await api.gql(supervisor, STEP, {
      input: { sessionId: s.id, expectedVersion: s.version, step: 'RECORD_PARENT_ARRIVAL' },
    });
    expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
