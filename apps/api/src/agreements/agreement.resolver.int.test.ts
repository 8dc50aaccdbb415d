import { addDaysToDateKey, fromLondonDateKey, londonDateKey, NO_ASSESSMENT_REASON } from '@kinroom/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type TestApi } from '../../test/api.js';

let api: TestApi;
let sw: string;
let otherSw: string;
let manager: string;
let integrator: string;
let supervisor: string;
let admin: string;
let eastmoorManager: string;
let ids: {
  centre: string;
  rooms: Record<string, string>;
  supervisor: string;
  leo: string;
  leoAgreement: string;
  marcus: string;
  maisie: string;
  jade: string;
  amara: string;
  efua: string;
};

const AGREEMENT_FIELDS = `id status version contactType supervisionLevel supervisionReasons riskFactors
  sessionsPerWeek sessionMinutes transportPlan travelSupport conditions reviewDate signedAt signedBy
  supersedesId endedAt endReason participants { familyMemberId firstName relationship }
  suspensionNotice { issuedAt decision reasons duration parentActions missedSessions { sessionId startsAt } }
  reviews { summary changes previousReviewDate nextReviewDate reviewedBy { name } }
  createdAt signedVia signatureRecordedAt
  suspensionMeetings { heldAt agreed otherAttendees familyAttendees { familyMemberId firstName } recordedBy { name } }`;

const CREATE = `mutation Create($input: CreateAgreementInput!) { createAgreement(input: $input) { ${AGREEMENT_FIELDS} } }`;
const SIGN = `mutation Sign($id: ID!, $by: String!, $v: Int!, $at: DateTimeISO, $via: SignatureMethod) {
  signAgreement(id: $id, signedBy: $by, expectedVersion: $v, signedAt: $at, signedVia: $via) { ${AGREEMENT_FIELDS} } }`;
const MEET = `mutation Meet($input: RecordSuspensionMeetingInput!) { recordSuspensionMeeting(input: $input) { ${AGREEMENT_FIELDS} } }`;
const CASELOAD = `query { myCaseload { child { id } reviewsDue { id }
  reviewReminders { reviewDate daysUntil overdue agreement { id } } } }`;
const REVIEW = `mutation Review($id: ID!, $input: ReviewAgreementInput!, $v: Int!) { reviewAgreement(id: $id, input: $input, expectedVersion: $v) { ${AGREEMENT_FIELDS} } }`;
const END = `mutation End($id: ID!, $reason: String!, $v: Int!) { endAgreement(id: $id, reason: $reason, expectedVersion: $v) { ${AGREEMENT_FIELDS} } }`;
const READ = `query Read($id: ID!) { agreement(id: $id) { ${AGREEMENT_FIELDS} } }`;
const BOOK = `mutation Book($input: BookSessionInput!) { bookSession(input: $input) { id version status startsAt } }`;
const STEP = `mutation Step($input: RecordSessionStepInput!) { recordSessionStep(input: $input) { id status version } }`;

interface Agreement {
  id: string;
  status: string;
  version: number;
  contactType: string;
  supervisionLevel: string;
  supervisionReasons: string[];
  supersedesId: string | null;
  endReason: string | null;
  signedAt: string | null;
  signedBy: string | null;
  signedVia: string | null;
  signatureRecordedAt: string | null;
  createdAt: string;
  reviewDate: string;
  participants: { familyMemberId: string; firstName: string; relationship: string }[];
  suspensionNotice: {
    decision: string;
    reasons: string[];
    duration: string;
    parentActions: string[];
    missedSessions: { sessionId: string; startsAt: string }[];
  } | null;
  reviews: { summary: string; changes: string[]; nextReviewDate: string; reviewedBy: { name: string } }[];
  suspensionMeetings: {
    heldAt: string;
    agreed: string;
    otherAttendees: string[];
    familyAttendees: { familyMemberId: string; firstName: string }[];
    recordedBy: { name: string };
  }[];
}

const today = () => londonDateKey(new Date());

/** A weekday evening well ahead, in London time, clear of school and office hours. */
function evening(daysAhead: number, clock = '18:00', minutes = 60) {
  let key = addDaysToDateKey(today(), daysAhead);
  while ([0, 6].includes(new Date(`${key}T12:00:00Z`).getUTCDay())) key = addDaysToDateKey(key, 1);
  const startsAt = fromLondonDateKey(key, clock);
  return {
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + minutes * 60_000).toISOString(),
  };
}

function input(over: Record<string, unknown> = {}) {
  return {
    childId: ids.leo,
    centreId: ids.centre,
    riskFactors: ['SUBSTANCE_MISUSE'],
    sessionsPerWeek: 2,
    sessionMinutes: 60,
    participantIds: [ids.marcus],
    transportPlan: 'The social worker books a taxi from the carers and back.',
    travelSupport: 'Bus fare refunded on receipt',
    conditions: ['Tell the centre before the session if you cannot attend', 'No alcohol or drugs'],
    reviewDate: addDaysToDateKey(today(), 90),
    ...over,
  };
}

async function rows(sql: string, params: unknown[] = []) {
  return (await api.db.sql(sql, params)).rows;
}

/** Counts of everything an agreement change could touch, to prove a refused request changed nothing. */
async function snapshot() {
  const [r] = await rows(`select
    (select count(*) from contact_agreement) as agreements,
    (select count(*) from agreement_participant) as participants,
    (select count(*) from agreement_review) as reviews,
    (select count(*) from event) as events,
    (select string_agg(id || status || version, ',' order by id) from contact_agreement) as states,
    (select count(*) from session where status = 'cancelled') as cancelled`);
  return r;
}

function code(r: { errors?: { extensions?: { code?: string } }[] }) {
  return r.errors?.[0]?.extensions?.code;
}

function field(r: { errors?: { extensions?: Record<string, unknown> }[] }) {
  return r.errors?.[0]?.extensions?.field;
}

beforeAll(async () => {
  api = await startTestApi();
  sw = await api.tokenFor(DEMO.socialWorker1);
  otherSw = await api.tokenFor(DEMO.socialWorker3);
  manager = await api.tokenFor(DEMO.manager);
  integrator = await api.tokenFor(DEMO.integrator);
  supervisor = await api.tokenFor(DEMO.supervisor1);
  admin = await api.tokenFor(DEMO.admin);
  eastmoorManager = await api.tokenFor(DEMO.otherManager);
  const centre = (await rows(`select id from centre where name like 'Coxford Road%'`))[0].id;
  const rooms = Object.fromEntries(
    (await rows(`select id, name from room where centre_id = $1`, [centre])).map((r) => [r.name, r.id]),
  );
  const child = async (first: string) =>
    (
      await rows(
        `select c.id as child, a.id as agreement, f.id as parent from child c
           join contact_agreement a on a.child_id = c.id
           join child_family_member cf on cf.child_id = c.id join family_member f on f.id = cf.family_member_id
          where c.first_name = $1`,
        [first],
      )
    )[0];
  const leo = await child('Leo');
  const maisie = await child('Maisie');
  const amara = await child('Amara');
  ids = {
    centre,
    rooms,
    supervisor: (await rows(`select id from staff_user where email = $1`, [DEMO.supervisor1]))[0].id,
    leo: leo.child,
    leoAgreement: leo.agreement,
    marcus: leo.parent,
    maisie: maisie.child,
    jade: maisie.parent,
    amara: amara.child,
    efua: amara.parent,
  };
});
afterAll(() => api.close());

describe('writing an agreement', () => {
  it('derives the contact type, level and reasons from the risks and stores them', async () => {
    const cases: [string[], string, string, string][] = [
      [['LOW_LEVEL_RISK', 'PLANNED_REHABILITATION'], 'SUPPORTED', 'SUPPORTED', 'Low-level risk'],
      [['SUBSTANCE_MISUSE', 'PLANNED_REHABILITATION'], 'SUPERVISED', 'SUPERVISED', 'Substance misuse'],
      [['ABDUCTION_RISK'], 'SUPERVISED', 'HIGH_VIGILANCE', 'Risk of abduction'],
      [[], 'SUPERVISED', 'SUPERVISED', NO_ASSESSMENT_REASON],
    ];
    for (const [riskFactors, contactType, level, reason] of cases) {
      const r = await api.gql<{ createAgreement: Agreement }>(sw, CREATE, { input: input({ riskFactors }) });
      expect(r.errors).toBeUndefined();
      const a = r.data!.createAgreement;
      expect(a).toMatchObject({ status: 'DRAFT', contactType, supervisionLevel: level, signedAt: null });
      expect(a.supervisionReasons.join(' ')).toContain(reason);
      expect(a.supersedesId).toBe(ids.leoAgreement);
      expect(a.participants).toEqual([
        { familyMemberId: ids.marcus, firstName: 'Marcus', relationship: 'father' },
      ]);
      const [stored] = await rows(
        `select contact_type, supervision_level, supervision_reasons from contact_agreement where id = $1`,
        [a.id],
      );
      expect(stored.supervision_level).toBe(level.toLowerCase());
      expect(stored.supervision_reasons).toEqual(a.supervisionReasons);
      // Drafts that are never signed are ended, so they do not clutter the walk below.
      await api.gql(sw, END, { id: a.id, reason: 'Written for the test of levels.', v: a.version });
    }
    const events = await rows(`select kind from event where topic = 'agreement' and kind = 'created'`);
    expect(events.length).toBeGreaterThanOrEqual(cases.length);
  });

  it('refuses bad input with a clear code and changes nothing', async () => {
    const before = await snapshot();
    const bad: [Record<string, unknown>, string][] = [
      [{ participantIds: [ids.jade] }, 'participantIds'],
      [{ participantIds: [] }, 'participantIds'],
      [{ sessionsPerWeek: 0 }, 'sessionsPerWeek'],
      [{ sessionMinutes: 600 }, 'sessionMinutes'],
      [{ transportPlan: '   ' }, 'transportPlan'],
      [{ reviewDate: today() }, 'reviewDate'],
      [{ reviewDate: '2026-02-30' }, 'reviewDate'],
    ];
    for (const [over, field] of bad) {
      const r = await api.gql(sw, CREATE, { input: input(over) });
      expect(code(r), JSON.stringify(over)).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0]?.extensions?.field).toBe(field);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('offers the social worker the council’s centres to write it for, and nobody else', async () => {
    const q = `query { agreementCentres { id name address } }`;
    const r = await api.gql<{ agreementCentres: { id: string; name: string }[] }>(sw, q);
    expect(r.data!.agreementCentres.map((c) => c.id)).toContain(ids.centre);
    const councils = await rows(`select distinct council_id from centre where id = any($1)`, [
      r.data!.agreementCentres.map((c) => c.id),
    ]);
    expect(councils).toHaveLength(1);
    expect(code(await api.gql(manager, q))).toBe('FORBIDDEN');
  });

  it('is for the child’s own social worker only', async () => {
    const before = await snapshot();
    expect(code(await api.gql(otherSw, CREATE, { input: input() }))).toBe('NOT_FOUND');
    expect(
      code(await api.gql(sw, CREATE, { input: input({ childId: '00000000-0000-4000-8000-000000000000' }) })),
    ).toBe('NOT_FOUND');
    expect(code(await api.gql(sw, CREATE, { input: input({ childId: 'not-an-id' }) }))).toBe('NOT_FOUND');
    for (const token of [manager, integrator, supervisor, admin, eastmoorManager]) {
      expect(code(await api.gql(token, CREATE, { input: input() }))).toBe('FORBIDDEN');
    }
    expect(code(await api.gql(null, CREATE, { input: input() }))).toBe('UNAUTHENTICATED');
    expect(await snapshot()).toEqual(before);
  });
});

describe('reading an agreement', () => {
  it('is for the social worker, the centre’s manager and the integrator; nobody else, nothing across councils', async () => {
    for (const token of [sw, manager, integrator]) {
      const r = await api.gql<{ agreement: Agreement }>(token, READ, { id: ids.leoAgreement });
      expect(r.errors).toBeUndefined();
      expect(r.data?.agreement.participants[0]?.firstName).toBe('Marcus');
    }
    expect(code(await api.gql(otherSw, READ, { id: ids.leoAgreement }))).toBe('NOT_FOUND');
    expect(code(await api.gql(eastmoorManager, READ, { id: ids.leoAgreement }))).toBe('NOT_FOUND');
    expect(code(await api.gql(supervisor, READ, { id: ids.leoAgreement }))).toBe('FORBIDDEN');
    expect(code(await api.gql(admin, READ, { id: ids.leoAgreement }))).toBe('FORBIDDEN');
    const logged = await rows(
      `select fields from access_log where child_id = $1 and operation = 'query agreement' order by id`,
      [ids.leo],
    );
    expect(logged.length).toBe(3);
    expect(logged[0].fields).toEqual(['agreement']);
  });
});

describe('an agreement’s life: signed, suspended by three strikes, replaced', () => {
  let first: Agreement;
  const booked: { id: string; version: number }[] = [];

  it('signs a new agreement, which ends the one it supersedes and cancels that one’s booked sessions', async () => {
    const upcoming = await rows(
      `select id from session where agreement_id = $1 and status = 'scheduled' and starts_at > now()`,
      [ids.leoAgreement],
    );
    expect(upcoming.length).toBeGreaterThan(0);
    const created = await api.gql<{ createAgreement: Agreement }>(sw, CREATE, { input: input() });
    first = created.data!.createAgreement;
    const draftBooking = await api.gql(manager, BOOK, {
      input: {
        agreementId: first.id,
        roomId: ids.rooms.Birch,
        supervisorId: ids.supervisor,
        kind: 'CONTACT',
        ...evening(20),
      },
    });
    expect(code(draftBooking)).toBe('AGREEMENT_NOT_ACTIVE');

    const stale = await api.gql(sw, SIGN, { id: first.id, by: 'Marcus Hart', v: first.version + 1 });
    expect(code(stale)).toBe('STALE_VERSION');

    const signed = await api.gql<{ signAgreement: Agreement }>(sw, SIGN, {
      id: first.id,
      by: 'Marcus Hart',
      v: first.version,
    });
    expect(signed.errors).toBeUndefined();
    first = signed.data!.signAgreement;
    expect(first).toMatchObject({
      status: 'ACTIVE',
      signedBy: 'Marcus Hart',
      supersedesId: ids.leoAgreement,
    });
    expect(first.signedAt).not.toBeNull();

    const old = (await api.gql<{ agreement: Agreement }>(sw, READ, { id: ids.leoAgreement })).data!.agreement;
    expect(old.status).toBe('ENDED');
    expect(old.endReason).toContain(first.id);
    const cancelled = await rows(
      `select status, cancellation_reason, cancelled_by_id is not null as by from session where id = any($1)`,
      [upcoming.map((u) => u.id)],
    );
    expect(
      cancelled.every((c) => c.status === 'cancelled' && c.cancellation_reason === 'other' && c.by),
    ).toBe(true);
    const events = await rows(
      `select topic, kind, subject_id from event where subject_id = any($1) order by id`,
      [[first.id, ids.leoAgreement, ...upcoming.map((u) => u.id)]],
    );
    expect(events.map((e) => `${e.topic}/${e.kind}`)).toEqual(
      expect.arrayContaining([
        'agreement/created',
        'agreement/signed',
        'agreement/ended',
        'session/cancelled',
      ]),
    );
    expect(events.filter((e) => e.kind === 'cancelled').length).toBe(upcoming.length);

    const again = await api.gql(sw, SIGN, { id: first.id, by: 'Marcus Hart', v: first.version });
    expect(code(again)).toBe('AGREEMENT_ILLEGAL_TRANSITION');
  });

  it('lets sessions be booked under the signed agreement', async () => {
    // A week apart, so that no two land on the same Monday when a weekend moves them on.
    for (const days of [21, 28, 35, 42]) {
      const r = await api.gql<{ bookSession: { id: string; version: number } }>(manager, BOOK, {
        input: {
          agreementId: first.id,
          roomId: ids.rooms.Birch,
          supervisorId: ids.supervisor,
          kind: 'CONTACT',
          ...evening(days),
        },
      });
      expect(r.errors).toBeUndefined();
      booked.push(r.data!.bookSession);
    }
  });

  it('suspends the agreement with its notice at the third unexplained no-show, and refuses bookings', async () => {
    // Time passes: the first three sessions are moved into the past (before any demo session), as if held then.
    for (const [k, s] of booked.slice(0, 3).entries()) {
      await api.db.sql(
        `update session set starts_at = now() - make_interval(days => $2) , ends_at = now() - make_interval(days => $2) + interval '1 hour'
          where id = $1`,
        [s.id, 40 - k * 3],
      );
    }
    for (const [k, s] of booked.slice(0, 3).entries()) {
      const r = await api.gql<{ recordSessionStep: { status: string } }>(manager, STEP, {
        input: { sessionId: s.id, expectedVersion: s.version, step: 'RECORD_NO_SHOW' },
      });
      expect(r.errors, `no-show ${k + 1}`).toBeUndefined();
      expect(r.data?.recordSessionStep.status).toBe('NOT_ATTENDED');
      const status = (await rows(`select status from contact_agreement where id = $1`, [first.id]))[0].status;
      expect(status).toBe(k < 2 ? 'active' : 'suspended');
    }
    const a = (await api.gql<{ agreement: Agreement }>(sw, READ, { id: first.id })).data!.agreement;
    expect(a.status).toBe('SUSPENDED');
    expect(a.suspensionNotice).not.toBeNull();
    expect(a.suspensionNotice!.decision).toMatch(/suspended/);
    expect(a.suspensionNotice!.parentActions.join(' ')).toMatch(/social worker/);
    expect(a.suspensionNotice!.missedSessions.map((m) => m.sessionId)).toEqual(
      booked.slice(0, 3).map((b) => b.id),
    );
    const fourth = await rows(`select status from session where id = $1`, [booked[3]!.id]);
    expect(fourth[0].status).toBe('cancelled');

    const before = await snapshot();
    const refused = await api.gql(manager, BOOK, {
      input: {
        agreementId: first.id,
        roomId: ids.rooms.Oak,
        supervisorId: ids.supervisor,
        kind: 'CONTACT',
        ...evening(30),
      },
    });
    expect(code(refused)).toBe('AGREEMENT_SUSPENDED');
    const resign = await api.gql(sw, SIGN, { id: first.id, by: 'Marcus Hart', v: a.version });
    expect(code(resign)).toBe('AGREEMENT_SUSPENDED');
    const changeTerms = await api.gql(sw, REVIEW, {
      id: first.id,
      v: a.version,
      input: { summary: 'More sessions?', nextReviewDate: addDaysToDateKey(today(), 30), sessionsPerWeek: 3 },
    });
    expect(code(changeTerms)).toBe('AGREEMENT_SUSPENDED');
    expect(await snapshot()).toEqual(before);

    const met = await api.gql<{ reviewAgreement: Agreement }>(sw, REVIEW, {
      id: first.id,
      v: a.version,
      input: {
        summary: 'Met Marcus; a new agreement will be written.',
        nextReviewDate: addDaysToDateKey(today(), 7),
      },
    });
    expect(met.errors).toBeUndefined();
    expect(met.data?.reviewAgreement).toMatchObject({
      status: 'SUSPENDED',
      reviewDate: addDaysToDateKey(today(), 7),
    });
    expect(met.data?.reviewAgreement.reviews.at(-1)).toMatchObject({
      summary: 'Met Marcus; a new agreement will be written.',
      changes: [],
      reviewedBy: { name: 'Aisha Khan' },
    });
    first = met.data!.reviewAgreement;
  });

  it('records the meeting with the parent after the suspension, and refuses one that cannot be true', async () => {
    const before = await snapshot();
    const early = await api.gql(sw, CREATE, { input: input({ sessionsPerWeek: 1 }) });
    expect(code(early)).toBe('SUSPENSION_MEETING_REQUIRED');
    expect(await snapshot()).toEqual(before);

    const issuedAt = (
      await rows(`select issued_at from suspension_notice where agreement_id = $1`, [first.id])
    )[0].issued_at as Date;
    const meeting = (over: Record<string, unknown> = {}) => ({
      input: {
        agreementId: first.id,
        heldAt: new Date().toISOString(),
        familyMemberIds: [ids.marcus],
        otherAttendees: ['Aisha Khan, social worker', ' '],
        agreed: 'Marcus will ring the centre by 10am on the day if he cannot come.',
        ...over,
      },
    });
    const meetings = async () =>
      (await rows(`select count(*)::int as n from suspension_meeting`))[0].n as number;
    const count = await meetings();
    for (const [over, expected] of [
      [{ heldAt: new Date(Date.now() + 3_600_000).toISOString() }, 'heldAt'],
      [{ heldAt: new Date(issuedAt.getTime() - 60_000).toISOString() }, 'heldAt'],
      [{ familyMemberIds: [ids.jade] }, 'familyMemberIds'],
      [{ familyMemberIds: [] }, 'familyMemberIds'],
      [{ agreed: '  ' }, 'agreed'],
    ] as const) {
      const r = await api.gql(sw, MEET, meeting(over));
      expect(code(r), JSON.stringify(over)).toBe('BAD_USER_INPUT');
      expect(field(r), JSON.stringify(over)).toBe(expected);
    }
    expect(code(await api.gql(otherSw, MEET, meeting()))).toBe('NOT_FOUND');
    expect(code(await api.gql(manager, MEET, meeting()))).toBe('FORBIDDEN');
    const maisieAgreement = (
      await rows(`select id from contact_agreement where child_id = $1`, [ids.maisie])
    )[0].id;
    expect(
      code(await api.gql(sw, MEET, meeting({ agreementId: maisieAgreement, familyMemberIds: [ids.jade] }))),
    ).toBe('AGREEMENT_ILLEGAL_TRANSITION');
    expect(await meetings()).toBe(count);

    const r = await api.gql<{ recordSuspensionMeeting: Agreement }>(sw, MEET, meeting());
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    expect(r.data!.recordSuspensionMeeting.status).toBe('SUSPENDED');
    expect(r.data!.recordSuspensionMeeting.suspensionMeetings).toEqual([
      expect.objectContaining({
        agreed: 'Marcus will ring the centre by 10am on the day if he cannot come.',
        otherAttendees: ['Aisha Khan, social worker'],
        familyAttendees: [{ familyMemberId: ids.marcus, firstName: 'Marcus' }],
        recordedBy: { name: 'Aisha Khan' },
      }),
    ]);
    const trail = await rows(
      `select (select count(*)::int from event where subject_id = $1 and kind = 'meeting_recorded') as events,
              (select count(*)::int from change_log where record_type = 'suspension_meeting' and changes->'agreementId'->>1 = $1::text) as changes`,
      [first.id],
    );
    expect(trail[0]).toEqual({ events: 1, changes: 1 });
    await expect(api.db.sql(`update suspension_meeting set agreed = 'changed'`)).rejects.toThrow();
    first = r.data!.recordSuspensionMeeting;
  });

  it('restarts contact only through a new agreement, once signed', async () => {
    const created = await api.gql<{ createAgreement: Agreement }>(sw, CREATE, {
      input: input({ sessionsPerWeek: 1 }),
    });
    const second = created.data!.createAgreement;
    expect(second.supersedesId).toBe(first.id);
    const signed = await api.gql<{ signAgreement: Agreement }>(sw, SIGN, {
      id: second.id,
      by: 'Marcus Hart',
      v: second.version,
    });
    expect(signed.data?.signAgreement.status).toBe('ACTIVE');
    const old = (await api.gql<{ agreement: Agreement }>(sw, READ, { id: first.id })).data!.agreement;
    expect(old.status).toBe('ENDED');
    expect(old.suspensionNotice).not.toBeNull();
    const r = await api.gql<{ bookSession: { status: string } }>(manager, BOOK, {
      input: {
        agreementId: second.id,
        roomId: ids.rooms.Oak,
        supervisorId: ids.supervisor,
        kind: 'CONTACT',
        ...evening(30),
      },
    });
    expect(r.errors).toBeUndefined();
    expect(r.data?.bookSession.status).toBe('SCHEDULED');
  });
});

describe('reviewing and ending', () => {
  let a: Agreement;

  beforeAll(async () => {
    const maisieAgreement = (
      await rows(`select id from contact_agreement where child_id = $1`, [ids.maisie])
    )[0].id;
    a = (await api.gql<{ agreement: Agreement }>(sw, READ, { id: maisieAgreement })).data!.agreement;
  });

  it('records a review with what it changed, and refuses a stale one', async () => {
    const next = addDaysToDateKey(today(), 45);
    const r = await api.gql<{ reviewAgreement: Agreement & { sessionMinutes: number } }>(sw, REVIEW, {
      id: a.id,
      v: a.version,
      input: {
        summary: 'Going well: longer sessions.',
        nextReviewDate: next,
        sessionMinutes: 90,
        sessionsPerWeek: 2,
      },
    });
    expect(r.errors).toBeUndefined();
    const reviewed = r.data!.reviewAgreement;
    expect(reviewed).toMatchObject({ status: 'ACTIVE', reviewDate: next, sessionMinutes: 90 });
    expect(reviewed.reviews.at(-1)?.changes).toEqual(['sessionMinutes: 60 → 90']);
    const stale = await api.gql(sw, REVIEW, {
      id: a.id,
      v: a.version,
      input: { summary: 'Again', nextReviewDate: next },
    });
    expect(code(stale)).toBe('STALE_VERSION');
    const past = await api.gql(sw, REVIEW, {
      id: a.id,
      v: reviewed.version,
      input: { summary: 'Again', nextReviewDate: addDaysToDateKey(today(), -1) },
    });
    expect(code(past)).toBe('BAD_USER_INPUT');
    expect(
      code(
        await api.gql(manager, REVIEW, {
          id: a.id,
          v: reviewed.version,
          input: { summary: 'x', nextReviewDate: next },
        }),
      ),
    ).toBe('FORBIDDEN');
    a = reviewed;
  });

  it('ends an agreement, cancelling its future sessions with events; an ended one cannot change', async () => {
    const future = await rows(
      `select id from session where agreement_id = $1 and status = 'scheduled' and starts_at > now()`,
      [a.id],
    );
    expect(code(await api.gql(sw, END, { id: a.id, reason: '  ', v: a.version }))).toBe('BAD_USER_INPUT');
    expect(code(await api.gql(otherSw, END, { id: a.id, reason: 'Case closed', v: a.version }))).toBe(
      'NOT_FOUND',
    );
    const r = await api.gql<{ endAgreement: Agreement }>(sw, END, {
      id: a.id,
      reason: 'Maisie returns home.',
      v: a.version,
    });
    expect(r.errors).toBeUndefined();
    expect(r.data?.endAgreement).toMatchObject({ status: 'ENDED', endReason: 'Maisie returns home.' });
    const after = await rows(`select status, cancellation_note from session where id = any($1)`, [
      future.map((f) => f.id),
    ]);
    expect(
      after.every((s) => s.status === 'cancelled' && s.cancellation_note.includes('Maisie returns home.')),
    ).toBe(true);
    const ev = await rows(
      `select count(*)::int as n from event where topic = 'session' and kind = 'cancelled' and subject_id = any($1)`,
      [future.map((f) => f.id)],
    );
    expect(ev[0].n).toBe(future.length);
    const ended = r.data!.endAgreement;
    expect(code(await api.gql(sw, END, { id: a.id, reason: 'again', v: ended.version }))).toBe(
      'AGREEMENT_ILLEGAL_TRANSITION',
    );
    expect(code(await api.gql(sw, SIGN, { id: a.id, by: 'Jade', v: ended.version }))).toBe(
      'AGREEMENT_ILLEGAL_TRANSITION',
    );
    expect(
      code(
        await api.gql(sw, REVIEW, {
          id: a.id,
          v: ended.version,
          input: { summary: 'x', nextReviewDate: addDaysToDateKey(today(), 9) },
        }),
      ),
    ).toBe('AGREEMENT_ILLEGAL_TRANSITION');
  });
});

describe('signing: who, when and how; and the review reminder on the caseload', () => {
  let draft: Agreement;
  let signed: Agreement;

  beforeAll(async () => {
    const r = await api.gql<{ createAgreement: Agreement }>(sw, CREATE, {
      input: input({
        childId: ids.amara,
        participantIds: [ids.efua],
        reviewDate: addDaysToDateKey(today(), 7),
      }),
    });
    draft = r.data!.createAgreement;
  });

  it('records when and how the parent signed, refusing a time in the future or before it was written', async () => {
    const before = await snapshot();
    const written = new Date(draft.createdAt);
    for (const at of [new Date(Date.now() + 3_600_000), new Date(written.getTime() - 60_000)]) {
      const r = await api.gql(sw, SIGN, {
        id: draft.id,
        by: 'Efua Osei',
        v: draft.version,
        at,
        via: 'BY_POST',
      });
      expect(code(r), at.toISOString()).toBe('BAD_USER_INPUT');
      expect(field(r)).toBe('signedAt');
    }
    const unknownWay = await api.gql(sw, SIGN, {
      id: draft.id,
      by: 'Efua Osei',
      v: draft.version,
      via: 'BY_PIGEON',
    });
    expect(unknownWay.errors).toBeDefined();
    expect(await snapshot()).toEqual(before);

    const r = await api.gql<{ signAgreement: Agreement }>(sw, SIGN, {
      id: draft.id,
      by: 'Efua Osei',
      v: draft.version,
      at: written.toISOString(),
      via: 'BY_POST',
    });
    expect(r.errors).toBeUndefined();
    signed = r.data!.signAgreement;
    expect(signed).toMatchObject({
      status: 'ACTIVE',
      signedBy: 'Efua Osei',
      signedVia: 'BY_POST',
      signedAt: written.toISOString(),
    });
    expect(Date.parse(signed.signatureRecordedAt!)).toBeGreaterThanOrEqual(written.getTime());
    const ev = await rows(`select payload from event where subject_id = $1 and kind = 'signed'`, [signed.id]);
    expect(ev[0].payload).toMatchObject({ signedVia: 'by_post', signedAt: written.toISOString() });
  });

  it('refuses to sign, before the parent was met, a draft that would replace a suspended agreement', async () => {
    const [tyler] = await rows(
      `select a.id, p.family_member_id from contact_agreement a
         join child c on c.id = a.child_id join agreement_participant p on p.agreement_id = a.id
        where c.first_name = 'Tyler' and a.status = 'suspended'`,
    );
    // A draft written before contact was suspended: put in place directly, as the API now refuses to write one.
    const [draftRow] = await rows(
      `insert into contact_agreement (id, council_id, child_id, centre_id, contact_type, supervision_level,
         supervision_reasons, risk_factors, sessions_per_week, session_minutes, transport_plan, conditions, status,
         review_date, created_by_id, created_at)
       select gen_random_uuid(), council_id, child_id, centre_id, contact_type, supervision_level, supervision_reasons,
              risk_factors, sessions_per_week, session_minutes, transport_plan, conditions, 'draft',
              current_date + 30, created_by_id, now() - interval '1 day'
         from contact_agreement where id = $1 returning id, version`,
      [tyler.id],
    );
    await api.db.sql(
      `insert into agreement_participant (council_id, agreement_id, family_member_id)
       select council_id, $2, $3 from contact_agreement where id = $1`,
      [tyler.id, draftRow.id, tyler.family_member_id],
    );
    const before = await snapshot();
    const r = await api.gql(sw, SIGN, {
      id: draftRow.id,
      by: 'Kerry Bennett',
      v: draftRow.version,
      via: 'IN_PERSON',
    });
    expect(code(r)).toBe('SUSPENSION_MEETING_REQUIRED');
    expect(await snapshot()).toEqual(before);
  });

  it('reminds the social worker of a review due within 7 days or overdue, not of one further off', async () => {
    type Entry = {
      child: { id: string };
      reviewsDue: { id: string }[];
      reviewReminders: {
        reviewDate: string;
        daysUntil: number;
        overdue: boolean;
        agreement: { id: string };
      }[];
    };
    const amara = async () =>
      (await api.gql<{ myCaseload: Entry[] }>(sw, CASELOAD)).data!.myCaseload.find(
        (e) => e.child.id === ids.amara,
      )!;
    expect((await amara()).reviewReminders).toEqual([
      {
        reviewDate: addDaysToDateKey(today(), 7),
        daysUntil: 7,
        overdue: false,
        agreement: { id: signed.id },
      },
    ]);

    await api.db.sql(`update contact_agreement set review_date = $2 where id = $1`, [
      signed.id,
      addDaysToDateKey(today(), -2),
    ]);
    expect((await amara()).reviewReminders).toEqual([
      expect.objectContaining({ daysUntil: -2, overdue: true, agreement: { id: signed.id } }),
    ]);

    const current = (await api.gql<{ agreement: Agreement }>(sw, READ, { id: signed.id })).data!.agreement;
    const reviewed = await api.gql(sw, REVIEW, {
      id: signed.id,
      v: current.version,
      input: { summary: 'Going well.', nextReviewDate: addDaysToDateKey(today(), 8) },
    });
    expect(reviewed.errors).toBeUndefined();
    const after = await amara();
    expect(after.reviewReminders).toEqual([]);
    expect(after.reviewsDue.map((a) => a.id)).toContain(signed.id);
  });
});
