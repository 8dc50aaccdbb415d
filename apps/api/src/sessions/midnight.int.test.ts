import { addDaysToDateKey, fromLondonDateKey, londonDateKey } from '@kinroom/domain';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO, startTestApi, type TestApi } from '../../test/api.js';
import { make } from '../db/make.js';
import { StaffUser } from '../people/staff-user.entity.js';
import { Session } from './session.entity.js';
import { Room } from '../rooms/room.entity.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

/**
 * An hour-long session of Poppy's family at Coxford Road, in a room and under a supervisor of its own (named
 * `label`), so that nothing the demo week books around the present can clash with it.
 */
async function bookAlone(label: string, startsAt: Date, over: Partial<Session>) {
  const q = async (sql: string) => (await api.db.sql(sql)).rows[0];
  const centre = await q(`select id, council_id from centre where name like 'Coxford Road%'`);
  const model = await q(
    `select s.* from session s join child c on c.id = s.child_id where c.first_name = 'Poppy' and s.status = 'scheduled' limit 1`,
  );
  const email = `${label.toLowerCase()}.supervisor@coxford.example`;
  const room = make(Room, {
    councilId: centre.council_id,
    centreId: centre.id,
    name: `${label} Room`,
    capacity: 4,
  });
  const sup = make(StaffUser, {
    councilId: centre.council_id,
    centreId: centre.id,
    name: `${label} Supervisor`,
    email,
    role: 'supervisor',
  });
  const session = make(Session, {
    councilId: centre.council_id,
    centreId: centre.id,
    roomId: room.id,
    supervisorId: sup.id,
    agreementId: model.agreement_id,
    childId: model.child_id,
    kind: 'contact',
    startsAt,
    endsAt: new Date(startsAt.getTime() + 3_600_000),
    turnoverMinutes: 15,
    ...over,
  });
  await api.db.orm.em.fork().persist([room, sup, session]).flush();
  return { centreId: centre.id as string, roomId: room.id, session, supervisorEmail: email };
}

it('shows a family that arrived early for a session booked on another day: room occupied, and on the supervisor’s list today', async () => {
  // Tomorrow, 01:30 London time: the family came in tonight, an hour or more before.
  const startsAt = fromLondonDateKey(addDaysToDateKey(londonDateKey(new Date()), 1), '01:30');
  const {
    centreId,
    session: s,
    supervisorEmail,
  } = await bookAlone('Night', startsAt, {
    status: 'parent_arrived',
    parentArrivedAt: new Date(),
  });
  const token = await api.tokenFor(DEMO.manager);
  const r = await api.gql<{ roomBoard: { rooms: { room: { name: string }; state: string }[] } }>(
    token,
    `query($c: ID!) { roomBoard(centreId: $c) { rooms { room { name } state } } }`,
    { c: centreId },
  );
  expect(r.errors).toBeUndefined();
  expect(r.data?.roomBoard.rooms.find((x) => x.room.name === 'Night Room')?.state).toBe('OCCUPIED');

  // The supervisor's own list for today holds the session too, though it is booked for tomorrow; tomorrow's as well.
  const MINE = `query($d: String) { mySessions(date: $d) { id status } }`;
  const supToken = await api.tokenFor(supervisorEmail);
  const today = await api.gql<{ mySessions: { id: string; status: string }[] }>(supToken, MINE, {});
  expect(today.errors).toBeUndefined();
  expect(today.data?.mySessions).toEqual([{ id: s.id, status: 'PARENT_ARRIVED' }]);
  const tomorrow = await api.gql<{ mySessions: { id: string }[] }>(supToken, MINE, {
    d: addDaysToDateKey(londonDateKey(new Date()), 1),
  });
  expect(tomorrow.data?.mySessions.map((x) => x.id)).toEqual([s.id]);
  const yesterday = await api.gql<{ mySessions: { id: string }[] }>(supToken, MINE, {
    d: addDaysToDateKey(londonDateKey(new Date()), -1),
  });
  expect(yesterday.data?.mySessions).toEqual([]);
});

it('puts a session running past midnight on the schedules of both days it runs on, and of no other', async () => {
  // Ten days ahead, 23:30 to 00:30 London time.
  const day = addDaysToDateKey(londonDateKey(new Date()), 10);
  const {
    centreId,
    roomId,
    session: s,
  } = await bookAlone('Late', fromLondonDateKey(day, '23:30'), {
    kind: 'planning_meeting',
    status: 'scheduled',
  });
  const manager = await api.tokenFor(DEMO.manager);
  const onDay = async (d: string) => {
    const r = await api.gql<{ centreSchedule: { id: string }[] }>(
      manager,
      `query($c: ID!, $d: String, $r: ID) { centreSchedule(centreId: $c, date: $d, roomId: $r) { id } }`,
      { c: centreId, d, r: roomId },
    );
    expect(r.errors).toBeUndefined();
    return r.data!.centreSchedule.map((x) => x.id);
  };
  expect(await onDay(addDaysToDateKey(day, -1))).toEqual([]);
  expect(await onDay(day)).toEqual([s.id]);
  expect(await onDay(addDaysToDateKey(day, 1))).toEqual([s.id]);
  expect(await onDay(addDaysToDateKey(day, 2))).toEqual([]);
});
