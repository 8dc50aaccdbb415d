import { addDaysToDateKey, fromLondonDateKey, londonDateKey } from '@kinroom/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type GqlResult, type TestApi } from '../../test/api.js';
import { countStatements } from '../../test/statements.js';
import { collect, sleep, wsClient } from '../../test/ws.js';

/**
 * The centre manager's desk over real HTTP (docs/desk.md): sessions whose end passed with nothing recorded,
 * cancellations the family was not recorded as told of, and amendments to final records. Each is the manager's own
 * centre only, of children they may read, written to the access log, in a fixed number of statements.
 */

let api: TestApi;
let manager: string;
let otherManager: string;
let supervisor: string;
let socialWorker: string;
let centreId: string;
let maisie: string;
const ids: Record<'unrecorded' | 'future' | 'arrived' | 'notTold' | 'told' | 'oldCancelled', string> =
  {} as never;

const UNRECORDED = `query($c: ID!) { unrecordedSessions(centreId: $c) {
  id status endsAt child { firstName } supervisor { name } room { name } attendance { outcome } } }`;
const NOT_TOLD = `query($c: ID!) { cancellationsNotTold(centreId: $c) {
  id version startsAt child { firstName } cancellation { reason familyInformedAt } } }`;
const AMENDMENTS = `query($c: ID!, $since: DateTimeISO) { centreAmendments(centreId: $c, since: $since) {
  amendment { id observationId reason text createdAt author { name } }
  session { id startsAt child { firstName } } } }`;
const AMEND = `mutation($id: ID!) { amendObservation(id: $id, reason: "Correction of fact",
  text: "The session ended ten minutes early.") { id } }`;
const TOLD = `mutation($s: ID!, $v: Int!, $at: DateTimeISO!) { recordFamilyInformed(sessionId: $s, expectedVersion: $v, at: $at) { id } }`;

const OBSERVATION_CHANGED = `subscription($after: String) { observationChanged(after: $after) {
  cursor kind subjectId childId centreId status } }`;
type Live = { kind: string; subjectId: string; childId: string; centreId: string };
const clients: ReturnType<typeof wsClient>[] = [];
function live(token: string) {
  const c = wsClient(api.url, token);
  clients.push(c);
  return c;
}

type SessionRow = { id: string; version: number; child: { firstName: string } };
const code = (r: GqlResult) => r.errors?.[0]?.extensions?.code;
const q = async (sql: string, params: unknown[] = []) => (await api.db.sql(sql, params)).rows;
const daysFromToday = (n: number) => addDaysToDateKey(londonDateKey(new Date()), n);

/** A session of the agreement at 21:00 London on a day, when the demo week books nothing, in the state given. */
async function session(
  agreementId: string,
  dateKey: string,
  room: string,
  state: Record<string, unknown> = {},
): Promise<string> {
  const startsAt = fromLondonDateKey(dateKey, '21:00');
  const [row] = await q(
    `insert into session (id, council_id, centre_id, room_id, supervisor_id, agreement_id, child_id, kind,
       starts_at, ends_at, turnover_minutes, status)
     select gen_random_uuid(), a.council_id, a.centre_id, $2, s.id, a.id, a.child_id, 'contact', $3, $4, 15, 'scheduled'
       from contact_agreement a, staff_user s where a.id = $1 and s.email = $5
     returning id`,
    [agreementId, room, startsAt, new Date(startsAt.getTime() + 3_600_000), DEMO.supervisor1],
  );
  const sets = Object.keys(state);
  if (sets.length) {
    await q(`update session set ${sets.map((k, i) => `${k} = $${i + 2}`).join(', ')} where id = $1`, [
      row.id,
      ...Object.values(state),
    ]);
  }
  return row.id as string;
}

function cancelled(informed: Date | null) {
  return {
    status: 'cancelled',
    cancelled_at: new Date(),
    cancellation_reason: 'child_ill',
    cancelled_by_id: null as string | null,
    family_informed_at: informed,
  };
}

beforeAll(async () => {
  api = await startTestApi();
  manager = await api.tokenFor(DEMO.manager);
  otherManager = await api.tokenFor(DEMO.otherManager);
  supervisor = await api.tokenFor(DEMO.supervisor1);
  socialWorker = await api.tokenFor(DEMO.socialWorker1);
  const [agreement] = await q(
    `select a.id, a.child_id, a.centre_id from contact_agreement a join child c on c.id = a.child_id
      where a.status = 'active' and c.first_name = 'Maisie'`,
  );
  maisie = agreement.child_id;
  centreId = agreement.centre_id;
  const rooms = await q(`select id from room where centre_id = $1 order by name`, [centreId]);
  const [me] = await q(`select id from staff_user where email = $1`, [DEMO.manager]);
  const byManager = (informed: Date | null) => ({ ...cancelled(informed), cancelled_by_id: me.id });
  ids.unrecorded = await session(agreement.id, daysFromToday(-2), rooms[0].id);
  ids.future = await session(agreement.id, daysFromToday(2), rooms[0].id);
  ids.arrived = await session(agreement.id, daysFromToday(-3), rooms[0].id, {
    status: 'parent_arrived',
    parent_arrived_at: fromLondonDateKey(daysFromToday(-3), '20:50'),
  });
  ids.notTold = await session(agreement.id, daysFromToday(3), rooms[1].id, byManager(null));
  ids.told = await session(agreement.id, daysFromToday(4), rooms[1].id, byManager(new Date()));
  ids.oldCancelled = await session(agreement.id, daysFromToday(-20), rooms[1].id, byManager(null));
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await api.close();
});

describe('sessions with no outcome recorded', () => {
  it('lists a session whose booked end passed with nothing recorded, with its supervisor and room', async () => {
    const r = await api.gql<{ unrecordedSessions: (SessionRow & { status: string; attendance: null })[] }>(
      manager,
      UNRECORDED,
      { c: centreId },
    );
    expect(r.errors).toBeUndefined();
    const list = r.data!.unrecordedSessions;
    expect(list.find((s) => s.id === ids.unrecorded)).toMatchObject({
      status: 'SCHEDULED',
      attendance: null,
      child: { firstName: 'Maisie' },
      supervisor: { name: 'Tom Okafor' },
    });
    const listed = list.map((s) => s.id);
    expect(listed).not.toContain(ids.future);
    expect(listed).not.toContain(ids.arrived);
    expect(listed).not.toContain(ids.oldCancelled);
  });

  it('costs the same number of statements however many sessions and children it lists', async () => {
    const list = () => api.gql(manager, UNRECORDED, { c: centreId });
    const before = await countStatements(api, list);
    const [amara] = await q(
      `select a.id from contact_agreement a join child c on c.id = a.child_id
        where a.status = 'active' and c.first_name = 'Amara'`,
    );
    const [room] = await q(`select id from room where centre_id = $1 order by name desc`, [centreId]);
    await session(amara.id, daysFromToday(-1), room.id);
    const after = await countStatements(api, list);
    expect(after.length).toBe(before.length);
  });
});

describe('cancellations the family was not told of', () => {
  it('lists an upcoming cancellation with no record of telling the family, and drops it once recorded', async () => {
    const list = async () => {
      const r = await api.gql<{ cancellationsNotTold: SessionRow[] }>(manager, NOT_TOLD, { c: centreId });
      expect(r.errors).toBeUndefined();
      return r.data!.cancellationsNotTold;
    };
    const first = await list();
    const entry = first.find((s) => s.id === ids.notTold);
    expect(entry).toMatchObject({
      child: { firstName: 'Maisie' },
      cancellation: { reason: 'CHILD_ILL', familyInformedAt: null },
    });
    expect(first.map((s) => s.id)).not.toContain(ids.told);
    expect(first.map((s) => s.id)).not.toContain(ids.oldCancelled);

    const told = await api.gql(manager, TOLD, {
      s: ids.notTold,
      v: entry!.version,
      at: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(told.errors).toBeUndefined();
    expect((await list()).map((s) => s.id)).not.toContain(ids.notTold);
  });
});

describe('amendments to final records', () => {
  let amendmentId: string;
  let sessionId: string;
  let received: Live;
  let otherReceived: number;

  beforeAll(async () => {
    const [final] = await q(
      `select o.id, o.session_id from observation o join session s on s.id = o.session_id
        where o.child_id = $1 and o.status = 'final' and s.centre_id = $2 order by s.ends_at desc limit 1`,
      [maisie, centreId],
    );
    sessionId = final.session_id;
    const [head] = await q(`select coalesce(max(id), 0)::text as id from event`);
    const r = await api.gql<{ amendObservation: { id: string } }>(manager, AMEND, { id: final.id });
    // The desk follows its centre's records live: replayed from just before the amendment, it reaches the manager,
    // and no other council's manager.
    const mine = collect<{ observationChanged: Live }>(live(manager), OBSERVATION_CHANGED, {
      after: head.id,
    });
    const theirs = collect<{ observationChanged: Live }>(live(otherManager), OBSERVATION_CHANGED, {
      after: head.id,
    });
    expect(r.errors).toBeUndefined();
    amendmentId = r.data!.amendObservation.id;
    received = (await mine.waitFor(1)).map((e) => e.observationChanged).find((e) => e.kind === 'amended')!;
    otherReceived = theirs.items.length;
    mine.stop();
    theirs.stop();
  });

  it('tells the centre’s manager live, and no other centre’s, writing what it gave to the access log', async () => {
    expect(received).toMatchObject({ kind: 'amended', subjectId: amendmentId, childId: maisie, centreId });
    expect(otherReceived).toBe(0);
    // The row is written just after the event goes out (access/live-reads.ts).
    const given = () =>
      q(
        `select 1 from access_log a join staff_user u on u.id = a.user_id
          where u.email = $1 and a.child_id = $2 and a.operation = 'subscription observationChanged'`,
        [DEMO.manager, maisie],
      );
    const deadline = Date.now() + 30_000;
    while ((await given()).length === 0 && Date.now() < deadline) await sleep(50);
    expect((await given()).length).toBeGreaterThan(0);
  });

  it('lists a recent amendment with who signed it, why, and the session of the record', async () => {
    const r = await api.gql<{
      centreAmendments: {
        amendment: { id: string; reason: string; createdAt: string; author: { name: string } };
        session: { id: string; child: { firstName: string } };
      }[];
    }>(manager, AMENDMENTS, { c: centreId });
    expect(r.errors).toBeUndefined();
    const list = r.data!.centreAmendments;
    expect(list.find((a) => a.amendment.id === amendmentId)).toMatchObject({
      amendment: { reason: 'Correction of fact', author: { name: 'Priya Shah' } },
      session: { id: sessionId, child: { firstName: 'Maisie' } },
    });
    const times = list.map((a) => Date.parse(a.amendment.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('reads only from the moment given, and refuses a start more than a year back', async () => {
    const later = new Date(Date.now() + 60_000).toISOString();
    const r = await api.gql<{ centreAmendments: unknown[] }>(manager, AMENDMENTS, {
      c: centreId,
      since: later,
    });
    expect(r.errors).toBeUndefined();
    expect(r.data!.centreAmendments).toEqual([]);
    const tooOld = new Date(Date.now() - 400 * 86_400_000).toISOString();
    expect(code(await api.gql(manager, AMENDMENTS, { c: centreId, since: tooOld }))).toBe('BAD_USER_INPUT');
  });
});

describe('need-to-know', () => {
  it('answers NOT_FOUND for a centre not the manager’s own, and nothing of ours on their own centre', async () => {
    for (const doc of [UNRECORDED, NOT_TOLD, AMENDMENTS]) {
      expect(code(await api.gql(otherManager, doc, { c: centreId }))).toBe('NOT_FOUND');
    }
    const [own] = await q(
      `select c.id from centre c join staff_user u on u.centre_id = c.id where u.email = $1`,
      [DEMO.otherManager],
    );
    const theirs = await api.gql<{ unrecordedSessions: { id: string }[] }>(otherManager, UNRECORDED, {
      c: own.id,
    });
    expect(theirs.errors).toBeUndefined();
    expect(theirs.data!.unrecordedSessions.map((s) => s.id)).not.toContain(ids.unrecorded);
    const amended = await api.gql<{ centreAmendments: unknown[] }>(otherManager, AMENDMENTS, { c: own.id });
    expect(amended.data!.centreAmendments).toEqual([]);
  });

  it('is for managers only', async () => {
    const refused = collect(live(supervisor), OBSERVATION_CHANGED);
    await expect(refused.waitFor(1)).rejects.toThrow(/FORBIDDEN/);
    for (const token of [supervisor, socialWorker]) {
      for (const doc of [UNRECORDED, NOT_TOLD, AMENDMENTS]) {
        expect(code(await api.gql(token, doc, { c: centreId }))).toBe('FORBIDDEN');
      }
    }
  });

  it('writes each read of a child’s sessions and records to the access log', async () => {
    const logged = async (operation: string) =>
      (
        await q(
          `select a.fields, a.reason from access_log a join staff_user u on u.id = a.user_id
            where u.email = $1 and a.child_id = $2 and a.operation = $3 order by a.id desc limit 1`,
          [DEMO.manager, maisie, operation],
        )
      )[0];
    await api.gql(manager, UNRECORDED, { c: centreId });
    await api.gql(manager, AMENDMENTS, { c: centreId });
    expect((await logged('query unrecordedSessions'))?.fields).toContain('attendance');
    expect((await logged('query centreAmendments'))?.fields).toContain('observations');
  });
});
