import { addDaysToDateKey, fromLondonDateKey, londonDateKey } from '@kinroom/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type TestApi } from '../../test/api.js';

/**
 * What an absence notice changes on the room board, and how a cancellation records who cancelled and how the family
 * was told (docs/sessions.md, "Absence notices" and "Cancelling").
 */

let api: TestApi;
let manager: string;
let ids: { centre: string; birch: string; agreement: string; supervisor: string };

const BOOK = `mutation($input: BookSessionInput!) { bookSession(input: $input) { id version } }`;
const CANCEL = `mutation($input: CancelSessionInput!) { cancelSession(input: $input) {
  id status version familyInformedVia cancelledBy { name } cancellation { familyInformedAt cancelledById } } }`;
const TOLD = `mutation($s: ID!, $v: Int!, $at: DateTimeISO!, $via: FamilyInformedMethod) {
  recordFamilyInformed(sessionId: $s, expectedVersion: $v, at: $at, via: $via) {
    id version familyInformedVia cancellation { familyInformedAt } } }`;
const READ = `query($id: ID!) { session(id: $id) {
  status version familyInformedVia cancelledBy { name role } cancellation { familyInformedAt } } }`;
const BOARD = `query($c: ID!, $at: DateTimeISO) { roomBoard(centreId: $c, at: $at) { rooms {
  room { name }
  next { id }
  notComing { id absenceNotices { givenBy } }
  warnings { kind sessionId message } } } }`;

type Booked = { id: string; version: number };
type BoardRoom = {
  room: { name: string };
  next: { id: string } | null;
  notComing: { id: string; absenceNotices: { givenBy: string }[] }[];
  warnings: { kind: string; sessionId: string | null; message: string }[];
};

/** A weekday well in the future, at a London clock time; each test takes its own week. */
function slot(weeksAhead: number, clock: string, minutes = 60) {
  let key = addDaysToDateKey(londonDateKey(new Date()), 7 * weeksAhead + 3);
  while ([0, 6].includes(new Date(`${key}T12:00:00Z`).getUTCDay())) key = addDaysToDateKey(key, 1);
  const startsAt = fromLondonDateKey(key, clock);
  return { startsAt, endsAt: new Date(startsAt.getTime() + minutes * 60_000) };
}

async function book(t: { startsAt: Date; endsAt: Date }): Promise<Booked> {
  const r = await api.gql<{ bookSession: Booked }>(manager, BOOK, {
    input: {
      agreementId: ids.agreement,
      roomId: ids.birch,
      supervisorId: ids.supervisor,
      kind: 'CONTACT',
      startsAt: t.startsAt.toISOString(),
      endsAt: t.endsAt.toISOString(),
    },
  });
  expect(r.errors).toBeUndefined();
  return r.data!.bookSession;
}

async function birchAt(at: Date): Promise<BoardRoom> {
  const r = await api.gql<{ roomBoard: { rooms: BoardRoom[] } }>(manager, BOARD, {
    c: ids.centre,
    at: at.toISOString(),
  });
  expect(r.errors).toBeUndefined();
  return r.data!.roomBoard.rooms.find((x) => x.room.name === 'Birch')!;
}

async function read(id: string) {
  const r = await api.gql<{
    session: {
      status: string;
      version: number;
      familyInformedVia: string | null;
      cancelledBy: { name: string; role: string } | null;
      cancellation: { familyInformedAt: string | null } | null;
    };
  }>(manager, READ, { id });
  expect(r.errors).toBeUndefined();
  return r.data!.session;
}

beforeAll(async () => {
  api = await startTestApi();
  manager = await api.tokenFor(DEMO.manager);
  const q = (sql: string) => api.db.sql(sql).then((r) => r.rows);
  const centre = (await q(`select id from centre where name like 'Coxford Road%'`))[0].id;
  ids = {
    centre,
    birch: (await q(`select id from room where centre_id = '${centre}' and name = 'Birch'`))[0].id,
    agreement: (
      await q(
        `select a.id from contact_agreement a join child c on c.id = a.child_id where c.first_name = 'Maisie'`,
      )
    )[0].id,
    supervisor: (await q(`select id from staff_user where email = '${DEMO.supervisor1}'`))[0].id,
  };
});
afterAll(() => api.close());

describe('an absence notice on the room board', () => {
  it('moves the room’s next line on, lists the family as not coming, and raises no lateness warning', async () => {
    const notified = await book(slot(2, '16:00'));
    const after = await book(slot(2, '18:00'));
    const start = slot(2, '16:00').startsAt;
    const minutes = (m: number) => new Date(start.getTime() + m * 60_000);

    expect((await birchAt(minutes(-30))).next?.id).toBe(notified.id);
    const r = await api.gql(
      manager,
      `mutation($input: RecordAbsenceNoticeInput!) { recordAbsenceNotice(input: $input) { id } }`,
      {
        input: {
          sessionId: notified.id,
          receivedAt: new Date().toISOString(),
          givenBy: 'Mother, by phone',
          reason: 'Unwell',
        },
      },
    );
    expect(r.errors).toBeUndefined();

    const before = await birchAt(minutes(-30));
    expect(before.next?.id).toBe(after.id);
    expect(before.notComing).toEqual([
      { id: notified.id, absenceNotices: [{ givenBy: 'Mother, by phone' }] },
    ]);
    // Twenty minutes after the start nobody is checked in, but nobody is waited for either.
    expect((await birchAt(minutes(20))).warnings).toEqual([]);

    // The family without notice, twenty minutes after its own start, is late past the grace period.
    const late = await birchAt(minutes(120 + 20));
    expect(late.warnings.map((w) => [w.kind, w.sessionId])).toEqual([['FAMILY_LATE', after.id]]);
    expect(late.warnings[0]!.message).toMatch(
      /^Maisie C\.'s family has not arrived in Birch: they were due by 17:45,/,
    );
  });
});

describe('cancelling: who cancelled, and how the family was told', () => {
  it('refuses a time the family was told without how, and changes nothing', async () => {
    const s = await book(slot(3, '16:00'));
    const told = new Date(Date.now() - 600_000).toISOString();
    const r = await api.gql(manager, CANCEL, {
      input: { sessionId: s.id, expectedVersion: s.version, reason: 'CHILD_ILL', familyInformedAt: told },
    });
    expect(r.errors?.[0]?.extensions).toMatchObject({
      code: 'FAMILY_INFORMED_METHOD_REQUIRED',
      field: 'familyInformedVia',
    });
    expect(await read(s.id)).toMatchObject({ status: 'SCHEDULED', version: s.version, cancelledBy: null });

    const noTime = await api.gql(manager, CANCEL, {
      input: { sessionId: s.id, expectedVersion: s.version, reason: 'CHILD_ILL', familyInformedVia: 'PHONE' },
    });
    expect(noTime.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await read(s.id)).status).toBe('SCHEDULED');
  });

  it('keeps who cancelled and how and when the family was told', async () => {
    const s = await book(slot(4, '16:00'));
    const told = new Date(Date.now() - 600_000).toISOString();
    const r = await api.gql(manager, CANCEL, {
      input: {
        sessionId: s.id,
        expectedVersion: s.version,
        reason: 'CHILD_ILL',
        familyInformedAt: told,
        familyInformedVia: 'PHONE',
      },
    });
    expect(r.errors).toBeUndefined();
    expect(await read(s.id)).toMatchObject({
      status: 'CANCELLED',
      familyInformedVia: 'PHONE',
      cancelledBy: { name: 'Priya Shah', role: 'CENTRE_MANAGER' },
      cancellation: { familyInformedAt: told },
    });
  });

  it('records how the family was told later, and still takes a time alone from callers that never gave the way', async () => {
    const s = await book(slot(5, '16:00'));
    const cancelled = await api.gql<{ cancelSession: Booked & { familyInformedVia: string | null } }>(
      manager,
      CANCEL,
      { input: { sessionId: s.id, expectedVersion: s.version, reason: 'MEDICAL_APPOINTMENT' } },
    );
    expect(cancelled.errors).toBeUndefined();
    expect(cancelled.data!.cancelSession.familyInformedVia).toBeNull();

    const at = new Date(Date.now() - 60_000).toISOString();
    const byText = await api.gql<{ recordFamilyInformed: Booked }>(manager, TOLD, {
      s: s.id,
      v: cancelled.data!.cancelSession.version,
      at,
      via: 'TEXT_MESSAGE',
    });
    expect(byText.errors).toBeUndefined();
    expect(await read(s.id)).toMatchObject({
      familyInformedVia: 'TEXT_MESSAGE',
      cancellation: { familyInformedAt: at },
    });

    const alone = await api.gql(manager, TOLD, { s: s.id, v: byText.data!.recordFamilyInformed.version, at });
    expect(alone.errors).toBeUndefined();
    expect((await read(s.id)).familyInformedVia).toBeNull();
  });

  it('stores only the known ways, and a way only with a time (the database refuses anything else)', async () => {
    const s = await book(slot(6, '16:00'));
    await expect(
      api.db.sql(
        `update session set family_informed_via = 'pigeon', family_informed_at = now() where id = $1`,
        [s.id],
      ),
    ).rejects.toThrow(/check constraint/);
    await expect(
      api.db.sql(
        `update session set family_informed_via = 'phone', family_informed_at = null where id = $1`,
        [s.id],
      ),
    ).rejects.toThrow(/session_family_informed_via_needs_time/);
  });
});
