import { DEFAULT_OPENING_HOURS } from '@kinroom/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type TestApi } from '../../test/api.js';
import { countStatements } from '../../test/statements.js';
import { Centre } from '../centres/centre.entity.js';
import { make } from '../db/make.js';
import { StaffUser } from '../people/staff-user.entity.js';
import { Session } from '../sessions/session.entity.js';
import { Room } from './room.entity.js';

// The demo week is loaded around this moment: a Wednesday, 14:00 in London (GMT), so the whole afternoon is today.
const SEED = new Date('2026-03-11T14:00:00Z');
const at = (minutes: number) => new Date(SEED.getTime() + minutes * 60_000);
const iso = (minutes: number) => at(minutes).toISOString();

const BOARD = `query Board($c: ID!, $at: DateTimeISO) {
  roomBoard(centreId: $c, at: $at) {
    centreId centreName at
    counts { free occupied needsTidying outOfService warnings }
    rooms {
      state elapsedMinutes remainingMinutes
      room { id centreId name capacity facilities condition conditionNote conditionChangedAt version }
      current { ...S }
      next { ...S }
      warnings { kind sessionId minutes message }
    }
  }
}
fragment S on BoardSession {
  id kind status startsAt endsAt parentArriveBy parentArrivedAt childArrivedAt startedAt version supervisionLevel
  child { id firstName lastInitial } supervisor { id name role } secondStaff { name }
}`;

const SET = `mutation Set($r: ID!, $c: RoomCondition!, $v: Int!, $n: String) {
  setRoomCondition(roomId: $r, condition: $c, expectedVersion: $v, note: $n) {
    id name condition conditionNote conditionChangedAt version
  }
}`;

interface BoardSessionView {
  id: string;
  status: string;
  startsAt: string;
  parentArrivedAt: string | null;
  childArrivedAt: string | null;
  startedAt: string | null;
  supervisionLevel: string;
  child: { id: string; firstName: string; lastInitial: string };
  supervisor: { name: string };
  secondStaff: { name: string } | null;
}
interface BoardRoomView {
  state: string;
  elapsedMinutes: number | null;
  remainingMinutes: number | null;
  room: { id: string; name: string; condition: string; conditionNote: string | null; version: number };
  current: BoardSessionView | null;
  next: BoardSessionView | null;
  warnings: { kind: string; sessionId: string | null; minutes: number | null; message: string }[];
}
interface BoardView {
  centreId: string;
  centreName: string;
  at: string;
  counts: Record<string, number>;
  rooms: BoardRoomView[];
}

let api: TestApi;
let tokens: Record<keyof typeof DEMO | 'hensburyManager', string>;
let centreId: string;
let councilId: string;
let rooms: Record<string, string>;
let hensburyRoom: string;

async function board(token: string, minutes: number | null = 0, centre = centreId) {
  const r = await api.gql<{ roomBoard: BoardView }>(token, BOARD, {
    c: centre,
    ...(minutes === null ? {} : { at: iso(minutes) }),
  });
  return r;
}
async function boardOf(minutes: number | null = 0): Promise<BoardView> {
  const r = await board(tokens.manager, minutes);
  expect(r.errors).toBeUndefined();
  return r.data!.roomBoard;
}
const roomOn = (b: BoardView, name: string) => b.rooms.find((r) => r.room.name === name)!;
const sql = async (text: string, params: unknown[] = []) => (await api.db.sql(text, params)).rows;
const roomRow = async (id: string) =>
  (
    await sql('select condition, condition_note, version, condition_changed_by_id from room where id = $1', [
      id,
    ])
  )[0];
const roomEvents = async (id: string) =>
  sql(`select topic, kind, centre_id, child_id, payload from event where subject_id = $1 order by id`, [id]);

/** Adds a session straight to the database, as if booked earlier. */
async function addSession(over: Partial<Session> & Pick<Session, 'roomId' | 'startsAt' | 'endsAt'>) {
  const agreement = (
    await sql(
      `select a.id, a.child_id from contact_agreement a join child c on c.id = a.child_id where c.first_name = 'Amara'`,
    )
  )[0];
  const hannah = (await sql(`select id from staff_user where email = 'hannah.price@coxford.example'`))[0].id;
  const em = api.db.orm.em.fork();
  const s = make(Session, {
    councilId,
    centreId,
    supervisorId: hannah,
    agreementId: agreement.id,
    childId: agreement.child_id,
    kind: 'contact',
    turnoverMinutes: 15,
    ...over,
  });
  em.persist(s);
  await em.flush();
  return s;
}

beforeAll(async () => {
  api = await startTestApi({ now: SEED });
  const centre = (await sql(`select id, council_id from centre where name like 'Coxford Road%'`))[0];
  centreId = centre.id;
  councilId = centre.council_id;
  rooms = Object.fromEntries(
    (await sql(`select id, name from room where centre_id = $1`, [centreId])).map((r) => [r.name, r.id]),
  );
  // A second centre of the same council, with its own manager: they must not see Coxford Road's board.
  const em = api.db.orm.em.fork();
  const hensbury = make(Centre, {
    councilId,
    name: 'Hensbury Family Centre',
    address: '2 Church Walk, Hensbury',
    openingHours: DEFAULT_OPENING_HOURS,
  });
  const room = make(Room, { councilId, centreId: hensbury.id, name: 'Lark', capacity: 5 });
  hensburyRoom = room.id;
  em.persist([
    hensbury,
    room,
    make(StaffUser, {
      councilId,
      centreId: hensbury.id,
      name: 'Hal Moss',
      email: 'hal.moss@coxford.example',
      role: 'centre_manager',
    }),
  ]);
  await em.flush();
  const entries = await Promise.all(
    [...Object.entries(DEMO), ['hensburyManager', 'hal.moss@coxford.example']].map(
      async ([k, email]) => [k, await api.tokenFor(email!)] as const,
    ),
  );
  tokens = Object.fromEntries(entries) as typeof tokens;
});
afterAll(() => api.close());

describe('the room board over the demo week', () => {
  it('shows every room of the centre, in name order, with its live state', async () => {
    const b = await boardOf(0);
    expect(b).toMatchObject({
      centreId,
      centreName: 'Coxford Road Family Contact Centre',
      at: SEED.toISOString(),
    });
    expect(b.rooms.map((r) => [r.room.name, r.state])).toEqual([
      ['Birch', 'FREE'],
      ['Cedar', 'FREE'],
      ['Hazel', 'NEEDS_TIDYING'],
      ['Maple', 'OUT_OF_SERVICE'],
      ['Oak', 'OCCUPIED'],
      ['Rowan', 'OCCUPIED'],
      ['Willow', 'OCCUPIED'],
    ]);
    expect(b.counts).toEqual({ free: 2, occupied: 3, needsTidying: 1, outOfService: 1, warnings: 0 });
    expect(roomOn(b, 'Maple').room).toMatchObject({
      condition: 'OUT_OF_SERVICE',
      conditionNote: 'Radiator fault: engineer booked',
    });
  });

  it('shows a session in progress with its child, supervisor, level, arrivals and times', async () => {
    const willow = roomOn(await boardOf(0), 'Willow');
    expect(willow.current).toMatchObject({
      status: 'IN_PROGRESS',
      child: { firstName: 'Maisie', lastInitial: 'C' },
      supervisor: { name: 'Tom Okafor' },
      secondStaff: null,
      supervisionLevel: 'SUPERVISED',
      parentArrivedAt: iso(-41),
      childArrivedAt: iso(-26),
      startedAt: iso(-25),
    });
    expect(willow.elapsedMinutes).toBe(25);
    expect(willow.remainingMinutes).toBe(35);
    expect(willow.warnings).toEqual([]);
  });

  it('shows a room held by a family member who has arrived before the child', async () => {
    const oak = roomOn(await boardOf(0), 'Oak');
    expect(oak.state).toBe('OCCUPIED');
    expect(oak.current).toMatchObject({
      status: 'PARENT_ARRIVED',
      child: { firstName: 'Leo', lastInitial: 'H' },
      parentArrivedAt: iso(-16),
      childArrivedAt: null,
      startedAt: null,
    });
    expect(oak.elapsedMinutes).toBeNull();
    expect(oak.remainingMinutes).toBe(59);
  });

  it('shows the second member of staff and high vigilance where the agreement calls for it', async () => {
    const rowan = roomOn(await boardOf(0), 'Rowan');
    expect(rowan.current).toMatchObject({
      status: 'CHILD_ARRIVED',
      child: { firstName: 'Ruby', lastInitial: 'W' },
      supervisionLevel: 'HIGH_VIGILANCE',
      secondStaff: { name: 'Ruth Evans' },
    });
  });

  it('shows the next session today in a free room', async () => {
    const b = await boardOf(0);
    expect(roomOn(b, 'Birch').next).toMatchObject({
      status: 'SCHEDULED',
      startsAt: iso(45),
      child: { firstName: 'Poppy', lastInitial: 'A' },
    });
    expect(roomOn(b, 'Cedar').next).toMatchObject({ startsAt: iso(180), child: { firstName: 'Kai' } });
    expect(roomOn(b, 'Hazel').current).toBeNull();
  });

  it('shows an absence notice on the session it concerns, with when it was received and when it was recorded', async () => {
    const kai = roomOn(await boardOf(0), 'Cedar').next!;
    expect(kai.child.firstName).toBe('Kai');
    const NOTICES = `query($c: ID!, $at: DateTimeISO) {
      roomBoard(centreId: $c, at: $at) {
        rooms { room { name } next { id absenceNotices { receivedAt recordedAt givenBy recordedBy { name } } } }
      }
    }`;
    type Read = {
      roomBoard: {
        rooms: {
          room: { name: string };
          next: { id: string; absenceNotices: { receivedAt: string; recordedAt: string }[] } | null;
        }[];
      };
    };
    const cedar = async () => {
      const r = await api.gql<Read>(tokens.manager, NOTICES, { c: centreId, at: iso(0) });
      expect(r.errors).toBeUndefined();
      return r.data!.roomBoard.rooms.find((x) => x.room.name === 'Cedar')!.next!;
    };
    expect((await cedar()).absenceNotices).toEqual([]);
    const receivedAt = new Date(Date.now() - 3_600_000).toISOString();
    const recorded = await api.gql(
      tokens.manager,
      `mutation($input: RecordAbsenceNoticeInput!) { recordAbsenceNotice(input: $input) { id } }`,
      { input: { sessionId: kai.id, receivedAt, givenBy: 'Father, by phone', reason: 'Car broke down' } },
    );
    expect(recorded.errors).toBeUndefined();
    const [notice] = (await cedar()).absenceNotices;
    expect(notice).toMatchObject({
      receivedAt,
      givenBy: 'Father, by phone',
      recordedBy: { name: expect.any(String) },
    });
    expect(new Date(notice!.recordedAt).getTime()).toBeGreaterThanOrEqual(new Date(receivedAt).getTime());
  });

  it('never shows a child’s full family name', async () => {
    const r = await board(tokens.manager, 0);
    const text = JSON.stringify(r.data);
    for (const surname of ['Carter', 'Hart', 'Walsh', 'Adeyemi', 'Robinson'])
      expect(text).not.toContain(surname);
  });

  it('logs the read of each child it shows (docs/domain.md rule 11)', async () => {
    const managerId = (await sql(`select id from staff_user where email = $1`, [DEMO.manager]))[0].id;
    const before = Number((await sql(`select count(*) from access_log`))[0].count);
    await boardOf(0);
    const rows = await sql(
      `select c.first_name, l.role, l.reason, l.fields from access_log l join child c on c.id = l.child_id
        where l.user_id = $1 order by l.id desc limit 5`,
      [managerId],
    );
    expect(Number((await sql(`select count(*) from access_log`))[0].count) - before).toBe(5);
    expect(rows.map((r) => r.first_name).sort()).toEqual(['Kai', 'Leo', 'Maisie', 'Poppy', 'Ruby']);
    expect(rows[0]).toMatchObject({ role: 'centre_manager', reason: 'room board' });
  });

  it('defaults to now', async () => {
    const before = Date.now();
    const b = await boardOf(null);
    expect(new Date(b.at).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(new Date(b.at).getTime()).toBeLessThanOrEqual(Date.now() + 1000);
  });
});

describe('the board at another moment', () => {
  it('an hour ago: the room that needs tidying now was in use, and later families had not arrived', async () => {
    const b = await boardOf(-60);
    const hazel = roomOn(b, 'Hazel');
    expect(hazel.state).toBe('OCCUPIED');
    expect(hazel.current).toMatchObject({ status: 'IN_PROGRESS', child: { firstName: 'Amara' } });
    expect(hazel.elapsedMinutes).toBe(34);
    expect(hazel.remainingMinutes).toBe(25);
    expect(roomOn(b, 'Willow')).toMatchObject({ state: 'FREE', current: null });
    expect(roomOn(b, 'Willow').next).toMatchObject({ status: 'SCHEDULED', parentArrivedAt: null });
    expect(roomOn(b, 'Oak').state).toBe('FREE');
    expect(b.counts).toMatchObject({ occupied: 1, free: 5, outOfService: 1 });
  });

  it('half an hour ago: only the arrivals recorded by then show', async () => {
    const willow = roomOn(await boardOf(-30), 'Willow');
    expect(willow.current).toMatchObject({
      status: 'PARENT_ARRIVED',
      parentArrivedAt: iso(-41),
      childArrivedAt: null,
      startedAt: null,
    });
  });

  it('in two hours: the late family and the overrunning session are warned about', async () => {
    const b = await boardOf(116);
    expect(roomOn(b, 'Birch').warnings).toEqual([
      expect.objectContaining({
        // Past the grace period after the start, "not arrived" becomes "late".
        kind: 'FAMILY_LATE',
        minutes: 71,
        message: expect.stringContaining('14:45'),
      }),
    ]);
    const willow = roomOn(b, 'Willow');
    expect(willow.warnings).toEqual([expect.objectContaining({ kind: 'SESSION_OVERRUNNING', minutes: 81 })]);
    expect(willow.warnings[0]!.message).toContain('Maisie C.');
    expect(roomOn(b, 'Cedar').warnings).toEqual([]);
    // The child checked in at the start of the demo is still waiting for contact to start.
    expect(roomOn(b, 'Rowan').warnings.map((w) => w.kind)).toEqual(['CHILD_WAITING']);
    expect(b.counts.warnings).toBe(3);
  });
});

describe('warnings about bookings', () => {
  it('asks for the room to be tidied once its next family is within the turnover gap', async () => {
    const s = await addSession({ roomId: rooms.Hazel!, startsAt: at(40), endsAt: at(70) });
    // The family member arrives at +25; with a 15-minute turnover the room must be tidied from +10.
    expect(roomOn(await boardOf(9), 'Hazel').warnings).toEqual([]);
    const hazel = roomOn(await boardOf(10), 'Hazel');
    expect(hazel.state).toBe('NEEDS_TIDYING');
    expect(hazel.next?.id).toBe(s.id);
    expect(hazel.warnings).toEqual([
      {
        kind: 'TIDY_BEFORE_NEXT_BOOKING',
        sessionId: s.id,
        minutes: 15,
        message: "Hazel needs tidying before Amara O.'s family arrives at 14:25.",
      },
    ]);
  });

  it('warns when a child is booked into a room that is out of service', async () => {
    const s = await addSession({ roomId: rooms.Maple!, startsAt: at(200), endsAt: at(260) });
    const maple = roomOn(await boardOf(0), 'Maple');
    expect(maple.state).toBe('OUT_OF_SERVICE');
    expect(maple.warnings).toEqual([
      {
        kind: 'OUT_OF_SERVICE_WITH_BOOKING',
        sessionId: s.id,
        minutes: 200,
        message: 'Amara O. is due in Maple at 17:20, but Maple is out of service: move the session.',
      },
    ]);
  });
});

describe('who may read the board', () => {
  it('the council’s integrator may', async () => {
    const r = await board(tokens.integrator, 0);
    expect(r.errors).toBeUndefined();
    expect(r.data?.roomBoard.rooms).toHaveLength(7);
  });

  it.each([
    ['supervisor1', 'FORBIDDEN'],
    ['socialWorker1', 'FORBIDDEN'],
    ['admin', 'FORBIDDEN'],
    ['otherManager', 'NOT_FOUND'],
    ['hensburyManager', 'NOT_FOUND'],
  ] as const)('%s is refused with %s', async (who, code) => {
    const r = await board(tokens[who], 0);
    expect(r.data?.roomBoard ?? null).toBeNull();
    expect(r.errors?.[0]?.extensions?.code).toBe(code);
  });

  it('nobody signed in is refused', async () => {
    const r = await api.gql(null, BOARD, { c: centreId });
    expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('an id that names no centre is NOT_FOUND, never an internal error', async () => {
    for (const c of ['not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
      const r = await api.gql(tokens.integrator, BOARD, { c });
      expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
  });

  it('another centre’s manager reads their own board, and nothing of Coxford Road', async () => {
    const hensbury = (await sql(`select id from centre where name = 'Hensbury Family Centre'`))[0].id;
    const r = await board(tokens.hensburyManager, 0, hensbury);
    expect(r.errors).toBeUndefined();
    expect(r.data?.roomBoard.rooms.map((x) => [x.room.name, x.state])).toEqual([['Lark', 'FREE']]);
  });
});

describe('what the board costs', () => {
  it('takes the same number of SQL statements however many rooms and sessions the centre has', async () => {
    const first = await countStatements(api, () => boardOf(0));
    // Five more rooms, each with a session in progress under a supervisor of its own, and a child to name.
    const em = api.db.orm.em.fork();
    const agreement = (
      await sql(`select id, child_id from contact_agreement where centre_id = $1 limit 1`, [centreId])
    )[0];
    for (let k = 1; k <= 5; k++) {
      const room = make(Room, { councilId, centreId, name: `Extra ${k}`, capacity: 4 });
      const sup = make(StaffUser, {
        councilId,
        centreId,
        name: `Extra Supervisor ${k}`,
        email: `extra.${k}@coxford.example`,
        role: 'supervisor',
      });
      em.persist([
        room,
        sup,
        make(Session, {
          councilId,
          centreId,
          roomId: room.id,
          supervisorId: sup.id,
          agreementId: agreement.id,
          childId: agreement.child_id,
          kind: 'contact',
          startsAt: at(-10 - k),
          endsAt: at(50),
          turnoverMinutes: 15,
          status: 'in_progress',
          parentArrivedAt: at(-30),
          childArrivedAt: at(-12 - k),
          startedAt: at(-10 - k),
        }),
      ]);
    }
    await em.flush();
    const b = await boardOf(0);
    expect(b.rooms).toHaveLength(12);
    expect(b.counts.occupied).toBe(8);
    const second = await countStatements(api, () => boardOf(0));
    expect(second.length).toBe(first.length);
    // Who is asking; the centre, its rooms, the day's sessions; agreements, names, absence notices; the access
    // log: eight.
    expect(first.length).toBeLessThanOrEqual(8);
  });
});

describe('setting a room’s condition', () => {
  it('the manager marks a room tidied: recorded with who and when, a new version, and an event', async () => {
    const before = await roomRow(rooms.Hazel!);
    const r = await api.gql<{
      setRoomCondition: { version: number; condition: string; conditionChangedAt: string };
    }>(tokens.manager, SET, { r: rooms.Hazel, c: 'READY', v: before.version });
    expect(r.errors).toBeUndefined();
    expect(r.data?.setRoomCondition).toMatchObject({ condition: 'READY', version: before.version + 1 });
    const managerId = (await sql(`select id from staff_user where email = $1`, [DEMO.manager]))[0].id;
    expect(await roomRow(rooms.Hazel!)).toMatchObject({
      condition: 'ready',
      version: before.version + 1,
      condition_changed_by_id: managerId,
    });
    const events = await roomEvents(rooms.Hazel!);
    expect(events.at(-1)).toMatchObject({
      topic: 'room',
      kind: 'condition_changed',
      centre_id: centreId,
      child_id: null,
      payload: {
        roomId: rooms.Hazel,
        previousCondition: 'needs_tidying',
        condition: 'ready',
        version: before.version + 1,
        changedById: managerId,
      },
    });
    expect(roomOn(await boardOf(0), 'Hazel').state).toBe('FREE');
  });

  it('refuses a stale version, changing nothing', async () => {
    const before = await roomRow(rooms.Hazel!);
    const events = (await roomEvents(rooms.Hazel!)).length;
    const r = await api.gql(tokens.manager, SET, {
      r: rooms.Hazel,
      c: 'NEEDS_TIDYING',
      v: before.version - 1,
    });
    expect(r.errors?.[0]?.extensions).toMatchObject({
      code: 'STALE_VERSION',
      currentVersion: before.version,
    });
    expect(await roomRow(rooms.Hazel!)).toEqual(before);
    expect(await roomEvents(rooms.Hazel!)).toHaveLength(events);
  });

  it('a supervisor of the centre marks a room as needing tidying, and back to ready', async () => {
    let v = (await roomRow(rooms.Birch!)).version;
    for (const c of ['NEEDS_TIDYING', 'READY']) {
      const r = await api.gql<{ setRoomCondition: { version: number; condition: string } }>(
        tokens.supervisor1,
        SET,
        {
          r: rooms.Birch,
          c,
          v,
          n: c === 'NEEDS_TIDYING' ? 'Paint spilt on the table' : null,
        },
      );
      expect(r.errors).toBeUndefined();
      expect(r.data?.setRoomCondition.condition).toBe(c);
      v = r.data!.setRoomCondition.version;
    }
    expect(await roomRow(rooms.Birch!)).toMatchObject({
      condition: 'ready',
      condition_note: null,
      version: v,
    });
  });

  it.each([
    ['a supervisor taking a room out of service', 'supervisor1', 'Cedar', 'OUT_OF_SERVICE', 'FORBIDDEN'],
    ['a supervisor bringing a room back into service', 'supervisor1', 'Maple', 'READY', 'FORBIDDEN'],
    ['a social worker', 'socialWorker1', 'Cedar', 'NEEDS_TIDYING', 'FORBIDDEN'],
    ['an integrator', 'integrator', 'Cedar', 'NEEDS_TIDYING', 'FORBIDDEN'],
    ['an admin', 'admin', 'Cedar', 'NEEDS_TIDYING', 'FORBIDDEN'],
    ['another council’s manager', 'otherManager', 'Cedar', 'NEEDS_TIDYING', 'NOT_FOUND'],
    ['another centre’s manager', 'hensburyManager', 'Cedar', 'NEEDS_TIDYING', 'NOT_FOUND'],
  ] as const)('refuses %s, changing nothing', async (_what, who, name, c, code) => {
    const before = await roomRow(rooms[name]!);
    const events = (await roomEvents(rooms[name]!)).length;
    const r = await api.gql(tokens[who], SET, { r: rooms[name], c, v: before.version, n: 'Broken window' });
    expect(r.errors?.[0]?.extensions?.code).toBe(code);
    expect(await roomRow(rooms[name]!)).toEqual(before);
    expect(await roomEvents(rooms[name]!)).toHaveLength(events);
  });

  it('a supervisor cannot touch the rooms of another centre', async () => {
    const lark = await roomRow(hensburyRoom);
    const r = await api.gql(tokens.supervisor1, SET, {
      r: hensburyRoom,
      c: 'NEEDS_TIDYING',
      v: lark.version,
    });
    expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await roomRow(hensburyRoom)).toEqual(lark);
  });

  it('refuses to take a room out of service while a session holds it, naming the session', async () => {
    const before = await roomRow(rooms.Willow!);
    const maisie = (
      await sql(`select id from session where room_id = $1 and status = 'in_progress'`, [rooms.Willow])
    )[0].id;
    const r = await api.gql(tokens.manager, SET, {
      r: rooms.Willow,
      c: 'OUT_OF_SERVICE',
      v: before.version,
      n: 'Leak in the ceiling',
    });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'ROOM_OCCUPIED', sessionId: maisie });
    expect(r.errors?.[0]?.message).toMatch(/Willow is in use/);
    expect(await roomRow(rooms.Willow!)).toEqual(before);
  });

  it('a family member who has arrived holds the room too', async () => {
    const r = await api.gql(tokens.manager, SET, {
      r: rooms.Oak,
      c: 'OUT_OF_SERVICE',
      v: (await roomRow(rooms.Oak!)).version,
      n: 'Leak',
    });
    expect(r.errors?.[0]?.extensions?.code).toBe('ROOM_OCCUPIED');
  });

  it.each([
    ['without saying why', null],
    ['with a blank note', '   '],
    ['with a note too long to read', 'x'.repeat(501)],
  ])('refuses to take a room out of service %s', async (_what, n) => {
    const before = await roomRow(rooms.Cedar!);
    const r = await api.gql(tokens.manager, SET, {
      r: rooms.Cedar,
      c: 'OUT_OF_SERVICE',
      v: before.version,
      n,
    });
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await roomRow(rooms.Cedar!)).toEqual(before);
  });

  it('refuses an id that names no room with NOT_FOUND', async () => {
    for (const id of ['nope', '00000000-0000-4000-8000-000000000000']) {
      const r = await api.gql(tokens.manager, SET, { r: id, c: 'READY', v: 1 });
      expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
  });

  it('the manager takes a free room out of service and the board shows it at once, with its booking warned', async () => {
    const before = await roomRow(rooms.Cedar!);
    const r = await api.gql<{ setRoomCondition: { condition: string; conditionNote: string } }>(
      tokens.manager,
      SET,
      {
        r: rooms.Cedar,
        c: 'OUT_OF_SERVICE',
        v: before.version,
        n: '  Window cracked: glazier due Friday ',
      },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data?.setRoomCondition).toMatchObject({
      condition: 'OUT_OF_SERVICE',
      conditionNote: 'Window cracked: glazier due Friday',
    });
    const cedar = roomOn(await boardOf(0), 'Cedar');
    expect(cedar.state).toBe('OUT_OF_SERVICE');
    expect(cedar.warnings.map((w) => w.kind)).toEqual(['OUT_OF_SERVICE_WITH_BOOKING']);
    expect(cedar.warnings[0]!.message).toContain('Kai R.');
    expect((await roomEvents(rooms.Cedar!)).at(-1)?.payload).toMatchObject({
      previousCondition: 'ready',
      condition: 'out_of_service',
      conditionNote: 'Window cracked: glazier due Friday',
    });
  });

  it('of two managers writing the same version at once, exactly one wins', async () => {
    const before = await roomRow(rooms.Birch!);
    const results = await Promise.all(
      ['NEEDS_TIDYING', 'READY'].map((c) =>
        api.gql(tokens.manager, SET, { r: rooms.Birch, c, v: before.version }),
      ),
    );
    const codes = results.map((r) => r.errors?.[0]?.extensions?.code ?? 'OK').sort();
    expect(codes).toEqual(['OK', 'STALE_VERSION']);
    expect((await roomRow(rooms.Birch!)).version).toBe(before.version + 1);
  });
});
