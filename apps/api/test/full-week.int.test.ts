import { addDaysToDateKey, fromLondonDateKey, londonDateKey, weekdayOfDateKey } from '@kinroom/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type TestApi } from './api.js';

/**
 * One family's week through the API, in order, on a clock the test moves: an agreement is signed, sessions are
 * booked, the family comes and contact is observed, reviewed, finalised and amended; a flag is raised, acknowledged
 * and resolved; then three unexplained absences suspend contact with its notice, and only a new agreement, written after
 * the social worker has met the parent, restarts it.
 */

let api: TestApi;
let now = new Date();
const at = (d: Date) => (now = d);

const SW = 'megan.hughes@coxford.example'; // Poppy Adeyemi's social worker
const SUPERVISOR = 'sam.patel@coxford.example'; // Poppy's usual supervisor
let tokens: Record<'sw' | 'sup' | 'manager' | 'reviewer' | 'integrator', string>;
let ids: { child: string; parent: string; centre: string; room: string; supervisor: string };
const week: string[] = []; // the London dates of Monday to Friday

async function ok<T>(token: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const r = await api.gql<T>(token, query, variables);
  if (r.errors) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(r.errors)}`);
  return r.data as T;
}
async function refused(token: string, query: string, variables?: Record<string, unknown>): Promise<string> {
  const r = await api.gql(token, query, variables);
  return String(r.errors?.[0]?.extensions?.code ?? 'ALLOWED');
}
const london = (day: string, clock: string) => fromLondonDateKey(day, clock);

const CREATE = `mutation($input: CreateAgreementInput!) { createAgreement(input: $input) { id status version supersedesId } }`;
const SIGN = `mutation($id: ID!, $v: Int!) { signAgreement(id: $id, signedBy: "Tolu Adeyemi", expectedVersion: $v) { id status version } }`;
const MEET = `mutation($input: RecordSuspensionMeetingInput!) { recordSuspensionMeeting(input: $input) { id status } }`;
const BOOK = `mutation($input: BookSessionInput!) { bookSession(input: $input) { id version status } }`;
const STEP = `mutation($input: RecordSessionStepInput!) { recordSessionStep(input: $input) { id version status attendance { outcome } } }`;

function agreementInput() {
  return {
    childId: ids.child,
    centreId: ids.centre,
    participantIds: [ids.parent],
    riskFactors: ['INADEQUATE_PARENTING'],
    sessionsPerWeek: 5,
    sessionMinutes: 60,
    transportPlan: 'The social worker books Poppy’s taxi from and to her carer; Tolu comes by bus.',
    travelSupport: 'Bus fare refunded',
    conditions: ['Arrive 15 minutes early', 'Tell the centre before the session if you cannot come'],
    reviewDate: addDaysToDateKey(week[0]!, 60),
  };
}

async function book(day: string) {
  return (
    await ok<{ bookSession: { id: string; version: number } }>(tokens.manager, BOOK, {
      input: {
        agreementId: currentAgreement,
        roomId: ids.room,
        supervisorId: ids.supervisor,
        kind: 'CONTACT',
        startsAt: london(day, '19:30').toISOString(),
        endsAt: london(day, '20:30').toISOString(),
      },
    })
  ).bookSession;
}

async function step(session: { id: string; version: number }, s: string, when: Date) {
  at(when);
  const r = await ok<{
    recordSessionStep: { version: number; status: string; attendance: { outcome: string } | null };
  }>(tokens.sup, STEP, { input: { sessionId: session.id, expectedVersion: session.version, step: s } });
  session.version = r.recordSessionStep.version;
  return r.recordSessionStep;
}

let currentAgreement = '';

beforeAll(async () => {
  api = await startTestApi({ clock: () => now });
  // Next week's Monday to Friday, well after the demo week's own bookings.
  let d = addDaysToDateKey(londonDateKey(new Date()), 8);
  while (weekdayOfDateKey(d) !== 1) d = addDaysToDateKey(d, 1);
  for (let i = 0; i < 5; i++) week.push(addDaysToDateKey(d, i));
  at(london(week[0]!, '08:00'));
  tokens = {
    sw: await api.tokenFor(SW),
    sup: await api.tokenFor(SUPERVISOR),
    manager: await api.tokenFor(DEMO.manager),
    reviewer: await api.tokenFor(DEMO.supervisor2),
    integrator: await api.tokenFor(DEMO.integrator),
  };
  const one = async (sql: string, p: unknown[] = []) => (await api.db.sql(sql, p)).rows[0];
  const child = await one(`select id from child where first_name = 'Poppy'`);
  const parent = await one(`select family_member_id as id from child_family_member where child_id = $1`, [
    child.id,
  ]);
  const centre = await one(`select id from centre where name like 'Coxford Road%'`);
  const room = await one(`select id from room where centre_id = $1 and name = 'Cedar'`, [centre.id]);
  const sup = await one(`select id from staff_user where email = $1`, [SUPERVISOR]);
  ids = { child: child.id, parent: parent.id, centre: centre.id, room: room.id, supervisor: sup.id };
});
afterAll(() => api.close());

describe('a family’s week', () => {
  const sessions: { id: string; version: number }[] = [];
  let observation = { id: '', version: 0 };

  it('starts with a signed agreement, which only the social worker may make', async () => {
    expect(await refused(tokens.manager, CREATE, { input: agreementInput() })).toBe('FORBIDDEN');
    const created = (
      await ok<{ createAgreement: { id: string; version: number; supersedesId: string | null } }>(
        tokens.sw,
        CREATE,
        { input: agreementInput() },
      )
    ).createAgreement;
    expect(created.supersedesId).not.toBeNull(); // it replaces Poppy's current agreement once signed
    const signed = (
      await ok<{ signAgreement: { status: string } }>(tokens.sw, SIGN, { id: created.id, v: created.version })
    ).signAgreement;
    expect(signed.status).toBe('ACTIVE');
    currentAgreement = created.id;
  });

  it('books the week’s sessions (the manager only)', async () => {
    expect(
      await refused(tokens.sup, BOOK, {
        input: {
          agreementId: currentAgreement,
          roomId: ids.room,
          supervisorId: ids.supervisor,
          kind: 'CONTACT',
          startsAt: london(week[0]!, '19:30').toISOString(),
          endsAt: london(week[0]!, '20:30').toISOString(),
        },
      }),
    ).toBe('FORBIDDEN');
    for (const day of week) sessions.push(await book(day));
    expect(sessions).toHaveLength(5);
  });

  it('runs Monday’s session: staggered arrivals, contact, attendance recorded', async () => {
    const s = sessions[0]!;
    expect(
      await refused(tokens.sw, STEP, {
        input: { sessionId: s.id, expectedVersion: s.version, step: 'RECORD_PARENT_ARRIVAL' },
      }),
    ).toBe('FORBIDDEN');
    await step(s, 'RECORD_PARENT_ARRIVAL', london(week[0]!, '19:12'));
    await step(s, 'RECORD_CHILD_ARRIVAL', london(week[0]!, '19:29'));
    await step(s, 'START', london(week[0]!, '19:30'));
    const end = await step(s, 'END', london(week[0]!, '20:30'));
    expect(end).toMatchObject({ status: 'ENDED', attendance: { outcome: 'ATTENDED' } });
  });

  it('raises a flag during contact that the social worker acknowledges and resolves', async () => {
    at(london(week[0]!, '20:05'));
    const raised = (
      await ok<{ raiseFlag: { id: string; status: string } }>(
        tokens.sup,
        `mutation($input: RaiseFlagInput!) { raiseFlag(input: $input) { id status } }`,
        {
          input: {
            childId: ids.child,
            sessionId: sessions[0]!.id,
            category: 'DISCLOSURE',
            severity: 'HIGH',
            description: 'Poppy said her brother hit her at the weekend.',
          },
        },
      )
    ).raiseFlag;
    expect(raised.status).toBe('OPEN');
    at(london(week[0]!, '20:20'));
    const acked = (
      await ok<{
        acknowledgeFlag: {
          status: string;
          version: number;
          acknowledgements: { user: { name: string }; acknowledgedAt: string }[];
        };
      }>(
        tokens.sw,
        `mutation($id: ID!) { acknowledgeFlag(id: $id, note: "Calling the carer tonight") { status version acknowledgements { user { name } acknowledgedAt } } }`,
        { id: raised.id },
      )
    ).acknowledgeFlag;
    expect(acked.status).toBe('ACKNOWLEDGED');
    expect(acked.acknowledgements).toEqual([
      { user: { name: 'Megan Hughes' }, acknowledgedAt: london(week[0]!, '20:20').toISOString() },
    ]);
    const resolveWithout = await api.gql(
      tokens.sw,
      `mutation($id: ID!, $v: Int!) { resolveFlag(id: $id, outcome: " ", expectedVersion: $v) { status } }`,
      { id: raised.id, v: acked.version },
    );
    expect(resolveWithout.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    at(london(week[1]!, '10:00'));
    const resolved = await ok<{ resolveFlag: { status: string; outcome: string } }>(
      tokens.sw,
      `mutation($id: ID!, $v: Int!) { resolveFlag(id: $id, outcome: "Strategy discussion held; carer informed; no further action at contact.", expectedVersion: $v) { status outcome } }`,
      { id: raised.id, v: acked.version },
    );
    expect(resolved.resolveFlag.status).toBe('RESOLVED');
  });

  it('records Monday’s observations, reviewed by someone else, finalised, then amended', async () => {
    at(london(week[0]!, '21:00'));
    const started = (
      await ok<{ startObservation: { id: string; version: number; status: string } }>(
        tokens.sup,
        `mutation($s: ID!) { startObservation(sessionId: $s) { id version status } }`,
        { s: sessions[0]!.id },
      )
    ).startObservation;
    observation = { id: started.id, version: started.version };
    const keys = [
      'ARRIVAL_AND_GREETINGS',
      'ACTIVITIES',
      'INTERACTIONS',
      'BEHAVIOURS',
      'ATTITUDES',
      'CHILD_RESPONSE',
      'INTERVENTIONS_AND_GUIDANCE',
      'SUGGESTIONS',
    ];
    const saved = await ok<{ saveObservationDraft: { version: number } }>(
      tokens.sup,
      `mutation($id: ID!, $v: Int!, $s: [ObservationSectionInput!]!) { saveObservationDraft(id: $id, expectedVersion: $v, sections: $s) { version } }`,
      {
        id: observation.id,
        v: observation.version,
        s: keys.map((key) => ({
          key,
          facts: `Facts for ${key.toLowerCase()}.`,
          opinion: key === 'INTERACTIONS' ? 'In my view warm and attuned.' : '',
        })),
      },
    );
    observation.version = saved.saveObservationDraft.version;
    const submitted = await ok<{ submitObservation: { version: number; status: string } }>(
      tokens.sup,
      `mutation($id: ID!, $v: Int!) { submitObservation(id: $id, expectedVersion: $v) { version status } }`,
      { id: observation.id, v: observation.version },
    );
    expect(submitted.submitObservation.status).toBe('SUBMITTED');
    observation.version = submitted.submitObservation.version;
    expect(
      await refused(
        tokens.sup,
        `mutation($id: ID!, $v: Int!) { approveObservation(id: $id, expectedVersion: $v) { status } }`,
        { id: observation.id, v: observation.version },
      ),
    ).toBe('FORBIDDEN');
    at(london(week[1]!, '09:30'));
    const approved = await ok<{ approveObservation: { version: number; status: string } }>(
      tokens.reviewer,
      `mutation($id: ID!, $v: Int!) { approveObservation(id: $id, expectedVersion: $v) { version status } }`,
      { id: observation.id, v: observation.version },
    );
    expect(approved.approveObservation.status).toBe('APPROVED');
    const final = await ok<{ finaliseObservation: { status: string; contentHash: string; version: number } }>(
      tokens.reviewer,
      `mutation($id: ID!, $v: Int!) { finaliseObservation(id: $id, expectedVersion: $v) { status contentHash version } }`,
      { id: observation.id, v: approved.approveObservation.version },
    );
    expect(final.finaliseObservation.status).toBe('FINAL');
    expect(final.finaliseObservation.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const edit = await api.gql(
      tokens.sup,
      `mutation($id: ID!, $v: Int!) { saveObservationDraft(id: $id, expectedVersion: $v, sections: []) { version } }`,
      { id: observation.id, v: final.finaliseObservation.version },
    );
    expect(edit.errors?.[0]?.extensions?.code).toBe('OBSERVATION_FINAL');
    at(london(week[1]!, '11:00'));
    const amended = await ok<{
      amendObservation: { text: string; createdAt: string; author: { name: string } };
    }>(
      tokens.sup,
      `mutation($id: ID!) { amendObservation(id: $id, reason: "Correction of fact", text: "Tolu's sister joined for the last ten minutes.") { text createdAt author { name } } }`,
      { id: observation.id },
    );
    expect(amended.amendObservation).toMatchObject({
      author: { name: 'Sam Patel' },
      createdAt: london(week[1]!, '11:00').toISOString(),
    });
  });

  it('suspends contact with a written notice after three unexplained absences, and cancels what was still booked', async () => {
    for (const i of [1, 2, 3]) {
      const day = week[i]!;
      const r = await step(sessions[i]!, 'RECORD_NO_SHOW', london(day, '19:50'));
      expect(r.attendance?.outcome).toBe('UNEXPLAINED_NO_SHOW');
    }
    const a = await ok<{
      agreement: {
        status: string;
        suspensionNotice: {
          decision: string;
          reasons: string[];
          parentActions: string[];
          duration: string;
          missedSessions: unknown[];
        } | null;
      };
    }>(
      tokens.sw,
      `query($id: ID!) { agreement(id: $id) { status suspensionNotice { decision reasons parentActions duration missedSessions { sessionId } } } }`,
      { id: currentAgreement },
    );
    expect(a.agreement.status).toBe('SUSPENDED');
    expect(a.agreement.suspensionNotice?.missedSessions).toHaveLength(3);
    expect(a.agreement.suspensionNotice?.duration).toMatch(/new contact agreement/);
    expect(a.agreement.suspensionNotice?.parentActions.join(' ')).toMatch(/social worker/);
    const friday = await ok<{ session: { status: string } }>(
      tokens.manager,
      `query($id: ID!) { session(id: $id) { status } }`,
      { id: sessions[4]!.id },
    );
    expect(friday.session.status).toBe('CANCELLED');
    expect(
      await refused(tokens.manager, BOOK, {
        input: {
          agreementId: currentAgreement,
          roomId: ids.room,
          supervisorId: ids.supervisor,
          kind: 'CONTACT',
          startsAt: london(addDaysToDateKey(week[0]!, 7), '19:30').toISOString(),
          endsAt: london(addDaysToDateKey(week[0]!, 7), '20:30').toISOString(),
        },
      }),
    ).toBe('AGREEMENT_SUSPENDED');
  });

  it('restarts contact only under a new agreement, after the social worker has met the parent', async () => {
    at(london(week[4]!, '10:00'));
    const suspended = currentAgreement;
    expect(await refused(tokens.sw, CREATE, { input: agreementInput() })).toBe('SUSPENSION_MEETING_REQUIRED');
    await ok(tokens.sw, MEET, {
      input: {
        agreementId: suspended,
        heldAt: london(week[4]!, '09:00').toISOString(),
        familyMemberIds: [ids.parent],
        otherAttendees: [],
        agreed: 'Tolu will ring the centre before 10am on any day she cannot come.',
      },
    });
    const created = (
      await ok<{ createAgreement: { id: string; version: number; supersedesId: string } }>(
        tokens.sw,
        CREATE,
        { input: agreementInput() },
      )
    ).createAgreement;
    expect(created.supersedesId).toBe(suspended);
    await ok(tokens.sw, SIGN, { id: created.id, v: created.version });
    currentAgreement = created.id;
    const next = await book(addDaysToDateKey(week[0]!, 7));
    at(london(addDaysToDateKey(week[0]!, 7), '19:14'));
    const arrived = await step(next, 'RECORD_PARENT_ARRIVAL', now);
    expect(arrived.status).toBe('PARENT_ARRIVED');
  });

  it('leaves a history the social worker can read in one query, with the evidence chain intact', async () => {
    const h = await ok<{
      childHistory: {
        edges: {
          node: {
            session: { id: string };
            attendance: { outcome: string } | null;
            observation: { status: string; amendments: { text: string }[] } | null;
            flags: { status: string }[];
          };
        }[];
        summary: { consecutiveUnexplainedAbsences: number; activeAgreementStatus: string | null };
      };
    }>(
      tokens.sw,
      `query($c: ID!) { childHistory(childId: $c, first: 50) { edges { node { session { id } attendance { outcome } observation { status amendments { text } } flags { status } } } summary { consecutiveUnexplainedAbsences activeAgreementStatus } } }`,
      { c: ids.child },
    );
    const byId = new Map(h.childHistory.edges.map((e) => [e.node.session.id, e.node]));
    const monday = byId.get(sessions[0]!.id)!;
    expect(monday.attendance?.outcome).toBe('ATTENDED');
    expect(monday.observation).toMatchObject({
      status: 'FINAL',
      amendments: [{ text: "Tolu's sister joined for the last ten minutes." }],
    });
    expect(monday.flags).toEqual([{ status: 'RESOLVED' }]);
    expect([1, 2, 3].map((i) => byId.get(sessions[i]!.id)!.attendance?.outcome)).toEqual(
      Array(3).fill('UNEXPLAINED_NO_SHOW'),
    );
    expect(h.childHistory.summary).toEqual({
      consecutiveUnexplainedAbsences: 0,
      activeAgreementStatus: 'ACTIVE',
    });
    const chain = await ok<{ verifyEvidenceChain: { intact: boolean } }>(
      tokens.sw,
      `query($c: ID!) { verifyEvidenceChain(childId: $c) { intact } }`,
      { c: ids.child },
    );
    expect(chain.verifyEvidenceChain.intact).toBe(true);
    const logged = await api.db.sql(
      `select count(*)::int as n from access_log where child_id = $1 and operation is not null`,
      [ids.child],
    );
    expect(logged.rows[0].n).toBeGreaterThan(0);
    expect(await refused(tokens.integrator, CREATE, { input: agreementInput() })).toBe('FORBIDDEN');
  });
});
