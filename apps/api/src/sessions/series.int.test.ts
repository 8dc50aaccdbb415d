import { addDaysToDateKey, bankHolidays, londonDateKey, weekdayOfDateKey } from '@kinroom/domain';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type TestApi } from '../../test/api.js';
import { countStatements } from '../../test/statements.js';

let api: TestApi;
let manager: string;
let ids: {
  rooms: Record<string, string>;
  agreement: string;
  other: string;
  supervisor: string;
  supervisor2: string;
};

const PLAN = `query Plan($input: SeriesPatternInput!) {
  planSeries(input: $input) {
    rule durationMinutes bookableCount
    occurrences { date startsAt endsAt bookable problems { code message clashingSessionId }
      suggestion { startsAt endsAt roomId roomName supervisorId supervisorName usualSupervisor usualRoom } }
    skipped { date reason message }
  }
}`;
const BOOK_SERIES = `mutation BookSeries($input: BookSeriesInput!) {
  bookSeries(input: $input) {
    id rule sessions { id startsAt endsAt seriesId seriesPosition { index total } supervisorId roomId version }
  }
}`;
const BOOK = `mutation Book($input: BookSessionInput!) { bookSession(input: $input) { id } }`;

interface Plan {
  planSeries: {
    bookableCount: number;
    occurrences: {
      date: string;
      startsAt: string;
      endsAt: string;
      bookable: boolean;
      problems: { code: string; message: string; clashingSessionId: string | null }[];
      suggestion: { startsAt: string; endsAt: string; roomId: string; supervisorId: string } | null;
    }[];
    skipped: { date: string; reason: string; message: string }[];
  };
}
interface Booked {
  bookSeries: {
    id: string;
    sessions: {
      seriesPosition: { index: number; total: number } | null;
      id: string;
      startsAt: string;
      endsAt: string;
      seriesId: string;
      supervisorId: string;
      version: number;
    }[];
  };
}

/** The first day of the given weekday at least `daysAhead` days from today. */
function nextWeekday(weekday: number, daysAhead: number): string {
  let key = addDaysToDateKey(londonDateKey(new Date()), daysAhead);
  while (weekdayOfDateKey(key) !== weekday) key = addDaysToDateKey(key, 1);
  return key;
}

const pattern = (over: Record<string, unknown>) => ({
  agreementId: ids.agreement,
  roomId: ids.rooms.Birch,
  supervisorId: ids.supervisor,
  weekdays: [2, 4],
  startTime: '16:30',
  durationMinutes: 60,
  weeks: 12,
  ...over,
});

const sessionsOfAgreementBetween = async (from: string, to: string) =>
  Number(
    (
      await api.db.sql(
        `select count(*) as n from session where agreement_id = $1 and status <> 'cancelled' and starts_at >= $2 and starts_at < $3`,
        [ids.agreement, from, to],
      )
    ).rows[0].n,
  );

beforeAll(async () => {
  api = await startTestApi();
  manager = await api.tokenFor(DEMO.manager);
  const q = (sql: string) => api.db.sql(sql).then((r) => r.rows);
  const centre = (await q(`select id from centre where name like 'Coxford Road%'`))[0].id;
  const rooms = Object.fromEntries(
    (await q(`select id, name from room where centre_id = '${centre}'`)).map((r) => [r.name, r.id]),
  );
  const agreements = await q(
    `select a.id, c.first_name from contact_agreement a join child c on c.id = a.child_id
      where a.centre_id = '${centre}' and a.status = 'active' and c.first_name in ('Maisie', 'Amara')`,
  );
  const sup = await q(`select id, email from staff_user where role = 'supervisor' order by email`);
  ids = {
    rooms,
    agreement: agreements.find((a) => a.first_name === 'Maisie').id,
    // Amara's parent does not work, so her series differs from Maisie's only by its staff and time.
    other: agreements.find((a) => a.first_name === 'Amara').id,
    supervisor: sup.find((s) => s.email === DEMO.supervisor1).id,
    supervisor2: sup.find((s) => s.email === DEMO.supervisor2).id,
  };
});
afterAll(() => api.close());

describe('recurring sessions', () => {
  it('plans 12 weeks of Tuesdays and Thursdays, reports a clash with a suggestion, and books it at the adjusted time', async () => {
    const firstDate = nextWeekday(2, 60);
    const clashDay = addDaysToDateKey(firstDate, 9); // the third week's Thursday
    const plannedClash = await api.gql<Plan>(manager, PLAN, { input: pattern({ firstDate }) });
    expect(plannedClash.errors).toBeUndefined();
    const clashOccurrence = plannedClash.data!.planSeries.occurrences.find((o) => o.date === clashDay)!;
    const other = await api.gql<{ bookSession: { id: string } }>(manager, BOOK, {
      input: {
        agreementId: ids.agreement,
        roomId: ids.rooms.Birch,
        supervisorId: ids.supervisor2,
        startsAt: clashOccurrence.startsAt,
        endsAt: new Date(new Date(clashOccurrence.startsAt).getTime() + 3_600_000).toISOString(),
      },
    });
    expect(other.errors).toBeUndefined();

    const plan = (await api.gql<Plan>(manager, PLAN, { input: pattern({ firstDate }) })).data!.planSeries;
    const skippedCount = plan.skipped.length;
    expect(plan.occurrences).toHaveLength(24 - skippedCount);
    expect(plan.bookableCount).toBe(plan.occurrences.length - 1);
    const clash = plan.occurrences.find((o) => !o.bookable)!;
    expect(clash.date).toBe(clashDay);
    expect(clash.problems.map((p) => p.code).sort()).toEqual(['CHILD_DOUBLE_BOOKED', 'ROOM_DOUBLE_BOOKED']);
    const room = clash.problems.find((p) => p.code === 'ROOM_DOUBLE_BOOKED')!;
    expect(room.clashingSessionId).toBe(other.data!.bookSession.id);
    expect(room.message).toMatch(/from 16:30 to 17:30 in Birch/);
    expect(clash.suggestion).not.toBeNull();
    expect(clash.suggestion!.supervisorId).toBe(ids.supervisor);

    const refused = await api.gql(manager, BOOK_SERIES, { input: pattern({ firstDate }) });
    expect(refused.errors?.[0]?.extensions?.code).toBe('SERIES_CONFLICT');
    const report = refused.errors![0]!.extensions!.occurrences as {
      date: string;
      problems: { code: string }[];
    }[];
    expect(report.map((o) => o.date)).toEqual([clashDay]);

    const occurrences = plan.occurrences.map((o) =>
      o.bookable
        ? { date: o.date }
        : {
            date: o.date,
            startsAt: o.suggestion!.startsAt,
            endsAt: o.suggestion!.endsAt,
            roomId: o.suggestion!.roomId,
          },
    );
    const booked = await api.gql<Booked>(manager, BOOK_SERIES, {
      input: { ...pattern({ firstDate }), occurrences },
    });
    expect(booked.errors).toBeUndefined();
    const sessions = booked.data!.bookSeries.sessions;
    expect(sessions).toHaveLength(plan.occurrences.length);
    expect(new Set(sessions.map((s) => s.supervisorId))).toEqual(new Set([ids.supervisor]));
    expect(sessions.every((s) => s.seriesId === booked.data!.bookSeries.id)).toBe(true);
    expect(sessions.map((s) => s.seriesPosition)).toEqual(
      sessions.map((_, i) => ({ index: i + 1, total: sessions.length })),
    );
    expect(
      sessions.find(
        (s) =>
          londonDateKey(new Date(s.startsAt)) === londonDateKey(new Date(clash.suggestion!.startsAt)) &&
          s.startsAt === clash.suggestion!.startsAt,
      ),
    ).toBeDefined();
    const events = await api.db.sql(
      `select count(*) as n from event where topic = 'session' and kind = 'booked' and subject_id = any($1)`,
      [sessions.map((s) => s.id)],
    );
    expect(Number(events.rows[0].n)).toBe(sessions.length);
  });

  it('skips a bank holiday and says so', async () => {
    const soon = addDaysToDateKey(londonDateKey(new Date()), 14);
    const holiday = [0, 1, 2]
      .flatMap((y) => bankHolidays(Number(soon.slice(0, 4)) + y, 'england_and_wales'))
      .find((d) => d >= soon && weekdayOfDateKey(d) === 1)!;
    const plan = await api.gql<Plan>(manager, PLAN, {
      input: pattern({ weekdays: [1], firstDate: addDaysToDateKey(holiday, -7), weeks: 3 }),
    });
    expect(plan.errors).toBeUndefined();
    expect(plan.data!.planSeries.occurrences.map((o) => o.date)).toEqual([
      addDaysToDateKey(holiday, -7),
      addDaysToDateKey(holiday, 7),
    ]);
    expect(plan.data!.planSeries.skipped).toEqual([
      { date: holiday, reason: 'BANK_HOLIDAY', message: expect.stringContaining('is a bank holiday') },
    ]);
  });

  it('books nothing when any session fails', async () => {
    const firstDate = nextWeekday(3, 200);
    const last = addDaysToDateKey(firstDate, 28);
    const before = await sessionsOfAgreementBetween(firstDate, last);
    const refused = await api.gql(manager, BOOK_SERIES, {
      input: pattern({ firstDate, weekdays: [3], weeks: 4, startTime: '12:00' }),
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe('SERIES_CONFLICT');
    const report = refused.errors![0]!.extensions!.occurrences as { problems: { code: string }[] }[];
    expect(report).toHaveLength(4);
    expect(report[0]!.problems.map((p) => p.code)).toContain('CLASHES_WITH_SCHOOL');
    expect(await sessionsOfAgreementBetween(firstDate, last)).toBe(before);
  });

  it('leaves exactly one of two overlapping series booked at once, and no double booking', async () => {
    const firstDate = nextWeekday(5, 300);
    const one = pattern({ firstDate, weekdays: [5], weeks: 6, roomId: ids.rooms.Birch });
    const two = { ...one, agreementId: ids.other, supervisorId: ids.supervisor2, startTime: '17:00' };
    const [a, b] = await Promise.all([
      api.gql<Booked>(manager, BOOK_SERIES, { input: one }),
      api.gql<Booked>(await api.tokenFor(DEMO.manager), BOOK_SERIES, { input: two }),
    ]);
    const results = [a, b];
    const winners = results.filter((r) => !r.errors);
    const losers = results.filter((r) => r.errors);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(losers[0]!.errors![0]!.extensions!.code).toBe('SERIES_CONFLICT');
    const report = losers[0]!.errors![0]!.extensions!.occurrences as { problems: { code: string }[] }[];
    expect(report).toHaveLength(6);
    expect(report, JSON.stringify(report)).toSatisfy((r: typeof report) =>
      r.every((o) => o.problems.some((p) => p.code === 'ROOM_DOUBLE_BOOKED')),
    );
    const overlapping = await api.db.sql(
      `select count(*) as n from session a join session b on a.room_id = b.room_id and a.id < b.id
        where a.status <> 'cancelled' and b.status <> 'cancelled'
          and tstzrange(a.held_from, a.held_until) && tstzrange(b.held_from, b.held_until)`,
    );
    expect(Number(overlapping.rows[0].n)).toBe(0);
  });

  it('moves and cancels the rest of a series from one of its sessions', async () => {
    const firstDate = nextWeekday(3, 400);
    const booked = await api.gql<Booked>(manager, BOOK_SERIES, {
      input: pattern({ firstDate, weekdays: [3], weeks: 4 }),
    });
    expect(booked.errors).toBeUndefined();
    const { id: seriesId, sessions } = booked.data!.bookSeries;
    const moved = await api.gql<{ moveSeriesFrom: { id: string; startsAt: string }[] }>(
      manager,
      `mutation Move($input: MoveSeriesFromInput!) { moveSeriesFrom(input: $input) { id startsAt } }`,
      { input: { seriesId, fromSessionId: sessions[1]!.id, startTime: '17:15' } },
    );
    expect(moved.errors).toBeUndefined();
    expect(moved.data!.moveSeriesFrom.map((s) => s.id)).toEqual(sessions.slice(1).map((s) => s.id));
    for (const s of moved.data!.moveSeriesFrom) {
      expect(new Date(s.startsAt).toLocaleTimeString('en-GB', { timeZone: 'Europe/London' })).toBe(
        '17:15:00',
      );
    }
    const badMove = await api.gql(
      manager,
      `mutation Move($input: MoveSeriesFromInput!) { moveSeriesFrom(input: $input) { id } }`,
      { input: { seriesId, fromSessionId: sessions[1]!.id, startTime: '10:00' } },
    );
    expect(badMove.errors?.[0]?.extensions?.code).toBe('SERIES_CONFLICT');

    const cancelled = await api.gql<{ cancelSeriesFrom: { id: string; status: string }[] }>(
      manager,
      `mutation Cancel($input: CancelSeriesFromInput!) { cancelSeriesFrom(input: $input) { id status } }`,
      {
        input: {
          seriesId,
          fromSessionId: sessions[2]!.id,
          reason: 'OTHER',
          note: 'The family has moved away.',
        },
      },
    );
    expect(cancelled.errors).toBeUndefined();
    expect(cancelled.data!.cancelSeriesFrom).toEqual(
      sessions.slice(2).map((s) => ({ id: s.id, status: 'CANCELLED' })),
    );
    const rows = await api.db.sql(
      `select status, to_char(starts_at at time zone 'Europe/London', 'HH24:MI') as t from session where series_id = $1 order by starts_at`,
      [seriesId],
    );
    expect(rows.rows.map((r) => [r.status, r.t])).toEqual([
      ['scheduled', '16:30'],
      ['scheduled', '17:15'],
      ['cancelled', '17:15'],
      ['cancelled', '17:15'],
    ]);
  });

  it('plans and books a series in the same number of statements however long it is', async () => {
    const plan = (firstDate: string, weeks: number) => async () =>
      expect((await api.gql(manager, PLAN, { input: pattern({ firstDate, weeks }) })).errors).toBeUndefined();
    const book = (firstDate: string, weeks: number) => async () =>
      expect(
        (await api.gql(manager, BOOK_SERIES, { input: pattern({ firstDate, weeks }) })).errors,
      ).toBeUndefined();
    const short = nextWeekday(2, 500);
    const long = nextWeekday(2, 600);
    expect((await countStatements(api, plan(long, 12))).length).toBe(
      (await countStatements(api, plan(short, 1))).length,
    );
    const one = await countStatements(api, book(short, 1));
    const twelve = await countStatements(api, book(long, 12));
    expect(one.length).toBeGreaterThan(5);
    expect(twelve.length).toBe(one.length);
  });

  it('explains, session by session, a series the database refuses because another booking got in first', async () => {
    const firstDate = nextWeekday(4, 700);
    const input = pattern({ firstDate, weekdays: [4], weeks: 3 });
    const plan = (await api.gql<Plan>(manager, PLAN, { input })).data!.planSeries;
    expect(plan.bookableCount).toBe(3);
    const taken = plan.occurrences[1]!;
    const rival = randomUUID();
    // Another booking of the room, not yet committed: invisible to the series' own checks, so only the database's
    // exclusion constraint can refuse the series, once the rival commits.
    const other = new pg.Client({ connectionString: api.db.url });
    await other.connect();
    try {
      await other.query('begin');
      await other.query(
        `insert into session (id, council_id, centre_id, room_id, supervisor_id, agreement_id, child_id, kind,
                              starts_at, ends_at, turnover_minutes)
         select $1, a.council_id, a.centre_id, $2, $3, a.id, a.child_id, 'contact', $4, $5, 15
           from contact_agreement a where a.id = $6`,
        [rival, ids.rooms.Birch, ids.supervisor2, taken.startsAt, taken.endsAt, ids.other],
      );
      const booking = api.gql(manager, BOOK_SERIES, { input });
      for (;;) {
        const waiting = await api.db.sql(
          `select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
        );
        if (Number(waiting.rows[0].n) > 0) break;
        await new Promise((r) => setImmediate(r));
      }
      await other.query('commit');
      const refused = await booking;
      expect(refused.errors?.[0]?.extensions?.code).toBe('SERIES_CONFLICT');
      const report = refused.errors![0]!.extensions!.occurrences as {
        date: string;
        problems: { code: string; clashingSessionId: string | null }[];
      }[];
      expect(report.map((o) => o.date)).toEqual([taken.date]);
      expect(report[0]!.problems).toContainEqual(
        expect.objectContaining({ code: 'ROOM_DOUBLE_BOOKED', clashingSessionId: rival }),
      );
      const booked = await api.db.sql(
        `select count(*) as n from session where agreement_id = $1 and starts_at = any($2::timestamptz[])`,
        [ids.agreement, plan.occurrences.map((o) => o.startsAt)],
      );
      expect(Number(booked.rows[0].n)).toBe(0);
    } finally {
      await other.end();
    }
  });

  it('keeps a series to the manager of its centre', async () => {
    const firstDate = nextWeekday(1, 800);
    const booked = await api.gql<Booked>(manager, BOOK_SERIES, {
      input: pattern({ firstDate, weekdays: [1], weeks: 2, startTime: '17:00' }),
    });
    expect(booked.errors).toBeUndefined();
    const { id: seriesId, sessions } = booked.data!.bookSeries;
    const centre = randomUUID();
    const email = `manager-${centre}@coxford.example`;
    await api.db.sql(
      `insert into centre (id, council_id, name, address, opening_hours)
       select $1, council_id, $2, address, opening_hours from centre where id = (select centre_id from room where id = $3)`,
      [centre, `Other ${centre}`, ids.rooms.Birch],
    );
    await api.db.sql(
      `insert into staff_user (id, council_id, centre_id, name, email, role)
       select $1, council_id, $2, 'Olive Other', $3, 'centre_manager' from centre where id = $2`,
      [randomUUID(), centre, email],
    );
    const stranger = await api.tokenFor(email);
    const plan = await api.gql(stranger, PLAN, { input: pattern({ firstDate, weeks: 1 }) });
    expect(plan.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const cancel = await api.gql(
      stranger,
      `mutation Cancel($input: CancelSeriesFromInput!) { cancelSeriesFrom(input: $input) { id } }`,
      { input: { seriesId, fromSessionId: sessions[0]!.id, reason: 'CHILD_ILL' } },
    );
    expect(cancel.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const supervisor = await api.tokenFor(DEMO.supervisor1);
    const refused = await api.gql(supervisor, PLAN, { input: pattern({ firstDate, weeks: 1 }) });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const still = await api.db.sql(
      `select count(*) as n from session where series_id = $1 and status = 'scheduled'`,
      [seriesId],
    );
    expect(Number(still.rows[0].n)).toBe(2);
  });
});
