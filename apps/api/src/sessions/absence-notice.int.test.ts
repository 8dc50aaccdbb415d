import { addDaysToDateKey, fromLondonDateKey, londonDateKey } from '@kinroom/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type GqlResult, type TestApi } from '../../test/api.js';

/**
 * docs/domain.md rule 7 over real HTTP: a notice explains an absence only when it is received and recorded before the
 * start, the server's clock deciding "recorded"; a late one is kept and read back, and only a reasoned correction by
 * the centre's manager changes the outcome, which the three-strikes rule (rule 8) then follows.
 */

const HOUR = 3_600_000;
let now = new Date();
let api: TestApi;
const token: Record<'manager' | 'supervisor' | 'socialWorker' | 'otherManager', string> = {} as never;
let sessions: { id: string; version: number; startsAt: Date }[] = [];
let agreementId: string;
let childId: string;

const BOOK = `mutation($input: BookSessionInput!) { bookSession(input: $input) { id version startsAt } }`;
const NOTICE = `mutation($input: RecordAbsenceNoticeInput!) {
  recordAbsenceNotice(input: $input) {
    id receivedAt recordedAt explainsAbsence beforeStart givenBy reason recordedBy { name role }
  }
}`;
const STEP = `mutation($input: RecordSessionStepInput!) {
  recordSessionStep(input: $input) { id status attendance { outcome } }
}`;
const CORRECT = `mutation($input: CorrectAttendanceInput!) {
  correctAttendance(input: $input) {
    id attendance { outcome }
    attendanceCorrections { fromOutcome toOutcome reason correctedAt correctedBy { name role } }
  }
}`;
const READ = `query($id: ID!) {
  session(id: $id) {
    id attendance { outcome }
    absenceNotices { receivedAt recordedAt explainsAbsence givenBy reason recordedBy { name } }
    attendanceCorrections { fromOutcome toOutcome reason correctedAt correctedBy { name } }
  }
}`;

type Notice = {
  receivedAt: string;
  recordedAt: string;
  explainsAbsence: boolean;
  beforeStart?: boolean;
  givenBy: string;
  reason: string;
  recordedBy: { name: string; role?: string };
};
type Correction = {
  fromOutcome: string;
  toOutcome: string;
  reason: string;
  correctedAt: string;
  correctedBy: { name: string; role?: string };
};
type SessionRead = {
  id: string;
  attendance: { outcome: string } | null;
  absenceNotices: Notice[];
  attendanceCorrections: Correction[];
};

const code = (r: GqlResult) => r.errors?.[0]?.extensions?.code;
const at = (s: { startsAt: Date }, hours: number) => new Date(s.startsAt.getTime() + hours * HOUR);

function session(i: number) {
  const s = sessions[i];
  if (!s) throw new Error(`no session ${i}`);
  return s;
}

async function read(id: string, who = token.manager): Promise<SessionRead> {
  const r = await api.gql<{ session: SessionRead }>(who, READ, { id });
  expect(r.errors).toBeUndefined();
  return r.data!.session;
}

async function notice(i: number, receivedAt: Date, who = token.supervisor) {
  return api.gql<{ recordAbsenceNotice: Notice }>(who, NOTICE, {
    input: {
      sessionId: session(i).id,
      receivedAt: receivedAt.toISOString(),
      givenBy: 'Jade Carter (mother)',
      reason: 'Bus strike',
    },
  });
}

async function noShow(i: number) {
  const r = await api.gql<{ recordSessionStep: { status: string; attendance: { outcome: string } } }>(
    token.supervisor,
    STEP,
    { input: { sessionId: session(i).id, expectedVersion: session(i).version, step: 'RECORD_NO_SHOW' } },
  );
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data!.recordSessionStep;
}

async function agreementStatus(): Promise<string> {
  return (await api.db.sql(`select status from contact_agreement where id = $1`, [agreementId])).rows[0]
    .status;
}

beforeAll(async () => {
  api = await startTestApi({ clock: () => now });
  // Tokens are signed while the clock is still the real one.
  token.manager = await api.tokenFor(DEMO.manager);
  token.supervisor = await api.tokenFor(DEMO.supervisor1);
  token.socialWorker = await api.tokenFor(DEMO.socialWorker1);
  token.otherManager = await api.tokenFor(DEMO.otherManager);
  const q = async (sql: string) => (await api.db.sql(sql)).rows;
  const [maisie] = await q(
    `select a.id, a.child_id from contact_agreement a join child c on c.id = a.child_id
      where c.first_name = 'Maisie' and a.status = 'active'`,
  );
  agreementId = maisie.id;
  childId = maisie.child_id;
  const [room] = await q(`select r.id from room r join centre c on c.id = r.centre_id
     where c.name like 'Coxford Road%' and r.name = 'Birch'`);
  const [sup] = await q(`select id from staff_user where email = '${DEMO.supervisor1}'`);
  // Weekday evenings a week apart, after school, in London time.
  for (const days of [7, 14, 21, 28]) {
    let key = addDaysToDateKey(londonDateKey(now), days);
    while ([0, 6].includes(new Date(`${key}T12:00:00Z`).getUTCDay())) key = addDaysToDateKey(key, 1);
    const startsAt = fromLondonDateKey(key, '16:30');
    const r = await api.gql<{ bookSession: { id: string; version: number } }>(token.manager, BOOK, {
      input: {
        agreementId,
        roomId: room.id,
        supervisorId: sup.id,
        kind: 'CONTACT',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + HOUR).toISOString(),
      },
    });
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    sessions.push({ ...r.data!.bookSession, startsAt });
  }
  sessions = sessions.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
});
afterAll(() => api.close());

describe('absence notices (rule 7)', () => {
  it('explains the absence when received and recorded before the start, and reads back both times and who took it', async () => {
    const s = session(0);
    now = at(s, -24);
    const receivedAt = at(s, -24.5);
    const r = await notice(0, receivedAt);
    expect(r.errors).toBeUndefined();
    expect(r.data!.recordAbsenceNotice).toMatchObject({
      receivedAt: receivedAt.toISOString(),
      recordedAt: now.toISOString(),
      explainsAbsence: true,
      beforeStart: true,
      recordedBy: { name: 'Tom Okafor', role: 'SUPERVISOR' },
    });

    now = at(s, 0.5);
    expect((await noShow(0)).attendance.outcome).toBe('EXPLAINED_ABSENCE');
    const back = await read(s.id);
    expect(back.absenceNotices).toEqual([
      {
        receivedAt: receivedAt.toISOString(),
        recordedAt: at(s, -24).toISOString(),
        explainsAbsence: true,
        givenBy: 'Jade Carter (mother)',
        reason: 'Bus strike',
        recordedBy: { name: 'Tom Okafor' },
      },
    ]);
    // The child's social worker reads it in the history, as on the session.
    const history = await api.gql<{
      childHistory: { edges: { node: { session: SessionRead } }[] };
    }>(
      token.socialWorker,
      `query($c: ID!) { childHistory(childId: $c, first: 50) { edges { node { session {
        id attendance { outcome } absenceNotices { receivedAt recordedAt explainsAbsence givenBy reason recordedBy { name } }
        attendanceCorrections { fromOutcome toOutcome reason correctedAt correctedBy { name } } } } } } }`,
      { c: childId },
    );
    expect(history.errors).toBeUndefined();
    const entry = history.data!.childHistory.edges.find((e) => e.node.session.id === s.id);
    expect(entry?.node.session).toEqual(back);
  });

  it('refuses a notice received in the future', async () => {
    now = at(session(1), -48);
    const r = await notice(1, new Date(now.getTime() + 60_000));
    expect(code(r)).toBe('BAD_USER_INPUT');
    expect((await read(session(1).id)).absenceNotices).toEqual([]);
  });

  it('does not let a notice recorded after the start be backdated into an explained absence', async () => {
    const s = session(1);
    now = at(s, 0.3);
    const claimed = at(s, -2);
    const r = await notice(1, claimed, token.manager);
    expect(r.errors).toBeUndefined();
    expect(r.data!.recordAbsenceNotice).toMatchObject({
      receivedAt: claimed.toISOString(),
      recordedAt: now.toISOString(),
      explainsAbsence: false,
      recordedBy: { name: 'Priya Shah', role: 'CENTRE_MANAGER' },
    });
    now = at(s, 0.5);
    expect((await noShow(1)).attendance.outcome).toBe('UNEXPLAINED_NO_SHOW');
    const back = await read(s.id);
    expect(back.absenceNotices).toMatchObject([
      { receivedAt: claimed.toISOString(), recordedAt: at(s, 0.3).toISOString(), explainsAbsence: false },
    ]);
  });

  it('keeps a notice taken after a no-show was recorded as a late notice, which changes nothing', async () => {
    const s = session(2);
    now = at(s, 0.5);
    expect((await noShow(2)).attendance.outcome).toBe('UNEXPLAINED_NO_SHOW');
    now = at(s, 3);
    const r = await notice(2, at(s, -1));
    expect(r.errors).toBeUndefined();
    expect(r.data!.recordAbsenceNotice.explainsAbsence).toBe(false);
    const back = await read(s.id);
    expect(back.attendance?.outcome).toBe('UNEXPLAINED_NO_SHOW');
    expect(back.absenceNotices).toHaveLength(1);
    expect(await agreementStatus()).toBe('active');
  });
});

describe('correcting an absence (rules 7 and 8)', () => {
  it('refuses a supervisor, another council’s manager, a missing reason and an outcome that is not an absence, changing nothing', async () => {
    const s = session(1);
    now = at(s, 26);
    const input = { sessionId: s.id, outcome: 'EXPLAINED_ABSENCE', reason: 'Rang at 2pm; logged late' };
    const before = await read(s.id);
    expect(code(await api.gql(token.supervisor, CORRECT, { input }))).toBe('FORBIDDEN');
    expect(code(await api.gql(token.otherManager, CORRECT, { input }))).toBe('NOT_FOUND');
    expect(code(await api.gql(token.manager, CORRECT, { input: { ...input, reason: '  ' } }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(code(await api.gql(token.manager, CORRECT, { input: { ...input, outcome: 'ATTENDED' } }))).toBe(
      'ATTENDANCE_NOT_CORRECTABLE',
    );
    expect(
      code(await api.gql(token.manager, CORRECT, { input: { ...input, outcome: 'UNEXPLAINED_NO_SHOW' } })),
    ).toBe('ATTENDANCE_NOT_CORRECTABLE');
    expect(
      code(await api.gql(token.manager, CORRECT, { input: { ...input, sessionId: session(3).id } })),
    ).toBe('ATTENDANCE_NOT_CORRECTABLE');
    expect(await read(s.id)).toEqual(before);
  });

  it('lets the centre’s manager correct a late notice’s no-show with a reason, and keeps the correction', async () => {
    const s = session(1);
    now = at(s, 27);
    const reason = 'Jade rang at 14:30; the call was logged after the start';
    const r = await api.gql<{ correctAttendance: SessionRead }>(token.manager, CORRECT, {
      input: { sessionId: s.id, outcome: 'EXPLAINED_ABSENCE', reason },
    });
    expect(r.errors).toBeUndefined();
    expect(r.data!.correctAttendance).toMatchObject({
      attendance: { outcome: 'EXPLAINED_ABSENCE' },
      attendanceCorrections: [
        {
          fromOutcome: 'UNEXPLAINED_NO_SHOW',
          toOutcome: 'EXPLAINED_ABSENCE',
          reason,
          correctedAt: now.toISOString(),
          correctedBy: { name: 'Priya Shah', role: 'CENTRE_MANAGER' },
        },
      ],
    });
    // The late notice stays what it was: it is the correction, not the notice, that explains the absence.
    const back = await read(s.id, token.socialWorker);
    expect(back.absenceNotices[0]?.explainsAbsence).toBe(false);
    expect(back.attendanceCorrections).toHaveLength(1);
    await expect(
      api.db.sql(`update attendance_correction set reason = 'rewritten' where session_id = $1`, [s.id]),
    ).rejects.toThrow(/append-only/);
    await expect(
      api.db.sql(
        `update absence_notice set received_at = received_at - interval '1 day' where session_id = $1`,
        [s.id],
      ),
    ).rejects.toThrow(/append-only/);
  });

  it('counts backdated notices as strikes, and a correction back to unexplained can be the third strike', async () => {
    const s = session(3);
    now = at(s, 0.25);
    expect((await notice(3, at(s, -3))).data?.recordAbsenceNotice.explainsAbsence).toBe(false);
    now = at(s, 0.5);
    expect((await noShow(3)).attendance.outcome).toBe('UNEXPLAINED_NO_SHOW');
    // Sessions: explained (in time), explained (by correction), no-show, no-show: two strikes.
    expect(await agreementStatus()).toBe('active');

    now = at(s, 30);
    const r = await api.gql<{ correctAttendance: SessionRead }>(token.manager, CORRECT, {
      input: {
        sessionId: session(1).id,
        outcome: 'UNEXPLAINED_NO_SHOW',
        reason: 'The phone log shows no call before the session',
      },
    });
    expect(r.errors).toBeUndefined();
    expect(r.data!.correctAttendance.attendanceCorrections.map((c) => c.toOutcome)).toEqual([
      'EXPLAINED_ABSENCE',
      'UNEXPLAINED_NO_SHOW',
    ]);
    expect(await agreementStatus()).toBe('suspended');
    const missed = (
      await api.db.sql(`select missed_session_ids from suspension_notice where agreement_id = $1`, [
        agreementId,
      ])
    ).rows[0].missed_session_ids;
    expect(missed).toEqual([session(1).id, session(2).id, session(3).id]);
  });
});
