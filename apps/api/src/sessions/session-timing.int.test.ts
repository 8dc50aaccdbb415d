import { addDaysToDateKey, fromLondonDateKey, londonDateKey } from '@kinroom/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type TestApi } from '../../test/api.js';
import { fingerprint } from '../../test/hardening/fingerprint.js';

/**
 * A session's steps happen around its booked time: arrivals and the start from an hour before it, its outcome only
 * once it has come. Noah's family (Hannah Price supervises) has two unexplained absences in a row, so an "attended"
 * session recorded early would wipe out a run the three-strikes rule counts.
 */

const HANNAH = 'hannah.price@coxford.example';
const STEP = `mutation($input: RecordSessionStepInput!) {
  recordSessionStep(input: $input) { id status version attendance { outcome } } }`;
const BOOK = `mutation($input: BookSessionInput!) { bookSession(input: $input) { id version startsAt } }`;

let api: TestApi;
let manager: string;
let hannah: string;
let ids: {
  agreement: string;
  hazel: string;
  cedar: string;
  hannah: string;
  council: string;
  centre: string;
  child: string;
};

const q = async (text: string, params?: unknown[]) => (await api.db.sql(text, params)).rows;
const snapshot = () => fingerprint((text, params) => api.db.sql(text, params), ['access_log']);
type Step = {
  recordSessionStep: { status: string; version: number; attendance: { outcome: string } | null };
};

async function step(sessionId: string, s: string, at?: Date) {
  const version = (await q(`select version from session where id = $1`, [sessionId]))[0].version;
  return api.gql<Step>(hannah, STEP, {
    input: { sessionId, expectedVersion: version, step: s, ...(at ? { at: at.toISOString() } : {}) },
  });
}

/** A session of Noah's in Cedar (free until Kai's session) `minutes` from now, written as an earlier booking would be. */
async function sessionIn(minutes: number): Promise<string> {
  const startsAt = new Date(Date.now() + minutes * 60_000);
  const r = await q(
    `insert into session (id, council_id, centre_id, room_id, supervisor_id, agreement_id, child_id, kind, starts_at,
       ends_at, turnover_minutes)
     values (gen_random_uuid(), $1, $2, $3, $4, $5, $6, 'contact', $7, $7::timestamptz + interval '1 hour', 15)
     returning id`,
    [ids.council, ids.centre, ids.cedar, ids.hannah, ids.agreement, ids.child, startsAt],
  );
  return r[0].id as string;
}

beforeAll(async () => {
  api = await startTestApi();
  manager = await api.tokenFor(DEMO.manager);
  hannah = await api.tokenFor(HANNAH);
  const noah = (
    await q(
      `select a.id, a.council_id, a.centre_id, a.child_id from contact_agreement a join child c on c.id = a.child_id
        where c.first_name = 'Noah'`,
    )
  )[0];
  ids = {
    agreement: noah.id,
    council: noah.council_id,
    centre: noah.centre_id,
    child: noah.child_id,
    hazel: (await q(`select id from room where name = 'Hazel'`))[0].id,
    cedar: (await q(`select id from room where name = 'Cedar'`))[0].id,
    hannah: (await q(`select id from staff_user where email = $1`, [HANNAH]))[0].id,
  };
});
afterAll(() => api.close());

describe('a session booked six days ahead', () => {
  let id: string;

  beforeAll(async () => {
    const day = addDaysToDateKey(londonDateKey(new Date()), 6);
    const startsAt = fromLondonDateKey(day, '16:30');
    const r = await api.gql<{ bookSession: { id: string } }>(manager, BOOK, {
      input: {
        agreementId: ids.agreement,
        roomId: ids.hazel,
        supervisorId: ids.hannah,
        kind: 'CONTACT',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 60 * 60_000).toISOString(),
      },
    });
    expect(r.errors).toBeUndefined();
    id = r.data!.bookSession.id;
  });

  it('refuses a check-in and a no-show today, and changes nothing', async () => {
    const before = await snapshot();
    const arrival = await step(id, 'RECORD_PARENT_ARRIVAL');
    expect(arrival.errors?.[0]?.extensions?.code).toBe('SESSION_NOT_YET');
    expect(arrival.errors?.[0]?.message).toMatch(/60 minutes before the booked start/);
    const opensAt = new Date(String(arrival.errors?.[0]?.extensions?.opensAt));
    const startsAt = new Date((await q(`select starts_at from session where id = $1`, [id]))[0].starts_at);
    expect(startsAt.getTime() - opensAt.getTime()).toBe(60 * 60_000);
    const noShow = await step(id, 'RECORD_NO_SHOW');
    expect(noShow.errors?.[0]?.extensions?.code).toBe('SESSION_NOT_YET');
    expect(noShow.errors?.[0]?.message).toMatch(/outcome cannot be recorded/);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses to start or end it, even when its arrivals were recorded early, and records no attendance', async () => {
    // As if the family had been checked in early before this rule: the start and the end are still refused.
    await api.db.sql(
      `update session set status = 'child_arrived', parent_arrived_at = now(), child_arrived_at = now() where id = $1`,
      [id],
    );
    const before = await snapshot();
    expect((await step(id, 'START')).errors?.[0]?.extensions?.code).toBe('SESSION_NOT_YET');
    await api.db.sql(`update session set status = 'in_progress', started_at = now() where id = $1`, [id]);
    const inProgress = await snapshot();
    expect(inProgress).not.toEqual(before);
    const end = await step(id, 'END');
    expect(end.errors?.[0]?.extensions?.code).toBe('SESSION_NOT_YET');
    expect(await snapshot()).toEqual(inProgress);
    expect(await q(`select * from attendance where session_id = $1`, [id])).toEqual([]);
    expect((await q(`select status from contact_agreement where id = $1`, [ids.agreement]))[0].status).toBe(
      'active',
    );
  });
});

describe('a session starting in 30 minutes', () => {
  let id: string;

  beforeAll(async () => {
    id = await sessionIn(30);
  });

  it('records no outcome before its start', async () => {
    const noShow = await step(id, 'RECORD_NO_SHOW');
    expect(noShow.errors?.[0]?.extensions?.code).toBe('SESSION_NOT_YET');
  });

  it('refuses an arrival dated before its steps open', async () => {
    const early = await step(id, 'RECORD_PARENT_ARRIVAL', new Date(Date.now() - 2 * 3600_000));
    expect(early.errors?.[0]?.extensions?.code).toBe('SESSION_NOT_YET');
  });

  it('checks the family in, and starts contact once the child is there', async () => {
    const parent = await step(id, 'RECORD_PARENT_ARRIVAL');
    expect(parent.errors).toBeUndefined();
    expect(parent.data?.recordSessionStep.status).toBe('PARENT_ARRIVED');
    expect((await step(id, 'RECORD_CHILD_ARRIVAL')).data?.recordSessionStep.status).toBe('CHILD_ARRIVED');
    expect((await step(id, 'START')).data?.recordSessionStep.status).toBe('IN_PROGRESS');
  });

  it('ends, recording attendance, only once the booked start has come', async () => {
    const before = await snapshot();
    const early = await step(id, 'END');
    expect(early.errors?.[0]?.extensions?.code).toBe('SESSION_NOT_YET');
    expect(await snapshot()).toEqual(before);
    // Time passes: the booked start is now behind us (the family came on time).
    await api.db.sql(
      `update session set starts_at = parent_arrived_at, ends_at = parent_arrived_at + interval '1 hour' where id = $1`,
      [id],
    );
    const ended = await step(id, 'END');
    expect(ended.errors).toBeUndefined();
    expect(ended.data?.recordSessionStep).toMatchObject({
      status: 'ENDED',
      attendance: { outcome: 'ATTENDED' },
    });
  });
});
